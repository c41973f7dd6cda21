use leptos::prelude::*;

use crate::list_query::{page_count, range_label, ListQuery};

/// "41–60 of 153", first/previous/next/last, and the page size.
#[component]
pub fn Pager(
    page: u32,
    limit: u32,
    shown: usize,
    total: u64,
    /// Plural noun of what is paged ("devices"): names the pager, so a page
    /// with two lists has two landmarks told apart.
    noun: &'static str,
    /// Called with the page to show.
    on_page: Callback<u32>,
    on_limit: Callback<u32>,
    /// Called with a page the pointer or focus rests on, so it can be
    /// fetched before the click.
    #[prop(optional_no_strip)]
    on_prefetch: Option<Callback<u32>>,
) -> impl IntoView {
    let last = page_count(total, limit);
    let button = move |label: &'static str, text: &'static str, to: u32, enabled: bool| {
        view! {
            <button type="button" aria-label=label title=label disabled=!enabled
                on:click=move |_| on_page.run(to)
                on:pointerenter=move |_| if let Some(f) = on_prefetch { f.run(to) }
                on:focus=move |_| if let Some(f) = on_prefetch { f.run(to) }>{text}</button>
        }
    };
    view! {
        <nav class="pager" aria-label=format!("Pagination of {noun}")>
            <span class="range" aria-live="polite">{range_label(page, limit, shown, total)}</span>
            <span class="pager-buttons">
                {button("First page", "«", 1, page > 1)}
                {button("Previous page", "‹", page.saturating_sub(1).max(1), page > 1)}
                <span class="page-of">{format!("Page {page} of {last}")}</span>
                {button("Next page", "›", page + 1, page < last)}
                {button("Last page", "»", last, page < last)}
            </span>
            <label class="page-size">
                "Rows per page "
                <select on:change=move |ev| {
                    if let Ok(size) = event_target_value(&ev).parse() {
                        on_limit.run(size);
                    }
                }>
                    {ListQuery::SIZES.iter().map(|size| view! {
                        <option value=size.to_string() selected=*size == limit>{size.to_string()}</option>
                    }).collect_view()}
                </select>
            </label>
        </nav>
    }
}
