//! The one item form: New/Edit group and user, rename, change owner and push
//! notifications are each a list of fields and a save call on it.
//!
//! [`ItemForm::new`] owns everything around the fields: one input signal per
//! field (what was typed survives any failure), validation that shows after
//! the first try and then follows the typing, the change preview and "nothing
//! changed" of an edit, the unsaved-changes prompt, the draft, one request per
//! save (a `Action::new_local`), the server's error kept next to the form, the
//! lost answer of an add, and what happens on success (a toast and the item's
//! page, or a note in the form). [`FormView`] and [`FormFields`] draw it:
//! adding a field to a form is adding it to the item's `Field` in `model`.

use std::future::Future;

use leptos::prelude::*;

use crate::activity;
use crate::components::draft::{use_draft, Draft, DraftOffer};
use crate::components::picker::{PickerOption, SearchPicker};
use crate::components::toast::use_toasts;
use crate::components::unsaved::use_unsaved_changes;
use crate::model::{Changes, Field, FieldErrors, Kind, Values};

/// An add sends every given field; an edit only what changed, and has
/// nothing to save until something has.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum FormKind {
    Add,
    Edit,
}

/// What a successful save leads to.
pub enum Saved {
    /// A toast, then the item's page (a link built by `routes`).
    Go { toast: String, href: String },
    /// A toast; the form stays, and what it sent is now its saved state.
    Stay { toast: String },
    /// A line in the form; the form starts again from its start values.
    Sent { note: String },
}

/// Why a save failed, in words, and whether the answer was lost on the way
/// (the write may have been applied all the same).
#[derive(Clone, Debug, PartialEq)]
pub struct Failure {
    pub message: String,
    /// Lines under the message (e.g. each device a push did not reach).
    pub details: Vec<String>,
    pub answer_lost: bool,
}

/// After an add whose answer was lost: what may have been added, and a link
/// that looks for it (a search of every page of its list).
#[derive(Clone, Debug, PartialEq)]
pub struct LostItem {
    pub what: String,
    pub search_href: String,
}

/// How an item form is set up.
pub struct FormSetup<F: Field> {
    /// The fields it edits (a form may edit some of an item's fields).
    pub fields: &'static [F],
    /// What it starts with: the saved values for an edit.
    pub start: Values<F>,
    pub kind: FormKind,
    /// For an add: where to look for the item when the answer was lost.
    pub lost: Option<fn(&Values<F>) -> LostItem>,
    /// How its saves are written in the tab's activity log.
    pub log: Option<LogAs<F>>,
}

/// What a save names its item by, from the values it sends.
pub type ItemName<F> = std::rc::Rc<dyn Fn(&Values<F>) -> String>;

/// A save as the activity log names it: the action ("Rename device"), the
/// item from the values sent, and the item's page (an add's page is where
/// its save goes).
pub struct LogAs<F: Field> {
    pub action: &'static str,
    pub item: ItemName<F>,
    pub href: Option<String>,
}

impl<F: Field> FormSetup<F> {
    /// An add of every field of `F`, from `start`.
    pub fn add(start: Values<F>) -> Self {
        FormSetup {
            fields: F::ALL,
            start,
            kind: FormKind::Add,
            lost: None,
            log: None,
        }
    }

    /// An edit of every field of `F`, from the `saved` values.
    pub fn edit(saved: Values<F>) -> Self {
        FormSetup {
            kind: FormKind::Edit,
            ..Self::add(saved)
        }
    }

    /// Only these fields.
    pub fn only(self, fields: &'static [F]) -> Self {
        FormSetup { fields, ..self }
    }

    /// Written in the activity log as `action` on the item `item` names.
    pub fn logged(
        self,
        action: &'static str,
        item: impl Fn(&Values<F>) -> String + 'static,
        href: Option<String>,
    ) -> Self {
        FormSetup {
            log: Some(LogAs {
                action,
                item: std::rc::Rc::new(item),
                href,
            }),
            ..self
        }
    }

