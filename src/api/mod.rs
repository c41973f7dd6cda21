//! The typed API layer: one request function ([`Api::get_as`] / [`Api::send`])
//! and a thin module per item. Pages call `api::groups::list(&api, paging)`
//! and get `Result<_, ApiError>`; nothing outside this folder builds an API URL.

pub mod cache;
mod client;
pub mod devices;
pub mod envelope;
mod error;
pub mod groups;
pub mod locations;
pub mod push;
pub mod retry;
pub mod url;
pub mod users;
pub mod walk;

pub use client::{app_api, sleep_ms, use_api, Api};
pub use envelope::{ListPage, Paging};
pub use error::ApiError;

use crate::model::Item;
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

async fn one<T: Item>(api: &Api, item: &str, id: &str) -> Result<T, ApiError> {
    api.get_as(item, Some(id), &[], |e| e.into_item()).await
}

async fn create(api: &Api, item: &str, fields: &[(&str, String)]) -> Result<String, ApiError> {
    api.send(Method::PUT, item, None, fields).await?.into_id()
}

async fn update(
    api: &Api,
    item: &str,
    id: &str,
    changes: &[(&str, String)],
) -> Result<(), ApiError> {
    api.send(Method::POST, item, Some(id), changes)
        .await
        .map(|_| ())
}
