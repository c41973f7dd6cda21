use leptos::prelude::*;
use leptos::task::spawn_local;

use crate::api::{self, Api};
use crate::config::Config;
use crate::routes;
use crate::session::Session;

/// An API base is a same-origin path or an http(s) URL.
fn check_base(base: &str) -> Result<Option<String>, String> {
    let base = base.trim();
    if base.is_empty() {
        Ok(None)
    } else if base.starts_with('/') && !base.starts_with("//")
        || base.starts_with("https://")
        || base.starts_with("http://")
    {
        Ok(Some(base.trim_end_matches('/').to_string()))
    } else {
        Err(format!(
            "The API base must be a path like /api/v1 or a URL like https://mdm.example.com/api/v1, not “{base}”."
        ))
    }
}

/// What the page around the sign-in form does with it: the app's root
/// before the router's code is in, the router's sign-in route after a sign
/// out. The page itself names no router.
#[derive(Clone, Copy)]
pub struct SignInHost {
    /// Called as a key is first typed: fetch what signing in will need.
    pub prepare: Callback<()>,
    /// Called with where to go (an href) once the key is kept.
    pub proceed: Callback<String>,
    /// The `?next=` of the page (the router's own reading, in the router).
    pub next: Callback<(), Option<String>>,
}

#[component]
pub fn SignInPage() -> impl IntoView {
    let session = expect_context::<Session>();
    let config = expect_context::<Config>();
    let host = expect_context::<SignInHost>();
    let go = move || {
        host.proceed
            .run(routes::safe_next(host.next.run(()).as_deref()))
    };

    // Already signed in (e.g. Back after signing in): straight on.
    Effect::new(move |_| {
        if session.is_signed_in() {
            go();
        }
    });
    let prepared = StoredValue::new(false);
    let prepare = move || {
        if !prepared.get_value() {
            prepared.set_value(true);
            host.prepare.run(());
        }
    };

    // The form index.html painted before the app ran, taken over as it was.
    let boot = crate::boot::take().unwrap_or_default();
    if !boot.key.is_empty() {
        prepare();
    }
    let key = RwSignal::new(boot.key.clone());
    let show_key = RwSignal::new(boot.show_key);
    let base = RwSignal::new(if boot.base.is_empty() {
        session.api_base_untracked().unwrap_or_default()
    } else {
        boot.base.clone()
    });
    let error = RwSignal::new(None::<String>);
    let checking = RwSignal::new(false);
    let default_base = config.api_base.clone();
    let advanced_open = boot.advanced_open;

    let submit = move || {
        if checking.get_untracked() {
            return;
        }
        let entered = key.get_untracked().trim().to_string();
        if entered.is_empty() {
            error.set(Some("Enter your API key.".into()));
            return;
        }
        let base_override = match check_base(&base.get_untracked()) {
            Ok(b) => b,
            Err(e) => {
                error.set(Some(e));
                return;
            }
        };
        error.set(None);
        checking.set(true);
        prepare();
        let api_base = base_override
            .clone()
            .unwrap_or_else(|| default_base.clone());
        spawn_local(async move {
            // One cheap request proves the key before it is kept.
            let api = Api::unsigned(
                api_base,
                entered.clone(),
                config.request_timeout_seconds,
                session,
            );
            match api::groups::prove_key(&api).await {
                Ok(_) => {
                    session.sign_in(entered, base_override);
                    go();
                }
                Err(e) => {
                    error.set(Some(e.to_string()));
                    checking.set(false);
                }
            }
        });
    };

    let on_submit = {
        let submit = submit.clone();
        move |ev: leptos::ev::SubmitEvent| {
            ev.prevent_default();
            submit();
        }
    };
    // Once this form is in the page: the focus where it was in the boot
    // form, and a Sign in pressed there sent now.
    Effect::new(move |_| {
        crate::boot::finish();
        boot.restore_focus();
        if boot.submitted {
            submit();
        }
    });

    view! {
        <main class="sign-in" id="main">
            <form class="sign-in-card" on:submit=on_submit novalidate>
                <h1>{config.title.clone()}</h1>
                <p class="lede">"Sign in with your EzMDM account's API key."</p>
                {move || session.notice().map(|n| view! { <p class="notice" role="status">{n}</p> })}
                <label for="api-key">"API key"</label>
                <div class="key-row">
                    <input id="api-key" name="api-key" autocomplete="off" spellcheck="false"
                        type=move || if show_key.get() { "text" } else { "password" }
                        aria-invalid=move || error.get().is_some().to_string()
                        aria-describedby="sign-in-error"
                        prop:value=move || key.get()
                        on:input=move |ev| {
                            prepare();
                            key.set(event_target_value(&ev));
                        }/>
                    <button type="button" class="secondary"
                        aria-pressed=move || show_key.get().to_string()
                        aria-controls="api-key"
                        on:click=move |_| show_key.update(|s| *s = !*s)>
                        {move || if show_key.get() { "Hide key" } else { "Show key" }}
                    </button>
                </div>
                <details class="advanced" open=advanced_open>
                    <summary>"Advanced"</summary>
                    <label for="api-base">"API base"</label>
                    <input id="api-base" name="api-base" type="text" spellcheck="false"
                        placeholder=config.api_base.clone()
                        prop:value=move || base.get()
                        on:input=move |ev| base.set(event_target_value(&ev))/>
                    <p class="hint">"Leave empty to use " <code>{config.api_base.clone()}</code> "."</p>
                </details>
                <p id="sign-in-error" class="form-error" role="alert">{move || error.get()}</p>
                <button type="submit" class="primary" disabled=move || checking.get()>
                    {move || if checking.get() { "Signing in…" } else { "Sign in" }}
                </button>
                <p class="hint">"The key stays in this browser tab only, and is forgotten when you sign out or close the tab."</p>
            </form>
        </main>
    }
}
