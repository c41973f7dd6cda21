//! A list paged by the server, as every list page shows it: the toolbar,
//! the page of rows with its loading, empty and error states, the pager,
//! and every row on demand (search of all pages, CSV export), with its state
//! in the query string.

use std::collections::HashMap;
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
use crate::clock::export_time;
use crate::components::column_chooser::{set_layout, stored_layout, ColumnChooser, ColumnLayout};
use crate::components::data_table::{first_text, visible_rows, Header, Listed, Row, Selection};
use crate::components::download::download;
use crate::components::list_toolbar::ListToolbar;
use crate::components::rows_table::{keep_focus_across_redraw, Rows, RowsTable};
use crate::components::status::{busy_after, errors_text, ErrorPanel, Loading, PageProgress};
use crate::components::views_menu::ViewsMenu;
use crate::export;
use crate::list_query::{self, ListQuery};
use crate::model::{record_columns, FieldValue, Record};
use crate::routes;
use crate::saved_views::SavedView;

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

/// Every row of a list, walked page by page: for "Search all pages",
/// filters and CSV export. The page builds it from its `api::…` list call;
/// it tells the list how it goes through a [`Feed`] and answers every row
/// once all pages are read.
#[derive(Clone)]
pub struct AllRows(SendWrapper<Rc<AllRowsFn>>);

type AllRowsFn = dyn Fn(Feed) -> LocalBoxFuture<'static, Result<Walked, ApiError>>;

/// What a walk of every page answers: the rows, and every field of their
/// items for an "all fields" export.
pub struct Walked {
    pub rows: Vec<Row>,
    pub records: Records,
}

impl Walked {
    pub fn of<T: Listed + Send + Sync>(items: Vec<T>) -> Self {
        let rows = items.iter().map(Listed::row).collect();
        let items = Arc::new(items);
        Walked {
            rows,
            records: Records(Arc::new(move || {
                items.iter().map(|i| (i.row_key(), i.record())).collect()
            })),
        }
    }
}

/// Every field of each item by its row key, written out only when an
/// export asks for them (most walks are for a filter or a search).
#[derive(Clone)]
pub struct Records(Arc<dyn Fn() -> HashMap<String, Record> + Send + Sync>);

impl AllRows {
    pub fn new<F, Fut>(walk: F) -> Self
    where
        F: Fn(Feed) -> Fut + 'static,
        Fut: std::future::Future<Output = Result<Walked, ApiError>> + 'static,
    {
        use futures::FutureExt;
        AllRows(SendWrapper::new(Rc::new(move |feed| {
            walk(feed).boxed_local()
        })))
    }
}

/// What a walk of every page tells its list as it goes: how far it is, the
/// rows of each page read (shown before the walk ends), and the pages that
/// could not be read (shown as such, never as no rows).
#[derive(Clone)]
pub struct Feed {
    progress: Rc<dyn Fn(Progress)>,
    rows: Rc<dyn Fn(Vec<Row>)>,
    failed: Rc<dyn Fn(u32, ApiError)>,
}

impl Feed {
    pub fn progress(&self, progress: Progress) {
        (self.progress)(progress)
    }

    /// More rows, in the order they are read.
    pub fn rows(&self, rows: Vec<Row>) {
        (self.rows)(rows)
    }

    pub fn failed(&self, page: u32, error: ApiError) {
        (self.failed)(page, error)
    }

