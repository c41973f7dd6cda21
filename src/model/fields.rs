use serde_json::{Map, Value};
use std::fmt;

use super::time::Timestamp;

/// Why an item could not be decoded.
#[derive(Clone, Debug, PartialEq)]
pub struct DecodeError(pub String);

impl fmt::Display for DecodeError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

/// A field the portal does not know, kept so nothing the API sends is hidden.
#[derive(Clone, Debug, PartialEq)]
pub struct Extra {
    pub name: String,
    pub value: String,
}

/// A JSON object whose keys are looked up by their normalised spelling:
/// lower case with `_` and `-` removed, so `groupId`, `group_id` and `GroupID`
/// are one field.
pub struct Fields<'a> {
    /// Each key normalised once (a list of 100 items asks ~30 names each),
    /// with the server's spelling and the value, in the server's order.
    entries: Vec<(String, &'a String, &'a Value)>,
}

/// `groupId` → `groupid`.
pub fn normalise(key: &str) -> String {
    key.chars()
        .filter(|c| *c != '_' && *c != '-' && !c.is_whitespace())
        .flat_map(char::to_lowercase)
        .collect()
}

impl<'a> Fields<'a> {
    pub fn from_value(value: &'a Value) -> Result<Self, DecodeError> {
        match value {
            Value::Object(map) => Ok(Fields::from_map(map)),
            other => Err(DecodeError(format!(
                "expected an object, got {}",
                json_kind(other)
            ))),
        }
    }

    fn from_map(map: &'a Map<String, Value>) -> Self {
        Fields {
            entries: map.iter().map(|(k, v)| (normalise(k), k, v)).collect(),
        }
    }

    /// The first present, non-null value among `names` (given normalised).
    pub fn get(&self, names: &[&str]) -> Option<&'a Value> {
        names.iter().find_map(|want| {
            self.entries
                .iter()
                .find(|(k, _, v)| !v.is_null() && k == want)
                .map(|(_, _, v)| *v)
        })
    }

    /// Text of a field: strings as they are, numbers and booleans as written.
    pub fn text(&self, names: &[&str]) -> Option<String> {
        self.get(names).and_then(scalar_text)
    }

    /// Like [`Fields::text`] but empty when absent.
    pub fn text_or_empty(&self, names: &[&str]) -> String {
        self.text(names).unwrap_or_default()
    }

    /// An identifier: a string or a number, never parsed as a number.
    pub fn id(&self, names: &[&str]) -> Option<String> {
        self.text(names).filter(|s| !s.is_empty())
    }

    /// A number given as a JSON number or a numeric string.
    pub fn number(&self, names: &[&str]) -> Option<f64> {
        match self.get(names)? {
            Value::Number(n) => n.as_f64(),
            Value::String(s) => s.trim().parse::<f64>().ok(),
            _ => None,
        }
        .filter(|n| n.is_finite())
    }

    pub fn time(&self, names: &[&str]) -> Option<Timestamp> {
        Timestamp::from_json(self.get(names)?)
    }

    pub fn bool(&self, names: &[&str]) -> Option<bool> {
        match self.get(names)? {
            Value::Bool(b) => Some(*b),
            Value::Number(n) => n.as_f64().map(|n| n != 0.0),
            Value::String(s) => match s.trim().to_ascii_lowercase().as_str() {
                "true" | "yes" | "1" => Some(true),
                "false" | "no" | "0" => Some(false),
                _ => None,
            },
            _ => None,
        }
    }

    /// Every field whose normalised name is not in `known`, in the server's order.
    pub fn extras(&self, known: &[&str]) -> Vec<Extra> {
        self.entries
            .iter()
            .filter(|(k, _, _)| !known.contains(&k.as_str()))
            .map(|(_, k, v)| Extra {
                name: (*k).clone(),
                value: scalar_text(v).unwrap_or_else(|| v.to_string()),
            })
            .collect()
    }
}

fn scalar_text(value: &Value) -> Option<String> {
    match value {
        Value::String(s) => Some(s.clone()),
        Value::Number(n) => Some(n.to_string()),
        Value::Bool(b) => Some(b.to_string()),
        _ => None,
    }
}

pub fn json_kind(value: &Value) -> &'static str {
    match value {
        Value::Null => "null",
        Value::Bool(_) => "a boolean",
        Value::Number(_) => "a number",
        Value::String(_) => "a string",
        Value::Array(_) => "a list",
        Value::Object(_) => "an object",
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn spellings_are_one_field() {
        for key in ["groupId", "group_id", "GroupID", "GROUP-ID"] {
            let v = json!({ key: "7" });
            let f = Fields::from_value(&v).unwrap();
            assert_eq!(f.id(&["groupid"]).as_deref(), Some("7"), "{key}");
        }
    }

    #[test]
    fn long_numeric_ids_keep_every_digit() {
        let v: Value = serde_json::from_str(r#"{"id": 123456789012345678901234567890}"#).unwrap();
        let f = Fields::from_value(&v).unwrap();
        assert_eq!(
            f.id(&["id"]).as_deref(),
            Some("123456789012345678901234567890")
        );
    }

    #[test]
    fn numbers_from_strings_and_nulls_skipped() {
        let v = json!({"lat": " 51.5 ", "lng": null, "lon": 4});
        let f = Fields::from_value(&v).unwrap();
        assert_eq!(f.number(&["latitude", "lat"]), Some(51.5));
        assert_eq!(f.number(&["lng", "lon"]), Some(4.0));
        assert_eq!(f.number(&["nope"]), None);
    }

    #[test]
    fn extras_keep_unknown_fields_in_order() {
        let v = json!({"id": "1", "battery_level": 80, "tags": ["a"], "Name": "x"});
        let f = Fields::from_value(&v).unwrap();
        let extras = f.extras(&["id", "name"]);
        assert_eq!(
            extras,
            vec![
                Extra {
                    name: "battery_level".into(),
                    value: "80".into()
                },
                Extra {
                    name: "tags".into(),
                    value: "[\"a\"]".into()
                },
            ]
        );
    }

    #[test]
    fn non_objects_are_refused() {
        assert!(Fields::from_value(&json!([1])).is_err());
    }
}
