//! Importing users or groups from a CSV file: reading the file, guessing
//! which column holds which field, and checking every row (required
//! fields, email, lengths, a user's group by name or id, duplicates in the
//! file and among the account's items) before anything is sent. Nothing
//! here sends.

use std::collections::{HashMap, HashSet};

use super::bulk::{Edit, Op};
use super::write::{Field, Values};
use super::{GroupField, UserField};

/// Rows past which the import asks before going on.
pub const LARGE: usize = 10_000;

/// An item a CSV file can add.
pub trait Importable: Field {
    /// "user".
    const NOUN: &'static str;
    /// The field two items must not share, compared in any case (a user's
    /// email, a group's name); an empty one is not compared.
    const UNIQUE: Self;

    /// The names a header may give the field, compared without case,
    /// spaces or punctuation.
    fn aliases(self) -> &'static [&'static str];

    /// What the new item is called ("Ann Lee").
    fn item_name(values: &Values<Self>) -> String;

    /// The template's header: every field's label.
    fn template() -> String {
        let labels: Vec<&str> = Self::ALL.iter().map(|f| f.label()).collect();
        format!("{}\r\n", labels.join(","))
    }
}

impl Importable for UserField {
    const NOUN: &'static str = "user";
    const UNIQUE: Self = UserField::Email;

    fn aliases(self) -> &'static [&'static str] {
        match self {
            UserField::FirstName => &[
                "firstname",
                "first",
                "givenname",
                "forename",
                "vorname",
                "prenom",
            ],
            UserField::LastName => &[
                "lastname",
                "last",
                "surname",
                "familyname",
                "nachname",
                "nom",
            ],
            UserField::Email => &["email", "emailaddress", "mail"],
            UserField::Phone => &["phone", "phonenumber", "telephone", "mobile", "tel", "cell"],
            UserField::Group => &[
                "group",
                "groupname",
                "groupid",
                "team",
                "department",
                "gruppe",
            ],
        }
    }

    fn item_name(values: &Values<Self>) -> String {
        format!(
            "{} {}",
            values.trimmed(UserField::FirstName),
            values.trimmed(UserField::LastName)
        )
        .trim()
        .to_string()
    }

    fn template() -> String {
        "First name,Last name,Email,Phone,Group\r\n".into()
    }
}

impl Importable for GroupField {
    const NOUN: &'static str = "group";
    const UNIQUE: Self = GroupField::Name;

    fn aliases(self) -> &'static [&'static str] {
        match self {
            GroupField::Name => &["name", "groupname", "group", "team", "department"],
            GroupField::Description => &["description", "desc", "about", "notes", "note"],
        }
    }

    fn item_name(values: &Values<Self>) -> String {
        values.trimmed(GroupField::Name).to_string()
    }
}

/// A CSV file read into cells.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Table {
    pub header: Vec<String>,
    pub rows: Vec<Vec<String>>,
}

/// The file's cells: RFC 4180 (quotes, doubled quotes, line breaks in
/// quotes, CRLF or LF), a byte-order mark dropped, and `;` or tab as the
/// separator when the header has more of those than commas (spreadsheets
/// in many languages save so). Blank lines are left out.
pub fn parse_csv(text: &str) -> Result<Table, String> {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    if text.contains('\0') {
        return Err("This is not a CSV file: it holds binary data. Save the sheet as CSV (UTF-8) and choose that file.".into());
    }
    if text.trim().is_empty() {
        return Err("The file is empty: it needs a header row and a row per user.".into());
    }
    let first_line = text.lines().next().unwrap_or_default();
    let separator = [',', ';', '\t']
        .into_iter()
        .max_by_key(|c| (first_line.matches(*c).count(), *c == ','))
        .unwrap_or(',');
    let mut rows: Vec<Vec<String>> = Vec::new();
    let mut row: Vec<String> = Vec::new();
    let mut cell = String::new();
    let mut quoted = false;
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        if quoted {
            match c {
                '"' if chars.peek() == Some(&'"') => {
                    chars.next();
                    cell.push('"');
                }
                '"' => quoted = false,
                c => cell.push(c),
            }
            continue;
        }
        match c {
            '"' if cell.is_empty() => quoted = true,
            '\r' if chars.peek() == Some(&'\n') => {}
            '\n' | '\r' => {
                row.push(std::mem::take(&mut cell));
                rows.push(std::mem::take(&mut row));
            }
            c if c == separator => row.push(std::mem::take(&mut cell)),
            c => cell.push(c),
        }
    }
    if quoted {
        return Err("A quoted cell is never closed: check the file's quotes (\").".into());
    }
    if !cell.is_empty() || !row.is_empty() {
        row.push(cell);
        rows.push(row);
    }
    rows.retain(|r| r.iter().any(|c| !c.trim().is_empty()));
    let mut rows = rows.into_iter();
    let header: Vec<String> = rows
        .next()
        .unwrap_or_default()
        .into_iter()
        .map(|h| h.trim().to_string())
        .collect();
    Ok(Table {
        header,
        rows: rows.collect(),
    })
}

