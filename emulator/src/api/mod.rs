//! The EzMDM REST API: `/api/v1/{key}/{item}[/{id}]`.
//!
//! One dispatcher checks the key first, then the item name, then the method, and hands the
//! request to the item's module (`groups`, `users`, `devices`, `locations`, `push`). Those
//! modules are synchronous and run while the database lock is held; bodies are read before
//! the lock is taken.

pub mod devices;
pub mod envelope;
pub mod error;
pub mod form;
pub mod groups;
pub mod key;
pub mod locations;
pub mod paging;
pub mod push;
pub mod users;

use axum::body::Body;
use axum::extract::rejection::PathRejection;
use axum::extract::{Path, RawQuery, Request, State};
use axum::http::{HeaderMap, Method};
use axum::middleware::{self, Next};
use axum::response::{IntoResponse, Response};
use axum::routing::any;
use axum::Router;

use crate::state::AppState;
use error::ApiError;

/// Longest accepted group, user and device names.
pub const NAME_MAX: usize = 200;
/// Longest accepted group description.
pub const DESCRIPTION_MAX: usize = 2000;
/// Longest accepted push message.
pub const MESSAGE_MAX: usize = 500;
pub const EMAIL_MAX: usize = 254;
pub const PHONE_MAX: usize = 40;

const ITEM_NAMES: &str = "group, user, device, devicelocation, push";

/// The API's routes. Everything under `/api` that is not a valid API path gets a JSON 404,
/// never the portal's SPA fallback.
pub fn router(state: AppState) -> Router<AppState> {
    Router::new()
        .route("/api/v1/{key}/{item}", any(collection))
        .route("/api/v1/{key}/{item}/{id}", any(member))
        .route("/api/v1/{key}", any(no_item))
        .route("/api", any(unknown_path))
        .route("/api/", any(unknown_path))
        .route("/api/{*rest}", any(unknown_path))
        .route_layer(middleware::from_fn_with_state(state, delay))
}

/// `--latency-ms`: wait before answering, to try the portal on a slow network.
async fn delay(State(state): State<AppState>, request: Request, next: Next) -> Response {
    let latency = state.latency();
    if !latency.is_zero() {
        tokio::time::sleep(latency).await;
    }
    next.run(request).await
}

/// The items, matched case-insensitively (`DeviceLocation` = `devicelocation`).
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

    /// The methods that work on this item (for `Allow`).
    fn allow(self) -> &'static str {
        match self {
            Self::Group | Self::User => "GET, PUT, POST",
            Self::Device => "GET, POST",
            Self::DeviceLocation => "GET",
            Self::Push => "GET, PUT",
        }
    }
}

/// An identifier as shown in a message: quoted and cut short if someone sent a novel.
pub(crate) fn shown(id: &str) -> String {
    const MAX: usize = 60;
    if id.chars().count() > MAX {
        format!("{}…", id.chars().take(MAX).collect::<String>())
    } else {
        id.to_owned()
    }
}

/// One API call, as taken apart by the route.
struct Call {
    method: Method,
    key: String,
    item: String,
    id: Option<String>,
    query: Option<String>,
    headers: HeaderMap,
    body: Body,
}

async fn collection(
    State(state): State<AppState>,
    method: Method,
    path: Result<Path<(String, String)>, PathRejection>,
    RawQuery(query): RawQuery,
    headers: HeaderMap,
    body: Body,
) -> Response {
    let (key, item) = match path {
        Ok(Path(parts)) => parts,
        Err(rejection) => return bad_path(rejection),
    };
    let call = Call {
        method,
        key,
        item,
        id: None,
        query,
        headers,
        body,
    };
    handle(&state, call)
        .await
        .unwrap_or_else(IntoResponse::into_response)
}

async fn member(
    State(state): State<AppState>,
    method: Method,
    path: Result<Path<(String, String, String)>, PathRejection>,
    RawQuery(query): RawQuery,
    headers: HeaderMap,
    body: Body,
) -> Response {
    let (key, item, id) = match path {
        Ok(Path(parts)) => parts,
        Err(rejection) => return bad_path(rejection),
    };
    let call = Call {
        method,
        key,
        item,
        id: Some(id),
        query,
        headers,
        body,
    };
    handle(&state, call)
        .await
        .unwrap_or_else(IntoResponse::into_response)
}

