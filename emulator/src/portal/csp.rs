//! The portal's Content-Security-Policy, worked out once at start-up from the files it
//! serves: the hashes of `index.html`'s inline scripts and styles, the tile and API origins of
//! `config.json`, and `--frame-ancestors`. `headers` sends it with every portal answer;
//! `--print-csp` prints it.

use std::path::Path;

use axum::http::HeaderValue;
use base64::Engine as _;
use sha2::{Digest, Sha256};

use super::config::PortalConfig;
use super::inline::{inline_scripts, inline_styles};
use crate::headers::API_POLICY;

/// `--frame-ancestors` when not given: only pages of the same origin may embed the portal.
pub const DEFAULT_FRAME_ANCESTORS: &str = "'self'";

/// The portal's Content-Security-Policy:
///
/// ```text
/// default-src 'self'; script-src 'self' 'wasm-unsafe-eval' 'sha256-…' …; style-src 'self' 'sha256-…';
/// img-src 'self' data: <tile origin>; connect-src 'self' [<API origin>]; object-src 'none';
/// base-uri 'self'; form-action 'self'; frame-ancestors <--frame-ancestors>
/// ```
///
/// The hashes are those of the inline `<script>`s of the served `index.html` (our start-up
/// script and the start-up module script Trunk injects) and of its `<style>` (the critical
/// CSS inlined by the build); the tile and API origins come from
/// the portal's `config.json`, with the portal's own defaults when it is missing or broken.
///
/// Both files are read **once, at start-up**. If `index.html` changes while the emulator
/// runs (a rebuild gives Trunk's script new file names, so a new hash), the policy goes
/// stale and the browser refuses the new script: restart the emulator. The static handler
/// warns once when it notices (see `Portal::check_index`).
#[derive(Debug, Clone)]
pub struct PortalPolicy {
    script_hashes: Vec<String>,
    style_hashes: Vec<String>,
    img_sources: Vec<String>,
    connect_sources: Vec<String>,
    frame_ancestors: String,
    text: String,
    header: HeaderValue,
}

impl PortalPolicy {
    /// Reads `index.html` and `config.json` from the portal's directory. Returns the policy
    /// and what the operator should hear about (printed at start-up).
    pub fn from_dir(root: &Path) -> (Self, Vec<String>) {
        let mut warnings = Vec::new();
        let index = root.join("index.html");
        let index_html = match std::fs::read(&index) {
            Ok(bytes) => match String::from_utf8(bytes) {
                Ok(text) => Some(text),
                Err(_) => {
                    warnings.push(format!(
                        "{} is not UTF-8; its inline scripts are not hashed into the \
                         Content-Security-Policy",
                        index.display()
                    ));
                    None
                }
            },
            // A missing index.html is reported by `Portal::new`.
            Err(_) => None,
        };
        let config_path = root.join("config.json");
        let config_json = match std::fs::read(&config_path) {
            Ok(bytes) => Some(String::from_utf8_lossy(&bytes).into_owned()),
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => None,
            Err(e) => {
                warnings.push(format!(
                    "cannot read {} ({e}); the Content-Security-Policy uses the portal's \
                     default tile and API origins",
                    config_path.display()
                ));
                None
            }
        };
        let (policy, more) = Self::from_files(index_html.as_deref(), config_json.as_deref());
        warnings.extend(more);
        (policy, warnings)
    }

    /// The policy for this `index.html` and `config.json` (either may be absent), with
    /// `frame-ancestors 'self'`.
    pub fn from_files(index_html: Option<&str>, config_json: Option<&str>) -> (Self, Vec<String>) {
        let mut warnings = Vec::new();
        let hashes = |find: fn(&str) -> Vec<String>| -> Vec<String> {
            index_html
                .map(|html| find(html).iter().map(|s| sha256_source(s)).collect())
                .unwrap_or_default()
        };
        let script_hashes = hashes(inline_scripts);
        let style_hashes = hashes(inline_styles);

        let config = match config_json.map(PortalConfig::from_json) {
            None => PortalConfig::default(),
            Some(Ok(config)) => config,
            Some(Err(e)) => {
                warnings.push(format!(
                    "config.json cannot be decoded ({e}); the portal uses its defaults, and \
                     so does the Content-Security-Policy"
                ));
                PortalConfig::default()
            }
        };

        let mut img_sources = vec!["'self'".to_owned(), "data:".to_owned()];
        let mut connect_sources = vec!["'self'".to_owned()];
        for (what, url, sources) in [
            ("tileUrl", config.tile_url(), &mut img_sources),
            ("apiBase", config.api_base(), &mut connect_sources),
        ] {
            match source_of(url) {
                Ok(Some(source)) if !sources.contains(&source) => sources.push(source),
                Ok(_) => {}
                Err(why) => warnings.push(format!(
                    "config.json's {what} '{url}' gives no Content-Security-Policy source \
                     ({why}); the browser will refuse it"
                )),
            }
        }

        let mut policy = Self {
            script_hashes,
            style_hashes,
            img_sources,
            connect_sources,
            frame_ancestors: DEFAULT_FRAME_ANCESTORS.to_owned(),
            text: String::new(),
            header: HeaderValue::from_static(API_POLICY),
        };
        policy.render();
        (policy, warnings)
    }

