//! The query cache: answers to GETs kept by URL for a short while, so Back
//! and a quick revisit cost no request, and identical requests in flight at
//! once share one fetch. Writes invalidate the item they touched.
//!
//! Written here rather than taken from a crate (leptos-fetch): the portal
//! needs exactly URL keys, a freshness window, in-flight sharing and
//! invalidation by item, which is a hundred lines over the one request
//! function, and it keeps the bundle small.

use std::cell::RefCell;
use std::collections::HashMap;
use std::future::Future;
use std::rc::{Rc, Weak};

use futures::future::{FutureExt, LocalBoxFuture, Shared};
use send_wrapper::SendWrapper;

use super::envelope::Envelope;
use super::ApiError;

/// How long an answer is served without asking again, from when it was
/// asked for (an answer is never older than its request, so however late a
/// fetch is awaited its answer is not served past this).
pub const FRESH_FOR_MS: f64 = 30_000.0;
/// Entries kept at most; the oldest go first.
const CAPACITY: usize = 300;

/// An answer as the cache hands it out: shared, never copied.
pub type Answer = Result<Rc<Envelope>, ApiError>;

type SharedFetch = Shared<LocalBoxFuture<'static, Answer>>;

enum Entry {
    Ready {
        at: f64,
        envelope: Rc<Envelope>,
    },
    /// A fetch started at `at`; it records its own answer when it ends,
    /// whichever caller awaits it, if this entry is still its own (`id`).
    Pending {
        at: f64,
        id: u64,
        fetch: SharedFetch,
    },
}

impl Entry {
    /// When the answer was (or is being) asked for.
    fn at(&self) -> f64 {
        match self {
            Entry::Ready { at, .. } | Entry::Pending { at, .. } => *at,
        }
    }
}

/// What the cache holds for a URL.
enum Lookup {
    Fresh(Rc<Envelope>),
    InFlight(SharedFetch),
    Missing,
}

#[derive(Default)]
struct Entries {
    by_url: HashMap<String, Entry>,
    /// Fetches started so far; numbers each, so a fetch knows its entry.
    started: u64,
}

/// One per signed-in tab (in the app's context); cleared on sign-out.
#[derive(Clone)]
pub struct QueryCache(SendWrapper<Rc<RefCell<Entries>>>);

impl Default for QueryCache {
    fn default() -> Self {
        QueryCache(SendWrapper::new(Rc::default()))
    }
}

impl QueryCache {
    /// The answer for `url`: a fresh one kept, the identical fetch in flight
    /// shared, or `fetch()` started, shared and kept. `now` is the clock.
    pub async fn get<F>(
        &self,
        url: &str,
        now: impl Fn() -> f64,
        fetch: impl FnOnce() -> F,
    ) -> Answer
    where
        F: Future<Output = Result<Envelope, ApiError>> + 'static,
    {
        match self.lookup(url, now()) {
            Lookup::Fresh(envelope) => return Ok(envelope),
            Lookup::InFlight(fetch) => match fetch.await {
                // The page that asked first was left; ask again for this one.
                Err(ApiError::Aborted) => {}
                answer => return answer,
            },
            Lookup::Missing => {}
        }
        let fetch = fetch();
        self.start(url, now(), fetch).await
    }

    fn lookup(&self, url: &str, now: f64) -> Lookup {
        match self.0.borrow().by_url.get(url) {
            Some(entry) if now - entry.at() >= FRESH_FOR_MS => Lookup::Missing,
            Some(Entry::Ready { envelope, .. }) => Lookup::Fresh(envelope.clone()),
            Some(Entry::Pending { fetch, .. }) => Lookup::InFlight(fetch.clone()),
            None => Lookup::Missing,
        }
    }

    /// Shares `fetch` as the entry for `url`; the fetch keeps its answer
    /// itself, so it is kept even if the caller that started it is gone.
    fn start(
        &self,
        url: &str,
        at: f64,
        fetch: impl Future<Output = Result<Envelope, ApiError>> + 'static,
    ) -> SharedFetch {
        let mut entries = self.0.borrow_mut();
        entries.started += 1;
        let id = entries.started;
        let fetch = {
            let (cache, url) = (Rc::downgrade(&self.0), url.to_string());
            async move {
                let answer = fetch.await.map(Rc::new);
                record(&cache, &url, id, &answer);
                answer
            }
        }
        .boxed_local()
        .shared();
        let entry = Entry::Pending {
            at,
            id,
            fetch: fetch.clone(),
        };
        let replaced = entries.by_url.insert(url.to_string(), entry);
        let evicted = evict(&mut entries.by_url, url);
        drop(entries);
        // Dropped out of the borrow: a fetch may hold a client that holds this cache.
        drop((replaced, evicted));
        fetch
    }

    /// Drops every answer for the item whose URL is `item_url` (`…/KEY/user`):
    /// its lists, its items, and lists named by an id (`…/user/{groupId}`).
    /// A read in flight there is dropped too: its answer may predate the write.
    pub fn invalidate(&self, item_url: &str) {
        self.remove(|url| {
            let rest = url.strip_prefix(item_url);
            matches!(rest, Some(r) if r.is_empty() || r.starts_with(['/', '?']))
        });
    }

