//! JSON checked and split without being decoded, for the main module.
//!
//! The main module reads only the API's envelope (success, error, paging)
//! and `config.json`; the items inside `data` are decoded by the pages that
//! show them, with `serde_json`, in their own lazily loaded modules. Reading
//! the envelope with this instead of `serde_json` keeps a whole JSON decoder
//! out of the download before sign-in. The text is checked to be JSON as
//! strictly as `serde_json` checks it, so a broken answer is still refused
//! when it arrives, not when a page reads it.

use std::ops::Range;

/// The text is not one JSON value.
#[derive(Debug, PartialEq, Eq)]
pub struct NotJson;

/// Nesting this deep is refused, as `serde_json` refuses it (127 levels pass).
const MAX_DEPTH: usize = 128;

/// One checked JSON value, as its text (no surrounding whitespace).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Raw<'a>(&'a str);

/// Checks that `text` is exactly one JSON value (whitespace around it aside).
pub fn parse(text: &str) -> Result<Raw<'_>, NotJson> {
    parse_into(text, None)
}

/// A checked object's members in order, keys decoded.
pub type Members<'a> = Vec<(String, Raw<'a>)>;

/// As [`parse`], with an object's members split in the same pass (none for
/// another value): an answer's body is scanned once.
pub fn parse_object(text: &str) -> Result<(Raw<'_>, Option<Members<'_>>), NotJson> {
    let mut spans = Vec::new();
    let raw = parse_into(text, Some(&mut spans))?;
    let members = raw.0.starts_with('{').then(|| {
        spans
            .into_iter()
            .map(|(key, value)| (unescape(&text[key]), Raw(&text[value])))
            .collect()
    });
    Ok((raw, members))
}

/// Where the top-level object's members are: each key's inside, its value.
type Spans = Vec<(Range<usize>, Range<usize>)>;

fn parse_into<'a>(text: &'a str, spans: Option<&mut Spans>) -> Result<Raw<'a>, NotJson> {
    let bytes = text.as_bytes();
    let start = skip_ws(bytes, 0);
    let end = value_end(bytes, start, 0, spans)?;
    if skip_ws(bytes, end) != bytes.len() {
        return Err(NotJson);
    }
    Ok(Raw(&text[start..end]))
}

impl<'a> Raw<'a> {
    pub fn text(self) -> &'a str {
        self.0
    }

    /// What kind of value it is, as a message says it ("a list").
    pub fn kind(self) -> &'static str {
        match self.0.as_bytes()[0] {
            b'n' => "null",
            b't' | b'f' => "a boolean",
            b'"' => "a string",
            b'[' => "a list",
            b'{' => "an object",
            _ => "a number",
        }
    }

    pub fn is_null(self) -> bool {
        self.0 == "null"
    }

    pub fn is_array(self) -> bool {
        self.0.starts_with('[')
    }

    /// A string's text, escapes decoded.
    pub fn as_str(self) -> Option<String> {
        let inner = self.0.strip_prefix('"')?.strip_suffix('"')?;
        Some(unescape(inner))
    }

    pub fn as_bool(self) -> Option<bool> {
        match self.0 {
            "true" => Some(true),
            "false" => Some(false),
            _ => None,
        }
    }

    /// A number written as a whole number that fits (`2`, not `2.0`).
    pub fn as_u64(self) -> Option<u64> {
        self.0.parse().ok()
    }

    /// Any number, to about 15 digits (enough for a setting).
    pub fn as_f64(self) -> Option<f64> {
        let text = self.0;
        let (negative, text) = match text.strip_prefix('-') {
            Some(rest) => (true, rest),
            None => (false, text),
        };
        if !text.starts_with(|c: char| c.is_ascii_digit()) {
            return None;
        }
        let (number, exponent) = match text.find(['e', 'E']) {
            Some(e) => (&text[..e], text[e + 1..].parse::<i32>().ok()?),
            None => (text, 0),
        };
        let (whole, fraction) = number.split_once('.').unwrap_or((number, ""));
        let mut mantissa = 0f64;
        for digit in whole.bytes().chain(fraction.bytes()) {
            mantissa = mantissa * 10.0 + f64::from(digit.checked_sub(b'0').filter(|d| *d < 10)?);
        }
        let exponent = exponent.saturating_sub(fraction.len() as i32);
        let value = if exponent < 0 {
            mantissa / 10f64.powi(-exponent)
        } else {
            mantissa * 10f64.powi(exponent)
        };
        Some(if negative { -value } else { value })
    }
}

fn skip_ws(bytes: &[u8], mut at: usize) -> usize {
    while matches!(bytes.get(at), Some(b' ' | b'\t' | b'\n' | b'\r')) {
        at += 1;
    }
    at
}

