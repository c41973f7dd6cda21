use std::fmt;

/// Everything that can go wrong between a page and the API, each with a
/// message a person can act on. Messages never contain the API key.
#[derive(Clone, Debug, PartialEq)]
pub enum ApiError {
    /// The server said the key is wrong (`Invalid API Key`).
    InvalidKey(String),
    /// The API answered `success:false`; `message` is its `error`.
    Server { status: u16, message: String },
    /// A non-2xx answer that is not the API's envelope (a proxy, a gateway).
    Http { status: u16, detail: String },
    /// A 2xx answer we cannot read (not JSON, wrong shape).
    BadResponse(String),
    /// The request never got an answer: host unreachable, CORS, offline.
    Network { base: String },
    /// No answer within the time limit.
    Timeout { seconds: u32 },
    /// Too many requests, and the server asked for a longer pause than the
    /// client waits by itself (`Retry-After`).
    RateLimited { wait_seconds: u32 },
    /// Cancelled because the user moved on; never shown.
    Aborted,
    /// Refused before sending (e.g. an identifier that would change the path).
    InvalidInput(String),
}

impl ApiError {
    /// The request may have reached the server though no answer came back:
    /// a PUT may have added the item all the same.
    pub fn answer_lost(&self) -> bool {
        matches!(self, ApiError::Network { .. } | ApiError::Timeout { .. })
    }

    /// Worth trying a GET again soon: the network or the server may recover.
    /// A timeout is not: the user has waited the whole limit already, and
    /// two more would make a minute of spinning.
    pub fn is_transient(&self) -> bool {
        match self {
            ApiError::Network { .. } => true,
            ApiError::Http { status, .. } | ApiError::Server { status, .. } => {
                *status == 429 || *status >= 500
            }
            _ => false,
        }
    }
}

impl fmt::Display for ApiError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ApiError::InvalidKey(message) => write!(f, "The API key was rejected: {message}"),
            ApiError::Server { message, .. } => f.write_str(message),
            ApiError::Http { status, detail } => {
                write!(f, "The server answered HTTP {status}")?;
                if detail.is_empty() {
                    f.write_str(".")
                } else {
                    write!(f, ": {detail}")
                }
            }
            ApiError::BadResponse(why) => write!(f, "The server's answer could not be read: {why}"),
            ApiError::Network { base } => write!(
                f,
                "Could not reach the API at {base}. Check your connection, or the API base \
                 setting on the sign-in page (an API on another origin must allow this portal \
                 through CORS)."
            ),
            ApiError::Timeout { seconds } => {
                write!(f, "The server did not answer within {seconds} seconds.")
            }
            ApiError::RateLimited { wait_seconds } => write!(
                f,
                "The server is receiving too many requests and asked to wait {wait_seconds} \
                 seconds. Try again after that."
            ),
            ApiError::Aborted => f.write_str("The request was cancelled."),
            ApiError::InvalidInput(why) => f.write_str(why),
        }
    }
}

impl std::error::Error for ApiError {}
