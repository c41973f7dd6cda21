use leaflet::{
    Circle, CircleMarker, FeatureGroup, LatLng, LatLngBounds, LayerGroup, Polyline,
    PolylineOptions, Popup, PopupOptions,
};
use leptos::html::Div;
use leptos::prelude::*;
use wasm_bindgen::{closure::Closure, JsCast, JsValue};

use super::base::{map_frame, mount, no_animation, BaseMap, MapLayers, TooltipTarget};
use super::card::fix_card;
use crate::model::{segments, Fix};

const TRACK_COLOUR: &str = "#2563eb";
const LATEST_COLOUR: &str = "#dc2626";
const SELECTED_COLOUR: &str = "#f59e0b";
/// The property on each circle marker that says which fix it draws.
const FIX_INDEX: &str = "fixIndex";

/// A device's fixes on a Leaflet map: the track (dashed across gaps), a
/// circle marker per fix on one canvas, the latest fix with its accuracy
/// circle, and the selected fix in a popup. Selecting a marker sets
/// `selected`; setting `selected` pans to the fix and opens it.
///
/// The container carries `data-fixes`, `data-segments`, `data-gaps` and
/// `data-selected` so tests and tools can check what was drawn on the canvas.
#[component]
pub fn TrackMap(
    /// Oldest first.
    fixes: Signal<Vec<Fix>>,
    /// The device's name, for popups.
    #[prop(into)]
    title: String,
    /// The map's accessible name.
    #[prop(into)]
    label: String,
    /// Fixes further apart than this are joined by a dashed line.
    gap_ms: i64,
    #[prop(optional)] selected: Option<RwSignal<Option<usize>>>,
    #[prop(optional)] compact: bool,
) -> impl IntoView {
    let node = NodeRef::<Div>::new();
    let mounted = mount(node, move |base| TrackLayers::build(base, selected));
    let (view, created) = (mounted.layers.clone(), mounted.created);

    // Redrawn in place when the fixes change; the map itself stays.
    let title_for_draw = title.clone();
    Effect::new({
        let view = view.clone();
        move |_| {
            if !created.get() {
                return;
            }
            fixes.with(|fixes| {
                view.with(|map| map.draw(fixes, gap_ms, &title_for_draw));
            });
        }
    });

    if let Some(selected) = selected {
        let view = view.clone();
        Effect::new(move |_| {
            if !created.get() {
                return;
            }
            let index = selected.get();
            fixes.with(|fixes| {
                view.with(|map| map.select(index.and_then(|i| fixes.get(i)), &title));
            });
        });
    }

    let class = if compact { "map map-compact" } else { "map" };
    map_frame(node, class, label, created, mounted.failure)
}

struct TrackLayers {
    base: BaseMap,
    track: LayerGroup,
    points: FeatureGroup,
    latest: LayerGroup,
    selection: CircleMarker,
    popup: Popup,
    _on_click: Closure<dyn FnMut(JsValue)>,
}

impl MapLayers for TrackLayers {
    fn base(&self) -> &BaseMap {
        &self.base
    }
}

impl TrackLayers {
    fn build(base: BaseMap, selected: Option<RwSignal<Option<usize>>>) -> TrackLayers {
        let map = &base.map;
        let track = LayerGroup::new();
        let points = FeatureGroup::new();
        let latest = LayerGroup::new();
        track.add_to(map);
        points.add_to(map);
        latest.add_to(map);

        let on_click = Closure::<dyn FnMut(JsValue)>::new(move |event: JsValue| {
            let index = js_sys::Reflect::get(&event, &"layer".into())
                .and_then(|layer| js_sys::Reflect::get(&layer, &FIX_INDEX.into()))
                .ok()
                .and_then(|i| i.as_f64());
            if let (Some(selected), Some(i)) = (selected, index) {
                selected.set(Some(i as usize));
            }
        });
        points.on("click", on_click.as_ref());

        let selection = CircleMarker::new_with_options(&LatLng::new(0.0, 0.0), &{
            let o = leaflet::CircleOptions::new();
            o.set_radius(11.0);
            o.set_color(SELECTED_COLOUR.into());
            o.set_weight(3.0);
            o.set_fill(false);
            o.set_interactive(false);
            o.into()
        });

        // The fix is centred when selected: no auto-pan, so it stays there.
        let popup_options = PopupOptions::new();
        popup_options.set_auto_pan(false);
        let popup = Popup::new(&popup_options, None);

        TrackLayers {
            base,
            track,
            points,
            latest,
            selection,
            popup,
            _on_click: on_click,
        }
    }

