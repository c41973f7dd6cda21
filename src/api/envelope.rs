//! Turning a status and a body into the API's envelope, or a typed error.

use serde_json::Value;

use super::ApiError;
use crate::json_text::{self, Raw};
use crate::model::{json_kind, Item};

/// The parts of a successful answer.
#[derive(Clone, Debug, PartialEq)]
pub struct Envelope {
    /// `data` as JSON text, checked but not decoded: the pages decode it in
    /// their own modules, so the main module (which fetches and keeps every
    /// answer) carries no JSON decoder.
    data: Option<String>,
    pub page: Option<u64>,
    pub total: Option<u64>,
}

/// One page of a list.
#[derive(Clone, Debug, PartialEq)]
pub struct ListPage<T> {
    pub items: Vec<T>,
    pub page: u32,
    /// Items over all pages; the page's own length when the server did not say.
    pub total: u64,
    /// Whether the server said `total` (a walk of every page trusts it).
    pub total_known: bool,
}

impl<T> ListPage<T> {
    /// The same page with each item turned into another.
    pub fn map<U>(self, each: impl FnMut(T) -> U) -> ListPage<U> {
        ListPage {
            items: self.items.into_iter().map(each).collect(),
            page: self.page,
            total: self.total,
            total_known: self.total_known,
        }
    }
}

/// Which page to ask for and how many items on it (the API caps at 100).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct Paging {
    pub page: u32,
    pub limit: u32,
}

impl Paging {
    pub const MAX_LIMIT: u32 = 100;

    pub fn new(page: u32, limit: u32) -> Self {
        Paging {
            page: page.max(1),
            limit: limit.clamp(1, Self::MAX_LIMIT),
        }
    }

    pub fn query(self) -> Vec<(&'static str, String)> {
        vec![
            ("limit", self.limit.to_string()),
            ("page", self.page.to_string()),
        ]
    }
}

pub fn decode(status: u16, body: &str) -> Result<Envelope, ApiError> {
    let ok_status = (200..300).contains(&status);
    let (json, members) = match json_text::parse_object(body) {
        Ok(parsed) => parsed,
        Err(_) if !ok_status => {
            return Err(ApiError::Http {
                status,
                detail: describe_body(body),
            })
        }
        Err(_) if body.trim().is_empty() => {
            return Err(ApiError::BadResponse("the body was empty".into()))
        }
        Err(_) => {
            return Err(ApiError::BadResponse(format!(
                "it is not JSON ({})",
                describe_body(body)
            )))
        }
    };
    let Some(members) = members else {
        return Err(if ok_status {
            ApiError::BadResponse(format!("expected an object, got {}", json.kind()))
        } else {
            ApiError::Http {
                status,
                detail: String::new(),
            }
        });
    };
    // A name given twice counts the last time, as when decoded into a map.
    let member = |name: &str| {
        members
            .iter()
            .rev()
            .find(|(key, _)| key == name)
            .map(|(_, value)| *value)
    };
    let success = member("success").and_then(|v| {
        v.as_bool()
            .or_else(|| v.as_str().and_then(|s| s.parse().ok()))
            .or_else(|| v.as_u64().map(|n| n != 0))
    });
    let error = member("error")
        .and_then(|e| match e.as_str() {
            Some(s) => Some(s.trim().to_string()),
            None if e.is_null() => None,
            // Anything else is shown as the JSON it is.
            None => Some(e.text().to_string()),
        })
        .filter(|s| !s.is_empty());
    let failed = success == Some(false) || (error.is_some() && (success.is_none() || !ok_status));
    if failed {
        let message = error.unwrap_or_else(|| {
            if ok_status {
                "The server reported a failure without saying why.".to_string()
            } else {
                format!("The server answered HTTP {status} without saying why.")
            }
        });
        if message.to_ascii_lowercase().contains("invalid api key") {
            return Err(ApiError::InvalidKey(message));
        }
        return Err(ApiError::Server { status, message });
    }
    if !ok_status {
        return Err(ApiError::Http {
            status,
            detail: String::new(),
        });
    }
    if success != Some(true) {
        return Err(ApiError::BadResponse("it has no \"success\" field".into()));
    }
    Ok(Envelope {
        page: member("page").and_then(lenient_u64),
        total: member("total").and_then(lenient_u64),
        data: member("data")
            .filter(|d| !d.is_null())
            .map(|d| d.text().to_string()),
    })
}

fn lenient_u64(v: Raw) -> Option<u64> {
    v.as_u64()
        .or_else(|| v.as_str().and_then(|s| s.trim().parse().ok()))
}

/// A short, safe description of a body that is not the envelope.
fn describe_body(body: &str) -> String {
    let trimmed = body.trim_start();
    if trimmed.is_empty() {
        "empty body".into()
    } else if trimmed.starts_with('<') {
        "an HTML page, probably from a proxy or gateway".into()
    } else {
        let snippet: String = trimmed.chars().take(80).collect();
        format!("\"{snippet}\"")
    }
}

