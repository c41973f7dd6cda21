//! Request bodies: PUT and POST carry `application/x-www-form-urlencoded` forms.
//!
//! Our own extractor rather than axum's `Form`, so every way a body can be wrong (too big,
//! wrong Content-Type, not UTF-8, malformed, unknown or repeated fields) gets its own clear
//! message in the envelope, and so nothing is written unless the whole form is valid.

use axum::body::Body;
use axum::extract::{FromRequest, Request};
use axum::http::{header, HeaderMap};
use http_body_util::{BodyExt, LengthLimitError, Limited};

use super::error::ApiError;

/// The largest body accepted (413 above it).
pub const BODY_LIMIT: usize = 64 * 1024;

const FORM_TYPE: &str = "application/x-www-form-urlencoded";

/// The body of a PUT or POST, read strictly (see `read_form`).
impl<S: Send + Sync> FromRequest<S> for Form {
    type Rejection = ApiError;

    async fn from_request(request: Request, _: &S) -> Result<Self, ApiError> {
        let (parts, body) = request.into_parts();
        read_form(&parts.headers, body).await
    }
}

/// Reads and parses a form body, refusing anything that is not a well-formed form.
async fn read_form(headers: &HeaderMap, body: Body) -> Result<Form, ApiError> {
    let content_type = match headers.get(header::CONTENT_TYPE) {
        Some(v) => Some(v.to_str().map_err(|_| {
            ApiError::unsupported_media_type(format!("Content-Type must be {FORM_TYPE}"))
        })?),
        None => None,
    };
    if let Some(ct) = content_type {
        check_content_type(ct)?;
    }
    // Refuse early when the client announces a body that is too big.
    let announced = headers
        .get(header::CONTENT_LENGTH)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.parse::<u64>().ok());
    if announced.is_some_and(|n| n > BODY_LIMIT as u64) {
        return Err(ApiError::payload_too_large(BODY_LIMIT));
    }
    let bytes = match Limited::new(body, BODY_LIMIT).collect().await {
        Ok(collected) => collected.to_bytes(),
        Err(e) if e.downcast_ref::<LengthLimitError>().is_some() => {
            return Err(ApiError::payload_too_large(BODY_LIMIT));
        }
        Err(_) => return Err(ApiError::bad_request("The request body could not be read")),
    };
    // An empty body without a Content-Type is an empty form; a non-empty one needs the type.
    if content_type.is_none() && !bytes.is_empty() {
        return Err(ApiError::unsupported_media_type(format!(
            "Content-Type must be {FORM_TYPE} (none was sent)"
        )));
    }
    Form::parse(&bytes)
}

fn check_content_type(ct: &str) -> Result<(), ApiError> {
    let mut parts = ct.split(';');
    let essence = parts.next().unwrap_or("").trim();
    if !essence.eq_ignore_ascii_case(FORM_TYPE) {
        let shown: String = ct.chars().take(100).collect();
        return Err(ApiError::unsupported_media_type(format!(
            "Content-Type must be {FORM_TYPE}, not '{shown}'"
        )));
    }
    for param in parts {
        if let Some((name, value)) = param.split_once('=') {
            let value = value.trim().trim_matches('"');
            if name.trim().eq_ignore_ascii_case("charset")
                && !(value.eq_ignore_ascii_case("utf-8") || value.eq_ignore_ascii_case("utf8"))
            {
                return Err(ApiError::unsupported_media_type(format!(
                    "The form must be UTF-8, not charset '{value}'"
                )));
            }
        }
    }
    Ok(())
}

/// Decodes one `application/x-www-form-urlencoded` component (`+` is a space, `%XX` a byte).
/// `None` for a broken percent escape.
pub fn decode_component(s: &str) -> Option<Vec<u8>> {
    let bytes = s.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        match bytes[i] {
            b'+' => out.push(b' '),
            b'%' => {
                let hex = bytes.get(i + 1..i + 3)?;
                let hi = (hex[0] as char).to_digit(16)?;
                let lo = (hex[1] as char).to_digit(16)?;
                out.push((hi * 16 + lo) as u8);
                i += 2;
            }
            b => out.push(b),
        }
        i += 1;
    }
    Some(out)
}

fn shorten(s: &str) -> String {
    const MAX: usize = 60;
    if s.chars().count() > MAX {
        format!("{}…", s.chars().take(MAX).collect::<String>())
    } else {
        s.to_owned()
    }
}

/// A parsed form: field names as sent, values decoded. Names are unique (case-insensitively).
#[derive(Debug, Clone, Default)]
pub struct Form {
    pairs: Vec<(String, String)>,
}

