//! One table for every list: plain rows in, sorting and filtering of the
//! loaded rows done here, keyed rendering so a new page reuses nothing stale.

use leptos::prelude::*;
use wasm_bindgen::JsCast;

#[derive(Clone, Debug, PartialEq)]
pub struct Column {
    /// Stable key, used in `?sort=`.
    pub key: &'static str,
    pub label: &'static str,
}

#[derive(Clone, Debug, PartialEq)]
pub struct Cell {
    pub text: String,
    /// Makes the cell a link (to the item's page).
    pub href: Option<String>,
    /// Shown on hover, e.g. the exact time behind "3 h ago".
    pub title: Option<String>,
    /// Sorts by this instead of the text (times, numbers).
    pub sort_value: Option<f64>,
}

impl Cell {
    pub fn text(text: impl Into<String>) -> Self {
        Cell {
            text: text.into(),
            href: None,
            title: None,
            sort_value: None,
        }
    }

    pub fn link(text: impl Into<String>, href: String) -> Self {
        Cell {
            href: Some(href),
            ..Cell::text(text)
        }
    }

    pub fn with_title(mut self, title: Option<String>) -> Self {
        self.title = title;
        self
    }

    pub fn with_sort_value(mut self, value: Option<f64>) -> Self {
        self.sort_value = value;
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
    columns: &[Column],
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

#[component]
pub fn DataTable(
    /// Accessible name of the table, e.g. "Groups".
    #[prop(into)]
    caption: String,
    columns: Vec<Column>,
    rows: Vec<Row>,
    #[prop(into)] sort: Option<String>,
    descending: bool,
    /// Called with a column key when its header is clicked.
    on_sort: Callback<&'static str>,
    /// Rows the user ticked (key → the row's first cell), when rows can be chosen.
    #[prop(optional_no_strip)]
    selection: Option<Selection>,
) -> impl IntoView {
    let select_all = selection.map(|selected| {
        let shown: Vec<(String, String)> = rows
            .iter()
            .map(|r| {
                (
                    r.key.clone(),
                    r.cells.first().map(|c| c.text.clone()).unwrap_or_default(),
                )
            })
            .collect();
        let keys: Vec<String> = shown.iter().map(|(k, _)| k.clone()).collect();
        let all_ticked =
            move || selected.with(|s| !keys.is_empty() && keys.iter().all(|k| s.contains_key(k)));
        view! {
            <th scope="col" class="select-cell">
                <input type="checkbox" aria-label="Select every row shown" prop:checked=all_ticked
                    on:change=move |ev| {
                        let on = event_target_checked(&ev);
                        selected.update(|s| for (k, label) in &shown {
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
                let Ok(boxes) = body.query_selector_all("input[data-key]") else {
                    return;
                };
                for i in 0..boxes.length() {
                    let Some(input) = boxes
                        .item(i)
                        .and_then(|n| n.dyn_into::<web_sys::HtmlInputElement>().ok())
                    else {
                        continue;
                    };
                    let key = input.get_attribute("data-key").unwrap_or_default();
                    input.set_checked(chosen.contains_key(&key));
                }
            });
        });
    }
    let headers = columns
        .iter()
        .map(|column| {
            let key = column.key;
            let state = match &sort {
                Some(s) if s == key && descending => "descending",
                Some(s) if s == key => "ascending",
                _ => "none",
            };
            view! {
                <th scope="col" aria-sort=state>
                    <button type="button" class="sort" on:click=move |_| on_sort.run(key)>
                        {column.label}
                        <span class="sort-mark" aria-hidden="true">
                            {match state { "ascending" => "▲", "descending" => "▼", _ => "" }}
                        </span>
                    </button>
                </th>
            }
        })
        .collect_view();
    view! {
        <div class="table-wrap">
            <table class="data-table">
                <caption class="visually-hidden">{caption}</caption>
                <thead><tr>{select_all}{headers}</tr></thead>
                <tbody node_ref=body>
                    <For each=move || rows.clone() key=|row| row.key.clone() let:row>
                        <tr>
                            {selection.map(|selected| {
                                let key = row.key.clone();
                                let label = row.cells.first().map(|c| c.text.clone()).unwrap_or_default();
                                // Kept in step by the one effect below, not one per row.
                                let ticked = selected.with_untracked(|s| s.contains_key(&key));
                                view! {
                                    <td class="select-cell">
                                        <input type="checkbox" aria-label=format!("Select {label}") data-key=key.clone()
                                            prop:checked=ticked
                                            on:change=move |ev| {
                                                let on = event_target_checked(&ev);
                                                selected.update(|s| {
                                                    if on { s.insert(key.clone(), label.clone()); } else { s.remove(&key); }
                                                });
                                            }/>
                                    </td>
                                }
                            })}
                            {row.cells.into_iter().enumerate().map(|(i, cell)| {
                                let content = match cell.href {
                                    Some(href) => view! { <a href=href>{cell.text}</a> }.into_any(),
                                    None => view! { <span>{cell.text}</span> }.into_any(),
                                };
                                if i == 0 {
                                    view! { <th scope="row" title=cell.title>{content}</th> }.into_any()
                                } else {
                                    view! { <td title=cell.title>{content}</td> }.into_any()
                                }
                            }).collect_view()}
                        </tr>
                    </For>
                </tbody>
            </table>
        </div>
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn table() -> (Vec<Column>, Vec<Row>) {
        let columns = vec![
            Column {
                key: "name",
                label: "Name",
            },
            Column {
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
        assert_eq!(
            keys(&visible_rows(&c, &r, "", Some("name"), false)),
            ["2", "1", "3"]
        );
        assert_eq!(
            keys(&visible_rows(&c, &r, "", Some("name"), true)),
            ["3", "1", "2"]
        );
        assert_eq!(
            keys(&visible_rows(&c, &r, "", Some("age"), false)),
            ["3", "1", "2"]
        );
        assert_eq!(
            keys(&visible_rows(&c, &r, "", Some("nope"), false)),
            ["1", "2", "3"]
        );
    }
}
