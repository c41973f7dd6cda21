//! Serving the built portal (`--static DIR`, optionally under `--mount /sub/path/`).
//!
//! tower-http serves the files (`files`). The thin layer here does what it cannot: the
//! mount path (`/mdm` redirects to `/mdm/`), refusing traversal and hidden files
//! (`paths`) and symbolic links out of the directory, and the SPA fallback: a path
//! without a file whose last segment has no extension is a client-side route and gets
//! `index.html`, while a missing file *with* an extension is a plain 404 (so a missing
//! `config.json` makes the portal use its defaults instead of parsing HTML).

pub mod config;
pub mod csp;
pub mod files;
pub mod inline;
pub mod paths;

use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;
use std::time::SystemTime;

use axum::extract::State;
use axum::http::{header, HeaderMap, HeaderValue, Method, StatusCode, Uri};
use axum::response::{IntoResponse, Redirect, Response};
use axum::routing::{get, MethodRouter};

use csp::PortalPolicy;
use files::{has_content_hash, Files, IMMUTABLE, NO_CACHE};

/// Where the portal's files are, under which path it is served, and its
/// Content-Security-Policy (worked out once, from the files; see `csp`).
#[derive(Debug, Clone)]
pub struct Portal {
    root: PathBuf,
    mount: String,
    policy: PortalPolicy,
    files: Files,
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
        let mount = paths::normalize_mount(mount)?;
        let files = Files::new(&root);
        if !files.shell_path().is_file() {
            eprintln!(
                "ezmdm-emulator: warning: {} has no index.html (build the portal first)",
                dir.display()
            );
        }
        let index_stamp = stamp(files.shell_path());
        let (policy, warnings) = PortalPolicy::from_dir(&root);
        for warning in warnings {
            eprintln!("ezmdm-emulator: warning: {warning}");
        }
        Ok(Self {
            root,
            mount,
            policy,
            files,
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

    pub fn root(&self) -> &Path {
        &self.root
    }

    /// `/` or `/sub/path/` (always with the trailing slash).
    pub fn mount(&self) -> &str {
        &self.mount
    }

    /// The policy's script hashes come from `index.html` as it was at start-up. When the
    /// file about to be served differs (the portal was rebuilt), say once that a restart is
    /// due.
    async fn check_index(&self) {
        if self.stale_warned.load(Ordering::Relaxed) {
            return;
        }
        let index = self.files.shell_path();
        let now = tokio::fs::metadata(index)
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
            index.display()
        );
    }
}

fn stamp(path: &Path) -> Option<(u64, Option<SystemTime>)> {
    let meta = std::fs::metadata(path).ok()?;
    Some((meta.len(), meta.modified().ok()))
}

/// The portal as the service for every path the API does not own: GET and HEAD, anything
/// else is a 405.
pub fn service(portal: Arc<Portal>) -> MethodRouter {
    get(serve).fallback(method_not_allowed).with_state(portal)
}

async fn serve(
    State(portal): State<Arc<Portal>>,
    method: Method,
    uri: Uri,
    headers: HeaderMap,
) -> Response {
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
    let segments = match paths::decode_segments(rest) {
        Ok(segments) => segments,
        Err(status) => return plain(status, "Bad request path"),
    };
    let file: PathBuf = std::iter::once(portal.root().as_os_str())
        .chain(
            segments
                .iter()
                .filter(|s| !s.is_empty())
                .map(|s| s.as_ref()),
        )
        .collect();
    if !leads_outside(portal.root(), &file).await {
        let cache = if segments.iter().any(|s| has_content_hash(s)) {
            IMMUTABLE
        } else {
            NO_CACHE
        };
        if file == portal.files.shell_path() {
            portal.check_index().await;
        }
        let url_path = &path[mount.len() - 1..]; // keeps the mount's trailing slash
        if let Some(response) = portal
            .files
            .file(url_path, &file, cache, &method, &headers)
            .await
        {
            return response;
        }
    }
    if segments.last().is_some_and(|last| last.contains('.')) {
        // A missing asset (`config.json`, `favicon.ico`, …): never answer with HTML.
        return plain(StatusCode::NOT_FOUND, "Not found");
    }
    // A client-side route: hand out the app shell.
    portal.check_index().await;
    match portal.files.shell(&method, &headers).await {
        Some(response) => response,
        None => plain(
            StatusCode::NOT_FOUND,
            "Not found (the static directory has no index.html)",
        ),
    }
}

/// tower-http follows symbolic links; one that leads out of the portal's directory must not
/// show what it points at, so its target counts as missing.
async fn leads_outside(root: &Path, file: &Path) -> bool {
    tokio::fs::canonicalize(file)
        .await
        .is_ok_and(|real| !real.starts_with(root))
}

async fn method_not_allowed() -> Response {
    let mut response = plain(StatusCode::METHOD_NOT_ALLOWED, "Method not allowed");
    response
        .headers_mut()
        .insert(header::ALLOW, HeaderValue::from_static("GET, HEAD"));
    response
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
