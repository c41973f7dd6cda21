//! A push notification's text (the request itself is assumed: `api::push`).

use super::write::{Field, Rule, Spec, Values};

/// What a push notification carries besides its device.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum PushField {
    Message,
}

impl Field for PushField {
    const ALL: &'static [Self] = &[PushField::Message];

    /// Optional: an empty message is a silent push.
    fn spec(self) -> Spec {
        Spec::line("push-message", "Message", "message", Rule::optional(500))
            .text()
            .hint("Optional. Shown on the device; leave empty for a silent push.")
    }
}

/// A push notification's message, as typed.
pub type PushMessage = Values<PushField>;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn messages_are_optional_and_at_most_500_characters() {
        let all = PushField::ALL;
        assert!(PushMessage::default().check(all).is_empty());
        let long = PushMessage::default().with(PushField::Message, "é".repeat(500));
        assert!(long.check(all).is_empty());
        let longer = long.with(PushField::Message, "é".repeat(501));
        assert_eq!(
            longer.check(all).get(PushField::Message).as_deref(),
            Some("Use at most 500 characters.")
        );
        assert!(PushMessage::default().to_create().is_empty());
    }
}
