//! A form's draft: while the form has unsaved changes what was typed is kept
//! (see [`crate::drafts`]); leaving the form by a link or after saving drops
//! it, leaving by Back/Forward or a forced sign-out keeps it. A form that
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
    // The router's path: during an in-app navigation the window's location
    // still shows the page being left when the new page is built.
    let path = leptos_router::hooks::use_location()
        .pathname
        .get_untracked();
    // Filed under the account: another key signing in here never sees it.
    let form = format!("{}:{path}#{name}", session.draft_owner_untracked());
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
    // Leaving by a link while signed in is a choice (the unsaved-changes
    // prompt asked). Back and Forward cannot be asked about (see
    // `unsaved.rs`), so they keep the draft, as a forced sign-out does: the
    // form offers it again when the user comes back to it. The router may
    // unmount the form before or after `popstate` reaches us, so the check
    // waits a turn.
    watch_history();
    on_cleanup(move || {
        if !session.is_signed_in_untracked() {
            return;
        }
        let Some(form) = draft.form.try_get_value() else {
            return;
        };
        let left_at = page_time();
        set_timeout(
            move || {
                if !moved_by_history(left_at) {
                    drafts::remove(&form);
                }
            },
            std::time::Duration::ZERO,
        );
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
            drafts::save(&form, &untrack(|| self.values()));
        } else {
            drafts::remove(&form);
        }
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

thread_local! {
    /// When the last `popstate` (Back, Forward) happened, in page time.
    static LAST_POPSTATE: std::cell::Cell<Option<f64>> = const { std::cell::Cell::new(None) };
    /// When the last click (a link's too, from the keyboard) happened.
    static LAST_CLICK: std::cell::Cell<Option<f64>> = const { std::cell::Cell::new(None) };
    static WATCHING: std::cell::Cell<bool> = const { std::cell::Cell::new(false) };
}

fn page_time() -> f64 {
    web_sys::window()
        .and_then(|w| w.performance())
        .map_or(0.0, |p| p.now())
}

/// Notes every `popstate` and every click for the life of the page
/// (installed once; clicks before anything else sees them).
fn watch_history() {
    if WATCHING.replace(true) {
        return;
    }
    let Some(window) = web_sys::window() else {
        return;
    };
    let on_popstate = wasm_bindgen::closure::Closure::<dyn Fn()>::new(|| {
        LAST_POPSTATE.set(Some(page_time()));
    });
    let _ = window.add_event_listener_with_callback(
        "popstate",
        wasm_bindgen::JsCast::unchecked_ref(on_popstate.as_ref()),
    );
    on_popstate.forget();
    let on_click = wasm_bindgen::closure::Closure::<dyn Fn()>::new(|| {
        LAST_CLICK.set(Some(page_time()));
    });
    let _ = window.add_event_listener_with_callback_and_bool(
        "click",
        wasm_bindgen::JsCast::unchecked_ref(on_click.as_ref()),
        true,
    );
    on_click.forget();
}

/// Whether a form that unmounted at `left_at` was left by Back or Forward:
/// a `popstate` came within a moment of it (before or after), and no click
/// since (a link followed right after a Forward is a choice).
fn moved_by_history(left_at: f64) -> bool {
    let clicked_since = |at: f64| LAST_CLICK.get().is_some_and(|click| click > at);
    LAST_POPSTATE
        .get()
        .is_some_and(|at| (left_at - at).abs() < 100.0 && !clicked_since(at))
}
