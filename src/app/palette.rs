//! The command palette (Ctrl+K): jump to a page, or to any group, user or
//! device by a few letters of its name. A modal dialog holding an ARIA
//! combobox (the focus stays in the input; the active option is named by
//! `aria-activedescendant`) over a listbox of the best matches.
//!
//! The API has no search, so the palette reads every group, user and device
//! (page by page through the query cache, groups first, devices last) when
//! it first opens, and keeps them until sign-out, reading them again when
//! opened after [`FRESH_FOR_MS`]. Matches show as the pages come in.

use futures::future::{AbortHandle, Abortable};
use leptos::ev::KeyboardEvent;
use leptos::prelude::*;
use leptos::task::spawn_local;

use super::shortcuts::Dialogs;
use crate::api::walk::{self, Progress};
use crate::api::{self, app_api, ApiError, ListPage, Paging};
use crate::components::chart::grouped;
use crate::components::modal::Modal;
use crate::model::fuzzy::{self, Prepared, Query};
use crate::recent::{self, Kind, Recent};
use crate::routes::{self, NAMED_PAGES};
use crate::session::Session;

/// Matches shown at most.
const SHOWN: usize = 20;
/// A recent item scores this much more than another matching as well.
const RECENT_BOOST: i32 = 24;
/// What was read is used this long before it is read again.
const FRESH_FOR_MS: f64 = 5.0 * 60_000.0;

#[derive(Clone, Debug, PartialEq)]
enum Target {
    /// One of [`NAMED_PAGES`], by its place there.
    Page(usize),
    Item(Kind, String),
}

#[derive(Clone, Debug, PartialEq)]
struct Entry {
    target: Target,
    name: String,
    /// A second line that tells items apart (an email, a model).
    detail: String,
    text: Prepared,
}

impl Entry {
    fn item(kind: Kind, id: &str, name: String, detail: String) -> Self {
        let name = if name.trim().is_empty() {
            id.to_string()
        } else {
            name
        };
        Entry {
            target: Target::Item(kind, id.to_string()),
            text: Prepared::new(&name),
            name,
            detail,
        }
    }

    fn label(&self) -> &'static str {
        match &self.target {
            Target::Page(_) => "Page",
            Target::Item(kind, _) => kind.label(),
        }
    }
}

/// One list read for the palette.
#[derive(Clone, Copy)]
struct Source {
    noun: &'static str,
    entries: RwSignal<Vec<Entry>>,
    /// While it is read.
    progress: RwSignal<Option<Progress>>,
    error: RwSignal<Option<String>>,
    /// When the last whole read of it started.
    read_at: StoredValue<Option<f64>>,
}

impl Source {
    fn new(noun: &'static str) -> Self {
        Source {
            noun,
            entries: RwSignal::new(Vec::new()),
            progress: RwSignal::new(None),
            error: RwSignal::new(None),
            read_at: StoredValue::new(None),
        }
    }

    fn fresh(&self, now: f64) -> bool {
        self.read_at
            .get_value()
            .is_some_and(|at| now - at < FRESH_FOR_MS)
    }

    /// Every page of the list. The first time, entries show as pages come
    /// in; a later read replaces them once it is whole.
    async fn read<T, F, Fut>(self, fetch: F, entry: impl Fn(&T) -> Entry)
    where
        F: Fn(Paging) -> Fut,
        Fut: std::future::Future<Output = Result<ListPage<T>, ApiError>>,
    {
        let started = js_sys::Date::now();
        let first = self.entries.with_untracked(Vec::is_empty);
        let mut read = Vec::new();
        self.error.set(None);
        self.progress.set(Some(Progress::default()));
        let walked = walk::pages(fetch, |_, items: Vec<T>, progress| {
            let page = items.iter().map(&entry);
            if first {
                self.entries.try_update(|e| e.extend(page));
            } else {
                read.extend(page);
            }
            self.progress.try_set(Some(progress));
        })
        .await;
        self.progress.try_set(None);
        match walked {
            Ok(walked) => {
                if !first {
                    self.entries.try_set(read);
                }
                if walked.failed.is_empty() {
                    self.read_at.try_set_value(Some(started));
                } else {
                    self.error.try_set(Some(format!(
                        "Some {} could not be read ({}).",
                        self.noun, walked.failed[0].1
                    )));
                }
            }
            Err(ApiError::Aborted) => {}
            Err(e) => {
                self.error
                    .try_set(Some(format!("The {} could not be read ({e}).", self.noun)));
            }
        }
    }
}

