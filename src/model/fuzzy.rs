//! Fuzzy matching for the command palette: the letters typed must appear in
//! a name in order (a subsequence), and a match scores higher the more of
//! it falls on word starts and in runs ("ip" finds "Alice's iPhone" above
//! "Philip's laptop"). Cheap enough to score every group, user and device of
//! a large fleet on each key press.

/// Every letter matched.
const MATCH: i32 = 16;
/// A letter at the start of the text or of a word.
const WORD_START: i32 = 10;
/// A capital after a small letter ("iPhone": the `P`).
const CAMEL: i32 = 8;
/// A letter right after the one before it matched.
const RUN: i32 = 12;
/// Each letter skipped between two matched ones.
const GAP: i32 = 1;
/// The first letter matched this many letters in loses a point (at most 5):
/// of two equal matches, the one nearer the start of the name wins.
const LATE_START: usize = 4;

/// A candidate's text as it is scored: its letters in lower case, each with
/// whether it starts a word. Prepared once per candidate, not per query.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Prepared {
    letters: Vec<(char, i32)>,
}

impl Prepared {
    pub fn new(text: &str) -> Self {
        let mut letters = Vec::with_capacity(text.len());
        let mut before: Option<char> = None;
        for c in text.chars() {
            let bonus = match before {
                None => WORD_START,
                Some(b) if !b.is_alphanumeric() && c.is_alphanumeric() => WORD_START,
                Some(b) if b.is_lowercase() && c.is_uppercase() => CAMEL,
                Some(b) if !b.is_numeric() && c.is_numeric() => CAMEL,
                _ => 0,
            };
            for lower in c.to_lowercase() {
                letters.push((lower, bonus));
            }
            before = Some(c);
        }
        Prepared { letters }
    }

    pub fn len(&self) -> usize {
        self.letters.len()
    }

    pub fn is_empty(&self) -> bool {
        self.letters.is_empty()
    }
}

/// A query as it is matched: its letters in lower case, spaces left out
/// (they only say where words start, which the scoring sees anyway).
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Query {
    letters: Vec<char>,
}

impl Query {
    pub fn new(text: &str) -> Self {
        Query {
            letters: text
                .chars()
                .filter(|c| !c.is_whitespace())
                .flat_map(char::to_lowercase)
                .collect(),
        }
    }

    pub fn is_empty(&self) -> bool {
        self.letters.is_empty()
    }
}

/// How well `query` matches `text`, or `None` when its letters are not all
/// in the text in order. An empty query matches everything with 0.
pub fn score(query: &Query, text: &Prepared) -> Option<i32> {
    let (q, t) = (&query.letters, &text.letters);
    if q.is_empty() {
        return Some(0);
    }
    // Cheap refusal first: most candidates do not hold the letters at all.
    let mut rest = t.iter();
    if !q.iter().all(|c| rest.any(|(l, _)| l == c)) {
        return None;
    }
    // best[j]: the best score with the query so far matched, its last letter
    // at text position j (NONE where it cannot end there).
    const NONE: i32 = i32::MIN / 2;
    let mut best: Vec<i32> = t
        .iter()
        .enumerate()
        .map(|(j, &(l, bonus))| {
            if l == q[0] {
                MATCH + bonus - (j.min(5 * LATE_START) / LATE_START) as i32
            } else {
                NONE
            }
        })
        .collect();
    let mut next = vec![NONE; t.len()];
    for &letter in &q[1..] {
        // The best earlier end, less a point for each letter skipped since.
        let mut carried = NONE;
        next[0] = NONE;
        for j in 1..t.len() {
            next[j] = NONE;
            let prev = best[j - 1];
            // Ends before j - 1 skipped one more letter to get here.
            carried -= GAP;
            if t[j].0 == letter {
                let run = if prev > NONE { prev + RUN } else { NONE };
                let from = run.max(carried);
                if from > NONE {
                    next[j] = from + MATCH + t[j].1;
                }
            }
            carried = carried.max(prev);
        }
        std::mem::swap(&mut best, &mut next);
    }
    best.into_iter().max().filter(|&s| s > NONE)
}

