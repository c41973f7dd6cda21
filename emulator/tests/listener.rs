//! Over a real socket: the library's `serve`, and the binary's banner and clean shutdown.

mod common;

use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::process::{Command, Stdio};
use std::time::Duration;

use common::KEY;
use ezmdm_emulator::{db, seed, serve, AppState};

/// One HTTP/1.1 request with `Connection: close`; returns (status, headers, body).
fn http(addr: &str, request: &str) -> (u16, String, String) {
    let mut stream = TcpStream::connect(addr).unwrap();
    stream
        .set_read_timeout(Some(Duration::from_secs(10)))
        .unwrap();
    stream.write_all(request.as_bytes()).unwrap();
    let mut raw = Vec::new();
    stream.read_to_end(&mut raw).unwrap();
    let text = String::from_utf8_lossy(&raw).into_owned();
    let (head, body) = text.split_once("\r\n\r\n").expect("a complete response");
    let status = head.split(' ').nth(1).unwrap().parse().unwrap();
    (status, head.to_owned(), body.to_owned())
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn serves_over_a_real_socket_and_shuts_down() {
    let conn = db::in_memory().unwrap();
    seed::demo(&conn, common::NOW).unwrap();
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap().to_string();
    let (stop, stopped) = tokio::sync::oneshot::channel::<()>();
    let server = tokio::spawn(serve(listener, AppState::new(conn, KEY), async {
        let _ = stopped.await;
    }));

    let a = addr.clone();
    let (status, head, body) = tokio::task::spawn_blocking(move || {
        http(
            &a,
            &format!(
                "GET /api/v1/{KEY}/group?limit=2 HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n"
            ),
        )
    })
    .await
    .unwrap();
    assert_eq!(status, 200);
    assert!(head
        .to_ascii_lowercase()
        .contains("content-type: application/json"));
    let json: serde_json::Value = serde_json::from_str(&body).unwrap();
    assert_eq!(json["success"], true);
    assert_eq!(json["data"].as_array().unwrap().len(), 2);

    // A body over the limit, announced by Content-Length, is refused with the envelope
    // before it is read (so only the head is sent here).
    let a = addr.clone();
    let (status, _, body) = tokio::task::spawn_blocking(move || {
        http(
            &a,
            &format!(
                "PUT /api/v1/{KEY}/group HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\
                 Content-Type: application/x-www-form-urlencoded\r\nContent-Length: 70000\r\n\r\n"
            ),
        )
    })
    .await
    .unwrap();
    assert_eq!(status, 413);
    assert!(body.contains("\"success\":false"), "{body}");

    stop.send(()).unwrap();
    tokio::time::timeout(Duration::from_secs(10), server)
        .await
        .unwrap()
        .unwrap()
        .unwrap();
}

#[test]
fn binary_prints_the_banner_and_stops_on_sigterm() {
    let mut child = Command::new(env!("CARGO_BIN_EXE_ezmdm-emulator"))
        .args([
            "--addr",
            "127.0.0.1:0",
            "--db",
            ":memory:",
            "--seed",
            "none",
            "--api-key",
            "banner-key",
        ])
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    let mut lines = BufReader::new(child.stdout.take().unwrap()).lines();
    let mut next = || lines.next().expect("a banner line").unwrap();

    let first = next();
    let url = first
        .strip_prefix("EzMDM emulator listening on ")
        .expect(&first)
        .to_owned();
    assert!(
        url.starts_with("http://127.0.0.1:") && url.ends_with('/'),
        "{url}"
    );
    let port: u16 = url["http://127.0.0.1:".len()..url.len() - 1]
        .parse()
        .unwrap();
    assert_ne!(port, 0, "the real port is printed");
    assert_eq!(next(), format!("API base: {}api/v1", url));
    assert_eq!(next(), "API key:  banner-key");
    assert!(next().starts_with("Data:     0 groups, 0 users, 0 devices, 0 locations"));

    let (status, _, body) = http(
        &format!("127.0.0.1:{port}"),
        "GET /api/v1/banner-key/group HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n",
    );
    assert_eq!(status, 200);
    assert!(body.contains("\"total\":0"), "{body}");

    #[cfg(unix)]
    {
        // SIGTERM (by this child's own pid) must end it cleanly.
        let killed = Command::new("kill")
            .args(["-TERM", &child.id().to_string()])
            .status()
            .unwrap();
        assert!(killed.success());
        let status = child.wait().unwrap();
        assert!(status.success(), "{status:?}");
    }
    #[cfg(not(unix))]
    {
        child.kill().unwrap();
        child.wait().unwrap();
    }
}

#[test]
fn binary_prints_the_portal_policy_and_checks_frame_ancestors() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(
        dir.path().join("index.html"),
        "<!doctype html><script>alert('Hello, world.');</script>",
    )
    .unwrap();
    let static_dir = dir.path().to_str().unwrap();
    let run = |extra: &[&str]| {
        Command::new(env!("CARGO_BIN_EXE_ezmdm-emulator"))
            .args(["--db", ":memory:", "--static", static_dir, "--print-csp"])
            .args(extra)
            .output()
            .unwrap()
    };

    let out = run(&["--frame-ancestors", "'self' https://intranet.example.com"]);
    assert!(out.status.success(), "{out:?}");
    let printed = String::from_utf8(out.stdout).unwrap();
    assert_eq!(
        printed,
        "default-src 'self'; script-src 'self' 'wasm-unsafe-eval' \
         'sha256-qznLcsROx4GACP2dm0UCKCzCG+HiZ1guq6ZZDob/Tng='; style-src 'self'; \
         img-src 'self' data: https://tile.openstreetmap.org; connect-src 'self'; \
         object-src 'none'; base-uri 'self'; form-action 'self'; \
         frame-ancestors 'self' https://intranet.example.com\n"
    );

    let out = run(&["--frame-ancestors", "self"]);
    assert!(!out.status.success());
    let stderr = String::from_utf8(out.stderr).unwrap();
    assert!(stderr.contains("'self'"), "{stderr}");
}
