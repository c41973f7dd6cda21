//! Security headers: the portal's Content-Security-Policy (inline-script hashes of the served
//! index.html, tile and API origins from config.json, `--frame-ancestors`), the strict
//! policy of API answers, Referrer-Policy and nosniff.

mod common;

use axum::body::Body;
use axum::http::Request;
use axum::Router;
use common::*;
use ezmdm_emulator::headers::API_POLICY;
use ezmdm_emulator::{app, db, AppState, Portal};

/// Shaped like Trunk's output: our base-href script, then the injected module script, an
/// external script and a commented-out one (neither of which may be hashed).
const INDEX: &str = r#"<!DOCTYPE html>
<html lang="en">
<head>
    <meta charset="utf-8">
    <!-- Not run: <script>alert(1)</script> -->
    <script>(function(){document.documentElement.dataset.base="/"})();</script>
    <link rel="stylesheet" href="./main-0123456789abcdef.css">
<script type="module">
import init from "./app-3f2a9c1b8e7d6a54.js";
await init({ module_or_path: "./app-3f2a9c1b8e7d6a54_bg.wasm" });
</script>
<script src="./leaflet/leaflet.js"></script>
</head>
<body></body>
</html>
"#;

/// `openssl dgst -sha256 -binary | base64` of the two inline scripts' text.
const BASE_HREF_HASH: &str = "'sha256-z+FAg/cOyPWGGIXOR85Rmc+xLwUS3oWCE4vazbZvgxY='";
const MODULE_HASH: &str = "'sha256-OwDkp1MglUOTLGQKcdDNPPf2q0wjnuhQZ17aV0dlHxU='";

fn dist(config_json: Option<&str>) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    let p = dir.path();
    std::fs::write(p.join("index.html"), INDEX).unwrap();
    std::fs::write(p.join("app-3f2a9c1b8e7d6a54.js"), "export default 1;").unwrap();
    std::fs::write(p.join("main-0123456789abcdef.css"), "body{}").unwrap();
    if let Some(config) = config_json {
        std::fs::write(p.join("config.json"), config).unwrap();
    }
    dir
}

fn portal_app(portal: Portal) -> Router {
    let conn = db::in_memory().unwrap();
    app(AppState::new(conn, KEY).with_portal(portal))
}

fn csp(reply: &Reply) -> String {
    reply
        .header("content-security-policy")
        .expect("a Content-Security-Policy header")
}

/// The value of one directive, e.g. `frame-ancestors` → `'self'`.
fn directive(policy: &str, name: &str) -> Option<String> {
    policy.split(';').find_map(|d| {
        let d = d.trim();
        d.strip_prefix(name)
            .filter(|rest| rest.starts_with(' '))
            .map(|rest| rest.trim().to_owned())
    })
}

#[tokio::test]
async fn portal_answers_carry_the_policy_with_the_inline_script_hashes() {
    let dir = dist(None);
    let app = portal_app(Portal::new(dir.path(), "/").unwrap());
    let expected = format!(
        "default-src 'self'; script-src 'self' 'wasm-unsafe-eval' {BASE_HREF_HASH} {MODULE_HASH}; \
         style-src 'self'; img-src 'self' data: https://tile.openstreetmap.org; \
         connect-src 'self'; object-src 'none'; base-uri 'self'; form-action 'self'; \
         frame-ancestors 'self'"
    );
    for (path, status) in [
        ("/", 200),
        ("/index.html", 200),
        ("/groups/123", 200),
        ("/devices/1/locations?range=all", 200),
        ("/app-3f2a9c1b8e7d6a54.js", 200),
        ("/main-0123456789abcdef.css", 200),
        ("/config.json", 404),
    ] {
        let reply = get_uri(&app, path).await;
        assert_eq!(reply.status, status, "{path}");
        assert_eq!(csp(&reply), expected, "{path}");
        assert_eq!(
            reply.header("referrer-policy").as_deref(),
            Some("strict-origin-when-cross-origin"),
            "{path}"
        );
        assert_eq!(
            reply.header("x-content-type-options").as_deref(),
            Some("nosniff"),
            "{path}"
        );
        assert_eq!(
            reply.header("x-frame-options"),
            None,
            "{path}: frame-ancestors supersedes it"
        );
    }
    // A conditional request answered 304 still carries it.
    let first = get_uri(&app, "/").await;
    let etag = first.header("etag").unwrap();
    let reply = send(
        &app,
        Request::get("/")
            .header("if-none-match", etag)
            .body(Body::empty())
            .unwrap(),
    )
    .await;
    assert_eq!(reply.status, 304);
    assert_eq!(csp(&reply), expected);
}

