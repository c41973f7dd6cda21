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
