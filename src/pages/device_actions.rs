//! What an admin can do to a device from its page: rename it or change its
//! owner (POST with only the changed field) and send it a push notification
//! (the assumed request).

use leptos::prelude::*;
use leptos::task::spawn_local;

use crate::api::walk::Progress;
use crate::api::{self, use_api};
use crate::components::draft::{use_draft, DraftOffer};
use crate::components::form::{changed_fields, update_body, ChangePreview, FormFooter, TextField};
use crate::components::picker::{PickerOption, SearchPicker};
use crate::components::toast::use_toasts;
use crate::components::unsaved::use_unsaved_changes;
use crate::model::User;

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
    use_unsaved_changes(Signal::derive(changed));
    let draft = use_draft(
        "rename",
        vec![("name", "Device name", name)],
        Signal::derive(changed),
    );

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
            <DraftOffer draft=draft/>
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

/// A user as a choice: "First Last", told apart by the email.
fn user_option(u: User) -> PickerOption {
    PickerOption {
        label: u.display_name(),
        detail: u.email,
        id: u.id,
    }
}

/// Gives the device to another user: a picker over every user of the
/// account, loaded (all pages) when the picker is first focused, since a
/// large account has thousands.
#[component]
pub fn ChangeOwner(
    device_id: String,
    /// The current owner's id (empty when none) and name.
    owner_id: String,
    owner_name: String,
    on_saved: Callback<()>,
) -> impl IntoView {
    let api = use_api();
    let toasts = use_toasts();
    let chosen = RwSignal::new(owner_id.clone());
    let saving = RwSignal::new(false);
    let error = RwSignal::new(None::<String>);
    let field_error = RwSignal::new(None::<String>);
    let wanted = RwSignal::new(false);
    let progress = RwSignal::new(Progress::default());
    let users = LocalResource::new({
        let api = api.clone();
        move || {
            let (api, wanted) = (api.clone(), wanted.get());
            async move {
                if !wanted {
                    return Ok(Vec::new());
                }
                api::users::all(&api, move |p| progress.set(p)).await
            }
        }
    });
    // Until every user is loaded, the current owner is the one choice, so the
    // input shows who owns the device.
    let current = (!owner_id.is_empty()).then(|| PickerOption {
        id: owner_id.clone(),
        label: owner_name.clone(),
        detail: String::new(),
    });
    let options = Memo::new(move |_| {
        users.with(|r| match r {
            Some(Ok(users)) if !users.is_empty() => {
                users.iter().cloned().map(user_option).collect()
            }
            _ => current.iter().cloned().collect::<Vec<_>>(),
        })
    });
    let status = Signal::derive(move || {
        if !wanted.get() {
            return Some("Type a name or email to search every user.".to_string());
        }
        users.with(|r| match r {
            None => {
                let p = progress.get();
                Some(if p.total == 0 {
                    "Loading users…".to_string()
                } else {
                    format!("Loading users: {} of {}", p.loaded, p.total)
                })
            }
            Some(Err(e)) => Some(format!("Users could not be loaded: {e}")),
            Some(Ok(_)) => None,
        })
    });
    let original = StoredValue::new((owner_id, owner_name));
    let changes = Memo::new(move |_| {
        let new_id = chosen.get();
        original.with_value(|(id, name)| {
            changed_fields([("userId", "Owner", id.as_str(), new_id.as_str())])
                .into_iter()
                .map(|c| {
                    c.shown_as(|uid| {
                        if uid == id {
                            return name.clone();
                        }
                        options.with(|all| {
                            all.iter()
                                .find(|o| o.id == uid)
                                .map_or_else(|| uid.to_string(), |o| o.label.clone())
                        })
                    })
                })
                .collect::<Vec<_>>()
        })
    });
    let unchanged = Signal::derive(move || changes.with(Vec::is_empty));
    use_unsaved_changes(Signal::derive(move || !unchanged.get()));

    let on_submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        if saving.get_untracked() || unchanged.get_untracked() {
            return;
        }
        if chosen.with_untracked(String::is_empty) {
            field_error.set(Some("Choose the new owner.".into()));
            return;
        }
        field_error.set(None);
        error.set(None);
        saving.set(true);
        let changes = changes.get_untracked();
        let new_owner = changes
            .first()
            .map(|c| c.shown_after.clone())
            .unwrap_or_default();
        let (api, id) = (api.clone(), device_id.clone());
        spawn_local(async move {
            // Only `userId` is sent: the one field that changes.
            match api::devices::update(&api, &id, &update_body(&changes)).await {
                Ok(()) => {
                    toasts.show(format!("Owner changed to “{new_owner}”."));
                    original.set_value((chosen.get_untracked(), new_owner));
                    on_saved.run(());
                }
                Err(e) => error.set(Some(e.to_string())),
            }
            saving.set(false);
        });
    };

    view! {
        <form class="inline-form" aria-labelledby="owner-title" on:submit=on_submit novalidate>
            <h3 id="owner-title">"Change owner"</h3>
            <div class="picker-host" on:focusin=move |_| if !wanted.get_untracked() { wanted.set(true) }>
                <SearchPicker id="device-owner" label="Owner" options=options selected=chosen
                    status=status error=field_error/>
            </div>
            <ChangePreview changes=changes unchanged_hint="Choose another user to change the owner."/>
            <FormFooter label="Save owner" busy=saving error=error blocked=unchanged/>
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
    let draft = use_draft(
        "push",
        vec![("message", "Message", message)],
        Signal::derive(move || message.with(|m| !m.trim().is_empty())),
    );

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
            <DraftOffer draft=draft/>
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
