use super::write::{Changes, Field, Rule, Spec, Values};
use super::NAME_MAX;
use super::{DecodeError, Extra, Fields, Item, Timestamp};

#[derive(Clone, Debug, PartialEq)]
pub struct Device {
    pub id: String,
    pub user_id: String,
    pub name: String,
    pub platform: String,
    pub model: String,
    pub os_version: String,
    pub serial_number: String,
    pub phone_number: String,
    pub last_check_in: Option<Timestamp>,
    pub extra: Vec<Extra>,
}

const ID: &[&str] = &["id", "deviceid"];
const USER: &[&str] = &["userid", "user", "ownerid"];
const NAME: &[&str] = &["name", "devicename"];
const PLATFORM: &[&str] = &["platform", "os"];
const MODEL: &[&str] = &["model", "devicemodel"];
const OS_VERSION: &[&str] = &["osversion", "version"];
const SERIAL: &[&str] = &["serialnumber", "serial"];
const PHONE: &[&str] = &["phonenumber", "phone"];
const CHECK_IN: &[&str] = &["lastcheckin", "lastseen", "lastcontact"];

impl Device {
    /// "Alice's iPhone", or the id when the device has no name.
    pub fn display_name(&self) -> String {
        if self.name.trim().is_empty() {
            self.id.clone()
        } else {
            self.name.clone()
        }
    }

    /// "iOS · iPhone 15", skipping what is missing.
    pub fn platform_model(&self) -> String {
        [self.platform.as_str(), self.model.as_str()]
            .into_iter()
            .filter(|s| !s.is_empty())
            .collect::<Vec<_>>()
            .join(" · ")
    }
}

impl Item for Device {
    const KIND: &'static str = "device";

    fn from_fields(f: &Fields) -> Result<Self, DecodeError> {
        let known: Vec<&str> = [
            ID, USER, NAME, PLATFORM, MODEL, OS_VERSION, SERIAL, PHONE, CHECK_IN,
        ]
        .concat();
        Ok(Device {
            id: f
                .id(ID)
                .ok_or_else(|| DecodeError("a device has no id".into()))?,
            user_id: f.id(USER).unwrap_or_default(),
            name: f.text_or_empty(NAME),
            platform: f.text_or_empty(PLATFORM),
            model: f.text_or_empty(MODEL),
            os_version: f.text_or_empty(OS_VERSION),
            serial_number: f.text_or_empty(SERIAL),
            phone_number: f.text_or_empty(PHONE),
            last_check_in: f.time(CHECK_IN),
            extra: f.extras(&known),
        })
    }
}

/// What the portal may change of a device (the MDM enrols them; the API
/// only updates them).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum DeviceField {
    Name,
    Owner,
}

impl Field for DeviceField {
    const ALL: &'static [Self] = &[DeviceField::Name, DeviceField::Owner];

    fn spec(self) -> Spec {
        match self {
            DeviceField::Name => Spec::line(
                "device-name",
                "Device name",
                "name",
                Rule::required("Enter a name for the device.", NAME_MAX),
            ),
            // A user's id, chosen from every user.
            DeviceField::Owner => Spec::line(
                "device-owner",
                "Owner",
                "userId",
                Rule::required("Choose the new owner.", usize::MAX),
            )
            .choice(),
        }
    }
}

/// What an edit of a device sends.
pub type DeviceChanges = Changes<DeviceField>;

impl From<&Device> for Values<DeviceField> {
    /// The saved values, as an edit form starts from them.
    fn from(d: &Device) -> Self {
        Values::from_fn(|field| match field {
            DeviceField::Name => d.name.clone(),
            DeviceField::Owner => d.user_id.clone(),
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn decodes_and_keeps_unknown_fields() {
        let d = Device::from_json(&json!({
            "DeviceID": "d1", "UserID": "u1", "name": "Bob's iPhone", "platform": "iOS",
            "model": "iPhone 15", "os_version": "18.1", "lastCheckIn": 1_764_065_000,
            "batteryLevel": 80
        }))
        .unwrap();
        assert_eq!(d.user_id, "u1");
        assert_eq!(d.platform_model(), "iOS · iPhone 15");
        assert_eq!(d.last_check_in, Some(Timestamp(1_764_065_000_000)));
        assert_eq!(d.extra.len(), 1);
        assert_eq!(d.extra[0].name, "batteryLevel");
    }

    #[test]
    fn a_rename_changes_the_name_only() {
        let d = Device::from_json(&json!({"id": "d", "name": "Old", "userId": "u1"})).unwrap();
        let saved = Values::from(&d);
        let typed = saved.clone().with(DeviceField::Name, " New ");
        let changes = DeviceChanges::between(&saved, &typed);
        assert_eq!(changes.after(DeviceField::Name), Some("New"));
        assert_eq!(changes.iter().count(), 1);
        // A rename form checks the name alone: the owner is not its to fill.
        let unowned = Values::<DeviceField>::default().with(DeviceField::Name, "x");
        assert!(unowned.check(&[DeviceField::Name]).is_empty());
        assert!(!unowned.check(DeviceField::ALL).is_empty());
    }

    #[test]
    fn unreadable_check_in_is_none_not_an_error() {
        let d = Device::from_json(&json!({"id": "d", "lastCheckIn": "soon"})).unwrap();
        assert_eq!(d.last_check_in, None);
        assert_eq!(d.display_name(), "d");
    }
}
