//! The filters a list applies, one removable chip each, and "Clear all";
//! the closed panel their form sits in.

use leptos::prelude::*;

#[component]
pub fn FilterChips(
    /// Each filter's key and what it says ("Platform: iOS").
    #[prop(into)]
    chips: Signal<Vec<(&'static str, String)>>,
    on_remove: Callback<&'static str>,
    on_clear: Callback<()>,
) -> impl IntoView {
    move || {
        let chips = chips.get();
        (!chips.is_empty()).then(|| {
        let chips = chips
            .into_iter()
            .map(|(key, label)| {
                let name = format!("Remove the filter {label}");
                view! {
                    <li class="chip">
                        <span>{label}</span>
                        <button type="button" class="chip-remove" aria-label=name title="Remove"
                            on:click=move |_| on_remove.run(key)>"×"</button>
                    </li>
                }
            })
            .collect_view();
        view! {
            <div class="chips">
                <ul aria-label="Filters">{chips}</ul>
                <button type="button" class="link-button" on:click=move |_| on_clear.run(())>"Clear all"</button>
            </div>
        }
        })
    }
}

/// A list's filter form under a closed disclosure ("Filter devices"), built
/// the first time it is opened: closed, it shows nothing, and on a page load
/// its fields and pickers were code run (and compiled by the browser) before
/// the first rows. The form's values live in signals its page owns, so
/// closing and opening again keeps what was typed.
#[component]
pub fn FilterPanel(summary: &'static str, children: ChildrenFn) -> impl IntoView {
    let opened = RwSignal::new(false);
    let on_toggle = move |ev: leptos::ev::Event| {
        let open = event_target::<web_sys::Element>(&ev).has_attribute("open");
        if open && !opened.get_untracked() {
            opened.set(true);
        }
    };
    view! {
        <details class="filters" on:toggle=on_toggle>
            <summary>{summary}</summary>
            <Show when=move || opened.get()>{children()}</Show>
        </details>
    }
}
