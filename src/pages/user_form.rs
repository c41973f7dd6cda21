use leptos::prelude::*;
use leptos::task::spawn_local;
use leptos_router::hooks::use_query_map;

use crate::api::{self, use_api, Paging};
use crate::components::form::{FormFooter, TextField};
use crate::components::toast::use_toasts;
use crate::paths;

const NAME_MAX: usize = 200;
const EMAIL_MAX: usize = 254;
const PHONE_MAX: usize = 40;

/// A user's fields as typed.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct UserDraft {
    pub group_id: String,
    pub first_name: String,
    pub last_name: String,
    pub email: String,
    pub phone: String,
}

/// Per-field problems, in the order of the form.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct UserErrors {
    pub group_id: Option<String>,
    pub first_name: Option<String>,
    pub last_name: Option<String>,
    pub email: Option<String>,
    pub phone: Option<String>,
}

impl UserErrors {
    pub fn is_empty(&self) -> bool {
        *self == UserErrors::default()
    }
}

fn required(value: &str, what: &str) -> Option<String> {
    if value.trim().is_empty() {
        Some(format!("Enter the {what}."))
    } else if value.trim().chars().count() > NAME_MAX {
        Some(format!("Use at most {NAME_MAX} characters."))
    } else {
        None
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

impl UserDraft {
    pub fn check(&self) -> UserErrors {
        let email = self.email.trim();
        let phone = self.phone.trim();
        UserErrors {
            group_id: self
                .group_id
                .is_empty()
                .then(|| "Choose a group.".to_string()),
            first_name: required(&self.first_name, "first name"),
            last_name: required(&self.last_name, "last name"),
            email: if email.chars().count() > EMAIL_MAX {
                Some(format!("Use at most {EMAIL_MAX} characters."))
            } else if !email.is_empty() && !looks_like_email(email) {
                Some("Enter an email address like name@example.com.".into())
            } else {
                None
            },
            phone: (phone.chars().count() > PHONE_MAX)
                .then(|| format!("Use at most {PHONE_MAX} characters.")),
        }
    }

    /// The form body for a PUT: required fields, and optional ones only when given.
    pub fn fields(&self) -> Vec<(&'static str, String)> {
        let mut fields = vec![
            ("groupId", self.group_id.clone()),
            ("firstName", self.first_name.trim().to_string()),
            ("lastName", self.last_name.trim().to_string()),
        ];
        for (name, value) in [("email", &self.email), ("phone", &self.phone)] {
            if !value.trim().is_empty() {
                fields.push((name, value.trim().to_string()));
            }
        }
        fields
    }
}

#[component]
pub fn NewUserPage() -> impl IntoView {
    let api = use_api();
    let toasts = use_toasts();
    let go = paths::use_go();
    let query = use_query_map();
    let group_id = RwSignal::new(query.with_untracked(|q| q.get("group").unwrap_or_default()));
    let (first, last, email, phone) = (
        RwSignal::new(String::new()),
        RwSignal::new(String::new()),
        RwSignal::new(String::new()),
        RwSignal::new(String::new()),
    );
    let draft = move || UserDraft {
        group_id: group_id.get(),
        first_name: first.get(),
        last_name: last.get(),
        email: email.get(),
        phone: phone.get(),
    };
    let tried = RwSignal::new(false);
    let errors = Memo::new(move |_| {
        if tried.get() {
            draft().check()
        } else {
            UserErrors::default()
        }
    });
    let server_error = RwSignal::new(None::<String>);
    let saving = RwSignal::new(false);
    let groups = LocalResource::new({
        let api = api.clone();
        move || {
            let api = api.clone();
            async move { api::groups::list(&api, Paging::new(1, Paging::MAX_LIMIT)).await }
        }
    });

    let on_submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        if saving.get_untracked() {
            return;
        }
        tried.set(true);
        let d = untrack(draft);
        if !d.check().is_empty() {
            return;
        }
        saving.set(true);
        server_error.set(None);
        let (api, go) = (api.clone(), go.clone());
        spawn_local(async move {
            match api::users::create(&api, &d.fields()).await {
                Ok(id) => {
                    toasts.show(format!(
                        "User “{} {}” created.",
                        d.first_name.trim(),
                        d.last_name.trim()
                    ));
                    go(&paths::user(&id), false);
                }
                Err(e) => {
                    server_error.set(Some(e.to_string()));
                    saving.set(false);
                }
            }
        });
    };

    let group_error = Signal::derive(move || errors.get().group_id);
    view! {
        <nav class="breadcrumbs" aria-label="Breadcrumb">
            <a href=paths::users()>"Users"</a>
            <span aria-current="page">"New user"</span>
        </nav>
        <div class="page-head"><h1>"New user"</h1></div>
        <form class="item-form" on:submit=on_submit novalidate>
            <div class="form-field">
                <label for="user-group">"Group"<span class="required" aria-hidden="true">" *"</span></label>
                <select id="user-group" aria-required="true" aria-describedby="user-group-error"
                    aria-invalid=move || group_error.with(Option::is_some).to_string()
                    on:change=move |ev| group_id.set(event_target_value(&ev))>
                    <option value="" selected=move || group_id.with(String::is_empty)>"Choose a group…"</option>
                    {move || groups.get().map(|result| match result {
                        Ok(page) => page.items.into_iter().map(|g| {
                            let id = g.id.clone();
                            view! { <option value=g.id selected=move || group_id.get() == id>{g.name}</option> }
                        }).collect_view().into_any(),
                        Err(e) => view! { <option value="" disabled=true>{format!("Groups could not be loaded: {e}")}</option> }.into_any(),
                    })}
                </select>
                <p class="field-error" id="user-group-error">{move || group_error.get()}</p>
            </div>
            <TextField id="user-first" label="First name" value=first required=true
                error=Signal::derive(move || errors.get().first_name)/>
            <TextField id="user-last" label="Last name" value=last required=true
                error=Signal::derive(move || errors.get().last_name)/>
            <TextField id="user-email" label="Email" value=email
                error=Signal::derive(move || errors.get().email) hint="Optional."/>
            <TextField id="user-phone" label="Phone" value=phone
                error=Signal::derive(move || errors.get().phone) hint="Optional."/>
            <FormFooter label="Create user" busy=saving error=server_error cancel_href=paths::users()/>
        </form>
    }
}

#[cfg(test)]
mod tests {
    use super::*;

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

    #[test]
    fn required_fields_and_body() {
        let d = UserDraft {
            first_name: " Ann ".into(),
            ..Default::default()
        };
        let e = d.check();
        assert!(e.group_id.is_some() && e.last_name.is_some() && e.first_name.is_none());
        let d = UserDraft {
            group_id: "g1".into(),
            first_name: " Ann ".into(),
            last_name: "Lee".into(),
            email: "".into(),
            phone: " 555 ".into(),
        };
        assert!(d.check().is_empty());
        assert_eq!(
            d.fields(),
            vec![
                ("groupId", "g1".to_string()),
                ("firstName", "Ann".to_string()),
                ("lastName", "Lee".to_string()),
                ("phone", "555".to_string()),
            ]
        );
    }
}
