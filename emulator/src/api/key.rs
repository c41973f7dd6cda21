//! The API key check. The key is the only secret, so it is compared in constant time: the
//! loop always runs over the whole expected key and accumulates differences with XOR/OR
//! instead of stopping at the first mismatch, so response timing does not reveal how many
//! leading characters of a guess were right.

use std::hint::black_box;

use axum::extract::FromRequestParts;
use axum::http::request::Parts;

use super::error::ApiError;
use super::path_segment;
use crate::state::AppState;

/// Proof that the request's `{key}` is ours; extract it before anything else. A wrong key
/// is the vendor's 401 `Invalid API Key`.
pub struct ApiKey;

impl FromRequestParts<AppState> for ApiKey {
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Self, ApiError> {
        let given = path_segment(parts, "key").await?;
        if matches(given.as_bytes(), state.api_key().as_bytes()) {
            Ok(ApiKey)
        } else {
            Err(ApiError::invalid_key())
        }
    }
}

pub fn matches(given: &[u8], expected: &[u8]) -> bool {
    // A length mismatch makes `diff` non-zero but does not end the loop early.
    let mut diff = (given.len() ^ expected.len()) as u64;
    for (i, e) in expected.iter().enumerate() {
        // Reading past the end of a short guess only depends on the guess's own length.
        let g = given.get(i).copied().unwrap_or(0);
        diff |= u64::from(black_box(g ^ e));
    }
    black_box(diff) == 0
}

/// A random 32-character alphanumeric key for when none is given on the command line.
pub fn generate() -> String {
    const ALPHABET: &[u8] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
    let mut rng = crate::rng::SplitMix64::from_os();
    (0..32).map(|_| char::from(*rng.pick(ALPHABET))).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn equal_keys_match_and_others_do_not() {
        assert!(matches(b"secret-key", b"secret-key"));
        assert!(!matches(b"secret-kez", b"secret-key"));
        assert!(!matches(b"Secret-key", b"secret-key"));
        assert!(!matches(b"secret", b"secret-key"));
        assert!(!matches(b"secret-key-and-more", b"secret-key"));
        assert!(!matches(b"", b"secret-key"));
        // A guess that is the key padded with NULs must not pass thanks to the 0 filler.
        assert!(!matches(b"secret-key\0", b"secret-key"));
    }

    #[test]
    fn generated_keys_are_32_alphanumerics_and_differ() {
        let a = generate();
        let b = generate();
        assert_eq!(a.len(), 32);
        assert!(a.bytes().all(|c| c.is_ascii_alphanumeric()));
        assert_ne!(a, b);
    }
}
