//! The response envelope the vendor uses around everything:
//! lists `{"success":true,"data":[…],"page":P,"total":T}`, one item `{"success":true,"data":{…}}`,
//! PUT `{"success":true,"data":"<new id>"}`, POST `{"success":true}`,
//! errors `{"success":false,"error":"…"}`.
//!
//! Typed structs rather than `json!` so `success` always comes first and item fields keep
//! the order the contract lists them in (easier to read in a browser or a log).

use axum::http::{header, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use serde::Serialize;

use crate::db::Page;

#[derive(Serialize)]
struct List<T> {
    success: bool,
    data: Vec<T>,
    page: u64,
    total: u64,
}

#[derive(Serialize)]
struct Data<T> {
    success: bool,
    data: T,
}

#[derive(Serialize)]
struct Done {
    success: bool,
}

#[derive(Serialize)]
struct Failure<'a> {
    success: bool,
    error: &'a str,
}

/// A list page. `page` echoes the page asked for, even past the end (then `data` is `[]`).
pub fn list<T: Serialize>(page: Page<T>, page_number: u64) -> Response {
    respond(
        StatusCode::OK,
        List {
            success: true,
            data: page.items,
            page: page_number,
            total: page.total,
        },
    )
}

/// One item.
pub fn one<T: Serialize>(item: T) -> Response {
    respond(
        StatusCode::OK,
        Data {
            success: true,
            data: item,
        },
    )
}

/// A PUT that added an item: `data` is the new id, always a string.
pub fn created(id: &str) -> Response {
    respond(
        StatusCode::OK,
        Data {
            success: true,
            data: id,
        },
    )
}

/// A POST that updated an item: no `data`.
pub fn updated() -> Response {
    respond(StatusCode::OK, Done { success: true })
}

pub fn failure(status: StatusCode, message: &str) -> Response {
    respond(
        status,
        Failure {
            success: false,
            error: message,
        },
    )
}

fn respond<T: Serialize>(status: StatusCode, body: T) -> Response {
    let mut response = (status, axum::Json(body)).into_response();
    // API answers are live data: never let a browser or proxy reuse one.
    response
        .headers_mut()
        .insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    response
}
