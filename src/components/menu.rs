//! A button that opens a panel over the page (a list's columns and views,
//! the header's times): the button says whether it is open and what it
//! controls; Escape (or the panel's Done) closes it and gives the focus back
//! to the button; the button again or a click elsewhere closes it too.

use leptos::ev;
use leptos::html::{Button, Div};
use leptos::prelude::*;
use wasm_bindgen::JsCast;

/// Whether a menu is open, and its button: what its panel's Done needs.
#[derive(Clone, Copy)]
pub struct MenuState {
    open: RwSignal<bool>,
    button: NodeRef<Button>,
}

impl Default for MenuState {
    fn default() -> Self {
        MenuState {
            open: RwSignal::new(false),
            button: NodeRef::new(),
        }
    }
}

impl MenuState {
    /// Closes the menu and puts the focus back on its button.
    pub fn close(&self) {
        self.open.set(false);
        if let Some(button) = self.button.get_untracked() {
            let _ = button.focus();
        }
    }

    /// Closes the menu, the focus left where it went (a click elsewhere,
    /// a link followed from the panel).
    pub fn dismiss(&self) {
        self.open.set(false);
    }
}

#[component]
pub fn Menu(
    /// The button's text.
    label: &'static str,
    /// The panel's id and accessible name (a group).
    #[prop(into)]
    id: String,
    #[prop(into)] panel_label: String,
    state: MenuState,
    /// The panel lines up with the button's right end (for the header).
    #[prop(optional)]
    end: bool,
    #[prop(optional)] button_class: &'static str,
    /// Called as it opens (to read what the panel shows).
    #[prop(optional_no_strip)]
    on_open: Option<Callback<()>>,
    children: ChildrenFn,
) -> impl IntoView {
    let MenuState { open, button } = state;
    let wrapper = NodeRef::<Div>::new();
    let outside = window_event_listener(ev::pointerdown, move |ev| {
        if !open.get_untracked() {
            return;
        }
        let inside = match (wrapper.get_untracked(), ev.target()) {
            (Some(menu), Some(target)) => target
                .dyn_ref::<web_sys::Node>()
                .is_some_and(|node| menu.contains(Some(node))),
            _ => false,
        };
        if !inside {
            state.dismiss();
        }
    });
    on_cleanup(move || outside.remove());
    let toggle = move |_| {
        if !open.get_untracked() {
            if let Some(on_open) = on_open {
                on_open.run(());
            }
        }
        open.update(|o| *o = !*o);
    };
    let on_key = move |ev: web_sys::KeyboardEvent| {
        if ev.key() == "Escape" && open.get_untracked() {
            ev.prevent_default();
            state.close();
        }
    };
    let class = if end {
        "menu-panel menu-panel-end"
    } else {
        "menu-panel"
    };
    let panel_id = id.clone();
    view! {
        <div class="menu" node_ref=wrapper on:keydown=on_key>
            <button type="button" class=button_class node_ref=button
                aria-expanded=move || open.get().to_string() aria-controls=id on:click=toggle>{label}</button>
            <Show when=move || open.get()>
                <div id=panel_id.clone() class=class role="group" aria-label=panel_label.clone()>
                    {children()}
                </div>
            </Show>
        </div>
    }
}

/// `Devices list` → `devices-list`: a name as part of an element id.
pub fn id_part(text: &str) -> String {
    text.chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() {
                c.to_ascii_lowercase()
            } else {
                '-'
            }
        })
        .collect()
}
