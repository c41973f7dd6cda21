//! The portal's files, served by tower-http: `ServeDir` for a file under the directory,
//! `ServeFile` for the app shell (`index.html`). They choose a `.br`/`.gz` sibling the
//! client accepts, and answer HEAD, ranges and `If-Modified-Since`.
//!
//! On top of what they send, each file answer gets what the portal needs: a content type
//! with its charset, the cache policy (a content-hashed name is cached for good, anything
//! else is revalidated), `Vary: Accept-Encoding`, and a weak `ETag` with `If-None-Match`
//! (`ServeDir` has no ETags).

use std::io;
use std::path::{Path, PathBuf};
use std::time::UNIX_EPOCH;

use axum::body::Body;
use axum::http::{header, HeaderMap, HeaderValue, Method, Request, StatusCode, Uri};
use axum::response::Response;
use tower_http::services::fs::ServeFileSystemResponseBody;
use tower_http::services::{ServeDir, ServeFile};

/// `Cache-Control` of a path with a content hash (see `has_content_hash`).
pub const IMMUTABLE: &str = "public, max-age=31536000, immutable";
/// `Cache-Control` of everything else: `index.html`, `config.json`, …
pub const NO_CACHE: &str = "no-cache";

#[derive(Debug, Clone)]
pub struct Files {
    dir: ServeDir,
    shell: ServeFile,
    shell_path: PathBuf,
}

impl Files {
    /// `root` must be canonical (see `Portal::new`).
    pub fn new(root: &Path) -> Self {
        let shell_path = root.join("index.html");
        Self {
            // A directory is never listed nor redirected to `dir/`: it is a client-side
            // route like any other path without a file (the caller's SPA fallback).
            dir: ServeDir::new(root)
                .append_index_html_on_directories(false)
                .precompressed_br()
                .precompressed_gzip(),
            shell: ServeFile::new(&shell_path)
                .precompressed_br()
                .precompressed_gzip(),
            shell_path,
        }
    }

    /// The file at `url_path` (below the mount, checked by `paths::decode_segments`), which
    /// is `file` on disk; `None` when there is no such file.
    pub async fn file(
        &self,
        url_path: &str,
        file: &Path,
        cache: &'static str,
        method: &Method,
        headers: &HeaderMap,
    ) -> Option<Response> {
        let answer = self
            .dir
            .clone()
            .try_call(file_request(method, url_path, headers))
            .await;
        finish(answer, file, cache, headers).await
    }

    /// The app shell, `index.html`; `None` when the directory has none.
    pub async fn shell(&self, method: &Method, headers: &HeaderMap) -> Option<Response> {
        let answer = self
            .shell
            .clone()
            .try_call(file_request(method, "/", headers))
            .await;
        finish(answer, &self.shell_path, NO_CACHE, headers).await
    }

    pub fn shell_path(&self) -> &Path {
        &self.shell_path
    }
}

/// What tower-http gets of a request: its method, the path below the mount and the headers,
/// less the conditions it would answer wrongly.
fn file_request(method: &Method, url_path: &str, headers: &HeaderMap) -> Request<Body> {
    let mut request = Request::new(Body::empty());
    *request.method_mut() = method.clone();
    // `url_path` comes from a request URI, so it is one.
    *request.uri_mut() = Uri::try_from(url_path).unwrap_or_else(|_| Uri::from_static("/"));
    let mut headers = headers.clone();
    // If-None-Match is answered in `finish`, and a request that has it must not be
    // answered from If-Modified-Since (RFC 9110, 13.1.3).
    if headers.contains_key(header::IF_NONE_MATCH) {
        headers.remove(header::IF_MODIFIED_SINCE);
    }
    // tower-http neither evaluates If-Range nor serves several ranges at once (it answers
    // 416); the whole file is always a right answer to either.
    let several_ranges = headers
        .get(header::RANGE)
        .is_some_and(|range| range.as_bytes().contains(&b','));
    if several_ranges || headers.contains_key(header::IF_RANGE) {
        headers.remove(header::RANGE);
    }
    *request.headers_mut() = headers;
    request
}

