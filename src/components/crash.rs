//! A panic kills the whole wasm app; instead of a frozen page the user gets
//! a plain screen that says so and offers a reload.

use wasm_bindgen::JsCast;

pub fn install_panic_hook() {
    std::panic::set_hook(Box::new(|info| {
        web_sys::console::error_1(&format!("EzMDM Portal crashed: {info}").into());
        show_crash_screen();
    }));
}

fn show_crash_screen() {
    let Some(document) = web_sys::window().and_then(|w| w.document()) else {
        return;
    };
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
        ("p", "The portal hit an unexpected error and stopped. Your API key is still in this tab; reloading brings you back to where you were."),
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