/// Where the value starting at `at` ends, if it is one.
/// `spans`, if given, receives an object's members (not nested ones').
fn value_end(
    bytes: &[u8],
    at: usize,
    depth: usize,
    spans: Option<&mut Spans>,
) -> Result<usize, NotJson> {
    match bytes.get(at) {
        Some(b'"') => string_end(bytes, at),
        Some(b'{') => container_end(bytes, at, depth, b'}', spans),
        Some(b'[') => container_end(bytes, at, depth, b']', None),
        Some(b't') => word_end(bytes, at, b"true"),
        Some(b'f') => word_end(bytes, at, b"false"),
        Some(b'n') => word_end(bytes, at, b"null"),
        Some(b'-' | b'0'..=b'9') => number_end(bytes, at),
        _ => Err(NotJson),
    }
}

fn word_end(bytes: &[u8], at: usize, word: &[u8]) -> Result<usize, NotJson> {
    if bytes[at..].starts_with(word) {
        Ok(at + word.len())
    } else {
        Err(NotJson)
    }
}

fn digits_end(bytes: &[u8], mut at: usize) -> Result<usize, NotJson> {
    let start = at;
    while bytes.get(at).is_some_and(u8::is_ascii_digit) {
        at += 1;
    }
    if at == start {
        Err(NotJson)
    } else {
        Ok(at)
    }
}

fn number_end(bytes: &[u8], mut at: usize) -> Result<usize, NotJson> {
    if bytes[at] == b'-' {
        at += 1;
    }
    at = match bytes.get(at) {
        Some(b'0') => at + 1,
        Some(b'1'..=b'9') => digits_end(bytes, at)?,
        _ => return Err(NotJson),
    };
    if bytes.get(at) == Some(&b'.') {
        at = digits_end(bytes, at + 1)?;
    }
    if matches!(bytes.get(at), Some(b'e' | b'E')) {
        at += 1;
        if matches!(bytes.get(at), Some(b'+' | b'-')) {
            at += 1;
        }
        at = digits_end(bytes, at)?;
    }
    Ok(at)
}

fn string_end(bytes: &[u8], at: usize) -> Result<usize, NotJson> {
    if bytes.get(at) != Some(&b'"') {
        return Err(NotJson);
    }
    let mut at = at + 1;
    loop {
        match bytes.get(at) {
            Some(b'"') => return Ok(at + 1),
            Some(b'\\') => {
                at += match bytes.get(at + 1) {
                    Some(b'"' | b'\\' | b'/' | b'b' | b'f' | b'n' | b'r' | b't') => 2,
                    Some(b'u')
                        if bytes
                            .get(at + 2..at + 6)
                            .is_some_and(|hex| hex.iter().all(u8::is_ascii_hexdigit)) =>
                    {
                        6
                    }
                    _ => return Err(NotJson),
                }
            }
            Some(0x00..=0x1f) | None => return Err(NotJson),
            Some(_) => at += 1,
        }
    }
}

/// An object's (`}`) or a list's (`]`) end.
fn container_end(
    bytes: &[u8],
    at: usize,
    depth: usize,
    close: u8,
    mut spans: Option<&mut Spans>,
) -> Result<usize, NotJson> {
    if depth + 1 >= MAX_DEPTH {
        return Err(NotJson);
    }
    let keyed = close == b'}';
    let mut at = skip_ws(bytes, at + 1);
    if bytes.get(at) == Some(&close) {
        return Ok(at + 1);
    }
    loop {
        let mut key = 0..0;
        if keyed {
            let key_end = string_end(bytes, at)?;
            key = at + 1..key_end - 1;
            at = skip_ws(bytes, key_end);
            if bytes.get(at) != Some(&b':') {
                return Err(NotJson);
            }
            at = skip_ws(bytes, at + 1);
        }
        let value_start = at;
        at = value_end(bytes, at, depth + 1, None)?;
        if let Some(spans) = spans.as_deref_mut() {
            spans.push((key, value_start..at));
        }
        at = skip_ws(bytes, at);
        match bytes.get(at) {
            Some(b',') => at = skip_ws(bytes, at + 1),
            Some(c) if *c == close => return Ok(at + 1),
            _ => return Err(NotJson),
        }
    }
}

