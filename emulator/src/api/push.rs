//! `push`: send a push notification to a device, and list what was sent.
//!
//! ASSUMED REQUEST. The vendor says the API can trigger push notifications but documents no
//! request for it. The portal and this emulator agree on:
//! `PUT /api/v1/{key}/push` with form `deviceId=<id>&message=<optional text, ≤ 500 chars>`,
//! answering `{"success":true,"data":"<notification id>"}`. `GET push` and
//! `GET push/{deviceId}` list what was sent (`id, deviceId, message, sentAt`) so tests can
//! check it; those two are emulator-only.

use axum::extract::State;
use axum::response::Response;
use axum::routing::MethodRouter;

use super::error::ApiError;
use super::form::Form;
use super::item::{self, Item};
use super::{envelope, get_device_list, get_list, shown, MESSAGE_MAX, NAME_MAX};
use crate::db::models::Push;
use crate::db::queries;
use crate::state::AppState;
use crate::time::{now_unix, Timestamp};

const ALLOWED: &[&str] = &["deviceId", "message"];
const READ_ONLY: &[&str] = &["id", "sentAt"];

pub fn collection() -> MethodRouter<AppState> {
    get_list(queries::pushes).put(add).post(change_refused)
}

pub fn member() -> MethodRouter<AppState> {
    get_device_list(queries::pushes_of_device)
        .put(item::put_with_id)
        .post(change_refused)
}

async fn change_refused() -> ApiError {
    ApiError::method_not_allowed(
        "Push notifications cannot be changed once sent",
        Item::Push.allow(),
    )
}

async fn add(State(state): State<AppState>, form: Form) -> Result<Response, ApiError> {
    let mut store = state.store();
    let fields = form.fields("push", ALLOWED, READ_ONLY)?;
    let device_id = fields.required("deviceId", NAME_MAX)?;
    let message = fields.optional("message", MESSAGE_MAX, true)?.flatten();
    if queries::device(&store.conn, &device_id)?.is_none() {
        return Err(ApiError::bad_request(format!(
            "Field 'deviceId' names no existing device: '{}'",
            shown(&device_id)
        )));
    }
    let id = store.new_id()?;
    let push = Push {
        id,
        device_id,
        message,
        sent_at: Timestamp(now_unix()),
    };
    queries::insert_push(&store.conn, &push)?;
    Ok(envelope::created(&push.id))
}
