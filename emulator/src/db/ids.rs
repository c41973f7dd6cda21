//! Identifiers: 30-character strings of digits, like the vendor's example, unique across
//! every kind of item (one id space), so `GET user/{id}` can tell a group id from a user id.

use std::collections::HashSet;

use rusqlite::{Connection, OptionalExtension};

use crate::rng::SplitMix64;

pub const ID_LEN: usize = 30;

/// A 30-digit id. The first digit is never 0, so the string never looks zero-padded.
pub fn generate(rng: &mut SplitMix64) -> String {
    let mut id = String::with_capacity(ID_LEN);
    id.push(char::from(b'1' + rng.below(9) as u8));
    for _ in 1..ID_LEN {
        id.push(char::from(b'0' + rng.below(10) as u8));
    }
    id
}

/// Which table an id lives in.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    Group,
    User,
    Device,
    Location,
    Push,
}

/// Looks an id up in every table (each lookup is one UNIQUE-index probe).
pub fn kind_of(conn: &Connection, id: &str) -> rusqlite::Result<Option<Kind>> {
    let kind: Option<i64> = conn
        .prepare_cached(
            "SELECT 0 FROM groups WHERE id = ?1
             UNION ALL SELECT 1 FROM users WHERE id = ?1
             UNION ALL SELECT 2 FROM devices WHERE id = ?1
             UNION ALL SELECT 3 FROM locations WHERE id = ?1
             UNION ALL SELECT 4 FROM pushes WHERE id = ?1
             LIMIT 1",
        )?
        .query_row([id], |r| r.get(0))
        .optional()?;
    Ok(kind.map(|k| match k {
        0 => Kind::Group,
        1 => Kind::User,
        2 => Kind::Device,
        3 => Kind::Location,
        _ => Kind::Push,
    }))
}

/// A new random id that no item uses yet (checked, although a clash among 10^29 is unlikely).
pub fn fresh(conn: &Connection, rng: &mut SplitMix64) -> rusqlite::Result<String> {
    loop {
        let id = generate(rng);
        if kind_of(conn, &id)?.is_none() {
            return Ok(id);
        }
    }
}

/// Deterministic ids for the seed: same seed, same ids, never repeated.
pub struct SeedIds {
    rng: SplitMix64,
    used: HashSet<String>,
}

impl SeedIds {
    pub fn new(seed: u64) -> Self {
        Self {
            rng: SplitMix64::new(seed),
            used: HashSet::new(),
        }
    }

    pub fn next_id(&mut self) -> String {
        loop {
            let id = generate(&mut self.rng);
            if self.used.insert(id.clone()) {
                return id;
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_are_30_digits_without_leading_zero() {
        let mut rng = SplitMix64::new(3);
        for _ in 0..1000 {
            let id = generate(&mut rng);
            assert_eq!(id.len(), ID_LEN);
            assert!(id.bytes().all(|b| b.is_ascii_digit()));
            assert_ne!(id.as_bytes()[0], b'0');
        }
    }

    #[test]
    fn seed_ids_are_deterministic_and_unique() {
        let mut a = SeedIds::new(9);
        let mut b = SeedIds::new(9);
        let xs: Vec<String> = (0..500).map(|_| a.next_id()).collect();
        let ys: Vec<String> = (0..500).map(|_| b.next_id()).collect();
        assert_eq!(xs, ys);
        let set: HashSet<_> = xs.iter().collect();
        assert_eq!(set.len(), xs.len());
    }
}
