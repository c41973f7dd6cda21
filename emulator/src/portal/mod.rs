//! Serving the built portal (`--static DIR`, optionally under `--mount /sub/path/`).
//!
//! Written out rather than using `ServeDir` because the rules are specific: hashed assets
//! are cached forever, everything else is revalidated; extension-less paths fall back to
//! `index.html` (client-side routes) while a missing file *with* an extension is a plain 404
//! (so a missing `config.json` makes the portal use its defaults instead of parsing HTML).

use std::path::{Component, Path, PathBuf};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;
use std::time::{SystemTime, UNIX_EPOCH};

use axum::body::Body;
use axum::extract::State;
use axum::http::{header, HeaderMap, HeaderValue, Method, StatusCode, Uri};
use axum::response::{IntoResponse, Redirect, Response};
use axum::routing::{any, MethodRouter};

pub mod config;
pub mod csp;
pub mod inline_scripts;

use csp::PortalPolicy;

pub const IMMUTABLE: &str = "public, max-age=31536000, immutable";
pub const NO_CACHE: &str = "no-cache";

/// Where the portal's files are, under which path it is served, and its
/// Content-Security-Policy (worked out once, from the files; see `csp`).
#[derive(Debug, Clone)]
pub struct Portal {
    root: PathBuf,
    mount: String,
    policy: PortalPolicy,
    /// `index.html`'s size and time when the policy was made, to notice a rebuild.
    index_stamp: Option<(u64, Option<SystemTime>)>,
    stale_warned: Arc<AtomicBool>,
}

impl Portal {
    /// `dir` must exist; `mount` is normalised to `/` or `/sub/path/`.
    pub fn new(dir: impl AsRef<Path>, mount: &str) -> Result<Self, String> {
        let dir = dir.as_ref();
        let root = std::fs::canonicalize(dir)
            .map_err(|e| format!("cannot use static directory {}: {e}", dir.display()))?;
        if !root.is_dir() {
            return Err(format!(
                "static directory {} is not a directory",
                dir.display()
            ));
        }
        let mount = normalize_mount(mount)?;
        let index = root.join("index.html");
        if !index.is_file() {
            eprintln!(
                "ezmdm-emulator: warning: {} has no index.html (build the portal first)",
                dir.display()
            );
        }
        let index_stamp = stamp(&index);
        let (policy, warnings) = PortalPolicy::from_dir(&root);
        for warning in warnings {
            eprintln!("ezmdm-emulator: warning: {warning}");
        }
        Ok(Self {
            root,
            mount,
            policy,
            index_stamp,
            stale_warned: Arc::new(AtomicBool::new(false)),
        })
    }

    /// Who may embed the portal in a frame (`--frame-ancestors`, default `'self'`).
    pub fn with_frame_ancestors(mut self, sources: &str) -> Result<Self, String> {
        self.policy = self.policy.with_frame_ancestors(sources)?;
        Ok(self)
    }

    /// The Content-Security-Policy of every portal answer.
    pub fn policy(&self) -> &PortalPolicy {
        &self.policy
    }

    /// The policy's script hashes come from `index.html` as it was at start-up. When the
    /// file being served differs (the portal was rebuilt), say once that a restart is due.
    async fn check_index(&self, served: &Path) {
        if !served.ends_with("index.html") || self.stale_warned.load(Ordering::Relaxed) {
            return;
        }
        let now = tokio::fs::metadata(served)
            .await
            .ok()
            .map(|m| (m.len(), m.modified().ok()));
        if now == self.index_stamp || self.stale_warned.swap(true, Ordering::Relaxed) {
            return;
        }
        eprintln!(
            "ezmdm-emulator: warning: {} changed since start-up; the Content-Security-Policy \
             still has the old inline-script hashes, so the browser may refuse the new ones. \
             Restart the emulator.",
            served.display()
        );
    }

    pub fn root(&self) -> &Path {
        &self.root
    }

    /// `/` or `/sub/path/` (always with the trailing slash).
    pub fn mount(&self) -> &str {
        &self.mount
    }
}

fn stamp(path: &Path) -> Option<(u64, Option<SystemTime>)> {
    let meta = std::fs::metadata(path).ok()?;
    Some((meta.len(), meta.modified().ok()))
}