/// Every group, user and device the palette knows, read when it opens.
#[derive(Clone, Copy)]
pub struct Index {
    groups: Source,
    users: Source,
    devices: Source,
    reading: StoredValue<Option<AbortHandle>>,
}

impl Index {
    /// Lives as long as the calling component (the shell): a read under
    /// way stops with it.
    pub fn new() -> Self {
        let index = Index {
            groups: Source::new("groups"),
            users: Source::new("users"),
            devices: Source::new("devices"),
            reading: StoredValue::new(None),
        };
        on_cleanup(move || {
            if let Some(handle) = index.reading.try_update_value(Option::take).flatten() {
                handle.abort();
            }
        });
        index
    }

    fn sources(&self) -> [Source; 3] {
        [self.groups, self.users, self.devices]
    }

    /// Reads what is not fresh, one list after the other, unless a read
    /// is under way.
    fn refresh(&self) {
        if self.reading.with_value(Option::is_some) {
            return;
        }
        let now = js_sys::Date::now();
        if self.sources().iter().all(|s| s.fresh(now)) {
            return;
        }
        let this = *self;
        // Not the page's client: leaving the page must not stop the read.
        let api = app_api();
        let (handle, registration) = AbortHandle::new_pair();
        this.reading.set_value(Some(handle));
        let read = async move {
            if !this.groups.fresh(now) {
                let entry = |g: &crate::model::Group| {
                    Entry::item(Kind::Group, &g.id, g.name.clone(), g.description.clone())
                };
                this.groups
                    .read(|p| api::groups::list(&api, p), entry)
                    .await;
            }
            if !this.users.fresh(now) {
                let entry = |u: &crate::model::User| {
                    Entry::item(Kind::User, &u.id, u.display_name(), u.email.clone())
                };
                this.users.read(|p| api::users::list(&api, p), entry).await;
            }
            if !this.devices.fresh(now) {
                let entry = |d: &crate::model::Device| {
                    Entry::item(Kind::Device, &d.id, d.display_name(), d.platform_model())
                };
                this.devices
                    .read(|p| api::devices::list(&api, p), entry)
                    .await;
            }
        };
        spawn_local(async move {
            let _ = Abortable::new(read, registration).await;
            this.reading.try_set_value(None);
        });
    }

    /// The entry for an item, if it has been read.
    fn find(&self, kind: Kind, id: &str) -> Option<Entry> {
        let source = match kind {
            Kind::Group => self.groups,
            Kind::User => self.users,
            Kind::Device => self.devices,
        };
        source.entries.with(|entries| {
            entries
                .iter()
                .find(|e| matches!(&e.target, Target::Item(k, i) if *k == kind && i == id))
                .cloned()
        })
    }

    /// "Still reading devices… 1,200 of 5,000", while a list is read.
    fn reading_line(&self) -> Option<String> {
        self.sources().into_iter().find_map(|s| {
            let p = s.progress.get()?;
            Some(if p.total == 0 {
                format!("Still reading {}…", s.noun)
            } else {
                format!(
                    "Still reading {}… {} of {}",
                    s.noun,
                    grouped(p.loaded),
                    grouped(p.total)
                )
            })
        })
    }
}

