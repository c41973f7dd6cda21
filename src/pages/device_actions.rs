//! What an admin can do to a device from its page: rename it (POST with only
//! the changed field) and send it a push notification (the assumed request).

use leptos::prelude::*;
use leptos::task::spawn_local;

use crate::api::{self, use_api};
use crate::components::form::{FormFooter, TextField};
use crate::components::toast::use_toasts;

pub const PUSH_MESSAGE_MAX: usize = 500;

#[component]
pub fn RenameDevice(device_id: String, current: String, on_saved: Callback<()>) -> impl IntoView {
    let api = use_api();
    let toasts = use_toasts();
    let name = RwSignal::new(current.clone());
    let saving = RwSignal::new(false);
    let error = RwSignal::new(None::<String>);
    let field_error = RwSignal::new(None::<String>);
    let original = StoredValue::new(current);
    let changed = move || name.with(|n| n.trim() != original.with_value(|o| o.trim().to_string()));

    let on_submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        if saving.get_untracked() || !changed() {
            return;
        }
        let new_name = name.get_untracked().trim().to_string();
        if new_name.is_empty() {
            field_error.set(Some("Enter a name for the device.".into()));
            return;
        }
        field_error.set(None);
        error.set(None);
        saving.set(true);
        let (api, id) = (api.clone(), device_id.clone());
        spawn_local(async move {
            // Only the field that changed is sent.
            match api::devices::update(&api, &id, &[("name", new_name.clone())]).await {
                Ok(()) => {
                    toasts.show(format!("Device renamed to “{new_name}”."));
                    original.set_value(new_name);
                    on_saved.run(());
                }
                Err(e) => error.set(Some(e.to_string())),
            }
            saving.set(false);
        });
    };

    view! {
        <form class="inline-form" aria-labelledby="rename-title" on:submit=on_submit novalidate>
            <h3 id="rename-title">"Rename"</h3>
            <TextField id="device-name" label="Device name" value=name required=true error=field_error.into()/>
            <p class="change-summary" aria-live="polite">
                {move || changed().then(|| format!(
                    "Will change the name from “{}” to “{}”.",
                    original.get_value(),
                    name.get().trim()
                ))}
            </p>
            <FormFooter label="Save name" busy=saving error=error blocked=Signal::derive(move || !changed())/>
        </form>
    }
}

#[component]
pub fn PushNotification(device_id: String) -> impl IntoView {
    let api = use_api();
    let message = RwSignal::new(String::new());
    let sending = RwSignal::new(false);
    let outcome = RwSignal::new(None::<Result<String, String>>);
    let field_error = Signal::derive(move || {
        (message.with(|m| m.trim().chars().count()) > PUSH_MESSAGE_MAX)
            .then(|| format!("Use at most {PUSH_MESSAGE_MAX} characters."))
    });

    let on_submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        if sending.get_untracked() || field_error.get_untracked().is_some() {
            return;
        }
        sending.set(true);
        outcome.set(None);
        let (api, id, text) = (api.clone(), device_id.clone(), message.get_untracked());
        spawn_local(async move {
            // The server's answer is shown as it is: a server that does not
            // know the (assumed) push request answers with an error.
            let result = api::push::send(&api, &id, &text).await;
            outcome.set(Some(match result {
                Ok(notification) => {
                    message.set(String::new());
                    Ok(format!("Push notification sent (id {notification})."))
                }
                Err(e) => Err(format!("The push notification was not sent: {e}")),
            }));
            sending.set(false);
        });
    };

    view! {
        <form class="inline-form" aria-labelledby="push-title" on:submit=on_submit novalidate>
            <h3 id="push-title">"Send push notification"</h3>
            <TextField id="push-message" label="Message" value=message multiline=true error=field_error
                hint="Optional. Shown on the device; leave empty for a silent push."/>
            {move || outcome.get().map(|o| match o {
                Ok(text) => view! { <p class="form-ok" role="status">{text}</p> }.into_any(),
                Err(text) => view! { <p class="form-error" role="alert">{text}</p> }.into_any(),
            })}
            <FormFooter label="Send push notification" busy_label="Sending…" busy=sending/>
        </form>
    }
}
