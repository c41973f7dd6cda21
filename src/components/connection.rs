//! The browser's connection and the user's presence: an offline banner, and
//! an optional sign-out after a time without activity.

use std::time::Duration;

use leptos::prelude::*;

use crate::session::Session;

fn browser_online() -> bool {
    web_sys::window().is_none_or(|w| w.navigator().on_line())
}

/// Runs `f` on each of the window's `events` while the calling component lives.
pub fn on_window_events(events: &[&str], f: impl Fn() + Clone + 'static) {
    for event in events {
        let f = f.clone();
        let handle = window_event_listener_untyped(event, move |_| f());
        on_cleanup(move || handle.remove());
    }
}

/// "You are offline" while the browser is, "Back online" for a moment after.
/// Views that failed meanwhile retry by themselves (see `ErrorPanel`).
#[component]
pub fn ConnectionBanner() -> impl IntoView {
    let online = RwSignal::new(browser_online());
    let back = RwSignal::new(false);
    on_window_events(&["offline"], move || online.set(false));
    on_window_events(&["online"], move || {
        online.set(true);
        back.set(true);
        set_timeout(move || back.set(false), Duration::from_secs(4));
    });
    view! {
        <div class="connection" role="status">
            {move || if !online.get() {
                Some(view! { <p class="connection-banner offline">
                    "You are offline. What is on screen stays; pages load again when the connection returns."
                </p> })
            } else if back.get() {
                Some(view! { <p class="connection-banner online">"Back online."</p> })
            } else {
                None
            }}
        </div>
    }
}

/// Signs out after `minutes` without a key press, click or touch (the
/// runtime config's `idleSignOutMinutes`; 0 leaves it off).
pub fn use_idle_sign_out(minutes: f64) {
    if minutes <= 0.0 {
        return;
    }
    let session = expect_context::<Session>();
    let limit_ms = minutes * 60_000.0;
    let last = StoredValue::new(js_sys::Date::now());
    on_window_events(
        &["pointerdown", "keydown", "wheel", "touchstart"],
        move || {
            last.set_value(js_sys::Date::now());
        },
    );
    let every = Duration::from_millis((limit_ms / 4.0).clamp(250.0, 30_000.0) as u64);
    if let Ok(handle) = set_interval_with_handle(
        move || {
            let idle = js_sys::Date::now() - last.get_value();
            if idle >= limit_ms {
                session.expire(format!(
                    "You were signed out after {} without activity.",
                    duration_text(minutes)
                ));
            }
        },
        every,
    ) {
        on_cleanup(move || handle.clear());
    }
}

fn duration_text(minutes: f64) -> String {
    if minutes >= 1.0 {
        let m = minutes.round() as u64;
        format!("{m} minute{}", if m == 1 { "" } else { "s" })
    } else {
        format!("{} seconds", (minutes * 60.0).round() as u64)
    }
}
