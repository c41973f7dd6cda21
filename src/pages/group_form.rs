use leptos::prelude::*;
use leptos::task::spawn_local;

use crate::api::{self, use_api};
use crate::components::form::{FormFooter, TextField};
use crate::components::toast::use_toasts;
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
    let saving = RwSignal::new(false);

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
        <form class="item-form" on:submit=on_submit novalidate>
            <TextField id="group-name" label="Name" value=name required=true
                error=Signal::derive(move || errors.get().0)/>
            <TextField id="group-description" label="Description" value=description multiline=true
                error=Signal::derive(move || errors.get().1) hint="Optional. Who or what the group is for."/>
            <FormFooter label="Create group" busy=saving error=server_error cancel_href=paths::groups()/>
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
}