/// A checked string's inside, escapes decoded (a lone surrogate as U+FFFD).
fn unescape(inner: &str) -> String {
    if !inner.contains('\\') {
        return inner.to_string();
    }
    let mut out = String::with_capacity(inner.len());
    let mut chars = inner.chars();
    let hex = |chars: &mut std::str::Chars| -> u32 {
        let digits: String = chars.take(4).collect();
        u32::from_str_radix(&digits, 16).unwrap_or(0xfffd)
    };
    while let Some(c) = chars.next() {
        if c != '\\' {
            out.push(c);
            continue;
        }
        match chars.next() {
            Some('b') => out.push('\u{8}'),
            Some('f') => out.push('\u{c}'),
            Some('n') => out.push('\n'),
            Some('r') => out.push('\r'),
            Some('t') => out.push('\t'),
            Some('u') => {
                let unit = hex(&mut chars);
                let code = if (0xd800..0xdc00).contains(&unit) && chars.as_str().starts_with("\\u")
                {
                    let mut ahead = chars.clone();
                    ahead.nth(1);
                    let low = hex(&mut ahead);
                    if (0xdc00..0xe000).contains(&low) {
                        chars = ahead;
                        0x10000 + ((unit - 0xd800) << 10) + (low - 0xdc00)
                    } else {
                        unit
                    }
                } else {
                    unit
                };
                out.push(char::from_u32(code).unwrap_or('\u{fffd}'));
            }
            Some(other) => out.push(other),
            None => {}
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn agrees_with_serde_json_on_what_is_json() {
        let deep_ok = format!("{}{}", "[".repeat(127), "]".repeat(127));
        let too_deep = format!("{}{}", "[".repeat(128), "]".repeat(128));
        for text in [
            "{}",
            " { \"a\" : [1, -2.5e+3, 0, -0, 1E9, true, false, null, \"x\\\"y\\u00e9\"] } ",
            "[]",
            "\"\"",
            "0",
            "-0.0e-0",
            "12345678901234567890123456789",
            "{\"a\":{\"b\":{\"c\":[{}]}}}",
            "\"\\ud83d\\ude00 \\/ \\b\\f\\n\\r\\t\"",
            &deep_ok,
            // Not JSON:
            "",
            " ",
            "{",
            "}",
            "[1,]",
            "[,1]",
            "{\"a\":1,}",
            "{\"a\" 1}",
            "{a:1}",
            "{1:1}",
            "01",
            "1.",
            ".5",
            "-",
            "+1",
            "1e",
            "1e+",
            "0x10",
            "tru",
            "nulll",
            "NaN",
            "\"unterminated",
            "\"tab\tinside\"",
            "\"\\x\"",
            "\"\\u12\"",
            "\"\\u12g4\"",
            "[1] [2]",
            "{} x",
            "'single'",
            &too_deep,
        ] {
            assert_eq!(
                parse(text).is_ok(),
                serde_json::from_str::<serde_json::Value>(text).is_ok(),
                "{text:?}"
            );
        }
    }

    #[test]
    fn members_in_order_with_their_text() {
        let (_, members) = parse_object(
            r#" {"success": true, "data" : [ {"id": 1} ], "e\u0078tra":"a\nb", "total":"11"} "#,
        )
        .unwrap();
        let members = members.unwrap();
        let keys: Vec<&str> = members.iter().map(|(k, _)| k.as_str()).collect();
        assert_eq!(keys, ["success", "data", "extra", "total"]);
        assert_eq!(members[0].1.as_bool(), Some(true));
        assert_eq!(members[1].1.text(), r#"[ {"id": 1} ]"#);
        assert!(members[1].1.is_array());
        assert_eq!(members[2].1.as_str().as_deref(), Some("a\nb"));
        assert_eq!(members[3].1.as_str().as_deref(), Some("11"));
        assert_eq!(parse_object("{}").unwrap().1, Some(vec![]));
        assert_eq!(parse_object("[1]").unwrap().1, None);
        // Only the top level's members; a nested object's stay in its text.
        let (_, nested) = parse_object(r#"{"a":{"b":1},"c":[{"d":2}]}"#).unwrap();
        let nested = nested.unwrap();
        assert_eq!(nested.len(), 2);
        assert_eq!(nested[0].1.text(), r#"{"b":1}"#);
    }

    #[test]
    fn strings_decode_every_escape() {
        let s = |text: &str| parse(text).unwrap().as_str().unwrap();
        assert_eq!(s(r#""plain""#), "plain");
        assert_eq!(s(r#""q\"b\\s\/""#), "q\"b\\s/");
        assert_eq!(s(r#""\u00e9\u20ac""#), "é€");
        assert_eq!(s(r#""\ud83d\ude00""#), "😀");
        assert_eq!(s(r#""lone \ud800 x""#), "lone \u{fffd} x");
        assert_eq!(s(r#""\b\f\n\r\t""#), "\u{8}\u{c}\n\r\t");
        assert_eq!(parse("1").unwrap().as_str(), None);
    }

    #[test]
    fn numbers_and_kinds() {
        fn n(text: &str) -> Raw<'_> {
            parse(text).unwrap()
        }
        assert_eq!(n("42").as_u64(), Some(42));
        assert_eq!(n("18446744073709551615").as_u64(), Some(u64::MAX));
        for not_whole in ["2.0", "-1", "1e2", "18446744073709551616"] {
            assert_eq!(n(not_whole).as_u64(), None, "{not_whole}");
        }
        assert_eq!(n("0.5").as_f64(), Some(0.5));
        assert_eq!(n("-12.25").as_f64(), Some(-12.25));
        assert_eq!(n("15").as_f64(), Some(15.0));
        assert_eq!(n("1.5e2").as_f64(), Some(150.0));
        assert_eq!(n("25E-1").as_f64(), Some(2.5));
        assert_eq!(n("\"1\"").as_f64(), None);
        let kinds: Vec<&str> = ["null", "true", "1", "\"s\"", "[]", "{}"]
            .into_iter()
            .map(|t| n(t).kind())
            .collect();
        assert_eq!(
            kinds,
            [
                "null",
                "a boolean",
                "a number",
                "a string",
                "a list",
                "an object"
            ]
        );
    }
}
