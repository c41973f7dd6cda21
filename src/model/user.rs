use super::write::{Changes, Field, Rule, Spec, Values};
use super::NAME_MAX;
use super::{DecodeError, Extra, Fields, Item};

#[derive(Clone, Debug, PartialEq)]
pub struct User {
    pub id: String,
    pub group_id: String,
    pub first_name: String,
    pub last_name: String,
    pub email: String,
    pub phone: String,
    pub extra: Vec<Extra>,
}

const ID: &[&str] = &["id", "userid"];
const GROUP: &[&str] = &["groupid", "group"];
const FIRST: &[&str] = &["firstname", "givenname"];
const LAST: &[&str] = &["lastname", "surname", "familyname"];
const EMAIL: &[&str] = &["email", "emailaddress", "mail"];
const PHONE: &[&str] = &["phone", "phonenumber", "mobile"];

impl User {
    /// "Alice Smith", or the email, or the id: never an empty link.
    pub fn display_name(&self) -> String {
        let full = format!("{} {}", self.first_name.trim(), self.last_name.trim());
        let full = full.trim();
        if !full.is_empty() {
            full.to_string()
        } else if !self.email.is_empty() {
            self.email.clone()
        } else {
            self.id.clone()
        }
    }
}

impl Item for User {
    const KIND: &'static str = "user";

    fn from_fields(f: &Fields) -> Result<Self, DecodeError> {
        let known: Vec<&str> = [ID, GROUP, FIRST, LAST, EMAIL, PHONE].concat();
        Ok(User {
            id: f
                .id(ID)
                .ok_or_else(|| DecodeError("a user has no id".into()))?,
            group_id: f.id(GROUP).unwrap_or_default(),
            first_name: f.text_or_empty(FIRST),
            last_name: f.text_or_empty(LAST),
            email: f.text_or_empty(EMAIL),
            phone: f.text_or_empty(PHONE),
            extra: f.extras(&known),
        })
    }
}

/// What a user form, an import or a bulk edit may write.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum UserField {
    Group,
    FirstName,
    LastName,
    Email,
    Phone,
}

impl Field for UserField {
    const ALL: &'static [Self] = &[
        UserField::Group,
        UserField::FirstName,
        UserField::LastName,
        UserField::Email,
        UserField::Phone,
    ];

    fn spec(self) -> Spec {
        use UserField::*;
        match self {
            // An id, chosen from a list: no length of its own.
            Group => Spec::line(
                "user-group",
                "Group",
                "groupId",
                Rule::required("Choose a group.", usize::MAX),
            )
            .choice(),
            FirstName => Spec::line(
                "user-first",
                "First name",
                "firstName",
                Rule::required("Enter the first name.", NAME_MAX),
            ),
            LastName => Spec::line(
                "user-last",
                "Last name",
                "lastName",
                Rule::required("Enter the last name.", NAME_MAX),
            ),
            Email => Spec::line("user-email", "Email", "email", Rule::optional(254).email())
                .hint("Optional."),
            Phone => {
                Spec::line("user-phone", "Phone", "phone", Rule::optional(40)).hint("Optional.")
            }
        }
    }
}

/// A user to add, as typed (the group as its id).
pub type NewUser = Values<UserField>;
/// What an edit of a user sends.
pub type UserChanges = Changes<UserField>;

impl From<&User> for Values<UserField> {
    /// The saved values, as an edit form starts from them.
    fn from(u: &User) -> Self {
        Values::from_fn(|field| match field {
            UserField::Group => u.group_id.clone(),
            UserField::FirstName => u.first_name.clone(),
            UserField::LastName => u.last_name.clone(),
            UserField::Email => u.email.clone(),
            UserField::Phone => u.phone.clone(),
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn snake_case_and_numbers() {
        let u = User::from_json(&json!({
            "id": 7, "group_id": 123, "first_name": "Alice", "LastName": "Smith",
            "email": "a@example.com", "phone": 5551234
        }))
        .unwrap();
        assert_eq!((u.id.as_str(), u.group_id.as_str()), ("7", "123"));
        assert_eq!(u.display_name(), "Alice Smith");
        assert_eq!(u.phone, "5551234");
        assert!(u.extra.is_empty());
    }

    #[test]
    fn required_fields_and_what_an_add_sends() {
        let typed = NewUser::default().with(UserField::FirstName, " Ann ");
        let errors = typed.check(UserField::ALL);
        assert!(errors.get(UserField::Group).is_some());
        assert!(errors.get(UserField::LastName).is_some());
        assert!(errors.get(UserField::FirstName).is_none());
        let typed = typed
            .with(UserField::Group, "g1")
            .with(UserField::LastName, "Lee")
            .with(UserField::Phone, " 555 ");
        assert!(typed.check(UserField::ALL).is_empty());
        let sent: Vec<_> = typed
            .to_create()
            .into_iter()
            .map(|(f, v)| (f.wire(), v))
            .collect();
        assert_eq!(
            sent,
            vec![
                ("groupId", "g1".to_string()),
                ("firstName", "Ann".to_string()),
                ("lastName", "Lee".to_string()),
                ("phone", "555".to_string()),
            ]
        );
        let bad = typed
            .with(UserField::Email, "ann@")
            .with(UserField::Phone, "5".repeat(41));
        let errors = bad.check(UserField::ALL);
        assert!(errors.get(UserField::Email).is_some() && errors.get(UserField::Phone).is_some());
    }

    #[test]
    fn an_edit_sends_only_the_group_when_only_it_changed() {
        let saved = NewUser::default()
            .with(UserField::Group, "g1")
            .with(UserField::FirstName, "Ann")
            .with(UserField::LastName, "Lee")
            .with(UserField::Email, "ann@example.com");
        let typed = saved
            .clone()
            .with(UserField::Group, "g2")
            .with(UserField::FirstName, " Ann");
        let changes = UserChanges::between(&saved, &typed);
        assert_eq!(changes.iter().count(), 1);
        assert_eq!(changes.after(UserField::Group), Some("g2"));
        let cleared = saved.clone().with(UserField::Email, "");
        assert_eq!(
            UserChanges::between(&saved, &cleared).after(UserField::Email),
            Some("")
        );
    }

    #[test]
    fn display_name_falls_back() {
        let u = User::from_json(&json!({"id": "9", "email": "x@y.z"})).unwrap();
        assert_eq!(u.display_name(), "x@y.z");
        let u = User::from_json(&json!({"id": "9"})).unwrap();
        assert_eq!(u.display_name(), "9");
    }
}
