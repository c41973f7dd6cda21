//! What an admin asks of a fleet first: how many of what, how stale, how
//! out of date. Counted here from walked pages (the API has no search,
//! filter or count endpoint), and the filters a list applies to devices.
//! Pure functions over plain data, tested natively.

use std::cmp::Ordering;
use std::collections::HashMap;

use super::{Device, Group, Timestamp, User};

/// How long ago a device last checked in: spans that do not overlap.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum CheckIn {
    WithinHour,
    WithinDay,
    WithinWeek,
    WithinMonth,
    Older,
    /// No check-in, or one that could not be read.
    Never,
}

const HOUR_MS: i64 = 3_600_000;
const DAY_MS: i64 = 24 * HOUR_MS;

impl CheckIn {
    pub const ALL: [CheckIn; 6] = [
        CheckIn::WithinHour,
        CheckIn::WithinDay,
        CheckIn::WithinWeek,
        CheckIn::WithinMonth,
        CheckIn::Older,
        CheckIn::Never,
    ];

    /// A check-in ahead of `now` (a skewed clock) counts as within the hour.
    pub fn of(now: Timestamp, last: Option<Timestamp>) -> Self {
        let Some(last) = last else {
            return CheckIn::Never;
        };
        match now.0 - last.0 {
            age if age < HOUR_MS => CheckIn::WithinHour,
            age if age < DAY_MS => CheckIn::WithinDay,
            age if age < 7 * DAY_MS => CheckIn::WithinWeek,
            age if age < 30 * DAY_MS => CheckIn::WithinMonth,
            _ => CheckIn::Older,
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            CheckIn::WithinHour => "Within the hour",
            CheckIn::WithinDay => "1 to 24 hours ago",
            CheckIn::WithinWeek => "1 to 7 days ago",
            CheckIn::WithinMonth => "7 to 30 days ago",
            CheckIn::Older => "Over 30 days ago",
            CheckIn::Never => "Never",
        }
    }

    /// The filter that lists these devices.
    pub fn filter(self) -> Seen {
        match self {
            CheckIn::WithinHour => Seen::Within(Span::Hours(1)),
            CheckIn::WithinDay => Seen::Between(Span::Hours(1), Span::Days(1)),
            CheckIn::WithinWeek => Seen::Between(Span::Days(1), Span::Days(7)),
            CheckIn::WithinMonth => Seen::Between(Span::Days(7), Span::Days(30)),
            CheckIn::Older => Seen::NotWithin(Span::Days(30)),
            CheckIn::Never => Seen::Never,
        }
    }
}

/// `17.10` after `17.9`: dot-separated parts compared as numbers where both
/// are numbers, as text otherwise; a version that runs out first is older.
pub fn compare_versions(a: &str, b: &str) -> Ordering {
    let mut left = a.trim().split(['.', '-', ' ']);
    let mut right = b.trim().split(['.', '-', ' ']);
    loop {
        match (left.next(), right.next()) {
            (None, None) => return Ordering::Equal,
            (None, Some(_)) => return Ordering::Less,
            (Some(_), None) => return Ordering::Greater,
            (Some(x), Some(y)) => {
                let order = match (x.parse::<u64>(), y.parse::<u64>()) {
                    (Ok(x), Ok(y)) => x.cmp(&y),
                    // A number (a release) before text (a beta, a build name).
                    (Ok(_), Err(_)) => Ordering::Less,
                    (Err(_), Ok(_)) => Ordering::Greater,
                    (Err(_), Err(_)) => x.to_lowercase().cmp(&y.to_lowercase()),
                };
                if order != Ordering::Equal {
                    return order;
                }
            }
        }
    }
}

/// A length of time a filter names (`7d`, `1h`).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Span {
    Hours(u32),
    Days(u32),
}

impl Span {
    fn millis(self) -> i64 {
        match self {
            Span::Hours(h) => i64::from(h) * HOUR_MS,
            Span::Days(d) => i64::from(d) * DAY_MS,
        }
    }

    /// `7d`, `1h`: how the query string writes it.
    pub fn to_text(self) -> String {
        match self {
            Span::Hours(h) => format!("{h}h"),
            Span::Days(d) => format!("{d}d"),
        }
    }

