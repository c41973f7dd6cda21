//! Serving the portal's files through tower-http's `ServeDir`: what stays as it was
//! (content types, encodings, ETags, symbolic links) and what it adds (ranges,
//! `Last-Modified` and `If-Modified-Since`, `Accept-Encoding` q-values).

mod common;

use std::path::Path;

use axum::body::Body;
use axum::http::Request;
use axum::Router;
use common::*;
use ezmdm_emulator::{app, db, AppState, Portal};

const HASHED_JS: &str = "app-3f2a9c1b8e7d6a54.js";
const IMMUTABLE: &str = "public, max-age=31536000, immutable";

fn dist() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    let p = dir.path();
    std::fs::write(p.join("index.html"), "<!doctype html><title>EzMDM</title>").unwrap();
    std::fs::write(p.join(HASHED_JS), "export default 1;").unwrap();
    std::fs::write(p.join(format!("{HASHED_JS}.br")), "BR").unwrap();
    std::fs::write(p.join(format!("{HASHED_JS}.gz")), "GZ").unwrap();
    std::fs::create_dir(p.join("assets")).unwrap();
    dir
}

fn portal_app(dir: &Path) -> Router {
    let conn = db::in_memory().unwrap();
    app(AppState::new(conn, KEY).with_portal(Portal::new(dir, "/").unwrap()))
}

async fn get_with(app: &Router, uri: &str, headers: &[(&str, &str)]) -> Reply {
    let mut request = Request::get(uri);
    for (name, value) in headers {
        request = request.header(*name, *value);
    }
    send(app, request.body(Body::empty()).unwrap()).await
}

/// The former hand-written table; tower-http's guess is corrected where it differs.
const CONTENT_TYPES: [(&str, &str); 28] = [
    ("html", "text/html; charset=utf-8"),
    ("htm", "text/html; charset=utf-8"),
    ("js", "text/javascript; charset=utf-8"),
    ("mjs", "text/javascript; charset=utf-8"),
    ("css", "text/css; charset=utf-8"),
    ("json", "application/json"),
    ("map", "application/json"),
    ("webmanifest", "application/manifest+json"),
    ("wasm", "application/wasm"),
    ("svg", "image/svg+xml"),
    ("png", "image/png"),
    ("jpg", "image/jpeg"),
    ("jpeg", "image/jpeg"),
    ("gif", "image/gif"),
    ("webp", "image/webp"),
    ("avif", "image/avif"),
    ("ico", "image/x-icon"),
    ("woff2", "font/woff2"),
    ("woff", "font/woff"),
    ("ttf", "font/ttf"),
    ("otf", "font/otf"),
    ("txt", "text/plain; charset=utf-8"),
    ("csv", "text/csv; charset=utf-8"),
    ("xml", "application/xml"),
    ("gpx", "application/gpx+xml"),
    ("geojson", "application/geo+json"),
    ("pdf", "application/pdf"),
    ("unknownext", "application/octet-stream"),
];

#[tokio::test]
async fn content_types_are_those_the_portal_had_before() {
    let dir = dist();
    let names = |ext: &str| {
        [
            format!("file.{ext}"),
            format!("FILE.{}", ext.to_uppercase()),
        ]
    };
    for (ext, _) in CONTENT_TYPES {
        for name in names(ext) {
            std::fs::write(dir.path().join("assets").join(name), "x").unwrap();
        }
    }
    let app = portal_app(dir.path());
    for (ext, expected) in CONTENT_TYPES {
        for name in names(ext) {
            let reply = get_uri(&app, &format!("/assets/{name}")).await;
            assert_eq!(reply.status, 200, "{name}");
            assert_eq!(
                reply.header("content-type").as_deref(),
                Some(expected),
                "{name}"
            );
        }
    }
}

#[tokio::test]
async fn precompressed_siblings_follow_the_q_values() {
    let dir = dist();
    let app = portal_app(dir.path());
    let path = format!("/{HASHED_JS}");
    for (accept, coding, body) in [
        ("gzip, deflate, br, zstd", Some("br"), "BR"),
        ("gzip", Some("gzip"), "GZ"),
        ("br;q=0, gzip", Some("gzip"), "GZ"),
        // New with ServeDir: the client's preference counts (before, br always won).
        ("br;q=0.5, gzip", Some("gzip"), "GZ"),
        ("identity", None, "export default 1;"),
        ("", None, "export default 1;"),
    ] {
        let reply = get_with(&app, &path, &[("accept-encoding", accept)]).await;
        assert_eq!(reply.status, 200, "{accept}");
        assert_eq!(
            reply.header("content-encoding").as_deref(),
            coding,
            "{accept}"
        );
        assert_eq!(reply.text(), body, "{accept}");
        assert_eq!(
            reply.header("content-type").as_deref(),
            Some("text/javascript; charset=utf-8")
        );
        assert_eq!(reply.header("vary").as_deref(), Some("Accept-Encoding"));
        assert_eq!(reply.header("cache-control").as_deref(), Some(IMMUTABLE));
        // The weak ETag names the coding, so each variant revalidates on its own.
        let etag = reply.header("etag").unwrap();
        assert!(etag.starts_with("W/\""), "{etag}");
        match coding {
            Some(coding) => assert!(etag.ends_with(&format!("-{coding}\"")), "{etag}"),
            None => assert!(!etag.contains("-br") && !etag.contains("-gzip"), "{etag}"),
        }
    }
    // A missing sibling: the file itself.
    std::fs::remove_file(dir.path().join(format!("{HASHED_JS}.br"))).unwrap();
    let reply = get_with(&app, &path, &[("accept-encoding", "br")]).await;
    assert_eq!(reply.header("content-encoding"), None);
    assert_eq!(reply.text(), "export default 1;");
}

