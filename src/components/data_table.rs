//! One table for every list: plain rows in, sorting and filtering of the
//! loaded rows done here, the rows written as escaped markup in one go.
//!
//! A list's columns are defined once, as [`Column`]s of the item it lists:
//! the header, the cell (text, link, sort value, exact time), and from those
//! the search, the sort and the CSV export.

use std::sync::Arc;

use leptos::prelude::*;
use wasm_bindgen::JsCast;

use crate::clock::{exact_time_in, now, TimeDisplay};
use crate::model::{format_age, FieldValue, Record, Timestamp};

/// A column of a list of `T`, defined once: its key (`?sort=`), its header
/// and its cell for an item.
pub struct Column<T> {
    pub key: &'static str,
    pub label: &'static str,
    pub cell: fn(&T) -> Cell,
}

impl<T> Column<T> {
    pub const fn new(key: &'static str, label: &'static str, cell: fn(&T) -> Cell) -> Self {
        Column { key, label, cell }
    }
}

/// What the table needs of a column: its key and its header.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Header {
    pub key: &'static str,
    pub label: &'static str,
}

/// An item a list shows: its row key and its columns.
pub trait Listed: Sized + 'static {
    const COLUMNS: &'static [Column<Self>];

    /// The item's id: the key of its row (selection, picking).
    fn row_key(&self) -> String;

    fn headers() -> Vec<Header> {
        Self::COLUMNS
            .iter()
            .map(|c| Header {
                key: c.key,
                label: c.label,
            })
            .collect()
    }

    fn row(&self) -> Row {
        Row {
            key: self.row_key(),
            cells: Self::COLUMNS.iter().map(|c| (c.cell)(self)).collect(),
        }
    }

    /// Every field of the item, for an "all fields" export; by default its
    /// columns.
    fn record(&self) -> Record {
        Self::COLUMNS
            .iter()
            .map(|c| {
                let cell = (c.cell)(self);
                let value = match cell.moment {
                    Some(t) => FieldValue::Time(Some(t)),
                    None => FieldValue::Text(cell.text),
                };
                (c.label.to_string(), value)
            })
            .collect()
    }
}

#[derive(Clone, Debug, PartialEq)]
pub struct Cell {
    pub text: String,
    /// Makes the cell a link (to the item's page).
    pub href: Option<String>,
    /// The moment the cell shows: exported instead of the text, and shown
    /// as the time setting says (`clock::TimeDisplay`).
    pub moment: Option<Timestamp>,
    /// The text is the moment's age ("3 h ago"), the exact time on hover;
    /// the exact time instead when the setting asks for exact times.
    pub relative: bool,
    /// Sorts by this instead of the text (times, numbers).
    pub sort_value: Option<f64>,
    /// A coloured dot before the text (`dot-{mark}`, e.g. a fix's age);
    /// the text says the same, so colour is never all there is.
    pub mark: Option<&'static str>,
}

impl Cell {
    pub fn text(text: impl Into<String>) -> Self {
        Cell {
            text: text.into(),
            href: None,
            moment: None,
            relative: false,
            sort_value: None,
            mark: None,
        }
    }

    /// "3 h ago", sorting by the moment itself.
    pub fn age(t: Timestamp) -> Self {
        Cell {
            relative: true,
            ..Cell::moment(format_age(now(), t), t)
        }
    }

    /// A moment always shown exactly (`text` is its exact time, for search),
    /// in the zone the setting asks for.
    pub fn moment(text: impl Into<String>, t: Timestamp) -> Self {
        Cell {
            moment: Some(t),
            sort_value: Some(t.millis() as f64),
            ..Cell::text(text)
        }
    }

    pub fn link(text: impl Into<String>, href: String) -> Self {
        Cell {
            href: Some(href),
            ..Cell::text(text)
        }
    }

    pub fn with_sort_value(mut self, value: Option<f64>) -> Self {
        self.sort_value = value;
        self
    }

    pub fn with_mark(mut self, mark: &'static str) -> Self {
        self.mark = Some(mark);
        self
    }
}

#[derive(Clone, Debug, PartialEq)]
pub struct Row {
    /// The item's id: the key for keyed rendering.
    pub key: String,
    pub cells: Vec<Cell>,
}

