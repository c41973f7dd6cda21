//! A form's draft: while the form has unsaved changes what was typed is kept
//! (see [`crate::drafts`]); leaving the form normally drops it. A form that
//! finds a draft on opening (after a forced sign-out, or a reload) offers it
//! back with [`DraftOffer`] rather than filling itself in unasked.

use leptos::prelude::*;

use crate::drafts::{self, Fields};
use crate::session::Session;

/// One field of a form as a draft sees it: its name, its label, its value.
pub type DraftField = (&'static str, &'static str, RwSignal<String>);

#[derive(Clone, Copy)]
pub struct Draft {
    offered: RwSignal<Option<Fields>>,
    fields: StoredValue<Vec<DraftField>>,
    form: StoredValue<String>,
    dirty: Signal<bool>,
}

/// Keeps `fields` as the draft of the form `name` on this page while
/// `dirty`, and offers back a draft found on opening.
pub fn use_draft(name: &str, fields: Vec<DraftField>, dirty: Signal<bool>) -> Draft {
    let session = expect_context::<Session>();
    let path = web_sys::window()
        .and_then(|w| w.location().pathname().ok())
        .unwrap_or_default();
    let form = format!("{path}#{name}");
    let found = drafts::load(&form).filter(|draft| {
        // A draft that matches the form as it opens has nothing to offer.
        draft.iter().any(|(name, value)| {
            fields
                .iter()
                .any(|(n, _, v)| n == name && v.with_untracked(|v| v != value))
        })
    });
    let draft = Draft {
        offered: RwSignal::new(found),
        fields: StoredValue::new(fields),
        form: StoredValue::new(form),
        dirty,
    };

    Effect::new(move |_| {
        let values = draft.values();
        let form = draft.form.get_value();
        if dirty.get() {
            drafts::save(&form, &values);
        } else if draft.offered.with_untracked(Option::is_none) {
            drafts::remove(&form);
        }
    });
    // Leaving while signed in is a choice (the unsaved-changes prompt asked);
    // a forced sign-out unmounts the form signed out, and keeps the draft.
    on_cleanup(move || {
        if session.is_signed_in_untracked() {
            if let Some(form) = draft.form.try_get_value() {
                drafts::remove(&form);
            }
        }
    });
    draft
}

impl Draft {
    /// The fields' current values (tracked).
    fn values(&self) -> Vec<(&'static str, String)> {
        self.fields
            .with_value(|fields| fields.iter().map(|(n, _, v)| (*n, v.get())).collect())
    }

    /// Puts the offered values back into the form.
    pub fn restore(&self) {
        let Some(found) = self.offered.get_untracked() else {
            return;
        };
        self.fields.with_value(|fields| {
            for (name, _, value) in fields {
                if let Some((_, saved)) = found.iter().find(|(n, _)| n == name) {
                    value.set(saved.clone());
                }
            }
        });
        self.offered.set(None);
    }

    /// Drops the offered values; the form keeps what is in it now.
    pub fn discard(&self) {
        self.offered.set(None);
        let form = self.form.get_value();
        if self.dirty.get_untracked() {
            drafts::save(&form, &self.values_untracked());
        } else {
            drafts::remove(&form);
        }
    }

    fn values_untracked(&self) -> Vec<(&'static str, String)> {
        self.fields.with_value(|fields| {
            fields
                .iter()
                .map(|(n, _, v)| (*n, v.get_untracked()))
                .collect()
        })
    }

    /// `Name and Description`: the fields a restore would change.
    fn summary(&self) -> String {
        let Some(found) = self.offered.get() else {
            return String::new();
        };
        let labels: Vec<&str> = self.fields.with_value(|fields| {
            fields
                .iter()
                .filter(|(name, _, value)| {
                    found
                        .iter()
                        .any(|(n, saved)| n == name && value.with(|v| v != saved))
                })
                .map(|(_, label, _)| *label)
                .collect()
        });
        match labels.as_slice() {
            [] => "nothing that differs from the form now".into(),
            [only] => only.to_string(),
            [init @ .., last] => format!("{} and {last}", init.join(", ")),
        }
    }
}

/// "You typed changes to Name here earlier…" with Restore and Discard, shown
/// while a draft found on opening waits for an answer.
#[component]
pub fn DraftOffer(draft: Draft) -> impl IntoView {
    view! {
        <Show when=move || draft.offered.with(Option::is_some)>
            <div class="draft-offer" role="status">
                <p>
                    "You typed changes to " {move || draft.summary()}
                    " here earlier in this tab that were not saved (kept when you were signed "
                    "out or the page was reloaded)."
                </p>
                <div class="form-actions">
                    <button type="button" class="primary" on:click=move |_| draft.restore()>
                        "Restore changes"
                    </button>
                    <button type="button" class="secondary" on:click=move |_| draft.discard()>
                        "Discard them"
                    </button>
                </div>
            </div>
        </Show>
    }
}