    pub fn parse(text: &str) -> Option<Self> {
        let text = text.trim();
        let (number, unit) = text.split_at(text.len().checked_sub(1)?);
        let n: u32 = number.parse().ok().filter(|n| *n > 0 && *n <= 3650)?;
        match unit {
            "h" => Some(Span::Hours(n)),
            "d" => Some(Span::Days(n)),
            _ => None,
        }
    }

    /// "7 days", "1 hour".
    pub fn words(self) -> String {
        match self {
            Span::Hours(1) => "1 hour".into(),
            Span::Hours(h) => format!("{h} hours"),
            Span::Days(1) => "1 day".into(),
            Span::Days(d) => format!("{d} days"),
        }
    }
}

/// When a device last checked in, as a filter.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Seen {
    /// Checked in within the span.
    Within(Span),
    /// Not within the span (or never).
    NotWithin(Span),
    /// Within the longer span but not within the shorter one.
    Between(Span, Span),
    Never,
}

impl Seen {
    pub fn matches(self, now: Timestamp, last: Option<Timestamp>) -> bool {
        let age = last.map(|t| now.0 - t.0);
        match (self, age) {
            (Seen::Never, age) => age.is_none(),
            (Seen::Within(span), Some(age)) => age < span.millis(),
            (Seen::NotWithin(_), None) => true,
            (Seen::NotWithin(span), Some(age)) => age >= span.millis(),
            (Seen::Between(short, long), Some(age)) => age >= short.millis() && age < long.millis(),
            (_, None) => false,
        }
    }
}

/// How an OS version filter compares.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum VersionOp {
    Is,
    Before,
    AtLeast,
}

/// Which devices a list shows; every part given must hold (AND). A text
/// part that is `Some("")` asks for devices where the field is missing.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct DeviceFilter {
    pub platform: Option<String>,
    pub os: Option<(VersionOp, String)>,
    pub model: Option<String>,
    /// The owner's user id.
    pub owner: Option<String>,
    /// The owner's group id (`Some("")`: no owner, or one in no group).
    pub group: Option<String>,
    pub seen: Option<Seen>,
    /// Has a location fix (`true`) or none (`false`): a device passes only
    /// when that is known of it ([`Known::has_fix`]).
    pub fix: Option<bool>,
}

/// What the portal knows of devices beyond their own fields.
#[derive(Clone, Debug, Default)]
pub struct Known {
    /// The owner's group id, by user id (once the users are read).
    pub group_of: HashMap<String, String>,
    /// Whether a device has a location fix, by device id (once its fixes
    /// were read: the fleet map, its track).
    pub has_fix: HashMap<String, bool>,
}

/// Text fields compare without regard to case or surrounding spaces.
fn same(a: &str, b: &str) -> bool {
    a.trim().eq_ignore_ascii_case(b.trim())
}

impl DeviceFilter {
    pub fn is_empty(&self) -> bool {
        *self == DeviceFilter::default()
    }

    /// Whether the group filter needs the owners' groups (a walk of users).
    pub fn needs_groups(&self) -> bool {
        self.group.is_some()
    }

    /// An owner whose group is not known is in no group; a device whose
    /// fix is not known passes no fix filter.
    pub fn matches(&self, device: &Device, now: Timestamp, known: &Known) -> bool {
        let text = |want: &Option<String>, have: &str| want.as_ref().is_none_or(|w| same(w, have));
        text(&self.platform, &device.platform)
            && text(&self.model, &device.model)
            && self.owner.as_ref().is_none_or(|o| *o == device.user_id)
            && self.os.as_ref().is_none_or(|(op, want)| {
                let have = device.os_version.trim();
                match op {
                    VersionOp::Is => same(want, have),
                    _ if have.is_empty() || want.trim().is_empty() => false,
                    VersionOp::Before => compare_versions(have, want) == Ordering::Less,
                    VersionOp::AtLeast => compare_versions(have, want) != Ordering::Less,
                }
            })
            && self.group.as_ref().is_none_or(|want| {
                let have = if device.user_id.is_empty() {
                    String::new()
                } else {
                    known
                        .group_of
                        .get(&device.user_id)
                        .cloned()
                        .unwrap_or_default()
                };
                *want == have
            })
            && self
                .fix
                .is_none_or(|want| known.has_fix.get(&device.id) == Some(&want))
            && self
                .seen
                .is_none_or(|seen| seen.matches(now, device.last_check_in))
    }
}

