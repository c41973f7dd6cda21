//! A list's page asked for ahead of its view, so the page's own request
//! finds the answer in the query cache, in flight or arrived (the same URL,
//! one request):
//! - on a page load, while the app starts, not once it has mounted:
//!   start-up (the router, the shell, and V8 compiling each wasm function on
//!   its first call) takes 60–90 ms before a page's resource runs, and a page
//!   outside the main module also waits for its module;
//! - on an in-app link to a list, at the press (or the click, from the
//!   keyboard): the router draws the new page (about 20 ms for Devices)
//!   before its resource first runs, and a hand's press comes some 50–100 ms
//!   before its click.

use std::future::Future;
use std::task::{Context, Waker};

use leptos::ev;
use leptos::prelude::{window_event_listener, Owner};
use leptos::task::spawn_local;
use wasm_bindgen::JsCast;

use crate::api::{app_api, item};
use crate::list_query::ListQuery;
use crate::routes::Page;
use crate::session::Session;

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
    fetch_list_ahead(
        &location.pathname().unwrap_or_default(),
        &location.search().unwrap_or_default(),
    );
}

/// From now on, a press or click on a link to a list in the app asks for
/// its page, while signed in. The router takes the click after this (its
/// listener comes later); a link it does not follow (a new tab, a
/// download) costs one request into the cache.
pub fn fetch_ahead_on_links(session: Session) {
    // The app's contexts (its client, the query cache), outside its renders.
    let Some(app) = Owner::current() else {
        return;
    };
    let ahead = move |ev: &web_sys::MouseEvent| {
        if ev.button() != 0
            || ev.meta_key()
            || ev.ctrl_key()
            || ev.shift_key()
            || ev.alt_key()
            || ev.default_prevented()
            || !session.is_signed_in_untracked()
        {
            return;
        }
        let Some(link) = ev
            .target()
            .and_then(|t| t.dyn_into::<web_sys::Element>().ok())
            .and_then(|el| el.closest("a[href]").ok().flatten())
            .and_then(|el| el.dyn_into::<web_sys::HtmlAnchorElement>().ok())
        else {
            return;
        };
        if !matches!(link.target().as_str(), "" | "_self") || link.has_attribute("download") {
            return;
        }
        let Some(here) = web_sys::window().and_then(|w| w.location().origin().ok()) else {
            return;
        };
        let Ok(url) = web_sys::Url::new(&link.href()) else {
            return;
        };
        if url.origin() == here {
            app.with(|| fetch_list_ahead(&url.pathname(), &url.search()));
        }
    };
    // For as long as the app runs: it is never unmounted.
    let ahead = std::rc::Rc::new(ahead);
    let on_press = ahead.clone();
    std::mem::forget(window_event_listener(ev::pointerdown, move |ev| {
        on_press(&ev)
    }));
    std::mem::forget(window_event_listener(ev::click, move |ev| ahead(&ev)));
}

/// Asks for the page of the list at `path` (the URL's path, with the base)
/// and `search` (its query string), if it shows one.
fn fetch_list_ahead(path: &str, search: &str) {
    let Some(list) = list_at(crate::routes::app_path(path)) else {
        return;
    };
    let params = web_sys::UrlSearchParams::new_with_str(search).ok();
    let paging = ListQuery::parse(|name| params.as_ref()?.get(name)).paging();
    let api = app_api();
    let mut ask = Box::pin(async move {
        // A failure is the page's to show: its request shares this one.
        let _ = api.fetch_ahead(list, &paging.query()).await;
    });
    // Polled once now, so the request goes out before anything is drawn;
    // `spawn_local` alone would first poll it after (30 ms on a page load).
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
