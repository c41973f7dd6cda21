//! Shared helpers: a seeded in-memory database per test (copied from one seeded template,
//! so the demo seed runs once per test binary) and a small request helper over `oneshot`.

#![allow(dead_code)]

use std::sync::{Mutex, OnceLock};

use axum::body::Body;
use axum::http::{HeaderMap, Request, StatusCode};
use axum::Router;
use ezmdm_emulator::db;
use ezmdm_emulator::seed::{self, Summary};
use ezmdm_emulator::{app, AppState};
use http_body_util::BodyExt;
use rusqlite::backup::Backup;
use rusqlite::Connection;
use serde_json::Value;
use tower::ServiceExt;

pub const KEY: &str = "test-key-0123456789abcdefABCDEF";
/// 2026-11-25T10:03:00Z: a fixed "now" so seeded timestamps are the same in every run.
pub const NOW: i64 = 1_795_600_980;
pub const FORM: &str = "application/x-www-form-urlencoded";

fn template() -> &'static Mutex<(Connection, Summary)> {
    static TEMPLATE: OnceLock<Mutex<(Connection, Summary)>> = OnceLock::new();
    TEMPLATE.get_or_init(|| {
        let conn = db::in_memory().unwrap();
        let summary = seed::demo(&conn, NOW).unwrap();
        Mutex::new((conn, summary))
    })
}

/// A private copy of the seeded demo database.
pub fn demo_db() -> (Connection, Summary) {
    let guard = template().lock().unwrap();
    let mut conn = Connection::open_in_memory().unwrap();
    Backup::new(&guard.0, &mut conn)
        .unwrap()
        .run_to_completion(1000, std::time::Duration::ZERO, None)
        .unwrap();
    db::prepare(&conn).unwrap();
    (conn, guard.1.clone())
}

/// The app over a private demo database.
pub fn demo_app() -> (Router, Summary) {
    let (conn, summary) = demo_db();
    (app(AppState::new(conn, KEY)), summary)
}

pub struct Reply {
    pub status: StatusCode,
    pub headers: HeaderMap,
    pub bytes: Vec<u8>,
}

impl Reply {
    pub fn json(&self) -> Value {
        serde_json::from_slice(&self.bytes)
            .unwrap_or_else(|e| panic!("not JSON ({e}): {}", String::from_utf8_lossy(&self.bytes)))
    }

    pub fn text(&self) -> String {
        String::from_utf8_lossy(&self.bytes).into_owned()
    }

    pub fn header(&self, name: &str) -> Option<String> {
        self.headers
            .get(name)
            .map(|v| v.to_str().unwrap().to_owned())
    }

    /// Asserts a failure envelope with this status and returns the error message.
    pub fn error(&self, status: u16) -> String {
        let body = self.json();
        assert_eq!(self.status.as_u16(), status, "body: {body}");
        assert_eq!(body["success"], Value::Bool(false), "body: {body}");
        assert_eq!(
            body.as_object().unwrap().len(),
            2,
            "only success and error: {body}"
        );
        assert!(self
            .header("content-type")
            .unwrap()
            .starts_with("application/json"));
        body["error"]
            .as_str()
            .expect("error is a string")
            .to_owned()
    }

    /// Asserts a success envelope and returns it.
    pub fn ok(&self) -> Value {
        let body = self.json();
        assert_eq!(self.status, StatusCode::OK, "body: {body}");
        assert_eq!(body["success"], Value::Bool(true), "body: {body}");
        body
    }
}

pub async fn send(app: &Router, request: Request<Body>) -> Reply {
    let response = app.clone().oneshot(request).await.unwrap();
    let status = response.status();
    let headers = response.headers().clone();
    let bytes = response
        .into_body()
        .collect()
        .await
        .unwrap()
        .to_bytes()
        .to_vec();
    Reply {
        status,
        headers,
        bytes,
    }
}

/// `METHOD /api/v1/{KEY}/{path}`, with an optional body and content type.
pub async fn call(
    app: &Router,
    method: &str,
    path: &str,
    content_type: Option<&str>,
    body: impl Into<Body>,
) -> Reply {
    let mut builder = Request::builder()
        .method(method)
        .uri(format!("/api/v1/{KEY}/{path}"));
    if let Some(ct) = content_type {
        builder = builder.header("content-type", ct);
    }
    send(app, builder.body(body.into()).unwrap()).await
}

pub async fn get(app: &Router, path: &str) -> Reply {
    call(app, "GET", path, None, Body::empty()).await
}

pub async fn get_uri(app: &Router, uri: &str) -> Reply {
    send(app, Request::get(uri).body(Body::empty()).unwrap()).await
}

pub async fn put_form(app: &Router, path: &str, form: &str) -> Reply {
    call(app, "PUT", path, Some(FORM), form.to_owned()).await
}

pub async fn post_form(app: &Router, path: &str, form: &str) -> Reply {
    call(app, "POST", path, Some(FORM), form.to_owned()).await
}

/// Every item of a list, walking all pages.
pub async fn all(app: &Router, path: &str) -> Vec<Value> {
    let mut items = Vec::new();
    let sep = if path.contains('?') { '&' } else { '?' };
    for page in 1.. {
        let body = get(app, &format!("{path}{sep}limit=100&page={page}"))
            .await
            .ok();
        let data = body["data"].as_array().unwrap().clone();
        if data.is_empty() {
            break;
        }
        items.extend(data);
    }
    items
}

/// A form-encoding of one value (for building bodies in tests).
pub fn enc(s: &str) -> String {
    let mut out = String::new();
    for b in s.bytes() {
        match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' | b'~' => {
                out.push(b as char)
            }
            b' ' => out.push('+'),
            _ => out.push_str(&format!("%{b:02X}")),
        }
    }
    out
}
