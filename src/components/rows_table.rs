//! A list whose rows are all at hand (every page walked, a fleet, a track's
//! fixes): searched, sorted and paged here, with the same table and pager
//! as a list paged by the server.

use std::sync::Arc;

use leptos::prelude::*;

use crate::components::data_table::{visible_rows, DataTable, Header, Pick, Row, Selection};
use crate::components::pager::Pager;
use crate::components::status::EmptyState;
use crate::list_query::{page_count, ListQuery};

#[component]
pub fn RowsTable(
    /// The table's accessible name.
    #[prop(into)]
    caption: String,
    /// Plural noun for messages: "devices".
    noun: &'static str,
    columns: Vec<Header>,
    rows: Arc<Vec<Row>>,
    /// Search, sort, page and page size.
    #[prop(into)]
    state: Signal<ListQuery>,
    /// Called with the state the user asked for.
    on_state: Callback<ListQuery>,
    /// Headers sort the rows when clicked.
    #[prop(optional)]
    sortable: bool,
    #[prop(optional_no_strip)] selection: Option<Selection>,
    #[prop(optional_no_strip)] pick: Option<Pick>,
) -> impl IntoView {
    let on_sort = sortable.then(|| {
        Callback::new(move |key: &'static str| {
            on_state.run(state.get_untracked().toggled_sort(key).with_page(1))
        })
    });
    let on_page =
        Callback::new(move |page: u32| on_state.run(state.get_untracked().with_page(page)));
    let on_limit =
        Callback::new(move |limit: u32| on_state.run(state.get_untracked().with_limit(limit)));
    let clear_search = move |_| {
        on_state.run(
            state
                .get_untracked()
                .with_search(String::new())
                .with_page(1),
        )
    };
    move || {
        let s = state.get();
        if rows.is_empty() {
            return view! { <EmptyState title=format!("No {noun}.")/> }.into_any();
        }
        let shown = visible_rows(&columns, &rows, &s.search, s.sort.as_deref(), s.descending);
        if shown.is_empty() {
            return view! {
                <EmptyState title=format!("No {noun} match “{}”.", s.search.trim())>
                    <button type="button" on:click=clear_search>"Clear search"</button>
                </EmptyState>
            }
            .into_any();
        }
        let total = shown.len() as u64;
        let page = s.page.min(page_count(total, s.limit));
        let start = (page as usize - 1) * s.limit as usize;
        let page_rows: Vec<Row> = shown
            .into_iter()
            .skip(start)
            .take(s.limit as usize)
            .collect();
        let count = page_rows.len();
        view! {
            <DataTable caption=caption.clone() columns=columns.clone() rows=page_rows sort=s.sort.clone()
                descending=s.descending on_sort=on_sort selection=selection pick=pick/>
            <Pager page=page limit=s.limit shown=count total=total on_page=on_page on_limit=on_limit/>
        }
        .into_any()
    }
}