impl Form {
    pub fn parse(body: &[u8]) -> Result<Self, ApiError> {
        let text = std::str::from_utf8(body)
            .map_err(|_| ApiError::bad_request("The request body is not valid UTF-8"))?;
        let mut pairs: Vec<(String, String)> = Vec::new();
        for piece in text.split('&').filter(|p| !p.is_empty()) {
            let Some((raw_name, raw_value)) = piece.split_once('=') else {
                return Err(ApiError::bad_request(format!(
                    "Malformed form body: '{}' is not a name=value pair",
                    shorten(piece)
                )));
            };
            let name = decode_component(raw_name)
                .and_then(|b| String::from_utf8(b).ok())
                .ok_or_else(|| {
                    ApiError::bad_request(format!(
                        "Malformed form body: field name '{}' is not valid percent-encoded UTF-8",
                        shorten(raw_name)
                    ))
                })?;
            if name.trim().is_empty() {
                return Err(ApiError::bad_request(
                    "Malformed form body: a field has an empty name",
                ));
            }
            let value = decode_component(raw_value).ok_or_else(|| {
                ApiError::bad_request(format!(
                    "Malformed form body: the value of '{}' has a broken percent escape",
                    shorten(&name)
                ))
            })?;
            let value = String::from_utf8(value).map_err(|_| {
                ApiError::bad_request(format!(
                    "The value of '{}' is not valid UTF-8",
                    shorten(&name)
                ))
            })?;
            if pairs.iter().any(|(n, _)| n.eq_ignore_ascii_case(&name)) {
                return Err(ApiError::bad_request(format!(
                    "Field '{}' was sent more than once",
                    shorten(&name)
                )));
            }
            pairs.push((name, value));
        }
        Ok(Self { pairs })
    }

    pub fn is_empty(&self) -> bool {
        self.pairs.is_empty()
    }

