//! Every field of an item by its API name, for an "all fields" export:
//! the known fields in the contract's spelling, then the ones the portal
//! does not know, as the server sent them.

use super::{Device, Extra, Group, Timestamp, User};

/// A field's value: text, or a moment (written in the export's time format).
#[derive(Clone, Debug, PartialEq)]
pub enum FieldValue {
    Text(String),
    Time(Option<Timestamp>),
}

pub type Record = Vec<(String, FieldValue)>;

fn record(known: &[(&str, FieldValue)], extra: &[Extra]) -> Record {
    known
        .iter()
        .map(|(name, value)| (name.to_string(), value.clone()))
        .chain(
            extra
                .iter()
                .map(|e| (e.name.clone(), FieldValue::Text(e.value.clone()))),
        )
        .collect()
}

fn text(value: &str) -> FieldValue {
    FieldValue::Text(value.to_string())
}

impl Group {
    pub fn record(&self) -> Record {
        record(
            &[
                ("id", text(&self.id)),
                ("name", text(&self.name)),
                ("description", text(&self.description)),
            ],
            &self.extra,
        )
    }
}

impl User {
    pub fn record(&self) -> Record {
        record(
            &[
                ("id", text(&self.id)),
                ("groupId", text(&self.group_id)),
                ("firstName", text(&self.first_name)),
                ("lastName", text(&self.last_name)),
                ("email", text(&self.email)),
                ("phone", text(&self.phone)),
            ],
            &self.extra,
        )
    }
}

impl Device {
    pub fn record(&self) -> Record {
        record(
            &[
                ("id", text(&self.id)),
                ("userId", text(&self.user_id)),
                ("name", text(&self.name)),
                ("platform", text(&self.platform)),
                ("model", text(&self.model)),
                ("osVersion", text(&self.os_version)),
                ("serialNumber", text(&self.serial_number)),
                ("phoneNumber", text(&self.phone_number)),
                ("lastCheckIn", FieldValue::Time(self.last_check_in)),
            ],
            &self.extra,
        )
    }
}

/// The columns of records of differing fields: every name in the order
/// first met.
pub fn record_columns<'a>(records: impl IntoIterator<Item = &'a Record>) -> Vec<String> {
    let mut names: Vec<String> = Vec::new();
    let mut seen = std::collections::HashSet::new();
    for record in records {
        for (name, _) in record {
            if seen.insert(name.as_str()) {
                names.push(name.clone());
            }
        }
    }
    names
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::Item;

    #[test]
    fn a_device_keeps_every_field_the_server_sent() {
        let device = Device::from_json(&serde_json::json!({
            "device_id": 7, "user_id": "u1", "name": "Van 3", "platform": "Android",
            "lastSeen": "2025-11-25T10:03:20Z", "fleetTag": "north"
        }))
        .unwrap();
        let record = device.record();
        let names: Vec<&str> = record.iter().map(|(n, _)| n.as_str()).collect();
        assert_eq!(
            names,
            [
                "id",
                "userId",
                "name",
                "platform",
                "model",
                "osVersion",
                "serialNumber",
                "phoneNumber",
                "lastCheckIn",
                "fleetTag"
            ]
        );
        assert_eq!(record[0].1, FieldValue::Text("7".into()));
        assert_eq!(
            record[8].1,
            FieldValue::Time(Timestamp::parse("2025-11-25T10:03:20Z"))
        );
        assert_eq!(record[9].1, FieldValue::Text("north".into()));
    }

    #[test]
    fn columns_are_the_union_in_the_order_met() {
        let a: Record = vec![("id".into(), text("1")), ("x".into(), text("a"))];
        let b: Record = vec![("id".into(), text("2")), ("y".into(), text("b"))];
        assert_eq!(record_columns([&a, &b]), ["id", "x", "y"]);
    }
}
