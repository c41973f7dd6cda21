//! A bulk change: one write per item (the API has no bulk request), planned
//! and shown before anything is sent, then run as a queue in which every
//! row keeps how it ended. Nothing here sends; `pages::bulk` runs it.
//!
//! A write is never sent twice by itself: a row is marked as being sent
//! before it goes (and stored), so a tab closed or signed out mid-send
//! finds it "may have been applied" afterwards, never queued again.

use serde::{Deserialize, Serialize};

use super::write::{Changes, Field, Values};

/// Which API a run writes to.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Target {
    Devices,
    Users,
    /// A push notification to each device (nothing to undo).
    Push,
    /// New users, one PUT each (no delete: nothing to undo); a row's id is
    /// the new user's once added.
    NewUsers,
    /// New groups, as new users.
    NewGroups,
}

impl Target {
    /// "device" / "user", for counts in words.
    pub fn noun(self) -> &'static str {
        match self {
            Target::Devices | Target::Push => "device",
            Target::Users | Target::NewUsers => "user",
            Target::NewGroups => "group",
        }
    }
}

/// One field one row changes: the values sent (ids for a choice) and how
/// they read (names).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Edit {
    /// The field's [`Field::key`].
    pub field: String,
    /// What a person calls it.
    pub label: String,
    pub before: String,
    pub after: String,
    pub before_text: String,
    pub after_text: String,
}

impl Edit {
    /// A change of `field` whose values read as they are.
    pub fn of<F: Field>(field: F, before: &str, after: &str) -> Self {
        Edit::named(field, (before, before), (after, after))
    }

    /// A change of `field` from `(value, text)` to `(value, text)`.
    pub fn named<F: Field>(field: F, before: (&str, &str), after: (&str, &str)) -> Self {
        Edit {
            field: field.key().into(),
            label: field.label().into(),
            before: before.0.into(),
            after: after.0.into(),
            before_text: before.1.into(),
            after_text: after.1.into(),
        }
    }

    /// `Device name: “Old” → “New”`, `Phone: (empty) → “+44…”`.
    pub fn text(&self) -> String {
        let quoted = |t: &str| {
            if t.is_empty() {
                "(empty)".to_string()
            } else {
                format!("“{t}”")
            }
        };
        format!(
            "{}: {} → {}",
            self.label,
            quoted(&self.before_text),
            quoted(&self.after_text)
        )
    }

    fn reversed(&self) -> Self {
        Edit {
            before: self.after.clone(),
            after: self.before.clone(),
            before_text: self.after_text.clone(),
            after_text: self.before_text.clone(),
            ..self.clone()
        }
    }
}

/// Where a row of a run stands.
#[derive(Clone, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(tag = "kind", content = "why", rename_all = "lowercase")]
pub enum Outcome {
    /// Not sent yet.
    Pending,
    /// Sent, its answer awaited.
    Sending,
    Done,
    /// The server's answer, in words.
    Failed(String),
    /// Never sent, and why (nothing to change, an invalid value).
    Skipped(String),
    /// The answer was lost: the write may have been applied.
    Unknown,
}

impl Outcome {
    pub fn text(&self) -> String {
        match self {
            Outcome::Pending => "To send".into(),
            Outcome::Sending => "Sending…".into(),
            Outcome::Done => "Done".into(),
            Outcome::Failed(why) => format!("Failed: {why}"),
            Outcome::Skipped(why) => format!("Skipped: {why}"),
            Outcome::Unknown => "May have been applied (the answer was lost)".into(),
        }
    }

    /// A word for the row's class and the report.
    pub fn key(&self) -> &'static str {
        match self {
            Outcome::Pending => "pending",
            Outcome::Sending => "sending",
            Outcome::Done => "done",
            Outcome::Failed(_) => "failed",
            Outcome::Skipped(_) => "skipped",
            Outcome::Unknown => "unknown",
        }
    }
}

/// Which rows of a run its table shows (`?show=` on /bulk).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum Shown {
    #[default]
    All,
    /// Not sent yet, or awaiting an answer.
    ToSend,
    Done,
    Failed,
    /// The answer was lost.
    Unknown,
    Skipped,
}

