use leptos::prelude::*;

/// A labelled text input with its own error line; what the user typed lives
/// in `value` and survives any failure.
#[component]
pub fn TextField(
    /// Element id, also used for the error's id.
    id: &'static str,
    label: &'static str,
    value: RwSignal<String>,
    error: Signal<Option<String>>,
    #[prop(optional)] required: bool,
    #[prop(optional)] multiline: bool,
    #[prop(optional, into)] hint: Option<String>,
) -> impl IntoView {
    let error_id = format!("{id}-error");
    let hint_id = format!("{id}-hint");
    let described = if hint.is_some() {
        format!("{error_id} {hint_id}")
    } else {
        error_id.clone()
    };
    let invalid = move || error.with(Option::is_some).to_string();
    let input = if multiline {
        view! {
            <textarea id=id name=id rows="3" aria-invalid=invalid aria-describedby=described.clone()
                aria-required=required.to_string()
                prop:value=move || value.get()
                on:input=move |ev| value.set(event_target_value(&ev))></textarea>
        }
        .into_any()
    } else {
        view! {
            <input id=id name=id type="text" aria-invalid=invalid aria-describedby=described
                aria-required=required.to_string()
                prop:value=move || value.get()
                on:input=move |ev| value.set(event_target_value(&ev))/>
        }
        .into_any()
    };
    view! {
        <div class="form-field">
            <label for=id>{label}{required.then_some(view! { <span class="required" aria-hidden="true">" *"</span> })}</label>
            {input}
            {hint.map(|h| view! { <p class="hint" id=hint_id>{h}</p> })}
            <p class="field-error" id=error_id>{move || error.get()}</p>
        </div>
    }
}

/// The end of every form: the server's error (kept next to the form), the
/// submit button that reads "Saving…" and stays disabled while a request is
/// out, and an optional Cancel link.
#[component]
pub fn FormFooter(
    label: &'static str,
    #[prop(default = "Saving…")] busy_label: &'static str,
    #[prop(into)] busy: Signal<bool>,
    /// The server's error; `None` for forms that report outcomes themselves.
    #[prop(optional, into)]
    error: Option<Signal<Option<String>>>,
    /// Disables the button for another reason (e.g. nothing changed).
    #[prop(optional, into)]
    blocked: Option<Signal<bool>>,
    #[prop(optional, into)] cancel_href: Option<String>,
) -> impl IntoView {
    view! {
        {error.map(|error| view! { <p class="form-error" role="alert">{move || error.get()}</p> })}
        <div class="form-actions">
            <button type="submit" class="primary"
                disabled=move || busy.get() || blocked.is_some_and(|b| b.get())>
                {move || if busy.get() { busy_label } else { label }}
            </button>
            {cancel_href.map(|href| view! { <a href=href>"Cancel"</a> })}
        </div>
    }
}

/// One field an edit form may change: what it is sent as, what it was, what
/// it is now, and (for ids) how each is shown to a person.
#[derive(Clone, Debug, PartialEq)]
pub struct Change {
    /// The field's name in the request body (`description`, `groupId`).
    pub field: &'static str,
    /// The field's label in the form (`Description`, `Group`).
    pub label: &'static str,
    /// The new value as sent.
    pub value: String,
    /// The old and new values as the preview shows them.
    pub shown_before: String,
    pub shown_after: String,
}

impl Change {
    /// Shows both values through `name` (an id becomes a group's name).
    pub fn shown_as(mut self, name: impl Fn(&str) -> String) -> Self {
        self.shown_before = name(&self.shown_before);
        self.shown_after = name(&self.shown_after);
        self
    }

    /// `Name: “Sales” → “Sales EMEA”`.
    pub fn preview(&self) -> String {
        let quoted = |s: &str| {
            if s.is_empty() {
                "(empty)".to_string()
            } else {
                format!("“{s}”")
            }
        };
        format!(
            "{}: {} → {}",
            self.label,
            quoted(&self.shown_before),
            quoted(&self.shown_after)
        )
    }
}

