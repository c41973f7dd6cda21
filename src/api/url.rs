//! Building request URLs: `{base}/{key}/{item}[/{id}][?query]`.

use percent_encoding::{utf8_percent_encode, AsciiSet, NON_ALPHANUMERIC};

use super::ApiError;

/// Everything but unreserved characters is escaped, so a key or identifier
/// is always exactly one path segment.
const SEGMENT: &AsciiSet = &NON_ALPHANUMERIC
    .remove(b'-')
    .remove(b'_')
    .remove(b'.')
    .remove(b'~');
const QUERY: &AsciiSet = SEGMENT;

/// One path segment, escaped. `.` and `..` are refused: URL parsers resolve
/// them (even escaped), which would change the path.
pub fn segment(value: &str, what: &str) -> Result<String, ApiError> {
    if value.is_empty() || value == "." || value == ".." {
        return Err(ApiError::InvalidInput(format!(
            "The {what} {value:?} cannot be used in a request."
        )));
    }
    Ok(utf8_percent_encode(value, SEGMENT).to_string())
}

pub fn build(
    base: &str,
    key: &str,
    item: &str,
    id: Option<&str>,
    query: &[(&str, String)],
) -> Result<String, ApiError> {
    let mut url = base.trim_end_matches('/').to_string();
    url.push('/');
    url.push_str(&segment(key, "API key")?);
    url.push('/');
    url.push_str(item);
    if let Some(id) = id {
        url.push('/');
        url.push_str(&segment(id, "identifier")?);
    }
    for (i, (name, value)) in query.iter().enumerate() {
        url.push(if i == 0 { '?' } else { '&' });
        url.push_str(name);
        url.push('=');
        url.push_str(&utf8_percent_encode(value, QUERY).to_string());
    }
    Ok(url)
}

/// `application/x-www-form-urlencoded`, as the API expects for PUT and POST.
pub fn form_body(fields: &[(&str, String)]) -> String {
    form_urlencoded::Serializer::new(String::new())
        .extend_pairs(fields.iter().map(|(k, v)| (*k, v.as_str())))
        .finish()
}

/// The URL with the key replaced by `***`, for anything a person or a log may see.
pub fn redact(url: &str, key: &str) -> String {
    if key.is_empty() {
        return url.to_string();
    }
    let encoded = utf8_percent_encode(key, SEGMENT).to_string();
    url.replace(&encoded, "***").replace(key, "***")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn plain_urls() {
        assert_eq!(
            build("/api/v1", "KEY", "group", None, &[]).unwrap(),
            "/api/v1/KEY/group"
        );
        assert_eq!(
            build(
                "https://mdm.example.com/api/v1/",
                "K",
                "device",
                Some("123"),
                &[("limit", "10".into()), ("page", "2".into())]
            )
            .unwrap(),
            "https://mdm.example.com/api/v1/K/device/123?limit=10&page=2"
        );
    }

    #[test]
    fn hostile_identifiers_stay_one_segment() {
        for id in [
            "a/b", "a?b", "a#b", "50%", "a b", "日本", "../x", "..%2f", "%2e%2e",
        ] {
            let url = build("/api/v1", "K", "user", Some(id), &[]).unwrap();
            let tail = url.strip_prefix("/api/v1/K/user/").unwrap();
            assert!(!tail.contains(['/', '?', '#', ' ']), "{id} -> {url}");
            let decoded = percent_encoding::percent_decode_str(tail)
                .decode_utf8()
                .unwrap();
            assert_eq!(decoded, id);
        }
    }

    #[test]
    fn dot_segments_are_refused() {
        for id in ["", ".", ".."] {
            assert!(matches!(
                build("/api/v1", "K", "user", Some(id), &[]),
                Err(ApiError::InvalidInput(_))
            ));
        }
    }

    #[test]
    fn keys_are_escaped_and_redacted() {
        let url = build("/api/v1", "a/b c", "group", None, &[]).unwrap();
        assert_eq!(url, "/api/v1/a%2Fb%20c/group");
        assert_eq!(redact(&url, "a/b c"), "/api/v1/***/group");
    }

    #[test]
    fn form_bodies_escape_everything() {
        assert_eq!(
            form_body(&[("name", "Bob's iPhone & co".into()), ("x", "=".into())]),
            "name=Bob%27s+iPhone+%26+co&x=%3D"
        );
    }
}