    /// Sets `frame-ancestors` (the `--frame-ancestors` option), e.g.
    /// `'self' https://intranet.example.com`. Refuses what is not a source list.
    pub fn with_frame_ancestors(mut self, sources: &str) -> Result<Self, String> {
        self.frame_ancestors = parse_frame_ancestors(sources)?;
        self.render();
        Ok(self)
    }

    pub fn header_value(&self) -> &HeaderValue {
        &self.header
    }

    pub fn as_str(&self) -> &str {
        &self.text
    }

    /// `'sha256-…'` sources, one per inline script, in document order.
    pub fn script_hashes(&self) -> &[String] {
        &self.script_hashes
    }

    fn render(&mut self) {
        let mut script = vec!["'self'".to_owned(), "'wasm-unsafe-eval'".to_owned()];
        let mut style = vec!["'self'".to_owned()];
        for (sources, hashes) in [
            (&mut script, &self.script_hashes),
            (&mut style, &self.style_hashes),
        ] {
            for hash in hashes {
                if !sources.contains(hash) {
                    sources.push(hash.clone());
                }
            }
        }
        let directives = [
            ("default-src", "'self'".to_owned()),
            ("script-src", script.join(" ")),
            ("style-src", style.join(" ")),
            ("img-src", self.img_sources.join(" ")),
            ("connect-src", self.connect_sources.join(" ")),
            ("object-src", "'none'".to_owned()),
            ("base-uri", "'self'".to_owned()),
            ("form-action", "'self'".to_owned()),
            ("frame-ancestors", self.frame_ancestors.clone()),
        ];
        self.text = directives
            .iter()
            .map(|(name, value)| format!("{name} {value}"))
            .collect::<Vec<_>>()
            .join("; ");
        // Every part is checked ASCII without separators, so this cannot fail; should it
        // ever, the strict policy is the safe answer.
        self.header = HeaderValue::from_str(&self.text)
            .unwrap_or_else(|_| HeaderValue::from_static(API_POLICY));
    }
}

/// `'sha256-<base64>'` of a script's text, as a CSP hash source.
pub fn sha256_source(script: &str) -> String {
    let digest = Sha256::digest(script.as_bytes());
    format!(
        "'sha256-{}'",
        base64::engine::general_purpose::STANDARD.encode(digest)
    )
}