impl Shown {
    pub const ALL: [Shown; 6] = [
        Shown::All,
        Shown::ToSend,
        Shown::Done,
        Shown::Failed,
        Shown::Unknown,
        Shown::Skipped,
    ];

    pub fn key(self) -> &'static str {
        match self {
            Shown::All => "all",
            Shown::ToSend => "to-send",
            Shown::Done => "done",
            Shown::Failed => "failed",
            Shown::Unknown => "unknown",
            Shown::Skipped => "skipped",
        }
    }

    /// The rows a `?show=` value asks for: every row for anything else.
    pub fn parse(key: &str) -> Shown {
        Shown::ALL
            .into_iter()
            .find(|s| s.key() == key)
            .unwrap_or_default()
    }

    pub fn label(self) -> &'static str {
        match self {
            Shown::All => "Every row",
            Shown::ToSend => "To send",
            Shown::Done => "Done",
            Shown::Failed => "Failed",
            Shown::Unknown => "May have been applied",
            Shown::Skipped => "Skipped",
        }
    }

    pub fn holds(self, outcome: &Outcome) -> bool {
        match self {
            Shown::All => true,
            Shown::ToSend => matches!(outcome, Outcome::Pending | Outcome::Sending),
            Shown::Done => matches!(outcome, Outcome::Done),
            Shown::Failed => matches!(outcome, Outcome::Failed(_)),
            Shown::Unknown => matches!(outcome, Outcome::Unknown),
            Shown::Skipped => matches!(outcome, Outcome::Skipped(_)),
        }
    }

    /// How many rows of a run with these counts it shows.
    pub fn count(self, c: &Counts) -> usize {
        match self {
            Shown::All => c.requests() + c.skipped,
            Shown::ToSend => c.pending + c.sending,
            Shown::Done => c.done,
            Shown::Failed => c.failed,
            Shown::Unknown => c.unknown,
            Shown::Skipped => c.skipped,
        }
    }
}

/// One item of a run: one request.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Op {
    pub id: String,
    /// The item's name when the run was planned.
    pub item: String,
    pub edits: Vec<Edit>,
    pub outcome: Outcome,
}

impl Op {
    /// A row that sends `edits`, or is skipped when there are none.
    pub fn new(id: &str, item: &str, edits: Vec<Edit>) -> Self {
        let outcome = if edits.is_empty() {
            Outcome::Skipped("nothing to change".into())
        } else {
            Outcome::Pending
        };
        Op {
            id: id.into(),
            item: item.into(),
            edits,
            outcome,
        }
    }

    /// A row never to send, saying why.
    pub fn skipped(id: &str, item: &str, edits: Vec<Edit>, why: String) -> Self {
        Op {
            outcome: Outcome::Skipped(why),
            ..Op::new(id, item, edits)
        }
    }

    /// The values its edits set, as a new item of `F` sends them.
    pub fn values<F: Field>(&self) -> Values<F> {
        Values::from_fn(|f: F| {
            self.edits
                .iter()
                .find(|e| e.field == f.key())
                .map(|e| e.after.clone())
                .unwrap_or_default()
        })
    }

    /// Its edits as what a request of items of `F` sends.
    pub fn changes<F: Field>(&self) -> Changes<F> {
        let value = |pick: fn(&Edit) -> &String| {
            Values::from_fn(|f: F| {
                self.edits
                    .iter()
                    .find(|e| e.field == f.key())
                    .map(|e| pick(e).clone())
                    .unwrap_or_default()
            })
        };
        Changes::between(&value(|e| &e.before), &value(|e| &e.after))
    }

    pub fn edits_text(&self) -> String {
        self.edits
            .iter()
            .map(Edit::text)
            .collect::<Vec<_>>()
            .join("; ")
    }
}

/// How many rows stand where.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Counts {
    pub pending: usize,
    pub sending: usize,
    pub done: usize,
    pub failed: usize,
    pub skipped: usize,
    pub unknown: usize,
}

