//! Push notifications. ASSUMED REQUEST: the vendor documents that the API can
//! push to devices but shows no request for it. We send
//! `PUT {base}/{key}/push` with `deviceId` and an optional `message`, answered
//! by the new notification's identifier; the emulator implements the same.
//! A server that does not know it answers with an error, shown as such.

use super::{Api, ApiError};
use crate::model::PushMessage;

pub const ITEM: &str = "push";

/// Answers the new notification's identifier.
pub async fn send(api: &Api, device_id: &str, message: &PushMessage) -> Result<String, ApiError> {
    let device = vec![("deviceId", device_id.to_string())];
    super::create(api, ITEM, device, message).await
}