    /// Where to look for an added item whose answer was lost.
    pub fn lost_answer(self, lost: fn(&Values<F>) -> LostItem) -> Self {
        FormSetup {
            lost: Some(lost),
            ..self
        }
    }
}

/// What a save came to: a note to show, or the failure and what may have
/// been added.
type Outcome = Result<Option<String>, (Failure, Option<LostItem>)>;

/// An item form's state; `Copy`, so views and handlers take it freely.
pub struct ItemForm<F: Field> {
    fields: &'static [F],
    kind: FormKind,
    /// One input per field of `F` (also those this form does not show).
    inputs: StoredValue<Vec<RwSignal<String>>>,
    start: RwSignal<Values<F>>,
    tried: RwSignal<bool>,
    /// Fields holding an id, shown in the preview by the name of the option.
    names: RwSignal<Vec<(F, Signal<Vec<PickerOption>>)>>,
    /// What the save under way changes, for the activity log.
    sending: StoredValue<Vec<activity::Change>>,
    save: Action<(Values<F>, Changes<F>), Outcome>,
    draft: Draft,
}

impl<F: Field> Clone for ItemForm<F> {
    fn clone(&self) -> Self {
        *self
    }
}

impl<F: Field> Copy for ItemForm<F> {}

impl<F: Field> ItemForm<F> {
    /// A form over `setup`, saved by `save(values, changes)`; call it in the
    /// form's component.
    pub fn new<S, Fut>(setup: FormSetup<F>, save: S) -> Self
    where
        S: Fn(Values<F>, Changes<F>) -> Fut + 'static,
        Fut: Future<Output = Result<Saved, Failure>> + 'static,
    {
        let FormSetup {
            fields,
            start,
            kind,
            lost,
            log,
        } = setup;
        let inputs: Vec<RwSignal<String>> = F::ALL
            .iter()
            .map(|f| RwSignal::new(start.get(*f).to_string()))
            .collect();
        let inputs = StoredValue::new(inputs);
        let start = RwSignal::new(start);
        let tried = RwSignal::new(false);
        let toasts = use_toasts();
        let go = crate::routes::use_go();
        let sending = StoredValue::new(Vec::<activity::Change>::new());
        let owner = use_context::<crate::session::Session>()
            .map(|s| s.draft_owner_untracked())
            .unwrap_or_default();
        let log = std::rc::Rc::new(log);
        let action = Action::new_local(move |(values, changes): &(Values<F>, Changes<F>)| {
            let work = save(values.clone(), changes.clone());
            let (values, go) = (values.clone(), go.clone());
            let (log, owner) = (log.clone(), owner.clone());
            let at = js_sys::Date::now() as i64;
            // Named before it is sent: a save may change what names it.
            let item = log.as_ref().as_ref().map(|l| (l.item)(&values));
            async move {
                let answer = work.await;
                if let (Some(log), Some(item)) = (log.as_ref(), item) {
                    let (ended, href) = match &answer {
                        Ok(Saved::Go { href, .. }) => (activity::Ended::Done, Some(href.clone())),
                        Ok(_) => (activity::Ended::Done, log.href.clone()),
                        Err(f) if f.answer_lost => (activity::Ended::Unknown, log.href.clone()),
                        Err(f) => (activity::Ended::Failed(f.message.clone()), log.href.clone()),
                    };
                    activity::record(
                        &owner,
                        activity::Entry {
                            n: 0,
                            at,
                            action: log.action.to_string(),
                            item,
                            href,
                            changes: sending.try_get_value().unwrap_or_default(),
                            result: ended,
                        },
                    );
                }
                match answer {
                    Ok(Saved::Go { toast, href }) => {
                        toasts.show(toast);
                        go(&href, false);
                        Ok(None)
                    }
                    Ok(Saved::Stay { toast }) => {
                        toasts.show(toast);
                        start.try_set(values);
                        Ok(None)
                    }
                    Ok(Saved::Sent { note }) => {
                        if let Some(start) = start.try_get_untracked() {
                            fill(inputs, &start);
                        }
                        tried.try_set(false);
                        Ok(Some(note))
                    }
                    Err(failure) => {
                        let lost = lost.filter(|_| failure.answer_lost).map(|f| f(&values));
                        Err((failure, lost))
                    }
                }
            }
        });
        let dirty = Signal::derive(move || {
            let typed = values_of(inputs);
            start.with(|start| Changes::between(start, &typed).iter().next().is_some())
        });
        use_unsaved_changes(dirty);
        let draft_fields = fields
            .iter()
            .map(|f| (f.key(), f.label(), input_of(inputs, *f)))
            .collect();
        // Filed under its first field's key: unique among a page's forms.
        let draft = use_draft(fields[0].key(), draft_fields, dirty);
        ItemForm {
            fields,
            kind,
            inputs,
            start,
            tried,
            names: RwSignal::new(Vec::new()),
            sending,
            save: action,
            draft,
        }
    }

