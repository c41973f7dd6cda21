//! A searchable picker for lists too long for a `<select>` (every group,
//! thousands of users): a text input that filters a listbox as you type,
//! following the ARIA combobox pattern (list autocomplete, the focus stays in
//! the input, the active option is named by `aria-activedescendant`).

use leptos::prelude::*;

/// One choice, as the page hands it in.
#[derive(Clone, Debug, PartialEq)]
pub struct PickerOption {
    pub id: String,
    /// What the input shows once chosen ("Ann Lee").
    pub label: String,
    /// A second line that helps tell options apart ("ann@example.com").
    pub detail: String,
}

/// Matches shown at once; the rest are counted ("120 more, keep typing").
pub const MAX_SHOWN: usize = 50;

/// The options matching `query`: every word of it appears, in any letter
/// case, in the label or the detail. Answers at most `max` of them, in the
/// given order, and how many more matched.
pub fn filter_options<'a>(
    options: &'a [PickerOption],
    query: &str,
    max: usize,
) -> (Vec<&'a PickerOption>, usize) {
    let words: Vec<String> = query.split_whitespace().map(str::to_lowercase).collect();
    let mut shown = Vec::new();
    let mut more = 0;
    for option in options {
        let text = format!("{}\n{}", option.label, option.detail).to_lowercase();
        if words.iter().all(|w| text.contains(w.as_str())) {
            if shown.len() < max {
                shown.push(option);
            } else {
                more += 1;
            }
        }
    }
    (shown, more)
}