impl Counts {
    /// Rows that will be or were sent (the requests of the run).
    pub fn requests(&self) -> usize {
        self.pending + self.sending + self.done + self.failed + self.unknown
    }

    /// Rows sent whose answer is in (or lost).
    pub fn answered(&self) -> usize {
        self.done + self.failed + self.unknown
    }
}

pub const REPORT_HEADER: [&str; 4] = ["Item", "Id", "Change", "Result"];

/// A planned change of many items, and how far it got.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Run {
    /// A number of its own (when it was planned, epoch ms).
    pub n: i64,
    /// "Rename devices", "Move users to Sales".
    pub action: String,
    pub target: Target,
    pub ops: Vec<Op>,
    /// Whether the user confirmed it (a run is previewed first).
    #[serde(default)]
    pub started: bool,
}

impl Run {
    pub fn new(n: i64, action: impl Into<String>, target: Target, ops: Vec<Op>) -> Self {
        Run {
            n,
            action: action.into(),
            target,
            ops,
            started: false,
        }
    }

    pub fn counts(&self) -> Counts {
        let mut c = Counts::default();
        for op in &self.ops {
            match op.outcome {
                Outcome::Pending => c.pending += 1,
                Outcome::Sending => c.sending += 1,
                Outcome::Done => c.done += 1,
                Outcome::Failed(_) => c.failed += 1,
                Outcome::Skipped(_) => c.skipped += 1,
                Outcome::Unknown => c.unknown += 1,
            }
        }
        c
    }

    /// The next row to send, now marked as being sent.
    pub fn take_next(&mut self) -> Option<usize> {
        let i = self
            .ops
            .iter()
            .position(|op| op.outcome == Outcome::Pending)?;
        self.ops[i].outcome = Outcome::Sending;
        Some(i)
    }

    pub fn settle(&mut self, i: usize, outcome: Outcome) {
        if let Some(op) = self.ops.get_mut(i) {
            op.outcome = outcome;
        }
    }

    /// Row `i` added an item, now known by `id`.
    pub fn created(&mut self, i: usize, id: String) {
        if let Some(op) = self.ops.get_mut(i) {
            op.id = id;
        }
    }

    /// As read back from storage: a row that was being sent when the tab
    /// went away may have been applied, and is not sent again.
    pub fn restored(mut self) -> Self {
        for op in &mut self.ops {
            if op.outcome == Outcome::Sending {
                op.outcome = Outcome::Unknown;
            }
        }
        self
    }

    /// Queues the failed rows again; answers how many.
    pub fn retry_failed(&mut self) -> usize {
        let mut n = 0;
        for op in &mut self.ops {
            if matches!(op.outcome, Outcome::Failed(_)) {
                op.outcome = Outcome::Pending;
                n += 1;
            }
        }
        n
    }

    /// Whether [`Run::revert`] can undo it (a push cannot be called back).
    pub fn can_revert(&self) -> bool {
        !matches!(
            self.target,
            Target::Push | Target::NewUsers | Target::NewGroups
        )
    }

    /// A run sending the old values back to every row that was done
    /// (none when nothing was, or it cannot be undone).
    pub fn revert(&self, n: i64) -> Option<Run> {
        if !self.can_revert() {
            return None;
        }
        let ops: Vec<Op> = self
            .ops
            .iter()
            .filter(|op| op.outcome == Outcome::Done)
            .map(|op| {
                Op::new(
                    &op.id,
                    &op.item,
                    op.edits.iter().map(Edit::reversed).collect(),
                )
            })
            .collect();
        (!ops.is_empty()).then(|| Run::new(n, format!("Undo: {}", self.action), self.target, ops))
    }

    /// Whether the queue has anything left to send.
    pub fn has_pending(&self) -> bool {
        self.ops.iter().any(|op| op.outcome == Outcome::Pending)
    }

    /// The report's rows, under [`REPORT_HEADER`].
    pub fn report(&self) -> Vec<Vec<String>> {
        self.ops
            .iter()
            .map(|op| {
                vec![
                    op.item.clone(),
                    op.id.clone(),
                    op.edits_text(),
                    op.outcome.text(),
                ]
            })
            .collect()
    }
}

