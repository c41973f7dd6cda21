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
    fn display_name_falls_back() {
        let u = User::from_json(&json!({"id": "9", "email": "x@y.z"})).unwrap();
        assert_eq!(u.display_name(), "x@y.z");
        let u = User::from_json(&json!({"id": "9"})).unwrap();
        assert_eq!(u.display_name(), "9");
    }
}