    /// Checks the field names against what `item` accepts and returns them under their
    /// canonical spelling (names match case-insensitively, as item names do). Unknown and
    /// read-only fields are refused, naming every offender and what is allowed instead.
    pub fn fields(
        self,
        item: &str,
        allowed: &[&'static str],
        read_only: &[&'static str],
    ) -> Result<Fields, ApiError> {
        let mut values = Vec::with_capacity(self.pairs.len());
        let mut unknown = Vec::new();
        let mut locked = Vec::new();
        for (name, value) in self.pairs {
            if let Some(canonical) = allowed.iter().find(|a| a.eq_ignore_ascii_case(&name)) {
                values.push((*canonical, value));
            } else if let Some(canonical) = read_only.iter().find(|a| a.eq_ignore_ascii_case(&name))
            {
                locked.push(*canonical);
            } else {
                unknown.push(format!("'{}'", shorten(&name)));
            }
        }
        let allowed_list = allowed.join(", ");
        if !unknown.is_empty() {
            let plural = if unknown.len() == 1 { "" } else { "s" };
            return Err(ApiError::bad_request(format!(
                "Unknown field{plural} {} for {item}; allowed: {allowed_list}",
                unknown.join(", ")
            )));
        }
        if !locked.is_empty() {
            let (plural, verb) = if locked.len() == 1 {
                ("", "is")
            } else {
                ("s", "are")
            };
            return Err(ApiError::bad_request(format!(
                "Field{plural} {} of {item} {verb} read-only; only {allowed_list} can be changed",
                locked
                    .iter()
                    .map(|n| format!("'{n}'"))
                    .collect::<Vec<_>>()
                    .join(", ")
            )));
        }
        Ok(Fields { values })
    }
}

/// The checked fields of a form.
#[derive(Debug, Clone)]
pub struct Fields {
    values: Vec<(&'static str, String)>,
}

impl Fields {
    pub fn is_empty(&self) -> bool {
        self.values.is_empty()
    }

    pub fn get(&self, name: &str) -> Option<&str> {
        self.values
            .iter()
            .find(|(n, _)| *n == name)
            .map(|(_, v)| v.as_str())
    }

    /// A field that must be sent and must not be empty (PUT).
    pub fn required(&self, name: &str, max: usize) -> Result<String, ApiError> {
        match self.get(name) {
            None => Err(ApiError::bad_request(format!("Field '{name}' is required"))),
            Some(v) => text(name, v, max, false)?
                .ok_or_else(|| ApiError::bad_request(format!("Field '{name}' must not be empty"))),
        }
    }

    /// A field that may be left out, but when sent must not be empty (POST of a required field).
    pub fn non_empty(&self, name: &str, max: usize) -> Result<Option<String>, ApiError> {
        match self.get(name) {
            None => Ok(None),
            Some(v) => text(name, v, max, false)?
                .map(Some)
                .ok_or_else(|| ApiError::bad_request(format!("Field '{name}' must not be empty"))),
        }
    }

    /// An optional field: `None` when not sent, `Some(None)` when sent empty (clears it).
    pub fn optional(
        &self,
        name: &str,
        max: usize,
        multiline: bool,
    ) -> Result<Option<Option<String>>, ApiError> {
        self.get(name)
            .map(|v| text(name, v, max, multiline))
            .transpose()
    }
}

/// Trims a text value and checks its length and characters; `None` when it is empty.
fn text(name: &str, value: &str, max: usize, multiline: bool) -> Result<Option<String>, ApiError> {
    let value = value.trim();
    let len = value.chars().count();
    if len > max {
        return Err(ApiError::bad_request(format!(
            "Field '{name}' is {len} characters long; the maximum is {max}"
        )));
    }
    let allowed_control = |c: char| multiline && matches!(c, '\n' | '\r' | '\t');
    if value.chars().any(|c| c.is_control() && !allowed_control(c)) {
        return Err(ApiError::bad_request(format!(
            "Field '{name}' must not contain control characters"
        )));
    }
    Ok((!value.is_empty()).then(|| value.to_owned()))
}

/// A plausible email address: one `@`, something before it, a dotted domain, no spaces.
pub fn check_email(value: &str) -> Result<(), ApiError> {
    let bad = || {
        ApiError::bad_request(format!(
            "Field 'email' is not a valid email address: '{}'",
            shorten(value)
        ))
    };
    let (local, domain) = value.split_once('@').ok_or_else(bad)?;
    let ok = !local.is_empty()
        && !domain.contains('@')
        && domain.contains('.')
        && !domain.starts_with('.')
        && !domain.ends_with('.')
        && !domain.contains("..")
        && !value.chars().any(char::is_whitespace);
    if ok {
        Ok(())
    } else {
        Err(bad())
    }
}

/// Phone numbers as people write them: digits with `+ - ( ) .` and spaces, at least 3 digits.
pub fn check_phone(value: &str) -> Result<(), ApiError> {
    let ok = value
        .chars()
        .all(|c| c.is_ascii_digit() || " +-().".contains(c))
        && value.chars().filter(char::is_ascii_digit).count() >= 3;
    if ok {
        Ok(())
    } else {
        Err(ApiError::bad_request(format!(
            "Field 'phone' is not a phone number: '{}' (use digits, spaces and + - ( ) .)",
            shorten(value)
        )))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn decodes_plus_and_percent() {
        assert_eq!(
            decode_component("a+b%20c%C3%A9").unwrap(),
            "a b cé".as_bytes()
        );
        assert!(decode_component("%G1").is_none());
        assert!(decode_component("%4").is_none());
    }

    #[test]
    fn parses_forms_and_refuses_bad_ones() {
        let f = Form::parse(b"name=Sales+team&description=").unwrap();
        assert_eq!(f.pairs.len(), 2);
        assert!(Form::parse(b"").unwrap().is_empty());
        assert!(Form::parse(b"name").is_err());
        assert!(Form::parse(b"=x").is_err());
        assert!(Form::parse(b"name=%ZZ").is_err());
        assert!(Form::parse(b"name=%FF").is_err());
        assert!(Form::parse(b"name=a&NAME=b").is_err());
        assert!(Form::parse(&[b'n', b'=', 0xff]).is_err());
    }

    #[test]
    fn fields_refuse_unknown_and_read_only() {
        let f = Form::parse(b"colour=red").unwrap();
        let e = f
            .fields("group", &["name", "description"], &["id"])
            .unwrap_err();
        assert_eq!(
            e.message,
            "Unknown field 'colour' for group; allowed: name, description"
        );
        let f = Form::parse(b"model=x").unwrap();
        let e = f
            .fields("device", &["name", "userId"], &["model"])
            .unwrap_err();
        assert_eq!(
            e.message,
            "Field 'model' of device is read-only; only name, userId can be changed"
        );
        let f = Form::parse(b"NAME=x")
            .unwrap()
            .fields("group", &["name"], &[])
            .unwrap();
        assert_eq!(f.get("name"), Some("x"));
    }

    #[test]
    fn text_rules() {
        let f = Form::parse(b"name=++&d=a%0Ab&n=a%00")
            .unwrap()
            .fields("x", &["name", "d", "n"], &[])
            .unwrap();
        assert!(f.required("name", 10).is_err());
        assert_eq!(
            f.optional("d", 10, true).unwrap(),
            Some(Some("a\nb".into()))
        );
        assert!(f.optional("n", 10, true).is_err());
        assert!(f.required("d", 2).is_err());
    }

    #[test]
    fn email_and_phone() {
        assert!(check_email("alice.smith@example.com").is_ok());
        for bad in [
            "alice",
            "@example.com",
            "a@b",
            "a@@b.com",
            "a b@c.com",
            "a@.com",
            "a@b..com",
        ] {
            assert!(check_email(bad).is_err(), "{bad}");
        }
        assert!(check_phone("+44 7700 900123").is_ok());
        assert!(check_phone("(212) 555-0100").is_ok());
        assert!(check_phone("call me").is_err());
    }
}