async fn no_item(
    State(state): State<AppState>,
    path: Result<Path<String>, PathRejection>,
) -> Response {
    let key = match path {
        Ok(Path(key)) => key,
        Err(rejection) => return bad_path(rejection),
    };
    if !key::matches(key.as_bytes(), state.api_key().as_bytes()) {
        return ApiError::invalid_key().into_response();
    }
    ApiError::not_found(format!(
        "No item given: use /api/v1/{{key}}/{{item}} with one of {ITEM_NAMES}"
    ))
    .into_response()
}

async fn unknown_path() -> Response {
    // Deliberately does not echo the path: it may contain a key.
    ApiError::not_found("Unknown API path; requests look like /api/v1/{key}/{item}[/{id}]")
        .into_response()
}

/// axum's own path rejection (e.g. a segment that is not UTF-8 after percent-decoding),
/// turned into the envelope.
fn bad_path(rejection: PathRejection) -> Response {
    ApiError::bad_request(format!("Malformed request path: {}", rejection.body_text()))
        .into_response()
}

async fn handle(state: &AppState, call: Call) -> Result<Response, ApiError> {
    // The key comes before anything else: a caller without it learns nothing, not even
    // whether an item name exists.
    if !key::matches(call.key.as_bytes(), state.api_key().as_bytes()) {
        return Err(ApiError::invalid_key());
    }
    let item = Item::parse(&call.item).ok_or_else(|| {
        ApiError::not_found(format!(
            "Unknown item '{}'; the items are {ITEM_NAMES}",
            shown(&call.item)
        ))
    })?;
    let id = call.id.as_deref();
    match call.method {
        Method::GET | Method::HEAD => {
            let paging = paging::parse(call.query.as_deref())?;
            let store = state.store();
            let conn = &store.conn;
            match (item, id) {
                (Item::Group, None) => groups::list(conn, paging),
                (Item::Group, Some(id)) => groups::get(conn, id),
                (Item::User, None) => users::list(conn, paging),
                (Item::User, Some(id)) => users::get(conn, id, paging),
                (Item::Device, None) => devices::list(conn, paging),
                (Item::Device, Some(id)) => devices::get(conn, id, paging),
                (Item::DeviceLocation, None) => Err(ApiError::bad_request(
                    "devicelocation needs a device identifier: GET devicelocation/{deviceId}",
                )),
                (Item::DeviceLocation, Some(id)) => locations::of_device(conn, id, paging),
                (Item::Push, None) => push::list(conn, paging),
                (Item::Push, Some(id)) => push::of_device(conn, id, paging),
            }
        }
        Method::PUT => {
            match item {
                Item::Device => {
                    return Err(ApiError::method_not_allowed(
                        "Devices are enrolled by the MDM itself; the API cannot add them",
                        item.allow(),
                    ))
                }
                Item::DeviceLocation => {
                    return Err(ApiError::method_not_allowed(
                        "Device locations are reported by the devices themselves; the API cannot add them",
                        item.allow(),
                    ))
                }
                _ => {}
            }
            if let Some(id) = id {
                return Err(ApiError::method_not_allowed(
                    format!(
                        "PUT adds a new {0} and takes no identifier; to change {0} '{1}' use POST",
                        item.name(),
                        shown(id)
                    ),
                    item.allow(),
                ));
            }
            let form = form::read_form(&call.headers, call.body).await?;
            let mut store = state.store();
            match item {
                Item::Group => groups::add(&mut store, form),
                Item::User => users::add(&mut store, form),
                Item::Push => push::add(&mut store, form),
                Item::Device | Item::DeviceLocation => unreachable!("refused above"),
            }
        }
        Method::POST => {
            match item {
                Item::DeviceLocation => {
                    return Err(ApiError::method_not_allowed(
                        "Device locations are read-only; the API cannot change them",
                        item.allow(),
                    ))
                }
                Item::Push => {
                    return Err(ApiError::method_not_allowed(
                        "Push notifications cannot be changed once sent",
                        item.allow(),
                    ))
                }
                _ => {}
            }
            let Some(id) = id else {
                return Err(ApiError::bad_request(format!(
                    "POST updates an existing {0}: put its identifier in the path (POST {0}/{{id}})",
                    item.name()
                )));
            };
            let form = form::read_form(&call.headers, call.body).await?;
            let store = state.store();
            let conn = &store.conn;
            match item {
                Item::Group => groups::update(conn, id, form),
                Item::User => users::update(conn, id, form),
                Item::Device => devices::update(conn, id, form),
                Item::DeviceLocation | Item::Push => unreachable!("refused above"),
            }
        }
        other => Err(ApiError::method_not_allowed(
            format!(
                "Method {other} is not supported on {}; use {}",
                item.name(),
                item.allow()
            ),
            item.allow(),
        )),
    }
}
