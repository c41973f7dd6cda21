//! What an admin chose for the look of a list (its page size), kept in this
//! browser's `localStorage` across visits: it is not a secret, unlike the
//! key (`session.rs`). Where storage is blocked, nothing is remembered.

use crate::list_query::ListQuery;

const PAGE_SIZE_ITEM: &str = "ezmdm.pageSize.";

fn storage() -> Option<web_sys::Storage> {
    web_sys::window()?.local_storage().ok().flatten()
}

/// The page size last chosen for `list` (a table's name: "Devices"), if it
/// is one the lists offer.
pub fn page_size(list: &str) -> Option<u32> {
    let stored = storage()?
        .get_item(&format!("{PAGE_SIZE_ITEM}{list}"))
        .ok()??;
    valid_page_size(&stored)
}

pub fn remember_page_size(list: &str, size: u32) {
    if let Some(storage) = storage() {
        let _ = storage.set_item(&format!("{PAGE_SIZE_ITEM}{list}"), &size.to_string());
    }
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
    fn only_offered_sizes_are_read_back() {
        assert_eq!(valid_page_size("100"), Some(100));
        assert_eq!(valid_page_size(" 10 "), Some(10));
        assert_eq!(valid_page_size("7"), None);
        assert_eq!(valid_page_size("lots"), None);
        assert_eq!(valid_page_size(""), None);
    }
}
