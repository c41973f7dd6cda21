//! Run-time configuration: `config.json` beside `index.html`, so one build
//! serves every deployment. Missing or broken → defaults and a console warning.

use serde::Deserialize;

#[derive(Clone, Debug, PartialEq, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub struct Config {
    /// Where the API lives: a same-origin path (default) or an absolute URL.
    pub api_base: String,
    pub tile_url: String,
    pub tile_attribution: String,
    /// Product name in the header and the window title.
    pub title: String,
    /// Fixes further apart than this are joined by a dashed line on the map.
    pub track_gap_minutes: u32,
    /// Sign out after this long without activity; 0 (the default) never does.
    pub idle_sign_out_minutes: f64,
    /// Each API request is abandoned after this long (1–600).
    pub request_timeout_seconds: u32,
}

impl Default for Config {
    fn default() -> Self {
        Config {
            api_base: "/api/v1".into(),
            tile_url: "https://tile.openstreetmap.org/{z}/{x}/{y}.png".into(),
            tile_attribution: "© OpenStreetMap contributors".into(),
            title: "EzMDM Portal".into(),
            track_gap_minutes: 30,
            idle_sign_out_minutes: 0.0,
            request_timeout_seconds: 20,
        }
    }
}

impl Config {
    /// Reads the file's text; empty values fall back to the defaults.
    pub fn from_json(text: &str) -> Result<Config, String> {
        let mut config: Config = serde_json::from_str(text).map_err(|e| e.to_string())?;
        let defaults = Config::default();
        for (value, default) in [
            (&mut config.api_base, defaults.api_base),
            (&mut config.tile_url, defaults.tile_url),
            (&mut config.tile_attribution, defaults.tile_attribution),
            (&mut config.title, defaults.title),
        ] {
            if value.trim().is_empty() {
                *value = default;
            }
        }
        if !config.idle_sign_out_minutes.is_finite() || config.idle_sign_out_minutes < 0.0 {
            config.idle_sign_out_minutes = 0.0;
        }
        config.request_timeout_seconds = match config.request_timeout_seconds {
            0 => defaults.request_timeout_seconds,
            s => s.min(600),
        };
        if config.track_gap_minutes == 0 {
            config.track_gap_minutes = defaults.track_gap_minutes;
        }
        Ok(config)
    }

    pub fn track_gap_ms(&self) -> i64 {
        i64::from(self.track_gap_minutes) * 60_000
    }

    /// Fetches `config.json` relative to the page (works under a sub-path).
    pub async fn load() -> Config {
        let response = match gloo_net::http::Request::get("config.json").send().await {
            Ok(r) if r.ok() => r,
            Ok(r) if r.status() == 404 => return Config::default(),
            Ok(r) => return warn_default(&format!("HTTP {}", r.status())),
            Err(e) => return warn_default(&e.to_string()),
        };
        match response
            .text()
            .await
            .map_err(|e| e.to_string())
            .and_then(|t| Config::from_json(&t))
        {
            Ok(config) => config,
            Err(e) => warn_default(&e),
        }
    }
}

fn warn_default(why: &str) -> Config {
    web_sys::console::warn_1(
        &format!("config.json could not be used ({why}); using the defaults").into(),
    );
    Config::default()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn partial_files_keep_defaults() {
        let c = Config::from_json(r#"{"apiBase": "https://mdm.example.com/api/v1", "title": ""}"#)
            .unwrap();
        assert_eq!(c.api_base, "https://mdm.example.com/api/v1");
        assert_eq!(c.title, "EzMDM Portal");
        assert_eq!(c.tile_url, Config::default().tile_url);
    }

    #[test]
    fn request_timeouts_are_bounded() {
        let timeout = |json: &str| Config::from_json(json).unwrap().request_timeout_seconds;
        assert_eq!(timeout("{}"), 20);
        assert_eq!(timeout(r#"{"requestTimeoutSeconds": 0}"#), 20);
        assert_eq!(timeout(r#"{"requestTimeoutSeconds": 5}"#), 5);
        assert_eq!(timeout(r#"{"requestTimeoutSeconds": 86400}"#), 600);
    }

    #[test]
    fn broken_files_are_errors() {
        assert!(Config::from_json("{").is_err());
        assert!(Config::from_json(r#"{"apiBase": 3}"#).is_err());
    }
}