/// The fields whose value differs from the saved one, as
/// `(field, label, saved, typed)`; spaces around a value do not count, and
/// what is sent is trimmed.
pub fn changed_fields<'a>(
    fields: impl IntoIterator<Item = (&'static str, &'static str, &'a str, &'a str)>,
) -> Vec<Change> {
    fields
        .into_iter()
        .filter(|(_, _, saved, typed)| saved.trim() != typed.trim())
        .map(|(field, label, saved, typed)| Change {
            field,
            label,
            value: typed.trim().to_string(),
            shown_before: saved.trim().to_string(),
            shown_after: typed.trim().to_string(),
        })
        .collect()
}

/// The body of an update: only the fields that change.
pub fn update_body(changes: &[Change]) -> Vec<(&'static str, String)> {
    changes.iter().map(|c| (c.field, c.value.clone())).collect()
}

/// What a save will change, one line a field, or why there is nothing to save.
#[component]
pub fn ChangePreview(
    #[prop(into)] changes: Signal<Vec<Change>>,
    /// Shown when nothing has changed (the save button is disabled then).
    #[prop(default = "Nothing has changed yet: edit a field to save.")]
    unchanged_hint: &'static str,
) -> impl IntoView {
    view! {
        <div class="change-preview" aria-live="polite">
            {move || changes.with(|changes| if changes.is_empty() {
                view! { <p class="hint">{unchanged_hint}</p> }.into_any()
            } else {
                let lines = changes.iter().map(|c| view! { <li>{c.preview()}</li> }).collect_view();
                view! {
                    <p class="change-preview-title">"Saving will change:"</p>
                    <ul>{lines}</ul>
                }.into_any()
            })}
        </div>
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_changed_fields_are_sent_trimmed() {
        let changes = changed_fields([
            ("name", "Name", "Sales", " Sales "),
            ("description", "Description", "Old", "New text "),
        ]);
        assert_eq!(
            update_body(&changes),
            vec![("description", "New text".to_string())]
        );
        assert_eq!(changes[0].preview(), "Description: “Old” → “New text”");
        assert!(changed_fields([("name", "Name", "a", "a")]).is_empty());
    }

    #[test]
    fn cleared_values_and_ids_shown_by_name() {
        let changes = changed_fields([
            ("email", "Email", "a@b.co", "  "),
            ("groupId", "Group", "g1", "g2"),
        ]);
        assert_eq!(
            update_body(&changes),
            vec![("email", String::new()), ("groupId", "g2".to_string())]
        );
        assert_eq!(changes[0].preview(), "Email: “a@b.co” → (empty)");
        let group = changes[1]
            .clone()
            .shown_as(|id| if id == "g1" { "Sales" } else { "Support" }.to_string());
        assert_eq!(group.preview(), "Group: “Sales” → “Support”");
        assert_eq!(group.value, "g2");
    }
}

/// What [`LostAnswer`] shows: `what` was maybe added; the link searches
/// every page of `list` (a list's href) for `search`.
pub fn lost_item(what: String, list: String, search: &str) -> (String, String) {
    let query = crate::list_query::ListQuery {
        search: search.trim().to_string(),
        all_pages: true,
        ..Default::default()
    };
    (what, format!("{list}{}", query.to_query_string()))
}

/// After a PUT whose answer was lost: the item may exist already, so offer
/// to look for it before adding it again. `lost` holds (what, search link).
#[component]
pub fn LostAnswer(lost: RwSignal<Option<(String, String)>>) -> impl IntoView {
    move || {
        lost.get().map(|(what, href)| {
            view! {
                <p class="lost-answer" role="alert">
                    "No answer came back, so " {what.clone()} " may have been added all the same. "
                    <a href=href>{format!("Look for {what}")}</a>
                    " before adding it again."
                </p>
            }
        })
    }
}
