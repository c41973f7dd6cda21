//! What a page shows first, asked for ahead of its view, so the page's own
//! requests find the answers in the query cache, in flight or arrived (the
//! same URLs, one request each): a list's page; an item page's item and
//! the first page of the list on it (a group's users, a user's devices, a
//! device's fixes); the item an edit form opens with, and the first page of
//! the groups a user's form picks from.
//! - on a page load, while the app starts, not once it has mounted:
//!   start-up (the router, the shell, and V8 compiling each wasm function on
//!   its first call) takes 60–90 ms before a page's resource runs, and a page
//!   outside the main module also waits for its module;
//! - on an in-app link, at the press (or the click, from the keyboard): the
//!   router draws the new page (about 20 ms for Devices) before its resource
//!   first runs, and a hand's press comes some 50–100 ms before its click.

use std::future::Future;
use std::task::{Context, Waker};

use leptos::ev;
use leptos::prelude::{window_event_listener, Owner};
use leptos::task::spawn_local;
use wasm_bindgen::JsCast;

use crate::api::{app_api, item, Paging};
use crate::list_query::{caption_of, ListQuery};
use crate::routes::{self, Page};
use crate::session::Session;

/// One GET a page asks for first: the API item, an id, the query.
type Ask = (&'static str, Option<String>, Vec<(&'static str, String)>);

/// What the page at `app_path` (`/devices`, no base) with the query
/// string's `list` asks for before anything else, as its own requests
/// would build them (`api::groups::get`, `api::users::list_in_group`, …),
/// a list at the page size `remembered` for its caption
/// (`pages::list::use_list_query`). Only what needs no earlier answer: a
/// device's owner is not known until the device is in.
fn asked_first(
    app_path: &str,
    list: &ListQuery,
    remembered: impl Fn(&str) -> Option<u32>,
) -> Vec<Ask> {
    let Some(page) = Page::at(app_path) else {
        return Vec::new();
    };
    let paging = |noun: &str| {
        let opened = list.clone().opened_with(remembered(&caption_of(noun)));
        opened.paging().query()
    };
    let id = routes::id_at(app_path);
    let with_id = |item: &'static str, query| id.clone().map(|id| (item, Some(id), query));
    // A first page of 100, as a walk of every page starts (`api::walk::all`):
    // a device's fixes (its latest on its page, every one on its track),
    // the groups a user's form picks from.
    let first_hundred = || Paging::new(1, Paging::MAX_LIMIT).query();
    let asks = match page {
        Page::Groups => vec![Some((item::GROUP, None, paging("groups")))],
        Page::Users => vec![Some((item::USER, None, paging("users")))],
        Page::Devices => vec![Some((item::DEVICE, None, paging("devices")))],
        Page::Group => vec![
            with_id(item::GROUP, vec![]),
            with_id(item::USER, paging("users")),
        ],
        Page::User => vec![
            with_id(item::USER, vec![]),
            with_id(item::DEVICE, paging("devices")),
        ],
        Page::EditGroup => vec![with_id(item::GROUP, vec![])],
        Page::NewUser => vec![Some((item::GROUP, None, first_hundred()))],
        Page::EditUser => vec![
            with_id(item::USER, vec![]),
            Some((item::GROUP, None, first_hundred())),
        ],
        Page::Device | Page::DeviceLocations => {
            vec![
                with_id(item::DEVICE, vec![]),
                with_id(item::LOCATION, first_hundred()),
            ]
        }
        _ => Vec::new(),
    };
    asks.into_iter().flatten().collect()
}

/// Asks for what this page load shows first. Call once, signed in, as the
/// app starts.
pub fn fetch_first_view() {
    let Some(location) = web_sys::window().map(|w| w.location()) else {
        return;
    };
    fetch_view_ahead(
        &location.pathname().unwrap_or_default(),
        &location.search().unwrap_or_default(),
    );
}

/// From now on, a press or click on a link in the app asks for what its
/// page shows first, while signed in. The router takes the click after
/// this (its listener comes later); a link it does not follow (a new tab,
/// a download) costs a request or two into the cache.
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
            app.with(|| fetch_view_ahead(&url.pathname(), &url.search()));
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