/// Rows of the loaded page that match `search` (any cell, any case),
/// sorted by the column `sort` when given.
pub fn visible_rows(
    columns: &[Header],
    rows: &[Row],
    search: &str,
    sort: Option<&str>,
    descending: bool,
) -> Vec<Row> {
    let needle = search.trim().to_lowercase();
    let mut shown: Vec<Row> = rows
        .iter()
        .filter(|r| {
            needle.is_empty()
                || r.cells
                    .iter()
                    .any(|c| c.text.to_lowercase().contains(&needle))
        })
        .cloned()
        .collect();
    if let Some(index) = sort.and_then(|key| columns.iter().position(|c| c.key == key)) {
        shown.sort_by(|a, b| {
            let (a, b) = (&a.cells[index], &b.cells[index]);
            let order = match (a.sort_value, b.sort_value) {
                (Some(x), Some(y)) => x.total_cmp(&y),
                (Some(_), None) => std::cmp::Ordering::Less,
                (None, Some(_)) => std::cmp::Ordering::Greater,
                (None, None) => a.text.to_lowercase().cmp(&b.text.to_lowercase()),
            };
            if descending {
                order.reverse()
            } else {
                order
            }
        });
    }
    shown
}

/// Chosen rows, kept across pages: key → the row's first cell (its name).
pub type Selection = RwSignal<std::collections::BTreeMap<String, String>>;

/// The row box last clicked, where a shift-click's range starts. The list
/// keeps it, so a table drawn anew (owners' names filled in) keeps it too.
pub type RangeFrom = StoredValue<Option<String>>;

/// The row checkbox an event is for, and its row's key.
fn row_box(ev: &web_sys::Event) -> Option<(web_sys::HtmlInputElement, String)> {
    let input = ev.target()?.dyn_into::<web_sys::HtmlInputElement>().ok()?;
    let key = input.get_attribute("data-key")?;
    Some((input, key))
}

/// The element whose `attribute` is set, at or above the event's target.
pub fn closest_with(ev: &web_sys::Event, attribute: &str) -> Option<web_sys::Element> {
    ev.target()
        .and_then(|t| t.dyn_into::<web_sys::Element>().ok())
        .and_then(|e| e.closest(&format!("[{attribute}]")).ok().flatten())
}

/// Marks the row keyed `key` in `body` as the picked one (`aria-selected`,
/// class `selected`), after the rows now due are in the page; every other
/// row unmarked.
pub fn mark_picked_row(body: web_sys::Element, key: Option<String>) {
    request_animation_frame(move || {
        for_each_keyed(&body, "tr[data-key]", |row, k| {
            let on = key.as_deref() == Some(k);
            let _ = row.set_attribute("aria-selected", if on { "true" } else { "false" });
            let _ = row.class_list().toggle_with_force("selected", on);
        });
    });
}

/// Calls `each(element, key)` for every element of `body` matching
/// `selector` (which has a `data-key`): the rows' reactive state is applied
/// to the markup this way.
pub fn for_each_keyed(
    body: &web_sys::Element,
    selector: &str,
    each: impl Fn(&web_sys::Element, &str),
) {
    let Ok(found) = body.query_selector_all(selector) else {
        return;
    };
    for i in 0..found.length() {
        let Some(el) = found
            .item(i)
            .and_then(|n| n.dyn_into::<web_sys::Element>().ok())
        else {
            continue;
        };
        let key = el.get_attribute("data-key").unwrap_or_default();
        each(&el, &key);
    }
}

