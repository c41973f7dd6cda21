//! The one place that talks HTTP: every request of the portal goes through
//! [`Api::get_as`] or [`Api::send`], which add the key, a timeout, retries for
//! GETs, and turn the answer into `Result<Envelope, ApiError>`.

use std::cell::{Cell, RefCell};
use std::rc::Rc;
use std::time::Duration;

use futures::channel::oneshot;
use gloo_net::http::{Method, RequestBuilder};
use leptos::prelude::*;
use send_wrapper::SendWrapper;
use web_sys::{AbortController, ReferrerPolicy};

use super::cache::{Answer, QueryCache};
use super::envelope::{self, Envelope};
use super::known_fixes::KnownFixes;
use super::{retry, url, ApiError};
use crate::config::Config;
use crate::session::Session;

/// A signed-in client: the API base and key, and the requests in flight.
#[derive(Clone)]
pub struct Api {
    base: String,
    key: String,
    /// Each attempt is aborted after this long.
    timeout_seconds: u32,
    session: Session,
    in_flight: InFlight,
    /// GET answers shared across pages; none for the sign-in check.
    cache: Option<QueryCache>,
    /// Which devices were read to have a fix (see `known_fixes`).
    fixes: Option<KnownFixes>,
}

/// Requests started by one page; aborted when the page goes away so a slow
/// answer never lands on the page the user moved to.
#[derive(Clone)]
struct InFlight(SendWrapper<Rc<RefCell<Vec<AbortController>>>>);

impl Default for InFlight {
    fn default() -> Self {
        InFlight(SendWrapper::new(Rc::default()))
    }
}

impl InFlight {
    fn add(&self, controller: &AbortController) {
        self.0.borrow_mut().push(controller.clone());
    }

    fn remove(&self, controller: &AbortController) {
        self.0.borrow_mut().retain(|c| c != controller);
    }

    fn abort_all(&self) {
        for controller in self.0.borrow_mut().drain(..) {
            controller.abort();
        }
    }
}

/// The API client for the current page. Call it in a page component: the
/// page's requests are cancelled when the page is left.
pub fn use_api() -> Api {
    app_api().cancelled_on_cleanup()
}

/// A client of the signed-in session that no page owns (nothing cancels its
/// requests): for asking ahead of a page, into the shared query cache.
pub fn app_api() -> Api {
    let session = expect_context::<Session>();
    let config = expect_context::<Config>();
    Api {
        base: session.api_base_untracked().unwrap_or(config.api_base),
        key: session.key_untracked().unwrap_or_default(),
        timeout_seconds: config.request_timeout_seconds,
        session,
        in_flight: InFlight::default(),
        cache: use_context::<QueryCache>(),
        fixes: use_context::<KnownFixes>(),
    }
}

impl Api {
    /// A client for checking a key before it is stored (the sign-in page).
    pub fn unsigned(base: String, key: String, timeout_seconds: u32, session: Session) -> Self {
        Api {
            base,
            key,
            timeout_seconds,
            session,
            in_flight: InFlight::default(),
            cache: None,
            fixes: None,
        }
    }

    pub fn base(&self) -> &str {
        &self.base
    }

    /// Drops every cached answer about `item` (an `api::item` name), so a
    /// Refresh asks the server again.
    pub fn forget(&self, item: &str) {
        if let (Some(cache), Ok(url)) = (
            &self.cache,
            url::build(&self.base, &self.key, item, None, &[]),
        ) {
            cache.invalidate(&url);
        }
    }

    /// Which devices this session has read to have a fix, or none.
    pub fn known_fixes(&self) -> KnownFixes {
        self.fixes.clone().unwrap_or_default()
    }

    /// Notes that `device_id` has a fix or none, for the devices filter.
    pub(super) fn record_fix(&self, device_id: &str, has_fix: bool) {
        if let Some(fixes) = &self.fixes {
            fixes.record(device_id, has_fix);
        }
    }

