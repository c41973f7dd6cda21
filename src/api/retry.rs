//! When a GET is tried again, and how long the client waits first: plain
//! functions, so the policy is tested natively without a browser.

use super::ApiError;

/// GETs are tried this often in all; PUT and POST once, since a retry could add twice.
pub const GET_ATTEMPTS: u32 = 3;
/// A server asking for a longer pause than this gets an error the user can
/// act on, not a page that spins for minutes.
pub const MAX_RETRY_AFTER_MS: u32 = 30_000;

/// What to do after attempt number `attempt` (1-based) of a GET failed with
/// `error`: wait this many milliseconds and try again, or give up with the
/// error to show. `retry_after_ms` is the answer's `Retry-After`, if any;
/// `jitter` is a random number in `[0, 1)`.
pub fn after_failure(
    attempt: u32,
    error: ApiError,
    retry_after_ms: Option<u32>,
    jitter: f64,
) -> Result<u32, ApiError> {
    if let Some(wait) = retry_after_ms.filter(|ms| *ms > MAX_RETRY_AFTER_MS) {
        return Err(ApiError::RateLimited {
            wait_seconds: wait.div_ceil(1000),
        });
    }
    if !error.is_transient() || attempt >= GET_ATTEMPTS {
        return Err(error);
    }
    // The server's own pause wins when it asks for longer than our backoff.
    Ok(backoff_ms(attempt, jitter).max(retry_after_ms.unwrap_or(0)))
}

/// 400 ms, 800 ms, 1600 ms … capped at 5 s, each with up to 50 % jitter so
/// many clients do not retry in step.
pub fn backoff_ms(attempt: u32, jitter: f64) -> u32 {
    let base = (200u32 << attempt.min(5)).min(5_000);
    base + (jitter.clamp(0.0, 1.0) * f64::from(base) * 0.5) as u32
}

/// `Retry-After` as milliseconds from now: either delay-seconds (`120`) or an
/// HTTP date, read by `parse_date` into epoch milliseconds. A date in the
/// past means no wait; anything unreadable is ignored.
pub fn retry_after_ms(
    header: &str,
    now_ms: f64,
    parse_date: impl Fn(&str) -> Option<f64>,
) -> Option<u32> {
    let header = header.trim();
    if header.is_empty() {
        return None;
    }
    if header.bytes().all(|b| b.is_ascii_digit()) {
        // Huge values saturate: they mean "a long time" all the same.
        let seconds: u64 = header.parse().unwrap_or(u64::MAX);
        return Some(seconds.saturating_mul(1000).min(u64::from(u32::MAX)) as u32);
    }
    let at = parse_date(header).filter(|ms| ms.is_finite())?;
    Some((at - now_ms).clamp(0.0, f64::from(u32::MAX)) as u32)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn server(status: u16) -> ApiError {
        ApiError::Server {
            status,
            message: "busy".into(),
        }
    }

    #[test]
    fn transient_errors_are_retried_twice_with_growing_pauses() {
        assert_eq!(after_failure(1, server(503), None, 0.0), Ok(400));
        assert_eq!(after_failure(2, server(503), None, 0.0), Ok(800));
        assert_eq!(after_failure(2, server(503), None, 0.999), Ok(1199));
        assert_eq!(after_failure(3, server(503), None, 0.0), Err(server(503)));
        let offline = ApiError::Network { base: "b".into() };
        assert_eq!(after_failure(1, offline, None, 0.0), Ok(400));
    }

    #[test]
    fn timeouts_and_client_errors_are_not_retried() {
        let timeout = ApiError::Timeout { seconds: 20 };
        assert_eq!(after_failure(1, timeout.clone(), None, 0.0), Err(timeout));
        assert_eq!(after_failure(1, server(404), None, 0.0), Err(server(404)));
        let bad = ApiError::BadResponse("x".into());
        assert_eq!(after_failure(1, bad.clone(), None, 0.0), Err(bad));
    }

    #[test]
    fn retry_after_sets_the_pause_within_a_limit() {
        assert_eq!(after_failure(1, server(429), Some(2_000), 0.0), Ok(2_000));
        // Shorter than the backoff: the backoff stands.
        assert_eq!(after_failure(2, server(429), Some(100), 0.0), Ok(800));
        assert_eq!(
            after_failure(1, server(429), Some(120_000), 0.0),
            Err(ApiError::RateLimited { wait_seconds: 120 })
        );
        // The last attempt keeps the server's own words.
        assert_eq!(
            after_failure(3, server(429), Some(1_000), 0.0),
            Err(server(429))
        );
    }

    #[test]
    fn retry_after_reads_seconds_and_dates() {
        let no_dates = |_: &str| None;
        assert_eq!(retry_after_ms("2", 0.0, no_dates), Some(2_000));
        assert_eq!(retry_after_ms(" 0 ", 0.0, no_dates), Some(0));
        assert_eq!(
            retry_after_ms("99999999999999999999", 0.0, no_dates),
            Some(u32::MAX)
        );
        assert_eq!(retry_after_ms("", 0.0, no_dates), None);
        assert_eq!(retry_after_ms("-5", 0.0, no_dates), None);
        assert_eq!(retry_after_ms("soon", 0.0, no_dates), None);
        let date = |s: &str| (s == "Wed, 21 Oct 2015 07:28:00 GMT").then_some(1_445_412_480_000.0);
        assert_eq!(
            retry_after_ms("Wed, 21 Oct 2015 07:28:00 GMT", 1_445_412_475_000.0, date),
            Some(5_000)
        );
        assert_eq!(
            retry_after_ms("Wed, 21 Oct 2015 07:28:00 GMT", 1_445_412_490_000.0, date),
            Some(0)
        );
    }
}