/// Milliseconds left, from the time the answered rows took (`None` before
/// the first answer).
pub fn time_left(elapsed_ms: f64, answered: usize, left: usize) -> Option<f64> {
    (answered > 0).then(|| elapsed_ms / answered as f64 * left as f64)
}

/// "about 3 min", "about 20 s", "under a second".
pub fn duration_text(ms: f64) -> String {
    let s = (ms / 1000.0).round() as u64;
    match s {
        0 => "under a second".into(),
        1..=59 => format!("about {s} s"),
        _ => format!("about {} min", s.div_ceil(60)),
    }
}

/// What a rename pattern can name of a device.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Slot {
    Name,
    Owner,
    Model,
    Platform,
    Serial,
    /// The row's number in the run, from 1.
    N,
}

impl Slot {
    pub const ALL: [(&'static str, Slot); 6] = [
        ("name", Slot::Name),
        ("owner", Slot::Owner),
        ("model", Slot::Model),
        ("platform", Slot::Platform),
        ("serial", Slot::Serial),
        ("n", Slot::N),
    ];
}

/// The facts about a device a pattern may use.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Facts {
    pub name: String,
    pub owner: String,
    pub model: String,
    pub platform: String,
    pub serial: String,
}

#[derive(Clone, Debug, PartialEq, Eq)]
enum Piece {
    Text(String),
    Slot(Slot),
}

/// A new name written from a device's facts: `{owner}'s {model}`. `{{` and
/// `}}` are braces themselves.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Pattern(Vec<Piece>);

impl Pattern {
    pub fn parse(text: &str) -> Result<Pattern, String> {
        let mut pieces = Vec::new();
        let mut literal = String::new();
        let mut chars = text.chars().peekable();
        while let Some(c) = chars.next() {
            match c {
                '{' if chars.peek() == Some(&'{') => {
                    chars.next();
                    literal.push('{');
                }
                '}' if chars.peek() == Some(&'}') => {
                    chars.next();
                    literal.push('}');
                }
                '{' => {
                    let mut name = String::new();
                    loop {
                        match chars.next() {
                            Some('}') => break,
                            Some(c) => name.push(c),
                            None => return Err(format!("“{{{name}” has no closing }}.")),
                        }
                    }
                    let slot = Slot::ALL
                        .iter()
                        .find(|(n, _)| n.eq_ignore_ascii_case(name.trim()))
                        .map(|(_, s)| *s)
                        .ok_or_else(|| {
                            format!("{{{name}}} is not a placeholder: use {}.", placeholders())
                        })?;
                    if !literal.is_empty() {
                        pieces.push(Piece::Text(std::mem::take(&mut literal)));
                    }
                    pieces.push(Piece::Slot(slot));
                }
                '}' => return Err("A } has no opening {: write }} for a brace.".into()),
                c => literal.push(c),
            }
        }
        if !literal.is_empty() {
            pieces.push(Piece::Text(literal));
        }
        if pieces.is_empty() {
            return Err("Enter a pattern for the new names.".into());
        }
        Ok(Pattern(pieces))
    }

    /// The name for the `n`th device (from 1), spaces trimmed.
    pub fn render(&self, facts: &Facts, n: usize) -> String {
        let mut out = String::new();
        for piece in &self.0 {
            match piece {
                Piece::Text(t) => out.push_str(t),
                Piece::Slot(Slot::Name) => out.push_str(&facts.name),
                Piece::Slot(Slot::Owner) => out.push_str(&facts.owner),
                Piece::Slot(Slot::Model) => out.push_str(&facts.model),
                Piece::Slot(Slot::Platform) => out.push_str(&facts.platform),
                Piece::Slot(Slot::Serial) => out.push_str(&facts.serial),
                Piece::Slot(Slot::N) => out.push_str(&n.to_string()),
            }
        }
        out.trim().to_string()
    }
}

/// `{name}, {owner}, …`.
pub fn placeholders() -> String {
    Slot::ALL
        .iter()
        .map(|(n, _)| format!("{{{n}}}"))
        .collect::<Vec<_>>()
        .join(", ")
}

