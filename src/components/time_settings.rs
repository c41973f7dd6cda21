//! The header's "Times" menu: times in this browser's zone or in UTC, as
//! ages ("3 h ago") or exact times. Every list and page showing a time
//! follows it at once; exports always carry ISO 8601 with the offset.

use leptos::prelude::*;

use crate::clock::{set_time_display, time_display, zone_name, TimeDisplay};
use crate::components::menu::{Menu, MenuState};

/// One radio button of a choice: on when `now` of the setting is `value`.
fn choice(
    group: &'static str,
    value: bool,
    label: String,
    now: fn(TimeDisplay) -> bool,
    edit: fn(&mut TimeDisplay, bool),
) -> impl IntoView {
    let on_change = move |_| {
        let mut next = time_display();
        edit(&mut next, value);
        set_time_display(next);
    };
    view! {
        <label class="check">
            <input type="radio" name=group prop:checked=move || now(time_display()) == value
                on:change=on_change/>
            {label}
        </label>
    }
}

#[component]
pub fn TimeSettings(menu: MenuState) -> impl IntoView {
    let style = |d: TimeDisplay| d.exact;
    let set_style = |d: &mut TimeDisplay, on| d.exact = on;
    let zone = |d: TimeDisplay| d.utc;
    let set_zone = |d: &mut TimeDisplay, on| d.utc = on;
    view! {
        <Menu label="Times" id="time-settings" panel_label="How times are shown" state=menu end=true
            button_class="secondary">
            <fieldset>
                <legend>"Show times as"</legend>
                {choice("time-style", false, "Ages (“3 h ago”)".into(), style, set_style)}
                {choice("time-style", true, "Exact times".into(), style, set_style)}
            </fieldset>
            <fieldset>
                <legend>"Time zone"</legend>
                {choice("time-zone", false, format!("This browser's ({})", zone_name()), zone, set_zone)}
                {choice("time-zone", true, "UTC".into(), zone, set_zone)}
            </fieldset>
            <p class="hint">"Exports always carry ISO 8601 times with their offset."</p>
            <button type="button" on:click=move |_| menu.close()>"Done"</button>
        </Menu>
    }
}
