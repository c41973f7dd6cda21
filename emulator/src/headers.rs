//! Security headers on every answer, API and portal alike (errors, 304s and panics
//! included, since this wraps everything else). This is the one place that sends them.
//!
//! - Portal answers (every path outside `/api`, when `--static` is given): the portal's
//!   policy (`portal::csp`), `Referrer-Policy: strict-origin-when-cross-origin` (the app
//!   itself sends each API request with `no-referrer`) and `X-Content-Type-Options: nosniff`.
//! - API answers (`/api`, `/api/…`), and everything when no portal is served: the strict
//!   [`API_POLICY`] (JSON and plain text are never documents worth running or framing)
//!   and `nosniff`.
//!
//! There is no `X-Frame-Options`: `frame-ancestors` supersedes it, and it cannot express
//! the allow-list `--frame-ancestors` takes. Every browser that can run the portal at all
//! under this policy (`'wasm-unsafe-eval'`: Chrome 97, Firefox 102, Safari 16) enforces
//! `frame-ancestors` and ignores `X-Frame-Options` when both are present, so adding it
//! would protect nobody and only risk contradicting the option.

use axum::extract::{Request, State};
use axum::http::{header, HeaderValue};
use axum::middleware::Next;
use axum::response::Response;

/// The policy of API answers (and of everything when no portal is served).
pub const API_POLICY: &str = "default-src 'none'; frame-ancestors 'none'";
/// `Referrer-Policy` of the portal's pages.
pub const REFERRER_POLICY: &str = "strict-origin-when-cross-origin";

/// Middleware (`axum::middleware::from_fn_with_state`); its state is the portal's policy,
/// `None` when no portal is served.
pub async fn security_headers(
    State(portal_policy): State<Option<HeaderValue>>,
    request: Request,
    next: Next,
) -> Response {
    let api = is_api_path(request.uri().path());
    let mut response = next.run(request).await;
    let headers = response.headers_mut();
    headers.insert(
        header::X_CONTENT_TYPE_OPTIONS,
        HeaderValue::from_static("nosniff"),
    );
    let policy = match portal_policy {
        Some(policy) if !api => policy,
        _ => HeaderValue::from_static(API_POLICY),
    };
    headers.insert(header::CONTENT_SECURITY_POLICY, policy);
    if !api {
        headers.insert(
            header::REFERRER_POLICY,
            HeaderValue::from_static(REFERRER_POLICY),
        );
    }
    response
}

/// The paths the API router owns (see `api::router`): `/api` and everything below it.
pub fn is_api_path(path: &str) -> bool {
    path == "/api" || path.starts_with("/api/")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn api_paths() {
        assert!(is_api_path("/api"));
        assert!(is_api_path("/api/"));
        assert!(is_api_path("/api/v1/key/group"));
        assert!(!is_api_path("/apiary"));
        assert!(!is_api_path("/mdm/api/v1"));
        assert!(!is_api_path("/"));
    }
}
