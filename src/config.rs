//! Run-time configuration: `config.json` beside `index.html`, so one build
//! serves every deployment. Missing or broken → defaults and a console warning.

use crate::json_text;

#[derive(Clone, Debug, PartialEq)]
pub struct Config {
    /// Where the API lives: a same-origin path (default) or an absolute URL.
    pub api_base: String,
    /// The tile URL template; `null` in the file: no tiles, the built-in
    /// world map instead (an intranet that cannot reach a tile server).
    pub tile_url: Option<String>,
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
            tile_url: Some("https://tile.openstreetmap.org/{z}/{x}/{y}.png".into()),
            tile_attribution: "© OpenStreetMap contributors".into(),
            title: "EzMDM Portal".into(),
            track_gap_minutes: 30,
            idle_sign_out_minutes: 0.0,
            request_timeout_seconds: 20,
        }
    }
}

impl Config {
    /// Reads the file's text; a missing or empty value takes the default, a
    /// value of the wrong type fails the whole file, names it does not know
    /// are left alone. (Read without `serde_json`, which is not in the main
    /// module: see `json_text`.)
    pub fn from_json(text: &str) -> Result<Config, String> {
        let (json, members) =
            json_text::parse_object(text).map_err(|_| "config.json is not JSON".to_string())?;
        let members =
            members.ok_or_else(|| format!("config.json holds {}, not an object", json.kind()))?;
        let mut config = Config::default();
        for (name, value) in members {
            let wrong = |expected: &str| format!("config.json: {name} must be {expected}");
            let text = || value.as_str().ok_or_else(|| wrong("text"));
            let whole = || {
                value
                    .as_u64()
                    .and_then(|n| u32::try_from(n).ok())
                    .ok_or_else(|| wrong("a whole number"))
            };
            match name.as_str() {
                "apiBase" => config.api_base = text()?,
                // An explicit `null` means no tiles; a missing one, the default.
                "tileUrl" if value.is_null() => config.tile_url = None,
                "tileUrl" => config.tile_url = Some(text()?),
                "tileAttribution" => config.tile_attribution = text()?,
                "title" => config.title = text()?,
                "trackGapMinutes" => config.track_gap_minutes = whole()?,
                "idleSignOutMinutes" => {
                    config.idle_sign_out_minutes =
                        value.as_f64().ok_or_else(|| wrong("a number"))?
                }
                "requestTimeoutSeconds" => config.request_timeout_seconds = whole()?,
                _ => {}
            }
        }
        let defaults = Config::default();
        if config
            .tile_url
            .as_deref()
            .is_some_and(|u| u.trim().is_empty())
        {
            config.tile_url = defaults.tile_url;
        }
        for (value, default) in [
            (&mut config.api_base, defaults.api_base),
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
    fn a_null_tile_url_means_no_tiles() {
        let tiles = |json: &str| Config::from_json(json).unwrap().tile_url;
        let default = Config::default().tile_url;
        assert!(default.is_some());
        assert_eq!(tiles(r#"{"tileUrl": null}"#), None);
        assert_eq!(tiles("{}"), default);
        assert_eq!(tiles(r#"{"tileUrl": ""}"#), default);
        assert_eq!(tiles(r#"{"tileUrl": "  "}"#), default);
        assert_eq!(
            tiles(r#"{"tileUrl": "https://tiles.intranet.example/{z}/{x}/{y}.png"}"#).as_deref(),
            Some("https://tiles.intranet.example/{z}/{x}/{y}.png")
        );
        // Still a wrongly typed field: the whole file falls back, as for others.
        assert!(Config::from_json(r#"{"tileUrl": false}"#).is_err());
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
        for broken in [
            "{",
            "[]",
            r#"{"apiBase": 3}"#,
            r#"{"title": null}"#,
            r#"{"trackGapMinutes": 2.5}"#,
            r#"{"requestTimeoutSeconds": -1}"#,
            r#"{"requestTimeoutSeconds": 4294967296}"#,
            r#"{"idleSignOutMinutes": "15"}"#,
        ] {
            assert!(Config::from_json(broken).is_err(), "{broken}");
        }
    }

    #[test]
    fn every_setting_is_read_and_unknown_names_are_left_alone() {
        let c = Config::from_json(
            r#"{"apiBase": "/mdm/api", "tileUrl": "https://t.example/{z}/{x}/{y}.png",
                "tileAttribution": "\u00a9 Tiles", "title": "Fleet", "trackGapMinutes": 10,
                "idleSignOutMinutes": 7.5, "requestTimeoutSeconds": 45, "theme": {"dark": true}}"#,
        )
        .unwrap();
        assert_eq!(
            c,
            Config {
                api_base: "/mdm/api".into(),
                tile_url: Some("https://t.example/{z}/{x}/{y}.png".into()),
                tile_attribution: "© Tiles".into(),
                title: "Fleet".into(),
                track_gap_minutes: 10,
                idle_sign_out_minutes: 7.5,
                request_timeout_seconds: 45,
            }
        );
    }
}