    /// The input of `field`.
    pub fn input(&self, field: F) -> RwSignal<String> {
        input_of(self.inputs, field)
    }

    /// What is typed now (tracked).
    pub fn values(&self) -> Values<F> {
        values_of(self.inputs)
    }

    /// The error of `field`, once the user has tried to save.
    pub fn error(&self, field: F) -> Signal<Option<String>> {
        let (tried, fields, inputs) = (self.tried, self.fields, self.inputs);
        Signal::derive(move || {
            if !tried.get() {
                return None;
            }
            values_of(inputs).check(fields).get(field)
        })
    }

    fn errors(&self) -> FieldErrors<F> {
        self.values().check(self.fields)
    }

    /// What a save would change (tracked).
    pub fn changes(&self) -> Changes<F> {
        let typed = self.values();
        self.start.with(|start| Changes::between(start, &typed))
    }

    /// Shows `field` (an id) in the preview by its option's label.
    pub fn name_ids_by(&self, field: F, options: Signal<Vec<PickerOption>>) {
        self.names.update(|names| names.push((field, options)));
    }

    /// Whether the form has an answer to show (a note or an error).
    pub fn answered(&self) -> bool {
        self.save.value().with(Option::is_some)
    }

    fn busy(&self) -> bool {
        self.save.pending().get()
    }

    fn unchanged(&self) -> bool {
        self.kind == FormKind::Edit && self.changes().is_empty()
    }

    /// The submit handler: one request per save, however often the button
    /// is pressed, and none while a field is wrong.
    fn submit(&self) {
        if self.save.pending().get_untracked() || untrack(|| self.unchanged()) {
            return;
        }
        self.tried.set(true);
        if !untrack(|| self.errors()).is_empty() {
            return;
        }
        let (values, changes) = untrack(|| (self.values(), self.changes()));
        self.sending.set_value(
            untrack(|| self.named_changes())
                .into_iter()
                .map(|(field, before, after)| activity::Change {
                    field: field.to_string(),
                    before,
                    after,
                })
                .collect(),
        );
        self.save.dispatch_local((values, changes));
    }

    /// The preview's lines: `Name: “Sales” → “Sales EMEA”`.
    fn preview(&self) -> Vec<String> {
        self.named_changes()
            .iter()
            .map(|(field, before, after)| change_line(field, before, after))
            .collect()
    }

    /// Each field that changes: its label, before and after, ids shown by
    /// their options' names.
    fn named_changes(&self) -> Vec<(&'static str, String, String)> {
        let names = self.names.get();
        let shown = |field: F, value: &str| -> String {
            names
                .iter()
                .find(|(f, _)| *f == field)
                .and_then(|(_, options)| {
                    options.with(|all| all.iter().find(|o| o.id == value).map(|o| o.label.clone()))
                })
                .unwrap_or_else(|| value.to_string())
        };
        self.changes()
            .iter()
            .map(|c| {
                (
                    c.field.label(),
                    shown(c.field, &c.before),
                    shown(c.field, &c.after),
                )
            })
            .collect()
    }

