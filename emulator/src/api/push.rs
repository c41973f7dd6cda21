//! `push`: send a push notification to a device, and list what was sent.
//!
//! ASSUMED REQUEST. The vendor says the API can trigger push notifications but documents no
//! request for it. The portal and this emulator agree on:
//! `PUT /api/v1/{key}/push` with form `deviceId=<id>&message=<optional text, ≤ 500 chars>`,
//! answering `{"success":true,"data":"<notification id>"}`. `GET push` and
//! `GET push/{deviceId}` list what was sent (`id, deviceId, message, sentAt`) so tests can
//! check it; those two are emulator-only.

use axum::response::Response;
use rusqlite::Connection;

use super::error::ApiError;
use super::form::Form;
use super::{envelope, shown, MESSAGE_MAX, NAME_MAX};
use crate::db::models::Push;
use crate::db::{queries, Paging, Store};
use crate::time::{now_unix, Timestamp};

const ALLOWED: &[&str] = &["deviceId", "message"];
const READ_ONLY: &[&str] = &["id", "sentAt"];

pub fn list(conn: &Connection, paging: Paging) -> Result<Response, ApiError> {
    Ok(envelope::list(queries::pushes(conn, paging)?, paging.page))
}

pub fn of_device(conn: &Connection, device_id: &str, paging: Paging) -> Result<Response, ApiError> {
    if queries::device(conn, device_id)?.is_none() {
        return Err(ApiError::not_found(format!(
            "No device with id '{}'",
            shown(device_id)
        )));
    }
    Ok(envelope::list(
        queries::pushes_of_device(conn, device_id, paging)?,
        paging.page,
    ))
}

pub fn add(store: &mut Store, form: Form) -> Result<Response, ApiError> {
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
