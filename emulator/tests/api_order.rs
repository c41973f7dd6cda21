//! The order of checks (key, item, method, then parameters and body) across every item's
//! routes, and the `Allow` each item's method router sends.

mod common;

use axum::body::Body;
use axum::http::Request;
use common::*;

const ITEMS: [(&str, &str); 5] = [
    ("group", "GET, PUT, POST"),
    ("user", "GET, PUT, POST"),
    ("device", "GET, POST"),
    ("devicelocation", "GET"),
    ("push", "GET, PUT"),
];

async fn request(app: &axum::Router, method: &str, uri: &str, body: &str) -> Reply {
    send(
        app,
        Request::builder()
            .method(method)
            .uri(uri)
            .header("content-type", "text/plain")
            .body(Body::from(body.to_owned()))
            .unwrap(),
    )
    .await
}

#[tokio::test]
async fn the_key_comes_first_whatever_the_item_method_or_query() {
    let (app, _) = demo_app();
    for method in [
        "GET", "HEAD", "PUT", "POST", "DELETE", "PATCH", "OPTIONS", "BREW",
    ] {
        for path in ["group", "GADGET/1", "device/1?limit=0", "push/x"] {
            let reply = request(&app, method, &format!("/api/v1/wrong/{path}"), "x=1").await;
            assert_eq!(reply.status, 401, "{method} {path}");
            if method != "HEAD" {
                assert_eq!(reply.error(401), "Invalid API Key");
            }
            assert_eq!(reply.header("allow"), None, "{method} {path}");
        }
    }
}

#[tokio::test]
async fn then_the_item_then_the_method_then_the_rest() {
    let (app, _) = demo_app();
    // An unknown item is a 404 whatever the method.
    for method in ["GET", "DELETE", "BREW"] {
        let reply = request(&app, method, &format!("/api/v1/{KEY}/gadget/1"), "").await;
        assert!(reply.error(404).starts_with("Unknown item 'gadget'"));
    }
    // An unsupported method is a 405 before the query or the body is looked at.
    for (item, allow) in ITEMS {
        for path in [item.to_owned(), format!("{}/1", item.to_uppercase())] {
            let uri = format!("/api/v1/{KEY}/{path}?limit=abc");
            let reply = request(&app, "DELETE", &uri, "not a form").await;
            assert_eq!(
                reply.error(405),
                format!("Method DELETE is not supported on {item}; use {allow}")
            );
            assert_eq!(reply.header("allow").as_deref(), Some(allow), "{path}");
        }
    }
    // A method that is routed only to be refused answers before the body is read.
    for (method, path, allow) in [
        ("PUT", "device", "GET, POST"),
        ("PUT", "device/1", "GET, POST"),
        ("PUT", "devicelocation/1", "GET"),
        ("POST", "devicelocation", "GET"),
        ("POST", "push", "GET, PUT"),
        ("PUT", "group/1", "GET, PUT, POST"),
    ] {
        let reply = request(&app, method, &format!("/api/v1/{KEY}/{path}"), "x").await;
        reply.error(405);
        assert_eq!(reply.header("allow").as_deref(), Some(allow), "{path}");
    }
    let reply = request(&app, "POST", &format!("/api/v1/{KEY}/user"), "x").await;
    assert!(reply.error(400).contains("identifier"));
    // Then the query…
    let msg = get(&app, "group/1?limit=0").await.error(400);
    assert!(msg.starts_with("Invalid limit '0'"), "{msg}");
    let msg = get(&app, "devicelocation?page=x").await.error(400);
    assert!(msg.starts_with("Invalid page 'x'"), "{msg}");
    // …or the body.
    let reply = request(&app, "PUT", &format!("/api/v1/{KEY}/group"), "x").await;
    assert!(reply.error(415).contains("text/plain"));
}

#[tokio::test]
async fn a_path_segment_that_is_not_utf8_is_a_400_before_the_key() {
    let (app, _) = demo_app();
    for uri in [
        "/api/v1/%FF/group".to_owned(),
        "/api/v1/wrong/group/%FF".to_owned(),
        format!("/api/v1/{KEY}/%FF"),
        "/api/v1/%FF".to_owned(),
    ] {
        let msg = get_uri(&app, &uri).await.error(400);
        assert!(msg.starts_with("Malformed request path: "), "{uri}: {msg}");
    }
}

#[tokio::test]
async fn head_works_wherever_get_does() {
    let (app, _) = demo_app();
    for path in ["group", "user?limit=1", "device", "push"] {
        let reply = request(&app, "HEAD", &format!("/api/v1/{KEY}/{path}"), "").await;
        assert_eq!(reply.status, 200, "{path}");
        assert!(reply.bytes.is_empty());
        assert_eq!(reply.header("cache-control").as_deref(), Some("no-store"));
    }
}
