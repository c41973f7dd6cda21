//! The write side of the wire format: what a form, a bulk edit or an import
//! may send for an item, with one set of limits per field.
//!
//! Each item that can be written names its fields in an enum implementing
//! [`Field`] (`GroupField::Name`, `UserField::Email`, …): label, rule and the
//! name the API knows it by, defined once. [`Values`] holds one text per
//! field as typed; [`Values::check`] says what is wrong with it, field by
//! field; [`Changes::between`] is what an edit sends (only what differs).
//! `api::<item>::create/update` turn them into request bodies; nothing else
//! names a request field.

use std::fmt::Debug;
use std::marker::PhantomData;

/// One field of an item the portal can write.
pub trait Field: Copy + Eq + Debug + Send + Sync + 'static {
    /// Every field, in the order forms show them and requests send them.
    const ALL: &'static [Self];

    /// Everything about the field, one line per field.
    fn spec(self) -> Spec;

    fn key(self) -> &'static str {
        self.spec().key
    }

    fn label(self) -> &'static str {
        self.spec().label
    }

    fn rule(self) -> Rule {
        self.spec().rule
    }

    fn wire(self) -> &'static str {
        self.spec().wire
    }

    fn index(self) -> usize {
        Self::ALL
            .iter()
            .position(|f| *f == self)
            .expect("a field is in its own ALL")
    }
}

/// A writable field, described once.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Spec {
    /// A stable name, unique across items (`user-first`): element ids,
    /// drafts, import mappings. Never sent to the API.
    pub key: &'static str,
    /// What a person calls it (`First name`).
    pub label: &'static str,
    /// Its name in a request body (`firstName`).
    pub wire: &'static str,
    pub rule: Rule,
    pub kind: Kind,
    /// A line of help under the input (`Optional.`).
    pub hint: Option<&'static str>,
}

/// What a field holds, so a form knows how to ask for it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Kind {
    /// A line of text.
    Line,
    /// Text that may run over several lines.
    Text,
    /// The id of another item, chosen from a list of them.
    Choice,
}

impl Spec {
    /// A one-line field; see [`Spec::text`], [`Spec::choice`], [`Spec::hint`].
    pub const fn line(
        key: &'static str,
        label: &'static str,
        wire: &'static str,
        rule: Rule,
    ) -> Self {
        Spec {
            key,
            label,
            wire,
            rule,
            kind: Kind::Line,
            hint: None,
        }
    }

    pub const fn text(self) -> Self {
        Spec {
            kind: Kind::Text,
            ..self
        }
    }

    pub const fn choice(self) -> Self {
        Spec {
            kind: Kind::Choice,
            ..self
        }
    }

    pub const fn hint(self, hint: &'static str) -> Self {
        Spec {
            hint: Some(hint),
            ..self
        }
    }
}

/// What a field's value must be, checked on the trimmed text.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Rule {
    /// Said when the field is empty; `None` when it may be.
    pub required: Option<&'static str>,
    /// The most characters (not bytes) it may hold.
    pub max_chars: usize,
    pub format: Format,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Format {
    Text,
    /// `name@example.com` (when not empty).
    Email,
}

impl Rule {
    pub const fn optional(max_chars: usize) -> Self {
        Rule {
            required: None,
            max_chars,
            format: Format::Text,
        }
    }

    pub const fn required(message: &'static str, max_chars: usize) -> Self {
        Rule {
            required: Some(message),
            max_chars,
            format: Format::Text,
        }
    }

    pub const fn email(self) -> Self {
        Rule {
            format: Format::Email,
            ..self
        }
    }

    /// What is wrong with `value`, in words a person can act on.
    pub fn check(&self, value: &str) -> Option<String> {
        let value = value.trim();
        if value.is_empty() {
            return self.required.map(str::to_string);
        }
        if value.chars().count() > self.max_chars {
            return Some(format!("Use at most {} characters.", self.max_chars));
        }
        match self.format {
            Format::Email if !looks_like_email(value) => {
                Some("Enter an email address like name@example.com.".into())
            }
            _ => None,
        }
    }
}

/// `someone@example.com`: one `@`, something before it, a dotted domain after.
pub fn looks_like_email(email: &str) -> bool {
    let Some((local, domain)) = email.split_once('@') else {
        return false;
    };
    !local.is_empty()
        && !domain.contains('@')
        && domain.contains('.')
        && !domain.starts_with('.')
        && !domain.ends_with('.')
        && !email.chars().any(char::is_whitespace)
}

/// One text per field of `F`, as typed (spaces kept: they are trimmed when
/// checked, compared and sent).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Values<F: Field> {
    texts: Vec<String>,
    field: PhantomData<F>,
}

impl<F: Field> Default for Values<F> {
    fn default() -> Self {
        Values {
            texts: vec![String::new(); F::ALL.len()],
            field: PhantomData,
        }
    }
}

impl<F: Field> Values<F> {
    pub fn get(&self, field: F) -> &str {
        &self.texts[field.index()]
    }

    /// The value as it is checked and sent.
    pub fn trimmed(&self, field: F) -> &str {
        self.get(field).trim()
    }

    pub fn set(&mut self, field: F, text: impl Into<String>) {
        self.texts[field.index()] = text.into();
    }

    /// Every field's text from `text(field)`.
    pub fn from_fn(text: impl Fn(F) -> String) -> Self {
        Values {
            texts: F::ALL.iter().map(|f| text(*f)).collect(),
            field: PhantomData,
        }
    }