/// Which column (by index) holds each field; `None` when none does.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Mapping(pub HashMap<&'static str, usize>);

fn squeezed(header: &str) -> String {
    header
        .chars()
        .filter(|c| c.is_alphanumeric())
        .flat_map(char::to_lowercase)
        .collect()
}

impl Mapping {
    /// Each field's column, guessed from the header ("First name",
    /// "EMAIL"); a column serves one field at most.
    pub fn guess<F: Importable>(header: &[String]) -> Self {
        let mut map: HashMap<&'static str, usize> = HashMap::new();
        for field in F::ALL {
            let names: Vec<String> = field.aliases().iter().map(|a| squeezed(a)).collect();
            let found = header
                .iter()
                .enumerate()
                .find(|(i, h)| names.contains(&squeezed(h)) && !map.values().any(|v| v == i));
            if let Some((i, _)) = found {
                map.insert(field.key(), i);
            }
        }
        Mapping(map)
    }

    pub fn column<F: Field>(&self, field: F) -> Option<usize> {
        self.0.get(field.key()).copied()
    }

    pub fn set<F: Field>(&mut self, field: F, column: Option<usize>) {
        match column {
            Some(i) => self.0.insert(field.key(), i),
            None => self.0.remove(field.key()),
        };
    }
}

/// How one row of the file stands.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum RowCheck {
    /// Good: it will be added.
    Add,
    /// An item with this email (a user) or name (a group) exists already.
    Exists,
    /// The same email or name is on an earlier line of the file.
    Duplicate { line: usize },
    /// What is wrong with it.
    Invalid(Vec<String>),
}

/// One row of the file, read and checked.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Checked<F: Field> {
    /// Its line in the file (the header is line 1).
    pub line: usize,
    pub values: Values<F>,
    /// A user's group as the file names it, and its name once found (or
    /// to be created); empty for a group.
    pub group_text: String,
    pub group_name: String,
    pub check: RowCheck,
}

impl<F: Importable> Checked<F> {
    /// "Ann Lee", or the line when it has no name.
    pub fn name(&self) -> String {
        match F::item_name(&self.values) {
            n if n.is_empty() => format!("Line {}", self.line),
            n => n,
        }
    }
}

/// The groups an import can put users in: by id, and by name in any case.
#[derive(Clone, Debug, Default)]
pub struct Groups {
    by_id: HashMap<String, String>,
    by_name: HashMap<String, String>,
}

impl Groups {
    pub fn new(groups: impl IntoIterator<Item = (String, String)>) -> Self {
        let mut g = Groups::default();
        for (id, name) in groups {
            g.by_name.insert(name.trim().to_lowercase(), id.clone());
            g.by_id.insert(id, name);
        }
        g
    }

    /// The group's id and name, by its id or its name.
    pub fn find(&self, text: &str) -> Option<(String, String)> {
        let text = text.trim();
        if let Some(name) = self.by_id.get(text) {
            return Some((text.to_string(), name.clone()));
        }
        let id = self.by_name.get(&text.to_lowercase())?;
        Some((id.clone(), self.by_id.get(id).cloned().unwrap_or_default()))
    }
}

/// What an import would do, checked against the account.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Plan<F: Field> {
    pub rows: Vec<Checked<F>>,
    /// Groups named in the file that the account lacks (created first when
    /// the user asks, else their rows are invalid), in file order.
    pub missing_groups: Vec<String>,
}