/// One row per device, `(id, facts)` in the run's order, renamed by
/// `pattern`: a name that does not change, or breaks the name's rule, is
/// skipped and says so.
pub fn rename_ops<F: Field>(
    name_field: F,
    pattern: &Pattern,
    devices: &[(String, Facts)],
) -> Vec<Op> {
    devices
        .iter()
        .enumerate()
        .map(|(i, (id, facts))| {
            let after = pattern.render(facts, i + 1);
            let edit = Edit::of(name_field, &facts.name, &after);
            if after == facts.name.trim() {
                Op::skipped(id, &facts.name, Vec::new(), "already named so".into())
            } else if let Some(why) = name_field.rule().check(&after) {
                Op::skipped(id, &facts.name, vec![edit], why)
            } else {
                Op::new(id, &facts.name, vec![edit])
            }
        })
        .collect()
}

/// One row per item `(id, name, current value, its text)`, setting `field`
/// to `to` (a value and its text); those that have it already are skipped.
pub fn set_ops<F: Field>(
    field: F,
    to: (&str, &str),
    items: &[(String, String, String, String)],
) -> Vec<Op> {
    items
        .iter()
        .map(|(id, name, value, text)| {
            if value == to.0 {
                Op::skipped(id, name, Vec::new(), format!("already {}", to.1))
            } else if let Some(why) = field.rule().check(to.0) {
                Op::skipped(id, name, Vec::new(), why)
            } else {
                Op::new(id, name, vec![Edit::named(field, (value, text), to)])
            }
        })
        .collect()
}

#[cfg(test)]
mod tests {
    #[test]
    fn each_row_is_shown_by_every_row_and_by_its_outcome_alone() {
        use super::{Counts, Outcome, Shown};
        let outcomes = [
            Outcome::Pending,
            Outcome::Sending,
            Outcome::Done,
            Outcome::Failed("no".into()),
            Outcome::Skipped("already so".into()),
            Outcome::Unknown,
        ];
        for outcome in &outcomes {
            assert!(Shown::All.holds(outcome));
            let by = Shown::ALL[1..].iter().filter(|s| s.holds(outcome)).count();
            assert_eq!(by, 1, "{outcome:?}");
        }
        let counts = Counts {
            pending: 2,
            sending: 1,
            done: 3,
            failed: 4,
            skipped: 5,
            unknown: 6,
        };
        assert_eq!(Shown::All.count(&counts), 21);
        assert_eq!(Shown::ToSend.count(&counts), 3);
        assert_eq!(
            Shown::ALL[1..]
                .iter()
                .map(|s| s.count(&counts))
                .sum::<usize>(),
            21
        );
        for s in Shown::ALL {
            assert_eq!(Shown::parse(s.key()), s);
        }
        assert_eq!(Shown::parse("nonsense"), Shown::All);
        assert_eq!(Shown::parse(""), Shown::All);
    }

    use super::*;
    use crate::model::{DeviceField, UserField};

    fn facts(name: &str, owner: &str) -> Facts {
        Facts {
            name: name.into(),
            owner: owner.into(),
            model: "iPhone 15".into(),
            platform: "iOS".into(),
            serial: "SN1".into(),
        }
    }

    #[test]
    fn patterns_name_each_device_and_say_what_is_wrong() {
        let p = Pattern::parse("{owner}'s {model} #{n}").unwrap();
        assert_eq!(p.render(&facts("x", "Ann"), 3), "Ann's iPhone 15 #3");
        let p = Pattern::parse("{{{platform}}} {SERIAL}").unwrap();
        assert_eq!(p.render(&facts("x", "Ann"), 1), "{iOS} SN1");
        assert!(Pattern::parse("{colour}")
            .unwrap_err()
            .contains("{colour} is not a placeholder"));
        assert!(Pattern::parse("{owner").unwrap_err().contains("no closing"));
        assert!(Pattern::parse("a}b").unwrap_err().contains("no opening"));
        assert!(Pattern::parse("").is_err());
        // Spaces at the ends go, as a save would trim them.
        assert_eq!(
            Pattern::parse(" {owner} ")
                .unwrap()
                .render(&facts("x", ""), 1),
            ""
        );
    }

