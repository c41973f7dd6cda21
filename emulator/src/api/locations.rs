//! `devicelocation/{deviceId}`: a device's location history, oldest first. Read-only.

use axum::routing::{get, MethodRouter};

use super::error::ApiError;
use super::get_device_list;
use super::item::Item;
use crate::db::{queries, Paging};
use crate::state::AppState;

pub fn collection() -> MethodRouter<AppState> {
    get(device_id_needed).put(add_refused).post(change_refused)
}

pub fn member() -> MethodRouter<AppState> {
    get_device_list(queries::locations_of_device)
        .put(add_refused)
        .post(change_refused)
}

async fn device_id_needed(_: Paging) -> ApiError {
    ApiError::bad_request("devicelocation needs a device identifier: GET devicelocation/{deviceId}")
}

async fn add_refused() -> ApiError {
    ApiError::method_not_allowed(
        "Device locations are reported by the devices themselves; the API cannot add them",
        Item::DeviceLocation.allow(),
    )
}

async fn change_refused() -> ApiError {
    ApiError::method_not_allowed(
        "Device locations are read-only; the API cannot change them",
        Item::DeviceLocation.allow(),
    )
}
