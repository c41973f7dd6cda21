//! A list paged by the server, as every list page shows it: the toolbar,
//! the page of rows with its loading, empty and error states, the pager,
//! and every row on demand (search of all pages, CSV export), with its state
//! in the query string.

use std::rc::Rc;
use std::sync::Arc;

use futures::future::{AbortHandle, Abortable, LocalBoxFuture};
use leptos::prelude::*;
use leptos::task::spawn_local;
use leptos::wasm_split::{wasm_split, SplitLoaderError};
use leptos_router::hooks::{use_location, use_query_map};
use send_wrapper::SendWrapper;

use crate::api::walk::{self, Progress};
use crate::api::{use_api, Api, ApiError, ListPage, Paging};
use crate::clock::local_time;
use crate::components::data_table::{visible_rows, Header, Listed, Row, Selection};
use crate::components::download::download;
use crate::components::list_toolbar::ListToolbar;
use crate::components::rows_table::{Rows, RowsTable};
use crate::components::status::{errors_text, ErrorPanel, Loading, PageProgress};
use crate::export;
use crate::list_query::ListQuery;
use crate::routes;

/// One page of rows, ready for the table.
#[derive(Clone, Debug, PartialEq)]
pub struct TablePage {
    pub rows: Vec<Row>,
    pub page: u32,
    pub total: u64,
}

impl TablePage {
    /// An API page of items, as their rows.
    pub fn from_list<T: Listed>(page: ListPage<T>) -> Self {
        TablePage {
            rows: page.items.iter().map(Listed::row).collect(),
            page: page.page,
            total: page.total,
        }
    }
}

/// Every row of a list, walked page by page: for "Search all pages" and CSV
/// export. The page builds it from its `api::…` list call.
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

/// Fetches a page of the list into the query cache, answer unused: the
/// pager calls it when the pointer or focus rests on a page button, so the
/// click finds the page already in.
#[derive(Clone)]
pub struct Prefetch(SendWrapper<Rc<dyn Fn(Paging)>>);

/// A list page's data from one `api::…` list call, e.g.
/// `list_source(api, paging, |api, p| async move { api::groups::list(&api, p).await })`:
/// the page of rows the URL asks for (a resource following `paging`, and
/// whatever signal `list` reads, such as the group whose users it lists),
/// every row (search of all pages, CSV) and the pager's fetch-ahead.
pub struct ListSource {
    /// The list's state in the query string, and how to change it.
    pub state: Memo<ListQuery>,
    pub set_state: Callback<(ListQuery, bool)>,
    pub data: LocalResource<Result<TablePage, ApiError>>,
    pub all_rows: AllRows,
    pub prefetch: Prefetch,
}

pub fn list_source<T, F, Fut>(list: F) -> ListSource
where
    T: Listed,
    F: Fn(Api, Paging) -> Fut + Clone + 'static,
    Fut: std::future::Future<Output = Result<ListPage<T>, ApiError>> + 'static,
{
    let api = use_api();
    let (state, set_state) = use_list_query();
    let paging = Memo::new(move |_| state.read().paging());
    let data = LocalResource::new({
        let (api, list) = (api.clone(), list.clone());
        move || {
            let page = list(api.clone(), paging.get());
            async move { Ok(TablePage::from_list(page.await?)) }
        }
    });
    let all_rows = AllRows::new({
        let (api, list) = (api.clone(), list.clone());
        move |progress: Rc<dyn Fn(Progress)>| {
            let (api, list) = (api.clone(), list.clone());
            async move {
                let items = walk::all(|p| list(api.clone(), p), |p| progress(p)).await?;
                Ok(items.iter().map(Listed::row).collect())
            }
        }
    });
    ListSource {
        state,
        set_state,
        data,
        all_rows,
        prefetch: prefetch_of(api, list),
    }
}

/// [`Prefetch`] from a list's page call.
pub fn prefetch_of<T, F, Fut>(api: Api, list: F) -> Prefetch
where
    T: 'static,
    F: Fn(Api, Paging) -> Fut + 'static,
    Fut: std::future::Future<Output = Result<ListPage<T>, ApiError>> + 'static,
{
    Prefetch(SendWrapper::new(Rc::new(move |paging| {
        let answer = untrack(|| list(api.clone(), paging));
        spawn_local(async move {
            // An error shows when the page itself is asked for.
            let _ = answer.await;
        });
    })))
}

