//! A modal dialog over a dimmed page: `role="dialog"` with `aria-modal`,
//! Tab and Shift+Tab kept among its own controls, Escape or a click on the
//! backdrop closes it. Whoever opens it puts the focus in it and gives it
//! back on close (see `app::shortcuts::Dialogs`).

use leptos::ev::{KeyboardEvent, MouseEvent};
use leptos::html::Div;
use leptos::prelude::*;
use wasm_bindgen::JsCast;

const FOCUSABLE: &str =
    "input:not([disabled]), button:not([disabled]), a[href], [tabindex]:not([tabindex=\"-1\"])";

#[component]
pub fn Modal(
    /// The dialog's accessible name, when no heading inside names it.
    #[prop(optional)]
    label: Option<&'static str>,
    /// The id of the heading inside that names it.
    #[prop(optional)]
    labelled_by: Option<&'static str>,
    class: &'static str,
    on_close: Callback<()>,
    children: Children,
) -> impl IntoView {
    let panel = NodeRef::<Div>::new();
    let on_keydown = move |ev: KeyboardEvent| match ev.key().as_str() {
        "Escape" => {
            ev.prevent_default();
            ev.stop_propagation();
            on_close.run(());
        }
        "Tab" => {
            if let Some(panel) = panel.get_untracked() {
                keep_tab_inside(&ev, &panel);
            }
        }
        _ => {}
    };
    let on_backdrop = move |ev: MouseEvent| {
        // Only a press on the backdrop itself, not one inside the dialog.
        if ev.target() == ev.current_target() {
            on_close.run(());
        }
    };
    view! {
        <div class="modal-backdrop" on:mousedown=on_backdrop>
            <div class=class role="dialog" aria-modal="true" aria-label=label
                aria-labelledby=labelled_by node_ref=panel on:keydown=on_keydown>
                {children()}
            </div>
        </div>
    }
}

/// Tab from the last control goes to the first, Shift+Tab from the first to
/// the last: the focus never leaves for the page behind.
fn keep_tab_inside(ev: &KeyboardEvent, panel: &web_sys::HtmlElement) {
    let Ok(found) = panel.query_selector_all(FOCUSABLE) else {
        return;
    };
    let controls: Vec<web_sys::HtmlElement> = (0..found.length())
        .filter_map(|i| found.item(i))
        .filter_map(|n| n.dyn_into::<web_sys::HtmlElement>().ok())
        .filter(|el| !el.hidden())
        .collect();
    let (Some(first), Some(last)) = (controls.first(), controls.last()) else {
        ev.prevent_default();
        return;
    };
    let active = document().active_element();
    let at = |el: &web_sys::HtmlElement| {
        active
            .as_ref()
            .is_some_and(|a| a == el.unchecked_ref::<web_sys::Element>())
    };
    let inside = active.as_ref().is_some_and(|a| panel.contains(Some(a)));
    if ev.shift_key() && (at(first) || !inside) {
        ev.prevent_default();
        let _ = last.focus();
    } else if !ev.shift_key() && (at(last) || !inside) {
        ev.prevent_default();
        let _ = first.focus();
    }
}