#[tokio::test]
async fn the_script_hashes_are_exactly_those_of_the_inline_scripts() {
    let dir = dist(None);
    let portal = Portal::new(dir.path(), "/").unwrap();
    assert_eq!(
        portal.policy().script_hashes(),
        [BASE_HREF_HASH, MODULE_HASH]
    );
    let policy = portal.policy().as_str().to_owned();
    let script_src = directive(&policy, "script-src").unwrap();
    assert!(!script_src.contains("unsafe-inline"), "{script_src}");
    assert!(!script_src.contains("'unsafe-eval'"), "{script_src}");
    assert_eq!(directive(&policy, "style-src").as_deref(), Some("'self'"));
    assert_eq!(directive(&policy, "object-src").as_deref(), Some("'none'"));
    assert_eq!(directive(&policy, "base-uri").as_deref(), Some("'self'"));
    assert_eq!(directive(&policy, "form-action").as_deref(), Some("'self'"));
    assert_eq!(directive(&policy, "default-src").as_deref(), Some("'self'"));

    // Under a mount path the same policy applies.
    let app = portal_app(Portal::new(dir.path(), "/mdm/").unwrap());
    let reply = get_uri(&app, "/mdm/devices/1").await;
    assert_eq!(reply.status, 200);
    assert_eq!(csp(&reply), policy);

    // Without an index.html there is nothing to hash (and the policy still stands).
    let empty = tempfile::tempdir().unwrap();
    let portal = Portal::new(empty.path(), "/").unwrap();
    assert!(portal.policy().script_hashes().is_empty());
    assert_eq!(
        directive(portal.policy().as_str(), "script-src").as_deref(),
        Some("'self' 'wasm-unsafe-eval'")
    );
}

#[tokio::test]
async fn frame_ancestors_follow_the_option() {
    let dir = dist(None);
    for (option, expected) in [
        ("'self'", "'self'"),
        (
            "'self' https://intranet.example.com",
            "'self' https://intranet.example.com",
        ),
        ("  'NONE' ", "'none'"),
        ("https://*.example.com", "https://*.example.com"),
    ] {
        let portal = Portal::new(dir.path(), "/")
            .unwrap()
            .with_frame_ancestors(option)
            .unwrap();
        let app = portal_app(portal);
        for path in ["/", "/groups"] {
            let reply = get_uri(&app, path).await;
            let policy = csp(&reply);
            assert_eq!(
                directive(&policy, "frame-ancestors").as_deref(),
                Some(expected),
                "{option} {path}"
            );
            assert_eq!(policy.matches("frame-ancestors").count(), 1);
            assert!(policy.contains(BASE_HREF_HASH) && policy.contains(MODULE_HASH));
        }
        // The API never lets itself be framed, whatever the option.
        let reply = get(&app, "group").await;
        assert_eq!(csp(&reply), API_POLICY);
    }
    for bad in [
        "",
        "self",
        "'self' 'none'",
        "'unsafe-inline'",
        "'self'; script-src *",
        "https://a.example.com,https://b.example.com",
    ] {
        let refused = Portal::new(dir.path(), "/")
            .unwrap()
            .with_frame_ancestors(bad);
        assert!(refused.is_err(), "{bad:?} must be refused");
    }
}

