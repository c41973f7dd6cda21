//! Counts in words: "10,001 rows", "1 fix".

/// "1,234": a count grouped by thousands.
pub fn grouped(n: u64) -> String {
    let digits = n.to_string();
    let mut out = String::with_capacity(digits.len() + digits.len() / 3);
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(c);
    }
    out
}

/// "1 fix", "12,345 fixes".
pub fn counted(n: u64, one: &str, many: &str) -> String {
    format!("{} {}", grouped(n), if n == 1 { one } else { many })
}

/// "1 row", "10,001 rows": a noun whose plural takes an "s".
pub fn plural(n: usize, noun: &str) -> String {
    counted(n as u64, noun, &format!("{noun}s"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_are_grouped_by_thousands() {
        assert_eq!(grouped(0), "0");
        assert_eq!(grouped(999), "999");
        assert_eq!(grouped(1_000), "1,000");
        assert_eq!(grouped(1_200), "1,200");
        assert_eq!(grouped(1_234_567), "1,234,567");
        assert_eq!(grouped(20_000_000), "20,000,000");
    }

    #[test]
    fn counts_take_their_noun() {
        assert_eq!(plural(1, "row"), "1 row");
        assert_eq!(plural(0, "row"), "0 rows");
        assert_eq!(plural(10_001, "row"), "10,001 rows");
        assert_eq!(counted(1, "fix", "fixes"), "1 fix");
        assert_eq!(counted(20_000, "fix", "fixes"), "20,000 fixes");
    }
}
