//! Serving the built portal: types, caching, SPA fallback, 404s, traversal, mount paths.

mod common;

use std::path::Path;

use axum::body::Body;
use axum::http::Request;
use axum::Router;
use common::*;
use ezmdm_emulator::{app, db, AppState, Portal};

const HASHED_JS: &str = "ezmdm-portal-3f2a9c1b8e7d6a54.js";
const HASHED_WASM: &str = "ezmdm-portal-3f2a9c1b8e7d6a54_bg.wasm";

/// A directory shaped like a Trunk build.
fn dist() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    let p = dir.path();
    std::fs::write(p.join("index.html"), "<!doctype html><title>EzMDM</title>").unwrap();
    std::fs::write(p.join(HASHED_JS), "export default 1;").unwrap();
    std::fs::write(p.join(HASHED_WASM), b"\0asm\x01\0\0\0").unwrap();
    std::fs::write(p.join("style-0123456789abcdef.css"), "body{}").unwrap();
    std::fs::write(p.join("favicon.svg"), "<svg/>").unwrap();
    std::fs::write(p.join("logo.png"), b"\x89PNG").unwrap();
    std::fs::write(p.join("manifest.json"), "{}").unwrap();
    std::fs::create_dir_all(p.join("snippets/leaflet-bridge-0123456789abcdef")).unwrap();
    std::fs::write(
        p.join("snippets/leaflet-bridge-0123456789abcdef/inline0.js"),
        "1",
    )
    .unwrap();
    std::fs::create_dir_all(p.join("assets")).unwrap();
    std::fs::write(p.join("assets/marker.png"), b"\x89PNG").unwrap();
    dir
}

fn portal_app(dir: &Path, mount: &str) -> Router {
    let conn = db::in_memory().unwrap();
    app(AppState::new(conn, KEY).with_portal(Portal::new(dir, mount).unwrap()))
}

#[tokio::test]
async fn files_have_the_right_content_type_and_cache_policy() {
    let dir = dist();
    let app = portal_app(dir.path(), "/");
    let immutable = "public, max-age=31536000, immutable";
    for (path, ctype, cache) in [
        ("/index.html", "text/html; charset=utf-8", "no-cache"),
        (
            &format!("/{HASHED_JS}") as &str,
            "text/javascript; charset=utf-8",
            immutable,
        ),
        (&format!("/{HASHED_WASM}"), "application/wasm", immutable),
        (
            "/style-0123456789abcdef.css",
            "text/css; charset=utf-8",
            immutable,
        ),
        ("/favicon.svg", "image/svg+xml", "no-cache"),
        ("/logo.png", "image/png", "no-cache"),
        ("/manifest.json", "application/json", "no-cache"),
        (
            "/snippets/leaflet-bridge-0123456789abcdef/inline0.js",
            "text/javascript; charset=utf-8",
            immutable,
        ),
        ("/assets/marker.png", "image/png", "no-cache"),
    ] {
        let reply = get_uri(&app, path).await;
        assert_eq!(reply.status, 200, "{path}");
        assert_eq!(reply.header("content-type").unwrap(), ctype, "{path}");
        assert_eq!(reply.header("cache-control").unwrap(), cache, "{path}");
        assert_eq!(
            reply.header("x-content-type-options").unwrap(),
            "nosniff",
            "{path}"
        );
    }
    let wasm = get_uri(&app, &format!("/{HASHED_WASM}")).await;
    assert_eq!(wasm.bytes, b"\0asm\x01\0\0\0");
}

#[tokio::test]
async fn root_and_client_routes_get_index_html() {
    let dir = dist();
    let app = portal_app(dir.path(), "/");
    for path in [
        "/",
        "/devices",
        "/devices/123456789012345678901234567890",
        "/groups/1/users/",
        "/assets",
    ] {
        let reply = get_uri(&app, path).await;
        assert_eq!(reply.status, 200, "{path}");
        assert_eq!(
            reply.header("content-type").unwrap(),
            "text/html; charset=utf-8",
            "{path}"
        );
        assert_eq!(reply.header("cache-control").unwrap(), "no-cache", "{path}");
        assert!(reply.text().contains("<title>EzMDM</title>"));
    }
}

