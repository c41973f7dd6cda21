//! `device`: list, one device or the devices of a user (`device/{userId}`), update.
//! Devices are enrolled by the MDM, so there is no add; only `name` and `userId` change.

use axum::extract::State;
use axum::response::Response;
use axum::routing::{get, MethodRouter};
use rusqlite::types::Value;
use rusqlite::Connection;

use super::error::ApiError;
use super::form::Form;
use super::item::{self, Id, Item};
use super::{envelope, get_list, no_such, shown, NAME_MAX};
use crate::db::ids::{self, Kind};
use crate::db::{queries, Paging};
use crate::state::AppState;

const ALLOWED: &[&str] = &["name", "userId"];
const READ_ONLY: &[&str] = &[
    "id",
    "platform",
    "model",
    "osVersion",
    "serialNumber",
    "phoneNumber",
    "lastCheckIn",
    "enrolledAt",
    "batteryLevel",
    "supervised",
];

pub fn collection() -> MethodRouter<AppState> {
    get_list(queries::devices)
        .post(item::post_without_id)
        .put(add_refused)
}

pub fn member() -> MethodRouter<AppState> {
    get(device_or_user).post(update).put(add_refused)
}

/// The id's double meaning: a device id is that device, a user id lists the user's devices.
async fn device_or_user(
    State(state): State<AppState>,
    Id(id): Id,
    paging: Paging,
) -> Result<Response, ApiError> {
    let store = state.store();
    let conn = &store.conn;
    match ids::kind_of(conn, &id)? {
        Some(Kind::Device) => match queries::device(conn, &id)? {
            Some(device) => Ok(envelope::one(device)),
            None => Err(no_such("device or user", &id)),
        },
        Some(Kind::User) => Ok(envelope::list(
            queries::devices_of_user(conn, &id, paging)?,
            paging.page,
        )),
        _ => Err(no_such("device or user", &id)),
    }
}

async fn add_refused() -> ApiError {
    ApiError::method_not_allowed(
        "Devices are enrolled by the MDM itself; the API cannot add them",
        Item::Device.allow(),
    )
}

/// 404 unless `id` is a device.
pub(super) fn existing(conn: &Connection, id: &str) -> Result<(), ApiError> {
    match queries::device(conn, id)? {
        Some(_) => Ok(()),
        None => Err(no_such("device", id)),
    }
}

async fn update(
    State(state): State<AppState>,
    Id(id): Id,
    form: Form,
) -> Result<Response, ApiError> {
    let store = state.store();
    let conn = &store.conn;
    existing(conn, &id)?;
    let fields = form.fields("device", ALLOWED, READ_ONLY)?;
    if fields.is_empty() {
        return Err(ApiError::bad_request(
            "Nothing to update: send name and/or userId",
        ));
    }
    let mut changes = Vec::new();
    if let Some(name) = fields.non_empty("name", NAME_MAX)? {
        changes.push(("name", Value::Text(name)));
    }
    if let Some(user_id) = fields.non_empty("userId", NAME_MAX)? {
        if queries::user(conn, &user_id)?.is_none() {
            return Err(ApiError::bad_request(format!(
                "Field 'userId' names no existing user: '{}'",
                shown(&user_id)
            )));
        }
        changes.push(("user_id", Value::Text(user_id)));
    }
    queries::update(conn, "devices", &id, &changes)?;
    Ok(envelope::updated())
}