/// Asks for what the page at `path` (the URL's path, with the base) and
/// `search` (its query string) shows first.
fn fetch_view_ahead(path: &str, search: &str) {
    let list = ListQuery::parse(|name| routes::query_param(search, name));
    for (item, id, query) in asked_first(routes::app_path(path), &list, crate::prefs::page_size) {
        let api = app_api();
        let mut ask = Box::pin(async move {
            // A failure is the page's to show: its request shares this one.
            let _ = api.fetch_ahead(item, id.as_deref(), &query).await;
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
}

#[cfg(test)]
mod tests {
    use super::*;

    fn asked(app_path: &str, search: &[(&str, &str)]) -> Vec<Ask> {
        asked_remembering(app_path, search, &[])
    }

    /// As [`asked`], with page sizes remembered by list caption.
    fn asked_remembering(
        app_path: &str,
        search: &[(&str, &str)],
        sizes: &[(&str, u32)],
    ) -> Vec<Ask> {
        let list = ListQuery::parse(|name| {
            search
                .iter()
                .find(|(n, _)| *n == name)
                .map(|(_, v)| v.to_string())
        });
        asked_first(app_path, &list, |caption| {
            sizes.iter().find(|(c, _)| *c == caption).map(|(_, s)| *s)
        })
    }

    fn page(limit: u32, page: u32) -> Vec<(&'static str, String)> {
        crate::api::Paging::new(page, limit).query()
    }

    #[test]
    fn a_list_asks_for_its_page_as_the_url_says() {
        assert_eq!(
            asked("/groups", &[]),
            vec![(item::GROUP, None, page(25, 1))]
        );
        assert_eq!(asked("/users/", &[]), vec![(item::USER, None, page(25, 1))]);
        assert_eq!(
            asked("/devices", &[("limit", "100"), ("page", "3")]),
            vec![(item::DEVICE, None, page(100, 3))]
        );
    }

    #[test]
    fn a_list_left_at_the_default_size_asks_for_the_size_remembered() {
        let sizes = [("Devices", 100), ("Users", 50)];
        assert_eq!(
            asked_remembering("/devices", &[], &sizes),
            vec![(item::DEVICE, None, page(100, 1))]
        );
        assert_eq!(
            asked_remembering("/groups/g1", &[], &sizes),
            vec![
                (item::GROUP, Some("g1".to_string()), vec![]),
                (item::USER, Some("g1".to_string()), page(50, 1))
            ]
        );
        // A size in the URL is the URL's; an unremembered list, the default.
        assert_eq!(
            asked_remembering("/devices", &[("limit", "10")], &sizes),
            vec![(item::DEVICE, None, page(10, 1))]
        );
        assert_eq!(
            asked_remembering("/groups", &[], &sizes),
            vec![(item::GROUP, None, page(25, 1))]
        );
    }

    #[test]
    fn an_item_page_asks_for_its_item_and_the_list_on_it() {
        let id = || Some("50%25".to_string());
        assert_eq!(
            asked("/groups/50%2525", &[("page", "2")]),
            vec![(item::GROUP, id(), vec![]), (item::USER, id(), page(25, 2))]
        );
        assert_eq!(
            asked("/users/50%2525", &[]),
            vec![
                (item::USER, id(), vec![]),
                (item::DEVICE, id(), page(25, 1))
            ]
        );
        // The owner and their group need the device's answer first.
        assert_eq!(
            asked("/devices/50%2525", &[("page", "2")]),
            vec![
                (item::DEVICE, id(), vec![]),
                (item::LOCATION, id(), page(100, 1))
            ]
        );
    }

    #[test]
    fn a_form_asks_for_its_item_and_choices_and_a_track_for_its_first_fixes() {
        let id = || Some("abc".to_string());
        assert_eq!(
            asked("/groups/abc/edit", &[]),
            vec![(item::GROUP, id(), vec![])]
        );
        // A user's form also picks their group from every group.
        assert_eq!(
            asked("/users/abc/edit", &[]),
            vec![
                (item::USER, id(), vec![]),
                (item::GROUP, None, page(100, 1))
            ]
        );
        assert_eq!(
            asked("/users/new", &[("group", "abc")]),
            vec![(item::GROUP, None, page(100, 1))]
        );
        assert_eq!(
            asked("/devices/abc/locations", &[("range", "all")]),
            vec![
                (item::DEVICE, id(), vec![]),
                (item::LOCATION, id(), page(100, 1))
            ]
        );
    }

    #[test]
    fn other_pages_ask_for_nothing_ahead() {
        for path in [
            "/groups/new",
            "/groups/import",
            "/map",
            "/map/area",
            "/sign-in",
            "/",
            "/overview",
            "/no-such-page",
        ] {
            assert_eq!(asked(path, &[]), vec![], "{path}");
        }
    }
}