/// The list's state from the query string, and a way to change it (a new
/// history entry, or `replace` it while typing).
pub fn use_list_query() -> (Memo<ListQuery>, Callback<(ListQuery, bool)>) {
    let query = use_query_map();
    let state = Memo::new(move |_| query.with(|q| ListQuery::parse(|k| q.get(k))));
    let location = use_location();
    let go = routes::use_go();
    let set_state = Callback::new(move |(next, replace): (ListQuery, bool)| {
        let path = location.pathname.get_untracked();
        go(&format!("{path}{}", next.to_query_string()), replace);
    });
    (state, set_state)
}

/// Every row of a list, walked when asked for (search of all pages, an
/// export), with progress and Cancel; kept while the view lives (the query
/// cache keeps the pages for a quick second walk too).
#[derive(Clone, Copy)]
pub struct AllRowsWalk {
    pub rows: RwSignal<Option<Arc<Vec<Row>>>>,
    pub progress: RwSignal<Option<Progress>>,
    pub error: RwSignal<Option<String>>,
    source: StoredValue<AllRows>,
    abort: StoredValue<Option<AbortHandle>>,
}

impl AllRowsWalk {
    /// Call in the list's component: leaving it stops the walk.
    pub fn new(source: AllRows) -> Self {
        let walk = AllRowsWalk {
            rows: RwSignal::new(None),
            progress: RwSignal::new(None),
            error: RwSignal::new(None),
            source: StoredValue::new(source),
            abort: StoredValue::new(None),
        };
        on_cleanup(move || walk.stop());
        walk
    }

    /// Walks every page unless the rows are in or on their way; `then` gets
    /// them once they are in.
    pub fn start(&self, then: impl FnOnce(Arc<Vec<Row>>) + 'static) {
        if let Some(rows) = self.rows.get_untracked() {
            return then(rows);
        }
        if self.progress.get_untracked().is_some() {
            return;
        }
        let this = *self;
        this.progress.set(Some(Progress::default()));
        this.error.set(None);
        let (handle, registration) = AbortHandle::new_pair();
        this.abort.set_value(Some(handle));
        let walk = this
            .source
            .with_value(|all| (all.0)(Rc::new(move |p| this.progress.set(Some(p)))));
        spawn_local(async move {
            let outcome = Abortable::new(walk, registration).await;
            this.progress.try_set(None);
            match outcome {
                Ok(Ok(rows)) => {
                    let rows = Arc::new(rows);
                    this.rows.try_set(Some(rows.clone()));
                    then(rows);
                }
                Ok(Err(e)) => {
                    this.error.try_set(Some(e.to_string()));
                }
                Err(_aborted) => {}
            }
        });
    }

    /// Stops a walk under way (Cancel, or the list going away).
    pub fn stop(&self) {
        if let Some(handle) = self.abort.try_update_value(Option::take).flatten() {
            handle.abort();
        }
        self.progress.try_set(None);
    }
}

/// The rows the list shows under `state` (search, sort) as a CSV file
/// named after `view`. Its code is in the lists module, fetched on the first
/// export (or in the background before), not with the first page.
#[wasm_split(lists, wasm_split_path = ::leptos::wasm_split, fallible)]
fn export_csv(
    columns: Vec<Header>,
    rows: Arc<Vec<Row>>,
    state: ListQuery,
    view: String,
) -> Result<(), SplitLoaderError> {
    let shown = visible_rows(
        &columns,
        &rows,
        &state.search,
        state.sort.as_deref(),
        state.descending,
    );
    let header: Vec<&str> = columns.iter().map(|c| c.label).collect();
    let csv = export::to_csv(
        &header,
        shown.into_iter().map(|r| {
            r.cells
                .into_iter()
                .map(|c| c.moment.map(local_time).unwrap_or(c.text))
                .collect::<Vec<_>>()
        }),
    );
    download(
        &format!("{}.csv", export::file_stem(&view)),
        "text/csv",
        &csv,
    );
    Ok(())
}

