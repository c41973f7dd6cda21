use super::{DecodeError, Extra, Fields, Item};

#[derive(Clone, Debug, PartialEq)]
pub struct Group {
    pub id: String,
    pub name: String,
    pub description: String,
    pub extra: Vec<Extra>,
}

impl Item for Group {
    const KIND: &'static str = "group";

    fn from_fields(f: &Fields) -> Result<Self, DecodeError> {
        Ok(Group {
            id: f
                .id(&["id", "groupid"])
                .ok_or_else(|| DecodeError("a group has no id".into()))?,
            name: f.text_or_empty(&["name", "groupname"]),
            description: f.text_or_empty(&["description", "desc"]),
            extra: f.extras(&["id", "groupid", "name", "groupname", "description", "desc"]),
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn decodes_any_spelling_and_keeps_extras() {
        let g = Group::from_json(&json!({
            "GroupID": 42, "Name": "Sales", "description": null, "createdAt": "2026-01-01"
        }))
        .unwrap();
        assert_eq!(g.id, "42");
        assert_eq!(g.name, "Sales");
        assert_eq!(g.description, "");
        assert_eq!(
            g.extra,
            vec![Extra {
                name: "createdAt".into(),
                value: "2026-01-01".into()
            }]
        );
    }

    #[test]
    fn an_item_without_id_is_an_error() {
        assert!(Group::from_json(&json!({"name": "x"})).is_err());
    }
}