    fn outcome(&self) -> Option<Outcome> {
        if self.busy() {
            return None;
        }
        self.save.value().get()
    }
}

fn input_of<F: Field>(inputs: StoredValue<Vec<RwSignal<String>>>, field: F) -> RwSignal<String> {
    inputs.with_value(|all| all[field.index()])
}

fn values_of<F: Field>(inputs: StoredValue<Vec<RwSignal<String>>>) -> Values<F> {
    F::ALL.iter().fold(Values::default(), |values, f| {
        values.with(*f, input_of(inputs, *f).get())
    })
}

fn fill<F: Field>(inputs: StoredValue<Vec<RwSignal<String>>>, values: &Values<F>) {
    for f in F::ALL {
        input_of(inputs, *f).try_set(values.get(*f).to_string());
    }
}

/// `Name: “Sales” → “Sales EMEA”`, `(empty)` for a cleared value.
pub fn change_line(label: &str, before: &str, after: &str) -> String {
    let quoted = |s: &str| {
        if s.is_empty() {
            "(empty)".to_string()
        } else {
            format!("“{s}”")
        }
    };
    format!("{label}: {} → {}", quoted(before), quoted(after))
}

/// The form around `children` (its fields): the draft offer, the change
/// preview of an edit, the lost answer of an add, the server's error or the
/// note of a save, and the submit button that reads "Saving…" and stays
/// disabled while a request is out (or, for an edit, while nothing changed).
#[component]
pub fn FormView<F: Field>(
    form: ItemForm<F>,
    /// The submit button's label: "Create group".
    submit: &'static str,
    #[prop(default = "Saving…")] busy_label: &'static str,
    /// A heading, for a form that is one of several on a page.
    #[prop(optional)]
    heading: Option<&'static str>,
    /// `h3` under a page's section, `h2` straight under its title.
    #[prop(default = 3)]
    heading_level: u8,
    /// A class besides `inline-form` or `item-form`.
    #[prop(optional)]
    class: &'static str,
    #[prop(optional, into)] cancel_href: Option<String>,
    /// Disables the button for another reason (nothing chosen to act on).
    #[prop(optional, into)]
    blocked: Option<Signal<bool>>,
    /// The preview's words while an edit has nothing to save.
    #[prop(default = "Nothing has changed yet: edit a field to save.")]
    unchanged_hint: &'static str,
    children: Children,
) -> impl IntoView {
    let heading_id = heading.map(|_| format!("{}-form-title", form.fields[0].key()));
    let class = match heading {
        Some(_) => format!("inline-form {class}"),
        None => format!("item-form {class}"),
    };
    let preview = (form.kind == FormKind::Edit).then(|| {
        view! {
            <div class="change-preview" aria-live="polite">
                {move || {
                    let lines = form.preview();
                    if lines.is_empty() {
                        view! { <p class="hint">{unchanged_hint}</p> }.into_any()
                    } else {
                        view! {
                            <p class="change-preview-title">"Saving will change:"</p>
                            <ul>{lines.into_iter().map(|l| view! { <li>{l}</li> }).collect_view()}</ul>
                        }
                        .into_any()
                    }
                }}
            </div>
        }
    });
    let outcome = move || {
        form.outcome().map(|outcome| match outcome {
            Ok(note) => note.map(|n| view! { <p class="form-ok" role="status">{n}</p> }.into_any()),
            Err((failure, lost)) => Some(
                view! {
                    {lost.map(|lost| view! { <LostAnswer lost=lost/> })}
                    <div class="form-error" role="alert">
                        <p>{failure.message}</p>
                        {(!failure.details.is_empty()).then(|| view! {
                            <ul>{failure.details.into_iter().map(|d| view! { <li>{d}</li> }).collect_view()}</ul>
                        })}
                    </div>
                }
                .into_any(),
            ),
        })
    };
    let on_submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        form.submit();
    };
    view! {
        <form class=class aria-labelledby=heading_id.clone() on:submit=on_submit novalidate>
            {heading.map(|h| match heading_level {
                2 => view! { <h2 id=heading_id.clone()>{h}</h2> }.into_any(),
                _ => view! { <h3 id=heading_id.clone()>{h}</h3> }.into_any(),
            })}
            <DraftOffer draft=form.draft/>
            {children()}
            {preview}
            {outcome}
            <div class="form-actions">
                <button type="submit" class="primary" disabled=move || form.busy() || form.unchanged() || blocked.is_some_and(|b| b.get())>
                    {move || if form.busy() { busy_label } else { submit }}
                </button>
                {cancel_href.map(|href| view! { <a href=href>"Cancel"</a> })}
            </div>
        </form>
    }
}