/// A labelled combobox choosing one of `options` into `selected` (an id;
/// empty when none). Until the user types, the input shows the chosen
/// option's label; typing filters, ArrowUp/Down move, Enter or a click
/// chooses, Escape closes (a second Escape restores the chosen label).
#[component]
pub fn SearchPicker(
    /// The input's id; the listbox, options and messages derive theirs from it.
    id: &'static str,
    label: &'static str,
    #[prop(into)] options: Signal<Vec<PickerOption>>,
    selected: RwSignal<String>,
    #[prop(into)] error: Signal<Option<String>>,
    #[prop(optional)] required: bool,
    /// A line under the input, e.g. "Loading groups: 100 of 250".
    #[prop(optional, into)]
    status: Option<Signal<Option<String>>>,
) -> impl IntoView {
    let label_id = format!("{id}-label");
    let listbox_id = format!("{id}-listbox");
    let error_id = format!("{id}-error");
    let status_id = format!("{id}-status");
    let option_id = move |index: usize| format!("{id}-option-{index}");

    // What the user typed; `None` while the input shows the chosen label.
    let typed = RwSignal::new(None::<String>);
    let open = RwSignal::new(false);
    let active = RwSignal::new(None::<usize>);

    let chosen_label = move || {
        let id = selected.get();
        options.with(|all| {
            all.iter()
                .find(|o| o.id == id)
                .map(|o| o.label.clone())
                .unwrap_or_default()
        })
    };
    let matches = Memo::new(move |_| {
        let query = typed.get().unwrap_or_default();
        options.with(|all| {
            let (shown, more) = filter_options(all, &query, MAX_SHOWN);
            (shown.into_iter().cloned().collect::<Vec<_>>(), more)
        })
    });

    let choose = move |option: PickerOption| {
        selected.set(option.id);
        typed.set(None);
        open.set(false);
        active.set(None);
    };
    let close = move || {
        open.set(false);
        active.set(None);
    };
    // Keeps the active option in sight when the list scrolls.
    let reveal = move |index: usize| {
        if let Some(el) = document().get_element_by_id(&option_id(index)) {
            el.scroll_into_view_with_bool(false);
        }
    };

    let on_keydown = move |ev: leptos::ev::KeyboardEvent| {
        let count = matches.with_untracked(|(shown, _)| shown.len());
        match ev.key().as_str() {
            "ArrowDown" | "ArrowUp" => {
                ev.prevent_default();
                if !open.get_untracked() {
                    open.set(true);
                }
                if count == 0 {
                    return;
                }
                let down = ev.key() == "ArrowDown";
                let next = match (down, active.get_untracked()) {
                    (true, None) => 0,
                    (true, Some(i)) => (i + 1).min(count - 1),
                    (false, None) => count - 1,
                    (false, Some(i)) => i.saturating_sub(1),
                };
                active.set(Some(next));
                reveal(next);
            }
            "Enter" if open.get_untracked() => {
                // Enter chooses; it never submits the form while the list is open.
                ev.prevent_default();
                let pick = matches.with_untracked(|(shown, _)| match active.get_untracked() {
                    Some(i) => shown.get(i).cloned(),
                    None if shown.len() == 1 => shown.first().cloned(),
                    None => None,
                });
                if let Some(option) = pick {
                    choose(option);
                }
            }
            "Escape" => {
                if open.get_untracked() {
                    ev.prevent_default();
                    close();
                } else if typed.with_untracked(Option::is_some) {
                    ev.prevent_default();
                    typed.set(None);
                }
            }
            _ => {}
        }
    };

    let described = if status.is_some() {
        format!("{error_id} {status_id}")
    } else {
        error_id.clone()
    };
    let list = move || {
        let (shown, _) = matches.get();
        shown
            .into_iter()
            .enumerate()
            .map(|(index, option)| {
                let is_chosen = selected.with(|s| *s == option.id);
                let detail = (!option.detail.is_empty())
                    .then(|| view! { <span class="picker-detail">{option.detail.clone()}</span> });
                let label = option.label.clone();
                view! {
                    <li role="option" id=option_id(index) class="picker-option"
                        class:chosen=is_chosen
                        aria-selected=move || (active.get() == Some(index)).to_string()
                        // Keeps the focus (and the open list) in the input.
                        on:mousedown=|ev| ev.prevent_default()
                        on:mousemove=move |_| if active.get_untracked() != Some(index) { active.set(Some(index)) }
                        on:click=move |_| choose(option.clone())>
                        <span class="picker-label">{label}</span>
                        {detail}
                    </li>
                }
            })
            .collect_view()
    };
    let note = move || {
        let (shown, more) = matches.get();
        if shown.is_empty() {
            Some(if options.with(Vec::is_empty) {
                "Nothing to choose from yet.".to_string()
            } else {
                "No matches.".to_string()
            })
        } else if more > 0 {
            Some(format!("{more} more, keep typing."))
        } else {
            None
        }
    };

    view! {
        <div class="form-field picker">
            <label id=label_id.clone() for=id>
                {label}{required.then_some(view! { <span class="required" aria-hidden="true">" *"</span> })}
            </label>
            <input id=id name=id type="text" role="combobox" autocomplete="off"
                aria-autocomplete="list"
                aria-expanded=move || open.get().to_string()
                aria-controls=listbox_id.clone()
                aria-activedescendant=move || active.get().filter(|_| open.get()).map(option_id)
                aria-required=required.to_string()
                aria-invalid=move || error.with(Option::is_some).to_string()
                aria-describedby=described
                placeholder="Type to search"
                prop:value=move || typed.get().unwrap_or_else(chosen_label)
                on:input=move |ev| {
                    typed.set(Some(event_target_value(&ev)));
                    active.set(None);
                    open.set(true);
                }
                on:click=move |_| open.set(true)
                on:keydown=on_keydown
                on:blur=move |_| {
                    // Leaving the input keeps what was chosen, not half a search.
                    close();
                    typed.set(None);
                }/>
            <div class="picker-popup" hidden=move || !open.get()>
                <ul role="listbox" id=listbox_id aria-labelledby=label_id class="picker-list">
                    {list}
                </ul>
                <p class="picker-note">{note}</p>
            </div>
            {status.map(|status| view! { <p class="hint" id=status_id>{move || status.get()}</p> })}
            <p class="field-error" id=error_id>{move || error.get()}</p>
        </div>
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn option(id: &str, label: &str, detail: &str) -> PickerOption {
        PickerOption {
            id: id.into(),
            label: label.into(),
            detail: detail.into(),
        }
    }

    #[test]
    fn filters_on_label_and_detail_in_any_case() {
        let options = vec![
            option("1", "Ann Lee", "ann@example.com"),
            option("2", "Bob Roe", "bob@sales.example"),
            option("3", "Sales EMEA", ""),
        ];
        let ids = |q: &str| {
            filter_options(&options, q, 50)
                .0
                .iter()
                .map(|o| o.id.as_str())
                .collect::<Vec<_>>()
        };
        assert_eq!(ids(""), vec!["1", "2", "3"]);
        assert_eq!(ids("SAL"), vec!["2", "3"]);
        assert_eq!(ids("lee ann"), vec!["1"]);
        assert_eq!(ids("ann@EXAMPLE"), vec!["1"]);
        assert!(ids("zed").is_empty());
    }

    #[test]
    fn shows_at_most_max_and_counts_the_rest() {
        let options: Vec<_> = (0..120)
            .map(|i| option(&i.to_string(), &format!("User {i}"), ""))
            .collect();
        let (shown, more) = filter_options(&options, "user", MAX_SHOWN);
        assert_eq!((shown.len(), more), (50, 70));
        assert_eq!(shown[0].id, "0");
        let (shown, more) = filter_options(&options, "user 11", MAX_SHOWN);
        // 11 and 110–119
        assert_eq!((shown.len(), more), (11, 0));
    }
}