    /// Cancels every request this page's client has in flight (a Cancel button).
    pub fn abort_all(&self) {
        self.in_flight.abort_all();
    }

    /// A client with this one's key and cache whose requests are cancelled
    /// apart from the page's (its own [`Api::abort_all`]), and also when the
    /// page is left: for work in the background that a newer view makes moot.
    pub fn scoped(&self) -> Api {
        Api {
            in_flight: InFlight::default(),
            ..self.clone()
        }
        .cancelled_on_cleanup()
    }

    /// This client, its requests aborted when the calling component goes.
    fn cancelled_on_cleanup(self) -> Api {
        let in_flight = self.in_flight.clone();
        on_cleanup(move || in_flight.abort_all());
        self
    }

    /// GET through the query cache, read by `read` (e.g. into a list). An
    /// answer that `read` refuses (the wrong shape) is not kept, so Retry
    /// asks the server again.
    pub async fn get_as<T>(
        &self,
        item: &str,
        id: Option<&str>,
        query: &[(&str, String)],
        read: impl FnOnce(&Envelope) -> Result<T, ApiError>,
    ) -> Result<T, ApiError> {
        let url = url::build(&self.base, &self.key, item, id, query)?;
        let result = read(&*self.watch_key(self.get_url(&url).await)?);
        if let (Err(_), Some(cache)) = (&result, &self.cache) {
            cache.forget(&url);
        }
        result
    }

    /// GET into the query cache only, the answer unread: ahead of a page
    /// whose code may not have arrived yet (and without that page's item
    /// types in the main module). The page's own request is the same URL,
    /// so it shares this one. A rejected key is that page's to act on: a
    /// press on a link asks ahead, and a sign-out then would come back to
    /// the page being left instead of the one the link leads to.
    pub async fn fetch_ahead(
        &self,
        item: &str,
        id: Option<&str>,
        query: &[(&str, String)],
    ) -> Result<(), ApiError> {
        let url = url::build(&self.base, &self.key, item, id, query)?;
        self.get_url(&url).await.map(drop)
    }

    /// A fresh cached answer is reused, an identical request in flight is
    /// shared, otherwise [`Api::fetch_get`].
    async fn get_url(&self, url: &str) -> Answer {
        let fetch = || {
            let (api, url) = (self.clone(), url.to_string());
            async move { api.fetch_get(&url).await }
        };
        match &self.cache {
            Some(cache) => cache.get(url, js_sys::Date::now, fetch).await,
            None => fetch().await.map(Rc::new),
        }
    }

    /// GET, retried with backoff and jitter on network errors, 429 and 5xx,
    /// pausing as long as the server's `Retry-After` asks (see [`retry`]).
    async fn fetch_get(&self, url: &str) -> Result<Envelope, ApiError> {
        let mut attempt = 1;
        loop {
            let (result, retry_after) = self.fetch(Method::GET, url, None).await;
            let error = match result {
                Ok(envelope) => return Ok(envelope),
                Err(e) => e,
            };
            match retry::after_failure(attempt, error, retry_after, js_sys::Math::random()) {
                Ok(pause) => {
                    attempt += 1;
                    sleep_ms(pause).await;
                }
                Err(e) => return Err(e),
            }
        }
    }

    /// PUT (add) or POST (update) with a form body; never retried.
    pub async fn send(
        &self,
        method: Method,
        item: &str,
        id: Option<&str>,
        fields: &[(&str, String)],
    ) -> Result<Envelope, ApiError> {
        let url = url::build(&self.base, &self.key, item, id, &[])?;
        let (result, _) = self.fetch(method, &url, Some(url::form_body(fields))).await;
        // What was written must not be read back from the cache.
        if let (Ok(_), Some(cache)) = (&result, &self.cache) {
            if let Ok(item_url) = url::build(&self.base, &self.key, item, None, &[]) {
                cache.invalidate(&item_url);
            }
        }
        self.watch_key(result)
    }

