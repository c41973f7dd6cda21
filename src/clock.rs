//! The browser's clock and locale, for ages ("3 h ago") and exact times.

use wasm_bindgen::JsCast;

use crate::model::Timestamp;

pub fn now() -> Timestamp {
    Timestamp(js_sys::Date::now() as i64)
}

thread_local! {
    /// `Date.toLocaleString` builds a formatter on every call, most of a
    /// millisecond each (40 ms for a table of fixes); this one is built once
    /// with the options `toLocaleString` uses, so it formats the same.
    static LOCAL_TIME: js_sys::Function = {
        let options = js_sys::Object::new();
        for part in ["year", "month", "day", "hour", "minute", "second"] {
            let _ = js_sys::Reflect::set(&options, &part.into(), &"numeric".into());
        }
        js_sys::Intl::DateTimeFormat::new(&js_sys::Array::new(), &options).format()
    };
}

/// Builds the formatter ahead of need, say while data loads: the first one
/// in a tab loads the locale's data, some 20 ms.
pub fn prepare_local_time() {
    LOCAL_TIME.with(|_| ());
}

/// The moment in the browser's locale and time zone.
pub fn local_time(t: Timestamp) -> String {
    let date = js_sys::Date::new(&(t.millis() as f64).into());
    LOCAL_TIME
        .with(|format| format.call1(&wasm_bindgen::JsValue::NULL, &date))
        .ok()
        .and_then(|text| text.as_string())
        .unwrap_or_default()
}

/// How times are shown, as chosen in the header's display settings (kept in
/// this browser, `prefs.rs`): in the browser's zone or in UTC, and as ages
/// ("3 h ago") or exact times. Exports always carry ISO 8601 with the offset.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct TimeDisplay {
    pub utc: bool,
    pub exact: bool,
}

thread_local! {
    static DISPLAY: std::cell::Cell<Option<TimeDisplay>> = const { std::cell::Cell::new(None) };
    /// Tells what shows times that the setting changed.
    static DISPLAY_CHANGED: leptos::prelude::ArcTrigger = leptos::prelude::ArcTrigger::new();
}

/// The setting, tracked: a view that reads it is drawn again on a change.
pub fn time_display() -> TimeDisplay {
    use leptos::prelude::Track;
    DISPLAY_CHANGED.with(|t| t.track());
    DISPLAY.with(|d| match d.get() {
        Some(display) => display,
        None => {
            let display = crate::prefs::time_display();
            d.set(Some(display));
            display
        }
    })
}

pub fn set_time_display(display: TimeDisplay) {
    use leptos::prelude::Notify;
    crate::prefs::remember_time_display(display);
    DISPLAY.with(|d| d.set(Some(display)));
    DISPLAY_CHANGED.with(|t| t.notify());
}

/// The exact moment as the setting shows it: the browser's locale and zone,
/// or `2026-11-25 10:03:00 UTC`.
pub fn exact_time(t: Timestamp) -> String {
    exact_time_in(time_display(), t)
}

pub fn exact_time_in(display: TimeDisplay, t: Timestamp) -> String {
    if display.utc {
        t.to_utc_text()
    } else {
        local_time(t)
    }
}

/// An age and the exact time, the one the setting puts first:
/// "3 h ago (25/11/2026, 10:03:00)".
pub fn age_and_time(t: Timestamp) -> String {
    let (age, exact) = (crate::model::format_age(now(), t), exact_time(t));
    if time_display().exact {
        format!("{exact} ({age})")
    } else {
        format!("{age} ({exact})")
    }
}

/// A moment in an export: ISO 8601 with the offset of the zone times are
/// shown in (`Z` in UTC).
pub fn export_time(t: Timestamp) -> String {
    if time_display().utc {
        t.to_rfc3339()
    } else {
        // The offset at that moment (summer time differs from winter's).
        let date = js_sys::Date::new(&(t.millis() as f64).into());
        t.to_iso_with_offset(-(date.get_timezone_offset() as i32))
    }
}

/// The browser's time zone by name ("Europe/Berlin"), for the setting's label.
pub fn zone_name() -> String {
    let options = js_sys::Intl::DateTimeFormat::new(&js_sys::Array::new(), &js_sys::Object::new())
        .resolved_options();
    js_sys::Reflect::get(&options, &"timeZone".into())
        .ok()
        .and_then(|z| z.as_string())
        .unwrap_or_else(|| "local time".into())
}

/// `2026-11-25T10:03` in local time, the value of a `datetime-local` input.
pub fn to_local_input(t: Timestamp) -> String {
    let d = js_sys::Date::new(&(t.millis() as f64).into());
    format!(
        "{:04}-{:02}-{:02}T{:02}:{:02}",
        d.get_full_year(),
        d.get_month() + 1,
        d.get_date(),
        d.get_hours(),
        d.get_minutes()
    )
}

/// A `datetime-local` value read in local time; `None` when empty or invalid.
pub fn from_local_input(value: &str) -> Option<Timestamp> {
    if value.trim().is_empty() {
        return None;
    }
    // Without a zone, `Date.parse` reads date-time forms as local time.
    let ms = js_sys::Date::parse(value.trim());
    ms.is_finite().then_some(Timestamp(ms as i64))
}

/// Resolves once the next frame has been painted (an animation frame, then
/// a task after it): work that must not delay what is on its way to the
/// screen waits for this.
pub async fn after_paint() {
    let promise = js_sys::Promise::new(&mut |resolve, _| {
        let Some(window) = web_sys::window() else {
            let _ = resolve.call0(&wasm_bindgen::JsValue::UNDEFINED);
            return;
        };
        let then = wasm_bindgen::closure::Closure::once_into_js(move || {
            if let Some(w) = web_sys::window() {
                let _ = w.set_timeout_with_callback(resolve.unchecked_ref());
            }
        });
        let _ = window.request_animation_frame(then.unchecked_ref());
    });
    let _ = wasm_bindgen_futures::JsFuture::from(promise).await;
}

/// Resolves once the browser is idle after the next paint
/// (`requestIdleCallback`, at most `within_ms` later), or right after the
/// paint where there is no such call (Safari): for work nobody waits for,
/// so what the user does next goes first.
pub async fn when_idle(within_ms: u32) {
    after_paint().await;
    let Some(window) = web_sys::window() else {
        return;
    };
    let idle = js_sys::Reflect::get(&window, &"requestIdleCallback".into())
        .ok()
        .and_then(|f| f.dyn_into::<js_sys::Function>().ok());
    let Some(idle) = idle else {
        return;
    };
    let promise = js_sys::Promise::new(&mut |resolve, _| {
        let options = js_sys::Object::new();
        let _ = js_sys::Reflect::set(&options, &"timeout".into(), &within_ms.into());
        let _ = idle.call2(&window, &resolve, &options);
    });
    let _ = wasm_bindgen_futures::JsFuture::from(promise).await;
}

/// Runs `work` between two marks of the page's performance timeline, as a
/// measure named `name` (what `make bench` reads to tell the portal's own
/// work from the drawing around it).
pub fn measured<T>(name: &str, work: impl FnOnce() -> T) -> T {
    let performance = web_sys::window().and_then(|w| w.performance());
    if let Some(p) = &performance {
        let _ = p.mark(name);
    }
    let out = work();
    if let Some(p) = &performance {
        let _ = p.measure_with_start_mark(name, name);
    }
    out
}