    /// Every item of a list through `fetch`, each page's rows (those `keep`
    /// lets through) fed as it arrives; answers the items kept, in order.
    pub async fn walk<T, F, Fut>(
        &self,
        fetch: F,
        keep: impl Fn(&T) -> bool,
        row: impl Fn(&T) -> Row,
    ) -> Result<Vec<T>, ApiError>
    where
        F: Fn(Paging) -> Fut,
        Fut: std::future::Future<Output = Result<ListPage<T>, ApiError>>,
    {
        let mut kept = Vec::new();
        let walked = walk::pages(fetch, |_, items: Vec<T>, progress| {
            let page: Vec<T> = items.into_iter().filter(|i| keep(i)).collect();
            self.rows(page.iter().map(&row).collect());
            kept.extend(page);
            self.progress(progress);
        })
        .await?;
        for (page, error) in walked.failed {
            self.failed(page, error);
        }
        Ok(kept)
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
    /// Plural noun for labels: "groups"; its table's caption ("Groups")
    /// names its remembered page size and columns.
    pub noun: &'static str,
    /// The list's state in the query string, and how to change it.
    pub state: Memo<ListQuery>,
    pub set_state: Callback<(ListQuery, bool)>,
    pub data: LocalResource<Result<TablePage, ApiError>>,
    pub all_rows: AllRows,
    pub prefetch: Prefetch,
}

pub fn list_source<T, F, Fut>(noun: &'static str, list: F) -> ListSource
where
    T: Listed + Send + Sync,
    F: Fn(Api, Paging) -> Fut + Clone + 'static,
    Fut: std::future::Future<Output = Result<ListPage<T>, ApiError>> + 'static,
{
    let api = use_api();
    let (state, set_state) = use_list_query(noun);
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
        move |feed: Feed| {
            let (api, list) = (api.clone(), list.clone());
            async move {
                let items = feed
                    .walk(|p| list(api.clone(), p), |_| true, T::row)
                    .await?;
                Ok(Walked::of(items))
            }
        }
    });
    ListSource {
        noun,
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

/// Facts about the rows of a page that the list itself does not carry (an
/// owner's name, a group's count of users), asked for one request each
/// once the rows are drawn, [`FILL_IN_AT_ONCE`] at a time; asking again for another page
/// cancels what the last one still waits for, so those requests never hold
/// up the next page (a browser has six connections per server) nor spend
/// the main thread on rows that are gone. The page's resource reads
/// `known` (drawn again as answers come), calls [`FillIn::cancel`] before
/// it asks for its page and [`FillIn::ask`] once it has it.
pub struct FillIn<V: Send + Sync + 'static> {
    pub known: RwSignal<HashMap<String, V>>,
    api: StoredValue<Api, LocalStorage>,
    round: StoredValue<u64>,
}

impl<V: Send + Sync + 'static> Clone for FillIn<V> {
    fn clone(&self) -> Self {
        *self
    }
}

impl<V: Send + Sync + 'static> Copy for FillIn<V> {}

impl<V: Clone + Send + Sync + 'static> FillIn<V> {
    pub fn new(api: &Api) -> Self {
        FillIn {
            known: RwSignal::new(HashMap::new()),
            api: StoredValue::new_local(api.scoped()),
            round: StoredValue::new(0),
        }
    }

    /// Drops the questions still out for the last page (call it before
    /// asking for another).
    pub fn cancel(&self) {
        self.api.try_with_value(Api::abort_all);
        self.round.try_update_value(|r| *r += 1);
    }

    /// Asks `answer` about each id of `ids` not known yet, after the rows
    /// are painted. An id whose answer fails is not kept (asked again next
    /// time); a cancelled round keeps nothing.
    pub fn ask<Fut>(
        &self,
        ids: impl IntoIterator<Item = String>,
        answer: impl Fn(Api, String) -> Fut + 'static,
    ) where
        Fut: std::future::Future<Output = Result<V, ApiError>> + 'static,
    {
        let this = *self;
        // The page may be gone by the time its answer comes.
        let (Some(api), Some(round)) = (this.api.try_get_value(), this.round.try_get_value())
        else {
            return;
        };
        let Some(mut missing) = this.known.try_with_untracked(|known| {
            ids.into_iter()
                .filter(|id| !id.is_empty() && !known.contains_key(id))
                .collect::<Vec<String>>()
        }) else {
            return;
        };
        missing.sort();
        missing.dedup();
        if missing.is_empty() {
            return;
        }
        spawn_local(async move {
            // The rows first: these requests would slow their drawing, and
            // a click on the rows or the pager right after goes before them.
            crate::clock::when_idle(FILL_IN_WITHIN_MS).await;
            if this.round.try_get_value() != Some(round) {
                return;
            }
            let answers = walk::each_at(
                FILL_IN_AT_ONCE,
                missing,
                |id| {
                    let answer = answer(api.clone(), id.clone());
                    async move {
                        match answer.await {
                            Ok(value) => Ok(Some((id, value))),
                            Err(ApiError::Aborted) => Err(ApiError::Aborted),
                            Err(_) => Ok(None),
                        }
                    }
                },
                |_| (),
            )
            .await;
            if let Ok(answers) = answers {
                let answers: Vec<(String, V)> = answers.into_iter().flatten().collect();
                if !answers.is_empty() {
                    this.known.try_update(|known| known.extend(answers));
                }
            }
        });
    }
}