    /// A rejected key anywhere ends the session, with the server's words
    /// (once, however many readers share the answer).
    fn watch_key<T>(&self, result: Result<T, ApiError>) -> Result<T, ApiError> {
        if let Err(ApiError::InvalidKey(message)) = &result {
            self.session.expire(format!(
                "You were signed out because the API rejected the key: {message}"
            ));
        }
        result
    }

    /// One attempt: the answer, and the pause its `Retry-After` asks for.
    async fn fetch(
        &self,
        method: Method,
        url: &str,
        body: Option<String>,
    ) -> (Result<Envelope, ApiError>, Option<u32>) {
        let Ok(controller) = AbortController::new() else {
            return (Err(self.network_error()), None);
        };
        let deadline = Deadline::start(&controller, self.timeout_seconds.saturating_mul(1000));
        self.in_flight.add(&controller);
        let mut retry_after = None;
        let result = self
            .fetch_with(method, url, body, &controller, &mut retry_after)
            .await;
        self.in_flight.remove(&controller);
        let result = result.map_err(|e| {
            if deadline.expired() {
                ApiError::Timeout {
                    seconds: self.timeout_seconds,
                }
            } else if controller.signal().aborted() {
                ApiError::Aborted
            } else {
                e
            }
        });
        (result, retry_after)
    }

    async fn fetch_with(
        &self,
        method: Method,
        url: &str,
        body: Option<String>,
        controller: &AbortController,
        retry_after: &mut Option<u32>,
    ) -> Result<Envelope, ApiError> {
        let signal = controller.signal();
        let builder = RequestBuilder::new(url)
            .method(method)
            .header("Accept", "application/json")
            // The request URL holds the key: never let it leak as a referrer.
            .referrer_policy(ReferrerPolicy::NoReferrer)
            .abort_signal(Some(&signal));
        let request = match body {
            Some(body) => builder
                .header("Content-Type", "application/x-www-form-urlencoded")
                .body(body),
            None => builder.build(),
        }
        .map_err(|_| self.network_error())?;
        let response = request.send().await.map_err(|_| self.network_error())?;
        let status = response.status();
        if status == 429 || status == 503 {
            *retry_after = response.headers().get("Retry-After").and_then(|h| {
                retry::retry_after_ms(&h, js_sys::Date::now(), |date| {
                    Some(js_sys::Date::parse(date)).filter(|ms| !ms.is_nan())
                })
            });
        }
        let text = response.text().await.map_err(|_| self.network_error())?;
        envelope::decode(status, &text)
    }

    fn network_error(&self) -> ApiError {
        ApiError::Network {
            base: self.base.clone(),
        }
    }
}

/// Aborts a request that takes too long; cleared when dropped.
struct Deadline {
    timer: Option<TimeoutHandle>,
    expired: Rc<Cell<bool>>,
}

impl Deadline {
    fn start(controller: &AbortController, ms: u32) -> Self {
        let expired = Rc::new(Cell::new(false));
        let abort = {
            let (controller, expired) = (controller.clone(), expired.clone());
            move || {
                expired.set(true);
                controller.abort();
            }
        };
        let timer = set_timeout_with_handle(abort, Duration::from_millis(ms.into())).ok();
        Deadline { timer, expired }
    }

    fn expired(&self) -> bool {
        self.expired.get()
    }
}

impl Drop for Deadline {
    fn drop(&mut self) {
        if let Some(timer) = self.timer {
            timer.clear();
        }
    }
}

/// Waits `ms` milliseconds (a browser timer).
pub async fn sleep_ms(ms: u32) {
    let (wake, woken) = oneshot::channel();
    set_timeout(
        move || {
            let _ = wake.send(());
        },
        Duration::from_millis(ms.into()),
    );
    let _ = woken.await;
}