/// The `cap` best matches of `query` among `candidates` (each one's
/// `text`, plus what `boost` adds, e.g. for a recent item), best first;
/// ties go to the shorter text, then to the one that came first.
pub fn rank<'a, T: 'a>(
    query: &Query,
    candidates: impl IntoIterator<Item = &'a T>,
    text: impl Fn(&T) -> &Prepared,
    boost: impl Fn(&T) -> i32,
    cap: usize,
) -> Vec<&'a T> {
    let mut scored: Vec<(i32, usize, usize, &'a T)> = candidates
        .into_iter()
        .enumerate()
        .filter_map(|(i, c)| {
            let t = text(c);
            score(query, t).map(|s| (s + boost(c), t.len(), i, c))
        })
        .collect();
    type Scored<'b, U> = (i32, usize, usize, &'b U);
    let order =
        |a: &Scored<T>, b: &Scored<T>| b.0.cmp(&a.0).then(a.1.cmp(&b.1)).then(a.2.cmp(&b.2));
    if cap > 0 && scored.len() > cap {
        scored.select_nth_unstable_by(cap - 1, order);
    }
    scored.truncate(cap);
    scored.sort_by(order);
    scored.into_iter().map(|(_, _, _, c)| c).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn s(query: &str, text: &str) -> Option<i32> {
        score(&Query::new(query), &Prepared::new(text))
    }

    /// The texts in the order `query` ranks them.
    fn ranked<'a>(query: &str, texts: &[&'a str]) -> Vec<&'a str> {
        let prepared: Vec<Prepared> = texts.iter().map(|t| Prepared::new(t)).collect();
        let best = rank(&Query::new(query), &prepared, |p| p, |_| 0, 20);
        best.into_iter()
            .map(|p| texts[prepared.iter().position(|q| std::ptr::eq(p, q)).unwrap()])
            .collect()
    }

    #[test]
    fn letters_must_all_appear_in_order() {
        assert!(s("iph", "Alice's iPhone").is_some());
        assert!(s("ALICE", "alice's iphone").is_some());
        assert!(s("hpi", "Alice's iPhone").is_none());
        assert!(s("x", "Alice's iPhone").is_none());
        assert!(s("alice iphone", "Alice's iPhone").is_some());
        assert_eq!(s("", "anything"), Some(0));
        assert_eq!(s("a", ""), None);
        assert!(s("ün", "Ünï code").is_some());
    }

    #[test]
    fn word_starts_and_runs_score_higher() {
        // "ip" on the word start of "iPhone", not the i of "Alice".
        assert!(s("ip", "Alice's iPhone") > s("ip", "Philip's laptop"));
        assert!(s("dev", "Devices") > s("dev", "Bob's old device backup"));
        // A run beats the same letters scattered.
        assert!(s("pad", "iPad") > s("pad", "Pixel and Droid"));
        // Initials of words match.
        assert!(s("fs", "Field Service").is_some());
        assert!(s("fs", "Field Service") > s("fs", "Offset"));
    }

    #[test]
    fn the_best_alignment_is_found_not_the_first() {
        // Greedy matching would take the "a" of "Sales" and miss "Ana" and
        // the run it makes with "n".
        assert!(s("an", "Sales Ana") > s("an", "Sales Xan"));
        assert!(s("an", "Sales Ana") > s("an", "Salesman"));
    }

    #[test]
    fn ranking_puts_the_best_first_and_shorter_names_on_ties() {
        let texts = [
            "Bob's old device backup",
            "Devices",
            "Device admin",
            "Overview",
        ];
        assert_eq!(
            ranked("dev", &texts),
            ["Devices", "Device admin", "Bob's old device backup"]
        );
        assert_eq!(ranked("ov", &texts)[0], "Overview");
        assert!(ranked("zzz", &texts).is_empty());
    }

    #[test]
    fn a_boost_lifts_a_candidate_and_the_cap_is_kept() {
        let devices: Vec<(usize, Prepared)> = (0..5000)
            .map(|i| (i, Prepared::new(&format!("Device {i}"))))
            .collect();
        let ids = |best: Vec<&(usize, Prepared)>| best.iter().map(|d| d.0).collect::<Vec<_>>();
        let best = ids(rank(
            &Query::new("device 42"),
            &devices,
            |d| &d.1,
            |_| 0,
            20,
        ));
        assert_eq!(best.len(), 20);
        assert_eq!(best[0], 42);
        let lifted = rank(
            &Query::new("device"),
            &devices,
            |d| &d.1,
            |d| if d.0 == 4321 { 100 } else { 0 },
            20,
        );
        assert_eq!(ids(lifted)[..2], [4321, 0]);
    }
}
