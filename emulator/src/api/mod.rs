//! The EzMDM REST API: `/api/v1/{key}/{item}[/{id}]`.
//!
//! The order of checks is part of the contract: the key, then the item, then the method,
//! then parameters and body. The two item routes extract [`ApiKey`](key::ApiKey) and then
//! [`Item`](item::Item) (the first rejection is the answer) and hand the request to the
//! item's method router (`item.rs`); its handlers, one module per item, extract the rest
//! (`Id`, `Paging`, `Form`). Every extractor rejects with [`ApiError`], the envelope.
//!
//! Handlers are synchronous once their extractors are done: they take the database lock
//! after the body has been read and hold it to the end.

pub mod devices;
pub mod envelope;
pub mod error;
pub mod form;
pub mod groups;
pub mod item;
pub mod key;
pub mod locations;
pub mod paging;
pub mod push;
pub mod users;

use axum::extract::{FromRequestParts, Path, Request, State};
use axum::handler::Handler;
use axum::http::request::Parts;
use axum::middleware::{self, Next};
use axum::response::Response;
use axum::routing::{any, get, MethodRouter};
use axum::Router;
use rusqlite::Connection;
use serde::Serialize;

use crate::db::{Page, Paging};
use crate::state::AppState;
use error::ApiError;
use item::{Id, Item};
use key::ApiKey;

/// Longest accepted group, user and device names.
pub const NAME_MAX: usize = 200;
/// Longest accepted group description.
pub const DESCRIPTION_MAX: usize = 2000;
/// Longest accepted push message.
pub const MESSAGE_MAX: usize = 500;
pub const EMAIL_MAX: usize = 254;
pub const PHONE_MAX: usize = 40;

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

/// `{item}`: a caller without the key learns nothing, not even whether the item exists.
/// (The item's router is built per request: a few boxed handlers, nothing beside a query.)
async fn collection(
    _: ApiKey,
    item: Item,
    State(state): State<AppState>,
    request: Request,
) -> Response {
    item.collection().call(request, state).await
}

/// `{item}/{id}`: checked like `collection`.
async fn member(
    _: ApiKey,
    item: Item,
    State(state): State<AppState>,
    request: Request,
) -> Response {
    item.member().call(request, state).await
}

async fn no_item(_: ApiKey) -> ApiError {
    ApiError::not_found(format!(
        "No item given: use /api/v1/{{key}}/{{item}} with one of {}",
        item::NAMES
    ))
}

async fn unknown_path() -> ApiError {
    // Deliberately does not echo the path: it may contain a key.
    ApiError::not_found("Unknown API path; requests look like /api/v1/{key}/{item}[/{id}]")
}

/// `GET {item}`: one page of what `query` lists.
fn get_list<T: Serialize + 'static>(
    query: fn(&Connection, Paging) -> rusqlite::Result<Page<T>>,
) -> MethodRouter<AppState> {
    get(
        move |State(state): State<AppState>, paging: Paging| async move {
            let store = state.store();
            Ok::<_, ApiError>(envelope::list(query(&store.conn, paging)?, paging.page))
        },
    )
}

/// `GET {item}/{deviceId}`: one page of what `query` lists for that device; 404 when there
/// is no such device.
fn get_device_list<T: Serialize + 'static>(
    query: fn(&Connection, &str, Paging) -> rusqlite::Result<Page<T>>,
) -> MethodRouter<AppState> {
    get(
        move |State(state): State<AppState>, Id(device_id): Id, paging: Paging| async move {
            let store = state.store();
            devices::existing(&store.conn, &device_id)?;
            let page = query(&store.conn, &device_id, paging)?;
            Ok::<_, ApiError>(envelope::list(page, paging.page))
        },
    )
}

/// A named segment of the matched route, percent-decoded. axum's own rejection (e.g. a
/// segment that is not UTF-8 once decoded) becomes a 400 in the envelope.
async fn path_segment(parts: &mut Parts, name: &str) -> Result<String, ApiError> {
    let Path(segments) = Path::<Vec<(String, String)>>::from_request_parts(parts, &())
        .await
        .map_err(|rejection| {
            ApiError::bad_request(format!("Malformed request path: {}", rejection.body_text()))
        })?;
    segments
        .into_iter()
        .find_map(|(segment, value)| (segment == name).then_some(value))
        .ok_or_else(|| ApiError::internal(format!("The route has no {{{name}}}")))
}

/// An identifier as shown in a message: quoted and cut short if someone sent a novel.
/// 404: `No group with id '…'` (`what` is "group", "device or user", …).
pub(crate) fn no_such(what: &str, id: &str) -> ApiError {
    ApiError::not_found(format!("No {what} with id '{}'", shown(id)))
}

pub(crate) fn shown(id: &str) -> String {
    const MAX: usize = 60;
    if id.chars().count() > MAX {
        format!("{}…", id.chars().take(MAX).collect::<String>())
    } else {
        id.to_owned()
    }
}