#[tokio::test]
async fn api_answers_carry_the_strict_policy() {
    let dir = dist(None);
    let (conn, _) = demo_db();
    let app = app(AppState::new(conn, KEY).with_portal(Portal::new(dir.path(), "/").unwrap()));
    let wrong_key = get_uri(&app, "/api/v1/not-the-key/group").await;
    let replies = [
        get(&app, "group?limit=1").await,
        get(&app, "nothing").await,
        put_form(&app, "group", "").await,
        wrong_key,
        get_uri(&app, "/api").await,
        get_uri(&app, "/api/").await,
        get_uri(&app, "/api/v2/whatever.html").await,
    ];
    for reply in &replies {
        assert!(
            reply
                .header("content-type")
                .unwrap()
                .starts_with("application/json"),
            "{}",
            reply.text()
        );
        assert_eq!(csp(reply), API_POLICY);
        assert_eq!(API_POLICY, "default-src 'none'; frame-ancestors 'none'");
        assert_eq!(
            reply.header("x-content-type-options").as_deref(),
            Some("nosniff")
        );
    }
    assert_eq!(replies[0].status, 200);
    assert_eq!(replies[3].status, 401);

    // Without --static there is no page to protect: everything is strict.
    let (bare, _) = demo_app();
    for path in ["/", "/groups", "/api/v1/x/group"] {
        let reply = get_uri(&bare, path).await;
        assert_eq!(csp(&reply), API_POLICY, "{path}");
    }
}

#[tokio::test]
async fn config_json_names_the_tile_and_api_origins() {
    let dir = dist(Some(
        r#"{
            "apiBase": "https://mdm-api.example.com/api/v1",
            "tileUrl": "https://{s}.tiles.example.com/{z}/{x}/{y}.png",
            "title": "Our MDM"
        }"#,
    ));
    let app = portal_app(Portal::new(dir.path(), "/").unwrap());
    let policy = csp(&get_uri(&app, "/").await);
    assert_eq!(
        directive(&policy, "img-src").as_deref(),
        Some("'self' data: https://*.tiles.example.com")
    );
    assert_eq!(
        directive(&policy, "connect-src").as_deref(),
        Some("'self' https://mdm-api.example.com")
    );

    // Same-origin values need nothing beyond 'self'.
    let dir = dist(Some(
        r#"{"apiBase": "/api/v1", "tileUrl": "tiles/{z}/{x}/{y}.png"}"#,
    ));
    let portal = Portal::new(dir.path(), "/").unwrap();
    let policy = portal.policy().as_str();
    assert_eq!(
        directive(policy, "img-src").as_deref(),
        Some("'self' data:")
    );
    assert_eq!(directive(policy, "connect-src").as_deref(), Some("'self'"));

    // A broken file: the portal falls back to its defaults, and so does the policy.
    let dir = dist(Some("{ not json"));
    let portal = Portal::new(dir.path(), "/").unwrap();
    assert_eq!(
        directive(portal.policy().as_str(), "img-src").as_deref(),
        Some("'self' data: https://tile.openstreetmap.org")
    );
}

#[tokio::test]
async fn the_policy_is_read_at_start_up() {
    let dir = dist(None);
    let app = portal_app(Portal::new(dir.path(), "/").unwrap());
    let before = csp(&get_uri(&app, "/").await);
    // A rebuild while running: the policy keeps the start-up hashes (a warning is printed
    // once on stderr; restart to pick up the new ones).
    std::fs::write(
        dir.path().join("index.html"),
        INDEX.replace("dataset.base", "dataset.other"),
    )
    .unwrap();
    let reply = get_uri(&app, "/").await;
    assert!(reply.text().contains("dataset.other"));
    assert_eq!(csp(&reply), before);
}