impl Envelope {
    /// An answer holding `data` (JSON text), for tests of what reads it.
    #[cfg(test)]
    pub fn holding(data: &str) -> Envelope {
        Envelope {
            data: Some(data.to_string()),
            page: None,
            total: None,
        }
    }

    /// Whether `data` is a list (or absent, an empty one), without decoding
    /// it: sign-in's check of a key, in the main module; `kind` names the
    /// items in the message.
    pub fn check_list(&self, kind: &str) -> Result<(), ApiError> {
        match self.data.as_deref().map(json_text::parse) {
            None => Ok(()),
            Some(Ok(raw)) if raw.is_array() => Ok(()),
            Some(Ok(raw)) => Err(not_a_list(kind, raw.kind())),
            Some(Err(_)) => Err(unreadable()),
        }
    }

    /// `data` decoded (checked when it arrived, so this fails only past
    /// what a JSON decoder takes, such as a lone surrogate in a string).
    pub fn data_value(&self) -> Result<Option<Value>, ApiError> {
        self.data
            .as_deref()
            .map(serde_json::from_str)
            .transpose()
            .map_err(|_| unreadable())
    }

    /// The answer's `data` as a list (none: an empty one); `kind` names its
    /// items in the message.
    pub fn list_values(&self, kind: &str) -> Result<Vec<Value>, ApiError> {
        match self.data_value()? {
            None => Ok(Vec::new()),
            Some(Value::Array(values)) => Ok(values),
            Some(other) => Err(not_a_list(kind, json_kind(&other))),
        }
    }

    /// The answer read as a page of a list. It takes `&self`, despite its
    /// name, so an answer kept in the query cache is read again, not taken.
    pub fn into_list<T: Item>(&self, asked: Paging) -> Result<ListPage<T>, ApiError> {
        let items = self
            .list_values(T::KIND)?
            .iter()
            .enumerate()
            .map(|(i, v)| {
                T::from_json(v).map_err(|e| {
                    ApiError::BadResponse(format!("{} {} of the list: {e}", T::KIND, i + 1))
                })
            })
            .collect::<Result<Vec<T>, _>>()?;
        // Without page and total the list is one page; with a page but no
        // total, the total is unknown (a walk reads on to a short page).
        let total_known = self.total.is_some();
        let (page, total) = match (self.page, self.total) {
            (None, None) => (1, items.len() as u64),
            (Some(page), None) => (page as u32, items.len() as u64),
            (page, Some(total)) => (page.map_or(asked.page, |p| p as u32), total),
        };
        Ok(ListPage {
            items,
            page,
            total,
            total_known,
        })
    }

    /// The answer read as one item; `&self` as for [`Envelope::into_list`].
    pub fn into_item<T: Item>(&self) -> Result<T, ApiError> {
        let data = self
            .data_value()?
            .ok_or_else(|| ApiError::BadResponse(format!("the answer holds no {}", T::KIND)))?;
        T::from_json(&data).map_err(|e| ApiError::BadResponse(e.to_string()))
    }

    /// The new identifier a PUT answers with.
    pub fn into_id(self) -> Result<String, ApiError> {
        match self.data_value()? {
            Some(Value::String(s)) if !s.is_empty() => Ok(s),
            Some(Value::Number(n)) => Ok(n.to_string()),
            Some(Value::Object(map)) => crate::model::Fields::from_value(&Value::Object(map))
                .ok()
                .and_then(|f| f.id(&["id"]))
                .ok_or_else(|| ApiError::BadResponse("the new item's id is missing".into())),
            _ => Err(ApiError::BadResponse("the new item's id is missing".into())),
        }
    }
}

fn not_a_list(kind: &str, got: &str) -> ApiError {
    ApiError::BadResponse(format!("expected a list of {kind}s, got {got}"))
}

