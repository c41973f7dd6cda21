//! `devicelocation/{deviceId}`: a device's location history, oldest first. Read-only.

use axum::response::Response;
use rusqlite::Connection;

use super::error::ApiError;
use super::{envelope, shown};
use crate::db::{queries, Paging};

pub fn of_device(conn: &Connection, device_id: &str, paging: Paging) -> Result<Response, ApiError> {
    if queries::device(conn, device_id)?.is_none() {
        return Err(ApiError::not_found(format!(
            "No device with id '{}'",
            shown(device_id)
        )));
    }
    Ok(envelope::list(
        queries::locations_of_device(conn, device_id, paging)?,
        paging.page,
    ))
}
