//! Which of a list's columns show and in what order: the layout (plain,
//! tested natively), and the "Columns" menu that changes it. A list's
//! first column names its rows (the link to the item, the row's header for
//! screen readers), so it always shows and stays first.

use leptos::prelude::*;
use wasm_bindgen::JsCast;

use crate::components::data_table::{Header, Row};
use crate::components::menu::{id_part, Menu, MenuState};

/// Every column of a list in the order chosen, and whether it shows.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ColumnLayout {
    pub columns: Vec<(Header, bool)>,
}

impl ColumnLayout {
    /// The list's own: every column, in its order.
    pub fn all(columns: &[Header]) -> Self {
        ColumnLayout {
            columns: columns.iter().map(|h| (*h, true)).collect(),
        }
    }

    /// A stored layout (`name,model,-os,owner`: keys in order, `-` for
    /// hidden) over the list's columns: unknown keys are dropped, columns
    /// it does not name (new ones) show at the end, the first stays first.
    pub fn parse(columns: &[Header], stored: &str) -> Self {
        let mut layout = Vec::with_capacity(columns.len());
        for word in stored.split(',').map(str::trim) {
            let (key, shown) = match word.strip_prefix('-') {
                Some(key) => (key, false),
                None => (word, true),
            };
            let known = columns.iter().find(|h| h.key == key);
            if let Some(header) = known.filter(|h| !layout.iter().any(|(l, _)| l == *h)) {
                layout.push((*header, shown));
            }
        }
        for header in columns {
            if !layout.iter().any(|(l, _)| l == header) {
                layout.push((*header, true));
            }
        }
        let mut layout = ColumnLayout { columns: layout };
        if let Some(first) = columns.first() {
            layout.columns.retain(|(h, _)| h != first);
            layout.columns.insert(0, (*first, true));
        }
        layout
    }

    pub fn to_stored(&self) -> String {
        self.columns
            .iter()
            .map(|(h, shown)| format!("{}{}", if *shown { "" } else { "-" }, h.key))
            .collect::<Vec<_>>()
            .join(",")
    }

    pub fn is_default(&self, columns: &[Header]) -> bool {
        *self == ColumnLayout::all(columns)
    }

    pub fn shows(&self, key: &str) -> bool {
        self.columns.iter().any(|(h, shown)| h.key == key && *shown)
    }

    /// The headers shown, in order.
    pub fn shown(&self) -> Vec<Header> {
        self.columns
            .iter()
            .filter(|(_, shown)| *shown)
            .map(|(h, _)| *h)
            .collect()
    }

    /// Where in `columns` (a row's cells) each shown column is, in order.
    pub fn indices(&self, columns: &[Header]) -> Vec<usize> {
        self.shown()
            .iter()
            .filter_map(|h| columns.iter().position(|c| c == h))
            .collect()
    }

    /// `rows` (cells in the list's own order) cut to the shown columns.
    pub fn cut(&self, columns: &[Header], rows: Vec<Row>) -> Vec<Row> {
        if self.is_default(columns) {
            return rows;
        }
        let indices = self.indices(columns);
        rows.into_iter()
            .map(|row| Row {
                cells: indices
                    .iter()
                    .filter_map(|i| row.cells.get(*i).cloned())
                    .collect(),
                key: row.key,
            })
            .collect()
    }

    fn position(&self, key: &str) -> Option<usize> {
        self.columns.iter().position(|(h, _)| h.key == key)
    }

    /// Whether `key` may be hidden or moved: every column but the first.
    pub fn can_change(&self, key: &str) -> bool {
        self.position(key).is_some_and(|i| i > 0)
    }

    /// Whether `key` can move `by` places (−1 up, +1 down).
    pub fn can_shift(&self, key: &str, by: isize) -> bool {
        self.position(key).is_some_and(|i| {
            let to = i as isize + by;
            i > 0 && to >= 1 && (to as usize) < self.columns.len()
        })
    }

    pub fn toggle(&mut self, key: &str) {
        if let Some(i) = self.position(key).filter(|i| *i > 0) {
            self.columns[i].1 = !self.columns[i].1;
        }
    }

    pub fn shift(&mut self, key: &str, by: isize) {
        if self.can_shift(key, by) {
            let i = self.position(key).unwrap_or_default();
            self.columns.swap(i, (i as isize + by) as usize);
        }
    }
}

/// The layout `list` shows: the one remembered, or its own.
pub fn stored_layout(list: &str, columns: &[Header]) -> ColumnLayout {
    crate::prefs::columns(list).map_or_else(
        || ColumnLayout::all(columns),
        |stored| ColumnLayout::parse(columns, &stored),
    )
}

/// Changes `layout` and remembers it for `list` (its own layout is
/// forgotten rather than stored, so a list's new columns show).
pub fn set_layout(
    list: &str,
    columns: &[Header],
    layout: RwSignal<ColumnLayout>,
    next: ColumnLayout,
) {
    let stored = (!next.is_default(columns)).then(|| next.to_stored());
    crate::prefs::remember_columns(list, stored.as_deref());
    layout.set(next);
}

fn focus_by_id(id: &str) -> bool {
    let found = web_sys::window()
        .and_then(|w| w.document())
        .and_then(|d| d.get_element_by_id(id))
        .and_then(|e| e.dyn_into::<web_sys::HtmlElement>().ok());
    match found {
        Some(el) if !el.has_attribute("disabled") => el.focus().is_ok(),
        _ => false,
    }
}