fn unreadable() -> ApiError {
    ApiError::BadResponse("its data could not be read as JSON".into())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::Group;

    fn list(body: &str) -> Result<ListPage<Group>, ApiError> {
        decode(200, body)?.into_list(Paging::new(2, 10))
    }

    #[test]
    fn a_list_page() {
        let page = list(r#"{"success":true,"data":[{"id":"1","name":"A"}],"page":2,"total":"11"}"#)
            .unwrap();
        assert_eq!((page.items.len(), page.page, page.total), (1, 2, 11));
    }

    #[test]
    fn missing_paging_is_one_page_and_null_data_is_empty() {
        let page = list(r#"{"success":true,"data":[{"id":1},{"id":2}]}"#).unwrap();
        assert_eq!((page.page, page.total), (1, 2));
        let paged = list(r#"{"success":true,"data":[{"id":1}],"page":3}"#).unwrap();
        assert_eq!((paged.page, paged.total, paged.total_known), (3, 1, false));
        for body in [r#"{"success":true,"data":null}"#, r#"{"success":true}"#] {
            let page = list(body).unwrap();
            assert!(page.items.is_empty());
            assert_eq!(page.total, 0);
        }
    }

    #[test]
    fn server_errors_carry_the_servers_words() {
        assert_eq!(
            decode(200, r#"{"success":false,"error":"Group name is required"}"#),
            Err(ApiError::Server {
                status: 200,
                message: "Group name is required".into()
            })
        );
        assert_eq!(
            decode(401, r#"{"success":false,"error":"Invalid API Key"}"#),
            Err(ApiError::InvalidKey("Invalid API Key".into()))
        );
        assert!(matches!(
            decode(200, r#"{"success":false}"#),
            Err(ApiError::Server { ref message, .. }) if message.contains("without saying why")
        ));
    }

    #[test]
    fn proxies_and_garbage_are_typed() {
        assert!(matches!(
            decode(502, "<html><body>Bad Gateway</body></html>"),
            Err(ApiError::Http { status: 502, ref detail }) if detail.contains("HTML")
        ));
        assert!(matches!(decode(200, ""), Err(ApiError::BadResponse(_))));
        assert!(matches!(
            decode(200, "{\"success\":tru"),
            Err(ApiError::BadResponse(_))
        ));
        assert!(matches!(
            decode(200, "[1,2]"),
            Err(ApiError::BadResponse(_))
        ));
        assert!(matches!(
            decode(200, r#"{"data":[]}"#),
            Err(ApiError::BadResponse(_))
        ));
        assert!(matches!(
            decode(500, r#"{"oops":1}"#),
            Err(ApiError::Http { status: 500, .. })
        ));
        assert!(matches!(
            list(r#"{"success":true,"data":{"id":"1"}}"#),
            Err(ApiError::BadResponse(ref m)) if m.contains("list of groups")
        ));
        assert!(matches!(
            list(r#"{"success":true,"data":[{"id":"1"}, 7]}"#),
            Err(ApiError::BadResponse(ref m)) if m.contains("group 2")
        ));
    }

    #[test]
    fn data_is_decoded_by_its_reader_and_checked_on_arrival() {
        // Checked when it arrives: broken JSON inside `data` is refused there.
        assert!(matches!(
            decode(200, r#"{"success":true,"data":[{"id":"1",}]}"#),
            Err(ApiError::BadResponse(ref m)) if m.contains("not JSON")
        ));
        // JSON, but past what the decoder takes: refused by the reader.
        let lone = decode(
            200,
            r#"{"success":true,"data":[{"id":"1","name":"\ud800"}]}"#,
        )
        .unwrap();
        assert!(matches!(
            lone.into_list::<Group>(Paging::new(1, 10)),
            Err(ApiError::BadResponse(ref m)) if m.contains("could not be read")
        ));
        // Sign-in's check reads the kind only; a name given twice counts the last time.
        let twice = decode(
            200,
            r#"{"success":false,"data":{},"success":true,"data":[7]}"#,
        )
        .unwrap();
        assert_eq!(twice.check_list("group"), Ok(()));
        assert!(matches!(
            decode(200, r#"{"success":true,"data":{"id":"1"}}"#).unwrap().check_list("group"),
            Err(ApiError::BadResponse(ref m)) if m.contains("list of groups, got an object")
        ));
        assert_eq!(
            decode(200, r#"{"success":true,"data":null}"#)
                .unwrap()
                .check_list("group"),
            Ok(())
        );
        // An error that is not text is shown as its JSON.
        assert_eq!(
            decode(200, r#"{"success":false,"error":{"code":7}}"#),
            Err(ApiError::Server {
                status: 200,
                message: r#"{"code":7}"#.into()
            })
        );
    }

    #[test]
    fn new_ids_as_string_or_number() {
        assert_eq!(
            decode(200, r#"{"success":true,"data":"abc"}"#)
                .unwrap()
                .into_id()
                .unwrap(),
            "abc"
        );
        assert_eq!(
            decode(
                200,
                r#"{"success":true,"data":123456789012345678901234567890}"#
            )
            .unwrap()
            .into_id()
            .unwrap(),
            "123456789012345678901234567890"
        );
        assert!(decode(200, r#"{"success":true}"#)
            .unwrap()
            .into_id()
            .is_err());
    }

    #[test]
    fn paging_is_clamped() {
        assert_eq!(
            Paging::new(0, 500),
            Paging {
                page: 1,
                limit: 100
            }
        );
        assert_eq!(Paging::new(3, 0), Paging { page: 3, limit: 1 });
    }
}
