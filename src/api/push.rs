//! Push notifications. ASSUMED REQUEST: the vendor documents that the API can
//! push to devices but shows no request for it. We send
//! `PUT {base}/{key}/push` with `deviceId` and an optional `message`, answered
//! by the new notification's identifier; the emulator implements the same.
//! A server that does not know it answers with an error, shown as such.

use super::{Api, ApiError};

pub const ITEM: &str = "push";

pub async fn send(api: &Api, device_id: &str, message: &str) -> Result<String, ApiError> {
    let mut fields = vec![("deviceId", device_id.to_string())];
    if !message.trim().is_empty() {
        fields.push(("message", message.trim().to_string()));
    }
    super::create(api, ITEM, &fields).await
}