#[component]
pub fn DataTable(
    /// Accessible name of the table, e.g. "Groups".
    #[prop(into)]
    caption: String,
    columns: Vec<Header>,
    rows: Vec<Row>,
    #[prop(into)] sort: Option<String>,
    descending: bool,
    /// Called with a column key when its header is clicked; without it the
    /// headers are plain (the order means something, e.g. newest first).
    #[prop(optional_no_strip)]
    on_sort: Option<Callback<&'static str>>,
    /// Rows the user ticked (key → the row's first cell), when rows can be chosen.
    #[prop(optional_no_strip)]
    selection: Option<Selection>,
    /// Where a shift-click's range starts, kept across tables (else this
    /// table's own).
    #[prop(optional_no_strip)]
    range_from: Option<RangeFrom>,
    /// Rows one of which is picked (the fix shown on the map): each row is
    /// keyed (`tr[data-key]`) and its first cell a button (`data-pick`);
    /// the caller listens for the clicks and marks the picked row.
    #[prop(optional)]
    pickable: bool,
    /// How moments show (the rows are drawn again when it changes).
    #[prop(optional)]
    times: TimeDisplay,
) -> impl IntoView {
    // The rows shown as (key, name), for "Select every row shown" and for
    // the row checkboxes' listener; only when rows can be chosen.
    let shown: Arc<Vec<(String, String)>> = Arc::new(if selection.is_some() {
        rows.iter()
            .map(|r| (r.key.clone(), first_text(r)))
            .collect()
    } else {
        Vec::new()
    });
    let select_all = selection.map(|selected| {
        let all_ticked = {
            let shown = shown.clone();
            move || {
                selected.with(|s| !shown.is_empty() && shown.iter().all(|(k, _)| s.contains_key(k)))
            }
        };
        let shown = shown.clone();
        view! {
            <th scope="col" class="select-cell">
                <input type="checkbox" aria-label="Select every row shown" prop:checked=all_ticked
                    on:change=move |ev| {
                        let on = event_target_checked(&ev);
                        selected.update(|s| for (k, label) in shown.iter() {
                            if on { s.insert(k.clone(), label.clone()); } else { s.remove(k); }
                        });
                    }/>
            </th>
        }
    });
    // One effect ticks the rows' boxes when the selection changes (Select
    // all, Clear selection), instead of an effect per row.
    let body = NodeRef::<leptos::html::Tbody>::new();
    if let Some(selected) = selection {
        Effect::new(move |_| {
            let Some(body) = body.get() else { return };
            selected.with(|chosen| {
                for_each_keyed(&body, "input[data-key]", |el, key| {
                    if let Some(input) = el.dyn_ref::<web_sys::HtmlInputElement>() {
                        input.set_checked(chosen.contains_key(key));
                    }
                });
            });
        });
    }
    // Rows written again (a new page of the same list, names filled in)
    // replace the focused link: the keyboard's row is given its focus back.
    Effect::new(move |_| {
        if let Some(body) = body.get() {
            refocus_keyboard_row(&body);
        }
    });
    let headers = columns
        .iter()
        .map(|column| {
            let key = column.key;
            let state = match &sort {
                Some(s) if s == key && descending => "descending",
                Some(s) if s == key => "ascending",
                _ => "none",
            };
            match on_sort {
                Some(on_sort) => view! {
                    <th scope="col" aria-sort=state>
                        <button type="button" class="sort" on:click=move |_| on_sort.run(key)>
                            {column.label}
                            <span class="sort-mark" aria-hidden="true">
                                {match state { "ascending" => "▲", "descending" => "▼", _ => "" }}
                            </span>
                        </button>
                    </th>
                }
                .into_any(),
                None => view! { <th scope="col" class="plain">{column.label}</th> }.into_any(),
            }
        })
        .collect_view();
    // The rows are written as one piece of markup: the browser's parser
    // builds 100 rows in a few milliseconds, where creating each element
    // from wasm took 30–40 ms, and a new page (a new table) has nothing to
    // reuse. Every text and attribute value is escaped; hrefs are the
    // portal's own paths. The rows carry no reactive state: one listener on
    // the body handles every row's checkbox.
    let ticked = |key: &str| selection.is_some_and(|s| s.with_untracked(|s| s.contains_key(key)));
    let style = Markup {
        selectable: selection.is_some(),
        pickable,
    };
    let labels: Vec<&str> = columns.iter().map(|c| c.label).collect();
    let moments = Moments {
        exact: move |t| exact_time_in(times, t),
        ages_exact: times.exact,
    };
    let body_html = rows_markup(&rows, style, &labels, ticked, &moments);
    // The other form of a moment (the exact time behind "3 h ago", the age
    // of an exact time) is written on first hover: the browser's date
    // formatter costs 20–45 ms to start, too much for the first paint of a
    // list.
    let show_moment = move |ev: web_sys::PointerEvent| {
        let Some(cell) = closest_with(&ev, "data-moment").filter(|c| !c.has_attribute("title"))
        else {
            return;
        };
        let ms = cell
            .get_attribute("data-moment")
            .and_then(|v| v.parse().ok());
        if let Some(ms) = ms {
            let t = Timestamp(ms);
            let title = if cell.has_attribute("data-exact") {
                format_age(now(), t)
            } else {
                exact_time_in(times, t)
            };
            let _ = cell.set_attribute("title", &title);
        }
    };
    let range_rows = shown.clone();
    let on_row_change = move |ev: web_sys::Event| {
        let Some(selected) = selection else { return };
        let Some((input, key)) = row_box(&ev) else {
            return;
        };
        let on = input.checked();
        let label = shown
            .iter()
            .find(|(k, _)| *k == key)
            .map(|(_, name)| name.clone())
            .unwrap_or_default();
        selected.update(|s| {
            if on {
                s.insert(key, label);
            } else {
                s.remove(&key);
            }
        });
    };
    // Shift and a click ticks (or unticks) every row from the box last
    // clicked to this one, as the clicked box now is.
    let anchor = range_from.unwrap_or_else(|| StoredValue::new(None));
    let on_row_click = {
        let shown = range_rows;
        move |ev: web_sys::MouseEvent| {
            let Some(selected) = selection else { return };
            let Some((input, key)) = row_box(&ev) else {
                return;
            };
            let from = anchor.get_value();
            anchor.set_value(Some(key.clone()));
            let Some(from) = from.filter(|_| ev.shift_key()) else {
                return;
            };
            let at = |k: &str| shown.iter().position(|(key, _)| key == k);
            let (Some(a), Some(b)) = (at(&from), at(&key)) else {
                return;
            };
            let on = input.checked();
            selected.update(|s| {
                for (k, label) in &shown[a.min(b)..=a.max(b)] {
                    if on {
                        s.insert(k.clone(), label.clone());
                    } else {
                        s.remove(k);
                    }
                }
            });
        }
    };
    view! {
        <div class="table-wrap">
            <table class="data-table">
                <caption class="visually-hidden">{caption}</caption>
                <thead><tr>{select_all}{headers}</tr></thead>
                <tbody node_ref=body inner_html=body_html on:change=on_row_change
                    on:click=on_row_click on:pointerover=show_moment></tbody>
            </table>
        </div>
    }
}

