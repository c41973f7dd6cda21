//! The filters a list applies, one removable chip each, and "Clear all".

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