/// A recent item's name asked of the API when the palette has not read it
/// yet (its page was visited by a link): one request each, through the
/// query cache, which the item's page has usually just filled.
async fn name_of(kind: Kind, id: &str) -> Option<String> {
    let api = app_api();
    match kind {
        Kind::Group => api::groups::get(&api, id).await.ok().map(|g| g.name),
        Kind::User => api::users::get(&api, id)
            .await
            .ok()
            .map(|u| u.display_name()),
        Kind::Device => api::devices::get(&api, id)
            .await
            .ok()
            .map(|d| d.display_name()),
    }
}

#[component]
pub fn Palette(dialogs: Dialogs, index: Index) -> impl IntoView {
    let session = expect_context::<Session>();
    let owner = session.draft_owner_untracked();
    let go = routes::use_go();
    index.refresh();

    let query = RwSignal::new(String::new());
    let active = RwSignal::new(None::<usize>);
    let recents = RwSignal::new(recent::load(&owner));
    // Names of recent items not read yet (visited by a link).
    for item in recents.get_untracked() {
        if !item.name.is_empty() || index.find(item.kind, &item.id).is_some() {
            continue;
        }
        let owner = owner.clone();
        spawn_local(async move {
            if let Some(name) = name_of(item.kind, &item.id).await {
                let named = Recent { name, ..item };
                recent::note_name(&owner, &named);
                recents.try_update(|list| {
                    if let Some(r) = list
                        .iter_mut()
                        .find(|r| r.kind == named.kind && r.id == named.id)
                    {
                        r.name = named.name.clone();
                    }
                });
            }
        });
    }

    let pages: Vec<Entry> = NAMED_PAGES
        .iter()
        .enumerate()
        .map(|(i, (name, _))| Entry {
            target: Target::Page(i),
            name: name.to_string(),
            detail: String::new(),
            text: Prepared::new(name),
        })
        .collect();

    // The options: with no query, the recent items then the pages; else the
    // best matches over everything, recent ones lifted.
    let results = Memo::new(move |_| {
        let q = Query::new(&query.get());
        let recents = recents.get();
        if q.is_empty() {
            let mut shown: Vec<(Entry, bool)> = recents
                .iter()
                .filter_map(|r| {
                    index.find(r.kind, &r.id).or_else(|| {
                        (!r.name.is_empty())
                            .then(|| Entry::item(r.kind, &r.id, r.name.clone(), String::new()))
                    })
                })
                .map(|e| (e, true))
                .collect();
            shown.extend(pages.iter().cloned().map(|e| (e, false)));
            shown.truncate(SHOWN);
            return shown;
        }
        let is_recent = |e: &Entry| match &e.target {
            Target::Item(kind, id) => recents.iter().any(|r| r.kind == *kind && r.id == *id),
            Target::Page(_) => false,
        };
        let boost = |e: &Entry| if is_recent(e) { RECENT_BOOST } else { 0 };
        index.groups.entries.with(|groups| {
            index.users.entries.with(|users| {
                index.devices.entries.with(|devices| {
                    let all = pages.iter().chain(groups).chain(users).chain(devices);
                    fuzzy::rank(&q, all, |e| &e.text, boost, SHOWN)
                        .into_iter()
                        .map(|e| (e.clone(), is_recent(e)))
                        .collect()
                })
            })
        })
    });
    let count = move || results.with(Vec::len);

    let open = move |entry: Entry| {
        let href = match &entry.target {
            Target::Page(i) => NAMED_PAGES[*i].1.href(),
            Target::Item(kind, id) => {
                recent::note(
                    &session.draft_owner_untracked(),
                    Recent {
                        kind: *kind,
                        id: id.clone(),
                        name: entry.name.clone(),
                    },
                );
                kind.route(id).href()
            }
        };
        dialogs.close();
        go(&href, false);
    };
    // Stored, so the options' handlers and the input's share it (Copy).
    let open_at = StoredValue::new_local(move |i: usize| {
        if let Some((entry, _)) = results.with_untracked(|r| r.get(i).cloned()) {
            open(entry);
        }
    });
    let open_at = move |i: usize| open_at.with_value(|open| open(i));
    let option_id = |i: usize| format!("palette-option-{i}");
    let reveal = move |i: usize| {
        if let Some(el) = document().get_element_by_id(&option_id(i)) {
            el.scroll_into_view_with_bool(false);
        }
    };
    let on_keydown = move |ev: KeyboardEvent| {
        let n = results.with_untracked(Vec::len);
        let now = active.get_untracked();
        let next = match ev.key().as_str() {
            "ArrowDown" => now.map_or(0, |i| (i + 1) % n.max(1)),
            "ArrowUp" => now.map_or(n.saturating_sub(1), |i| (i + n - 1) % n.max(1)),
            "Home" if n > 0 => 0,
            "End" if n > 0 => n - 1,
            "Enter" => {
                ev.prevent_default();
                open_at(now.unwrap_or(0));
                return;
            }
            _ => return,
        };
        ev.prevent_default();
        if n > 0 {
            active.set(Some(next));
            reveal(next);
        }
    };

    let input = NodeRef::<leptos::html::Input>::new();
    Effect::new(move |_| {
        if let Some(input) = input.get() {
            let _ = input.focus();
        }
    });
    let status = move || {
        let reading = index.reading_line();
        let errors: Vec<String> = index
            .sources()
            .iter()
            .filter_map(|s| s.error.get())
            .collect();
        let none = count() == 0 && !query.with(|q| q.trim().is_empty());
        let nothing = none.then(|| {
            if reading.is_some() {
                format!("Nothing matches “{}” yet.", query.get().trim())
            } else {
                format!("Nothing matches “{}”.", query.get().trim())
            }
        });
        [nothing, reading]
            .into_iter()
            .flatten()
            .chain(errors)
            .collect::<Vec<_>>()
            .join(" ")
    };
    let has_error = move || {
        index
            .sources()
            .iter()
            .any(|s| s.error.with(Option::is_some))
    };
    let retry = move |_| {
        for source in index.sources() {
            if source.error.get_untracked().is_some() {
                source.read_at.set_value(None);
            }
        }
        index.refresh();
    };

    view! {
        <Modal label="Command palette" class="modal palette" on_close=Callback::new(move |_| dialogs.close())>
            <input id="palette-input" node_ref=input type="text" class="palette-input"
                role="combobox" aria-autocomplete="list" aria-controls="palette-listbox"
                aria-expanded=move || (count() > 0).to_string()
                aria-activedescendant=move || active.get().map(option_id)
                aria-describedby="palette-status"
                aria-label="Go to a page, group, user or device"
                placeholder="Go to a page, group, user or device…"
                autocomplete="off" spellcheck="false"
                prop:value=move || query.get()
                on:input=move |ev| {
                    query.set(event_target_value(&ev));
                    active.set(None);
                }
                on:keydown=on_keydown/>
            <ul id="palette-listbox" role="listbox" aria-label="Matches" class="palette-list"
                hidden=move || count() == 0>
                {move || results.get().into_iter().enumerate().map(|(i, (entry, was_recent))| {
                    let kind = if was_recent { format!("{} · recent", entry.label()) } else { entry.label().to_string() };
                    let detail = (!entry.detail.is_empty()).then(|| view! { <span class="palette-detail">{entry.detail.clone()}</span> });
                    view! {
                        <li id=option_id(i) role="option" class="palette-option"
                            aria-selected=move || (active.get() == Some(i)).to_string()
                            on:mousedown=|ev| ev.prevent_default()
                            on:click=move |_| open_at(i)>
                            <span class="palette-name">{entry.name.clone()}</span>
                            <span class="palette-kind">{kind}</span>
                            {detail}
                        </li>
                    }
                }).collect_view()}
            </ul>
            <p id="palette-status" class="palette-status" role="status">{status}</p>
            <Show when=has_error>
                <button type="button" class="secondary" on:click=retry>"Read again"</button>
            </Show>
            <p class="hint palette-hint">"↑ ↓ to choose, Enter to open, Esc to close"</p>
        </Modal>
    }
}
