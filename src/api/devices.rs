use super::walk::Progress;
use super::{item::DEVICE, Api, ApiError, ListPage, Paging};
use crate::model::{Device, DeviceChanges};

pub async fn list(api: &Api, paging: Paging) -> Result<ListPage<Device>, ApiError> {
    super::list(api, DEVICE, None, paging).await
}

/// `device/{userId}`: the identifier names a user, the answer is a list.
pub async fn list_of_user(
    api: &Api,
    user_id: &str,
    paging: Paging,
) -> Result<ListPage<Device>, ApiError> {
    super::list(api, DEVICE, Some(user_id), paging).await
}

/// Every device of the account.
pub async fn all(api: &Api, on_progress: impl Fn(Progress)) -> Result<Vec<Device>, ApiError> {
    super::all(api, DEVICE, None, on_progress).await
}

/// Every device of a user.
pub async fn all_of_user(
    api: &Api,
    user_id: &str,
    on_progress: impl Fn(Progress),
) -> Result<Vec<Device>, ApiError> {
    super::all(api, DEVICE, Some(user_id), on_progress).await
}

/// The devices of `ids` that exist, and the ids that do not.
pub async fn with_ids(
    api: &Api,
    ids: std::collections::BTreeSet<String>,
) -> Result<super::walk::Found<Device>, ApiError> {
    super::with_ids(api, DEVICE, ids, |x: &Device| &x.id).await
}

pub async fn get(api: &Api, id: &str) -> Result<Device, ApiError> {
    super::one(api, DEVICE, id).await
}

/// Devices are enrolled by the MDM; the API only updates them (e.g. `name`).
pub async fn update(api: &Api, id: &str, changes: &DeviceChanges) -> Result<(), ApiError> {
    super::update(api, DEVICE, id, changes).await
}
