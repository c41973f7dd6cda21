//! Every list's table with its pager and empty states, whether the server
//! pages it (one page at hand) or all its rows are at hand (every page
//! walked, a fleet, a track's fixes): the loaded rows are searched and
//! sorted here, and paged here too when they are all in.

use std::sync::Arc;

use leptos::prelude::*;
use wasm_bindgen::JsCast;

use crate::components::column_chooser::ColumnLayout;
use crate::components::data_table::{visible_rows, DataTable, Header, RangeFrom, Row, Selection};
use crate::components::pager::Pager;
use crate::components::status::EmptyState;
use crate::list_query::{page_count, ListQuery};

/// What a table shows.
pub enum Rows {
    /// One page as the server sent it: `page` of a list of `total` items.
    Page {
        rows: Vec<Row>,
        page: u32,
        total: u64,
    },
    /// Every row of the list.
    All(Arc<Vec<Row>>),
}

#[component]
pub fn RowsTable(
    /// The table's accessible name.
    #[prop(into)]
    caption: String,
    /// Plural noun for messages: "devices".
    noun: &'static str,
    columns: Vec<Header>,
    rows: Rows,
    /// Search, sort, page and page size.
    #[prop(into)]
    state: Signal<ListQuery>,
    /// Called with the state the user asked for, and whether it replaces
    /// the current one (typing) rather than following it.
    on_state: Callback<(ListQuery, bool)>,
    /// What to suggest when the list is empty.
    #[prop(optional, into)]
    empty_hint: String,
    /// Headers sort the rows when clicked.
    #[prop(optional)]
    sortable: bool,
    #[prop(optional_no_strip)] selection: Option<Selection>,
    /// Where a shift-click's range starts (see `DataTable`).
    #[prop(optional_no_strip)]
    range_from: Option<RangeFrom>,
    /// One row can be picked (see `DataTable`).
    #[prop(optional)]
    pickable: bool,
    /// Called with a page the pointer or focus rests on (server pages).
    #[prop(optional_no_strip)]
    on_prefetch: Option<Callback<u32>>,
    /// The columns shown and their order, when the list lets them be chosen;
    /// `columns` and the rows' cells are in the list's own order.
    #[prop(optional_no_strip)]
    layout: Option<RwSignal<ColumnLayout>>,
) -> impl IntoView {
    let set = move |next: ListQuery, replace: bool| on_state.run((next, replace));
    let server_paged = matches!(rows, Rows::Page { .. });
    // Sorting every row starts again at its first page; a server page is
    // sorted where it is.
    let on_sort = sortable.then(|| {
        Callback::new(move |key| {
            let s = state.get_untracked().toggled_sort(key);
            let page = if server_paged { s.page } else { 1 };
            set(s.with_page(page), false)
        })
    });
    let on_page = Callback::new(move |page| set(state.get_untracked().with_page(page), false));
    // The page size chosen is remembered for this list (by its name), and a
    // visit whose URL leaves it at the default opens at the one remembered
    // (the URL then says so too).
    let on_limit = {
        let list = caption.clone();
        Callback::new(move |limit| {
            crate::prefs::remember_page_size(&list, limit);
            set(state.get_untracked().with_limit(limit), false)
        })
    };
    let s = state.get_untracked();
    let opened = s.clone().opened_with(crate::prefs::page_size(&caption));
    if opened != s {
        // After this render, not inside it.
        queue_microtask(move || set(opened, true));
    }
    // What the view below is drawn from. A server page is drawn from the
    // rows it came with: another page or page size (a click on Next) or
    // filter brings new rows and a new table, so drawing the old rows again
    // meanwhile only held the request back (about 25 ms for 100 rows, with
    // the layout); only a search or sort within the page redraws it.
    let drawn = {
        let first = state.get_untracked();
        Memo::new(move |_| {
            let s = state.get();
            if server_paged {
                ListQuery {
                    search: s.search,
                    sort: s.sort,
                    descending: s.descending,
                    ..first.clone()
                }
            } else {
                s
            }
        })
    };
    // Drawn again when that changes (a sort, a page of matches).
    move || {
        let s = drawn.get();
        let times = crate::clock::time_display();
        let clear_search = move |_| {
            let s = state.get_untracked().with_search(String::new());
            // Over every row, the matches start again at their first page.
            let page = if server_paged { s.page } else { 1 };
            set(s.with_page(page), true)
        };
        let (loaded, page, total) = match &rows {
            Rows::Page { rows, page, total } => (rows.as_slice(), (*page).max(1), *total),
            Rows::All(rows) => (rows.as_slice(), 1, rows.len() as u64),
        };
        let nothing = total == 0;
        let mut shown = visible_rows(&columns, loaded, &s.search, s.sort.as_deref(), s.descending);
        // The range the pager names: the page the server sent, or the page of
        // matches cut here when every row is at hand.
        let (page, count, total) = if server_paged {
            (page, loaded.len(), total)
        } else {
            let matches = shown.len() as u64;
            let page = s.page.min(page_count(matches, s.limit));
            let start = (page as usize - 1) * s.limit as usize;
            shown = shown
                .into_iter()
                .skip(start)
                .take(s.limit as usize)
                .collect();
            (page, shown.len(), matches)
        };
        let empty = if nothing {
            let hint = empty_hint.clone();
            Some(
                view! { <EmptyState title=format!("No {noun} yet.")><p>{hint}</p></EmptyState> }
                    .into_any(),
            )
        } else if loaded.is_empty() {
            Some(
                view! {
                    <EmptyState title="This page is past the end of the list.">
                        <button type="button" on:click=move |_| on_page.run(1)>"Go to the first page"</button>
                    </EmptyState>
                }
                .into_any(),
            )
        } else if shown.is_empty() {
            let title = if server_paged {
                format!("No {noun} on this page match “{}”.", s.search)
            } else {
                format!("No {noun} match “{}”.", s.search.trim())
            };
            Some(
                view! {
                    <EmptyState title=title>
                        <button type="button" on:click=clear_search>"Clear search"</button>
                    </EmptyState>
                }
                .into_any(),
            )
        } else {
            None
        };
        // Searched and sorted over every column, then cut to those shown.
        let (headers, shown) = match layout {
            Some(layout) => layout.with(|l| (l.shown(), l.cut(&columns, shown))),
            None => (columns.clone(), shown),
        };
        view! {
            {match empty {
                Some(empty) => empty,
                None => view! {
                    <DataTable caption=caption.clone() columns=headers rows=shown sort=s.sort.clone()
                        descending=s.descending on_sort=on_sort selection=selection range_from=range_from pickable=pickable
                        times=times/>
                }
                .into_any(),
            }}
            <Pager page=page limit=s.limit shown=count total=total noun=noun
                on_page=on_page on_limit=on_limit on_prefetch=on_prefetch/>
        }
        .into_any()
    }
}