/// Where `j`/`k` last put the focus: a row link's `href`, on `<body>`
/// (the shortcuts and the tables are in different wasm modules).
pub const KEYBOARD_ROW_ATTR: &str = "data-kbd-href";
/// The class of the row `j`/`k` moved to.
pub const KEYBOARD_ROW_CLASS: &str = "kbd-row";

/// When the focus was lost (it is on `<body>`) and `body` holds the link
/// `j`/`k` last focused, focuses that link again and marks its row.
fn refocus_keyboard_row(body: &web_sys::HtmlElement) {
    let Some(doc) = web_sys::window().and_then(|w| w.document()) else {
        return;
    };
    let lost = doc
        .active_element()
        .is_none_or(|a| doc.body().is_some_and(|b| a.is_same_node(Some(&b))));
    let Some(href) = doc.body().and_then(|b| b.get_attribute(KEYBOARD_ROW_ATTR)) else {
        return;
    };
    if !lost {
        return;
    }
    let Ok(links) = body.query_selector_all("a[href]") else {
        return;
    };
    for i in 0..links.length() {
        let Some(link) = links
            .item(i)
            .and_then(|n| n.dyn_into::<web_sys::HtmlElement>().ok())
        else {
            continue;
        };
        if link.get_attribute("href").as_deref() == Some(href.as_str()) {
            if let Some(row) = link.closest("tr").ok().flatten() {
                let _ = row.class_list().add_1(KEYBOARD_ROW_CLASS);
            }
            let _ = link.focus();
            return;
        }
    }
}

/// A row's name: its first cell's text.
pub fn first_text(row: &Row) -> String {
    row.cells
        .first()
        .map(|c| c.text.clone())
        .unwrap_or_default()
}

/// How the rows' moments are written: exact ones by `exact`, ages too when
/// `ages_exact`.
struct Moments<F> {
    exact: F,
    ages_exact: bool,
}

/// What the rows' markup holds besides their cells.
#[derive(Clone, Copy, Default)]
struct Markup {
    /// A checkbox (`data-key`) starting each row.
    selectable: bool,
    /// The first cell a button (`data-pick`), the row keyed (`data-key`).
    pickable: bool,
}