/// The CSP source that covers a URL or a Leaflet URL template: `https://host[:port]`;
/// just `host[:port]` for a scheme-relative `//host/…`; `None` for a relative URL (the
/// page's own origin, covered by `'self'`). A `{s}`-style placeholder in the host becomes
/// a wildcard: `https://{s}.tile.example.com/…` → `https://*.tile.example.com`.
pub fn source_of(url: &str) -> Result<Option<String>, String> {
    let url = url.trim();
    let (scheme, rest) = if let Some(rest) = url.strip_prefix("//") {
        (None, rest)
    } else if let Some((scheme, rest)) = url.split_once("://").filter(|(s, _)| {
        s.starts_with(|c: char| c.is_ascii_alphabetic())
            && s.chars()
                .all(|c| c.is_ascii_alphanumeric() || "+-.".contains(c))
    }) {
        (Some(scheme.to_ascii_lowercase()), rest)
    } else {
        let before_path = url.split(['/', '?', '#']).next().unwrap_or("");
        if before_path.contains(':') {
            return Err("only http(s) URLs and relative paths are supported".into());
        }
        return Ok(None);
    };
    let authority = rest.split(['/', '?', '#']).next().unwrap_or("");
    let host_port = authority.rsplit_once('@').map_or(authority, |(_, h)| h);
    let (host, port) = if host_port.starts_with('[') {
        let end = host_port.find(']').ok_or("unclosed IPv6 address")?;
        (&host_port[..=end], &host_port[end + 1..])
    } else {
        match host_port.find(':') {
            Some(colon) => (&host_port[..colon], &host_port[colon..]),
            None => (host_port, ""),
        }
    };
    if !port.is_empty() {
        let digits = &port[1..];
        if !port.starts_with(':')
            || digits.is_empty()
            || !digits.chars().all(|c| c.is_ascii_digit())
        {
            return Err(format!("bad port '{port}'"));
        }
    }
    let mut host = host.to_ascii_lowercase();
    if host.contains('{') {
        let labels: Vec<&str> = host.split('.').collect();
        let last = labels.iter().rposition(|l| l.contains('{')).unwrap_or(0);
        if last + 3 > labels.len() {
            return Err("a placeholder would leave only a top-level domain".into());
        }
        host = format!("*.{}", labels[last + 1..].join("."));
    }
    let plain = host.strip_prefix("*.").unwrap_or(&host);
    let valid = if plain.starts_with('[') {
        plain.ends_with(']')
            && plain[1..plain.len() - 1]
                .chars()
                .all(|c| c.is_ascii_hexdigit() || c == ':' || c == '.')
    } else {
        !plain.is_empty()
            && plain
                .chars()
                .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '.')
    };
    if !valid {
        return Err(format!(
            "host '{host}' is not a plain host name (use the punycode form of names)"
        ));
    }
    Ok(Some(match scheme {
        Some(scheme) => format!("{scheme}://{host}{port}"),
        None => format!("{host}{port}"),
    }))
}

