//! What can be done to the users ticked in the list at once: move them to
//! another group, or set one field to the same value for all. Planned
//! here, previewed in full on `/bulk` before anything is sent.

use std::collections::{BTreeMap, HashMap};

use leptos::prelude::*;

use super::bulk::{action_choices, pick_one_form, reading_selected, use_plan, PickOne};
use crate::api::{self, use_api, Api, ApiError};
use crate::components::data_table::Selection;
use crate::model::bulk::{set_ops, Op, Run, Target};
use crate::model::{Field, User, UserField, Values};

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Chosen {
    Move,
    Set,
}

/// The fields "Set a field" offers (the group is "Move to group").
const SETTABLE: [UserField; 4] = [
    UserField::FirstName,
    UserField::LastName,
    UserField::Email,
    UserField::Phone,
];

/// The selected users as read from the account, in name order, the ids no
/// longer found apart, and every group's name by id.
#[derive(Clone, Debug, Default)]
struct Selected {
    users: Vec<User>,
    missing: Vec<(String, String)>,
    groups: HashMap<String, String>,
}

/// The ticked users, read by the fewest requests (a GET each for a few,
/// every page for many: `api::walk::with_ids`), and every group.
async fn read_selected(api: Api, chosen: BTreeMap<String, String>) -> Result<Selected, ApiError> {
    let read = api::users::with_ids(&api, chosen.keys().cloned().collect()).await?;
    let groups = api::groups::all(&api, |_| ()).await?;
    let mut found = read.items;
    found.sort_by(|a, b| {
        (a.display_name().to_lowercase(), &a.id).cmp(&(b.display_name().to_lowercase(), &b.id))
    });
    let missing = read
        .missing
        .into_iter()
        .map(|id| {
            let name = chosen.get(&id).cloned().unwrap_or_default();
            (id, name)
        })
        .collect();
    Ok(Selected {
        users: found,
        missing,
        groups: groups.into_iter().map(|g| (g.id, g.name)).collect(),
    })
}

impl Selected {
    /// One row per user setting `field` to `to` (a value and how it reads),
    /// and a skipped row for each user no longer found.
    fn ops(&self, field: UserField, to: (&str, &str)) -> Vec<Op> {
        let items: Vec<(String, String, String, String)> = self
            .users
            .iter()
            .map(|u| {
                let value = Values::from(u).trimmed(field).to_string();
                let text = match field {
                    UserField::Group => self.groups.get(&value).cloned().unwrap_or(value.clone()),
                    _ => value.clone(),
                };
                (u.id.clone(), u.display_name(), value, text)
            })
            .collect();
        let mut ops = set_ops(field, to, &items);
        ops.extend(self.missing.iter().map(|(id, name)| {
            Op::skipped(
                id,
                name,
                Vec::new(),
                "not found among the account's users".into(),
            )
        }));
        ops
    }
}

#[component]
pub fn BulkUserActions(selection: Selection) -> impl IntoView {
    let chosen = RwSignal::new(None::<Chosen>);
    let count = move || selection.with(|s| s.len());
    let choices = vec![
        (Chosen::Move, "Move to group…"),
        (Chosen::Set, "Set a field…"),
    ];
    view! {
        <Show when=move || { count() > 0 }>
            <section class="bulk-actions" aria-label="Change the selected users">
                {action_choices("users", choices.clone(), chosen)}
                {move || match chosen.get() {
                    Some(Chosen::Move) => view! { <MoveToGroup selection=selection/> }.into_any(),
                    Some(Chosen::Set) => view! { <SetField selection=selection/> }.into_any(),
                    None => ().into_any(),
                }}
            </section>
        </Show>
    }
}

fn use_selected(selection: Selection) -> LocalResource<Result<Selected, ApiError>> {
    let api = use_api();
    LocalResource::new(move || read_selected(api.clone(), selection.get()))
}

#[component]
fn MoveToGroup(selection: Selection) -> impl IntoView {
    let group = RwSignal::new(String::new());
    let words = PickOne {
        heading: "Move the users to another group",
        missing: "Choose a group.",
        submit: "Preview the move…",
        noun: "users",
    };
    let picker =
        view! { <super::GroupFilterPicker id="bulk-group" label="Move to group" selected=group/> };
    pick_one_form(
        words,
        picker.into_any(),
        group,
        use_selected(selection),
        |s: &Selected, to: &str| {
            let name = s.groups.get(to).cloned().unwrap_or_else(|| to.to_string());
            let ops = s.ops(UserField::Group, (to, &name));
            Run::new(
                js_sys::Date::now() as i64,
                format!("Move users to {name}"),
                Target::Users,
                ops,
            )
        },
    )
}

#[component]
fn SetField(selection: Selection) -> impl IntoView {
    let selected = use_selected(selection);
    let field = RwSignal::new(UserField::Phone);
    let value = RwSignal::new(String::new());
    let error = RwSignal::new(None::<String>);
    let refused = RwSignal::new(None::<String>);
    let plan = use_plan();
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let (f, to) = (field.get_untracked(), value.get_untracked());
        let to = to.trim();
        if let Some(why) = f.rule().check(to) {
            error.set(Some(why));
            return;
        }
        let Some(Ok(s)) = selected.get_untracked() else {
            return;
        };
        let shown = if to.is_empty() { "(empty)" } else { to };
        let ops = s.ops(f, (to, to));
        let action = format!("Set {} to “{shown}”", f.label().to_lowercase());
        plan(
            Run::new(js_sys::Date::now() as i64, action, Target::Users, ops),
            refused,
        );
    };
    let pick = move |ev: leptos::ev::Event| {
        let key = event_target_value(&ev);
        if let Some(f) = SETTABLE.iter().find(|f| f.key() == key) {
            field.set(*f);
            error.set(None);
        }
    };
    view! {
        <form class="bulk-form" on:submit=submit novalidate>
            <h2>"Set one field for every selected user"</h2>
            <label for="bulk-field">"Field"</label>
            <select id="bulk-field" on:change=pick>
                {SETTABLE.iter().map(|f| view! {
                    <option value=f.key() selected=*f == UserField::Phone>{f.label()}</option>
                }).collect_view()}
            </select>
            <label for="bulk-value">"New value"</label>
            <input id="bulk-value" type="text" autocomplete="off" prop:value=value
                aria-invalid=move || error.with(Option::is_some).to_string()
                aria-describedby="bulk-value-error"
                on:input=move |ev| { value.set(event_target_value(&ev)); error.set(None); }/>
            <p id="bulk-value-error" class="field-error" role="alert">{move || error.get()}</p>
            {reading_selected(selected, "users")}
            {move || refused.get().map(|m| view! { <p class="field-error" role="alert">{m}</p> })}
            <button type="submit" class="primary" disabled=move || !matches!(selected.get(), Some(Ok(_)))>
                "Preview the change…"
            </button>
        </form>
    }
}