/// `mdm`, `/mdm`, `/mdm/` → `/mdm/`; empty or `/` → `/`. Refuses dot segments, odd
/// characters and anything under `/api` (which always belongs to the API).
pub fn normalize_mount(mount: &str) -> Result<String, String> {
    let segments: Vec<&str> = mount.trim().split('/').filter(|s| !s.is_empty()).collect();
    if segments.is_empty() {
        return Ok("/".to_owned());
    }
    for s in &segments {
        let ok = *s != "."
            && *s != ".."
            && s.chars()
                .all(|c| c.is_ascii_alphanumeric() || "-._~".contains(c));
        if !ok {
            return Err(format!(
                "invalid mount path '{mount}': use letters, digits, - . _ ~ and /"
            ));
        }
    }
    if segments[0].eq_ignore_ascii_case("api") {
        return Err(format!(
            "invalid mount path '{mount}': /api belongs to the API"
        ));
    }
    Ok(format!("/{}/", segments.join("/")))
}

/// The portal as the service for every path the API does not own.
pub fn service(portal: Arc<Portal>) -> MethodRouter {
    any(handler).with_state(portal)
}

async fn handler(
    State(portal): State<Arc<Portal>>,
    method: Method,
    uri: Uri,
    headers: HeaderMap,
) -> Response {
    if method != Method::GET && method != Method::HEAD {
        let mut response = plain(StatusCode::METHOD_NOT_ALLOWED, "Method not allowed");
        response
            .headers_mut()
            .insert(header::ALLOW, HeaderValue::from_static("GET, HEAD"));
        return response;
    }
    let path = uri.path();
    let mount = portal.mount();
    if mount != "/" && path == mount.trim_end_matches('/') {
        let target = match uri.query() {
            Some(q) => format!("{mount}?{q}"),
            None => mount.to_owned(),
        };
        return Redirect::permanent(&target).into_response();
    }
    let Some(rest) = path.strip_prefix(mount) else {
        return plain(StatusCode::NOT_FOUND, "Not found");
    };
    let segments = match decode_segments(rest) {
        Ok(segments) => segments,
        Err(status) => return plain(status, "Bad request path"),
    };
    serve(&portal, &segments, &headers).await
}

/// Without `--static` there is no portal; say how to get one instead of a bare 404.
pub async fn not_served(uri: Uri) -> Response {
    if uri.path() == "/" {
        plain(
            StatusCode::OK,
            "EzMDM emulator: the API is at /api/v1/{key}/{item}. \
             Start with --static DIR to serve the built portal here.\n",
        )
    } else {
        plain(StatusCode::NOT_FOUND, "Not found")
    }
}

fn plain(status: StatusCode, text: &'static str) -> Response {
    let mut response = (status, text).into_response();
    response
        .headers_mut()
        .insert(header::CACHE_CONTROL, HeaderValue::from_static(NO_CACHE));
    response
}

/// Percent-decodes each path segment and refuses traversal (`..`, `.`, also encoded),
/// separators or NUL smuggled inside a segment, and hidden files. The last segment may be
/// empty (a trailing slash).
fn decode_segments(rest: &str) -> Result<Vec<String>, StatusCode> {
    let raw: Vec<&str> = rest.split('/').collect();
    let last = raw.len() - 1;
    let mut segments = Vec::with_capacity(raw.len());
    for (i, seg) in raw.iter().enumerate() {
        if seg.is_empty() && i != last {
            continue; // `a//b` is `a/b`
        }
        let decoded = percent_decode(seg).ok_or(StatusCode::BAD_REQUEST)?;
        if decoded == "." || decoded == ".." || decoded.contains(['/', '\\', '\0']) {
            return Err(StatusCode::BAD_REQUEST);
        }
        if decoded.starts_with('.') {
            return Err(StatusCode::NOT_FOUND);
        }
        segments.push(decoded);
    }
    Ok(segments)
}

/// `%XX` decoding of a path segment (`+` stays `+` in paths). `None` when broken or not UTF-8.
fn percent_decode(s: &str) -> Option<String> {
    let bytes = s.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%' {
            let hex = bytes.get(i + 1..i + 3)?;
            let hi = (hex[0] as char).to_digit(16)?;
            let lo = (hex[1] as char).to_digit(16)?;
            out.push((hi * 16 + lo) as u8);
            i += 3;
        } else {
            out.push(bytes[i]);
            i += 1;
        }
    }
    String::from_utf8(out).ok()
}

async fn serve(portal: &Portal, segments: &[String], headers: &HeaderMap) -> Response {
    let mut file = portal.root().to_path_buf();
    for s in segments.iter().filter(|s| !s.is_empty()) {
        file.push(s);
    }
    if let Some(path) = existing_file(portal.root(), &file).await {
        let hashed = segments.iter().any(|s| has_content_hash(s));
        if path.parent() == Some(portal.root()) {
            portal.check_index(&path).await;
        }
        return send_file(&path, hashed, headers).await;
    }
    let last = segments.last().map(String::as_str).unwrap_or("");
    if last.contains('.') {
        // A missing asset (`config.json`, `favicon.ico`, …): never answer with HTML.
        return plain(StatusCode::NOT_FOUND, "Not found");
    }
    // A client-side route: hand out the app shell.
    match existing_file(portal.root(), &portal.root().join("index.html")).await {
        Some(index) => {
            portal.check_index(&index).await;
            send_file(&index, false, headers).await
        }
        None => plain(
            StatusCode::NOT_FOUND,
            "Not found (the static directory has no index.html)",
        ),
    }
}

