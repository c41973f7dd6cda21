use super::write::{Changes, Field, Rule, Spec, Values};
use super::NAME_MAX;
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

/// What a group form, an import or a bulk edit may write.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum GroupField {
    Name,
    Description,
}

impl Field for GroupField {
    const ALL: &'static [Self] = &[GroupField::Name, GroupField::Description];

    fn spec(self) -> Spec {
        use GroupField::*;
        match self {
            Name => Spec::line(
                "group-name",
                "Name",
                "name",
                Rule::required("Enter a name for the group.", NAME_MAX),
            ),
            Description => Spec::line(
                "group-description",
                "Description",
                "description",
                Rule::optional(2000),
            )
            .text()
            .hint("Optional. Who or what the group is for."),
        }
    }
}

/// A group to add, as typed.
pub type NewGroup = Values<GroupField>;
/// What an edit of a group sends.
pub type GroupChanges = Changes<GroupField>;

impl From<&Group> for Values<GroupField> {
    /// The saved values, as an edit form starts from them.
    fn from(g: &Group) -> Self {
        Values::from_fn(|field| match field {
            GroupField::Name => g.name.clone(),
            GroupField::Description => g.description.clone(),
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
    fn names_are_required_and_bounded() {
        let all = GroupField::ALL;
        assert!(!NewGroup::default()
            .with(GroupField::Name, "  ")
            .check(all)
            .is_empty());
        assert!(!NewGroup::default()
            .with(GroupField::Name, "x".repeat(201))
            .check(all)
            .is_empty());
        let sales = NewGroup::default().with(GroupField::Name, "Sales");
        assert!(sales.check(all).is_empty());
        assert!(!sales
            .with(GroupField::Description, "d".repeat(2001))
            .check(all)
            .is_empty());
    }

    #[test]
    fn an_edit_sends_only_what_changed() {
        let saved = Group {
            id: "g1".into(),
            name: "Sales".into(),
            description: "Field sales".into(),
            extra: vec![],
        };
        let old = NewGroup::from(&saved);
        let same = old.clone().with(GroupField::Name, "Sales ");
        assert!(GroupChanges::between(&old, &same).is_empty());
        let typed = old.clone().with(GroupField::Description, "Inside sales");
        let changes = GroupChanges::between(&old, &typed);
        assert_eq!(changes.after(GroupField::Description), Some("Inside sales"));
        assert_eq!(changes.iter().count(), 1);
    }

    #[test]
    fn an_item_without_id_is_an_error() {
        assert!(Group::from_json(&json!({"name": "x"})).is_err());
    }
}