    pub fn with(mut self, field: F, text: impl Into<String>) -> Self {
        self.set(field, text);
        self
    }

    /// What is wrong with `fields` (a form edits some fields of an item).
    pub fn check(&self, fields: &[F]) -> FieldErrors<F> {
        FieldErrors(
            fields
                .iter()
                .filter_map(|f| f.rule().check(self.get(*f)).map(|e| (*f, e)))
                .collect(),
        )
    }

    /// What an add sends: every required field, the others when given.
    pub fn to_create(&self) -> Vec<(F, String)> {
        F::ALL
            .iter()
            .filter(|f| f.rule().required.is_some() || !self.trimmed(**f).is_empty())
            .map(|f| (*f, self.trimmed(*f).to_string()))
            .collect()
    }
}

/// Per-field problems, in the order they were checked.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct FieldErrors<F>(Vec<(F, String)>);

impl<F> Default for FieldErrors<F> {
    fn default() -> Self {
        FieldErrors(Vec::new())
    }
}

impl<F: Field> FieldErrors<F> {
    pub fn get(&self, field: F) -> Option<String> {
        self.0
            .iter()
            .find(|(f, _)| *f == field)
            .map(|(_, e)| e.clone())
    }

    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }
}

/// One field an edit changes: its saved and its new value, both trimmed.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Change<F> {
    pub field: F,
    pub before: String,
    pub after: String,
}

/// What an edit sends: the fields whose value differs from the saved one.
/// Spaces around a value do not count; what is sent is trimmed.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Changes<F>(Vec<Change<F>>);

impl<F: Field> Changes<F> {
    pub fn between(saved: &Values<F>, typed: &Values<F>) -> Self {
        Changes(
            F::ALL
                .iter()
                .filter(|f| saved.trimmed(**f) != typed.trimmed(**f))
                .map(|f| Change {
                    field: *f,
                    before: saved.trimmed(*f).to_string(),
                    after: typed.trimmed(*f).to_string(),
                })
                .collect(),
        )
    }

    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    pub fn iter(&self) -> impl Iterator<Item = &Change<F>> {
        self.0.iter()
    }

    /// The new value of `field`, if it changes.
    pub fn after(&self, field: F) -> Option<&str> {
        self.0
            .iter()
            .find(|c| c.field == field)
            .map(|c| c.after.as_str())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[derive(Clone, Copy, Debug, PartialEq, Eq)]
    enum Pet {
        Name,
        Owner,
        Note,
    }

    impl Field for Pet {
        const ALL: &'static [Self] = &[Pet::Name, Pet::Owner, Pet::Note];
        fn spec(self) -> Spec {
            let name = Rule::required("Name the pet.", 5);
            let (owner, note) = (Rule::optional(20).email(), Rule::optional(100));
            match self {
                Pet::Name => Spec::line("pet-name", "Name", "name", name),
                Pet::Owner => Spec::line("pet-owner", "Owner's email", "ownerEmail", owner),
                Pet::Note => Spec::line("pet-note", "Note", "note", note).text(),
            }
        }
    }

    #[test]
    fn rules_say_what_is_wrong() {
        let v = Values::<Pet>::default().with(Pet::Name, "  ");
        assert_eq!(
            v.check(Pet::ALL).get(Pet::Name).as_deref(),
            Some("Name the pet.")
        );
        let v = v.with(Pet::Name, " Rexie ").with(Pet::Owner, "a@b");
        let errors = v.check(Pet::ALL);
        assert_eq!(errors.get(Pet::Name), None, "trimmed, 5 characters");
        assert_eq!(
            errors.get(Pet::Owner).as_deref(),
            Some("Enter an email address like name@example.com.")
        );
        let v = v.with(Pet::Name, "Rexiée").with(Pet::Owner, "");
        assert_eq!(
            v.check(Pet::ALL).get(Pet::Name).as_deref(),
            Some("Use at most 5 characters.")
        );
        // A form that edits only some fields checks only those.
        assert!(v.check(&[Pet::Owner, Pet::Note]).is_empty());
    }

    #[test]
    fn an_add_sends_required_fields_and_what_was_given() {
        let v = Values::<Pet>::default()
            .with(Pet::Name, " Rex ")
            .with(Pet::Note, "good dog ");
        assert_eq!(
            v.to_create(),
            vec![(Pet::Name, "Rex".into()), (Pet::Note, "good dog".into())]
        );
    }

    #[test]
    fn changes_are_what_differs_trimmed() {
        let saved = Values::<Pet>::default()
            .with(Pet::Name, "Rex")
            .with(Pet::Owner, "a@b.co");
        let typed = saved.clone().with(Pet::Name, " Rex ").with(Pet::Owner, " ");
        let changes = Changes::between(&saved, &typed);
        assert_eq!(
            changes.iter().cloned().collect::<Vec<_>>(),
            vec![Change {
                field: Pet::Owner,
                before: "a@b.co".into(),
                after: String::new()
            }]
        );
        assert_eq!(changes.after(Pet::Owner), Some(""));
        assert_eq!(changes.after(Pet::Name), None);
        assert!(Changes::between(&saved, &saved).is_empty());
    }

    #[test]
    fn emails() {
        for ok in ["a@b.co", "first.last@example.com", "x+tag@sub.example.org"] {
            assert!(looks_like_email(ok), "{ok}");
        }
        for bad in [
            "", "a", "a@", "@b.co", "a@b", "a@@b.co", "a b@c.de", "a@.co", "a@co.",
        ] {
            assert!(!looks_like_email(bad), "{bad}");
        }
    }
}