/// The choices of a form's field that holds an id (its `Kind::Choice`
/// field), and a line saying how loading them goes.
#[derive(Clone, Copy)]
pub struct Choices {
    pub options: Signal<Vec<PickerOption>>,
    pub status: Signal<Option<String>>,
}

/// Every field of the form, each asked for as its model field says: a
/// line, a text, or a choice among `choices`.
#[component]
pub fn FormFields<F: Field>(
    form: ItemForm<F>,
    #[prop(optional)] choices: Option<Choices>,
) -> impl IntoView {
    form.fields
        .iter()
        .map(|&field| match (field.spec().kind, choices) {
            (Kind::Choice, Some(choices)) => {
                view! { <FormPicker form=form field=field choices=choices/> }.into_any()
            }
            (kind, _) => {
                view! { <FormText form=form field=field multiline=kind == Kind::Text/> }.into_any()
            }
        })
        .collect_view()
}

/// A text field of the form, labelled, limited and explained by its model
/// field (`hint` says something else).
#[component]
pub fn FormText<F: Field>(
    form: ItemForm<F>,
    field: F,
    #[prop(optional)] multiline: bool,
    #[prop(optional)] hint: Option<&'static str>,
) -> impl IntoView {
    let id = field.key();
    let hint = hint.or(field.spec().hint);
    let required = field.rule().required.is_some();
    let value = form.input(field);
    let error = form.error(field);
    let error_id = format!("{id}-error");
    let hint_id = format!("{id}-hint");
    let described = match hint {
        Some(_) => format!("{error_id} {hint_id}"),
        None => error_id.clone(),
    };
    let invalid = move || error.with(Option::is_some).to_string();
    let input = if multiline {
        view! {
            <textarea id=id name=id rows="3" aria-invalid=invalid aria-describedby=described
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
            <label for=id>{field.label()}{required.then_some(view! { <span class="required" aria-hidden="true">" *"</span> })}</label>
            {input}
            {hint.map(|h| view! { <p class="hint" id=hint_id>{h}</p> })}
            <p class="field-error" id=error_id>{move || error.get()}</p>
        </div>
    }
}

/// A field of the form holding an id, chosen from `options` with the
/// searchable picker; the preview names the choice by its label.
#[component]
fn FormPicker<F: Field>(form: ItemForm<F>, field: F, choices: Choices) -> impl IntoView {
    form.name_ids_by(field, choices.options);
    view! {
        <SearchPicker id=field.key() label=field.label() options=choices.options selected=form.input(field)
            required=field.rule().required.is_some() status=choices.status error=form.error(field)/>
    }
}

/// After an add whose answer was lost: the item may exist already, so offer
/// to look for it before adding it again.
#[component]
fn LostAnswer(lost: LostItem) -> impl IntoView {
    let LostItem { what, search_href } = lost;
    view! {
        <p class="lost-answer" role="alert">
            "No answer came back, so " {what.clone()} " may have been added all the same. "
            <a href=search_href>{format!("Look for {what}")}</a>
            " before adding it again."
        </p>
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn preview_lines_quote_values_and_name_empty_ones() {
        assert_eq!(
            change_line("Name", "Sales", "Sales EMEA"),
            "Name: “Sales” → “Sales EMEA”"
        );
        assert_eq!(
            change_line("Email", "a@b.co", ""),
            "Email: “a@b.co” → (empty)"
        );
    }
}
