//! Every item of a list, read page by page and kept as the pages arrive, for
//! views that count or filter across a whole fleet (the overview, filtered
//! lists). The API has no search, filter or count endpoint, so this is how
//! the portal knows: a few pages at a time through the query cache, with
//! progress, Cancel, and the pages that could not be read kept apart (never
//! counted as zero) for a Retry.

use std::rc::Rc;

use futures::future::{AbortHandle, Abortable, LocalBoxFuture};
use futures::FutureExt;
use leptos::prelude::*;
use leptos::task::spawn_local;

use crate::api::walk::{self, Progress, Walked};
use crate::api::{ApiError, ListPage, Paging};

/// Where a walk is.
#[derive(Clone, Debug, PartialEq)]
pub enum WalkState {
    /// Not started yet (another list is read first).
    Waiting,
    Walking,
    /// Every page was asked for; `estimated`: the server's total could not
    /// be trusted (it gave none, or its pages ran dry before it).
    Done {
        estimated: bool,
    },
    /// Stopped by the user: what was read so far stays.
    Cancelled,
    /// The first page could not be read: nothing is known.
    Failed(String),
}

type PageFetch<T> = Rc<dyn Fn(Paging) -> LocalBoxFuture<'static, Result<ListPage<T>, ApiError>>>;

/// A list read whole; `Copy`, so views and handlers take it freely.
pub struct WalkedList<T: Send + Sync + 'static> {
    /// The items read so far, in page order (a page read again on Retry
    /// comes last).
    pub items: RwSignal<Vec<T>>,
    pub progress: RwSignal<Progress>,
    pub state: RwSignal<WalkState>,
    /// Pages that could not be read, and why.
    pub failed: RwSignal<Vec<(u32, String)>>,
    /// When the walk started (for "Updated 2 min ago").
    pub started: RwSignal<f64>,
    fetch: StoredValue<PageFetch<T>, LocalStorage>,
    abort: StoredValue<Option<AbortHandle>>,
}

impl<T: Send + Sync + 'static> Clone for WalkedList<T> {
    fn clone(&self) -> Self {
        *self
    }
}

impl<T: Send + Sync + 'static> Copy for WalkedList<T> {}

impl<T: Send + Sync + 'static> WalkedList<T> {
    /// A walk over `fetch` (one page of the list); call [`WalkedList::start`]
    /// to begin. Leaving the calling component stops it.
    pub fn new<F, Fut>(fetch: F) -> Self
    where
        F: Fn(Paging) -> Fut + 'static,
        Fut: std::future::Future<Output = Result<ListPage<T>, ApiError>> + 'static,
    {
        let fetch: PageFetch<T> = Rc::new(move |p| fetch(p).boxed_local());
        let walk = WalkedList {
            items: RwSignal::new(Vec::new()),
            progress: RwSignal::new(Progress::default()),
            state: RwSignal::new(WalkState::Waiting),
            failed: RwSignal::new(Vec::new()),
            started: RwSignal::new(js_sys::Date::now()),
            fetch: StoredValue::new_local(fetch),
            abort: StoredValue::new(None),
        };
        on_cleanup(move || walk.stop());
        walk
    }

    /// Reads every page from the first, dropping what was read before.
    pub fn start(&self) {
        self.stop();
        let this = *self;
        this.items.set(Vec::new());
        this.failed.set(Vec::new());
        this.progress.set(Progress::default());
        this.state.set(WalkState::Walking);
        this.started.set(js_sys::Date::now());
        let fetch = this.fetch.get_value();
        this.run(async move {
            let walked = walk::pages(
                |p| fetch(p),
                |_, items, progress| {
                    this.items.update(|all| all.extend(items));
                    this.progress.set(progress);
                },
            )
            .await;
            match walked {
                Ok(Walked {
                    total,
                    failed,
                    estimated,
                }) => {
                    this.progress.update(|p| p.total = total);
                    this.failed.set(described(failed));
                    this.state.set(WalkState::Done { estimated });
                }
                Err(ApiError::Aborted) => this.state.set(WalkState::Cancelled),
                Err(e) => this.state.set(WalkState::Failed(e.to_string())),
            }
        });
    }

    /// Reads the pages that could not be read again.
    pub fn retry_failed(&self) {
        let pages: Vec<u32> = self
            .failed
            .with_untracked(|f| f.iter().map(|(p, _)| *p).collect());
        if pages.is_empty() || self.walking_untracked() {
            return;
        }
        let this = *self;
        let estimated = matches!(
            this.state.get_untracked(),
            WalkState::Done { estimated: true }
        );
        this.state.set(WalkState::Walking);
        let fetch = this.fetch.get_value();
        this.run(async move {
            let again = walk::again(
                |p| fetch(p),
                pages,
                |_, items| {
                    let read = items.len() as u64;
                    this.items.update(|all| all.extend(items));
                    this.progress.update(|p| p.loaded += read);
                },
            )
            .await;
            match again {
                Ok(failed) => {
                    this.failed.set(described(failed));
                    this.state.set(WalkState::Done { estimated });
                }
                Err(_aborted) => this.state.set(WalkState::Cancelled),
            }
        });
    }

    /// Cancel: the requests in flight are dropped; what was read stays.
    pub fn cancel(&self) {
        if self.walking_untracked() {
            self.stop();
            self.state.set(WalkState::Cancelled);
        }
    }

    pub fn walking(&self) -> bool {
        self.state.with(|s| *s == WalkState::Walking)
    }

    fn walking_untracked(&self) -> bool {
        self.state.with_untracked(|s| *s == WalkState::Walking)
    }

    /// Whether the walk has ended (every page that could be read is in, or
    /// it was stopped).
    pub fn settled(&self) -> bool {
        self.state
            .with(|s| !matches!(s, WalkState::Walking | WalkState::Waiting))
    }

    fn run(&self, work: impl std::future::Future<Output = ()> + 'static) {
        let (handle, registration) = AbortHandle::new_pair();
        self.abort.set_value(Some(handle));
        spawn_local(async move {
            let _ = Abortable::new(work, registration).await;
        });
    }

    fn stop(&self) {
        if let Some(handle) = self.abort.try_update_value(Option::take).flatten() {
            handle.abort();
        }
    }
}

fn described(failed: Vec<(u32, ApiError)>) -> Vec<(u32, String)> {
    failed
        .into_iter()
        .map(|(page, e)| (page, e.to_string()))
        .collect()
}