/// Call right before a list draws its rows and pager anew (another page,
/// owners' names filled in, a walk's rows): the control inside the list
/// that has the keyboard focus (a pager button, a row's checkbox or link)
/// gets it back in the new drawing, which would otherwise drop it to the
/// page's start.
pub fn keep_focus_across_redraw() {
    let Some(document) = web_sys::window().and_then(|w| w.document()) else {
        return;
    };
    let Some(focused) = document.active_element() else {
        return;
    };
    let Some(list) = focused.closest(".list-body").ok().flatten() else {
        return;
    };
    let Some(key) = control_key(&focused) else {
        return;
    };
    give_back_focus(document, focused, list, key, 30);
}

/// Waits for the redraw (a frame at a time, at most `frames`): if it took
/// the focus away from `focused`, gives it to the same control in `list`.
fn give_back_focus(
    document: web_sys::Document,
    focused: web_sys::Element,
    list: web_sys::Element,
    key: (String, String),
    frames: u32,
) {
    request_animation_frame(move || {
        let active = document.active_element();
        let body: Option<web_sys::Element> = document.body().map(Into::into);
        if focused.is_connected() {
            // Not drawn anew yet, or kept; wait unless the user moved on.
            if active.as_ref() == Some(&focused) && frames > 0 {
                give_back_focus(document, focused, list, key, frames - 1);
            }
            return;
        }
        // The user went elsewhere meanwhile.
        if active.is_some() && active != body {
            return;
        }
        let Ok(candidates) = list.query_selector_all("a, button, input, select") else {
            return;
        };
        let same = (0..candidates.length())
            .filter_map(|i| candidates.item(i)?.dyn_into::<web_sys::HtmlElement>().ok())
            .find(|el| control_key(el).as_ref() == Some(&key));
        if let Some(el) = same {
            let _ = el.focus();
        }
    });
}

/// What tells a list's control from the others in a new drawing.
fn control_key(el: &web_sys::Element) -> Option<(String, String)> {
    let name = ["aria-label", "data-key", "href"]
        .iter()
        .find_map(|a| el.get_attribute(a))
        .or_else(|| el.text_content().filter(|t| !t.trim().is_empty()))?;
    Some((el.tag_name(), name))
}
