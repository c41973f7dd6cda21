//! What every request can reach: the database, the API key, the configured latency and,
//! when the portal is served, where its files are.

use std::sync::{Arc, Mutex, MutexGuard};
use std::time::Duration;

use rusqlite::Connection;

use crate::db::Store;
use crate::portal::Portal;

#[derive(Clone)]
pub struct AppState {
    store: Arc<Mutex<Store>>,
    api_key: Arc<str>,
    latency: Duration,
    portal: Option<Arc<Portal>>,
}

impl AppState {
    /// `conn` must already be migrated (see `db::open` / `db::in_memory`).
    pub fn new(conn: Connection, api_key: impl Into<String>) -> Self {
        Self {
            store: Arc::new(Mutex::new(Store::new(conn))),
            api_key: Arc::from(api_key.into()),
            latency: Duration::ZERO,
            portal: None,
        }
    }

    /// Delay every API answer by this much (to try the portal on a slow network).
    pub fn with_latency(mut self, latency: Duration) -> Self {
        self.latency = latency;
        self
    }

    /// Serve the built portal as well.
    pub fn with_portal(mut self, portal: Portal) -> Self {
        self.portal = Some(Arc::new(portal));
        self
    }

    /// The database. A panic in another request must not take the whole emulator down, so a
    /// poisoned lock is simply taken over (every write is a single statement or transaction).
    pub fn store(&self) -> MutexGuard<'_, Store> {
        self.store
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner())
    }

    pub fn api_key(&self) -> &str {
        &self.api_key
    }

    pub fn latency(&self) -> Duration {
        self.latency
    }

    pub fn portal(&self) -> Option<&Arc<Portal>> {
        self.portal.as_ref()
    }
}
