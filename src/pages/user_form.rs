use leptos::prelude::*;
use leptos::task::spawn_local;
use leptos_router::hooks::use_query_map;

use super::use_id_param;
use crate::api::walk::Progress;
use crate::api::{self, use_api, Api};
use crate::components::draft::{use_draft, DraftField, DraftOffer};
use crate::components::form::{
    changed_fields, lost_item, update_body, Change, ChangePreview, FormFooter, LostAnswer,
    TextField,
};
use crate::components::picker::{PickerOption, SearchPicker};
use crate::components::toast::use_toasts;
use crate::components::unsaved::use_unsaved_changes;
use crate::model::{Group, User};
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

/// The form's inputs, one signal a field; what was typed survives any failure.
#[derive(Clone, Copy)]
struct UserInputs {
    group_id: RwSignal<String>,
    first_name: RwSignal<String>,
    last_name: RwSignal<String>,
    email: RwSignal<String>,
    phone: RwSignal<String>,
}

impl UserInputs {
    fn new(start: &UserDraft) -> Self {
        UserInputs {
            group_id: RwSignal::new(start.group_id.clone()),
            first_name: RwSignal::new(start.first_name.clone()),
            last_name: RwSignal::new(start.last_name.clone()),
            email: RwSignal::new(start.email.clone()),
            phone: RwSignal::new(start.phone.clone()),
        }
    }

    /// The fields as a draft keeps them.
    fn draft_fields(&self) -> Vec<DraftField> {
        vec![
            ("groupId", "Group", self.group_id),
            ("firstName", "First name", self.first_name),
            ("lastName", "Last name", self.last_name),
            ("email", "Email", self.email),
            ("phone", "Phone", self.phone),
        ]
    }

    /// The fields as typed (tracked).
    fn draft(&self) -> UserDraft {
        UserDraft {
            group_id: self.group_id.get(),
            first_name: self.first_name.get(),
            last_name: self.last_name.get(),
            email: self.email.get(),
            phone: self.phone.get(),
        }
    }
}

impl From<&User> for UserDraft {
    fn from(u: &User) -> Self {
        UserDraft {
            group_id: u.group_id.clone(),
            first_name: u.first_name.clone(),
            last_name: u.last_name.clone(),
            email: u.email.clone(),
            phone: u.phone.clone(),
        }
    }
}

/// What an edit changes, field by field, as the API names them.
pub fn user_changes(saved: &UserDraft, typed: &UserDraft) -> Vec<Change> {
    changed_fields([
        (
            "groupId",
            "Group",
            saved.group_id.as_str(),
            typed.group_id.as_str(),
        ),
        (
            "firstName",
            "First name",
            &saved.first_name,
            &typed.first_name,
        ),
        ("lastName", "Last name", &saved.last_name, &typed.last_name),
        ("email", "Email", &saved.email, &typed.email),
        ("phone", "Phone", &saved.phone, &typed.phone),
    ])
}

fn group_option(g: Group) -> PickerOption {
    PickerOption {
        label: if g.name.trim().is_empty() {
            g.id.clone()
        } else {
            g.name
        },
        detail: g.description,
        id: g.id,
    }
}

/// Every group as a choice for the picker (walking all pages), and a line
/// saying how loading goes or why it failed.
fn use_group_options(api: &Api) -> (Signal<Vec<PickerOption>>, Signal<Option<String>>) {
    let progress = RwSignal::new(Progress::default());
    let groups = LocalResource::new({
        let api = api.clone();
        move || {
            let api = api.clone();
            async move { api::groups::all(&api, move |p| progress.set(p)).await }
        }
    });
    let options = Memo::new(move |_| {
        groups.with(|r| match r {
            Some(Ok(groups)) => groups.iter().cloned().map(group_option).collect(),
            _ => Vec::new(),
        })
    });
    let status = Signal::derive(move || {
        groups.with(|r| match r {
            None => {
                let p = progress.get();
                Some(if p.total == 0 {
                    "Loading groups…".to_string()
                } else {
                    format!("Loading groups: {} of {}", p.loaded, p.total)
                })
            }
            Some(Err(e)) => Some(format!("Groups could not be loaded: {e}")),
            Some(Ok(_)) => None,
        })
    });
    (options.into(), status)
}

/// The user's fields, shared by New user and Edit user.
#[component]
fn UserFields(
    inputs: UserInputs,
    errors: Memo<UserErrors>,
    groups: Signal<Vec<PickerOption>>,
    groups_status: Signal<Option<String>>,
) -> impl IntoView {
    view! {
        <SearchPicker id="user-group" label="Group" options=groups selected=inputs.group_id
            required=true status=groups_status error=Signal::derive(move || errors.get().group_id)/>
        <TextField id="user-first" label="First name" value=inputs.first_name required=true
            error=Signal::derive(move || errors.get().first_name)/>
        <TextField id="user-last" label="Last name" value=inputs.last_name required=true
            error=Signal::derive(move || errors.get().last_name)/>
        <TextField id="user-email" label="Email" value=inputs.email
            error=Signal::derive(move || errors.get().email) hint="Optional."/>
        <TextField id="user-phone" label="Phone" value=inputs.phone
            error=Signal::derive(move || errors.get().phone) hint="Optional."/>
    }
}