    /// Drops one answer (it could not be read as what was asked for).
    pub fn forget(&self, url: &str) {
        self.remove(|u| u == url);
    }

    pub fn clear(&self) {
        self.remove(|_| true);
    }

    fn remove(&self, doomed: impl Fn(&str) -> bool) {
        let removed: Vec<_> = self
            .0
            .borrow_mut()
            .by_url
            .extract_if(|url, _| doomed(url))
            .collect();
        // Dropped out of the borrow, as in `start`.
        drop(removed);
    }

    #[cfg(test)]
    fn len(&self) -> usize {
        self.0.borrow().by_url.len()
    }
}

/// A fetch's answer, kept if the entry for `url` is still that fetch (not
/// invalidated, cleared or replaced meanwhile): a success as fresh from when
/// it was asked for, a failure forgotten so Retry asks again.
fn record(cache: &Weak<RefCell<Entries>>, url: &str, id: u64, answer: &Answer) {
    let Some(cache) = cache.upgrade() else {
        return;
    };
    let mut entries = cache.borrow_mut();
    let at = match entries.by_url.get(url) {
        Some(Entry::Pending {
            at, id: current, ..
        }) if *current == id => *at,
        _ => return,
    };
    let pending = match answer {
        Ok(envelope) => entries.by_url.insert(
            url.to_string(),
            Entry::Ready {
                at,
                envelope: envelope.clone(),
            },
        ),
        Err(_) => entries.by_url.remove(url),
    };
    drop(entries);
    drop(pending);
}

/// Over capacity: the oldest entries go, but not the one for `newest`. A
/// fetch dropped here still answers whoever awaits it; its answer is not kept.
/// One entry comes in at a time, so the excess is one: a scan for the oldest
/// (a sort would add 4 KB of code to the main module).
fn evict(entries: &mut HashMap<String, Entry>, newest: &str) -> Vec<Entry> {
    let mut evicted = Vec::new();
    while entries.len() > CAPACITY {
        let oldest = entries
            .iter()
            .filter(|(url, _)| url.as_str() != newest)
            .min_by(|a, b| a.1.at().total_cmp(&b.1.at()))
            .map(|(url, _)| url.clone());
        match oldest.and_then(|url| entries.remove(&url)) {
            Some(entry) => evicted.push(entry),
            None => break,
        }
    }
    evicted
}

#[cfg(test)]
mod tests {
    use super::*;
    use futures::channel::oneshot;
    use futures::executor::block_on;
    use futures::task::noop_waker_ref;
    use std::borrow::Borrow;
    use std::future::Future;
    use std::pin::Pin;
    use std::task::Context;

    fn envelope(n: u64) -> Envelope {
        let mut envelope = Envelope::holding("[]");
        envelope.total = Some(n);
        envelope
    }

    /// The number an answer holds, however the cache hands it out.
    fn held<E: Borrow<Envelope>>(answer: Result<E, ApiError>) -> Result<u64, ApiError> {
        answer.map(|e| e.borrow().total.unwrap())
    }

    /// A fetch for a caller that must share the one in flight or a kept answer.
    fn never() -> futures::future::Ready<Reply> {
        panic!("asked the server again instead of sharing")
    }

    /// Asks for `url` at `at`, the server answering `n` if it is asked.
    fn ask(cache: &QueryCache, url: &str, at: f64, n: u64) -> Result<u64, ApiError> {
        held(block_on(cache.get(
            url,
            || at,
            || async move { Ok(envelope(n)) },
        )))
    }

    type Reply = Result<Envelope, ApiError>;

