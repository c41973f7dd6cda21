use leptos::prelude::*;
use leptos::task::spawn_local;

use super::use_id_param;
use crate::api::{self, use_api};
use crate::components::draft::{use_draft, DraftField, DraftOffer};
use crate::components::form::{
    changed_fields, lost_item, update_body, Change, ChangePreview, FormFooter, LostAnswer,
    TextField,
};
use crate::components::toast::use_toasts;
use crate::components::unsaved::use_unsaved_changes;
use crate::model::Group;
use crate::paths;

pub const NAME_MAX: usize = 200;
pub const DESCRIPTION_MAX: usize = 2000;

/// What is wrong with a group's fields, per field; empty when fine.
pub fn check_group(name: &str, description: &str) -> (Option<String>, Option<String>) {
    let name_error = if name.trim().is_empty() {
        Some("Enter a name for the group.".to_string())
    } else if name.trim().chars().count() > NAME_MAX {
        Some(format!("Use at most {NAME_MAX} characters."))
    } else {
        None
    };
    let description_error = (description.trim().chars().count() > DESCRIPTION_MAX)
        .then(|| format!("Use at most {DESCRIPTION_MAX} characters."));
    (name_error, description_error)
}

#[component]
pub fn NewGroupPage() -> impl IntoView {
    let api = use_api();
    let toasts = use_toasts();
    let go = paths::use_go();
    let name = RwSignal::new(String::new());
    let description = RwSignal::new(String::new());
    // Field errors show after the first attempt, then follow the typing.
    let tried = RwSignal::new(false);
    let errors = Memo::new(move |_| {
        if tried.get() {
            check_group(&name.get(), &description.get())
        } else {
            (None, None)
        }
    });
    let server_error = RwSignal::new(None::<String>);
    let lost = RwSignal::new(None::<(String, String)>);
    let saving = RwSignal::new(false);
    let dirty = Signal::derive(move || {
        name.with(|n| !n.trim().is_empty()) || description.with(|d| !d.trim().is_empty())
    });
    use_unsaved_changes(dirty);
    let draft = use_draft("group", group_fields(name, description), dirty);

    let on_submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        // One request per save, however often the button is pressed.
        if saving.get_untracked() {
            return;
        }
        tried.set(true);
        let (n, d) = (name.get_untracked(), description.get_untracked());
        if check_group(&n, &d) != (None, None) {
            return;
        }
        saving.set(true);
        server_error.set(None);
        lost.set(None);
        let (api, go) = (api.clone(), go.clone());
        spawn_local(async move {
            let mut fields = vec![("name", n.trim().to_string())];
            if !d.trim().is_empty() {
                fields.push(("description", d.trim().to_string()));
            }
            match api::groups::create(&api, &fields).await {
                Ok(id) => {
                    toasts.show(format!("Group “{}” created.", n.trim()));
                    go(&paths::group(&id), false);
                }
                Err(e) => {
                    if e.answer_lost() {
                        lost.set(Some(lost_item(
                            format!("the group “{}”", n.trim()),
                            paths::groups(),
                            &n,
                        )));
                    }
                    server_error.set(Some(e.to_string()));
                    saving.set(false);
                }
            }
        });
    };

    view! {
        <nav class="breadcrumbs" aria-label="Breadcrumb">
            <a href=paths::groups()>"Groups"</a>
            <span aria-current="page">"New group"</span>
        </nav>
        <div class="page-head"><h1>"New group"</h1></div>
        <DraftOffer draft=draft/>
        <form class="item-form" on:submit=on_submit novalidate>
            <TextField id="group-name" label="Name" value=name required=true
                error=Signal::derive(move || errors.get().0)/>
            <TextField id="group-description" label="Description" value=description multiline=true
                error=Signal::derive(move || errors.get().1) hint="Optional. Who or what the group is for."/>
            <LostAnswer lost=lost/>
            <FormFooter label="Create group" busy=saving error=server_error cancel_href=paths::groups()/>
        </form>
    }
}

/// A group form's fields as its draft keeps them.
fn group_fields(name: RwSignal<String>, description: RwSignal<String>) -> Vec<DraftField> {
    vec![
        ("name", "Name", name),
        ("description", "Description", description),
    ]
}