    #[test]
    fn a_rename_plan_skips_what_would_not_change_or_is_invalid() {
        let devices = vec![
            ("d1".to_string(), facts("Old 1", "Ann")),
            ("d2".to_string(), facts("Ann 2", "Ann")),
            ("d3".to_string(), facts("Old 3", "")),
        ];
        let ops = rename_ops(
            DeviceField::Name,
            &Pattern::parse("{owner} {n}").unwrap(),
            &devices,
        );
        assert_eq!(ops[0].outcome, Outcome::Pending);
        assert_eq!(ops[0].edits_text(), "Device name: “Old 1” → “Ann 1”");
        assert_eq!(ops[1].outcome, Outcome::Skipped("already named so".into()));
        // "{owner} 3" with no owner is "3": a valid name.
        assert_eq!(ops[2].edits[0].after, "3");
        let blank = rename_ops(
            DeviceField::Name,
            &Pattern::parse("{owner}").unwrap(),
            &devices[2..],
        );
        assert_eq!(
            blank[0].outcome,
            Outcome::Skipped("Enter a name for the device.".into())
        );
        // Only the name is sent.
        let changes = ops[0].changes::<DeviceField>();
        assert_eq!(changes.after(DeviceField::Name), Some("Ann 1"));
        assert_eq!(changes.iter().count(), 1);
    }

    #[test]
    fn a_run_sends_each_row_once_and_keeps_how_it_ended() {
        let users = vec![
            ("u1".into(), "Ann".into(), "g1".into(), "Sales".into()),
            ("u2".into(), "Bob".into(), "g2".into(), "Support".into()),
            ("u3".into(), "Cy".into(), "g1".into(), "Sales".into()),
        ];
        let ops = set_ops(UserField::Group, ("g2", "Support"), &users);
        assert_eq!(ops[1].outcome, Outcome::Skipped("already Support".into()));
        let mut run = Run::new(1, "Move users to Support", Target::Users, ops);
        assert_eq!(run.counts().requests(), 2);
        assert_eq!(run.take_next(), Some(0));
        assert_eq!(run.take_next(), Some(2));
        assert_eq!(run.take_next(), None, "nothing is taken twice");
        run.settle(0, Outcome::Done);
        // The tab went away while u3 was sent: it may have been applied.
        let mut run: Run = serde_json::from_str::<Run>(&serde_json::to_string(&run).unwrap())
            .unwrap()
            .restored();
        assert_eq!(run.ops[2].outcome, Outcome::Unknown);
        assert!(!run.has_pending());
        assert_eq!(run.retry_failed(), 0, "a lost answer is not retried");
        run.settle(2, Outcome::Failed("HTTP 500".into()));
        assert_eq!(run.retry_failed(), 1);
        assert_eq!(run.take_next(), Some(2));
        run.settle(2, Outcome::Done);
        let c = run.counts();
        assert_eq!((c.done, c.skipped, c.answered()), (2, 1, 2));
        // Undoing sends the old group back to the two moved.
        let undo = run.revert(2).unwrap();
        assert_eq!(undo.action, "Undo: Move users to Support");
        assert_eq!(undo.ops.len(), 2);
        assert_eq!(undo.ops[0].edits_text(), "Group: “Support” → “Sales”");
        assert_eq!(
            undo.ops[0].changes::<UserField>().after(UserField::Group),
            Some("g1")
        );
        let report = run.report();
        assert_eq!(report[1][3], "Skipped: already Support");
    }

    #[test]
    fn time_left_follows_the_answers_so_far() {
        assert_eq!(time_left(1000.0, 0, 5), None);
        assert_eq!(time_left(1000.0, 2, 4), Some(2000.0));
        assert_eq!(duration_text(400.0), "under a second");
        assert_eq!(duration_text(20_000.0), "about 20 s");
        assert_eq!(duration_text(125_000.0), "about 3 min");
    }
}
