//! Keyboard shortcuts: one keydown listener on the document while the shell
//! lives. Ctrl+K (⌘K) opens the command palette from anywhere; the others
//! (`/`, `g` then a letter, `j`/`k`, `?`) never fire while the user types in
//! a field or holds Ctrl, Alt or ⌘.
//!
//! Only the listener and the dialogs' open state are in the main module: the
//! palette, the shortcuts dialog and the row moves come with the lists module
//! ([`later`]), fetched when first needed or a while after the shell shows
//! (if the page had not fetched it already).

use leptos::ev::KeyboardEvent;
use leptos::prelude::*;
use leptos::task::spawn_local;
use leptos::wasm_split::{wasm_split, SplitLoaderError};
use send_wrapper::SendWrapper;
use wasm_bindgen::closure::Closure;
use wasm_bindgen::JsCast;

use crate::components::modal::Modal;
use crate::components::toast::{use_toasts, Toasts};
use crate::recent::{self, Kind, Recent};
use crate::routes::{self, Page, Route};
use crate::session::Session;

/// How long after `g` its second key counts.
const SEQUENCE_MS: f64 = 1_500.0;

/// When the palette's code is fetched if nothing asked for it before: past
/// the first page's own requests and drawing.
const LOAD_AFTER_MS: u64 = 3_000;

