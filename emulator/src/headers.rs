//! Security headers on every answer, API and portal alike, and the portal's
//! Content-Security-Policy. This is the one place to add or change them.
//!
//! - Portal answers (every path outside `/api`, when `--static` is given): the policy of
//!   [`PortalPolicy`], `Referrer-Policy: strict-origin-when-cross-origin` (the app itself
//!   sends each API request with `no-referrer`) and `X-Content-Type-Options: nosniff`.
//! - API answers (`/api`, `/api/…`), and everything when no portal is served: the strict
//!   [`API_POLICY`] (JSON and plain text are never documents worth running or framing)
//!   and `nosniff`.
//!
//! There is no `X-Frame-Options`: `frame-ancestors` supersedes it, and it cannot express
//! the allow-list `--frame-ancestors` takes. Every browser that can run the portal at all
//! under this policy (`'wasm-unsafe-eval'`: Chrome 97, Firefox 102, Safari 16) enforces
//! `frame-ancestors` and ignores `X-Frame-Options` when both are present, so adding it
//! would protect nobody and only risk contradicting the option.

use std::path::Path;

use axum::extract::{Request, State};
use axum::http::{header, HeaderValue};
use axum::middleware::{self, Next};
use axum::response::Response;
use axum::Router;
use base64::Engine as _;
use serde::Deserialize;
use sha2::{Digest, Sha256};

use crate::state::AppState;

/// The policy of API answers (and of everything when no portal is served).
pub const API_POLICY: &str = "default-src 'none'; frame-ancestors 'none'";
/// `Referrer-Policy` of the portal's pages.
pub const REFERRER_POLICY: &str = "strict-origin-when-cross-origin";
/// `--frame-ancestors` when not given: only pages of the same origin may embed the portal.
pub const DEFAULT_FRAME_ANCESTORS: &str = "'self'";

/// Adds the headers to every response of `router`.
pub fn apply(router: Router<AppState>, state: AppState) -> Router<AppState> {
    router.layer(middleware::from_fn_with_state(state, security_headers))
}

