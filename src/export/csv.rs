/// RFC 4180 CSV (CRLF, quotes doubled) with a header row.
///
/// Text that a spreadsheet would run as a formula (`=`, `+`, `-`, `@` first)
/// gets a leading `'`, since names come from the API; plain numbers such as
/// `-0.12` are left alone.
pub fn to_csv(header: &[&str], rows: impl IntoIterator<Item = Vec<String>>) -> String {
    let mut out = String::new();
    write_row(&mut out, header.iter().copied());
    for row in rows {
        write_row(&mut out, row.iter().map(String::as_str));
    }
    out
}

fn write_row<'a>(out: &mut String, cells: impl Iterator<Item = &'a str>) {
    for (i, cell) in cells.enumerate() {
        if i > 0 {
            out.push(',');
        }
        let cell = defuse(cell);
        if cell.contains([',', '"', '\n', '\r']) {
            out.push('"');
            out.push_str(&cell.replace('"', "\"\""));
            out.push('"');
        } else {
            out.push_str(&cell);
        }
    }
    out.push_str("\r\n");
}

fn defuse(cell: &str) -> std::borrow::Cow<'_, str> {
    let risky = cell.starts_with(['=', '+', '-', '@', '\t', '\r']);
    if risky && cell.parse::<f64>().is_err() {
        format!("'{cell}").into()
    } else {
        cell.into()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn quotes_and_line_breaks() {
        let csv = to_csv(
            &["name", "note"],
            [vec!["Bob, Jr.".into(), "said \"hi\"\nthen left".into()]],
        );
        assert_eq!(
            csv,
            "name,note\r\n\"Bob, Jr.\",\"said \"\"hi\"\"\nthen left\"\r\n"
        );
    }

    #[test]
    fn formulas_are_defused_numbers_are_not() {
        let csv = to_csv(
            &["a", "b", "c"],
            [vec![
                "=HYPERLINK(\"x\")".into(),
                "-0.12".into(),
                "@SUM(A1)".into(),
            ]],
        );
        assert_eq!(
            csv.lines().nth(1).unwrap(),
            "\"'=HYPERLINK(\"\"x\"\")\",-0.12,'@SUM(A1)"
        );
    }
}