/// The state of the list of `noun` from the query string, and a way to
/// change it (a new history entry, or `replace` it while typing). A URL
/// that leaves the page size at the default opens at the one remembered
/// for the list, from its first request (the URL then says so too).
pub fn use_list_query(noun: &str) -> (Memo<ListQuery>, Callback<(ListQuery, bool)>) {
    let query = use_query_map();
    let caption = list_query::caption_of(noun);
    let in_url = move || query.with(|q| ListQuery::parse(|k| q.get(k)));
    let state = Memo::new(move |_| in_url().opened_with(crate::prefs::page_size(&caption)));
    let location = use_location();
    let go = routes::use_go();
    let set_state = Callback::new(move |(next, replace): (ListQuery, bool)| {
        let path = location.pathname.get_untracked();
        go(&format!("{path}{}", next.to_query_string()), replace);
    });
    let opened = state.get_untracked();
    if untrack(in_url) != opened {
        // After this render, not inside it.
        queue_microtask(move || set_state.run((opened, true)));
    }
    (state, set_state)
}

/// How long the owners' names and such wait at most for an idle moment.
const FILL_IN_WITHIN_MS: u32 = 200;

/// The owners' names and such asked for at once: fewer than a browser's six
/// connections per server, so a click on the pager right after the rows
/// finds a connection free for its page (and the server fewer questions
/// ahead of it).
const FILL_IN_AT_ONCE: usize = 4;

/// How long a page may take before the list says it is loading: a page
/// from a near server comes sooner, a slow one (a VPN) still shows at once
/// to the eye.
const BUSY_AFTER_MS: u64 = 150;

/// How often rows read so far are shown while a walk goes on.
const SHOW_EVERY_MS: f64 = 1_000.0;

/// Every row of a list, walked when asked for (search of all pages, a
/// filter, an export), with progress and Cancel; the rows read so far show
/// while it goes on. Kept while the view lives (the query cache keeps the
/// pages for a quick second walk too).
#[derive(Clone, Copy)]
pub struct AllRowsWalk {
    /// Every row, once the walk is over.
    pub rows: RwSignal<Option<Arc<Vec<Row>>>>,
    /// Every field of the rows' items, once the walk is over.
    pub records: RwSignal<Option<Records>>,
    /// The rows read so far, while it goes on (drawn now and then).
    pub partial: RwSignal<Option<Arc<Vec<Row>>>>,
    pub progress: RwSignal<Option<Progress>>,
    pub error: RwSignal<Option<String>>,
    /// Pages that could not be read, and why: their rows are missing.
    pub failed: RwSignal<Vec<(u32, String)>>,
    /// Items in the list (all pages), as the walk found, and how many of
    /// them were read (also after a Cancel).
    pub total: RwSignal<u64>,
    pub read_so_far: RwSignal<u64>,
    source: StoredValue<AllRows>,
    read: StoredValue<(Vec<Row>, f64)>,
    abort: StoredValue<Option<AbortHandle>>,
}

impl AllRowsWalk {
    /// Call in the list's component: leaving it stops the walk.
    pub fn new(source: AllRows) -> Self {
        let walk = AllRowsWalk {
            rows: RwSignal::new(None),
            records: RwSignal::new(None),
            partial: RwSignal::new(None),
            progress: RwSignal::new(None),
            error: RwSignal::new(None),
            failed: RwSignal::new(Vec::new()),
            total: RwSignal::new(0),
            read_so_far: RwSignal::new(0),
            source: StoredValue::new(source),
            read: StoredValue::new((Vec::new(), 0.0)),
            abort: StoredValue::new(None),
        };
        on_cleanup(move || walk.stop());
        walk
    }