/// Counts for the dry run's summary.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Summary {
    pub add: usize,
    pub exist: usize,
    pub duplicate: usize,
    pub invalid: usize,
}

impl<F: Importable> Plan<F> {
    pub fn summary(&self) -> Summary {
        let mut s = Summary::default();
        for r in &self.rows {
            match r.check {
                RowCheck::Add => s.add += 1,
                RowCheck::Exists => s.exist += 1,
                RowCheck::Duplicate { .. } => s.duplicate += 1,
                RowCheck::Invalid(_) => s.invalid += 1,
            }
        }
        s
    }

    /// The rows to add, as a run's rows: each sets the fields it has
    /// (`value` may say otherwise: a group's id, and how it reads).
    fn new_items(
        &self,
        value: impl Fn(&Checked<F>, F) -> Result<(String, String), String>,
    ) -> Vec<Op> {
        self.rows
            .iter()
            .filter(|r| r.check == RowCheck::Add)
            .map(|r| {
                let mut skipped = None;
                let edits = F::ALL
                    .iter()
                    .filter_map(|f| {
                        let (v, text) = value(r, *f).unwrap_or_else(|why| {
                            skipped = Some(why);
                            (
                                r.values.trimmed(*f).to_string(),
                                r.values.trimmed(*f).to_string(),
                            )
                        });
                        (!v.is_empty()).then(|| Edit::named(*f, ("", ""), (&v, &text)))
                    })
                    .collect();
                match skipped {
                    None => Op::new("", &r.name(), edits),
                    Some(why) => Op::skipped("", &r.name(), edits, why),
                }
            })
            .collect()
    }
}

impl Plan<GroupField> {
    /// The new groups as a run's rows.
    pub fn ops(&self) -> Vec<Op> {
        self.new_items(|r, f| {
            Ok((
                r.values.trimmed(f).to_string(),
                r.values.trimmed(f).to_string(),
            ))
        })
    }
}

impl Plan<UserField> {
    /// The new users as a run's rows, their groups found in `groups` (the
    /// created ones included); a row whose group is not there (its
    /// creation failed) is skipped, saying so.
    pub fn ops(&self, groups: &Groups) -> Vec<Op> {
        self.new_items(|r, f| {
            let v = r.values.trimmed(f).to_string();
            if f != UserField::Group {
                return Ok((v.clone(), v));
            }
            groups
                .find(&r.group_text)
                .or_else(|| groups.find(&r.group_name))
                .ok_or_else(|| format!("its group “{}” could not be created", r.group_text.trim()))
        })
    }
}

/// Every row of `table` under `mapping`: the fields' own rules (those
/// `checked` asks for), the unique field seen on an earlier line or among
/// `existing` (lower case). `each` reads what the row refers to (a user's
/// group) into its values and problems first.
fn check_rows<F: Importable>(
    table: &Table,
    mapping: &Mapping,
    existing: &HashSet<String>,
    mut each: impl FnMut(&mut Checked<F>, &mut Vec<String>),
    checked: impl Fn(&Checked<F>, F) -> bool,
) -> Vec<Checked<F>> {
    let mut seen: HashMap<String, usize> = HashMap::new();
    table
        .rows
        .iter()
        .enumerate()
        .map(|(i, cells)| {
            let line = i + 2;
            let cell = |f: F| {
                mapping
                    .column(f)
                    .and_then(|c| cells.get(c))
                    .map(|c| c.trim().to_string())
                    .unwrap_or_default()
            };
            let mut row = Checked {
                line,
                values: Values::from_fn(cell),
                group_text: String::new(),
                group_name: String::new(),
                check: RowCheck::Add,
            };
            let mut problems: Vec<String> = Vec::new();
            each(&mut row, &mut problems);
            for field in F::ALL {
                if !checked(&row, *field) {
                    continue;
                }
                if let Some(why) = field.rule().check(row.values.get(*field)) {
                    problems.push(format!("{}: {why}", field.label()));
                }
            }
            let unique = row.values.trimmed(F::UNIQUE).to_lowercase();
            row.check = if !problems.is_empty() {
                RowCheck::Invalid(problems)
            } else if let Some(first) = seen.get(&unique).filter(|_| !unique.is_empty()) {
                RowCheck::Duplicate { line: *first }
            } else if !unique.is_empty() && existing.contains(&unique) {
                RowCheck::Exists
            } else {
                RowCheck::Add
            };
            if !unique.is_empty() {
                seen.entry(unique).or_insert(line);
            }
            row
        })
        .collect()
}

