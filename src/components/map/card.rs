//! Popup and tooltip content built from DOM text nodes. Names come from the
//! API and may hold markup; they are set as text, never parsed as HTML.

use web_sys::{Document, HtmlElement};

use crate::clock::{exact_time, now};
use crate::model::{format_age, Fix};

fn document() -> Option<Document> {
    web_sys::window().and_then(|w| w.document())
}

fn append_text(doc: &Document, parent: &HtmlElement, tag: &str, text: &str) {
    if let Ok(el) = doc.create_element(tag) {
        el.set_text_content(Some(text));
        let _ = parent.append_child(&el);
    }
}

/// "Alice's iPhone / 25/11/2026, 10:03 (3 h ago) / 51.50123, -0.12345 / ± 8 m".
pub fn fix_card(title: &str, fix: &Fix) -> Option<HtmlElement> {
    use wasm_bindgen::JsCast;
    let doc = document()?;
    let card: HtmlElement = doc.create_element("div").ok()?.dyn_into().ok()?;
    card.set_class_name("fix-card");
    append_text(&doc, &card, "strong", title);
    append_text(
        &doc,
        &card,
        "div",
        &format!("{} ({})", exact_time(fix.time), format_age(now(), fix.time)),
    );
    append_text(&doc, &card, "div", &coordinates(fix));
    if let Some(accuracy) = fix.accuracy {
        append_text(&doc, &card, "div", &format!("± {accuracy:.0} m"));
    }
    Some(card)
}

/// A card of plain lines, the first as its title (a stop: its number, then
/// arrival, departure and why).
pub fn lines_card(lines: &[String]) -> Option<HtmlElement> {
    use wasm_bindgen::JsCast;
    let doc = document()?;
    let card: HtmlElement = doc.create_element("div").ok()?.dyn_into().ok()?;
    card.set_class_name("fix-card");
    for (i, line) in lines.iter().enumerate() {
        append_text(&doc, &card, if i == 0 { "strong" } else { "div" }, line);
    }
    Some(card)
}

pub fn coordinates(fix: &Fix) -> String {
    format!("{:.5}, {:.5}", fix.position.lat, fix.position.lng)
}

fn append_link(doc: &Document, parent: &HtmlElement, text: &str, href: &str) {
    if let Ok(a) = doc.create_element("a") {
        a.set_text_content(Some(text));
        let _ = a.set_attribute("href", href);
        let _ = parent.append_child(&a);
    }
}

/// A device's latest fix with a link to its page.
pub fn device_card(name: &str, href: &str, fix: &Fix) -> Option<HtmlElement> {
    let card = fix_card(name, fix)?;
    let doc = document()?;
    append_link(&doc, &card, "Open device", href);
    Some(card)
}

/// Devices at one spot, each linked to its page.
pub fn device_list_card(devices: &[&crate::components::map::FleetPoint]) -> Option<HtmlElement> {
    use wasm_bindgen::JsCast;
    let doc = document()?;
    let card: HtmlElement = doc.create_element("div").ok()?.dyn_into().ok()?;
    card.set_class_name("fix-card");
    append_text(
        &doc,
        &card,
        "strong",
        &format!("{} devices here", devices.len()),
    );
    for d in devices {
        append_link(&doc, &card, &d.name, &d.href);
    }
    Some(card)
}