#[component]
pub fn ListView(
    /// Plural noun for labels: "groups".
    noun: &'static str,
    columns: Vec<Header>,
    source: ListSource,
    /// What to suggest when the list is empty.
    #[prop(optional, into)]
    empty_hint: String,
    /// The view's name for the export's file: "users in Sales".
    #[prop(into)]
    export_name: String,
    /// Lets the user tick rows (e.g. devices to push to).
    #[prop(optional_no_strip)]
    selection: Option<Selection>,
) -> impl IntoView {
    let ListSource {
        state,
        set_state,
        data,
        all_rows,
        prefetch,
    } = source;
    let set = move |next: ListQuery, replace: bool| set_state.run((next, replace));
    let pending = RwSignal::new(false);
    let caption = {
        let mut c = noun.to_string();
        c[..1].make_ascii_uppercase();
        c
    };
    let walk = AllRowsWalk::new(all_rows);
    let on_export = {
        let columns = columns.clone();
        move || {
            let (columns, view) = (columns.clone(), export_name.clone());
            walk.error.set(None);
            walk.start(move |rows| {
                let export = export_csv(columns, rows, state.get_untracked(), view);
                spawn_local(async move {
                    if let Err(e) = export.await {
                        leptos::logging::error!("{e}");
                        walk.error.try_set(Some(
                            "The export could not be downloaded. Check the connection, then try again.".into(),
                        ));
                    }
                });
            });
        }
    };
    let on_search = move |text: String| {
        let s = state.get_untracked();
        // Over every page, a new search starts at its first page of matches.
        let page = if s.all_pages { 1 } else { s.page };
        set(s.with_search(text).with_page(page), true)
    };
    let on_all_pages =
        move |on: bool| set(state.get_untracked().with_all_pages(on).with_page(1), true);
    let cancel_walk = Callback::new(move |_| {
        walk.stop();
        if state.get_untracked().all_pages {
            set(state.get_untracked().with_all_pages(false), true);
        }
    });
    // "All pages" in the URL (a reload, a shared link) starts the walk.
    Effect::new(move |_| {
        if state.with(|s| s.all_pages) {
            walk.start(|_| ());
        }
    });

    let all_table = {
        let (columns, caption, empty_hint) = (columns.clone(), caption.clone(), empty_hint.clone());
        move || {
            let rows = walk.rows.get()?;
            let matching =
                state.with(|s| visible_rows(&columns, &rows, &s.search, None, false).len());
            let summary = state.with(|s| {
                if s.search.trim().is_empty() {
                    format!("All {} {noun}", rows.len())
                } else {
                    format!(
                        "{matching} of {} {noun} match “{}”",
                        rows.len(),
                        s.search.trim()
                    )
                }
            });
            Some(view! {
                <p class="list-summary" aria-live="polite">{summary}</p>
                <RowsTable caption=caption.clone() noun=noun columns=columns.clone() rows=Rows::All(rows)
                    state=state on_state=set_state empty_hint=empty_hint.clone() sortable=true
                    selection=selection/>
            })
        }
    };

    let on_prefetch = Callback::new(move |page: u32| {
        // Not the page on screen: it is in already.
        let s = state.get_untracked();
        if page != s.page {
            (prefetch.0)(s.with_page(page).paging());
        }
    });
    let page_view = move |table: TablePage| {
        let rows = Rows::Page {
            rows: table.rows,
            page: table.page,
            total: table.total,
        };
        view! {
            <RowsTable caption=caption.clone() noun=noun columns=columns.clone() rows=rows
                state=state on_state=set_state empty_hint=empty_hint.clone() sortable=true
                selection=selection on_prefetch=Some(on_prefetch)/>
        }
    };
    let page_table = move || {
        let page_view = page_view.clone();
        Suspend::new(async move { data.await.map(page_view) })
    };
    let retry = Callback::new(move |_| data.refetch());

    let all_mode = move || state.with(|s| s.all_pages);
    let show_all = move || all_mode() && walk.rows.with(Option::is_some);
    view! {
        <ListToolbar noun=noun search=move || state.with(|s| s.search.clone())
            on_search=on_search all_pages=all_mode on_all_pages=on_all_pages on_export=on_export
            walking=move || walk.progress.with(Option::is_some) busy=move || pending.get()/>
        {move || walk.progress.get().map(|p| view! {
            <PageProgress label=format!("Loading every {}", noun.trim_end_matches('s'))
                loaded=Signal::derive(move || walk.progress.get().unwrap_or(p).loaded)
                total=Signal::derive(move || walk.progress.get().unwrap_or(p).total)
                on_cancel=cancel_walk/>
        })}
        {move || walk.error.get().map(|e| view! { <ErrorPanel message=e/> })}
        <div class="list-body" aria-busy=move || pending.get().to_string()>
            <Show when=show_all fallback=move || {
                let page_table = page_table.clone();
                view! {
                    <Transition fallback=move || view! { <Loading label=format!("Loading {noun}…")/> } set_pending=pending>
                        <ErrorBoundary fallback=move |errors| view! {
                            <ErrorPanel message=errors_text(&errors.read()) on_retry=retry/>
                        }>
                            {page_table.clone()}
                        </ErrorBoundary>
                    </Transition>
                }
            }>
                {all_table.clone()}
            </Show>
        </div>
    }
}
