//! The groups, users and devices last opened (through the command palette
//! or by visiting their pages), newest first, offered first by the palette.
//! Kept in the tab's `sessionStorage`, filed under the account's tag
//! (`drafts::owner`), so another account signing in in the tab never sees
//! them; never the key; forgotten at every sign-out. Where storage is
//! blocked, nothing is remembered.

use crate::routes::Route;

/// How many are kept.
pub const MAX: usize = 8;

const ITEM_PREFIX: &str = "ezmdm.recent:";

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Kind {
    Group,
    User,
    Device,
}

impl Kind {
    fn letter(self) -> char {
        match self {
            Kind::Group => 'g',
            Kind::User => 'u',
            Kind::Device => 'd',
        }
    }

    fn from_letter(letter: &str) -> Option<Kind> {
        match letter {
            "g" => Some(Kind::Group),
            "u" => Some(Kind::User),
            "d" => Some(Kind::Device),
            _ => None,
        }
    }

    /// "Group", as the palette labels an item.
    pub fn label(self) -> &'static str {
        match self {
            Kind::Group => "Group",
            Kind::User => "User",
            Kind::Device => "Device",
        }
    }

    pub fn route(self, id: &str) -> Route<'_> {
        match self {
            Kind::Group => Route::Group(id),
            Kind::User => Route::User(id),
            Kind::Device => Route::Device(id),
        }
    }
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Recent {
    pub kind: Kind,
    pub id: String,
    /// Empty until known (a page visited by its link says only the id).
    pub name: String,
}

/// One per line: kind letter, id, name, split by tabs (neither an id nor a
/// name keeps a tab or a line break).
fn encode(list: &[Recent]) -> String {
    let clean = |s: &str| s.replace(['\t', '\n', '\r'], " ");
    list.iter()
        .map(|r| {
            format!(
                "{}\t{}\t{}\n",
                r.kind.letter(),
                clean(&r.id),
                clean(&r.name)
            )
        })
        .collect()
}

fn decode(text: &str) -> Vec<Recent> {
    text.lines()
        .filter_map(|line| {
            let mut parts = line.splitn(3, '\t');
            let kind = Kind::from_letter(parts.next()?)?;
            let id = parts.next().filter(|id| !id.is_empty())?.to_string();
            let name = parts.next().unwrap_or_default().to_string();
            Some(Recent { kind, id, name })
        })
        .take(MAX)
        .collect()
}

/// `list` with `item` first; a name already known is kept when `item`
/// brings none.
fn noted(mut list: Vec<Recent>, mut item: Recent) -> Vec<Recent> {
    if let Some(at) = list
        .iter()
        .position(|r| r.kind == item.kind && r.id == item.id)
    {
        let old = list.remove(at);
        if item.name.is_empty() {
            item.name = old.name;
        }
    }
    list.insert(0, item);
    list.truncate(MAX);
    list
}

use crate::session::tab_storage as storage;

/// The recent items of the account tagged `owner`, newest first.
pub fn load(owner: &str) -> Vec<Recent> {
    storage()
        .and_then(|s| s.get_item(&format!("{ITEM_PREFIX}{owner}")).ok().flatten())
        .map(|text| decode(&text))
        .unwrap_or_default()
}

fn save(owner: &str, list: &[Recent]) {
    if let Some(storage) = storage() {
        let _ = storage.set_item(&format!("{ITEM_PREFIX}{owner}"), &encode(list));
    }
}

/// Forgets every account's recent items: at any sign-out, forced or by
/// choice (unlike a draft, nothing typed is lost by it).
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

/// Puts an item first among the recent ones of `owner`.
pub fn note(owner: &str, item: Recent) {
    if owner.is_empty() || item.id.is_empty() {
        return;
    }
    save(owner, &noted(load(owner), item));
}

/// Fills in the name of one of the recent items of `owner`, where it stands.
pub fn note_name(owner: &str, item: &Recent) {
    let mut list = load(owner);
    if let Some(r) = list
        .iter_mut()
        .find(|r| r.kind == item.kind && r.id == item.id)
    {
        r.name.clone_from(&item.name);
        save(owner, &list);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn r(kind: Kind, id: &str, name: &str) -> Recent {
        Recent {
            kind,
            id: id.into(),
            name: name.into(),
        }
    }

    #[test]
    fn round_trips_and_ignores_what_it_cannot_read() {
        let list = vec![
            r(Kind::Device, "d 1", "Ann's\tiPhone"),
            r(Kind::Group, "g", ""),
        ];
        assert_eq!(
            decode(&encode(&list)),
            vec![
                r(Kind::Device, "d 1", "Ann's iPhone"),
                r(Kind::Group, "g", "")
            ]
        );
        assert_eq!(decode("x\t1\tname\nu\t\tnobody\n\ngarbage"), vec![]);
    }

    #[test]
    fn the_newest_comes_first_once_and_keeps_its_name() {
        let list = vec![r(Kind::User, "1", "Ann Lee"), r(Kind::Device, "1", "Pixel")];
        let list = noted(list, r(Kind::Device, "1", ""));
        assert_eq!(
            list,
            vec![r(Kind::Device, "1", "Pixel"), r(Kind::User, "1", "Ann Lee")]
        );
        let list = (0..20).fold(list, |l, i| noted(l, r(Kind::Group, &i.to_string(), "")));
        assert_eq!(list.len(), MAX);
        assert_eq!(list[0].id, "19");
    }
}