/// The canonical path of a regular file that really lies inside `root` (a symlink out of
/// the directory does not count).
async fn existing_file(root: &Path, path: &Path) -> Option<PathBuf> {
    if path.components().any(|c| matches!(c, Component::ParentDir)) {
        return None;
    }
    let canonical = tokio::fs::canonicalize(path).await.ok()?;
    if !canonical.starts_with(root) {
        return None;
    }
    let meta = tokio::fs::metadata(&canonical).await.ok()?;
    meta.is_file().then_some(canonical)
}

async fn send_file(path: &Path, hashed: bool, headers: &HeaderMap) -> Response {
    let content_type = content_type(path);
    let (path, encoding) = precompressed(path, headers).await;
    let Ok(meta) = tokio::fs::metadata(&path).await else {
        return plain(StatusCode::NOT_FOUND, "Not found");
    };
    let mtime = meta
        .modified()
        .ok()
        .and_then(|t| t.duration_since(UNIX_EPOCH).ok())
        .map(|d| d.as_nanos())
        .unwrap_or(0);
    let etag = format!(
        "W/\"{:x}-{:x}{}\"",
        meta.len(),
        mtime,
        encoding.map(|e| format!("-{e}")).unwrap_or_default()
    );
    let cache = if hashed { IMMUTABLE } else { NO_CACHE };

    let mut builder = Response::builder()
        .header(header::CACHE_CONTROL, cache)
        .header(header::ETAG, &etag)
        .header(header::VARY, "Accept-Encoding");
    let not_modified = headers
        .get(header::IF_NONE_MATCH)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.split(',').any(|t| t.trim() == etag || t.trim() == "*"));
    if not_modified {
        return builder
            .status(StatusCode::NOT_MODIFIED)
            .body(Body::empty())
            .unwrap_or_else(|_| plain(StatusCode::INTERNAL_SERVER_ERROR, "Internal error"));
    }
    let Ok(bytes) = tokio::fs::read(&path).await else {
        return plain(StatusCode::NOT_FOUND, "Not found");
    };
    builder = builder
        .status(StatusCode::OK)
        .header(header::CONTENT_TYPE, content_type);
    if let Some(encoding) = encoding {
        builder = builder.header(header::CONTENT_ENCODING, encoding);
    }
    builder
        .body(Body::from(bytes))
        .unwrap_or_else(|_| plain(StatusCode::INTERNAL_SERVER_ERROR, "Internal error"))
}

/// A `.br` or `.gz` sibling when the client accepts it (the portal build may produce them).
async fn precompressed(path: &Path, headers: &HeaderMap) -> (PathBuf, Option<&'static str>) {
    let accepted = headers
        .get(header::ACCEPT_ENCODING)
        .and_then(|v| v.to_str().ok())
        .unwrap_or("");
    let accepts = |coding: &str| {
        accepted.split(',').any(|part| {
            let mut bits = part.split(';');
            let name = bits.next().unwrap_or("").trim();
            let refused = bits.any(|p| {
                p.trim()
                    .strip_prefix("q=")
                    .and_then(|q| q.trim().parse::<f32>().ok())
                    .is_some_and(|q| q == 0.0)
            });
            name.eq_ignore_ascii_case(coding) && !refused
        })
    };
    for (coding, suffix) in [("br", "br"), ("gzip", "gz")] {
        if accepts(coding) {
            let mut candidate = path.as_os_str().to_owned();
            candidate.push(".");
            candidate.push(suffix);
            let candidate = PathBuf::from(candidate);
            if tokio::fs::metadata(&candidate)
                .await
                .is_ok_and(|m| m.is_file())
            {
                return (candidate, Some(coding));
            }
        }
    }
    (path.to_path_buf(), None)
}

