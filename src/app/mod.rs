//! The app. Its root, in the main module, holds what every page load needs
//! (config, session, the query cache and the devices known to have a fix)
//! and shows the sign-in page while the tab holds no key. The router over
//! the route table (`routes::Page`) and the shell around every signed-in
//! page, with its keyboard shortcuts and command palette, are in the `lists`
//! module, with the overview and every list: fetched once there is a key (as
//! a key is first typed, on a signed-out visit), beside the main module on a
//! signed-in page load. Not a module of their own: the split step makes a
//! shared chunk for each set of modules sharing code, and a module sharing
//! code with every page module took the chunks from 11 to 24 and made a
//! page load a third slower (README). The other pages' code is downloaded
//! when first shown.

mod lazy_routes;
mod palette;
mod router;
mod shell;
mod shortcuts;
mod view_ahead;

use leptos::prelude::*;
use leptos::task::spawn_local;
use leptos::wasm_split::{wasm_split, SplitLoaderError};

use crate::api::cache::QueryCache;
use crate::api::known_fixes::KnownFixes;
use crate::components::status::ErrorPanel;
use crate::config::Config;
use crate::pages::{SignInHost, SignInPage};
use crate::routes::{self, Page};
use crate::session::Session;

#[wasm_split(lists, wasm_split_path = ::leptos::wasm_split, fallible, preload(app_preload))]
fn app_view(owner: Owner) -> Result<AnyView, SplitLoaderError> {
    // Under the root's owner: its contexts, and dropped with it.
    Ok(owner.with(|| view! { <router::App/> }.into_any()))
}

/// Starts downloading the router's module (once; later calls share it).
fn prepare_app() {
    spawn_local(async {
        let _ = app_preload().await;
    });
}

#[component]
pub fn Root(config: Config) -> impl IntoView {
    if let Some(doc) = web_sys::window().and_then(|w| w.document()) {
        doc.set_title(&config.title);
    }
    provide_context(config);
    let session = Session::restore();
    provide_context(session);
    // Answers read with one key are never shown after signing out.
    let cache = QueryCache::default();
    provide_context(cache.clone());
    let fixes = KnownFixes::default();
    provide_context(fixes.clone());
    Effect::new(move |_| {
        if !session.is_signed_in() {
            cache.clear();
            fixes.clear();
        }
    });

    // Without a key, a page of the portal is the sign-in page, with this
    // one to come back to; any other path is the router's "not found".
    let here = routes::current_app_path();
    let signed_out =
        !session.is_signed_in_untracked() && Page::at(routes::path_of(&here)).is_some();
    if signed_out && !routes::is_sign_in(&here) {
        routes::replace_url(&routes::sign_in_href(&here));
    }
    if session.is_signed_in_untracked() {
        view_ahead::fetch_first_view();
    }

    let routed = RwSignal::new(!signed_out);
    let proceeding = StoredValue::new(false);
    let root = Owner::current().unwrap_or_default();
    provide_context(SignInHost {
        prepare: Callback::new(|_| prepare_app()),
        next: Callback::new(|_| routes::next_param()),
        proceed: Callback::new(move |href: String| {
            if proceeding.get_value() {
                return;
            }
            proceeding.set_value(true);
            let root = root.clone();
            spawn_local(async move {
                // The form stays as it is ("Signing in…") until the app's
                // code is in; a failed download is shown (and retried) by
                // `RoutedApp`.
                let _ = app_preload().await;
                routes::replace_url(&href);
                root.with(view_ahead::fetch_first_view);
                routed.set(true);
            });
        }),
    });

    move || {
        if routed.get() {
            view! { <RoutedApp/> }.into_any()
        } else {
            view! { <SignInPage/> }.into_any()
        }
    }
}

/// The router's view once its module is in. Until then the page shows what
/// `index.html` painted (or the sign-in form that was proceeding); a failed
/// download shows an error with Retry.
#[component]
fn RoutedApp() -> impl IntoView {
    let loaded = RwSignal::new(false);
    let failed = RwSignal::new(false);
    // The view, taken once when it is drawn (a view is not `Clone`).
    let slot = StoredValue::new_local(None::<AnyView>);
    let owner = Owner::current().unwrap_or_default();
    let load = move || {
        failed.set(false);
        let owner = owner.clone();
        spawn_local(async move {
            match app_view(owner).await {
                Ok(view) => {
                    slot.set_value(Some(view));
                    loaded.set(true);
                }
                Err(e) => {
                    leptos::logging::error!("lists: {e}");
                    failed.set(true);
                }
            }
        });
    };
    load();
    move || {
        if loaded.get() {
            crate::boot::finish();
            return slot.try_update_value(Option::take).flatten().into_any();
        }
        if !failed.get() {
            return ().into_any();
        }
        crate::boot::finish();
        let load = load.clone();
        view! {
            <main id="main" class="content">
                <ErrorPanel
                    message="The portal could not be downloaded. Check the connection, then retry."
                        .to_string()
                    on_retry=Callback::new(move |_| load())
                />
            </main>
        }
        .into_any()
    }
}
