//! Turning a status and a body into the API's envelope, or a typed error.

use serde_json::Value;

use super::ApiError;
use crate::model::{json_kind, Item};

/// The parts of a successful answer.
#[derive(Clone, Debug, PartialEq)]
pub struct Envelope {
    pub data: Option<Value>,
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
    let mut json: Value = match serde_json::from_str(body) {
        Ok(json) => json,
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
    // Mutable: the data is taken out of it below, not copied (a page of
    // 100 devices is some thousands of values).
    let Value::Object(map) = &mut json else {
        return Err(if ok_status {
            ApiError::BadResponse(format!("expected an object, got {}", json_kind(&json)))
        } else {
            ApiError::Http {
                status,
                detail: String::new(),
            }
        });
    };
    let success = map.get("success").and_then(|v| match v {
        Value::Bool(b) => Some(*b),
        Value::String(s) => s.parse().ok(),
        Value::Number(n) => n.as_u64().map(|n| n != 0),
        _ => None,
    });
    let error = map
        .get("error")
        .and_then(|e| match e {
            Value::String(s) => Some(s.trim().to_string()),
            Value::Null => None,
            // As JSON text; not `to_string`, whose `{:#}` branch would add a
            // pretty printer to the main module.
            other => serde_json::to_string(other).ok(),
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
        page: map.get("page").and_then(lenient_u64),
        total: map.get("total").and_then(lenient_u64),
        data: map
            .get_mut("data")
            .map(Value::take)
            .filter(|d| !d.is_null()),
    })
}

fn lenient_u64(v: &Value) -> Option<u64> {
    match v {
        Value::Number(n) => n.as_u64(),
        Value::String(s) => s.trim().parse().ok(),
        _ => None,
    }
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
    /// The answer's `data` as a list (none: an empty one); `kind` names its
    /// items in the message.
    pub fn list_values(&self, kind: &str) -> Result<&[Value], ApiError> {
        match &self.data {
            None => Ok(&[]),
            Some(Value::Array(values)) => Ok(values.as_slice()),
            Some(other) => Err(ApiError::BadResponse(format!(
                "expected a list of {kind}s, got {}",
                json_kind(other)
            ))),
        }
    }

    /// The answer read as a page of a list. It takes `&self`, despite its
    /// name, so an answer kept in the query cache is read without a copy.
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
            .data
            .as_ref()
            .ok_or_else(|| ApiError::BadResponse(format!("the answer holds no {}", T::KIND)))?;
        T::from_json(data).map_err(|e| ApiError::BadResponse(e.to_string()))
    }

    /// The new identifier a PUT answers with.
    pub fn into_id(self) -> Result<String, ApiError> {
        match self.data {
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