/// What an edit of `saved` changes: name and description, as typed.
pub fn group_changes(saved: &Group, name: &str, description: &str) -> Vec<Change> {
    changed_fields([
        ("name", "Name", saved.name.as_str(), name),
        (
            "description",
            "Description",
            saved.description.as_str(),
            description,
        ),
    ])
}

#[component]
pub fn EditGroupPage() -> impl IntoView {
    let api = use_api();
    let id = use_id_param();
    let group = LocalResource::new(move || {
        let (api, id) = (api.clone(), id.get());
        async move { api::groups::get(&api, &id).await }
    });
    super::item_view(
        "Loading group…",
        group,
        |g| view! { <EditGroupForm saved=g/> },
    )
}

/// The form, once the group's current values are known.
#[component]
fn EditGroupForm(saved: Group) -> impl IntoView {
    let api = use_api();
    let toasts = use_toasts();
    let go = paths::use_go();
    let name = RwSignal::new(saved.name.clone());
    let description = RwSignal::new(saved.description.clone());
    let tried = RwSignal::new(false);
    let errors = Memo::new(move |_| {
        if tried.get() {
            check_group(&name.get(), &description.get())
        } else {
            (None, None)
        }
    });
    let server_error = RwSignal::new(None::<String>);
    let saving = RwSignal::new(false);
    let group_href = paths::group(&saved.id);
    let (group_id, saved_name) = (saved.id.clone(), saved.name.clone());
    let saved = StoredValue::new(saved);
    let changes =
        Memo::new(move |_| saved.with_value(|g| group_changes(g, &name.get(), &description.get())));
    let unchanged = Signal::derive(move || changes.with(Vec::is_empty));
    let dirty = Signal::derive(move || !unchanged.get());
    use_unsaved_changes(dirty);
    let draft = use_draft("group", group_fields(name, description), dirty);

    let on_submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        // One request per save, however often the button is pressed.
        if saving.get_untracked() || unchanged.get_untracked() {
            return;
        }
        tried.set(true);
        let (n, d) = (name.get_untracked(), description.get_untracked());
        if check_group(&n, &d) != (None, None) {
            return;
        }
        saving.set(true);
        server_error.set(None);
        let body = update_body(&changes.get_untracked());
        let (api, go, id) = (api.clone(), go.clone(), group_id.clone());
        spawn_local(async move {
            match api::groups::update(&api, &id, &body).await {
                Ok(()) => {
                    toasts.show(format!("Group “{}” saved.", n.trim()));
                    go(&paths::group(&id), false);
                }
                Err(e) => {
                    server_error.set(Some(e.to_string()));
                    saving.set(false);
                }
            }
        });
    };

    view! {
        <nav class="breadcrumbs" aria-label="Breadcrumb">
            <a href=paths::groups()>"Groups"</a>
            <a href=group_href.clone()>{saved_name}</a>
            <span aria-current="page">"Edit"</span>
        </nav>
        <div class="page-head"><h1>"Edit group"</h1></div>
        <DraftOffer draft=draft/>
        <form class="item-form" on:submit=on_submit novalidate>
            <TextField id="group-name" label="Name" value=name required=true
                error=Signal::derive(move || errors.get().0)/>
            <TextField id="group-description" label="Description" value=description multiline=true
                error=Signal::derive(move || errors.get().1) hint="Optional. Who or what the group is for."/>
            <ChangePreview changes=changes/>
            <FormFooter label="Save changes" busy=saving error=server_error blocked=unchanged cancel_href=group_href/>
        </form>
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_are_required_and_bounded() {
        assert!(check_group("  ", "").0.is_some());
        assert!(check_group(&"x".repeat(201), "").0.is_some());
        assert_eq!(check_group("Sales", ""), (None, None));
        assert!(check_group("Sales", &"d".repeat(2001)).1.is_some());
    }

    #[test]
    fn an_edit_sends_only_what_changed() {
        let saved = Group {
            id: "g1".into(),
            name: "Sales".into(),
            description: "Field sales".into(),
            extra: vec![],
        };
        assert!(group_changes(&saved, "Sales ", "Field sales").is_empty());
        let changes = group_changes(&saved, "Sales", "Inside sales");
        assert_eq!(
            update_body(&changes),
            vec![("description", "Inside sales".to_string())]
        );
        let changes = group_changes(&saved, "Sales EMEA", "Field sales");
        assert_eq!(changes[0].preview(), "Name: “Sales” → “Sales EMEA”");
    }
}