/// Checks a `frame-ancestors` source list (`'self'`, `'none'`, hosts, schemes) and returns
/// it normalised (single spaces, keywords in lower case).
pub fn parse_frame_ancestors(sources: &str) -> Result<String, String> {
    let mut out = Vec::new();
    for token in sources.split_ascii_whitespace() {
        let lower = token.to_ascii_lowercase();
        match lower.as_str() {
            "'self'" | "'none'" => out.push(lower),
            "self" | "none" => {
                return Err(format!(
                    "frame-ancestors: write '{lower}' with its single quotes"
                ))
            }
            _ if token.starts_with('\'') => {
                return Err(format!(
                    "frame-ancestors: {token} is not allowed (only 'self', 'none', hosts, schemes)"
                ))
            }
            _ => {
                let ok = token
                    .chars()
                    .all(|c| c.is_ascii_alphanumeric() || "-._~:/*[]%+".contains(c));
                if !ok {
                    return Err(format!(
                        "frame-ancestors: '{token}' is not a host or scheme source"
                    ));
                }
                out.push(token.to_owned());
            }
        }
    }
    if out.is_empty() {
        return Err("frame-ancestors needs a source, e.g. 'self' or 'none'".into());
    }
    if out.len() > 1 && out.iter().any(|s| s == "'none'") {
        return Err("frame-ancestors: 'none' cannot be combined with other sources".into());
    }
    Ok(out.join(" "))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hashes_match_the_csp_spec_example() {
        // The example from MDN's script-src page, checked with openssl.
        assert_eq!(
            sha256_source("alert('Hello, world.');"),
            "'sha256-qznLcsROx4GACP2dm0UCKCzCG+HiZ1guq6ZZDob/Tng='"
        );
        assert_eq!(
            sha256_source(""),
            "'sha256-47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU='"
        );
    }

    #[test]
    fn sources_from_urls() {
        let ok = |url: &str| source_of(url).unwrap();
        assert_eq!(
            ok("https://tile.openstreetmap.org/{z}/{x}/{y}.png").as_deref(),
            Some("https://tile.openstreetmap.org")
        );
        assert_eq!(
            ok("https://{s}.tile.example.com/{z}/{x}/{y}{r}.png").as_deref(),
            Some("https://*.tile.example.com")
        );
        assert_eq!(
            ok("HTTPS://Maps.Example.com:8443/t?k=1").as_deref(),
            Some("https://maps.example.com:8443")
        );
        assert_eq!(
            ok("https://user@api.example.com/api/v1").as_deref(),
            Some("https://api.example.com")
        );
        assert_eq!(
            ok("//tiles.example.com/{z}.png").as_deref(),
            Some("tiles.example.com")
        );
        assert_eq!(
            ok("http://[::1]:9000/api").as_deref(),
            Some("http://[::1]:9000")
        );
        assert_eq!(ok("/api/v1"), None);
        assert_eq!(ok("tiles/{z}/{x}/{y}.png"), None);
        assert!(source_of("javascript:alert(1)").is_err());
        assert!(source_of("https://tiles.example.com:{p}/x").is_err());
        assert!(source_of("https://a;b.example.com/").is_err());
        assert!(source_of("https://{s}.com/").is_err());
        assert!(source_of("https://bücher.example/").is_err());
    }

    #[test]
    fn frame_ancestors_are_checked() {
        assert_eq!(
            parse_frame_ancestors("  'SELF'   https://intranet.example.com ").unwrap(),
            "'self' https://intranet.example.com"
        );
        assert_eq!(parse_frame_ancestors("'none'").unwrap(), "'none'");
        assert_eq!(
            parse_frame_ancestors("https: *.example.com").unwrap(),
            "https: *.example.com"
        );
        assert!(parse_frame_ancestors("").is_err());
        assert!(parse_frame_ancestors("self").is_err());
        assert!(parse_frame_ancestors("'none' 'self'").is_err());
        assert!(parse_frame_ancestors("'unsafe-inline'").is_err());
        assert!(parse_frame_ancestors("'self'; script-src *").is_err());
        assert!(parse_frame_ancestors("a,b").is_err());
    }

    #[test]
    fn policy_from_files() {
        let html = "<script>one()</script><style>p{}</style><script type=module>two()</script>";
        let (policy, warnings) = PortalPolicy::from_files(Some(html), None);
        assert!(warnings.is_empty());
        assert_eq!(
            policy.as_str(),
            format!(
                "default-src 'self'; script-src 'self' 'wasm-unsafe-eval' {} {}; \
                 style-src 'self' {}; img-src 'self' data: https://tile.openstreetmap.org; \
                 connect-src 'self'; object-src 'none'; base-uri 'self'; \
                 form-action 'self'; frame-ancestors 'self'",
                sha256_source("one()"),
                sha256_source("two()"),
                sha256_source("p{}")
            )
        );
        assert_eq!(policy.header_value().to_str().unwrap(), policy.as_str());

        let config = r#"{"apiBase": "https://api.example.com/api/v1",
                         "tileUrl": "https://{s}.tiles.example.com/{z}/{x}/{y}.png",
                         "title": "Ours"}"#;
        let (policy, warnings) = PortalPolicy::from_files(None, Some(config));
        assert!(warnings.is_empty());
        assert!(policy
            .as_str()
            .contains("img-src 'self' data: https://*.tiles.example.com;"));
        assert!(policy
            .as_str()
            .contains("connect-src 'self' https://api.example.com;"));
        assert!(policy.script_hashes().is_empty());

        // Broken, or a field of the wrong type: the portal uses its defaults; so do we.
        for broken in ["{", r#"{"title": 5, "tileUrl": "https://t.example.com/x"}"#] {
            let (policy, warnings) = PortalPolicy::from_files(None, Some(broken));
            assert_eq!(warnings.len(), 1, "{broken}");
            assert!(policy
                .as_str()
                .contains("img-src 'self' data: https://tile.openstreetmap.org;"));
        }
        // Empty values are defaults too; relative ones are 'self'.
        let (policy, _) =
            PortalPolicy::from_files(None, Some(r#"{"tileUrl": " ", "apiBase": "/x/api"}"#));
        assert!(policy
            .as_str()
            .contains("img-src 'self' data: https://tile.openstreetmap.org; connect-src 'self';"));
        let (policy, _) = PortalPolicy::from_files(None, Some(r#"{"tileUrl": "tiles/{z}.png"}"#));
        assert!(policy.as_str().contains("img-src 'self' data:;"));

        let policy = policy
            .with_frame_ancestors("'self' https://intranet.example.com")
            .unwrap();
        assert!(policy
            .as_str()
            .ends_with("; frame-ancestors 'self' https://intranet.example.com"));
        assert!(policy.with_frame_ancestors("none").is_err());
    }
}
