use super::walk::Progress;
use super::{item::USER, Api, ApiError, ListPage, Paging};
use crate::model::{NewUser, User, UserChanges};

pub async fn list(api: &Api, paging: Paging) -> Result<ListPage<User>, ApiError> {
    super::list(api, USER, None, paging).await
}

/// Every user of the account (a picker's choices).
pub async fn all(api: &Api, on_progress: impl Fn(Progress)) -> Result<Vec<User>, ApiError> {
    super::all(api, USER, None, on_progress).await
}

/// `user/{groupId}`: the identifier names a group, the answer is a list.
pub async fn list_in_group(
    api: &Api,
    group_id: &str,
    paging: Paging,
) -> Result<ListPage<User>, ApiError> {
    super::list(api, USER, Some(group_id), paging).await
}

/// Every user of a group.
pub async fn all_in_group(
    api: &Api,
    group_id: &str,
    on_progress: impl Fn(Progress),
) -> Result<Vec<User>, ApiError> {
    super::all(api, USER, Some(group_id), on_progress).await
}

/// The users of `ids` that exist, and the ids that do not.
pub async fn with_ids(
    api: &Api,
    ids: std::collections::BTreeSet<String>,
) -> Result<super::walk::Found<User>, ApiError> {
    super::with_ids(api, USER, ids, |x: &User| &x.id).await
}

pub async fn get(api: &Api, id: &str) -> Result<User, ApiError> {
    super::one(api, USER, id).await
}

/// Adds a user; answers its new identifier.
pub async fn create(api: &Api, new: &NewUser) -> Result<String, ApiError> {
    super::create(api, USER, Vec::new(), new).await
}

/// Sends only the fields that change.
pub async fn update(api: &Api, id: &str, changes: &UserChanges) -> Result<(), ApiError> {
    super::update(api, USER, id, changes).await
}
