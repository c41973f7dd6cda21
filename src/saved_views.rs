//! Saved views: a list's filters, search, sort, page size and columns under
//! a name, kept in this browser and shared between admins as a JSON file
//! (there is no server to keep them). Plain data, tested natively; the menu
//! is `components::views_menu`.

use serde::{Deserialize, Serialize};

use crate::routes::Page;

/// The longest name a view may have.
pub const NAME_MAX: usize = 100;
/// More views than this in one file is not a file of saved views.
pub const FILE_MAX: usize = 1_000;

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct SavedView {
    pub name: String,
    /// The list it is a view of, by its name ("Devices").
    pub list: String,
    /// The app path it shows (`/devices`, `/groups/42`), no base.
    pub path: String,
    /// Its query string (`?os=14&sort=name`), from the first page.
    #[serde(default)]
    pub query: String,
    /// The columns shown, as `ColumnLayout` stores them; none for the
    /// list's own.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub columns: Option<String>,
}

impl SavedView {
    /// Why the view cannot be used, if it cannot: a file from elsewhere
    /// must not lead anywhere but to one of the portal's pages.
    pub fn problem(&self) -> Option<String> {
        let name = self.name.trim();
        if name.is_empty() {
            return Some("a view has no name".into());
        }
        if name.chars().count() > NAME_MAX {
            return Some(format!("“{name}” is longer than {NAME_MAX} characters"));
        }
        if self.list.trim().is_empty() {
            return Some(format!("“{name}” names no list"));
        }
        let app_path = self.path.starts_with('/') && !self.path.starts_with("//");
        if !app_path || self.path.contains(['?', '#', '\\']) || Page::at(&self.path).is_none() {
            return Some(format!("“{name}” leads to no page of the portal"));
        }
        if !(self.query.is_empty() || self.query.starts_with('?')) || self.query.contains('#') {
            return Some(format!("“{name}” has an unreadable query"));
        }
        None
    }
}

/// The file's shape: a marker and version, then the views.
#[derive(Serialize, Deserialize)]
struct ViewsFile {
    #[serde(rename = "ezmdmSavedViews")]
    version: u32,
    views: Vec<SavedView>,
}

/// The views as a file to share (every list's).
pub fn to_file(views: &[SavedView]) -> String {
    serde_json::to_string_pretty(&ViewsFile {
        version: 1,
        views: views.to_vec(),
    })
    .unwrap_or_default()
}

/// What an imported file holds: the views that can be used, and why the
/// others cannot.
#[derive(Debug, PartialEq)]
pub struct Imported {
    pub views: Vec<SavedView>,
    pub refused: Vec<String>,
}

/// Reads a file of saved views; an error says what the file is instead.
pub fn from_file(text: &str) -> Result<Imported, String> {
    let value: serde_json::Value = serde_json::from_str(text.trim_start_matches('\u{feff}'))
        .map_err(|_| "This file is not JSON: choose a file exported as saved views.".to_string())?;
    if value.get("ezmdmSavedViews").is_none() {
        return Err("This JSON file is not a file of saved views.".into());
    }
    let file: ViewsFile = serde_json::from_value(value)
        .map_err(|e| format!("This file of saved views could not be read ({e})."))?;
    if file.version != 1 {
        return Err(format!(
            "This file of saved views is of a newer kind (version {}) than this portal reads.",
            file.version
        ));
    }
    if file.views.len() > FILE_MAX {
        return Err(format!(
            "This file holds {} views; at most {FILE_MAX} are read.",
            file.views.len()
        ));
    }
    let (mut views, mut refused) = (Vec::new(), Vec::new());
    for mut view in file.views {
        match view.problem() {
            Some(why) => refused.push(why),
            None => {
                view.name = view.name.trim().to_string();
                views.push(view);
            }
        }
    }
    Ok(Imported { views, refused })
}

/// The views kept in this browser (anything unreadable is dropped).
pub fn read_stored(text: &str) -> Vec<SavedView> {
    from_file(text).map(|i| i.views).unwrap_or_default()
}

/// `incoming` added to `views`: one of the same list and name replaces it.
/// Answers how many were new and how many replaced one.
pub fn merge(views: &mut Vec<SavedView>, incoming: Vec<SavedView>) -> (usize, usize) {
    let (mut added, mut replaced) = (0, 0);
    for view in incoming {
        let same = views
            .iter()
            .position(|v| v.list == view.list && v.name.eq_ignore_ascii_case(&view.name));
        match same {
            Some(i) => {
                views[i] = view;
                replaced += 1;
            }
            None => {
                views.push(view);
                added += 1;
            }
        }
    }
    (added, replaced)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn view(name: &str, path: &str) -> SavedView {
        SavedView {
            name: name.into(),
            list: "Devices".into(),
            path: path.into(),
            query: "?os=14&os_op=before&limit=100".into(),
            columns: Some("name,owner,-model".into()),
        }
    }

    #[test]
    fn a_file_round_trips() {
        let views = vec![
            view("Old iOS", "/devices"),
            view("Sales team", "/groups/42"),
        ];
        let read = from_file(&to_file(&views)).unwrap();
        assert_eq!(read.views, views);
        assert!(read.refused.is_empty());
        assert!(to_file(&views).contains("\"ezmdmSavedViews\": 1"));
    }

    #[test]
    fn views_that_lead_elsewhere_are_refused() {
        let bad = [
            view("", "/devices"),
            view("Away", "https://evil.example/devices"),
            view("Protocol-relative", "//evil.example/devices"),
            view("Script", "javascript:alert(1)"),
            view("Nowhere", "/no/such/page"),
            SavedView {
                query: "os=14".into(),
                ..view("Query", "/devices")
            },
            view(&"x".repeat(NAME_MAX + 1), "/devices"),
        ];
        let read = from_file(&to_file(&bad)).unwrap();
        assert!(read.views.is_empty());
        assert_eq!(read.refused.len(), bad.len());
        assert!(
            read.refused[1].contains("leads to no page"),
            "{:?}",
            read.refused
        );
    }

    #[test]
    fn other_files_say_what_they_are() {
        assert!(from_file("name,email\nAnn,a@x")
            .unwrap_err()
            .contains("not JSON"));
        assert!(from_file("{\"views\": []}")
            .unwrap_err()
            .contains("not a file of saved views"));
        assert!(from_file("{\"ezmdmSavedViews\": 2, \"views\": []}")
            .unwrap_err()
            .contains("newer"));
        assert!(from_file("{\"ezmdmSavedViews\": 1, \"views\": 3}")
            .unwrap_err()
            .contains("could not be read"));
    }

    #[test]
    fn merging_replaces_views_of_the_same_list_and_name() {
        let mut views = vec![view("Old iOS", "/devices")];
        let newer = SavedView {
            query: "?os=15".into(),
            ..view("old ios", "/devices")
        };
        let other_list = SavedView {
            list: "Users".into(),
            ..view("Old iOS", "/users")
        };
        assert_eq!(merge(&mut views, vec![newer.clone(), other_list]), (1, 1));
        assert_eq!(views[0], newer);
        assert_eq!(views.len(), 2);
    }
}
