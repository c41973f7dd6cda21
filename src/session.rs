//! The API key for this browser tab: in `sessionStorage` (never local
//! storage, cookies or the URL), or only in memory where storage is blocked
//! (e.g. a sandboxed iframe). Closing the tab forgets it.

use leptos::prelude::*;

const KEY_ITEM: &str = "ezmdm.apiKey";
const BASE_ITEM: &str = "ezmdm.apiBase";

#[derive(Clone, Copy)]
pub struct Session {
    key: RwSignal<Option<String>>,
    /// An API base chosen on the sign-in page, over the configured one.
    api_base: RwSignal<Option<String>>,
    /// Why the user was signed out, shown on the sign-in page.
    notice: RwSignal<Option<String>>,
}

/// The tab's `sessionStorage`, where storage is not blocked: the key, and
/// what the tab keeps of its own (drafts, recent items, the activity log).
pub fn tab_storage() -> Option<web_sys::Storage> {
    web_sys::window()?.session_storage().ok().flatten()
}

fn storage() -> Option<web_sys::Storage> {
    tab_storage()
}

fn stored(item: &str) -> Option<String> {
    storage()?
        .get_item(item)
        .ok()
        .flatten()
        .filter(|v| !v.is_empty())
}

impl Session {
    pub fn restore() -> Self {
        Session {
            key: RwSignal::new(stored(KEY_ITEM)),
            api_base: RwSignal::new(stored(BASE_ITEM)),
            notice: RwSignal::new(None),
        }
    }

    pub fn is_signed_in(&self) -> bool {
        self.key.with(Option::is_some)
    }

    pub fn is_signed_in_untracked(&self) -> bool {
        self.key.with_untracked(Option::is_some)
    }

    pub fn key_untracked(&self) -> Option<String> {
        self.key.get_untracked()
    }

    pub fn api_base_untracked(&self) -> Option<String> {
        self.api_base.get_untracked()
    }

    /// The key as the header may show it: only its last four characters.
    pub fn masked_key(&self) -> String {
        self.key
            .with(|k| k.as_deref().map(mask).unwrap_or_default())
    }

    pub fn notice(&self) -> Option<String> {
        self.notice.get()
    }

    /// The tag the signed-in account's drafts are filed under
    /// ([`crate::drafts::owner`]); empty when signed out.
    pub fn draft_owner_untracked(&self) -> String {
        let base = self.api_base.get_untracked().unwrap_or_default();
        self.key
            .with_untracked(|k| k.as_deref().map(|k| crate::drafts::owner(k, &base)))
            .unwrap_or_default()
    }

    pub fn sign_in(&self, key: String, api_base: Option<String>) {
        // Drafts another account left in this tab are not this one's to see.
        crate::drafts::forget_all_but(&crate::drafts::owner(
            &key,
            api_base.as_deref().unwrap_or_default(),
        ));
        if let Some(s) = storage() {
            let _ = s.set_item(KEY_ITEM, &key);
            let _ = match &api_base {
                Some(base) => s.set_item(BASE_ITEM, base),
                None => s.remove_item(BASE_ITEM),
            };
        }
        self.notice.set(None);
        self.api_base.set(api_base);
        self.key.set(Some(key));
    }

    /// Sign out by choice: forgets the key, every form's draft and the
    /// bulk change.
    pub fn sign_out(&self) {
        crate::drafts::forget_all();
        crate::bulk::forget(&self.draft_owner_untracked());
        self.forget_key();
    }

    /// Signs out because the key stopped working or the user was idle,
    /// saying why. Drafts stay, to be offered back after signing in again.
    ///
    /// It happens on the next turn of the event loop, not now: the caller
    /// of the rejected request still updates its page when this returns
    /// (the error, the busy flag), and unmounting the page first would leave
    /// those updates to run against its disposed signals (a panic).
    pub fn expire(&self, why: String) {
        let session = *self;
        set_timeout(
            move || {
                if session.is_signed_in_untracked() {
                    session.notice.set(Some(why));
                    session.forget_key();
                }
            },
            std::time::Duration::ZERO,
        );
    }

    /// Forgets the key everywhere it was kept, and the items lately opened.
    fn forget_key(&self) {
        if let Some(s) = storage() {
            let _ = s.remove_item(KEY_ITEM);
        }
        crate::recent::forget_all();
        self.key.set(None);
    }
}

/// `••••7f3a` — enough to tell two keys apart, too little to use one.
pub fn mask(key: &str) -> String {
    let chars: Vec<char> = key.chars().collect();
    if chars.len() <= 8 {
        return "••••".into();
    }
    let tail: String = chars[chars.len() - 4..].iter().collect();
    format!("••••{tail}")
}

#[cfg(test)]
mod tests {
    use super::mask;

    #[test]
    fn masks_show_at_most_four_characters() {
        assert_eq!(mask("abcdefghijkl7f3a"), "••••7f3a");
        assert_eq!(mask("short"), "••••");
        assert_eq!(mask(""), "••••");
    }
}
