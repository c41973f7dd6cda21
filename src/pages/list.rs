//! The list view every list page shares: search, table, pager, and the
//! loading, empty and error states, with its state in the query string.

use std::rc::Rc;
use std::sync::Arc;

use futures::future::{AbortHandle, Abortable, LocalBoxFuture};
use leptos::prelude::*;
use leptos::task::spawn_local;
use leptos_router::hooks::{use_location, use_query_map};
use send_wrapper::SendWrapper;

use crate::api::walk::{self, Progress};
use crate::api::{Api, ApiError, ListPage, Paging};
use crate::clock::local_time;
use crate::components::data_table::{visible_rows, Column, DataTable, Row, Selection};
use crate::components::download::download;
use crate::components::pager::Pager;
use crate::components::status::PageProgress;
use crate::components::status::{errors_text, EmptyState, ErrorPanel, Loading};
use crate::export;
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

/// Every row of a list, walked page by page: for "Search all pages" and CSV
/// export. The page builds it from its `api::…` list call and row function.
#[derive(Clone)]
pub struct AllRows(SendWrapper<Rc<AllRowsFn>>);

type AllRowsFn =
    dyn Fn(Rc<dyn Fn(Progress)>) -> LocalBoxFuture<'static, Result<Vec<Row>, ApiError>>;

impl AllRows {
    pub fn new<F, Fut>(walk: F) -> Self
    where
        F: Fn(Rc<dyn Fn(Progress)>) -> Fut + 'static,
        Fut: std::future::Future<Output = Result<Vec<Row>, ApiError>> + 'static,
    {
        use futures::FutureExt;
        AllRows(SendWrapper::new(Rc::new(move |p| walk(p).boxed_local())))
    }
}

/// [`AllRows`] from a list's page call and its row function, e.g.
/// `all_rows_of(api, |api, p| async move { api::groups::list(&api, p).await }, group_row)`.
pub fn all_rows_of<T, F, Fut>(api: Api, list: F, row: fn(T) -> Row) -> AllRows
where
    T: 'static,
    F: Fn(Api, Paging) -> Fut + Clone + 'static,
    Fut: std::future::Future<Output = Result<ListPage<T>, ApiError>> + 'static,
{
    AllRows::new(move |progress: Rc<dyn Fn(Progress)>| {
        let (api, list) = (api.clone(), list.clone());
        async move {
            let items = walk::all(|p| list(api.clone(), p), |p| progress(p)).await?;
            Ok(items.into_iter().map(row).collect())
        }
    })
}

/// Fetches a page of the list into the query cache, answer unused: the
/// pager calls it when the pointer or focus rests on a page button, so the
/// click finds the page already in.
#[derive(Clone)]
pub struct Prefetch(SendWrapper<Rc<dyn Fn(Paging)>>);

/// [`Prefetch`] from a list's page call, e.g.
/// `prefetch_of(api, |api, p| async move { api::groups::list(&api, p).await })`.
pub fn prefetch_of<T, F, Fut>(api: Api, list: F) -> Prefetch
where
    T: 'static,
    F: Fn(Api, Paging) -> Fut + 'static,
    Fut: std::future::Future<Output = Result<ListPage<T>, ApiError>> + 'static,
{
    Prefetch(SendWrapper::new(Rc::new(move |paging| {
        let answer = list(api.clone(), paging);
        leptos::task::spawn_local(async move {
            // An error shows when the page itself is asked for.
            let _ = answer.await;
        });
    })))
}

/// A plain list page's data from one `api::…` list call: the page of rows
/// the URL asks for (a resource following `paging`), every row (search of
/// all pages, CSV) and the pager's fetch-ahead.
pub struct ListSource {
    pub data: LocalResource<Result<TablePage, ApiError>>,
    pub all_rows: AllRows,
    pub prefetch: Prefetch,
}