    /// The rows to show: every row, or those read so far.
    pub fn shown(&self) -> Option<Arc<Vec<Row>>> {
        self.rows.get().or_else(|| self.partial.get())
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
        this.failed.set(Vec::new());
        this.read.set_value((Vec::new(), 0.0));
        let (handle, registration) = AbortHandle::new_pair();
        this.abort.set_value(Some(handle));
        let feed = Feed {
            progress: Rc::new(move |p: Progress| {
                this.progress.try_set(Some(p));
                this.total.try_set(p.total);
                this.read_so_far.try_set(p.loaded);
            }),
            rows: Rc::new(move |rows| {
                let now = js_sys::Date::now();
                let due = this.read.try_update_value(|(read, shown_at)| {
                    read.extend(rows);
                    let due = now - *shown_at >= SHOW_EVERY_MS || read.len() <= 100;
                    if due {
                        *shown_at = now;
                    }
                    due.then(|| Arc::new(read.clone()))
                });
                if let Some(Some(snapshot)) = due {
                    this.partial.try_set(Some(snapshot));
                    walk::let_paint();
                }
            }),
            failed: Rc::new(move |page, e| {
                this.failed.try_update(|f| f.push((page, e.to_string())));
            }),
        };
        let walk = this.source.with_value(|all| (all.0)(feed));
        spawn_local(async move {
            let outcome = Abortable::new(walk, registration).await;
            this.progress.try_set(None);
            match outcome {
                Ok(Ok(walked)) => {
                    let rows = Arc::new(walked.rows);
                    this.records.try_set(Some(walked.records));
                    this.rows.try_set(Some(rows.clone()));
                    this.partial.try_set(None);
                    then(rows);
                }
                Ok(Err(e)) => {
                    this.error.try_set(Some(e.to_string()));
                }
                Err(_aborted) => {}
            }
        });
    }

    /// Forgets every row and reads them again (a Retry of failed pages).
    pub fn restart(&self) {
        self.stop();
        self.rows.set(None);
        self.partial.set(None);
        self.start(|_| ());
    }

    /// Stops a walk under way (Cancel, or the list going away).
    pub fn stop(&self) {
        if let Some(handle) = self.abort.try_update_value(Option::take).flatten() {
            handle.abort();
        }
        self.progress.try_set(None);
    }
}

/// What an export writes: the columns the list shows, or every field of
/// its items (then `records`).
pub struct ExportOf {
    pub columns: Vec<Header>,
    pub layout: ColumnLayout,
    pub records: Option<Records>,
}

/// The rows the list shows under `state` (search, sort) as a CSV file
/// named after `view`, moments in ISO 8601 with their offset. Its code is
/// in the lists module, fetched on the first export (or in the background
/// before), not with the first page.
#[wasm_split(lists, wasm_split_path = ::leptos::wasm_split, fallible)]
fn export_csv(
    of: ExportOf,
    rows: Arc<Vec<Row>>,
    state: ListQuery,
    view: String,
) -> Result<(), SplitLoaderError> {
    let ExportOf {
        columns,
        layout,
        records,
    } = of;
    let shown = visible_rows(
        &columns,
        &rows,
        &state.search,
        state.sort.as_deref(),
        state.descending,
    );
    let csv = match records {
        None => {
            let header: Vec<&str> = layout.shown().iter().map(|c| c.label).collect();
            export::to_csv(
                &header,
                layout.cut(&columns, shown).into_iter().map(|r| {
                    r.cells
                        .into_iter()
                        .map(|c| c.moment.map(export_time).unwrap_or(c.text))
                        .collect::<Vec<_>>()
                }),
            )
        }
        Some(records) => {
            let records = (records.0)();
            let in_order: Vec<&Record> = shown.iter().filter_map(|r| records.get(&r.key)).collect();
            let names = record_columns(in_order.iter().copied());
            let header: Vec<&str> = names.iter().map(String::as_str).collect();
            export::to_csv(
                &header,
                in_order.iter().map(|record| {
                    names
                        .iter()
                        .map(|name| match record.iter().find(|(n, _)| n == name) {
                            Some((_, FieldValue::Text(text))) => text.clone(),
                            Some((_, FieldValue::Time(Some(t)))) => export_time(*t),
                            Some((_, FieldValue::Time(None))) | None => String::new(),
                        })
                        .collect::<Vec<_>>()
                }),
            )
        }
    };
    download(
        &format!("{}.csv", export::file_stem(&view)),
        "text/csv",
        &csv,
    );
    Ok(())
}

