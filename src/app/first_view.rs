//! On a page load, the first view's list is asked for while the app starts,
//! not once it has mounted: start-up (the router, the shell, and V8
//! compiling each wasm function on its first call) takes 60–90 ms before a
//! page's resource runs, and a page outside the main module also waits for
//! its module. The page's own request then finds the answer in the query
//! cache, in flight or arrived: the same URL, one request.

use std::future::Future;
use std::task::{Context, Waker};

use leptos::task::spawn_local;

use crate::api::{app_api, item};
use crate::list_query::ListQuery;
use crate::routes::Page;

/// The list (its API item) a page load of `app_path` (`/devices`, no base)
/// shows first.
fn list_at(app_path: &str) -> Option<&'static str> {
    match Page::at(app_path)? {
        Page::Groups => Some(item::GROUP),
        Page::Users => Some(item::USER),
        Page::Devices => Some(item::DEVICE),
        _ => None,
    }
}

/// Asks for the page of the list this page load shows, if it shows one.
/// Call once, signed in, as the app starts.
pub fn fetch_first_view() {
    let Some(location) = web_sys::window().map(|w| w.location()) else {
        return;
    };
    let path = location.pathname().unwrap_or_default();
    let Some(list) = list_at(crate::routes::app_path(&path)) else {
        return;
    };
    let search = location.search().unwrap_or_default();
    let params = web_sys::UrlSearchParams::new_with_str(&search).ok();
    let paging = ListQuery::parse(|name| params.as_ref()?.get(name)).paging();
    let api = app_api();
    let mut ask = Box::pin(async move {
        // A failure is the page's to show: its request shares this one.
        let _ = api.fetch_ahead(list, &paging.query()).await;
    });
    // Polled once now, so the request goes out before the app mounts;
    // `spawn_local` alone would first poll it after the mount (30 ms).
    let waker = Waker::noop();
    if ask
        .as_mut()
        .poll(&mut Context::from_waker(waker))
        .is_pending()
    {
        spawn_local(ask);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_the_three_lists_are_asked_ahead() {
        assert_eq!(list_at("/groups"), Some(item::GROUP));
        assert_eq!(list_at("/users/"), Some(item::USER));
        assert_eq!(list_at("/devices"), Some(item::DEVICE));
        assert_eq!(list_at("/devices/abc"), None);
        assert_eq!(list_at("/groups/new"), None);
        assert_eq!(list_at("/map"), None);
        assert_eq!(list_at("/sign-in"), None);
        assert_eq!(list_at("/"), None);
    }
}
