//! The items and what each method does to them: the case-insensitive `{item}` and the
//! `{id}` extractors, every item's method routers (one for the collection, one for its
//! members) and the refusals they share.

use axum::extract::FromRequestParts;
use axum::http::request::Parts;
use axum::http::Method;
use axum::routing::MethodRouter;

use super::error::ApiError;
use super::{devices, groups, locations, path_segment, push, shown, users};
use crate::state::AppState;

/// The item names, for messages.
pub const NAMES: &str = "group, user, device, devicelocation, push";

/// `{item}`, matched case-insensitively (`DeviceLocation` = `devicelocation`); an unknown
/// name is a 404.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Item {
    Group,
    User,
    Device,
    DeviceLocation,
    Push,
}

impl Item {
    pub fn parse(name: &str) -> Option<Self> {
        [
            Self::Group,
            Self::User,
            Self::Device,
            Self::DeviceLocation,
            Self::Push,
        ]
        .into_iter()
        .find(|item| item.name().eq_ignore_ascii_case(name))
    }

    pub fn name(self) -> &'static str {
        match self {
            Self::Group => "group",
            Self::User => "user",
            Self::Device => "device",
            Self::DeviceLocation => "devicelocation",
            Self::Push => "push",
        }
    }

    /// The methods that work on this item, collection or member (for `Allow`).
    pub fn allow(self) -> &'static str {
        match self {
            Self::Group | Self::User => "GET, PUT, POST",
            Self::Device => "GET, POST",
            Self::DeviceLocation => "GET",
            Self::Push => "GET, PUT",
        }
    }

    /// What each method does to `{item}`.
    pub fn collection(self) -> MethodRouter<AppState> {
        let methods = match self {
            Self::Group => groups::collection(),
            Self::User => users::collection(),
            Self::Device => devices::collection(),
            Self::DeviceLocation => locations::collection(),
            Self::Push => push::collection(),
        };
        methods.fallback(unsupported_method)
    }

    /// What each method does to `{item}/{id}`.
    pub fn member(self) -> MethodRouter<AppState> {
        let methods = match self {
            Self::Group => groups::member(),
            Self::User => users::member(),
            Self::Device => devices::member(),
            Self::DeviceLocation => locations::member(),
            Self::Push => push::member(),
        };
        methods.fallback(unsupported_method)
    }
}

impl<S: Send + Sync> FromRequestParts<S> for Item {
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, _: &S) -> Result<Self, ApiError> {
        let name = path_segment(parts, "item").await?;
        Item::parse(&name).ok_or_else(|| {
            ApiError::not_found(format!(
                "Unknown item '{}'; the items are {NAMES}",
                shown(&name)
            ))
        })
    }
}

/// `{id}`, percent-decoded.
pub struct Id(pub String);

impl<S: Send + Sync> FromRequestParts<S> for Id {
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, _: &S) -> Result<Self, ApiError> {
        path_segment(parts, "id").await.map(Id)
    }
}

/// The fallback of every item's method routers: a 405 naming the methods that work. Its
/// `Allow` is ours, so axum does not set its own (which would list HEAD and the methods
/// that are routed only to be refused).
async fn unsupported_method(item: Item, method: Method) -> ApiError {
    ApiError::method_not_allowed(
        format!(
            "Method {method} is not supported on {}; use {}",
            item.name(),
            item.allow()
        ),
        item.allow(),
    )
}

/// PUT on a member: PUT adds, so it takes no id; POST changes.
pub async fn put_with_id(item: Item, Id(id): Id) -> ApiError {
    ApiError::method_not_allowed(
        format!(
            "PUT adds a new {0} and takes no identifier; to change {0} '{1}' use POST",
            item.name(),
            shown(&id)
        ),
        item.allow(),
    )
}

/// POST on the collection: POST changes one item, so it needs its id.
pub async fn post_without_id(item: Item) -> ApiError {
    ApiError::bad_request(format!(
        "POST updates an existing {0}: put its identifier in the path (POST {0}/{{id}})",
        item.name()
    ))
}
