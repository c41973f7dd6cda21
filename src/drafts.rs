//! What a form's user had typed, kept in `sessionStorage` while the form has
//! unsaved changes, so a sign-out forced by a rejected key (or idle time)
//! loses nothing: after signing in again the form offers it back. Never the
//! key; a manual Sign out forgets every draft.

use serde_json::{Map, Value};

const ITEM_PREFIX: &str = "ezmdm.draft:";

/// A form's fields by name, in the form's order.
pub type Fields = Vec<(String, String)>;

fn storage() -> Option<web_sys::Storage> {
    web_sys::window()?.session_storage().ok().flatten()
}

fn item(form: &str) -> String {
    format!("{ITEM_PREFIX}{form}")
}

/// `{"name":"Sales","description":""}`.
pub fn encode(fields: &[(&str, String)]) -> String {
    let map: Map<String, Value> = fields
        .iter()
        .map(|(name, value)| (name.to_string(), Value::String(value.clone())))
        .collect();
    Value::Object(map).to_string()
}

/// The fields of [`encode`]; anything else (tampered, from an older build)
/// is no draft at all. Only string values are kept.
pub fn decode(text: &str) -> Option<Fields> {
    let Ok(Value::Object(map)) = serde_json::from_str::<Value>(text) else {
        return None;
    };
    let fields: Fields = map
        .into_iter()
        .filter_map(|(name, value)| match value {
            Value::String(s) => Some((name, s)),
            _ => None,
        })
        .collect();
    (!fields.is_empty()).then_some(fields)
}

pub fn load(form: &str) -> Option<Fields> {
    decode(&storage()?.get_item(&item(form)).ok().flatten()?)
}

pub fn save(form: &str, fields: &[(&str, String)]) {
    if let Some(s) = storage() {
        // A full or blocked storage only costs the draft.
        let _ = s.set_item(&item(form), &encode(fields));
    }
}

pub fn remove(form: &str) {
    if let Some(s) = storage() {
        let _ = s.remove_item(&item(form));
    }
}

/// Every form's draft (a manual sign-out).
pub fn forget_all() {
    let Some(s) = storage() else {
        return;
    };
    let names: Vec<String> = (0..s.length().unwrap_or(0))
        .filter_map(|i| s.key(i).ok().flatten())
        .filter(|name| name.starts_with(ITEM_PREFIX))
        .collect();
    for name in names {
        let _ = s.remove_item(&name);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn drafts_round_trip_in_order() {
        let text = encode(&[
            ("name", "Sales <EMEA>".into()),
            ("description", "line 1\n\"line 2\"".into()),
        ]);
        assert_eq!(
            decode(&text),
            Some(vec![
                ("name".into(), "Sales <EMEA>".into()),
                ("description".into(), "line 1\n\"line 2\"".into()),
            ])
        );
    }

    #[test]
    fn anything_else_is_no_draft() {
        assert_eq!(decode(""), None);
        assert_eq!(decode("[\"a\"]"), None);
        assert_eq!(decode("{}"), None);
        assert_eq!(decode("{\"name\": 3}"), None);
        assert_eq!(
            decode("{\"name\": 3, \"email\": \"a@b.co\"}"),
            Some(vec![("email".into(), "a@b.co".into())])
        );
    }
}