#[tokio::test]
async fn missing_files_with_an_extension_are_404_not_html() {
    let dir = dist();
    let app = portal_app(dir.path(), "/");
    for path in [
        "/config.json",
        "/favicon.ico",
        "/assets/missing.js",
        "/app-0000000000000000.wasm",
    ] {
        let reply = get_uri(&app, path).await;
        assert_eq!(reply.status, 404, "{path}");
        assert!(
            !reply.header("content-type").unwrap().contains("html"),
            "{path}"
        );
    }
    // Once config.json exists it is served, and revalidated on every load.
    std::fs::write(dir.path().join("config.json"), r#"{"apiBase":"/api/v1"}"#).unwrap();
    let reply = get_uri(&app, "/config.json").await;
    assert_eq!(reply.status, 200);
    assert_eq!(reply.header("content-type").unwrap(), "application/json");
    assert_eq!(reply.header("cache-control").unwrap(), "no-cache");
}

#[tokio::test]
async fn traversal_is_refused() {
    let outer = tempfile::tempdir().unwrap();
    std::fs::write(outer.path().join("secret.txt"), "top secret").unwrap();
    let inner = outer.path().join("dist");
    std::fs::create_dir(&inner).unwrap();
    std::fs::write(inner.join("index.html"), "<html></html>").unwrap();
    #[cfg(unix)]
    std::os::unix::fs::symlink(outer.path().join("secret.txt"), inner.join("link.txt")).unwrap();
    let app = portal_app(&inner, "/");
    for path in [
        "/../secret.txt",
        "/%2e%2e/secret.txt",
        "/%2E%2E/secret.txt",
        "/assets/../../secret.txt",
        "/..%2fsecret.txt",
        "/..%5csecret.txt",
        "/.%2e/secret.txt",
        "/%00secret.txt",
        "/link.txt",
        "/.hidden",
    ] {
        let reply = get_uri(&app, path).await;
        assert!(
            reply.status == 400 || reply.status == 404,
            "{path}: {}",
            reply.status
        );
        assert!(!reply.text().contains("top secret"), "{path}");
    }
}

#[tokio::test]
async fn mount_path_serves_the_portal_under_a_prefix() {
    let dir = dist();
    let app = portal_app(dir.path(), "mdm");
    // /mdm redirects to /mdm/ (keeping the query).
    let reply = get_uri(&app, "/mdm?x=1").await;
    assert!(reply.status.is_redirection(), "{}", reply.status);
    assert_eq!(reply.header("location").unwrap(), "/mdm/?x=1");
    let reply = get_uri(&app, "/mdm/").await;
    assert_eq!(reply.status, 200);
    assert!(reply.text().contains("EzMDM"));
    let reply = get_uri(&app, &format!("/mdm/{HASHED_JS}")).await;
    assert_eq!(
        reply.header("content-type").unwrap(),
        "text/javascript; charset=utf-8"
    );
    let reply = get_uri(&app, "/mdm/devices/1").await;
    assert_eq!(reply.status, 200);
    assert!(reply.text().contains("EzMDM"));
    // Outside the mount there is nothing; the API is still at /api/v1.
    assert_eq!(get_uri(&app, "/").await.status, 404);
    assert_eq!(get_uri(&app, &format!("/{HASHED_JS}")).await.status, 404);
    assert_eq!(get_uri(&app, "/mdmx").await.status, 404);
    assert!(get(&app, "group").await.ok()["data"].is_array());
    assert_eq!(get_uri(&app, "/mdm/config.json").await.status, 404);
}

#[tokio::test]
async fn conditional_requests_and_precompressed_files() {
    let dir = dist();
    std::fs::write(dir.path().join(format!("{HASHED_WASM}.br")), b"brotli!").unwrap();
    let app = portal_app(dir.path(), "/");

    let reply = get_uri(&app, "/index.html").await;
    let etag = reply.header("etag").unwrap();
    let again = send(
        &app,
        Request::get("/index.html")
            .header("if-none-match", &etag)
            .body(Body::empty())
            .unwrap(),
    )
    .await;
    assert_eq!(again.status, 304);
    assert!(again.bytes.is_empty());

    let br = send(
        &app,
        Request::get(format!("/{HASHED_WASM}"))
            .header("accept-encoding", "gzip, br")
            .body(Body::empty())
            .unwrap(),
    )
    .await;
    assert_eq!(br.status, 200);
    assert_eq!(br.header("content-encoding").unwrap(), "br");
    assert_eq!(br.header("content-type").unwrap(), "application/wasm");
    assert_eq!(br.bytes, b"brotli!");
    // Not when the client does not accept it.
    let plain = send(
        &app,
        Request::get(format!("/{HASHED_WASM}"))
            .header("accept-encoding", "gzip, br;q=0")
            .body(Body::empty())
            .unwrap(),
    )
    .await;
    assert!(plain.header("content-encoding").is_none());
    assert_eq!(plain.bytes, b"\0asm\x01\0\0\0");
}

#[tokio::test]
async fn only_get_and_head_reach_the_portal() {
    let dir = dist();
    let app = portal_app(dir.path(), "/");
    let reply = send(
        &app,
        Request::post("/index.html").body(Body::empty()).unwrap(),
    )
    .await;
    assert_eq!(reply.status, 405);
    let reply = send(
        &app,
        Request::head("/index.html").body(Body::empty()).unwrap(),
    )
    .await;
    assert_eq!(reply.status, 200);
    assert!(reply.bytes.is_empty());
}

#[tokio::test]
async fn without_a_portal_the_root_explains_itself() {
    let app = app(AppState::new(db::in_memory().unwrap(), KEY));
    let reply = get_uri(&app, "/").await;
    assert_eq!(reply.status, 200);
    assert!(reply.text().contains("--static"));
    assert_eq!(get_uri(&app, "/devices").await.status, 404);
}

#[test]
fn bad_mounts_and_dirs_are_refused() {
    let dir = dist();
    assert!(Portal::new(dir.path(), "/api").is_err());
    assert!(Portal::new(dir.path(), "/../up").is_err());
    assert!(Portal::new(dir.path().join("nope"), "/").is_err());
    assert_eq!(Portal::new(dir.path(), "/a/b").unwrap().mount(), "/a/b/");
}
