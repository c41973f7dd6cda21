//! What an admin can do to a device from its page: rename it or change its
//! owner (POST with only the changed field) and send it a push notification
//! (the assumed request). Each is the item form over some of its fields.

use leptos::prelude::*;

use super::{use_choices, LoadChoices};
use crate::api::{self, use_api};
use crate::components::form::{Choices, Failure, FormFields, FormSetup, FormView, ItemForm, Saved};
use crate::components::picker::PickerOption;
use crate::model::{DeviceField, PushMessage, Values};

/// A form over one field of a device: POST only that field when it
/// changed, then `on_saved`, with a toast saying `done(values, choices)`.
/// Logged as `action` on the device called `name`.
fn device_form(
    device_id: String,
    field: &'static [DeviceField],
    saved: Values<DeviceField>,
    on_saved: Callback<()>,
    (action, name): (&'static str, String),
    done: impl Fn(&Values<DeviceField>) -> String + 'static,
) -> ItemForm<DeviceField> {
    let api = use_api();
    let href = crate::routes::Route::Device(&device_id).href();
    ItemForm::new(
        FormSetup::edit(saved)
            .only(field)
            .logged(action, move |_| name.clone(), Some(href)),
        move |device, changes| {
            let (api, id) = (api.clone(), device_id.clone());
            let toast = done(&device);
            async move {
                api::devices::update(&api, &id, &changes).await?;
                on_saved.run(());
                Ok(Saved::Stay { toast })
            }
        },
    )
}

#[component]
pub fn RenameDevice(device_id: String, current: String, on_saved: Callback<()>) -> impl IntoView {
    let saved = Values::default().with(DeviceField::Name, current.clone());
    let form = device_form(
        device_id,
        &[DeviceField::Name],
        saved,
        on_saved,
        ("Rename device", current),
        |device| format!("Device renamed to “{}”.", device.trimmed(DeviceField::Name)),
    );
    view! {
        <FormView form=form heading="Rename" submit="Save name">
            <FormFields form=form/>
        </FormView>
    }
}

/// Gives the device to another user: a picker over every user of the
/// account, loaded (all pages) when the picker is first focused, since a
/// large account has thousands.
#[component]
pub fn ChangeOwner(
    device_id: String,
    device_name: String,
    /// The current owner's id (empty when none) and name.
    owner_id: String,
    owner_name: String,
    on_saved: Callback<()>,
) -> impl IntoView {
    let api = use_api();
    let wanted = RwSignal::new(false);
    // Until every user is loaded, the current owner is the one choice, so
    // the input shows who owns the device.
    let current = (!owner_id.is_empty()).then(|| PickerOption {
        id: owner_id.clone(),
        label: owner_name,
        detail: String::new(),
    });
    let (options, status) = use_choices(
        "users",
        LoadChoices::When {
            wanted: wanted.into(),
            until: "Type a name or email to search every user.",
        },
        current.into_iter().collect(),
        move |progress| {
            let api = api.clone();
            async move { api::users::all(&api, progress).await }
        },
        super::user_choice,
    );
    let saved = Values::default().with(DeviceField::Owner, owner_id);
    // Only the owner is sent: the one field that changes.
    let form = device_form(
        device_id,
        &[DeviceField::Owner],
        saved,
        on_saved,
        ("Change owner", device_name),
        move |device| {
            let owner = device.trimmed(DeviceField::Owner);
            let name = options.with_untracked(|all| {
                all.iter()
                    .find(|o| o.id == owner)
                    .map_or(owner.to_string(), |o| o.label.clone())
            });
            format!("Owner changed to “{name}”.")
        },
    );
    view! {
        <FormView form=form heading="Change owner" submit="Save owner"
            unchanged_hint="Choose another user to change the owner.">
            <div class="picker-host" on:focusin=move |_| if !wanted.get_untracked() { wanted.set(true) }>
                <FormFields form=form choices=Choices { options, status }/>
            </div>
        </FormView>
    }
}

#[component]
pub fn PushNotification(device_id: String, device_name: String) -> impl IntoView {
    let api = use_api();
    let href = crate::routes::Route::Device(&device_id).href();
    let setup = FormSetup::add(PushMessage::default()).logged(
        "Push notification",
        move |_| device_name.clone(),
        Some(href),
    );
    let form = ItemForm::new(setup, move |message, _| {
        let (api, id) = (api.clone(), device_id.clone());
        async move {
            // The server's answer is shown as it is: a server that does not
            // know the (assumed) push request answers with an error.
            match api::push::send(&api, &id, &message).await {
                Ok(notification) => Ok(Saved::Sent {
                    note: format!("Push notification sent (id {notification})."),
                }),
                Err(e) => Err(Failure {
                    message: format!("The push notification was not sent: {e}"),
                    ..e.into()
                }),
            }
        }
    });
    view! {
        <FormView form=form heading="Send push notification" submit="Send push notification"
            busy_label="Sending…">
            <FormFields form=form/>
        </FormView>
    }
}