    fn draw(&self, fixes: &[Fix], gap_ms: i64, title: &str) {
        self.track.clear_layers();
        self.points.clear_layers();
        self.latest.clear_layers();
        self.selection.remove();
        self.popup.close();

        let latlng = |f: &Fix| LatLng::new(f.position.lat, f.position.lng);
        let segments = segments(fixes, gap_ms);
        for segment in &segments {
            let line: js_sys::Array = fixes[segment.start..=segment.end]
                .iter()
                .map(latlng)
                .collect();
            let options = PolylineOptions::new();
            options.set_color(TRACK_COLOUR.into());
            options.set_interactive(false);
            if segment.gap {
                options.set_weight(2.0);
                options.set_opacity(0.6);
                options.set_dash_array("4 8".into());
            } else {
                options.set_weight(3.0);
                options.set_opacity(0.8);
            }
            self.track
                .add_layer(&Polyline::new_with_options(&line, &options));
        }

        let style = leaflet::CircleOptions::new();
        style.set_radius(4.0);
        style.set_color(TRACK_COLOUR.into());
        style.set_weight(1.0);
        style.set_fill_color("#ffffff".into());
        style.set_fill_opacity(1.0);
        for (i, fix) in fixes.iter().enumerate() {
            let marker = CircleMarker::new_with_options(&latlng(fix), &style);
            let _ = js_sys::Reflect::set(&marker, &FIX_INDEX.into(), &(i as f64).into());
            self.points.add_layer(&marker);
        }

        if let Some(last) = fixes.last() {
            if let Some(accuracy) = last.accuracy.filter(|a| *a > 0.0) {
                let ring = leaflet::CircleOptions::new();
                ring.set_radius(accuracy);
                ring.set_color(LATEST_COLOUR.into());
                ring.set_weight(1.0);
                ring.set_fill_opacity(0.1);
                ring.set_interactive(false);
                self.latest
                    .add_layer(&Circle::new_with_options(&latlng(last), &ring));
            }
            let dot = leaflet::CircleOptions::new();
            dot.set_radius(7.0);
            dot.set_color("#ffffff".into());
            dot.set_weight(2.0);
            dot.set_fill_color(LATEST_COLOUR.into());
            dot.set_fill_opacity(1.0);
            let marker = CircleMarker::new_with_options(&latlng(last), &dot);
            let _ = js_sys::Reflect::set(
                &marker,
                &FIX_INDEX.into(),
                &((fixes.len() - 1) as f64).into(),
            );
            if let Some(card) = fix_card(&format!("Latest fix · {title}"), last) {
                marker.unchecked_ref::<TooltipTarget>().bind_tooltip(&card);
            }
            // In the clickable group so it selects like any other fix.
            self.points.add_layer(&marker);
        }

        match fixes {
            [] => {}
            [only] => {
                self.base.map.set_view(&latlng(only), 16.0);
            }
            _ => {
                let corners: js_sys::Array = fixes.iter().map(latlng).collect();
                let bounds = LatLngBounds::new_from_list(&corners);
                let padding = js_sys::Object::new();
                let _ = js_sys::Reflect::set(
                    &padding,
                    &"padding".into(),
                    &js_sys::Array::of2(&24.into(), &24.into()),
                );
                self.base.map.fit_bounds_with_options(&bounds, &padding);
            }
        }

        let gaps = segments.iter().filter(|s| s.gap).count();
        self.base.set_data("fixes", fixes.len());
        self.base.set_data("segments", segments.len() - gaps);
        self.base.set_data("gaps", gaps);
    }

    fn select(&self, fix: Option<&Fix>, title: &str) {
        let Some(fix) = fix else {
            self.selection.remove();
            self.popup.close();
            self.base.remove_data("selected");
            return;
        };
        let at = LatLng::new(fix.position.lat, fix.position.lng);
        self.selection.set_lat_lng(&at);
        self.selection.add_to(&self.base.map);
        self.base.map.pan_to_with_options(&at, &no_animation());
        if let Some(card) = fix_card(title, fix) {
            self.popup.set_content(&card);
            self.popup.set_lat_lng(&at);
            self.popup.open_on(&self.base.map);
        }
        self.base.set_data("selected", &fix.id);
    }
}
