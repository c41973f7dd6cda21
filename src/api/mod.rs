//! The typed API layer: one request function ([`Api::get_as`] / [`Api::send`])
//! and a thin module per item. Pages call `api::groups::list(&api, paging)`
//! and get `Result<_, ApiError>`; nothing outside this folder builds an API URL.

pub mod cache;
mod client;
pub mod devices;
pub mod envelope;
mod error;
pub mod groups;
pub mod known_fixes;
pub mod locations;
pub mod push;
pub mod retry;
pub mod url;
pub mod users;
pub mod walk;

pub use client::{app_api, sleep_ms, use_api, Api};
pub use envelope::{ListPage, Paging};
pub use error::ApiError;

use crate::model::{Changes, Field, Item, Values};
use gloo_net::http::Method;

/// Item names as the API spells them (it ignores case).
pub mod item {
    pub const GROUP: &str = "group";
    pub const USER: &str = "user";
    pub const DEVICE: &str = "device";
    pub const LOCATION: &str = "devicelocation";
}

async fn list<T: Item>(
    api: &Api,
    item: &str,
    id: Option<&str>,
    paging: Paging,
) -> Result<ListPage<T>, ApiError> {
    api.get_as(item, id, &paging.query(), |e| e.into_list(paging))
        .await
}

/// Every item of a list, walking its pages a few at a time.
async fn all<T: Item>(
    api: &Api,
    item: &str,
    id: Option<&str>,
    on_progress: impl Fn(walk::Progress),
) -> Result<Vec<T>, ApiError> {
    walk::all(|paging| list(api, item, id, paging), on_progress).await
}

/// The items of `ids` that exist, and the ids that do not: one GET each
/// or every page, whichever takes fewer requests ([`walk::with_ids`]).
async fn with_ids<T: Item>(
    api: &Api,
    item: &str,
    ids: std::collections::BTreeSet<String>,
    id_of: impl Fn(&T) -> &str,
) -> Result<walk::Found<T>, ApiError> {
    walk::with_ids(
        ids,
        id_of,
        |paging| list(api, item, None, paging),
        |id| async move { one(api, item, &id).await },
    )
    .await
}

async fn one<T: Item>(api: &Api, item: &str, id: &str) -> Result<T, ApiError> {
    api.get_as(item, Some(id), &[], |e| e.into_item()).await
}

/// PUT (add) `fields` first, then every field of `values` an add sends;
/// answers the new item's id.
async fn create<F: Field>(
    api: &Api,
    item: &str,
    fields: Vec<(&'static str, String)>,
    values: &Values<F>,
) -> Result<String, ApiError> {
    let mut body = fields;
    body.extend(values.to_create().into_iter().map(|(f, v)| (f.wire(), v)));
    api.send(Method::PUT, item, None, &body).await?.into_id()
}

/// POST (update) only the fields that change.
async fn update<F: Field>(
    api: &Api,
    item: &str,
    id: &str,
    changes: &Changes<F>,
) -> Result<(), ApiError> {
    let body = update_body(changes);
    api.send(Method::POST, item, Some(id), &body)
        .await
        .map(|_| ())
}

fn update_body<F: Field>(changes: &Changes<F>) -> Vec<(&'static str, String)> {
    changes
        .iter()
        .map(|c| (c.field.wire(), c.after.clone()))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{UserChanges, UserField};

    #[test]
    fn an_update_sends_the_changed_fields_by_their_wire_names() {
        let value = |group: &str, email: &str| {
            Values::from_fn(|f| match f {
                UserField::Group => group.to_string(),
                UserField::Email => email.to_string(),
                _ => "same".to_string(),
            })
        };
        let (saved, typed) = (value("g1", "a@b.co"), value("g2", " "));
        assert_eq!(
            update_body(&UserChanges::between(&saved, &typed)),
            vec![("groupId", "g2".to_string()), ("email", String::new())]
        );
    }
}