/// `g` then one of these goes to its page.
const GO_TO: [(&str, Route<'static>); 5] = [
    ("o", Route::Overview),
    ("g", Route::Groups),
    ("u", Route::Users),
    ("d", Route::Devices),
    ("m", Route::FleetMap(None)),
];

/// Every shortcut, as the `?` dialog lists it: keys pressed together are
/// joined by `+`, one after the other by a space.
const SHORTCUTS: [(&str, &str); 12] = [
    ("Ctrl+K", "Open the command palette (⌘K on a Mac)"),
    ("/", "Search the list on this page"),
    ("g o", "Go to the overview"),
    ("g g", "Go to groups"),
    ("g u", "Go to users"),
    ("g d", "Go to devices"),
    ("g m", "Go to the map"),
    ("j", "Next row of the list"),
    ("k", "Previous row of the list"),
    ("Enter", "Open the row"),
    ("?", "Show these shortcuts"),
    ("Esc", "Close a dialog"),
];

/// Which dialogs are open, where the focus goes back to when they close,
/// and where their code is mounted once it is in.
#[derive(Clone, Copy)]
pub struct Dialogs {
    pub palette: RwSignal<bool>,
    pub help: RwSignal<bool>,
    /// Kept where the main module already keeps values (a local store
    /// would bring its own code).
    state: StoredValue<SendWrapper<State>>,
    toasts: Toasts,
}

/// One stored value for all of it: each kind of stored value costs code.
struct State {
    back_to: Option<web_sys::HtmlElement>,
    /// The shell's owner: its contexts (the router) for the dialogs.
    owner: Option<Owner>,
    /// The dialogs' code is mounted or on its way.
    loaded: bool,
    /// When `g` was pressed, while its second key may follow.
    g_at: Option<f64>,
}

impl Dialogs {
    fn new() -> Self {
        Dialogs {
            palette: RwSignal::new(false),
            help: RwSignal::new(false),
            state: StoredValue::new(SendWrapper::new(State {
                back_to: None,
                owner: Owner::current(),
                loaded: false,
                g_at: None,
            })),
            toasts: use_toasts(),
        }
    }

    fn any_open(&self) -> bool {
        self.palette.get_untracked() || self.help.get_untracked()
    }

    pub fn open_palette(&self) {
        self.remember_focus();
        self.help.set(false);
        self.palette.set(true);
        self.load();
    }

    fn open_help(&self) {
        self.remember_focus();
        self.palette.set(false);
        self.help.set(true);
        self.load();
    }

    fn remember_focus(&self) {
        if !self.any_open() {
            let focused = document()
                .active_element()
                .and_then(|e| e.dyn_into::<web_sys::HtmlElement>().ok());
            self.state.update_value(|s| s.back_to = focused);
        }
    }

    /// Closes whichever is open; the focus goes back where it was.
    pub fn close(&self) {
        self.palette.set(false);
        self.help.set(false);
        if let Some(el) = self.state.try_update_value(|s| s.back_to.take()).flatten() {
            if el.is_connected() {
                let _ = el.focus();
            }
        }
    }

    /// Fetches and mounts the dialogs' code, once (again after a failure).
    fn load(&self) {
        let this = *self;
        // The shell's element for them, found by id: a node ref costs code.
        let Some(host) = first_html("#dialogs") else {
            return;
        };
        let owner = this.state.try_update_value(|s| {
            let owner = s.owner.clone().filter(|_| !s.loaded)?;
            s.loaded = true;
            Some(owner)
        });
        let Some(Some(owner)) = owner else {
            return;
        };
        spawn_local(async move {
            if let Err(e) = later(Later::Mount(this, owner, host)).await {
                leptos::logging::error!("{e}");
                this.state.try_update_value(|s| s.loaded = false);
                if this.any_open() {
                    this.close();
                    this.toasts.show(
                        "The command palette could not be downloaded. Check the connection, then try again.",
                    );
                }
            }
        });
    }
}

/// Whether a key press is typing: in a field, a list box or editable text.
fn typing_in(ev: &KeyboardEvent) -> bool {
    let Some(el) = ev
        .target()
        .and_then(|t| t.dyn_into::<web_sys::HtmlElement>().ok())
    else {
        return false;
    };
    matches!(el.tag_name().as_str(), "INPUT" | "TEXTAREA" | "SELECT") || el.is_content_editable()
}

/// Installs the document's keydown listener for the calling component's
/// life; answers the dialogs it opens.
pub fn install() -> Dialogs {
    let dialogs = Dialogs::new();
    let go = routes::use_go();
    let on_key = move |ev: web_sys::Event| {
        let ev: KeyboardEvent = ev.unchecked_into();
        let key = ev.key();
        let command = ev.ctrl_key() || ev.meta_key();
        if command && !ev.alt_key() && key.eq_ignore_ascii_case("k") {
            ev.prevent_default();
            if dialogs.palette.get_untracked() {
                dialogs.close();
            } else {
                dialogs.open_palette();
            }
            return;
        }
        if command || ev.alt_key() || ev.default_prevented() || dialogs.any_open() || typing_in(&ev)
        {
            return;
        }
        let now = js_sys::Date::now();
        let after_g = dialogs
            .state
            .try_update_value(|s| s.g_at.take())
            .flatten()
            .is_some_and(|at| now - at <= SEQUENCE_MS);
        if after_g {
            if let Some((_, route)) = GO_TO.iter().find(|(k, _)| *k == key) {
                ev.prevent_default();
                go(&route.href(), false);
                return;
            }
        }
        match key.as_str() {
            "g" => dialogs.state.update_value(|s| s.g_at = Some(now)),
            "/" => {
                if let Some(search) = first_html("main input[type=search]") {
                    ev.prevent_default();
                    let _ = search.focus();
                }
            }
            "j" | "k" if first_html(ROWS).is_some() => {
                ev.prevent_default();
                // In the main module: a key waiting on a download (the
                // palette's, under way at the same time) was seen lost.
                move_row(if key == "j" { 1 } else { -1 });
            }
            "?" => {
                ev.prevent_default();
                dialogs.open_help();
            }
            _ => {}
        }
    };
    // The closure type leptos' own listeners use: its glue is there already.
    let listener = Closure::wrap(Box::new(on_key) as Box<dyn FnMut(web_sys::Event)>);
    set_timeout(
        move || dialogs.load(),
        std::time::Duration::from_millis(LOAD_AFTER_MS),
    );
    let _ =
        document().add_event_listener_with_callback("keydown", listener.as_ref().unchecked_ref());
    let listener = SendWrapper::new(listener);
    on_cleanup(move || {
        let _ = document()
            .remove_event_listener_with_callback("keydown", listener.as_ref().unchecked_ref());
    });
    dialogs
}

fn first_html(selector: &str) -> Option<web_sys::HtmlElement> {
    document()
        .query_selector(selector)
        .ok()
        .flatten()?
        .dyn_into()
        .ok()
}

/// The rows of the list on screen.
const ROWS: &str = "main table.data-table tbody tr";

/// Moves the keyboard's row in the list on screen `by` rows (the first row
/// when none is yet) and focuses its link, so Enter opens it.
fn move_row(by: i32) {
    use crate::components::data_table::{KEYBOARD_ROW_ATTR, KEYBOARD_ROW_CLASS as MARK};
    let Ok(found) = document().query_selector_all(ROWS) else {
        return;
    };
    let rows: Vec<web_sys::Element> = (0..found.length())
        .filter_map(|i| found.item(i)?.dyn_into().ok())
        .collect();
    if rows.is_empty() {
        return;
    }
    // From the row holding the focus (Tab may have moved it), else the marked one.
    let focused_row = document()
        .active_element()
        .and_then(|a| a.closest("tr").ok().flatten());
    let at = rows
        .iter()
        .position(|r| Some(r) == focused_row.as_ref())
        .or_else(|| rows.iter().position(|r| r.class_list().contains(MARK)));
    // With no row yet, the first `j` comes to the first row.
    let from = at.map_or(-1, |i| i as i32);
    let next = (from + by).clamp(0, rows.len() as i32 - 1) as usize;
    for row in &rows {
        let _ = row.class_list().remove_1(MARK);
    }
    let row = &rows[next];
    let _ = row.class_list().add_1(MARK);
    let target = row
        .query_selector("a[href], button")
        .ok()
        .flatten()
        .unwrap_or_else(|| {
            let _ = row.set_attribute("tabindex", "-1");
            row.clone()
        });
    if let Ok(target) = target.dyn_into::<web_sys::HtmlElement>() {
        let _ = target.focus();
        // Kept, so the table can give the focus back if it writes its rows again.
        if let (Some(href), Some(body)) = (target.get_attribute("href"), document().body()) {
            let _ = body.set_attribute(KEYBOARD_ROW_ATTR, &href);
        }
    }
}

/// Notes each group, user or device page shown as a recent item (named
/// later, by the palette).
fn note_visits() {
    let session = expect_context::<Session>();
    let location = leptos_router::hooks::use_location();
    Effect::new(move |_| {
        let path = location.pathname.get();
        let app_path = routes::app_path(&path);
        let kind = match Page::at(app_path) {
            Some(Page::Group) => Kind::Group,
            Some(Page::User) => Kind::User,
            Some(Page::Device) => Kind::Device,
            _ => return,
        };
        if let Some(id) = routes::id_at(app_path) {
            recent::note(
                &session.draft_owner_untracked(),
                Recent {
                    kind,
                    id,
                    name: String::new(),
                },
            );
        }
    });
}

/// What the lists module does for the keys.
enum Later {
    /// Draw the palette and the shortcuts dialog in the shell's `host`,
    /// under its owner (its contexts; dropped with it, at sign-out), and
    /// note the item pages visited from then on. What the palette reads
    /// stays until then.
    Mount(Dialogs, Owner, web_sys::HtmlElement),
}

#[wasm_split(lists, wasm_split_path = ::leptos::wasm_split, fallible)]
fn later(what: Later) -> Result<(), SplitLoaderError> {
    match what {
        Later::Mount(dialogs, owner, host) => owner.with(|| {
            note_visits();
            let index = super::palette::Index::new();
            let mounted = leptos::mount::mount_to(host, move || {
                view! {
                    <Show when=move || dialogs.palette.get()>
                        <super::palette::Palette dialogs=dialogs index=index/>
                    </Show>
                    <Show when=move || dialogs.help.get()>
                        <ShortcutsHelp dialogs=dialogs/>
                    </Show>
                }
            });
            StoredValue::new_local(mounted);
        }),
    }
    Ok(())
}

/// `?`: every shortcut, in a dialog.
#[component]
fn ShortcutsHelp(dialogs: Dialogs) -> impl IntoView {
    let close = NodeRef::<leptos::html::Button>::new();
    Effect::new(move |_| {
        if let Some(button) = close.get() {
            let _ = button.focus();
        }
    });
    let keys = |keys: &'static str| {
        keys.split(' ')
            .enumerate()
            .map(|(i, step)| {
                let chord = step
                    .split('+')
                    .enumerate()
                    .map(|(j, key)| view! { {(j > 0).then_some("+")}<kbd>{key}</kbd> })
                    .collect_view();
                view! { {(i > 0).then_some(" then ")}{chord} }
            })
            .collect_view()
    };
    view! {
        <Modal labelled_by="shortcuts-title" class="modal shortcuts"
            on_close=Callback::new(move |_| dialogs.close())>
            <h2 id="shortcuts-title">"Keyboard shortcuts"</h2>
            <dl class="shortcut-list">
                {SHORTCUTS.iter().map(|(k, what)| view! {
                    <div><dt>{keys(k)}</dt><dd>{*what}</dd></div>
                }).collect_view()}
            </dl>
            <p class="hint">"Shortcuts other than Ctrl+K do nothing while you type in a field."</p>
            <button type="button" node_ref=close on:click=move |_| dialogs.close()>"Close"</button>
        </Modal>
    }
}
