use serde_json::Value;

/// A moment in time as milliseconds since the Unix epoch (UTC).
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Timestamp(pub i64);

/// Epoch values at or above this are taken as milliseconds: as seconds it
/// would be the year 5138, as milliseconds it is March 1973.
const MILLIS_THRESHOLD: f64 = 1e11;

impl Timestamp {
    /// Accepts RFC 3339 / ISO 8601, `YYYY-MM-DD HH:MM:SS` (UTC), and Unix epoch
    /// seconds or milliseconds as a number or a numeric string.
    pub fn from_json(value: &Value) -> Option<Self> {
        match value {
            Value::Number(n) => n.as_f64().and_then(Self::from_epoch),
            Value::String(s) => Self::parse(s),
            _ => None,
        }
    }

    pub fn parse(text: &str) -> Option<Self> {
        let text = text.trim();
        if let Ok(n) = text.parse::<f64>() {
            return Self::from_epoch(n);
        }
        parse_iso(text).map(Timestamp)
    }

    fn from_epoch(n: f64) -> Option<Self> {
        if !n.is_finite() || n < 0.0 {
            return None;
        }
        let ms = if n >= MILLIS_THRESHOLD { n } else { n * 1000.0 };
        Some(Timestamp(ms.round() as i64))
    }

    pub fn millis(self) -> i64 {
        self.0
    }

    /// `2026-11-25T10:03:00Z`, for exports and the title attribute.
    pub fn to_rfc3339(self) -> String {
        format!("{}Z", self.wall_clock(0, 'T'))
    }

    /// ISO 8601 in a zone `offset_minutes` east of UTC, the offset written
    /// out: `2026-11-25T11:03:00+01:00` (what exports carry in local time).
    pub fn to_iso_with_offset(self, offset_minutes: i32) -> String {
        let sign = if offset_minutes < 0 { '-' } else { '+' };
        let off = offset_minutes.unsigned_abs();
        format!(
            "{}{sign}{:02}:{:02}",
            self.wall_clock(offset_minutes, 'T'),
            off / 60,
            off % 60
        )
    }

    /// `2026-11-25 10:03:00 UTC`: an exact time on screen when times are
    /// shown in UTC.
    pub fn to_utc_text(self) -> String {
        format!("{} UTC", self.wall_clock(0, ' '))
    }

    /// The date and time of day `offset_minutes` east of UTC, date and
    /// time joined by `sep`.
    fn wall_clock(self, offset_minutes: i32, sep: char) -> String {
        let secs = self.0.div_euclid(1000) + i64::from(offset_minutes) * 60;
        let days = secs.div_euclid(86_400);
        let rem = secs.rem_euclid(86_400);
        let (y, m, d) = civil_from_days(days);
        format!(
            "{y:04}-{m:02}-{d:02}{sep}{:02}:{:02}:{:02}",
            rem / 3600,
            rem % 3600 / 60,
            rem % 60
        )
    }
}

/// "just now", "5 min ago", "3 h ago", "4 d ago", "in 2 h" for times ahead.
pub fn format_age(now: Timestamp, then: Timestamp) -> String {
    let diff = (now.0 - then.0) / 1000;
    let (ahead, secs) = (diff < 0, diff.abs());
    let amount = match secs {
        0..=44 => return "just now".to_string(),
        45..=3599 => format!("{} min", (secs + 30) / 60),
        3600..=86_399 => format!("{} h", secs / 3600),
        86_400..=2_591_999 => format!("{} d", secs / 86_400),
        2_592_000..=31_535_999 => format!("{} mo", secs / 2_592_000),
        _ => format!("{} y", secs / 31_536_000),
    };
    if ahead {
        format!("in {amount}")
    } else {
        format!("{amount} ago")
    }
}

