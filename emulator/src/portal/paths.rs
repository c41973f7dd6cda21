//! The request path below the mount: the mount path itself, and the segments of a request,
//! percent-decoded and checked before any file is looked up.

use axum::http::StatusCode;

/// `mdm`, `/mdm`, `/mdm/` → `/mdm/`; empty or `/` → `/`. Refuses dot segments, odd
/// characters and anything under `/api` (which always belongs to the API).
pub fn normalize_mount(mount: &str) -> Result<String, String> {
    let segments: Vec<&str> = mount.trim().split('/').filter(|s| !s.is_empty()).collect();
    if segments.is_empty() {
        return Ok("/".to_owned());
    }
    for s in &segments {
        let ok = *s != "."
            && *s != ".."
            && s.chars()
                .all(|c| c.is_ascii_alphanumeric() || "-._~".contains(c));
        if !ok {
            return Err(format!(
                "invalid mount path '{mount}': use letters, digits, - . _ ~ and /"
            ));
        }
    }
    if segments[0].eq_ignore_ascii_case("api") {
        return Err(format!(
            "invalid mount path '{mount}': /api belongs to the API"
        ));
    }
    Ok(format!("/{}/", segments.join("/")))
}

/// Percent-decodes each path segment and refuses traversal (`..`, `.`, also encoded),
/// separators or NUL smuggled inside a segment (400), and hidden files (404). The last
/// segment may be empty (a trailing slash). `ServeDir` has checks of its own, but it
/// answers each with a 404 (which becomes the SPA shell here), and it serves hidden files.
pub fn decode_segments(rest: &str) -> Result<Vec<String>, StatusCode> {
    let raw: Vec<&str> = rest.split('/').collect();
    let last = raw.len() - 1;
    let mut segments = Vec::with_capacity(raw.len());
    for (i, seg) in raw.iter().enumerate() {
        if seg.is_empty() && i != last {
            continue; // `a//b` is `a/b`
        }
        let decoded = percent_decode(seg).ok_or(StatusCode::BAD_REQUEST)?;
        if decoded == "." || decoded == ".." || decoded.contains(['/', '\\', '\0']) {
            return Err(StatusCode::BAD_REQUEST);
        }
        if decoded.starts_with('.') {
            return Err(StatusCode::NOT_FOUND);
        }
        segments.push(decoded);
    }
    Ok(segments)
}

/// `%XX` decoding of a path segment (`+` stays `+` in paths). `None` when broken or not UTF-8.
fn percent_decode(s: &str) -> Option<String> {
    let bytes = s.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%' {
            let hex = bytes.get(i + 1..i + 3)?;
            let hi = (hex[0] as char).to_digit(16)?;
            let lo = (hex[1] as char).to_digit(16)?;
            out.push((hi * 16 + lo) as u8);
            i += 3;
        } else {
            out.push(bytes[i]);
            i += 1;
        }
    }
    String::from_utf8(out).ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn mounts_normalise() {
        assert_eq!(normalize_mount("/").unwrap(), "/");
        assert_eq!(normalize_mount("").unwrap(), "/");
        assert_eq!(normalize_mount("mdm").unwrap(), "/mdm/");
        assert_eq!(normalize_mount("/mdm/").unwrap(), "/mdm/");
        assert_eq!(normalize_mount("/a/b").unwrap(), "/a/b/");
        assert!(normalize_mount("/../x").is_err());
        assert!(normalize_mount("/api").is_err());
        assert!(normalize_mount("/a b").is_err());
    }

    #[test]
    fn segments_refuse_traversal() {
        assert_eq!(decode_segments("a/b.js").unwrap(), vec!["a", "b.js"]);
        assert_eq!(decode_segments("").unwrap(), vec![""]);
        assert!(decode_segments("../x").is_err());
        assert!(decode_segments("%2e%2e/x").is_err());
        assert!(decode_segments("a/%2E%2E/x").is_err());
        assert!(decode_segments("a%2f..%2fb").is_err());
        assert!(decode_segments("a%5c..%5cb").is_err());
        assert!(decode_segments("%ff").is_err());
        assert!(decode_segments(".env").is_err());
    }
}
