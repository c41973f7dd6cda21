//! "Leave without saving?": a form with unsaved changes asks before the user
//! follows an in-app link (the router's own anchor clicks) or reloads or
//! closes the tab (`beforeunload`).
//!
//! Back and Forward are not asked about: the router has already moved when
//! `popstate` fires, and undoing that would need history tricks that fight
//! the router. Nothing is lost all the same: the form's draft is kept and
//! offered again on return (`components::draft`). Programmatic navigation (after a successful save) never asks.

use std::cell::RefCell;

use leptos::prelude::*;
use send_wrapper::SendWrapper;
use wasm_bindgen::{closure::Closure, JsCast, JsValue};

pub const LEAVE_QUESTION: &str = "Leave without saving? Your changes will be lost.";

thread_local! {
    /// The click last confirmed, so two dirty forms on one page ask once.
    static CONFIRMED: RefCell<Option<web_sys::Event>> = const { RefCell::new(None) };
}

/// Asks before leaving while `dirty` is true; the listeners go with the
/// component that calls it.
pub fn use_unsaved_changes(dirty: Signal<bool>) {
    use_leave_question(dirty, LEAVE_QUESTION)
}

/// Asks `question` before leaving while `dirty` is true (work under way
/// that leaving would stop).
pub fn use_leave_question(dirty: Signal<bool>, question: &'static str) {
    let Some(window) = web_sys::window() else {
        return;
    };
    let Some(document) = window.document() else {
        return;
    };
    let is_dirty = move || dirty.try_get_untracked().unwrap_or(false);

    // Capture phase on the document runs before the router's click handler
    // on the window, so refusing stops the navigation before it starts.
    let on_click = Closure::<dyn Fn(web_sys::Event)>::new({
        let window = window.clone();
        move |ev: web_sys::Event| {
            if !is_dirty() || !follows_link(&ev) {
                return;
            }
            let already = CONFIRMED.with(|c| {
                c.borrow()
                    .as_ref()
                    .is_some_and(|seen| js_sys::Object::is(seen, &ev))
            });
            if already {
                return;
            }
            if window.confirm_with_message(question).unwrap_or(true) {
                CONFIRMED.with(|c| *c.borrow_mut() = Some(ev));
            } else {
                ev.prevent_default();
                ev.stop_immediate_propagation();
            }
        }
    });
    // Browsers show their own wording; returnValue must be set for older ones.
    let on_before_unload = Closure::<dyn Fn(web_sys::Event)>::new(move |ev: web_sys::Event| {
        if is_dirty() {
            ev.prevent_default();
            let _ = js_sys::Reflect::set(&ev, &"returnValue".into(), &JsValue::from_str(""));
        }
    });
    let _ = document.add_event_listener_with_callback_and_bool(
        "click",
        on_click.as_ref().unchecked_ref(),
        true,
    );
    let _ = window.add_event_listener_with_callback(
        "beforeunload",
        on_before_unload.as_ref().unchecked_ref(),
    );

    let listeners = SendWrapper::new((document, window, on_click, on_before_unload));
    on_cleanup(move || {
        let (document, window, on_click, on_before_unload) = listeners.take();
        let _ = document.remove_event_listener_with_callback_and_bool(
            "click",
            on_click.as_ref().unchecked_ref(),
            true,
        );
        let _ = window.remove_event_listener_with_callback(
            "beforeunload",
            on_before_unload.as_ref().unchecked_ref(),
        );
    });
}

/// A plain left click on a link that would navigate this tab (not a new tab,
/// not a download, not a same-page `#anchor`).
fn follows_link(ev: &web_sys::Event) -> bool {
    let Some(mouse) = ev.dyn_ref::<web_sys::MouseEvent>() else {
        return false;
    };
    if ev.default_prevented()
        || mouse.button() != 0
        || mouse.meta_key()
        || mouse.ctrl_key()
        || mouse.shift_key()
        || mouse.alt_key()
    {
        return false;
    }
    let Some(anchor) = ev
        .target()
        .and_then(|t| t.dyn_into::<web_sys::Element>().ok())
        .and_then(|el| el.closest("a[href]").ok().flatten())
    else {
        return false;
    };
    let target = anchor.get_attribute("target").unwrap_or_default();
    let href = anchor.get_attribute("href").unwrap_or_default();
    (target.is_empty() || target == "_self")
        && !anchor.has_attribute("download")
        && !href.starts_with('#')
}
