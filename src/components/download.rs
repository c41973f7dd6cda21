//! Offers text as a file download, without a server round trip.

use wasm_bindgen::JsCast;

/// Saves `text` as `file_name`; `false` if the browser refused.
pub fn download(file_name: &str, mime: &str, text: &str) -> bool {
    save(file_name, mime, text).is_some()
}

fn save(file_name: &str, mime: &str, text: &str) -> Option<()> {
    let doc = web_sys::window()?.document()?;
    let parts = js_sys::Array::of1(&text.into());
    let options = web_sys::BlobPropertyBag::new();
    options.set_type(mime);
    let blob = web_sys::Blob::new_with_str_sequence_and_options(&parts, &options).ok()?;
    let url = web_sys::Url::create_object_url_with_blob(&blob).ok()?;
    let link: web_sys::HtmlAnchorElement = doc.create_element("a").ok()?.dyn_into().ok()?;
    link.set_href(&url);
    link.set_download(file_name);
    link.click();
    // The click has queued the download; the URL can go once it has started.
    let release = wasm_bindgen::closure::Closure::once_into_js(move || {
        let _ = web_sys::Url::revoke_object_url(&url);
    });
    web_sys::window()?
        .set_timeout_with_callback_and_timeout_and_arguments_0(release.unchecked_ref(), 10_000)
        .ok()?;
    Some(())
}
