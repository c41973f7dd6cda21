//! Above a list: its search box, "Search all pages", "Export CSV", and a
//! quiet "Loading…" while a new page is on its way.

use leptos::prelude::*;

#[component]
pub fn ListToolbar(
    /// Plural noun for labels: "groups".
    noun: &'static str,
    #[prop(into)] search: Signal<String>,
    on_search: Callback<String>,
    /// Whether the search covers every page; `None` when the list cannot
    /// be walked (then neither it nor the export is offered).
    #[prop(optional_no_strip)]
    all_pages: Option<Signal<bool>>,
    on_all_pages: Callback<bool>,
    on_export: Callback<()>,
    /// True while every page is being read (the export waits for it).
    #[prop(into)]
    walking: Signal<bool>,
    #[prop(into)] busy: Signal<bool>,
) -> impl IntoView {
    let all_mode = move || all_pages.is_some_and(|on| on.get());
    view! {
        <div class="list-toolbar">
            <input type="search" class="search"
                placeholder=move || if all_mode() { "Search all pages…" } else { "Search this page…" }
                aria-label=move || if all_mode() { format!("Search all {noun}") } else { format!("Search {noun} on this page") }
                prop:value=move || search.get()
                on:input=move |ev| on_search.run(event_target_value(&ev))/>
            {all_pages.map(|on| view! {
                <label class="check">
                    <input type="checkbox" prop:checked=move || on.get()
                        on:change=move |ev| on_all_pages.run(event_target_checked(&ev))/>
                    "Search all pages"
                </label>
                <button type="button" disabled=move || walking.get()
                    on:click=move |_| on_export.run(())>"Export CSV"</button>
            })}
            <span class="busy" role="status">{move || busy.get().then_some("Loading…")}</span>
        </div>
    }
}