pub fn list_source<T, F, Fut>(
    api: Api,
    paging: Memo<Paging>,
    list: F,
    row: fn(T) -> Row,
) -> ListSource
where
    T: 'static,
    F: Fn(Api, Paging) -> Fut + Clone + 'static,
    Fut: std::future::Future<Output = Result<ListPage<T>, ApiError>> + 'static,
{
    let data = LocalResource::new({
        let (api, list) = (api.clone(), list.clone());
        move || {
            let page = list(api.clone(), paging.get());
            async move { Ok(TablePage::from_list(page.await?, row)) }
        }
    });
    ListSource {
        data,
        all_rows: all_rows_of(api.clone(), list.clone(), row),
        prefetch: prefetch_of(api, list),
    }
}

/// What to do once every row is in.
#[derive(Clone, Copy, PartialEq)]
enum AfterWalk {
    Show,
    Export,
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
    /// Offers "Search all pages" and "Export CSV" when given.
    #[prop(optional)]
    all_rows: Option<AllRows>,
    /// The view's name for the export's file: "users in Sales".
    #[prop(optional, into)]
    export_name: String,
    /// Lets the user tick rows (e.g. devices to push to).
    #[prop(optional)]
    selection: Option<Selection>,
    /// Fetches a page ahead of a click on the pager.
    #[prop(optional)]
    prefetch: Option<Prefetch>,
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
    let on_prefetch = prefetch.map(|prefetch| {
        Callback::new(move |page: u32| {
            // Not the page on screen: it is in already.
            let s = state.get_untracked();
            if page != s.page {
                (prefetch.0)(s.with_page(page).paging());
            }
        })
    });

    // Every row, once walked; kept while the view lives (the API cache
    // keeps the pages for a quick second walk too).
    let all: RwSignal<Option<Arc<Vec<Row>>>> = RwSignal::new(None);
    let walking = RwSignal::new(None::<Progress>);
    let walk_error = RwSignal::new(None::<String>);
    let abort = StoredValue::new(None::<AbortHandle>);
    let export_columns = columns.clone();
    let export_file = export::file_stem(if export_name.is_empty() {
        noun
    } else {
        &export_name
    });
    let export_now = move |rows: &[Row]| {
        let s = state.get_untracked();
        let shown = visible_rows(
            &export_columns,
            rows,
            &s.search,
            s.sort.as_deref(),
            s.descending,
        );
        let header: Vec<&str> = export_columns.iter().map(|c| c.label).collect();
        let csv = export::to_csv(
            &header,
            shown.into_iter().map(|r| {
                r.cells
                    .into_iter()
                    .map(|c| c.moment.map(local_time).unwrap_or(c.text))
                    .collect::<Vec<_>>()
            }),
        );
        download(&format!("{export_file}.csv"), "text/csv", &csv);
    };
    let start_walk = {
        let all_rows = all_rows.clone();
        let export_now = export_now.clone();
        move |after: AfterWalk| {
            let Some(all_rows) = all_rows.clone() else {
                return;
            };
            if let Some(rows) = all.get_untracked() {
                if after == AfterWalk::Export {
                    export_now(&rows);
                }
                return;
            }
            if walking.get_untracked().is_some() {
                return;
            }
            walking.set(Some(Progress::default()));
            walk_error.set(None);
            let (handle, registration) = AbortHandle::new_pair();
            abort.set_value(Some(handle));
            let export_now = export_now.clone();
            let walk = (all_rows.0)(Rc::new(move |p| walking.set(Some(p))));
            spawn_local(async move {
                let outcome = Abortable::new(walk, registration).await;
                walking.set(None);
                match outcome {
                    Ok(Ok(rows)) => {
                        if after == AfterWalk::Export {
                            export_now(&rows);
                        }
                        all.set(Some(Arc::new(rows)));
                    }
                    Ok(Err(e)) => walk_error.set(Some(e.to_string())),
                    Err(_aborted) => {}
                }
            });
        }
    };
    let cancel_walk = Callback::new(move |_| {
        if let Some(handle) = abort.try_update_value(Option::take).flatten() {
            handle.abort();
        }
        walking.set(None);
        if state.get_untracked().all_pages {
            set_state(state.get_untracked().with_all_pages(false), true);
        }
    });
    on_cleanup(move || {
        if let Some(handle) = abort.try_update_value(Option::take).flatten() {
            handle.abort();
        }
    });
    // "All pages" in the URL (a reload, a shared link) starts the walk.
    Effect::new({
        let start_walk = start_walk.clone();
        move |_| {
            if state.with(|s| s.all_pages) {
                start_walk(AfterWalk::Show);
            }
        }
    });
    let offer_all = all_rows.is_some();

