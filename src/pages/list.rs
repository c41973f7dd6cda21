//! The list view every list page shares: search, table, pager, and the
//! loading, empty and error states, with its state in the query string.

use leptos::prelude::*;
use leptos_router::hooks::{use_location, use_query_map};

use crate::api::{ApiError, ListPage};
use crate::components::data_table::{visible_rows, Column, DataTable, Row};
use crate::components::pager::Pager;
use crate::components::status::{errors_text, EmptyState, ErrorPanel, Loading};
use crate::list_query::ListQuery;
use crate::paths;

/// One page of rows, ready for the table.
#[derive(Clone, Debug, PartialEq)]
pub struct TablePage {
    pub rows: Vec<Row>,
    pub page: u32,
    pub total: u64,
}

impl TablePage {
    /// An API page turned into rows by `row`.
    pub fn from_list<T>(page: ListPage<T>, row: impl Fn(T) -> Row) -> Self {
        TablePage {
            rows: page.items.into_iter().map(row).collect(),
            page: page.page,
            total: page.total,
        }
    }
}

/// The list's state from the query string.
pub fn use_list_query() -> Memo<ListQuery> {
    let query = use_query_map();
    Memo::new(move |_| query.with(|q| ListQuery::parse(|k| q.get(k))))
}

#[component]
pub fn ListView(
    /// Plural noun for labels: "groups".
    noun: &'static str,
    columns: Vec<Column>,
    data: LocalResource<Result<TablePage, ApiError>>,
    state: Memo<ListQuery>,
    /// What to suggest when the list is empty.
    #[prop(optional, into)]
    empty_hint: String,
) -> impl IntoView {
    let location = use_location();
    let go = paths::use_go();
    let navigate = Callback::new(move |(next, replace): (ListQuery, bool)| {
        let path = location.pathname.get_untracked();
        go(&format!("{path}{}", next.to_query_string()), replace);
    });
    let set_state = move |next: ListQuery, replace: bool| navigate.run((next, replace));
    let pending = RwSignal::new(false);
    let caption = {
        let mut c = noun.to_string();
        c[..1].make_ascii_uppercase();
        c
    };
    let on_sort = Callback::new(move |key: &'static str| {
        set_state(state.get_untracked().toggled_sort(key), false)
    });
    let on_page =
        Callback::new(move |page: u32| set_state(state.get_untracked().with_page(page), false));
    let on_limit =
        Callback::new(move |limit: u32| set_state(state.get_untracked().with_limit(limit), false));
    let retry = Callback::new(move |_| data.refetch());

    let table = move || {
        let columns = columns.clone();
        let caption = caption.clone();
        let empty_hint = empty_hint.clone();
        Suspend::new(async move {
            data.await.map(|table| {
                let s = state.get();
                let rows = visible_rows(&columns, &table.rows, &s.search, s.sort.as_deref(), s.descending);
                let body = if table.total == 0 {
                    view! {
                        <EmptyState title=format!("No {noun} yet.")><p>{empty_hint}</p></EmptyState>
                    }
                    .into_any()
                } else if table.rows.is_empty() {
                    view! {
                        <EmptyState title="This page is past the end of the list.">
                            <button type="button" on:click=move |_| on_page.run(1)>"Go to the first page"</button>
                        </EmptyState>
                    }
                    .into_any()
                } else if rows.is_empty() {
                    view! {
                        <EmptyState title=format!("No {noun} on this page match “{}”.", s.search)>
                            <button type="button" on:click=move |_| set_state(state.get_untracked().with_search(String::new()), true)>
                                "Clear search"
                            </button>
                        </EmptyState>
                    }
                    .into_any()
                } else {
                    view! {
                        <DataTable caption=caption columns=columns rows=rows sort=s.sort.clone()
                            descending=s.descending on_sort=on_sort/>
                    }
                    .into_any()
                };
                view! {
                    {body}
                    <Pager page=table.page.max(1) limit=s.limit shown=table.rows.len() total=table.total
                        on_page=on_page on_limit=on_limit/>
                }
            })
        })
    };

    view! {
        <div class="list-toolbar">
            <input type="search" class="search" placeholder="Search this page…"
                aria-label=format!("Search {noun} on this page")
                prop:value=move || state.with(|s| s.search.clone())
                on:input=move |ev| set_state(state.get_untracked().with_search(event_target_value(&ev)), true)/>
            <span class="busy" role="status">{move || pending.get().then_some("Loading…")}</span>
        </div>
        <div class="list-body" aria-busy=move || pending.get().to_string()>
            <Transition fallback=move || view! { <Loading label=format!("Loading {noun}…")/> } set_pending=pending>
                <ErrorBoundary fallback=move |errors| view! {
                    <ErrorPanel message=errors_text(&errors.read()) on_retry=retry/>
                }>
                    {table.clone()}
                </ErrorBoundary>
            </Transition>
        </div>
    }
}