/// Which users a list shows; every part given must hold.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct UserFilter {
    /// The group's id (`Some("")`: in no group).
    pub group: Option<String>,
    /// The email's domain (`example.com`; a leading `@` is allowed).
    pub domain: Option<String>,
    /// Has at least one device (`true`) or none (`false`).
    pub devices: Option<bool>,
}

impl UserFilter {
    pub fn is_empty(&self) -> bool {
        *self == UserFilter::default()
    }

    /// Whether the filter needs to know who has devices (a walk of devices).
    pub fn needs_devices(&self) -> bool {
        self.devices.is_some()
    }

    /// `has_devices(user_id)` says whether the user has a device.
    pub fn matches(&self, user: &User, has_devices: impl Fn(&str) -> bool) -> bool {
        self.group.as_ref().is_none_or(|g| *g == user.group_id)
            && self.domain.as_ref().is_none_or(|want| {
                let want = want.trim().trim_start_matches('@');
                user.email
                    .trim()
                    .rsplit_once('@')
                    .is_some_and(|(_, domain)| domain.eq_ignore_ascii_case(want))
            })
            && self
                .devices
                .is_none_or(|want| has_devices(&user.id) == want)
    }
}

/// A count of devices with one value of a field.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Tally {
    /// The value as the API gave it (empty: missing).
    pub value: String,
    /// What to show: the value, or a name for it (a group's name).
    pub label: String,
    pub count: u64,
}

/// The devices of a fleet counted every way the overview shows them.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Overview {
    pub devices: u64,
    /// Most first; a missing platform is a tally with an empty value.
    pub platforms: Vec<Tally>,
    /// For each platform (in `platforms`' order), its OS versions, newest
    /// first.
    pub versions: Vec<(String, Vec<Tally>)>,
    /// The ten commonest models, most first, then "Other" (value `None`)
    /// with the rest.
    pub models: Vec<Tally>,
    pub other_models: u64,
    /// By the owner's group, most first; value `""`: no owner, or one not
    /// in a group (or not found).
    pub groups: Vec<Tally>,
    /// Devices in each check-in span, in `CheckIn::ALL`'s order.
    pub check_ins: Vec<(CheckIn, u64)>,
}

/// Counts by spelling, in the order first seen.
#[derive(Clone, Debug, Default)]
struct Spellings(HashMap<String, (usize, u64)>);

impl Spellings {
    fn add(&mut self, value: &str) {
        let value = value.trim();
        let seen = self.0.len();
        match self.0.get_mut(value) {
            Some((_, n)) => *n += 1,
            None => {
                self.0.insert(value.to_string(), (seen, 1));
            }
        }
    }

    /// Spellings that differ only in case ("iOS", "ios") are one tally,
    /// shown as the first spelling seen; most first.
    fn tallies(&self) -> Vec<Tally> {
        let mut spellings: Vec<(&String, &(usize, u64))> = self.0.iter().collect();
        spellings.sort_by_key(|(_, (first, _))| *first);
        let mut counts: HashMap<String, (String, u64)> = HashMap::new();
        for (value, (_, n)) in spellings {
            let entry = counts
                .entry(value.to_lowercase())
                .or_insert_with(|| (value.clone(), 0));
            entry.1 += n;
        }
        let mut out: Vec<Tally> = counts
            .into_values()
            .map(|(value, count)| Tally {
                label: value.clone(),
                value,
                count,
            })
            .collect();
        out.sort_by(|a, b| {
            b.count
                .cmp(&a.count)
                .then_with(|| a.value.to_lowercase().cmp(&b.value.to_lowercase()))
        });
        out
    }
}

/// Models shown on their own; the rest are "Other".
pub const TOP_MODELS: usize = 10;

