//! EzMDM emulator: a local stand-in for the EzMDM REST API over SQLite, with seeded demo
//! data, that can also serve the built portal. See README.md for what it emits and why.
//!
//! `app(state)` is the whole HTTP surface as one `Router`, so tests drive it with
//! `tower::ServiceExt::oneshot` and no port; `serve` runs it on a listener.

pub mod api;
pub mod db;
pub mod headers;
pub mod portal;
pub mod rng;
pub mod seed;
pub mod state;
pub mod time;

use std::future::Future;

use axum::{middleware, Router};
use tokio::net::TcpListener;
use tower_http::catch_panic::CatchPanicLayer;

pub use portal::Portal;
pub use state::AppState;

/// The API under `/api`, the portal (when configured) everywhere else, security headers on
/// all (see `headers`).
pub fn app(state: AppState) -> Router {
    let portal_policy = state
        .portal()
        .map(|portal| portal.policy().header_value().clone());
    let router = Router::new().merge(api::router(state.clone()));
    let router = match state.portal() {
        Some(portal) => router.fallback_service(portal::service(portal.clone())),
        None => router.fallback(portal::not_served),
    };
    router
        .layer(CatchPanicLayer::custom(api::error::panic_response))
        .layer(middleware::from_fn_with_state(
            portal_policy,
            headers::security_headers,
        ))
        .with_state(state)
}

/// Serves `app(state)` on `listener` until `shutdown` completes, then lets requests in
/// flight finish.
pub async fn serve<F>(listener: TcpListener, state: AppState, shutdown: F) -> std::io::Result<()>
where
    F: Future<Output = ()> + Send + 'static,
{
    axum::serve(listener, app(state))
        .with_graceful_shutdown(shutdown)
        .await
}

/// A future that completes on Ctrl-C or (on Unix) SIGTERM. The handlers are installed
/// when this is called, not when the future is first polled, so a signal that arrives
/// right after start-up is not missed. Call it inside the Tokio runtime.
pub fn shutdown_signal() -> impl Future<Output = ()> + Send + 'static {
    #[cfg(unix)]
    {
        use tokio::signal::unix::{signal, SignalKind};
        let mut terminate = signal(SignalKind::terminate()).ok();
        let mut interrupt = signal(SignalKind::interrupt()).ok();
        async move {
            let term = async {
                match terminate.as_mut() {
                    Some(s) => {
                        s.recv().await;
                    }
                    None => std::future::pending::<()>().await,
                }
            };
            let int = async {
                match interrupt.as_mut() {
                    Some(s) => {
                        s.recv().await;
                    }
                    None => std::future::pending::<()>().await,
                }
            };
            tokio::select! {
                () = term => {}
                () = int => {}
            }
        }
    }
    #[cfg(not(unix))]
    {
        async {
            if tokio::signal::ctrl_c().await.is_err() {
                std::future::pending::<()>().await;
            }
        }
    }
}