    /// A caller of `url` at time 0, polled once so that it waits, on its
    /// own fetch or a shared one.
    fn waiting<'c, F: Future<Output = Reply> + 'static>(
        cache: &'c QueryCache,
        url: &'c str,
        fetch: impl FnOnce() -> F + 'c,
    ) -> Pin<Box<impl Future<Output = Answer> + 'c>> {
        let mut caller = Box::pin(cache.get(url, || 0.0, fetch));
        let mut context = Context::from_waker(noop_waker_ref());
        assert!(caller.as_mut().poll(&mut context).is_pending());
        caller
    }

    /// The first caller of `url`, waiting on a fetch whose answer comes
    /// when the test sends it.
    fn asked<'c>(
        cache: &'c QueryCache,
        url: &'c str,
    ) -> (
        oneshot::Sender<Reply>,
        Pin<Box<impl Future<Output = Answer> + 'c>>,
    ) {
        let (send, arrives) = oneshot::channel();
        let fetch = || async move { arrives.await.unwrap_or(Err(ApiError::Aborted)) };
        (send, waiting(cache, url, fetch))
    }

    /// A fetch of `url` whose caller was dropped once `n` had come.
    fn answered_unread(cache: &QueryCache, url: &str, n: u64) {
        let (send, first) = asked(cache, url);
        send.send(Ok(envelope(n))).unwrap();
        drop(first);
    }

    #[test]
    fn fresh_then_stale() {
        let cache = QueryCache::default();
        assert_eq!(ask(&cache, "a", 1_000.0, 1), Ok(1));
        assert_eq!(ask(&cache, "a", 1_000.0 + FRESH_FOR_MS - 1.0, 2), Ok(1));
        assert_eq!(ask(&cache, "a", 1_000.0 + FRESH_FOR_MS, 3), Ok(3));
        assert!(matches!(cache.lookup("b", 0.0), Lookup::Missing));
    }

    #[test]
    fn hits_share_one_answer_not_copies() {
        let cache = QueryCache::default();
        assert_eq!(ask(&cache, "a", 0.0, 1), Ok(1));
        let one = block_on(cache.get("a", || 1.0, never)).unwrap();
        let two = block_on(cache.get("a", || 2.0, never)).unwrap();
        assert!(Rc::ptr_eq(&one, &two));
    }

    #[test]
    fn failures_are_not_kept() {
        let cache = QueryCache::default();
        let failed = block_on(cache.get(
            "a",
            || 0.0,
            || async { Err(ApiError::Timeout { seconds: 1 }) },
        ));
        assert_eq!(held(failed), Err(ApiError::Timeout { seconds: 1 }));
        assert!(matches!(cache.lookup("a", 0.0), Lookup::Missing));
        assert_eq!(ask(&cache, "a", 0.0, 2), Ok(2));
    }

    #[test]
    fn an_answer_is_kept_when_the_caller_that_asked_is_gone() {
        let cache = QueryCache::default();
        let (send, first) = asked(&cache, "a");
        // A second caller shares the first one's fetch (it never fetches).
        let second = waiting(&cache, "a", never);
        send.send(Ok(envelope(1))).unwrap();
        // The page that asked was left once its answer had come.
        drop(first);
        assert_eq!(held(block_on(second)), Ok(1));
        assert!(matches!(cache.lookup("a", 1.0), Lookup::Fresh(_)));
        assert_eq!(ask(&cache, "a", FRESH_FOR_MS, 2), Ok(2));
    }

    #[test]
    fn a_fetch_nobody_awaits_is_not_served_past_its_window() {
        let cache = QueryCache::default();
        answered_unread(&cache, "a", 1);
        assert_eq!(ask(&cache, "a", FRESH_FOR_MS, 2), Ok(2));
        assert!(matches!(
            cache.lookup("a", FRESH_FOR_MS + 1.0),
            Lookup::Fresh(_)
        ));
    }

    #[test]
    fn a_fetch_nobody_awaited_is_shared_and_kept_within_its_window() {
        let cache = QueryCache::default();
        answered_unread(&cache, "a", 1);
        assert_eq!(held(block_on(cache.get("a", || 10.0, never))), Ok(1));
        assert!(matches!(cache.lookup("a", 20.0), Lookup::Fresh(_)));
        // The window runs from when the answer was asked for.
        assert!(matches!(cache.lookup("a", FRESH_FOR_MS), Lookup::Missing));
    }

    #[test]
    fn a_cancelled_fetch_is_asked_again_by_whoever_shared_it() {
        let cache = QueryCache::default();
        let (send, first) = asked(&cache, "a");
        let second = waiting(&cache, "a", || async { Ok(envelope(2)) });
        send.send(Err(ApiError::Aborted)).unwrap();
        assert_eq!(held(block_on(first)), Err(ApiError::Aborted));
        assert_eq!(held(block_on(second)), Ok(2));
        assert_eq!(held(block_on(cache.get("a", || 1.0, never))), Ok(2));
    }

    #[test]
    fn an_answer_to_a_read_from_before_a_write_is_not_kept() {
        let cache = QueryCache::default();
        let (send, read) = asked(&cache, "k/user/9");
        cache.invalidate("k/user");
        send.send(Ok(envelope(1))).unwrap();
        assert_eq!(held(block_on(read)), Ok(1));
        assert!(matches!(cache.lookup("k/user/9", 1.0), Lookup::Missing));
    }

    #[test]
    fn writes_invalidate_their_item_and_size_is_bounded() {
        let cache = QueryCache::default();
        for (url, n) in [
            ("k/user?page=1", 1),
            ("k/user/9", 2),
            ("k/group", 3),
            ("k/username", 4),
        ] {
            ask(&cache, url, 0.0, n).unwrap();
        }
        cache.invalidate("k/user");
        assert!(matches!(cache.lookup("k/username", 0.0), Lookup::Fresh(_)));
        assert!(matches!(cache.lookup("k/user/9", 0.0), Lookup::Missing));
        assert!(matches!(cache.lookup("k/group", 0.0), Lookup::Fresh(_)));
        for i in 0..CAPACITY + 10 {
            ask(&cache, &format!("x{i}"), 1.0 + i as f64, 0).unwrap();
        }
        assert!(matches!(cache.lookup("k/group", 2.0), Lookup::Missing));
        assert_eq!(cache.len(), CAPACITY);
        // The oldest went first: of the 312 kept, the 12 oldest.
        assert!(matches!(cache.lookup("x9", 10.0), Lookup::Missing));
        assert!(matches!(cache.lookup("x10", 11.0), Lookup::Fresh(_)));
    }
}
