use super::walk::{self, Progress};
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

/// Every fix of a device, walking the pages a few at a time.
pub async fn all(
    api: &Api,
    device_id: &str,
    on_progress: impl Fn(Progress),
) -> Result<Vec<Location>, ApiError> {
    walk::all(|paging| list(api, device_id, paging), on_progress).await
}

/// The device's latest fix without walking the whole track: the API keeps
/// fixes in time order (oldest or newest first), so the latest is on the
/// first or the last page. Both are read and the newest fix with usable
/// coordinates wins.
pub async fn latest(api: &Api, device_id: &str) -> Result<Option<Location>, ApiError> {
    let limit = Paging::MAX_LIMIT;
    let first = list(api, device_id, Paging::new(1, limit)).await?;
    let last_page = first.total.div_ceil(u64::from(limit)).max(1) as u32;
    let mut fixes = first.items;
    if last_page > 1 {
        fixes.extend(
            list(api, device_id, Paging::new(last_page, limit))
                .await?
                .items,
        );
    }
    Ok(crate::model::latest_fix(fixes))
}
