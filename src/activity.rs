//! This tab's activity log: every write the portal sent from it (a form's
//! save, a push), with its time, what it changed (before → after) and how it
//! ended. Kept in the tab's `sessionStorage` for the tab's life, filed under
//! the account's tag (`drafts::owner`), so another account signing in in the
//! tab never sees it; never the key. It is this browser's log, not the
//! account's: writes made elsewhere are not in it.

use serde::{Deserialize, Serialize};

/// Entries kept at most; the oldest go first.
pub const MAX: usize = 1_000;

const ITEM_PREFIX: &str = "ezmdm.activity:";

/// How a write ended.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "kind", content = "message", rename_all = "lowercase")]
pub enum Ended {
    Done,
    /// The server's answer, in words.
    Failed(String),
    /// The answer was lost on the way: the write may have been applied.
    Unknown,
}

impl Ended {
    pub const KEYS: [&'static str; 3] = ["done", "failed", "unknown"];

    pub fn key(&self) -> &'static str {
        match self {
            Ended::Done => "done",
            Ended::Failed(_) => "failed",
            Ended::Unknown => "unknown",
        }
    }

    pub fn label_of(key: &str) -> &'static str {
        match key {
            "done" => "Done",
            "failed" => "Failed",
            _ => "May have been applied",
        }
    }

    pub fn text(&self) -> String {
        match self {
            Ended::Done => "Done".into(),
            Ended::Failed(why) => format!("Failed: {why}"),
            Ended::Unknown => "May have been applied (the answer was lost)".into(),
        }
    }
}

/// One field a write changed.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Change {
    pub field: String,
    pub before: String,
    pub after: String,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Entry {
    /// A number of its own in the tab (the log's row key).
    pub n: u64,
    /// When it was sent, in epoch milliseconds.
    pub at: i64,
    /// "Rename device", "New user", "Push message".
    pub action: String,
    /// The item's name, or what the write went to ("3 devices").
    pub item: String,
    /// The item's page, when there is one.
    #[serde(default)]
    pub href: Option<String>,
    #[serde(default)]
    pub changes: Vec<Change>,
    pub result: Ended,
}

/// The log, oldest first, from its stored text; what cannot be read (a
/// tampered or older entry) is no log at all rather than a wrong one.
pub fn decode(text: &str) -> Vec<Entry> {
    serde_json::from_str(text).unwrap_or_default()
}

pub fn encode(log: &[Entry]) -> String {
    serde_json::to_string(log).unwrap_or_else(|_| "[]".into())
}

/// `log` with `entry` added last, numbered after the last one, and the
/// oldest dropped past [`MAX`].
pub fn appended(mut log: Vec<Entry>, mut entry: Entry) -> Vec<Entry> {
    entry.n = log.last().map_or(1, |e| e.n + 1);
    log.push(entry);
    if log.len() > MAX {
        log.drain(..log.len() - MAX);
    }
    log
}

use crate::session::tab_storage as storage;

/// The log of the account tagged `owner`, oldest first.
pub fn load(owner: &str) -> Vec<Entry> {
    storage()
        .and_then(|s| s.get_item(&format!("{ITEM_PREFIX}{owner}")).ok().flatten())
        .map(|text| decode(&text))
        .unwrap_or_default()
}

/// Adds a write to the log of the account tagged `owner`.
pub fn record(owner: &str, entry: Entry) {
    if owner.is_empty() {
        return;
    }
    if let Some(s) = storage() {
        let log = appended(load(owner), entry);
        let _ = s.set_item(&format!("{ITEM_PREFIX}{owner}"), &encode(&log));
    }
}

/// Empties the log of the account tagged `owner`.
pub fn clear(owner: &str) {
    if let Some(s) = storage() {
        let _ = s.remove_item(&format!("{ITEM_PREFIX}{owner}"));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn entry(action: &str, result: Ended) -> Entry {
        Entry {
            n: 0,
            at: 1_764_000_000_000,
            action: action.into(),
            item: "Sales".into(),
            href: Some("/groups/1".into()),
            changes: vec![Change {
                field: "Name".into(),
                before: "Sales".into(),
                after: "Sales \"EMEA\"".into(),
            }],
            result,
        }
    }

    #[test]
    fn round_trips_numbers_and_keeps_the_newest() {
        let log = appended(Vec::new(), entry("Edit group", Ended::Done));
        let log = appended(log, entry("Edit group", Ended::Failed("HTTP 500".into())));
        let log = appended(log, entry("New user", Ended::Unknown));
        assert_eq!(log.iter().map(|e| e.n).collect::<Vec<_>>(), vec![1, 2, 3]);
        assert_eq!(decode(&encode(&log)), log);
        assert_eq!(decode("not json"), vec![]);
        assert_eq!(decode(r#"[{"n":1}]"#), vec![], "an entry it cannot read");
        let mut long = Vec::new();
        for _ in 0..MAX + 5 {
            long = appended(long, entry("Rename device", Ended::Done));
        }
        assert_eq!(long.len(), MAX);
        assert_eq!(long[0].n, 6);
        assert_eq!(Ended::Failed("x".into()).text(), "Failed: x");
        assert_eq!(
            Ended::label_of(Ended::Unknown.key()),
            "May have been applied"
        );
    }
}