/// What the overview counts, added to page by page (each device once), so
/// drawing the overview while pages arrive costs the distinct values, not
/// the devices.
#[derive(Clone, Debug, Default)]
pub struct FleetCounts {
    devices: u64,
    platforms: Spellings,
    /// By the platform's lower-case spelling.
    versions: HashMap<String, Spellings>,
    models: Spellings,
    /// Devices by owner's user id (`""`: no owner).
    owners: HashMap<String, u64>,
    check_ins: [u64; 6],
}

impl FleetCounts {
    pub fn add(&mut self, devices: &[Device], now: Timestamp) {
        for d in devices {
            self.devices += 1;
            self.platforms.add(&d.platform);
            self.versions
                .entry(d.platform.trim().to_lowercase())
                .or_default()
                .add(&d.os_version);
            self.models.add(&d.model);
            match self.owners.get_mut(d.user_id.as_str()) {
                Some(n) => *n += 1,
                None => {
                    self.owners.insert(d.user_id.clone(), 1);
                }
            }
            let span = CheckIn::of(now, d.last_check_in);
            if let Some(i) = CheckIn::ALL.iter().position(|c| *c == span) {
                self.check_ins[i] += 1;
            }
        }
    }

    /// The overview, the owners' groups from `users` and named from `groups`.
    pub fn overview(&self, users: &[User], groups: &[Group]) -> Overview {
        let platforms = self.platforms.tallies();
        let versions = platforms
            .iter()
            .map(|p| {
                let mut versions = self
                    .versions
                    .get(&p.value.to_lowercase())
                    .map(Spellings::tallies)
                    .unwrap_or_default();
                // Newest first; a missing version last.
                versions.sort_by(|a, b| match (a.value.is_empty(), b.value.is_empty()) {
                    (false, false) => compare_versions(&b.value, &a.value),
                    (a_empty, b_empty) => a_empty.cmp(&b_empty),
                });
                (p.value.clone(), versions)
            })
            .collect();
        let mut models = self.models.tallies();
        let other_models = models.iter().skip(TOP_MODELS).map(|t| t.count).sum();
        models.truncate(TOP_MODELS);
        let group_of_user: HashMap<&str, &str> = users
            .iter()
            .map(|u| (u.id.as_str(), u.group_id.as_str()))
            .collect();
        let group_name: HashMap<&str, &str> = groups
            .iter()
            .map(|g| (g.id.as_str(), g.name.as_str()))
            .collect();
        let mut by_group: HashMap<&str, u64> = HashMap::new();
        for (owner, n) in &self.owners {
            let group = group_of_user
                .get(owner.as_str())
                .copied()
                .filter(|g| group_name.contains_key(g))
                .unwrap_or("");
            *by_group.entry(group).or_default() += n;
        }
        let mut by_group: Vec<Tally> = by_group
            .into_iter()
            .map(|(value, count)| Tally {
                value: value.to_string(),
                label: group_name
                    .get(value)
                    .map_or_else(String::new, |name| name.to_string()),
                count,
            })
            .collect();
        by_group.sort_by(|a, b| {
            b.count
                .cmp(&a.count)
                .then_with(|| a.label.to_lowercase().cmp(&b.label.to_lowercase()))
        });
        Overview {
            devices: self.devices,
            platforms,
            versions,
            models,
            other_models,
            groups: by_group,
            check_ins: CheckIn::ALL
                .iter()
                .zip(self.check_ins)
                .map(|(span, n)| (*span, n))
                .collect(),
        }
    }
}

impl Overview {
    pub fn of(devices: &[Device], users: &[User], groups: &[Group], now: Timestamp) -> Self {
        let mut counts = FleetCounts::default();
        counts.add(devices, now);
        counts.overview(users, groups)
    }