/// Adds our headers to a file answer, or answers 304 for a matching `If-None-Match`.
/// `None` when there was no file to read.
async fn finish(
    answer: io::Result<Response<ServeFileSystemResponseBody>>,
    file: &Path,
    cache: &'static str,
    request_headers: &HeaderMap,
) -> Option<Response> {
    let mut response = match answer {
        Ok(response) if response.status() == StatusCode::NOT_FOUND => return None,
        Ok(response) => response.map(Body::new),
        Err(e) => {
            // As if it were not there, which is what the caller can say about it.
            eprintln!("ezmdm-emulator: cannot read {}: {e}", file.display());
            return None;
        }
    };
    let headers = response.headers_mut();
    headers.insert(header::CACHE_CONTROL, HeaderValue::from_static(cache));
    headers.insert(header::VARY, HeaderValue::from_static("Accept-Encoding"));
    if !matches!(
        response.status(),
        StatusCode::OK | StatusCode::PARTIAL_CONTENT
    ) {
        return Some(response);
    }
    if let Some(content_type) = content_type(file) {
        response
            .headers_mut()
            .insert(header::CONTENT_TYPE, HeaderValue::from_static(content_type));
    }
    let encoding = response
        .headers()
        .get(header::CONTENT_ENCODING)
        .and_then(|v| v.to_str().ok())
        .map(str::to_owned);
    let Some(etag) = etag(file, encoding.as_deref()).await else {
        return Some(response);
    };
    if none_match(request_headers, &etag) {
        return Some(not_modified(&response, etag));
    }
    response.headers_mut().insert(header::ETAG, etag);
    Some(response)
}

/// `W/"<size>-<mtime ns>[-<coding>]"` of the file actually sent (the `.br`/`.gz` sibling
/// for an encoded answer), in hex.
async fn etag(file: &Path, encoding: Option<&str>) -> Option<HeaderValue> {
    let sent = match encoding {
        Some("br") => sibling(file, "br"),
        Some("gzip") => sibling(file, "gz"),
        _ => file.to_path_buf(),
    };
    let meta = tokio::fs::metadata(&sent).await.ok()?;
    let mtime = meta
        .modified()
        .ok()
        .and_then(|t| t.duration_since(UNIX_EPOCH).ok())
        .map_or(0, |d| d.as_nanos());
    let coding = encoding.map(|e| format!("-{e}")).unwrap_or_default();
    HeaderValue::from_str(&format!("W/\"{:x}-{mtime:x}{coding}\"", meta.len())).ok()
}

fn sibling(file: &Path, suffix: &str) -> PathBuf {
    let mut name = file.as_os_str().to_owned();
    name.push(".");
    name.push(suffix);
    PathBuf::from(name)
}

fn none_match(request_headers: &HeaderMap, etag: &HeaderValue) -> bool {
    let Ok(etag) = etag.to_str() else {
        return false;
    };
    request_headers
        .get_all(header::IF_NONE_MATCH)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(','))
        .any(|tag| tag.trim() == etag || tag.trim() == "*")
}

/// A 304 with the headers a cache updates from it, and no body.
fn not_modified(full: &Response, etag: HeaderValue) -> Response {
    let mut response = Response::new(Body::empty());
    *response.status_mut() = StatusCode::NOT_MODIFIED;
    let headers = response.headers_mut();
    for name in [header::CACHE_CONTROL, header::VARY, header::LAST_MODIFIED] {
        if let Some(value) = full.headers().get(&name) {
            headers.insert(name, value.clone());
        }
    }
    headers.insert(header::ETAG, etag);
    response
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

/// The content types where tower-http's guess (from `mime_guess`) is not what we send: text
/// says it is UTF-8 (as the build is), and a few have a newer registered type. Every other
/// file keeps the guess (`application/octet-stream` when it has none).
pub fn content_type(file: &Path) -> Option<&'static str> {
    let ext = file
        .extension()
        .and_then(|e| e.to_str())
        .map(str::to_ascii_lowercase)?;
    Some(match ext.as_str() {
        "html" | "htm" => "text/html; charset=utf-8",
        "js" | "mjs" => "text/javascript; charset=utf-8",
        "css" => "text/css; charset=utf-8",
        "txt" => "text/plain; charset=utf-8",
        "csv" => "text/csv; charset=utf-8",
        "map" => "application/json",
        "xml" => "application/xml",
        "woff" => "font/woff",
        "otf" => "font/otf",
        _ => return None,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

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
    fn types() {
        assert_eq!(
            content_type(Path::new("a.JS")),
            Some("text/javascript; charset=utf-8")
        );
        assert_eq!(
            content_type(Path::new("a.wasm")),
            None,
            "the guess is right"
        );
        assert_eq!(content_type(Path::new("noext")), None);
    }
}