#[tokio::test]
async fn ranges_are_served_but_never_partly() {
    let dir = dist();
    let app = portal_app(dir.path());
    let path = format!("/{HASHED_JS}");
    // New with ServeDir: one range is a 206.
    let reply = get_with(&app, &path, &[("range", "bytes=0-5")]).await;
    assert_eq!(reply.status, 206);
    assert_eq!(reply.text(), "export");
    assert_eq!(
        reply.header("content-range").as_deref(),
        Some("bytes 0-5/17")
    );
    assert_eq!(reply.header("accept-ranges").as_deref(), Some("bytes"));
    assert_eq!(
        reply.header("content-type").as_deref(),
        Some("text/javascript; charset=utf-8")
    );
    assert_eq!(reply.header("cache-control").as_deref(), Some(IMMUTABLE));
    let full = get_uri(&app, &path).await;
    assert_eq!(reply.header("etag"), full.header("etag"));
    // Several ranges, or an If-Range we do not check: the whole file, as before.
    for headers in [
        &[("range", "bytes=0-1,3-4")][..],
        &[("range", "bytes=0-5"), ("if-range", "\"stale\"")][..],
    ] {
        let reply = get_with(&app, &path, headers).await;
        assert_eq!(reply.status, 200, "{headers:?}");
        assert_eq!(reply.text(), "export default 1;");
    }
    // A range past the end.
    let reply = get_with(&app, &path, &[("range", "bytes=100-")]).await;
    assert_eq!(reply.status, 416);
    assert_eq!(reply.header("content-range").as_deref(), Some("bytes */17"));
}

#[tokio::test]
async fn if_none_match_comes_before_if_modified_since() {
    let dir = dist();
    let app = portal_app(dir.path());
    let first = get_uri(&app, "/index.html").await;
    let etag = first.header("etag").unwrap();
    // New with ServeDir: Last-Modified, and If-Modified-Since alone revalidates too.
    let last_modified = first.header("last-modified").expect("Last-Modified");
    let reply = get_with(
        &app,
        "/index.html",
        &[("if-modified-since", &last_modified)],
    )
    .await;
    assert_eq!(reply.status, 304);
    assert!(reply.bytes.is_empty());
    assert_eq!(reply.header("cache-control").as_deref(), Some("no-cache"));
    assert!(reply.header("content-security-policy").is_some());

    // A matching ETag: 304 with the validators and the cache policy, no body or type.
    for route in ["/index.html", "/devices/1"] {
        let reply = get_with(&app, route, &[("if-none-match", &etag)]).await;
        assert_eq!(reply.status, 304, "{route}");
        assert!(reply.bytes.is_empty());
        assert_eq!(reply.header("etag").as_deref(), Some(etag.as_str()));
        assert_eq!(reply.header("cache-control").as_deref(), Some("no-cache"));
        assert_eq!(reply.header("vary").as_deref(), Some("Accept-Encoding"));
        assert_eq!(reply.header("content-type"), None);
    }
    // An ETag that does not match wins over a date that would.
    let reply = get_with(
        &app,
        "/index.html",
        &[
            ("if-none-match", "W/\"other\""),
            ("if-modified-since", &last_modified),
        ],
    )
    .await;
    assert_eq!(reply.status, 200);
    assert!(reply.text().contains("EzMDM"));
}

#[cfg(unix)]
#[tokio::test]
async fn symbolic_links_inside_the_directory_are_followed() {
    let outer = tempfile::tempdir().unwrap();
    std::fs::write(outer.path().join("secret.txt"), "top secret").unwrap();
    let dir = dist();
    let p = dir.path();
    std::fs::write(p.join("assets/real.css"), "body{}").unwrap();
    std::os::unix::fs::symlink(p.join("assets/real.css"), p.join("alias.css")).unwrap();
    std::os::unix::fs::symlink(outer.path().join("secret.txt"), p.join("outside")).unwrap();
    let app = portal_app(p);
    let reply = get_uri(&app, "/alias.css").await;
    assert_eq!(reply.status, 200);
    assert_eq!(reply.text(), "body{}");
    // A link out without an extension is a client-side route like any missing path.
    let reply = get_uri(&app, "/outside").await;
    assert_eq!(reply.status, 200);
    assert!(reply.text().contains("EzMDM"));
}

#[tokio::test]
async fn a_directory_is_a_client_side_route_not_a_redirect() {
    let dir = dist();
    let app = portal_app(dir.path());
    for path in ["/assets", "/assets/"] {
        let reply = get_uri(&app, path).await;
        assert_eq!(reply.status, 200, "{path}");
        assert_eq!(reply.header("location"), None);
        assert!(reply.text().contains("EzMDM"));
    }
    let reply = send(
        &app,
        Request::delete("/assets").body(Body::empty()).unwrap(),
    )
    .await;
    assert_eq!(reply.status, 405);
    assert_eq!(reply.header("allow").as_deref(), Some("GET, HEAD"));
    assert_eq!(reply.text(), "Method not allowed");
}