fn parse_iso(s: &str) -> Option<i64> {
    let b = s.as_bytes();
    let num = |from: usize, len: usize| -> Option<i64> {
        let part = s.get(from..from + len)?;
        part.bytes()
            .all(|c| c.is_ascii_digit())
            .then(|| part.parse().ok())?
    };
    let (year, month, day) = (num(0, 4)?, num(5, 2)?, num(8, 2)?);
    if b.get(4) != Some(&b'-') || b.get(7) != Some(&b'-') {
        return None;
    }
    if !(1..=12).contains(&month) || !(1..=days_in_month(year, month)).contains(&day) {
        return None;
    }
    let mut secs_of_day = 0;
    let mut millis = 0;
    let mut rest = &s[10..];
    if let Some(sep) = rest.bytes().next() {
        if !matches!(sep, b'T' | b't' | b' ') {
            return None;
        }
        let (h, mi) = (num(11, 2)?, num(14, 2)?);
        if b.get(13) != Some(&b':') {
            return None;
        }
        let mut end = 16;
        let mut sec = 0;
        if b.get(16) == Some(&b':') {
            sec = num(17, 2)?;
            end = 19;
            if b.get(19) == Some(&b'.') || b.get(19) == Some(&b',') {
                let digits = s[20..].bytes().take_while(u8::is_ascii_digit).count();
                if digits == 0 {
                    return None;
                }
                let frac = &s[20..20 + digits.min(3)];
                millis = frac.parse::<i64>().ok()? * 10_i64.pow(3 - frac.len() as u32);
                end = 20 + digits;
            }
        }
        if h > 23 || mi > 59 || sec > 60 {
            return None;
        }
        secs_of_day = h * 3600 + mi * 60 + sec;
        rest = &s[end..];
    }
    let offset = match rest {
        "" | "Z" | "z" => 0,
        zone => {
            let sign = match zone.as_bytes()[0] {
                b'+' => 1,
                b'-' => -1,
                _ => return None,
            };
            let digits: String = zone[1..].chars().filter(|c| *c != ':').collect();
            if digits.len() != 4 || !digits.bytes().all(|c| c.is_ascii_digit()) {
                return None;
            }
            let h: i64 = digits[..2].parse().ok()?;
            let m: i64 = digits[2..].parse().ok()?;
            if h > 23 || m > 59 {
                return None;
            }
            sign * (h * 3600 + m * 60)
        }
    };
    let days = days_from_civil(year, month, day);
    Some((days * 86_400 + secs_of_day - offset) * 1000 + millis)
}

/// Days in `month` (1–12) of `year`, in the proleptic Gregorian calendar.
fn days_in_month(year: i64, month: i64) -> i64 {
    match month {
        2 if year % 4 == 0 && (year % 100 != 0 || year % 400 == 0) => 29,
        2 => 28,
        4 | 6 | 9 | 11 => 30,
        _ => 31,
    }
}

// Howard Hinnant's civil-date algorithms: exact for the proleptic Gregorian
// calendar, no tables, no dependency.
fn days_from_civil(y: i64, m: i64, d: i64) -> i64 {
    let y = if m <= 2 { y - 1 } else { y };
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let mp = (m + 9) % 12;
    let doy = (153 * mp + 2) / 5 + d - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe - 719_468
}

