//! EzMDM Portal: a Leptos client-side app for the EzMDM REST API.
//!
//! Data flows one way: the URL (route + query) → a page → `api::<item>::<call>`
//! → `api::Api` → fetch, and back as `Result<T, ApiError>`; pages hand plain
//! structs to components. `model` and `api` decode and build without a browser
//! and are unit-tested natively.

pub mod activity;
pub mod api;
mod app;
mod boot;
pub mod bulk;
mod clock;
pub mod components;
pub mod config;
pub mod drafts;
pub mod export;
pub mod json_text;
pub mod list_query;
pub mod model;
mod pages;
mod prefs;
mod recent;
pub mod routes;
pub mod saved_views;
pub mod session;

/// Installs the crash screen, loads `config.json`, and mounts the app.
pub fn start() {
    components::crash::install_panic_hook();
    wasm_bindgen_futures::spawn_local(async {
        let config = config::Config::load().await;
        // What index.html painted is taken over in this one task (src/boot.rs).
        boot::capture();
        // The boot markup goes once the app's view replaces it (the
        // sign-in page, or the router's module once it is in).
        leptos::mount::mount_to_body(move || app::Root(app::RootProps { config }));
    });
}
