//! Leaflet (JS and CSS) is copied into the build by Trunk but loaded only
//! when a map is first shown, so list pages never pay for it.

use std::cell::RefCell;

use js_sys::{Array, Promise, Reflect};
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_futures::JsFuture;

const SCRIPT: &str = "leaflet/leaflet.js";
const STYLE: &str = "leaflet/leaflet.css";

thread_local! {
    /// Shared by every map that waits, so Leaflet is requested once.
    static LOADING: RefCell<Option<Promise>> = const { RefCell::new(None) };
}

fn leaflet_present() -> bool {
    Reflect::get(&js_sys::global(), &JsValue::from_str("L"))
        .map(|l| !l.is_undefined())
        .unwrap_or(false)
}

/// Resolves once `L` exists; an error says what could not be loaded. A
/// failed load is forgotten so Retry tries again.
pub async fn ensure_leaflet() -> Result<(), String> {
    if leaflet_present() {
        return Ok(());
    }
    let promise = LOADING.with(|l| l.borrow_mut().get_or_insert_with(start_loading).clone());
    let loaded = JsFuture::from(promise).await.is_ok() && leaflet_present();
    if loaded {
        Ok(())
    } else {
        LOADING.with(|l| l.borrow_mut().take());
        Err(format!(
            "The map library could not be loaded ({SCRIPT}). Reload the page to try again."
        ))
    }
}

/// Adds the stylesheet and the script; the promise settles when both have.
fn start_loading() -> Promise {
    let Some(doc) = web_sys::window().and_then(|w| w.document()) else {
        return Promise::reject(&JsValue::NULL);
    };
    let Some(head) = doc.head() else {
        return Promise::reject(&JsValue::NULL);
    };
    let load = |tag: &str, attrs: &[(&str, &str)]| -> Promise {
        let Ok(el) = doc.create_element(tag) else {
            return Promise::reject(&JsValue::NULL);
        };
        for (name, value) in attrs {
            let _ = el.set_attribute(name, value);
        }
        let done = Promise::new(&mut |resolve, reject| {
            let _ = el.add_event_listener_with_callback("load", &resolve);
            let _ = el.add_event_listener_with_callback("error", &reject);
        });
        let _ = head.append_child(&el);
        done
    };
    let style = load("link", &[("rel", "stylesheet"), ("href", STYLE)]);
    let script = load("script", &[("src", SCRIPT)]);
    Promise::all(&Array::of2(style.unchecked_ref(), script.unchecked_ref()))
}

/// Starts loading Leaflet without waiting, for a page that shows a map once
/// its data has come: the two load side by side. A failure is left to the
/// map, which tries again and says so.
pub fn preload_leaflet() {
    wasm_bindgen_futures::spawn_local(async {
        let _ = ensure_leaflet().await;
    });
}
