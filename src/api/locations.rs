use super::walk::Progress;
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
    let locations: Vec<Location> = super::all(api, LOCATION, Some(device_id), on_progress).await?;
    api.record_fix(device_id, locations.iter().any(crate::model::is_fix));
    Ok(locations)
}

/// The device's latest fix without walking the whole track: the API keeps
/// fixes in time order (oldest or newest first), so the latest is on the
/// first or the last page. The first page (100 fixes) is often all there is;
/// otherwise the last fix is read too, and the newest usable one wins.
pub async fn latest(api: &Api, device_id: &str) -> Result<Option<Location>, ApiError> {
    let first = list(api, device_id, Paging::new(1, Paging::MAX_LIMIT)).await?;
    let mut fixes = first.items;
    if first.total > fixes.len() as u64 {
        let last = u32::try_from(first.total).unwrap_or(u32::MAX);
        fixes.extend(list(api, device_id, Paging::new(last, 1)).await?.items);
    }
    let latest = crate::model::latest_fix(fixes);
    api.record_fix(device_id, latest.is_some());
    Ok(latest)
}