async fn security_headers(State(state): State<AppState>, request: Request, next: Next) -> Response {
    let api = is_api_path(request.uri().path());
    let mut response = next.run(request).await;
    let headers = response.headers_mut();
    headers.insert(
        header::X_CONTENT_TYPE_OPTIONS,
        HeaderValue::from_static("nosniff"),
    );
    let policy = match state.portal() {
        Some(portal) if !api => portal.policy().header_value().clone(),
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

/// The portal's Content-Security-Policy:
///
/// ```text
/// default-src 'self'; script-src 'self' 'wasm-unsafe-eval' 'sha256-…' …; style-src 'self';
/// img-src 'self' data: <tile origin>; connect-src 'self' [<API origin>]; object-src 'none';
/// base-uri 'self'; form-action 'self'; frame-ancestors <--frame-ancestors>
/// ```
///
/// The hashes are those of the inline `<script>`s of the served `index.html` (our base-href
/// script and the start-up module script Trunk injects); the tile and API origins come from
/// the portal's `config.json`, with the portal's own defaults when it is missing or broken.
///
/// Both files are read **once, at start-up**. If `index.html` changes while the emulator
/// runs (a rebuild gives Trunk's script new file names, so a new hash), the policy goes
/// stale and the browser refuses the new script: restart the emulator. The static handler
/// warns once when it notices (see `Portal::check_index`).
#[derive(Debug, Clone)]
pub struct PortalPolicy {
    script_hashes: Vec<String>,
    img_sources: Vec<String>,
    connect_sources: Vec<String>,
    frame_ancestors: String,
    text: String,
    header: HeaderValue,
}

/// The part of the portal's `config.json` the policy depends on, decoded the way the
/// portal decodes it (`src/config.rs`: camelCase, every field optional, unknown fields
/// ignored, a wrongly typed field makes the whole file fall back to the defaults).
#[derive(Debug, Default, Deserialize)]
#[serde(rename_all = "camelCase", default)]
struct PortalConfig {
    api_base: String,
    tile_url: String,
    #[allow(dead_code)]
    tile_attribution: String,
    #[allow(dead_code)]
    title: String,
    #[allow(dead_code)]
    track_gap_minutes: u32,
}

/// The portal's defaults (`src/config.rs`), used when `config.json` leaves them out.
pub const DEFAULT_API_BASE: &str = "/api/v1";
pub const DEFAULT_TILE_URL: &str = "https://tile.openstreetmap.org/{z}/{x}/{y}.png";

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
        let script_hashes = index_html
            .map(|html| {
                inline_scripts(html)
                    .iter()
                    .map(|s| sha256_source(s))
                    .collect()
            })
            .unwrap_or_default();

        let config = match config_json.map(serde_json::from_str::<PortalConfig>) {
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
        let or_default = |value: &str, default: &'static str| -> String {
            if value.trim().is_empty() {
                default.to_owned()
            } else {
                value.trim().to_owned()
            }
        };
        let tile_url = or_default(&config.tile_url, DEFAULT_TILE_URL);
        let api_base = or_default(&config.api_base, DEFAULT_API_BASE);

        let mut img_sources = vec!["'self'".to_owned(), "data:".to_owned()];
        let mut connect_sources = vec!["'self'".to_owned()];
        for (what, url, sources) in [
            ("tileUrl", &tile_url, &mut img_sources),
            ("apiBase", &api_base, &mut connect_sources),
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
        for hash in &self.script_hashes {
            if !script.contains(hash) {
                script.push(hash.clone());
            }
        }
        let directives = [
            ("default-src", "'self'".to_owned()),
            ("script-src", script.join(" ")),
            ("style-src", "'self'".to_owned()),
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

/// The text of every inline `<script>` (one without `src`) of an HTML document, exactly as
/// the browser hashes it: the characters between `<script …>` and `</script`, with line
/// breaks normalised to `\n` as the HTML parser does. Scripts inside comments are skipped.
pub fn inline_scripts(html: &str) -> Vec<String> {
    let bytes = html.as_bytes();
    let mut scripts = Vec::new();
    let mut i = 0;
    while let Some(offset) = bytes[i..].iter().position(|&b| b == b'<') {
        let at = i + offset;
        if bytes[at..].starts_with(b"<!--") {
            i = find(bytes, at + 4, b"-->").map_or(bytes.len(), |end| end + 3);
            continue;
        }
        let is_script = starts_with_ignore_case(&bytes[at..], b"<script")
            && matches!(
                bytes.get(at + 7),
                Some(b' ' | b'\t' | b'\n' | b'\r' | b'\x0c' | b'/' | b'>')
            );
        if !is_script {
            i = at + 1;
            continue;
        }
        let Some((body_start, has_src)) = open_tag(bytes, at + 7) else {
            break; // an unterminated tag: nothing more runs
        };
        let body_end = find_ignore_case(bytes, body_start, b"</script").unwrap_or(bytes.len());
        if !has_src {
            // Every index found is at an ASCII byte, so these are char boundaries.
            let body = &html[body_start..body_end];
            scripts.push(body.replace("\r\n", "\n").replace('\r', "\n"));
        }
        i = body_end;
    }
    scripts
}

/// Reads a start tag's attributes from `from` (just after the tag name) to its `>`.
/// Returns where the content starts and whether a `src` attribute was present.
fn open_tag(bytes: &[u8], from: usize) -> Option<(usize, bool)> {
    let is_space = |b: u8| matches!(b, b' ' | b'\t' | b'\n' | b'\r' | b'\x0c');
    let mut i = from;
    let mut has_src = false;
    loop {
        while i < bytes.len() && (is_space(bytes[i]) || bytes[i] == b'/') {
            i += 1;
        }
        match bytes.get(i)? {
            b'>' => return Some((i + 1, has_src)),
            _ => {
                let name_start = i;
                while i < bytes.len() && !is_space(bytes[i]) && !matches!(bytes[i], b'/' | b'>') {
                    // `=` ends a name, except as its first character (HTML's odd rule).
                    if bytes[i] == b'=' && i > name_start {
                        break;
                    }
                    i += 1;
                }
                if bytes[name_start..i].eq_ignore_ascii_case(b"src") {
                    has_src = true;
                }
                while i < bytes.len() && is_space(bytes[i]) {
                    i += 1;
                }
                if bytes.get(i) == Some(&b'=') {
                    i += 1;
                    while i < bytes.len() && is_space(bytes[i]) {
                        i += 1;
                    }
                    match bytes.get(i)? {
                        &quote @ (b'"' | b'\'') => {
                            i = find(bytes, i + 1, &[quote])? + 1;
                        }
                        _ => {
                            while i < bytes.len() && !is_space(bytes[i]) && bytes[i] != b'>' {
                                i += 1;
                            }
                        }
                    }
                }
            }
        }
    }
}

fn find(haystack: &[u8], from: usize, needle: &[u8]) -> Option<usize> {
    haystack
        .get(from..)?
        .windows(needle.len())
        .position(|w| w == needle)
        .map(|p| from + p)
}

fn find_ignore_case(haystack: &[u8], from: usize, needle: &[u8]) -> Option<usize> {
    haystack
        .get(from..)?
        .windows(needle.len())
        .position(|w| w.eq_ignore_ascii_case(needle))
        .map(|p| from + p)
}

fn starts_with_ignore_case(bytes: &[u8], prefix: &[u8]) -> bool {
    bytes.len() >= prefix.len() && bytes[..prefix.len()].eq_ignore_ascii_case(prefix)
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
    fn finds_inline_scripts_only() {
        let html = "<!doctype html><head>\r\n\
            <!-- <script>commented()</script> -->\n\
            <SCRIPT>a()</SCRIPT>\n\
            <script src=\"x.js\">ignored()</script>\n\
            <script data-src='>' type=\"module\">\r\nb()\r\n</script >\n\
            <scripts>not a script</scripts>\n\
            <script\tdefer src=y.js></script>\n\
            <script></script>\n\
            <noscript>text</noscript>";
        assert_eq!(inline_scripts(html), vec!["a()", "\nb()\n", ""]);
        assert!(inline_scripts("<p>no scripts</p>").is_empty());
        assert!(inline_scripts("<script src='a.js'").is_empty());
        assert_eq!(inline_scripts("<script>unterminated"), vec!["unterminated"]);
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
        let html = "<script>one()</script><script type=module>two()</script>";
        let (policy, warnings) = PortalPolicy::from_files(Some(html), None);
        assert!(warnings.is_empty());
        assert_eq!(
            policy.as_str(),
            format!(
                "default-src 'self'; script-src 'self' 'wasm-unsafe-eval' {} {}; \
                 style-src 'self'; img-src 'self' data: https://tile.openstreetmap.org; \
                 connect-src 'self'; object-src 'none'; base-uri 'self'; \
                 form-action 'self'; frame-ancestors 'self'",
                sha256_source("one()"),
                sha256_source("two()")
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