#[component]
pub fn ListView(
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
        noun,
        state,
        set_state,
        data,
        all_rows,
        prefetch,
    } = source;
    let set = move |next: ListQuery, replace: bool| set_state.run((next, replace));
    let pending = RwSignal::new(false);
    // A shift-click's range starts at the box last clicked, whichever
    // table drew it.
    let range_from = StoredValue::new(None);
    // "Loading…" and the dimmed rows, once a page takes a while to come.
    let busy = busy_after(move || pending.get(), BUSY_AFTER_MS);
    let caption = list_query::caption_of(noun);
    let caption_for_views = caption.clone();
    let walk = AllRowsWalk::new(all_rows);
    let layout = RwSignal::new(stored_layout(&caption, &columns));
    let (view_columns, view_caption) = (columns.clone(), caption.clone());
    let on_export = {
        let columns = columns.clone();
        move |all_fields: bool| {
            let (columns, view) = (columns.clone(), export_name.clone());
            walk.error.set(None);
            walk.start(move |rows| {
                let of = ExportOf {
                    columns,
                    layout: layout.get_untracked(),
                    records: if all_fields {
                        walk.records.get_untracked()
                    } else {
                        None
                    },
                };
                let export = export_csv(of, rows, state.get_untracked(), view);
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
        let page = if s.over_every_page() { 1 } else { s.page };
        set(s.with_search(text).with_page(page), true)
    };
    let on_all_pages =
        move |on: bool| set(state.get_untracked().with_all_pages(on).with_page(1), true);
    let cancel_walk = Callback::new(move |_| {
        walk.stop();
        let s = state.get_untracked();
        // What was read stays shown under a filter; a plain search of every
        // page goes back to the page the server sent.
        if s.all_pages && s.filters.is_empty() {
            set(s.with_all_pages(false), true);
        }
    });
    // "All pages" or a filter in the URL (a reload, a shared link) starts
    // the walk.
    Effect::new(move |_| {
        if state.with(ListQuery::over_every_page) {
            walk.start(|_| ());
        }
    });

    // The table is drawn again only when its rows change (each partial
    // flush, then the end), not at each page's progress: the summary and
    // the failed pages follow the walk on their own.
    let matching = Memo::new({
        let columns = columns.clone();
        move |_| {
            let rows = walk.shown()?;
            let matching =
                state.with(|s| visible_rows(&columns, &rows, &s.search, None, false).len());
            Some((rows.len(), matching))
        }
    });
    let all_table = {
        let (columns, caption, empty_hint) = (columns.clone(), caption.clone(), empty_hint.clone());
        let summary = move || {
            let (count, matching) = matching.get()?;
            let (done, total) = (walk.rows.with(Option::is_some), walk.total.get());
            Some(state.with(|s| {
                let narrowed = !s.filters.is_empty() || !s.search.trim().is_empty();
                let search = match s.search.trim() {
                    "" => String::new(),
                    q => format!(" “{q}”"),
                };
                match (done, narrowed) {
                    (true, false) => format!("All {count} {noun}"),
                    (true, true) => format!("{matching} of {total} {noun} match{search}"),
                    (false, _) => {
                        let read = walk.read_so_far.get();
                        if walk.progress.with(Option::is_some) {
                            format!("{matching} matching so far, {read} of {total} {noun} read")
                        } else {
                            format!("Stopped: {matching} matching among the {read} of {total} {noun} read")
                        }
                    }
                }
            }))
        };
        let failed = move || {
            let failed = walk.failed.get();
            (!failed.is_empty()).then(|| view! {
                    <div class="error-panel" role="alert">
                        <p>{format!(
                            "{} page{} of {noun} could not be read ({}): their rows are missing here.",
                            failed.len(),
                            if failed.len() == 1 { "" } else { "s" },
                            failed[0].1
                        )}</p>
                        <button type="button" on:click=move |_| walk.restart()>"Retry"</button>
                    </div>
                })
        };
        let table = move || {
            let rows = walk.shown()?;
            keep_focus_across_redraw();
            Some(view! {
                <RowsTable caption=caption.clone() noun=noun columns=columns.clone() rows=Rows::All(rows)
                    state=state on_state=set_state empty_hint=empty_hint.clone() sortable=true
                    selection=selection range_from=Some(range_from) layout=Some(layout)/>
            })
        };
        move || {
            view! {
                <p class="list-summary" aria-live="polite">{summary}</p>
                {failed}
                {table.clone()}
            }
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
        keep_focus_across_redraw();
        let rows = Rows::Page {
            rows: table.rows,
            page: table.page,
            total: table.total,
        };
        view! {
            <RowsTable caption=caption.clone() noun=noun columns=columns.clone() rows=rows
                state=state on_state=set_state empty_hint=empty_hint.clone() sortable=true
                selection=selection range_from=Some(range_from) on_prefetch=Some(on_prefetch) layout=Some(layout)/>
        }
    };
    let page_table = move || {
        let page_view = page_view.clone();
        Suspend::new(async move { data.await.map(page_view) })
    };
    let retry = Callback::new(move |_| data.refetch());

    let all_mode = move || state.with(ListQuery::over_every_page);
    let show_all = move || {
        state.with(ListQuery::over_every_page)
            && (walk.rows.with(Option::is_some) || walk.partial.with(Option::is_some))
    };
    // A saved view: the path and query on screen (from its first page) and
    // the columns shown; opening one sets its columns, then goes to it.
    let location = use_location();
    let current_view = {
        let columns = view_columns.clone();
        Callback::new(move |()| SavedView {
            name: String::new(),
            list: caption_for_views.clone(),
            path: routes::app_path(&location.pathname.get_untracked()).to_string(),
            query: state.get_untracked().with_page(1).to_query_string(),
            columns: layout.with_untracked(|l| (!l.is_default(&columns)).then(|| l.to_stored())),
        })
    };
    let go = routes::use_go();
    let apply_view = {
        let (columns, list) = (view_columns.clone(), view_caption.clone());
        Callback::new(move |view: SavedView| {
            let next = match &view.columns {
                Some(stored) => ColumnLayout::parse(&columns, stored),
                None => ColumnLayout::all(&columns),
            };
            set_layout(&list, &columns, layout, next);
            go(
                &routes::safe_next(Some(&format!("{}{}", view.path, view.query))),
                false,
            );
        })
    };
    // "Select all N matching": every row of the list under its filter and
    // search, all pages (read first, with progress and Cancel); N is the
    // list's total when nothing narrows it, the count matching once read.
    let selection_bar = selection.map(|selected| {
        let columns = view_columns.clone();
        let select_all = move |_| {
            let columns = columns.clone();
            walk.error.set(None);
            walk.start(move |rows| {
                let s = state.get_untracked();
                let matching = visible_rows(&columns, &rows, &s.search, None, false);
                selected.update(|chosen| {
                    for row in matching {
                        chosen.insert(row.key.clone(), first_text(&row));
                    }
                });
            });
        };
        let narrowed = move || state.with(|s| !s.filters.is_empty() || !s.search.trim().is_empty());
        let all_count = move || {
            if narrowed() {
                walk.rows
                    .with(Option::is_some)
                    .then(|| matching.get().map(|(_, m)| m as u64))
                    .flatten()
            } else {
                data.with(|d| d.as_ref().and_then(|r| r.as_ref().ok()).map(|p| p.total))
            }
        };
        let count = move || selected.with(|s| s.len());
        view! {
            <div class="selection-bar" role="group" aria-label="Selection">
                <p class="selection-line" aria-live="polite">
                    {move || format!("{} {} selected", count(),
                        if count() == 1 { noun.trim_end_matches('s') } else { noun })}
                </p>
                <button type="button" class="secondary" on:click=select_all
                    disabled=move || walk.progress.with(Option::is_some)>
                    {move || match all_count() {
                        Some(n) if narrowed() => format!("Select all {n} matching"),
                        Some(n) => format!("Select all {n} {noun}"),
                        None => "Select all matching".to_string(),
                    }}
                </button>
                <button type="button" class="link-button" disabled=move || count() == 0
                    on:click=move |_| selected.set(Default::default())>"Clear selection"</button>
            </div>
        }
    });
    let (chooser_list, chooser_columns, views_list) = (
        view_caption.clone(),
        view_columns.clone(),
        view_caption.clone(),
    );
    view! {
        <ListToolbar noun=noun search=move || state.with(|s| s.search.clone())
            on_search=on_search all_pages=all_mode on_all_pages=on_all_pages on_export=on_export
            walking=move || walk.progress.with(Option::is_some) busy=move || busy.get() && !show_all()>
            <ColumnChooser list=chooser_list.clone() columns=chooser_columns.clone() layout=layout/>
            <ViewsMenu list=views_list.clone() current=current_view apply=apply_view/>
        </ListToolbar>
        {selection_bar}
        {move || walk.progress.get().map(|p| view! {
            <PageProgress label=format!("Loading every {}", noun.trim_end_matches('s'))
                loaded=Signal::derive(move || walk.progress.get().unwrap_or(p).loaded)
                total=Signal::derive(move || walk.progress.get().unwrap_or(p).total)
                on_cancel=cancel_walk/>
        })}
        {move || walk.error.get().map(|e| view! { <ErrorPanel message=e/> })}
        <div class="list-body" aria-busy=move || busy.get().to_string()>
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
