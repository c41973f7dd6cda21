//! Above a list: its search box, "Search all pages", the list's menus (its
//! children: columns, views), "Export CSV" of the visible columns or of
//! every field, and a quiet "Loading…" while a new page is on its way.

use leptos::prelude::*;

/// The props are plain closures (one toolbar per list, nothing to share),
/// which keeps this out of the reactive system's generic code.
#[component]
pub fn ListToolbar<Search, OnSearch, AllPages, OnAllPages, OnExport, Walking, Busy>(
    /// Plural noun for labels: "groups".
    noun: &'static str,
    search: Search,
    on_search: OnSearch,
    /// Whether the search covers every page.
    all_pages: AllPages,
    on_all_pages: OnAllPages,
    on_export: OnExport,
    /// True while every page is being read (the export waits for it).
    walking: Walking,
    busy: Busy,
    children: Children,
) -> impl IntoView
where
    Search: Fn() -> String + Send + Sync + 'static,
    OnSearch: Fn(String) + 'static,
    AllPages: Fn() -> bool + Copy + Send + Sync + 'static,
    OnAllPages: Fn(bool) + 'static,
    // Called with whether every field is asked for (or the visible columns).
    OnExport: Fn(bool) + 'static,
    Walking: Fn() -> bool + Send + Sync + 'static,
    Busy: Fn() -> bool + Send + Sync + 'static,
{
    let fields = NodeRef::<leptos::html::Select>::new();
    view! {
        <div class="list-toolbar">
            <input type="search" class="search"
                placeholder=move || if all_pages() { "Search all pages…" } else { "Search this page…" }
                aria-label=move || if all_pages() { format!("Search all {noun}") } else { format!("Search {noun} on this page") }
                prop:value=search
                on:input=move |ev| on_search(event_target_value(&ev))/>
            <label class="check">
                <input type="checkbox" prop:checked=all_pages
                    on:change=move |ev| on_all_pages(event_target_checked(&ev))/>
                "Search all pages"
            </label>
            {children()}
            <span class="export">
                <label class="inline-field">"Export"
                    <select node_ref=fields>
                        <option value="visible" selected>"visible columns"</option>
                        <option value="all">"all fields"</option>
                    </select>
                </label>
                <button type="button" disabled=walking on:click=move |_| {
                    let all = fields.get_untracked().is_some_and(|s| s.value() == "all");
                    on_export(all)
                }>"Export CSV"</button>
            </span>
            <span class="busy" role="status">{move || busy().then_some("Loading…")}</span>
        </div>
    }
}