fn civil_from_days(z: i64) -> (i64, i64, i64) {
    let z = z + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = doy - (153 * mp + 2) / 5 + 1;
    let m = if mp < 10 { mp + 3 } else { mp - 9 };
    (
        if m <= 2 {
            yoe + era * 400 + 1
        } else {
            yoe + era * 400
        },
        m,
        d,
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    const T: i64 = 1_764_065_000_000; // 2025-11-25T10:03:20Z

    #[test]
    fn every_accepted_spelling_is_the_same_moment() {
        for v in [
            json!("2025-11-25T10:03:20Z"),
            json!("2025-11-25T10:03:20.000Z"),
            json!("2025-11-25 10:03:20"),
            json!("2025-11-25T12:03:20+02:00"),
            json!("2025-11-25T05:03:20-0500"),
            json!(1_764_065_000),
            json!(1_764_065_000_000_i64),
            json!("1764065000"),
            json!("1764065000000"),
        ] {
            assert_eq!(Timestamp::from_json(&v), Some(Timestamp(T)), "{v}");
        }
    }

    #[test]
    fn fractions_and_dates_without_time() {
        assert_eq!(
            Timestamp::parse("2025-11-25T10:03:20.5Z"),
            Some(Timestamp(T + 500))
        );
        assert_eq!(Timestamp::parse("1970-01-02"), Some(Timestamp(86_400_000)));
    }

    #[test]
    fn nonsense_is_none() {
        for s in [
            "",
            "yesterday",
            "2025-13-01T00:00:00Z",
            "2025-11-25T25:00:00Z",
            "2025/11/25",
            "2025-11-25X10:00",
        ] {
            assert_eq!(Timestamp::parse(s), None, "{s}");
        }
        assert_eq!(Timestamp::from_json(&json!(true)), None);
        assert_eq!(Timestamp::from_json(&json!(-5)), None);
    }

    #[test]
    fn days_are_checked_against_their_month() {
        for s in [
            "2025-02-31",
            "2025-02-29",
            "2100-02-29T00:00:00Z",
            "1900-02-29",
            "2025-04-31",
            "2025-06-31",
            "2025-09-31T12:00:00Z",
            "2025-11-31 08:00:00",
            "2025-01-32",
            "2025-01-00",
            "2025-00-10",
        ] {
            assert_eq!(Timestamp::parse(s), None, "{s}");
        }
        for (s, rfc) in [
            ("2024-02-29", "2024-02-29T00:00:00Z"),
            ("2000-02-29T06:00:00Z", "2000-02-29T06:00:00Z"),
            ("2025-02-28", "2025-02-28T00:00:00Z"),
            ("2025-04-30", "2025-04-30T00:00:00Z"),
            ("2025-01-31", "2025-01-31T00:00:00Z"),
            ("2025-12-31T23:59:59Z", "2025-12-31T23:59:59Z"),
        ] {
            assert_eq!(
                Timestamp::parse(s).map(Timestamp::to_rfc3339).as_deref(),
                Some(rfc),
                "{s}"
            );
        }
    }

    #[test]
    fn times_and_offsets_are_checked() {
        for s in [
            "2025-11-25T24:00:00Z",
            "2025-11-25T10:60:00Z",
            "2025-11-25T10:03:61Z",
            "2025-11-25T10:03:20+24:00",
            "2025-11-25T10:03:20+02:60",
            "2025-11-25T10:03:20+0",
        ] {
            assert_eq!(Timestamp::parse(s), None, "{s}");
        }
        // A leap second reads as the next second, as before.
        assert_eq!(
            Timestamp::parse("2025-11-25T10:03:60Z"),
            Some(Timestamp(T + 40_000))
        );
        assert_eq!(
            Timestamp::parse("2025-11-25T23:33:20+13:30"),
            Some(Timestamp(T))
        );
    }

    #[test]
    fn rfc3339_round_trip() {
        assert_eq!(Timestamp(T).to_rfc3339(), "2025-11-25T10:03:20Z");
        assert_eq!(Timestamp(0).to_rfc3339(), "1970-01-01T00:00:00Z");
        assert_eq!(
            Timestamp::parse("2024-02-29T23:59:59Z")
                .unwrap()
                .to_rfc3339(),
            "2024-02-29T23:59:59Z"
        );
    }

    #[test]
    fn exports_carry_the_offset() {
        assert_eq!(
            Timestamp(T).to_iso_with_offset(60),
            "2025-11-25T11:03:20+01:00"
        );
        assert_eq!(
            Timestamp(T).to_iso_with_offset(0),
            "2025-11-25T10:03:20+00:00"
        );
        // West of UTC, across midnight, and a half-hour zone.
        assert_eq!(
            Timestamp(T).to_iso_with_offset(-660),
            "2025-11-24T23:03:20-11:00"
        );
        assert_eq!(
            Timestamp(T).to_iso_with_offset(330),
            "2025-11-25T15:33:20+05:30"
        );
        for offset in [-660, 0, 60, 330, 825] {
            let text = Timestamp(T).to_iso_with_offset(offset);
            assert_eq!(Timestamp::parse(&text), Some(Timestamp(T)), "{text}");
        }
        assert_eq!(Timestamp(T).to_utc_text(), "2025-11-25 10:03:20 UTC");
    }

    #[test]
    fn ages_read_like_a_person_wrote_them() {
        let now = Timestamp(T);
        let ago = |s: i64| format_age(now, Timestamp(T - s * 1000));
        assert_eq!(ago(10), "just now");
        assert_eq!(ago(300), "5 min ago");
        assert_eq!(ago(3 * 3600 + 5), "3 h ago");
        assert_eq!(ago(4 * 86_400), "4 d ago");
        assert_eq!(ago(-7200), "in 2 h");
    }
}