    /// Devices not seen for `span` (or never).
    pub fn not_seen_for(devices: &[Device], now: Timestamp, span: Span) -> u64 {
        devices
            .iter()
            .filter(|d| Seen::NotWithin(span).matches(now, d.last_check_in))
            .count() as u64
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{Extra, Item};
    use serde_json::json;

    const NOW: Timestamp = Timestamp(1_800_000_000_000);

    fn device(
        id: &str,
        platform: &str,
        os: &str,
        model: &str,
        user: &str,
        age_h: Option<i64>,
    ) -> Device {
        let mut d = Device::from_json(&json!({ "id": id })).unwrap();
        d.platform = platform.into();
        d.os_version = os.into();
        d.model = model.into();
        d.user_id = user.into();
        d.last_check_in = age_h.map(|h| Timestamp(NOW.0 - h * HOUR_MS));
        d.extra = Vec::<Extra>::new();
        d
    }

    #[test]
    fn versions_sort_as_versions() {
        let mut v = vec!["17.9", "17.10", "17", "16.7.2", "17.10.1", "18 beta", "18"];
        v.sort_by(|a, b| compare_versions(a, b));
        assert_eq!(
            v,
            ["16.7.2", "17", "17.9", "17.10", "17.10.1", "18", "18 beta"]
        );
        assert_eq!(compare_versions("14", "14.0"), Ordering::Less);
        assert_eq!(compare_versions(" 14.1", "14.1"), Ordering::Equal);
    }

    #[test]
    fn check_ins_fall_in_one_span_and_unreadable_ones_are_never() {
        let at = |h: i64| Some(Timestamp(NOW.0 - h * HOUR_MS));
        assert_eq!(CheckIn::of(NOW, at(0)), CheckIn::WithinHour);
        assert_eq!(
            CheckIn::of(NOW, at(-5)),
            CheckIn::WithinHour,
            "ahead of the clock"
        );
        assert_eq!(CheckIn::of(NOW, at(23)), CheckIn::WithinDay);
        assert_eq!(CheckIn::of(NOW, at(24 * 6)), CheckIn::WithinWeek);
        assert_eq!(CheckIn::of(NOW, at(24 * 29)), CheckIn::WithinMonth);
        assert_eq!(CheckIn::of(NOW, at(24 * 400)), CheckIn::Older);
        assert_eq!(CheckIn::of(NOW, None), CheckIn::Never);
        // Each span's filter lists exactly the devices counted in it.
        for hours in [0, 3, 30, 24 * 8, 24 * 40] {
            let span = CheckIn::of(NOW, at(hours));
            for other in CheckIn::ALL {
                assert_eq!(
                    other.filter().matches(NOW, at(hours)),
                    other == span,
                    "{hours} h, {other:?}"
                );
            }
        }
        assert!(CheckIn::Never.filter().matches(NOW, None));
        assert!(
            Seen::NotWithin(Span::Days(7)).matches(NOW, None),
            "never seen is not seen for 7 days"
        );
    }

    #[test]
    fn spans_read_and_write() {
        assert_eq!(Span::parse("7d"), Some(Span::Days(7)));
        assert_eq!(Span::parse("12h"), Some(Span::Hours(12)));
        for bad in ["", "d", "0d", "7w", "-1d", "99999d"] {
            assert_eq!(Span::parse(bad), None, "{bad}");
        }
        assert_eq!(Span::Days(7).to_text(), "7d");
        assert_eq!(Span::Days(1).words(), "1 day");
    }

    #[test]
    fn the_overview_counts_every_device_once_and_unknowns_as_such() {
        let users = vec![
            User::from_json(&json!({"id": "u1", "groupId": "g1"})).unwrap(),
            User::from_json(&json!({"id": "u2", "groupId": "gone"})).unwrap(),
        ];
        let groups = vec![Group::from_json(&json!({"id": "g1", "name": "Sales"})).unwrap()];
        let devices = vec![
            device("a", "iOS", "17.9", "iPhone 15", "u1", Some(0)),
            device("b", "ios", "17.10", "iPhone 15", "u1", Some(30)),
            device("c", "Android", "14", "Pixel 8", "u2", Some(24 * 10)),
            device("d", "", "", "", "", None),
        ];
        let o = Overview::of(&devices, &users, &groups, NOW);
        assert_eq!(o.devices, 4);
        let platforms: Vec<(&str, u64)> = o
            .platforms
            .iter()
            .map(|t| (t.value.as_str(), t.count))
            .collect();
        assert_eq!(platforms, [("iOS", 2), ("", 1), ("Android", 1)]);
        let ios: Vec<&str> = o.versions[0].1.iter().map(|t| t.value.as_str()).collect();
        assert_eq!(ios, ["17.10", "17.9"]);
        assert_eq!(o.models[0].value, "iPhone 15");
        let groups: Vec<(&str, &str, u64)> = o
            .groups
            .iter()
            .map(|t| (t.value.as_str(), t.label.as_str(), t.count))
            .collect();
        assert_eq!(groups, [("", "", 2), ("g1", "Sales", 2)]);
        let spans: u64 = o.check_ins.iter().map(|(_, n)| n).sum();
        assert_eq!(spans, 4);
        assert_eq!(o.check_ins[5], (CheckIn::Never, 1));
        assert_eq!(Overview::not_seen_for(&devices, NOW, Span::Days(7)), 2);
    }

    #[test]
    fn user_filters_by_group_domain_and_devices() {
        let ann =
            User::from_json(&json!({"id": "u1", "groupId": "g1", "email": "Ann@Example.com"}))
                .unwrap();
        let bob = User::from_json(&json!({"id": "u2", "email": "bob"})).unwrap();
        let has = |id: &str| id == "u1";
        let f = UserFilter {
            group: Some("g1".into()),
            domain: Some("@example.COM".into()),
            devices: Some(true),
        };
        assert!(f.matches(&ann, has));
        assert!(!f.matches(&bob, has));
        let lone = UserFilter {
            group: Some(String::new()),
            devices: Some(false),
            ..Default::default()
        };
        assert!(lone.matches(&bob, has));
        assert!(!lone.matches(&ann, has));
        let domain = UserFilter {
            domain: Some("example.com".into()),
            ..Default::default()
        };
        assert!(
            !domain.matches(&bob, has),
            "an email without a domain has none"
        );
    }

    #[test]
    fn models_past_the_top_ten_are_other() {
        let devices: Vec<Device> = (0..13)
            .map(|i| {
                device(
                    &i.to_string(),
                    "iOS",
                    "17",
                    &format!("Model {i}"),
                    "",
                    Some(1),
                )
            })
            .collect();
        let o = Overview::of(&devices, &[], &[], NOW);
        assert_eq!(o.models.len(), TOP_MODELS);
        assert_eq!(o.other_models, 3);
    }

    #[test]
    fn filters_combine_and_missing_values_are_filterable() {
        let known = Known {
            group_of: HashMap::from([("u1".to_string(), "g1".to_string())]),
            has_fix: HashMap::from([("a".to_string(), true)]),
        };
        let groups = &known;
        let ios = device("a", "iOS", "17.10", "iPhone 15", "u1", Some(24 * 9));
        let bare = device("d", "", "", "", "", None);
        let filter = DeviceFilter {
            platform: Some("ios".into()),
            os: Some((VersionOp::AtLeast, "17.9".into())),
            group: Some("g1".into()),
            seen: Some(Seen::NotWithin(Span::Days(7))),
            ..Default::default()
        };
        assert!(filter.matches(&ios, NOW, groups));
        assert!(!filter.matches(&bare, NOW, groups));
        let before = DeviceFilter {
            os: Some((VersionOp::Before, "17.9".into())),
            ..Default::default()
        };
        assert!(!before.matches(&ios, NOW, groups));
        assert!(
            !before.matches(&bare, NOW, groups),
            "an unknown version is neither before nor after"
        );
        let unknown = DeviceFilter {
            platform: Some(String::new()),
            group: Some(String::new()),
            seen: Some(Seen::Never),
            ..Default::default()
        };
        assert!(unknown.matches(&bare, NOW, groups));
        assert!(!unknown.matches(&ios, NOW, groups));
        assert!(DeviceFilter::default().matches(&bare, NOW, groups));
        let with_fix = DeviceFilter {
            fix: Some(true),
            ..Default::default()
        };
        let without_fix = DeviceFilter {
            fix: Some(false),
            ..Default::default()
        };
        assert!(with_fix.matches(&ios, NOW, groups));
        assert!(
            !with_fix.matches(&bare, NOW, groups) && !without_fix.matches(&bare, NOW, groups),
            "a device whose fix is not known passes neither"
        );
    }
}
