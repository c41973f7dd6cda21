use std::cell::RefCell;
use std::rc::Rc;

use leaflet::{
    Circle, CircleMarker, FeatureGroup, LatLng, LatLngBounds, LayerGroup, Map, MapOptions,
    Polyline, PolylineOptions, Popup, PopupOptions, TileLayer, TileLayerOptions,
};
use leptos::html::Div;
use leptos::prelude::*;
use send_wrapper::SendWrapper;
use wasm_bindgen::{closure::Closure, JsCast, JsValue};
use web_sys::{HtmlElement, ResizeObserver};

use super::card::fix_card;
use super::loader::ensure_leaflet;
use crate::config::Config;
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
    let config = expect_context::<Config>();
    let ready = LocalResource::new(ensure_leaflet);
    let node = NodeRef::<Div>::new();
    let view = SharedView::default();
    let created = RwSignal::new(false);
    let failure = RwSignal::new(None::<String>);

    Effect::new({
        let view = view.clone();
        move |_| {
            if created.get_untracked() {
                return;
            }
            let Some(el) = node.get() else { return };
            match ready.get() {
                Some(Ok(())) => {}
                Some(Err(e)) => return failure.set(Some(e)),
                None => return,
            }
            match MapView::create(&el, &config, selected) {
                Ok(map) => {
                    view.set(Some(map));
                    created.set(true);
                }
                Err(e) => failure.set(Some(e)),
            }
        }
    });

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

    on_cleanup(move || view.remove());

    let class = if compact { "map map-compact" } else { "map" };
    view! {
        <div class="map-frame">
            <div node_ref=node class=class role="region" aria-label=label tabindex="0"></div>
            {move || match (failure.get(), created.get()) {
                (Some(e), _) => Some(view! { <p class="map-status" role="alert">{e}</p> }.into_any()),
                (None, false) => Some(view! { <p class="map-status" role="status">"Loading map…"</p> }.into_any()),
                _ => None,
            }}
        </div>
    }
}

/// The map of one component; `Rc` because Leaflet objects live on the JS
/// side and are not `Send`, wrapped so effects and cleanup may hold it.
#[derive(Clone)]
struct SharedView(SendWrapper<Rc<RefCell<Option<MapView>>>>);

impl Default for SharedView {
    fn default() -> Self {
        SharedView(SendWrapper::new(Rc::default()))
    }
}

impl SharedView {
    fn set(&self, map: Option<MapView>) {
        *self.0.borrow_mut() = map;
    }

    fn with(&self, f: impl FnOnce(&MapView)) {
        if let Some(map) = self.0.borrow().as_ref() {
            f(map);
        }
    }

    fn remove(&self) {
        if let Some(map) = self.0.borrow_mut().take() {
            map.destroy();
        }
    }
}

struct MapView {
    map: Map,
    container: HtmlElement,
    track: LayerGroup,
    points: FeatureGroup,
    latest: LayerGroup,
    selection: CircleMarker,
    popup: Popup,
    observer: Option<ResizeObserver>,
    _on_click: Closure<dyn FnMut(JsValue)>,
    _on_resize: Closure<dyn FnMut(JsValue)>,
}

impl MapView {
    fn create(
        el: &HtmlElement,
        config: &Config,
        selected: Option<RwSignal<Option<usize>>>,
    ) -> Result<MapView, String> {
        let options = MapOptions::new();
        // One canvas for every vector layer: thousands of fixes stay smooth.
        options.set_prefer_canvas(true);
        let map = Map::new_with_element(el, &options)
            .map_err(|e| format!("The map could not be created: {}", js_text(&e)))?;
        let tiles = TileLayerOptions::new();
        tiles.set_attribution(config.tile_attribution.clone());
        tiles.set_max_zoom(19.0);
        TileLayer::new_options(&config.tile_url, &tiles).add_to(&map);

        let track = LayerGroup::new();
        let points = FeatureGroup::new();
        let latest = LayerGroup::new();
        track.add_to(&map);
        points.add_to(&map);
        latest.add_to(&map);

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

        // A map in a tab that was hidden, or an iframe resized, must not stay grey.
        let on_resize = {
            let map = map.clone();
            Closure::<dyn FnMut(JsValue)>::new(move |_| {
                map.invalidate_size(false);
            })
        };
        let observer = ResizeObserver::new(on_resize.as_ref().unchecked_ref()).ok();
        if let Some(o) = &observer {
            o.observe(el);
        }
        Ok(MapView {
            map,
            container: el.clone(),
            track,
            points,
            latest,
            selection,
            popup,
            observer,
            _on_click: on_click,
            _on_resize: on_resize,
        })
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
                self.map.set_view(&latlng(only), 16.0);
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
                self.map.fit_bounds_with_options(&bounds, &padding);
            }
        }

        let gaps = segments.iter().filter(|s| s.gap).count();
        let data = [
            ("data-fixes", fixes.len()),
            ("data-segments", segments.len() - gaps),
            ("data-gaps", gaps),
        ];
        for (name, value) in data {
            let _ = self.container.set_attribute(name, &value.to_string());
        }
    }

    fn select(&self, fix: Option<&Fix>, title: &str) {
        let Some(fix) = fix else {
            self.selection.remove();
            self.popup.close();
            let _ = self.container.remove_attribute("data-selected");
            return;
        };
        let at = LatLng::new(fix.position.lat, fix.position.lng);
        self.selection.set_lat_lng(&at);
        self.selection.add_to(&self.map);
        let no_animation = js_sys::Object::new();
        let _ = js_sys::Reflect::set(&no_animation, &"animate".into(), &false.into());
        self.map.pan_to_with_options(&at, &no_animation);
        if let Some(card) = fix_card(title, fix) {
            self.popup.set_content(&card);
            self.popup.set_lat_lng(&at);
            self.popup.open_on(&self.map);
        }
        let _ = self.container.set_attribute("data-selected", &fix.id);
    }

    fn destroy(self) {
        if let Some(o) = &self.observer {
            o.disconnect();
        }
        self.map.remove();
    }
}

#[wasm_bindgen::prelude::wasm_bindgen]
extern "C" {
    // `leaflet` 0.5 binds this as `bindTooltipWithContent`, which Leaflet lacks.
    type TooltipTarget;
    #[wasm_bindgen(method, js_name = bindTooltip)]
    fn bind_tooltip(this: &TooltipTarget, content: &HtmlElement);
}

fn js_text(value: &JsValue) -> String {
    value
        .dyn_ref::<js_sys::Error>()
        .map(|e| String::from(e.message()))
        .or_else(|| value.as_string())
        .unwrap_or_else(|| "unknown error".into())
}
