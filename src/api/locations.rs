use super::{item::LOCATION, Api, ApiError, ListPage, Paging};
use crate::model::Location;

/// `devicelocation/{deviceId}`: one page of a device's fixes.
pub async fn list(
    api: &Api,
    device_id: &str,
    paging: Paging,
) -> Result<ListPage<Location>, ApiError> {
    super::list(api, LOCATION, Some(device_id), paging).await
}