/// The `<tr>`s of `rows` as markup, every value escaped. The first cell is
/// the row's header; with `selectable`, each row starts with a checkbox,
/// ticked when `ticked(key)`. Exact moments are written as `moments` says,
/// ages ("3 h ago") too when it asks for exact times.
///
/// Each cell carries its column's label (`data-label`, from `labels`): a
/// narrow screen shows a row as a card, each value under its label.
fn rows_markup(
    rows: &[Row],
    style: Markup,
    labels: &[&str],
    ticked: impl Fn(&str) -> bool,
    moments: &Moments<impl Fn(Timestamp) -> String>,
) -> String {
    use std::fmt::Write;
    let mut html = String::with_capacity(rows.len() * 400);
    for row in rows {
        if style.pickable {
            let _ = write!(
                html,
                r#"<tr data-key="{}" aria-selected="false">"#,
                Escaped(&row.key)
            );
        } else {
            html.push_str("<tr>");
        }
        if style.selectable {
            let _ = write!(
                html,
                r#"<td class="select-cell"><input type="checkbox" aria-label="Select {}" data-key="{}"{}></td>"#,
                Escaped(&first_text(row)),
                Escaped(&row.key),
                if ticked(&row.key) { " checked" } else { "" },
            );
        }
        for (i, cell) in row.cells.iter().enumerate() {
            html.push_str(if i == 0 { r#"<th scope="row""# } else { "<td" });
            if let Some(label) = labels.get(i) {
                let _ = write!(html, r#" data-label="{}""#, Escaped(label));
            }
            // A moment shown exactly: the setting's, or its own exact text.
            let exact_text = cell
                .moment
                .filter(|_| !cell.relative || moments.ages_exact)
                .map(&moments.exact);
            if let Some(moment) = cell.moment {
                let _ = write!(html, r#" data-moment="{}""#, moment.millis());
                if exact_text.is_some() {
                    html.push_str(" data-exact");
                }
            }
            html.push('>');
            let text = exact_text.as_deref().unwrap_or(&cell.text);
            if let Some(mark) = cell.mark {
                let _ = write!(
                    html,
                    r#"<span class="dot dot-{}" aria-hidden="true"></span>"#,
                    Escaped(mark)
                );
            }
            match &cell.href {
                Some(href) => {
                    let _ = write!(html, r#"<a href="{}">{}</a>"#, Escaped(href), Escaped(text));
                }
                None if i == 0 && style.pickable => {
                    let _ = write!(
                        html,
                        r#"<button type="button" class="link-button" data-pick="{}">{}</button>"#,
                        Escaped(&row.key),
                        Escaped(text)
                    );
                }
                // Plain text straight in the cell: a wrapper per cell was
                // 300 more elements to style and lay out on a page of 100.
                None => {
                    let _ = write!(html, "{}", Escaped(text));
                }
            }
            html.push_str(if i == 0 { "</th>" } else { "</td>" });
        }
        html.push_str("</tr>");
    }
    html
}

/// Text made safe inside an element or a quoted attribute value.
struct Escaped<'a>(&'a str);

impl std::fmt::Display for Escaped<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let mut rest = self.0;
        while let Some(i) = rest.find(['&', '<', '>', '"', '\'']) {
            f.write_str(&rest[..i])?;
            f.write_str(match rest.as_bytes()[i] {
                b'&' => "&amp;",
                b'<' => "&lt;",
                b'>' => "&gt;",
                b'"' => "&quot;",
                _ => "&#39;",
            })?;
            rest = &rest[i + 1..];
        }
        f.write_str(rest)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Ages as they are, exact moments in UTC.
    const AGES: &Moments<fn(Timestamp) -> String> = &Moments {
        exact: Timestamp::to_utc_text,
        ages_exact: false,
    };

    fn table() -> (Vec<Header>, Vec<Row>) {
        let columns = vec![
            Header {
                key: "name",
                label: "Name",
            },
            Header {
                key: "age",
                label: "Age",
            },
        ];
        let row = |k: &str, name: &str, age: Option<f64>| Row {
            key: k.into(),
            cells: vec![Cell::text(name), Cell::text("").with_sort_value(age)],
        };
        (
            columns,
            vec![
                row("1", "bob", Some(3.0)),
                row("2", "Alice", None),
                row("3", "carol", Some(1.0)),
            ],
        )
    }

    #[test]
    fn each_cell_is_labelled_by_its_column_for_narrow_screens() {
        let row = Row {
            key: "1".into(),
            cells: vec![Cell::text("Sales"), Cell::text("North & \"East\"")],
        };
        assert_eq!(
            rows_markup(
                &[row],
                Markup::default(),
                &["Name", "Region <main>"],
                |_| false,
                AGES
            ),
            "<tr><th scope=\"row\" data-label=\"Name\">Sales</th>\
             <td data-label=\"Region &lt;main&gt;\">North &amp; &quot;East&quot;</td></tr>"
        );
    }

    #[test]
    fn markup_escapes_every_value() {
        let row = Row {
            key: "k\"1".into(),
            cells: vec![
                Cell::link("<b>Tom & 'Jo'</b>", "/users/a\"b".into()),
                Cell::text("\"><script>x</script>"),
            ],
        };
        assert_eq!(
            rows_markup(std::slice::from_ref(&row), Markup::default(), &[], |_| false, AGES),
            "<tr><th scope=\"row\"><a href=\"/users/a&quot;b\">&lt;b&gt;Tom &amp; &#39;Jo&#39;&lt;/b&gt;</a></th>\
             <td>&quot;&gt;&lt;script&gt;x&lt;/script&gt;</td></tr>"
        );
        let selectable = Markup {
            selectable: true,
            pickable: false,
        };
        let html = rows_markup(
            std::slice::from_ref(&row),
            selectable,
            &[],
            |k| k == "k\"1",
            AGES,
        );
        assert!(html.starts_with(
            "<tr><td class=\"select-cell\"><input type=\"checkbox\" \
             aria-label=\"Select &lt;b&gt;Tom &amp; &#39;Jo&#39;&lt;/b&gt;\" data-key=\"k&quot;1\" checked></td>"
        ));
    }

    #[test]
    fn picked_rows_are_keyed_with_a_button_and_marks_are_dots() {
        let row = Row {
            key: "7".into(),
            cells: vec![
                Cell::text("10:03 <now>"),
                Cell::text("3 h ago").with_mark("day"),
            ],
        };
        let pickable = Markup {
            selectable: false,
            pickable: true,
        };
        assert_eq!(
            rows_markup(&[row], pickable, &[], |_| false, AGES),
            "<tr data-key=\"7\" aria-selected=\"false\"><th scope=\"row\">\
             <button type=\"button\" class=\"link-button\" data-pick=\"7\">10:03 &lt;now&gt;</button></th>\
             <td><span class=\"dot dot-day\" aria-hidden=\"true\"></span>3 h ago</td></tr>"
        );
    }

    #[test]
    fn ages_are_written_as_exact_times_when_asked() {
        let t = Timestamp(1_700_000_000_000);
        let row = Row {
            key: "1".into(),
            cells: vec![
                Cell::text("Van"),
                Cell {
                    relative: true,
                    ..Cell::moment("3 h ago", t)
                },
            ],
        };
        let exact = Moments {
            exact: Timestamp::to_utc_text,
            ages_exact: true,
        };
        let html = rows_markup(
            std::slice::from_ref(&row),
            Markup::default(),
            &[],
            |_| false,
            &exact,
        );
        assert!(html.ends_with(
            "<td data-moment=\"1700000000000\" data-exact>2023-11-14 22:13:20 UTC</td></tr>"
        ));
        let html = rows_markup(&[row], Markup::default(), &[], |_| false, AGES);
        assert!(html.ends_with("<td data-moment=\"1700000000000\">3 h ago</td></tr>"));
    }

    fn keys(rows: &[Row]) -> Vec<&str> {
        rows.iter().map(|r| r.key.as_str()).collect()
    }

    #[test]
    fn search_is_case_insensitive_over_all_cells() {
        let (c, r) = table();
        assert_eq!(keys(&visible_rows(&c, &r, "ALI", None, false)), ["2"]);
        assert_eq!(
            keys(&visible_rows(&c, &r, "  ", None, false)),
            ["1", "2", "3"]
        );
    }

    #[test]
    fn sorts_by_text_or_value() {
        let (c, r) = table();
        for (sort, descending, order) in [
            ("name", false, ["2", "1", "3"]),
            ("name", true, ["3", "1", "2"]),
            ("age", false, ["3", "1", "2"]),
            ("nope", false, ["1", "2", "3"]),
        ] {
            let shown = visible_rows(&c, &r, "", Some(sort), descending);
            assert_eq!(keys(&shown), order, "{sort} {descending}");
        }
    }
}
