//! The portal's `config.json`, as far as the Content-Security-Policy depends on it: where
//! map tiles and the API are.
//!
//! The portal (a WebAssembly crate this one cannot depend on) decodes the file in its
//! `src/config.rs`: camelCase, every field optional, unknown fields ignored, and a wrongly
//! typed field makes the whole file fall back to the defaults. Every field is declared here
//! with the portal's type so that both sides agree on when that happens.

use serde::Deserialize;

/// The portal's default API base, used when `config.json` leaves it out or empty.
pub const DEFAULT_API_BASE: &str = "/api/v1";
/// The portal's default tile server.
pub const DEFAULT_TILE_URL: &str = "https://tile.openstreetmap.org/{z}/{x}/{y}.png";

#[derive(Debug, Default, Deserialize)]
#[serde(rename_all = "camelCase", default)]
#[allow(dead_code)] // the fields the policy does not use are declared for their types only
pub struct PortalConfig {
    api_base: String,
    tile_url: String,
    tile_attribution: String,
    title: String,
    track_gap_minutes: u32,
    idle_sign_out_minutes: f64,
    request_timeout_seconds: u32,
}

impl PortalConfig {
    pub fn from_json(text: &str) -> Result<Self, serde_json::Error> {
        serde_json::from_str(text)
    }

    /// The tile URL template the portal will use.
    pub fn tile_url(&self) -> &str {
        or_default(&self.tile_url, DEFAULT_TILE_URL)
    }

    /// The API base the portal will use.
    pub fn api_base(&self) -> &str {
        or_default(&self.api_base, DEFAULT_API_BASE)
    }
}

/// Like the portal: a value that is empty (or only spaces) means the default.
fn or_default<'a>(value: &'a str, default: &'static str) -> &'a str {
    match value.trim() {
        "" => default,
        value => value,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn defaults_fill_what_is_missing_or_empty() {
        let config = PortalConfig::default();
        assert_eq!(config.tile_url(), DEFAULT_TILE_URL);
        assert_eq!(config.api_base(), DEFAULT_API_BASE);
        let config =
            PortalConfig::from_json(r#"{"tileUrl": " ", "apiBase": " /x/api ", "extra": 1}"#)
                .unwrap();
        assert_eq!(config.tile_url(), DEFAULT_TILE_URL);
        assert_eq!(config.api_base(), "/x/api");
    }

    #[test]
    fn a_wrongly_typed_field_fails_the_whole_file_as_in_the_portal() {
        for broken in [
            r#"{"title": 5}"#,
            r#"{"trackGapMinutes": "30"}"#,
            r#"{"idleSignOutMinutes": "never"}"#,
            r#"{"requestTimeoutSeconds": -1}"#,
        ] {
            assert!(PortalConfig::from_json(broken).is_err(), "{broken}");
        }
    }
}
