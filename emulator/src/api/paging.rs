//! `?limit=N&page=P` on list requests: limit 1..=100 (more is clamped to 100, as the vendor
//! returns at most 100 a page), page 1-based. Anything else is a 400 naming the parameter.

use axum::extract::FromRequestParts;
use axum::http::request::Parts;

use super::error::ApiError;
use super::form::decode_component;
use crate::db::Paging;

/// The paging of a GET. Every GET extracts it, even one that returns a single item, so a
/// bad `limit` or `page` is never silently ignored.
impl<S: Send + Sync> FromRequestParts<S> for Paging {
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, _: &S) -> Result<Self, ApiError> {
        parse(parts.uri.query())
    }
}

/// Reads `limit` and `page` from a raw query string; other parameters are ignored.
pub fn parse(query: Option<&str>) -> Result<Paging, ApiError> {
    let mut paging = Paging::default();
    let mut seen_limit = false;
    let mut seen_page = false;
    for piece in query.unwrap_or("").split('&').filter(|p| !p.is_empty()) {
        let (raw_name, raw_value) = piece.split_once('=').unwrap_or((piece, ""));
        let Some(name) = decode_component(raw_name).and_then(|b| String::from_utf8(b).ok()) else {
            continue;
        };
        let is_limit = name.eq_ignore_ascii_case("limit");
        let is_page = name.eq_ignore_ascii_case("page");
        if !(is_limit || is_page) {
            continue;
        }
        let value = decode_component(raw_value)
            .and_then(|b| String::from_utf8(b).ok())
            .unwrap_or_else(|| raw_value.to_owned());
        if is_limit && !seen_limit {
            seen_limit = true;
            let n = positive("limit", &value, "(at most 100 items are returned a page)")?;
            paging.limit = n.min(u64::from(Paging::MAX_LIMIT)) as u32;
        } else if is_page && !seen_page {
            seen_page = true;
            paging.page = positive("page", &value, "(the first page is 1)")?;
        }
    }
    Ok(paging)
}

/// A whole number of 1 or more. Huge values saturate instead of failing: a limit of
/// 10^30 is simply "the most you have", a page of 10^30 is simply past the end.
fn positive(name: &str, value: &str, hint: &str) -> Result<u64, ApiError> {
    let digits = !value.is_empty() && value.bytes().all(|b| b.is_ascii_digit());
    let n = if digits {
        value.parse::<u64>().unwrap_or(u64::MAX)
    } else {
        0
    };
    if n == 0 {
        let shown: String = value.chars().take(40).collect();
        return Err(ApiError::bad_request(format!(
            "Invalid {name} '{shown}': must be a whole number of 1 or more {hint}"
        )));
    }
    Ok(n)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn p(q: &str) -> Result<Paging, ApiError> {
        parse(Some(q))
    }

    #[test]
    fn defaults_and_values() {
        assert_eq!(
            parse(None).unwrap(),
            Paging {
                limit: 100,
                page: 1
            }
        );
        assert_eq!(p("limit=10&page=3").unwrap(), Paging { limit: 10, page: 3 });
        assert_eq!(p("limit=1000").unwrap().limit, 100);
        assert_eq!(p("limit=99999999999999999999999").unwrap().limit, 100);
        assert_eq!(p("page=99999999999999999999999").unwrap().page, u64::MAX);
        assert_eq!(p("other=x&LIMIT=5").unwrap().limit, 5);
    }

    #[test]
    fn bad_values_name_the_parameter() {
        for q in [
            "limit=abc",
            "limit=0",
            "limit=-5",
            "limit=",
            "limit=1.5",
            "limit=+3",
            "limit",
        ] {
            let e = p(q).unwrap_err();
            assert!(
                e.message.starts_with("Invalid limit '"),
                "{q}: {}",
                e.message
            );
        }
        let e = p("page=-1").unwrap_err();
        assert!(e.message.starts_with("Invalid page '-1'"), "{}", e.message);
    }
}
