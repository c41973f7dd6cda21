//! What a form's user had typed, kept in `sessionStorage` while the form has
//! unsaved changes, so a sign-out forced by a rejected key (or idle time)
//! loses nothing: after signing in again the form offers it back. Never the
//! key; a manual Sign out forgets every draft. Each draft is filed under its
//! account's [`owner`] tag, so whoever signs in next in the tab with another
//! key (or server) is never offered it, and signing in so drops it.

use serde_json::{Map, Value};

const ITEM_PREFIX: &str = "ezmdm.draft:";

/// A form's fields by name, in the form's order.
pub type Fields = Vec<(String, String)>;

use crate::session::tab_storage as storage;

fn item(form: &str) -> String {
    format!("{ITEM_PREFIX}{form}")
}

/// A short tag for the account a draft belongs to: 32 bits of FNV-1a over
/// the key and the API base. Enough to tell two accounts apart in one tab;
/// far too little to recover or guess a key from.
pub fn owner(key: &str, api_base: &str) -> String {
    let mut hash: u32 = 0x811c_9dc5;
    for byte in key.bytes().chain([0]).chain(api_base.bytes()) {
        hash ^= u32::from(byte);
        hash = hash.wrapping_mul(0x0100_0193);
    }
    format!("{hash:08x}")
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
    forget_where(|_| true);
}

/// The drafts of every account but `owner`'s (someone else signed in).
pub fn forget_all_but(owner: &str) {
    let own = format!("{owner}:");
    forget_where(|form| !form.starts_with(&own));
}

fn forget_where(drop: impl Fn(&str) -> bool) {
    let Some(s) = storage() else {
        return;
    };
    let names: Vec<String> = (0..s.length().unwrap_or(0))
        .filter_map(|i| s.key(i).ok().flatten())
        .filter(|name| name.strip_prefix(ITEM_PREFIX).is_some_and(&drop))
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
    fn owners_tell_accounts_apart() {
        let a = owner("abcdefghijklmnopqrstuvwxyz012345", "/api/v1");
        assert_eq!(a, owner("abcdefghijklmnopqrstuvwxyz012345", "/api/v1"));
        assert_eq!(a.len(), 8);
        assert_ne!(a, owner("abcdefghijklmnopqrstuvwxyz012346", "/api/v1"));
        assert_ne!(a, owner("abcdefghijklmnopqrstuvwxyz012345", "/mdm/api/v1"));
        // The separator keeps key and base apart.
        assert_ne!(owner("ab", "c"), owner("a", "bc"));
        assert!(!a.contains("abcd"));
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