/// Trunk names build outputs `name-<hash>.ext` (`app-3f2a9c1b8e7d6a54_bg.wasm`), some
/// `<hash>-name.ext`, and puts snippets in folders named `crate-<hash>`; such paths never
/// change content. The hash is a `u64` printed as hex without zero padding, so it is 16
/// hex digits, or a few fewer when it happens to start with zeros: 13–16 are accepted.
pub fn has_content_hash(segment: &str) -> bool {
    const HASH_LEN: std::ops::RangeInclusive<usize> = 13..=16;
    let bytes = segment.as_bytes();
    let hex_run = |from: usize| {
        bytes[from..]
            .iter()
            .take_while(|b| b.is_ascii_hexdigit())
            .count()
    };
    // `<hash>-name…`
    let lead = hex_run(0);
    if HASH_LEN.contains(&lead) && bytes.get(lead) == Some(&b'-') {
        return true;
    }
    // `name-<hash>`, `name-<hash>.ext`, `name-<hash>_bg.wasm`
    bytes.iter().enumerate().any(|(i, &b)| {
        if b != b'-' {
            return false;
        }
        let run = hex_run(i + 1);
        HASH_LEN.contains(&run) && matches!(bytes.get(i + 1 + run), None | Some(b'.') | Some(b'_'))
    })
}

/// Content types by extension; what a Trunk build and a static web app need.
pub fn content_type(path: &Path) -> &'static str {
    let ext = path
        .extension()
        .and_then(|e| e.to_str())
        .map(str::to_ascii_lowercase)
        .unwrap_or_default();
    match ext.as_str() {
        "html" | "htm" => "text/html; charset=utf-8",
        "js" | "mjs" => "text/javascript; charset=utf-8",
        "css" => "text/css; charset=utf-8",
        "json" | "map" => "application/json",
        "webmanifest" => "application/manifest+json",
        "wasm" => "application/wasm",
        "svg" => "image/svg+xml",
        "png" => "image/png",
        "jpg" | "jpeg" => "image/jpeg",
        "gif" => "image/gif",
        "webp" => "image/webp",
        "avif" => "image/avif",
        "ico" => "image/x-icon",
        "woff2" => "font/woff2",
        "woff" => "font/woff",
        "ttf" => "font/ttf",
        "otf" => "font/otf",
        "txt" => "text/plain; charset=utf-8",
        "csv" => "text/csv; charset=utf-8",
        "xml" => "application/xml",
        "gpx" => "application/gpx+xml",
        "geojson" => "application/geo+json",
        "pdf" => "application/pdf",
        _ => "application/octet-stream",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn mounts_normalise() {
        assert_eq!(normalize_mount("/").unwrap(), "/");
        assert_eq!(normalize_mount("").unwrap(), "/");
        assert_eq!(normalize_mount("mdm").unwrap(), "/mdm/");
        assert_eq!(normalize_mount("/mdm/").unwrap(), "/mdm/");
        assert_eq!(normalize_mount("/a/b").unwrap(), "/a/b/");
        assert!(normalize_mount("/../x").is_err());
        assert!(normalize_mount("/api").is_err());
        assert!(normalize_mount("/a b").is_err());
    }

    #[test]
    fn content_hashes() {
        assert!(has_content_hash("app-3f2a9c1b8e7d6a54.js"));
        assert!(has_content_hash("app-3f2a9c1b8e7d6a54_bg.wasm"));
        assert!(has_content_hash("ezmdm-portal-0123456789abcdef"));
        assert!(!has_content_hash("index.html"));
        assert!(!has_content_hash("config.json"));
        assert!(
            has_content_hash("app-f2a9c1b8e7d6a54.js"),
            "15 digits: a hash with a leading zero"
        );
        assert!(has_content_hash("3f2a9c1b8e7d6a54-initializer.js"));
        assert!(
            !has_content_hash("app-3f2a9c1b8e7d.js"),
            "12 digits is too short"
        );
        assert!(!has_content_hash("app-3f2a9c1b8e7d6a54x.js"));
        assert!(
            !has_content_hash("app-3f2a9c1b8e7d6a54ab.js"),
            "18 digits is too long"
        );
        assert!(!has_content_hash("report-20261125.json"));
    }

    #[test]
    fn segments_refuse_traversal() {
        assert_eq!(decode_segments("a/b.js").unwrap(), vec!["a", "b.js"]);
        assert_eq!(decode_segments("").unwrap(), vec![""]);
        assert!(decode_segments("../x").is_err());
        assert!(decode_segments("%2e%2e/x").is_err());
        assert!(decode_segments("a/%2E%2E/x").is_err());
        assert!(decode_segments("a%2f..%2fb").is_err());
        assert!(decode_segments("a%5c..%5cb").is_err());
        assert!(decode_segments("%ff").is_err());
        assert!(decode_segments(".env").is_err());
    }

    #[test]
    fn types() {
        assert_eq!(content_type(Path::new("a.wasm")), "application/wasm");
        assert_eq!(
            content_type(Path::new("a.JS")),
            "text/javascript; charset=utf-8"
        );
        assert_eq!(content_type(Path::new("noext")), "application/octet-stream");
    }
}
