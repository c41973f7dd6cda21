//! A list's "Views" menu: the saved views of this list (open, delete), save
//! the current one under a name, and export or import every saved view as a
//! JSON file. The views live in this browser (`prefs.rs`).

use leptos::html::Input;
use leptos::prelude::*;
use leptos::task::spawn_local;
use wasm_bindgen::JsCast;

use crate::components::download::download;
use crate::components::menu::{id_part, Menu, MenuState};
use crate::saved_views::{self, SavedView};

fn stored_views() -> Vec<SavedView> {
    crate::prefs::saved_views()
        .map(|text| saved_views::read_stored(&text))
        .unwrap_or_default()
}

fn store(views: &[SavedView]) -> bool {
    crate::prefs::remember_saved_views(&saved_views::to_file(views))
}

/// Every saved view, read again when another tab or an import changes them.
#[component]
pub fn ViewsMenu(
    /// The list's name ("Devices"): the views shown are this list's.
    #[prop(into)]
    list: String,
    /// The view on screen now, unnamed.
    current: Callback<(), SavedView>,
    /// Shows a view (its columns, then its URL).
    apply: Callback<SavedView>,
) -> impl IntoView {
    let menu = MenuState::default();
    let views = RwSignal::new(Vec::<SavedView>::new());
    let message = RwSignal::new(None::<String>);
    let name = RwSignal::new(String::new());
    let file_input = NodeRef::<Input>::new();
    let id = format!("views-{}", id_part(&list));
    let on_open = Callback::new(move |()| {
        views.set(stored_views());
        message.set(None);
    });
    let mine = {
        let list = list.clone();
        move || {
            views.with(|v| {
                v.iter()
                    .filter(|v| v.list == list)
                    .cloned()
                    .collect::<Vec<_>>()
            })
        }
    };
    let save = move |ev: web_sys::SubmitEvent| {
        ev.prevent_default();
        let typed = name.get_untracked().trim().to_string();
        let view = SavedView {
            name: typed.clone(),
            ..current.run(())
        };
        if let Some(why) = view.problem() {
            message.set(Some(format!("Not saved: {why}.")));
            return;
        }
        let mut all = stored_views();
        let (_, replaced) = saved_views::merge(&mut all, vec![view]);
        if store(&all) {
            views.set(all);
            name.set(String::new());
            message.set(Some(if replaced > 0 {
                format!("“{typed}” replaced.")
            } else {
                format!("Saved “{typed}”.")
            }));
        } else {
            message.set(Some(
                "Not saved: this browser does not let the portal keep anything (storage is blocked or full)."
                    .into(),
            ));
        }
    };
    let delete = move |gone: SavedView| {
        let mut all = stored_views();
        all.retain(|v| !(v.list == gone.list && v.name == gone.name));
        if store(&all) {
            views.set(all);
            message.set(Some(format!("Deleted “{}”.", gone.name)));
        }
    };
    let export = move |_| {
        let all = stored_views();
        if all.is_empty() {
            message.set(Some("There are no saved views to export.".into()));
            return;
        }
        download(
            "saved-views.json",
            "application/json",
            &saved_views::to_file(&all),
        );
        message.set(Some(format!(
            "Exported {} view{}.",
            all.len(),
            if all.len() == 1 { "" } else { "s" }
        )));
    };
    let import = move |ev: web_sys::Event| {
        let Some(input) = ev
            .target()
            .and_then(|t| t.dyn_into::<web_sys::HtmlInputElement>().ok())
        else {
            return;
        };
        let Some(file) = input.files().and_then(|f| f.get(0)) else {
            return;
        };
        // The same file may be chosen again after a fix.
        input.set_value("");
        if file.size() > 5_000_000.0 {
            message.set(Some(
                "This file is too large to be a file of saved views.".into(),
            ));
            return;
        }
        spawn_local(async move {
            let text = wasm_bindgen_futures::JsFuture::from(file.text())
                .await
                .ok()
                .and_then(|t| t.as_string());
            let Some(text) = text else {
                message.try_set(Some("The file could not be read.".into()));
                return;
            };
            let imported = match saved_views::from_file(&text) {
                Ok(imported) => imported,
                Err(why) => {
                    message.try_set(Some(why));
                    return;
                }
            };
            let mut all = stored_views();
            let (added, replaced) = saved_views::merge(&mut all, imported.views);
            if !store(&all) {
                message.try_set(Some(
                    "Not imported: this browser does not let the portal keep anything.".into(),
                ));
                return;
            }
            views.try_set(all);
            let mut text = format!("Imported {added} new, {replaced} replaced");
            if !imported.refused.is_empty() {
                text.push_str(&format!(
                    "; {} left out ({})",
                    imported.refused.len(),
                    imported.refused.join("; ")
                ));
            }
            text.push('.');
            message.try_set(Some(text));
        });
    };
    let label = format!("Saved views of {}", list.to_lowercase());
    let listed = move || {
        let shown = mine();
        if shown.is_empty() {
            return view! { <p class="hint">"No saved views of this list yet."</p> }.into_any();
        }
        view! {
            <ul class="views-list">
                {shown.into_iter().map(|v| {
                    let (to_open, to_delete) = (v.clone(), v.clone());
                    let name = v.name.clone();
                    view! {
                        <li>
                            <button type="button" class="link-button" on:click=move |_| {
                                menu.dismiss();
                                apply.run(to_open.clone());
                            }>{name.clone()}</button>
                            <button type="button" aria-label=format!("Delete view {name}")
                                on:click=move |_| delete(to_delete.clone())>"Delete"</button>
                        </li>
                    }
                }).collect_view()}
            </ul>
        }
        .into_any()
    };
    view! {
        <Menu label="Views" id=id panel_label=label state=menu on_open=Some(on_open)>
            {listed.clone()}
            <form class="save-view" on:submit=save>
                <label>"Name of this view"
                    <input type="text" maxlength=saved_views::NAME_MAX.to_string() required
                        prop:value=move || name.get() on:input=move |ev| name.set(event_target_value(&ev))/>
                </label>
                <button type="submit">"Save view"</button>
            </form>
            <div class="menu-actions">
                <button type="button" on:click=export>"Export views"</button>
                <button type="button" on:click=move |_| {
                    if let Some(input) = file_input.get_untracked() { input.click(); }
                }>"Import views"</button>
                <input type="file" class="visually-hidden" accept=".json,application/json" tabindex="-1"
                    aria-label="File of saved views" node_ref=file_input on:change=import/>
                <button type="button" on:click=move |_| menu.close()>"Done"</button>
            </div>
            <p class="menu-message" role="status">{move || message.get()}</p>
        </Menu>
    }
}