/// Every group row of `table`, checked; `existing` holds the account's
/// group names in lower case.
pub fn check_groups(
    table: &Table,
    mapping: &Mapping,
    existing: &HashSet<String>,
) -> Plan<GroupField> {
    Plan {
        rows: check_rows(table, mapping, existing, |_, _| (), |_, _| true),
        missing_groups: Vec::new(),
    }
}

/// Every user row of `table` under `mapping`, checked: required fields and
/// limits (the user form's own rules), the email's shape, the group found
/// by id or name (or to be created when `create_missing`), an email seen
/// on an earlier line, and one among `existing` (lower case).
pub fn check(
    table: &Table,
    mapping: &Mapping,
    groups: &Groups,
    existing: &HashSet<String>,
    create_missing: bool,
) -> Plan<UserField> {
    let mut missing_groups: Vec<String> = Vec::new();
    let rows = check_rows(
        table,
        mapping,
        existing,
        |row: &mut Checked<UserField>, problems| {
            let text = row.values.trimmed(UserField::Group).to_string();
            row.group_name = match groups.find(&text) {
                Some((id, name)) => {
                    row.values.set(UserField::Group, id);
                    name
                }
                None if text.is_empty() => String::new(),
                None if create_missing => {
                    if !missing_groups.iter().any(|g| g.eq_ignore_ascii_case(&text)) {
                        missing_groups.push(text.clone());
                    }
                    text.clone()
                }
                None => {
                    problems.push(format!("Unknown group “{text}”."));
                    text.clone()
                }
            };
            row.group_text = text;
        },
        // A group to be created has no id yet: it is there all the same.
        |row, field| field != UserField::Group || row.group_name.is_empty(),
    );
    Plan {
        rows,
        missing_groups,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn table(text: &str) -> Table {
        parse_csv(text).unwrap()
    }

    #[test]
    fn reads_quotes_line_breaks_and_other_separators() {
        let t = table("\u{feff}First name,Last name,Note\r\n\"Lee, Ann\",\"O\"\"Brien\",\"two\nlines\"\r\n\r\nBob,Ray,\n");
        assert_eq!(t.header, vec!["First name", "Last name", "Note"]);
        assert_eq!(
            t.rows,
            vec![
                vec![
                    "Lee, Ann".to_string(),
                    "O\"Brien".into(),
                    "two\nlines".into()
                ],
                vec!["Bob".into(), "Ray".into(), "".into()],
            ]
        );
        let t = table("Vorname;Nachname\nAnn;Lee");
        assert_eq!(t.rows, vec![vec!["Ann".to_string(), "Lee".into()]]);
        assert!(parse_csv("").unwrap_err().contains("empty"));
        assert!(parse_csv("a,b\n\"open")
            .unwrap_err()
            .contains("never closed"));
        assert!(parse_csv("PK\u{3}\u{4}\0\0")
            .unwrap_err()
            .contains("not a CSV file"));
    }

    #[test]
    fn guesses_columns_from_usual_headers() {
        let t = table("E-mail,Surname,Given name,Team,Mobile\n");
        let m = Mapping::guess::<UserField>(&t.header);
        assert_eq!(m.column(UserField::Email), Some(0));
        assert_eq!(m.column(UserField::LastName), Some(1));
        assert_eq!(m.column(UserField::FirstName), Some(2));
        assert_eq!(m.column(UserField::Group), Some(3));
        assert_eq!(m.column(UserField::Phone), Some(4));
        assert_eq!(
            Mapping::guess::<UserField>(&["x".to_string()]),
            Mapping::default()
        );
        let g = Mapping::guess::<GroupField>(&table("Team,Notes\n").header);
        assert_eq!(
            (
                g.column(GroupField::Name),
                g.column(GroupField::Description)
            ),
            (Some(0), Some(1))
        );
    }

    #[test]
    fn checks_every_row_before_anything_is_sent() {
        let t = table(
            "First name,Last name,Email,Group\n\
             Ann,Lee,ann@example.com,Sales\n\
             Bob,Ray,bob@example.com,g2\n\
             ,Kim,kim@example,Sales\n\
             Cy,Old,OLD@example.com,sales\n\
             Ann,Again,Ann@Example.com,Sales\n\
             Dee,New,dee@example.com,Night shift\n",
        );
        let groups = Groups::new([
            ("g1".to_string(), "Sales".to_string()),
            ("g2".into(), "Support".into()),
        ]);
        let existing: HashSet<String> = ["old@example.com".to_string()].into();
        let m = Mapping::guess::<UserField>(&t.header);
        let plan = check(&t, &m, &groups, &existing, false);
        let checks: Vec<&RowCheck> = plan.rows.iter().map(|r| &r.check).collect();
        assert_eq!(checks[0], &RowCheck::Add);
        assert_eq!(plan.rows[1].group_name, "Support", "a group by its id");
        assert_eq!(checks[1], &RowCheck::Add);
        assert_eq!(
            checks[2],
            &RowCheck::Invalid(vec![
                "First name: Enter the first name.".into(),
                "Email: Enter an email address like name@example.com.".into()
            ])
        );
        assert_eq!(checks[3], &RowCheck::Exists, "emails match in any case");
        assert_eq!(checks[4], &RowCheck::Duplicate { line: 2 });
        assert_eq!(
            checks[5],
            &RowCheck::Invalid(vec!["Unknown group “Night shift”.".into()])
        );
        assert_eq!(
            plan.summary(),
            Summary {
                add: 2,
                exist: 1,
                duplicate: 1,
                invalid: 2
            }
        );
        assert!(plan.missing_groups.is_empty());

        // Creating missing groups: the row is good, its group listed.
        let plan = check(&t, &m, &groups, &existing, true);
        assert_eq!(plan.rows[5].check, RowCheck::Add);
        assert_eq!(plan.missing_groups, vec!["Night shift".to_string()]);
        // Without the new group's id its row is skipped; with it, sent.
        let ops = plan.ops(&groups);
        assert_eq!(ops.len(), 3);
        assert!(matches!(
            ops[2].outcome,
            super::super::bulk::Outcome::Skipped(_)
        ));
        let with_new = Groups::new([
            ("g1".to_string(), "Sales".to_string()),
            ("g2".into(), "Support".into()),
            ("g9".into(), "Night shift".into()),
        ]);
        let ops = plan.ops(&with_new);
        assert_eq!(ops[2].outcome, super::super::bulk::Outcome::Pending);
        let sent = Values::<UserField>::from_fn(|f| {
            ops[0]
                .edits
                .iter()
                .find(|e| e.field == f.key())
                .map(|e| e.after.clone())
                .unwrap_or_default()
        });
        assert_eq!(sent.get(UserField::Group), "g1");
        assert_eq!(sent.get(UserField::Email), "ann@example.com");
        assert_eq!(ops[0].edits_text(), "Group: (empty) → “Sales”; First name: (empty) → “Ann”; Last name: (empty) → “Lee”; Email: (empty) → “ann@example.com”");
    }

    #[test]
    fn groups_are_checked_by_name_in_any_case() {
        let t = table(
            "Name,Description\nNight shift,After hours\nnight SHIFT,again\nSales,\n,No name\n",
        );
        let m = Mapping::guess::<GroupField>(&t.header);
        let existing: HashSet<String> = ["sales".to_string()].into();
        let plan = check_groups(&t, &m, &existing);
        let checks: Vec<&RowCheck> = plan.rows.iter().map(|r| &r.check).collect();
        assert_eq!(checks[0], &RowCheck::Add);
        assert_eq!(checks[1], &RowCheck::Duplicate { line: 2 });
        assert_eq!(checks[2], &RowCheck::Exists);
        assert_eq!(
            checks[3],
            &RowCheck::Invalid(vec!["Name: Enter a name for the group.".into()])
        );
        assert_eq!(plan.rows[3].name(), "Line 5");
        let ops = plan.ops();
        assert_eq!(ops.len(), 1);
        assert_eq!(
            ops[0].values::<GroupField>().get(GroupField::Description),
            "After hours"
        );
        assert_eq!(GroupField::template(), "Name,Description\r\n");
    }
}
