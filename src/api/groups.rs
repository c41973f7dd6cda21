use super::walk::Progress;
use super::{item::GROUP, Api, ApiError, ListPage, Paging};
use crate::model::{Group, GroupChanges, NewGroup};

pub async fn list(api: &Api, paging: Paging) -> Result<ListPage<Group>, ApiError> {
    super::list(api, GROUP, None, paging).await
}

/// Proves a key: one group asked for, the answer checked to be a list but
/// its items not decoded (sign-in's check, without the item types in the
/// main module).
pub async fn prove_key(api: &Api) -> Result<(), ApiError> {
    let paging = Paging::new(1, 1);
    api.get_as(GROUP, None, &paging.query(), |e| e.check_list("group"))
        .await
}

/// Every group of the account (a picker's choices).
pub async fn all(api: &Api, on_progress: impl Fn(Progress)) -> Result<Vec<Group>, ApiError> {
    super::all(api, GROUP, None, on_progress).await
}

pub async fn get(api: &Api, id: &str) -> Result<Group, ApiError> {
    super::one(api, GROUP, id).await
}

/// Adds a group; answers its new identifier.
pub async fn create(api: &Api, new: &NewGroup) -> Result<String, ApiError> {
    super::create(api, GROUP, Vec::new(), new).await
}

/// Sends only the fields that change.
pub async fn update(api: &Api, id: &str, changes: &GroupChanges) -> Result<(), ApiError> {
    super::update(api, GROUP, id, changes).await
}