#[component]
pub fn NewUserPage() -> impl IntoView {
    let api = use_api();
    let toasts = use_toasts();
    let go = paths::use_go();
    let query = use_query_map();
    let start = UserDraft {
        group_id: query.with_untracked(|q| q.get("group").unwrap_or_default()),
        ..Default::default()
    };
    let inputs = UserInputs::new(&start);
    let tried = RwSignal::new(false);
    let errors = Memo::new(move |_| {
        if tried.get() {
            inputs.draft().check()
        } else {
            UserErrors::default()
        }
    });
    let server_error = RwSignal::new(None::<String>);
    let lost = RwSignal::new(None::<(String, String)>);
    let saving = RwSignal::new(false);
    let (groups, groups_status) = use_group_options(&api);
    // A group chosen by the link ("Add user to this group") is not a change.
    let dirty = Signal::derive(move || !user_changes(&start, &inputs.draft()).is_empty());
    use_unsaved_changes(dirty);
    let draft = use_draft("user", inputs.draft_fields(), dirty);

    let on_submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        if saving.get_untracked() {
            return;
        }
        tried.set(true);
        let d = untrack(|| inputs.draft());
        if !d.check().is_empty() {
            return;
        }
        saving.set(true);
        server_error.set(None);
        lost.set(None);
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
                    if e.answer_lost() {
                        lost.set(Some(lost_item(
                            format!("the user {}", d.email.trim()),
                            paths::users(),
                            &d.email,
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
            <a href=paths::users()>"Users"</a>
            <span aria-current="page">"New user"</span>
        </nav>
        <div class="page-head"><h1>"New user"</h1></div>
        <DraftOffer draft=draft/>
        <form class="item-form" on:submit=on_submit novalidate>
            <UserFields inputs=inputs errors=errors groups=groups groups_status=groups_status/>
            <LostAnswer lost=lost/>
            <FormFooter label="Create user" busy=saving error=server_error cancel_href=paths::users()/>
        </form>
    }
}

#[component]
pub fn EditUserPage() -> impl IntoView {
    let api = use_api();
    let id = use_id_param();
    let user = LocalResource::new(move || {
        let (api, id) = (api.clone(), id.get());
        async move { api::users::get(&api, &id).await }
    });
    super::item_view("Loading user…", user, |u| view! { <EditUserForm saved=u/> })
}

/// The form, once the user's current values are known.
#[component]
fn EditUserForm(saved: User) -> impl IntoView {
    let api = use_api();
    let toasts = use_toasts();
    let go = paths::use_go();
    let user_href = paths::user(&saved.id);
    let (user_id, name) = (saved.id.clone(), saved.display_name());
    let saved = StoredValue::new(UserDraft::from(&saved));
    let inputs = saved.with_value(UserInputs::new);
    let tried = RwSignal::new(false);
    let errors = Memo::new(move |_| {
        if tried.get() {
            inputs.draft().check()
        } else {
            UserErrors::default()
        }
    });
    let server_error = RwSignal::new(None::<String>);
    let saving = RwSignal::new(false);
    let (groups, groups_status) = use_group_options(&api);
    let changes = Memo::new(move |_| {
        let typed = inputs.draft();
        saved
            .with_value(|s| user_changes(s, &typed))
            .into_iter()
            // The group is shown by its name, sent by its id.
            .map(|c| match c.field {
                "groupId" => c.shown_as(|id| {
                    groups.with(|all| {
                        all.iter()
                            .find(|g| g.id == id)
                            .map_or_else(|| id.to_string(), |g| g.label.clone())
                    })
                }),
                _ => c,
            })
            .collect::<Vec<_>>()
    });
    let unchanged = Signal::derive(move || changes.with(Vec::is_empty));
    let dirty = Signal::derive(move || !unchanged.get());
    use_unsaved_changes(dirty);
    let draft = use_draft("user", inputs.draft_fields(), dirty);

    let on_submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        if saving.get_untracked() || unchanged.get_untracked() {
            return;
        }
        tried.set(true);
        let d = untrack(|| inputs.draft());
        if !d.check().is_empty() {
            return;
        }
        saving.set(true);
        server_error.set(None);
        let body = update_body(&changes.get_untracked());
        let (api, go, id) = (api.clone(), go.clone(), user_id.clone());
        spawn_local(async move {
            match api::users::update(&api, &id, &body).await {
                Ok(()) => {
                    toasts.show(format!(
                        "User “{} {}” saved.",
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

    view! {
        <nav class="breadcrumbs" aria-label="Breadcrumb">
            <a href=paths::users()>"Users"</a>
            <a href=user_href.clone()>{name}</a>
            <span aria-current="page">"Edit"</span>
        </nav>
        <div class="page-head"><h1>"Edit user"</h1></div>
        <DraftOffer draft=draft/>
        <form class="item-form" on:submit=on_submit novalidate>
            <UserFields inputs=inputs errors=errors groups=groups groups_status=groups_status/>
            <ChangePreview changes=changes/>
            <FormFooter label="Save changes" busy=saving error=server_error blocked=unchanged cancel_href=user_href/>
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

    #[test]
    fn an_edit_sends_only_the_group_when_only_it_changed() {
        let saved = UserDraft {
            group_id: "g1".into(),
            first_name: "Ann".into(),
            last_name: "Lee".into(),
            email: "ann@example.com".into(),
            phone: "".into(),
        };
        let typed = UserDraft {
            group_id: "g2".into(),
            first_name: " Ann".into(),
            ..saved.clone()
        };
        let changes = user_changes(&saved, &typed);
        assert_eq!(update_body(&changes), vec![("groupId", "g2".to_string())]);
        assert_eq!(changes[0].preview(), "Group: “g1” → “g2”");
        assert!(user_changes(&saved, &saved).is_empty());
        let cleared = UserDraft {
            email: String::new(),
            ..saved.clone()
        };
        assert_eq!(
            user_changes(&saved, &cleared)[0].preview(),
            "Email: “ann@example.com” → (empty)"
        );
    }
}