/// The "Columns" menu of a list: a box per column to show or hide it, and
/// buttons to move it up or down.
#[component]
pub fn ColumnChooser(
    /// The list's name ("Devices"): its layout is remembered under it.
    #[prop(into)]
    list: String,
    columns: Vec<Header>,
    layout: RwSignal<ColumnLayout>,
) -> impl IntoView {
    let menu = MenuState::default();
    let id = format!("columns-{}", id_part(&list));
    let change = {
        let (list, columns) = (list.clone(), columns.clone());
        move |edit: &dyn Fn(&mut ColumnLayout)| {
            let mut next = layout.get_untracked();
            edit(&mut next);
            set_layout(&list, &columns, layout, next);
        }
    };
    let reset = {
        let change = change.clone();
        move |_| change(&|l: &mut ColumnLayout| *l = ColumnLayout::all(&columns))
    };
    let item = {
        let id = id.clone();
        move |(header, _): (Header, bool)| {
            let key = header.key;
            let label = header.label;
            let (up_id, down_id) = (format!("{id}-{key}-up"), format!("{id}-{key}-down"));
            // A moved row is taken out and put back in: its button gets the
            // focus again, or the other one at an end.
            let moved = {
                let change = change.clone();
                move |by: isize, mine: String, other: String| {
                    change(&|l: &mut ColumnLayout| l.shift(key, by));
                    request_animation_frame(move || {
                        if !focus_by_id(&mine) {
                            focus_by_id(&other);
                        }
                    });
                }
            };
            let on_up = {
                let (moved, up, down) = (moved.clone(), up_id.clone(), down_id.clone());
                move |_| moved(-1, up.clone(), down.clone())
            };
            let on_down = {
                let (up, down) = (up_id.clone(), down_id.clone());
                move |_| moved(1, down.clone(), up.clone())
            };
            let on_toggle = {
                let change = change.clone();
                move |_| change(&|l: &mut ColumnLayout| l.toggle(key))
            };
            let fixed = !layout.with_untracked(|l| l.can_change(key));
            view! {
                <li>
                    <label class="check">
                        <input type="checkbox" prop:checked=move || layout.with(|l| l.shows(key))
                            disabled=fixed on:change=on_toggle/>
                        {label}
                        {fixed.then_some(view! { <span class="hint">" (always shown)"</span> })}
                    </label>
                    <span class="column-moves">
                        <button type="button" id=up_id aria-label=format!("Move {label} up")
                            disabled=move || !layout.with(|l| l.can_shift(key, -1)) on:click=on_up>"↑"</button>
                        <button type="button" id=down_id aria-label=format!("Move {label} down")
                            disabled=move || !layout.with(|l| l.can_shift(key, 1)) on:click=on_down>"↓"</button>
                    </span>
                </li>
            }
        }
    };
    view! {
        <Menu label="Columns" id=id panel_label=format!("Columns of {}", list.to_lowercase()) state=menu>
            <ul class="column-list">
                <For each=move || layout.get().columns key=|(h, _)| h.key children=item.clone()/>
            </ul>
            <div class="menu-actions">
                <button type="button" on:click=reset.clone()>"Reset columns"</button>
                <button type="button" on:click=move |_| menu.close()>"Done"</button>
            </div>
        </Menu>
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const COLUMNS: [Header; 4] = [
        Header {
            key: "name",
            label: "Name",
        },
        Header {
            key: "model",
            label: "Model",
        },
        Header {
            key: "os",
            label: "OS",
        },
        Header {
            key: "owner",
            label: "Owner",
        },
    ];

    fn keys(layout: &ColumnLayout) -> Vec<&str> {
        layout.shown().iter().map(|h| h.key).collect()
    }

    #[test]
    fn a_stored_layout_reads_back() {
        let mut layout = ColumnLayout::all(&COLUMNS);
        layout.toggle("os");
        layout.shift("owner", -1);
        assert_eq!(layout.to_stored(), "name,model,owner,-os");
        let read = ColumnLayout::parse(&COLUMNS, &layout.to_stored());
        assert_eq!(read, layout);
        assert_eq!(keys(&read), ["name", "model", "owner"]);
        assert_eq!(read.indices(&COLUMNS), [0, 1, 3]);
    }

    #[test]
    fn stored_layouts_are_mended() {
        // Unknown and repeated keys dropped, a new column shown at the end,
        // the first column first and shown whatever was stored.
        let read = ColumnLayout::parse(&COLUMNS, "owner,-name,gone,owner,-model");
        assert_eq!(read.to_stored(), "name,owner,-model,os");
        assert_eq!(
            ColumnLayout::parse(&COLUMNS, ""),
            ColumnLayout::all(&COLUMNS)
        );
    }

    #[test]
    fn the_first_column_stays_first_and_shown() {
        let mut layout = ColumnLayout::all(&COLUMNS);
        layout.toggle("name");
        layout.shift("name", 1);
        layout.shift("model", -1);
        assert_eq!(layout, ColumnLayout::all(&COLUMNS));
        assert!(!layout.can_change("name"));
        assert!(!layout.can_shift("model", -1));
        assert!(layout.can_shift("model", 1));
        assert!(!layout.can_shift("owner", 1));
    }

    #[test]
    fn rows_are_cut_to_the_shown_columns() {
        use crate::components::data_table::Cell;
        let row = Row {
            key: "1".into(),
            cells: ["Van", "Pixel", "14", "Ann"].map(Cell::text).to_vec(),
        };
        let layout = ColumnLayout::parse(&COLUMNS, "name,owner,-model,os");
        let cut = layout.cut(&COLUMNS, vec![row]);
        let texts: Vec<&str> = cut[0].cells.iter().map(|c| c.text.as_str()).collect();
        assert_eq!(texts, ["Van", "Ann", "14"]);
    }
}