    let all_table = {
        let (columns, caption) = (columns.clone(), caption.clone());
        move || {
            let rows = all.get()?;
            let s = state.get();
            let shown = visible_rows(&columns, &rows, &s.search, s.sort.as_deref(), s.descending);
            let summary = if s.search.trim().is_empty() {
                format!("All {} {noun}", rows.len())
            } else {
                format!(
                    "{} of {} {noun} match “{}”",
                    shown.len(),
                    rows.len(),
                    s.search.trim()
                )
            };
            Some(view! {
                {if shown.is_empty() {
                    view! { <EmptyState title=format!("No {noun} match “{}”.", s.search.trim())>
                        <button type="button" on:click=move |_| set_state(state.get_untracked().with_search(String::new()), true)>
                            "Clear search"
                        </button>
                    </EmptyState> }.into_any()
                } else {
                    view! { <DataTable caption=caption.clone() columns=columns.clone() rows=shown sort=s.sort.clone()
                        descending=s.descending on_sort=on_sort selection=selection/> }.into_any()
                }}
                <p class="pager"><span class="range" aria-live="polite">{summary}</span></p>
            })
        }
    };

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
                            descending=s.descending on_sort=on_sort selection=selection/>
                    }
                    .into_any()
                };
                view! {
                    {body}
                    <Pager page=table.page.max(1) limit=s.limit shown=table.rows.len() total=table.total
                        on_page=on_page on_limit=on_limit on_prefetch=on_prefetch/>
                }
            })
        })
    };

    let all_mode = move || state.with(|s| s.all_pages);
    let show_all = move || all_mode() && all.with(Option::is_some);
    let start_export = start_walk.clone();
    view! {
        <div class="list-toolbar">
            <input type="search" class="search"
                placeholder=move || if all_mode() { "Search all pages…" } else { "Search this page…" }
                aria-label=move || if all_mode() { format!("Search all {noun}") } else { format!("Search {noun} on this page") }
                prop:value=move || state.with(|s| s.search.clone())
                on:input=move |ev| set_state(state.get_untracked().with_search(event_target_value(&ev)), true)/>
            {offer_all.then(|| view! {
                <label class="check">
                    <input type="checkbox" prop:checked=all_mode
                        on:change=move |ev| {
                            let on = event_target_checked(&ev);
                            set_state(state.get_untracked().with_all_pages(on), true);
                        }/>
                    "Search all pages"
                </label>
                <button type="button" disabled=move || walking.get().is_some()
                    on:click=move |_| start_export(AfterWalk::Export)>"Export CSV"</button>
            })}
            <span class="busy" role="status">{move || pending.get().then_some("Loading…")}</span>
        </div>
        {move || walking.get().map(|_| view! {
            <PageProgress label=format!("Loading every {}", noun.trim_end_matches('s'))
                progress=Signal::derive(move || walking.get().unwrap_or_default()) on_cancel=cancel_walk/>
        })}
        {move || walk_error.get().map(|e| view! { <ErrorPanel message=e/> })}
        <div class="list-body" aria-busy=move || pending.get().to_string()>
            <Show when=show_all fallback=move || {
                let table = table.clone();
                view! {
                    <Transition fallback=move || view! { <Loading label=format!("Loading {noun}…")/> } set_pending=pending>
                        <ErrorBoundary fallback=move |errors| view! {
                            <ErrorPanel message=errors_text(&errors.read()) on_retry=retry/>
                        }>
                            {table.clone()}
                        </ErrorBoundary>
                    </Transition>
                }
            }>
                {all_table.clone()}
            </Show>
        </div>
    }
}
