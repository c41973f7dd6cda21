//! What an admin chose for the look of the portal (a list's page size and
//! columns, saved views, how times show), kept in this browser's
//! `localStorage` across visits: none of it is a secret, unlike the key
//! (`session.rs`). Where storage is blocked, nothing is remembered.

use crate::clock::TimeDisplay;
use crate::list_query::ListQuery;

const PAGE_SIZE_ITEM: &str = "ezmdm.pageSize.";
const COLUMNS_ITEM: &str = "ezmdm.columns.";
const TIME_ITEM: &str = "ezmdm.times";
const VIEWS_ITEM: &str = "ezmdm.views";

fn storage() -> Option<web_sys::Storage> {
    web_sys::window()?.local_storage().ok().flatten()
}

/// The page size last chosen for `list` (a table's name: "Devices"), if it
/// is one the lists offer.
pub fn page_size(list: &str) -> Option<u32> {
    valid_page_size(&read(&format!("{PAGE_SIZE_ITEM}{list}"))?)
}

pub fn remember_page_size(list: &str, size: u32) {
    write(&format!("{PAGE_SIZE_ITEM}{list}"), &size.to_string());
}

fn read(item: &str) -> Option<String> {
    storage()?.get_item(item).ok()?
}

fn write(item: &str, value: &str) {
    if let Some(storage) = storage() {
        let _ = storage.set_item(item, value);
    }
}

fn forget(item: &str) {
    if let Some(storage) = storage() {
        let _ = storage.remove_item(item);
    }
}

/// The columns last chosen for `list`, as stored (see `ColumnLayout`).
pub fn columns(list: &str) -> Option<String> {
    read(&format!("{COLUMNS_ITEM}{list}"))
}

/// Remembers `list`'s columns; `None` forgets them (the list's own again).
pub fn remember_columns(list: &str, stored: Option<&str>) {
    let item = format!("{COLUMNS_ITEM}{list}");
    match stored {
        Some(value) => write(&item, value),
        None => forget(&item),
    }
}

pub fn time_display() -> TimeDisplay {
    read(TIME_ITEM).map_or_else(TimeDisplay::default, |v| parse_time_display(&v))
}

pub fn remember_time_display(display: TimeDisplay) {
    write(TIME_ITEM, &time_display_text(display));
}

/// `utc exact`, `local relative`: a word for each choice.
fn time_display_text(display: TimeDisplay) -> String {
    format!(
        "{} {}",
        if display.utc { "utc" } else { "local" },
        if display.exact { "exact" } else { "relative" }
    )
}

fn parse_time_display(stored: &str) -> TimeDisplay {
    let words: Vec<&str> = stored.split_whitespace().collect();
    TimeDisplay {
        utc: words.contains(&"utc"),
        exact: words.contains(&"exact"),
    }
}

/// The saved views, as stored (JSON, see `saved_views`).
pub fn saved_views() -> Option<String> {
    read(VIEWS_ITEM)
}

/// Stores the saved views; false when the browser would not keep them.
pub fn remember_saved_views(json: &str) -> bool {
    storage().is_some_and(|s| s.set_item(VIEWS_ITEM, json).is_ok())
}

/// A stored page size, if it is one of [`ListQuery::SIZES`] (an edited or
/// older value is ignored).
fn valid_page_size(stored: &str) -> Option<u32> {
    stored
        .trim()
        .parse::<u32>()
        .ok()
        .filter(|size| ListQuery::SIZES.contains(size))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn time_settings_read_back_and_default_to_local_ages() {
        for display in [
            TimeDisplay::default(),
            TimeDisplay {
                utc: true,
                exact: false,
            },
            TimeDisplay {
                utc: true,
                exact: true,
            },
        ] {
            assert_eq!(parse_time_display(&time_display_text(display)), display);
        }
        assert_eq!(parse_time_display("nonsense"), TimeDisplay::default());
    }

    #[test]
    fn only_offered_sizes_are_read_back() {
        assert_eq!(valid_page_size("100"), Some(100));
        assert_eq!(valid_page_size(" 10 "), Some(10));
        assert_eq!(valid_page_size("7"), None);
        assert_eq!(valid_page_size("lots"), None);
        assert_eq!(valid_page_size(""), None);
    }
}
