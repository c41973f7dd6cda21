//! What `index.html` paints before the app has downloaded (`#boot`), and its
//! hand-over as the app mounts. Without a key in the tab that is the sign-in
//! form, in the sign-in page's markup and styled by the inlined critical CSS:
//! whatever was done in it meanwhile (the key and API base typed, the key
//! shown, Advanced opened, the focus and caret, a Sign in pressed) is read
//! right before the mount and given to the sign-in page, in the same task,
//! so no keystroke falls between the two forms.

use std::cell::RefCell;

use wasm_bindgen::JsCast;
use web_sys::{Document, HtmlInputElement};

/// The boot form's state when the app took over.
#[derive(Clone, Debug, Default)]
pub struct BootForm {
    pub key: String,
    pub base: String,
    pub show_key: bool,
    pub advanced_open: bool,
    /// Sign in was pressed before the app ran.
    pub submitted: bool,
    focus: Option<Focus>,
}

#[derive(Clone, Debug)]
struct Focus {
    id: String,
    selection: Option<(u32, u32)>,
}

thread_local! {
    static TAKEN: RefCell<Option<BootForm>> = const { RefCell::new(None) };
}

fn document() -> Option<Document> {
    web_sys::window()?.document()
}

fn input(document: &Document, id: &str) -> Option<HtmlInputElement> {
    document.get_element_by_id(id)?.dyn_into().ok()
}

/// Reads the boot form if it is what the page shows. Call right before the
/// app mounts; [`finish`] right after.
pub fn capture() {
    let Some(document) = document() else {
        return;
    };
    let shown = document
        .document_element()
        .and_then(|html| html.get_attribute("data-boot"))
        .is_some_and(|view| view == "sign-in");
    let Some(form) = document.get_element_by_id("boot-form").filter(|_| shown) else {
        return;
    };
    let value = |id: &str| input(&document, id).map(|i| i.value()).unwrap_or_default();
    let focus = document.active_element().and_then(|element| {
        if !form.contains(Some(&element)) || element.id().is_empty() {
            return None;
        }
        let selection = element
            .dyn_ref::<HtmlInputElement>()
            .and_then(|i| Some((i.selection_start().ok()??, i.selection_end().ok()??)));
        Some(Focus {
            id: element.id(),
            selection,
        })
    });
    let state = BootForm {
        key: value("api-key"),
        base: value("api-base"),
        show_key: input(&document, "api-key").is_some_and(|i| i.type_() == "text"),
        advanced_open: form
            .query_selector("details")
            .ok()
            .flatten()
            .is_some_and(|d| d.has_attribute("open")),
        submitted: form.has_attribute("data-submitted"),
        focus,
    };
    TAKEN.with(|t| *t.borrow_mut() = Some(state));
}

/// Removes what `index.html` painted: the app's own view is in the page.
pub fn finish() {
    if let Some(boot) = document().and_then(|d| d.get_element_by_id("boot")) {
        boot.remove();
    }
}

/// The boot form's state, once: the sign-in page that takes it over asks.
pub fn take() -> Option<BootForm> {
    TAKEN.with(|t| t.borrow_mut().take())
}

impl BootForm {
    fn value_of(&self, id: &str) -> Option<&str> {
        match id {
            "api-key" => Some(&self.key),
            "api-base" => Some(&self.base),
            _ => None,
        }
    }

    /// Puts the focus (and caret) back where it was, in the app's form (its
    /// fields have the same ids). Call once the app's form is in the page.
    pub fn restore_focus(&self) {
        let Some(focus) = &self.focus else {
            return;
        };
        let Some(document) = document() else {
            return;
        };
        let Some(element) = document.get_element_by_id(&focus.id) else {
            return;
        };
        if let Some(element) = element.dyn_ref::<web_sys::HtmlElement>() {
            let _ = element.focus();
        }
        if let (Some(input), Some((start, end))) =
            (element.dyn_ref::<HtmlInputElement>(), focus.selection)
        {
            // The app's field may get its value after this runs (a render
            // effect); set here first, the same value set again then leaves
            // the caret where it is put now.
            if let Some(value) = self.value_of(&focus.id) {
                if input.value() != value {
                    input.set_value(value);
                }
            }
            let _ = input.set_selection_range(start, end);
        }
    }
}
