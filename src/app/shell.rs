use leptos::prelude::*;
use leptos_router::components::{Outlet, A};

use crate::components::connection::{use_idle_sign_out, ConnectionBanner};
use crate::components::menu::MenuState;
use crate::components::time_settings::TimeSettings;
use crate::components::toast::ToastRegion;
use crate::config::Config;
use crate::routes::{self, Route};
use crate::session::Session;

/// Header, navigation and main area around every signed-in page. A
/// signed-out visitor is sent to sign-in and brought back here afterwards.
#[component]
pub fn Shell() -> impl IntoView {
    let session = expect_context::<Session>();
    let config = expect_context::<Config>();
    let go = routes::use_go();
    use_idle_sign_out(config.idle_sign_out_minutes);
    super::lazy_routes::preload_when_idle();
    let dialogs = super::shortcuts::install();

    Effect::new({
        let go = go.clone();
        move |_| {
            if !session.is_signed_in() {
                // Sign out navigates to sign-in before it forgets the key, so
                // this may run with the sign-in page already there: no
                // `?next=` back to itself then.
                let here = routes::current_app_path();
                if !routes::is_sign_in(&here) {
                    go(&routes::sign_in_href(&here), true);
                }
            }
        }
    });

    let sign_out = move |_| {
        let stop = "A bulk change is being sent. Sign out and stop it? The rows being sent are answered; the rest are not sent.";
        if crate::bulk::is_sending()
            && !web_sys::window()
                .and_then(|w| w.confirm_with_message(stop).ok())
                .unwrap_or(true)
        {
            return;
        }
        go(&Route::SignIn.href(), false);
        session.sign_out();
    };

    view! {
        <Show when=move || session.is_signed_in()>
            <header class="app-header">
                <a class="brand" href=Route::Overview.href()>{config.title.clone()}</a>
                <nav class="main-nav" aria-label="Main">
                    <A href=Route::Overview.href()>"Overview"</A>
                    <A href=Route::Groups.href()>"Groups"</A>
                    <A href=Route::Users.href()>"Users"</A>
                    <A href=Route::Devices.href()>"Devices"</A>
                    <A href=Route::FleetMap(None).href()>"Map"</A>
                    <A href=Route::Activity("").href()>"Activity"</A>
                </nav>
                <button type="button" class="palette-open secondary" aria-haspopup="dialog"
                    on:click=move |_| dialogs.open_palette()>
                    "Search…" <kbd class="palette-keys">"Ctrl K"</kbd>
                </button>
                <div class="session-box">
                    <TimeSettings menu=MenuState::default()/>
                    <span class="key-mask" title="The last four characters of your API key">
                        "Key " {move || session.masked_key()}
                    </span>
                    <button type="button" class="secondary" on:click=sign_out.clone()>"Sign out"</button>
                </div>
            </header>
            <ConnectionBanner/>
            <main id="main" class="content">
                <Outlet/>
            </main>
            <ToastRegion/>
        </Show>
        <div id="dialogs"></div>
    }
}
