//! A panic kills the whole wasm app; instead of a frozen page the user gets
//! a plain screen that says so and offers a reload.

use wasm_bindgen::{closure::Closure, JsCast, JsValue};

/// Shows the crash screen on a panic, and on any other trap of the wasm
/// module (a panic ends in one too: `panic = "abort"` executes
/// `unreachable`, which reaches the page as an uncaught
/// `WebAssembly.RuntimeError`).
pub fn install_panic_hook() {
    std::panic::set_hook(Box::new(|info| {
        web_sys::console::error_1(&format!("EzMDM Portal crashed: {info}").into());
        show_crash_screen();
    }));
    let Some(window) = web_sys::window() else {
        return;
    };
    let on_error = Closure::<dyn Fn(web_sys::ErrorEvent)>::new(|event: web_sys::ErrorEvent| {
        if is_wasm_trap(&event.error()) {
            show_crash_screen();
        }
    });
    let _ = window.add_event_listener_with_callback("error", on_error.as_ref().unchecked_ref());
    // For the page's whole life.
    on_error.forget();
}

fn is_wasm_trap(error: &JsValue) -> bool {
    error.is_instance_of::<js_sys::WebAssembly::RuntimeError>()
}

fn show_crash_screen() {
    let Some(document) = web_sys::window().and_then(|w| w.document()) else {
        return;
    };
    // A panic and the trap it ends in both land here: one screen.
    if document
        .query_selector(".crash-screen")
        .ok()
        .flatten()
        .is_some()
    {
        return;
    }
    let Some(body) = document.body() else { return };
    let Ok(screen) = document.create_element("div") else {
        return;
    };
    screen.set_class_name("crash-screen");
    let _ = screen.set_attribute("role", "alertdialog");
    let _ = screen.set_attribute("aria-labelledby", "crash-title");
    // Text nodes only: nothing from the panic message is rendered as markup.
    let parts = [
        ("h1", "Something broke"),
        ("p", "The portal hit an unexpected error and stopped. Your API key and any unsaved changes in a form are still in this tab; reloading brings you back to where you were."),
    ];
    for (tag, text) in parts {
        if let Ok(el) = document.create_element(tag) {
            if tag == "h1" {
                el.set_id("crash-title");
            }
            el.set_text_content(Some(text));
            let _ = screen.append_child(&el);
        }
    }
    if let Ok(button) = document.create_element("button") {
        button.set_text_content(Some("Reload"));
        let reload = wasm_bindgen::closure::Closure::<dyn FnMut()>::new(|| {
            if let Some(w) = web_sys::window() {
                let _ = w.location().reload();
            }
        });
        let _ = button.add_event_listener_with_callback("click", reload.as_ref().unchecked_ref());
        reload.forget();
        let _ = screen.append_child(&button);
    }
    let _ = body.append_child(&screen);
}
