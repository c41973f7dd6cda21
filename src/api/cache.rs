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
use std::rc::Rc;

use futures::future::{FutureExt, LocalBoxFuture, Shared};
use send_wrapper::SendWrapper;

use super::envelope::Envelope;
use super::ApiError;

/// How long an answer is served without asking again.
pub const FRESH_FOR_MS: f64 = 30_000.0;
/// Answers kept at most; the oldest go first.
const CAPACITY: usize = 300;

pub type SharedFetch = Shared<LocalBoxFuture<'static, Result<Envelope, ApiError>>>;

enum Entry {
    Ready { at: f64, envelope: Envelope },
    Pending(SharedFetch),
}

/// What the cache holds for a URL.
pub enum Lookup {
    Fresh(Envelope),
    InFlight(SharedFetch),
    Missing,
}

/// One per signed-in tab (in the app's context); cleared on sign-out.
#[derive(Clone)]
pub struct QueryCache(SendWrapper<Rc<RefCell<HashMap<String, Entry>>>>);

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
    ) -> Result<Envelope, ApiError>
    where
        F: std::future::Future<Output = Result<Envelope, ApiError>> + 'static,
    {
        match self.lookup(url, now()) {
            Lookup::Fresh(envelope) => return Ok(envelope),
            Lookup::InFlight(fetch) => match fetch.await {
                // The page that asked first was left; ask again for this one.
                Err(ApiError::Aborted) => {}
                result => return result,
            },
            Lookup::Missing => {}
        }
        let fetch = share(fetch());
        self.start(url.to_string(), fetch.clone());
        let result = fetch.await;
        self.finish(url.to_string(), &result, now());
        result
    }

    pub fn lookup(&self, url: &str, now: f64) -> Lookup {
        match self.0.borrow().get(url) {
            Some(Entry::Ready { at, envelope }) if now - at < FRESH_FOR_MS => {
                Lookup::Fresh(envelope.clone())
            }
            Some(Entry::Pending(fetch)) => Lookup::InFlight(fetch.clone()),
            _ => Lookup::Missing,
        }
    }

    pub fn start(&self, url: String, fetch: SharedFetch) {
        self.0.borrow_mut().insert(url, Entry::Pending(fetch));
    }

    /// Keeps a successful answer; forgets a failed one so Retry asks again.
    pub fn finish(&self, url: String, result: &Result<Envelope, ApiError>, now: f64) {
        let mut entries = self.0.borrow_mut();
        match result {
            Ok(envelope) => {
                entries.insert(
                    url,
                    Entry::Ready {
                        at: now,
                        envelope: envelope.clone(),
                    },
                );
                evict(&mut entries);
            }
            Err(_) => {
                entries.remove(&url);
            }
        }
    }

    /// Drops every answer for the item whose URL is `item_url` (`…/KEY/user`):
    /// its lists, its items, and lists named by an id (`…/user/{groupId}`).
    pub fn invalidate(&self, item_url: &str) {
        self.0.borrow_mut().retain(|url, _| {
            let rest = url.strip_prefix(item_url);
            !matches!(rest, Some(r) if r.is_empty() || r.starts_with(['/', '?']))
        });
    }

    /// Drops one answer (it could not be read as what was asked for).
    pub fn forget(&self, url: &str) {
        self.0.borrow_mut().remove(url);
    }

    pub fn clear(&self) {
        self.0.borrow_mut().clear();
    }
}

/// Over capacity: the oldest answers go (in-flight ones stay).
fn evict(entries: &mut HashMap<String, Entry>) {
    let excess = entries.len().saturating_sub(CAPACITY);
    if excess == 0 {
        return;
    }
    let mut ready: Vec<(f64, String)> = entries
        .iter()
        .filter_map(|(url, e)| match e {
            Entry::Ready { at, .. } => Some((*at, url.clone())),
            Entry::Pending(_) => None,
        })
        .collect();
    ready.sort_by(|a, b| a.0.total_cmp(&b.0));
    for (_, url) in ready.into_iter().take(excess) {
        entries.remove(&url);
    }
}

/// Wraps a fetch so several callers can await it.
pub fn share(
    fetch: impl std::future::Future<Output = Result<Envelope, ApiError>> + 'static,
) -> SharedFetch {
    fetch.boxed_local().shared()
}

#[cfg(test)]
mod tests {
    use super::*;
    use futures::executor::block_on;

    fn envelope(n: u64) -> Envelope {
        Envelope {
            data: Some(serde_json::json!(n)),
            page: None,
            total: None,
        }
    }

    #[test]
    fn fresh_then_stale() {
        let cache = QueryCache::default();
        cache.finish("a".into(), &Ok(envelope(1)), 1_000.0);
        assert!(
            matches!(cache.lookup("a", 1_000.0 + FRESH_FOR_MS - 1.0), Lookup::Fresh(e) if e == envelope(1))
        );
        assert!(matches!(
            cache.lookup("a", 1_000.0 + FRESH_FOR_MS),
            Lookup::Missing
        ));
        assert!(matches!(cache.lookup("b", 0.0), Lookup::Missing));
    }

    #[test]
    fn failures_are_not_kept() {
        let cache = QueryCache::default();
        cache.start("a".into(), share(async { Ok(envelope(1)) }));
        cache.finish("a".into(), &Err(ApiError::Timeout { seconds: 1 }), 0.0);
        assert!(matches!(cache.lookup("a", 0.0), Lookup::Missing));
    }

    #[test]
    fn in_flight_fetches_are_shared() {
        let cache = QueryCache::default();
        let runs = Rc::new(std::cell::Cell::new(0));
        let counter = runs.clone();
        cache.start(
            "a".into(),
            share(async move {
                counter.set(counter.get() + 1);
                Ok(envelope(7))
            }),
        );
        let (Lookup::InFlight(one), Lookup::InFlight(two)) =
            (cache.lookup("a", 0.0), cache.lookup("a", 0.0))
        else {
            panic!("expected the fetch in flight");
        };
        assert_eq!(block_on(one), Ok(envelope(7)));
        assert_eq!(block_on(two), Ok(envelope(7)));
        assert_eq!(runs.get(), 1);
    }

    #[test]
    fn writes_invalidate_their_item_and_size_is_bounded() {
        let cache = QueryCache::default();
        cache.finish("k/user?page=1".into(), &Ok(envelope(1)), 0.0);
        cache.finish("k/user/9".into(), &Ok(envelope(2)), 0.0);
        cache.finish("k/group".into(), &Ok(envelope(3)), 0.0);
        cache.finish("k/username".into(), &Ok(envelope(4)), 0.0);
        cache.invalidate("k/user");
        assert!(matches!(cache.lookup("k/username", 0.0), Lookup::Fresh(_)));
        assert!(matches!(cache.lookup("k/user/9", 0.0), Lookup::Missing));
        assert!(matches!(cache.lookup("k/group", 0.0), Lookup::Fresh(_)));
        for i in 0..CAPACITY + 10 {
            cache.finish(format!("x{i}"), &Ok(envelope(0)), 1.0 + i as f64);
        }
        assert!(matches!(cache.lookup("k/group", 2.0), Lookup::Missing));
        assert_eq!(cache.0.borrow().len(), CAPACITY);
    }
}
