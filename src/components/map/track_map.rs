use std::cell::{Cell, RefCell};
use std::rc::Rc;

use leaflet::{
    Circle, CircleMarker, CircleOptions, LatLng, LatLngBounds, LayerGroup, Polyline,
    PolylineOptions, Popup, PopupOptions,
};
use leptos::html::Div;
use leptos::prelude::*;
use wasm_bindgen::{closure::Closure, JsCast, JsValue};

use super::area_map::area_layer;
use super::base::{map_frame, mount, no_animation, BaseMap, MapLayers, TooltipTarget};
use super::card::{fix_card, lines_card};
use crate::model::{nearest_fix, positions_in_box, segments, Fix};

const TRACK_COLOUR: &str = "#2563eb";
const LATEST_COLOUR: &str = "#dc2626";
const SELECTED_COLOUR: &str = "#f59e0b";
const STOP_COLOUR: &str = "#7c3aed";
/// Fix dots are drawn one by one only while at most this many are in view:
/// each is a Leaflet layer, and 20,000 of them take most of a second.
const MAX_DOTS: usize = 1_500;
/// A click this close to a fix (in pixels) selects it, drawn as a dot or not.
const CLICK_RADIUS_PX: f64 = 10.0;

/// The track's width in pixels; over thousands of fixes in view it is a
/// hairline, which the canvas strokes ten times as fast as anything wider
/// (80 ms for 20,000 fixes at 3 px in headless Chromium, 8 ms at 1 px).
fn line_weight(gap: bool, dense: bool) -> f64 {
    match (dense, gap) {
        (true, _) => 1.0,
        (false, true) => 2.0,
        (false, false) => 3.0,
    }
}

/// A device's fixes on a Leaflet map: the track (dashed across gaps), a dot
/// per fix in view once zoomed in far enough (all on one canvas), the latest
/// fix with its accuracy circle, and the selected fix in a popup. Clicking
/// near a fix sets `selected`; setting `selected` pans to the fix and opens it.
///
/// Stops, when given, are drawn as markers with their arrival, departure
/// and duration on hover. With `follow` false the map stays where it is as
/// the selection moves (a replay the admin watches in one place).
///
/// The container carries `data-fixes`, `data-segments`, `data-gaps`,
/// `data-dots` (fix dots drawn), `data-stops`, `data-area` and `data-selected` so tests
/// and tools can check what was drawn on the canvas.
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
    #[prop(optional)] stops: Option<Signal<Vec<StopMark>>>,
    #[prop(optional, into)] follow: Option<Signal<bool>>,
    /// An area to outline (where a who-was-here search found the device).
    #[prop(default = None)]
    area: Option<crate::model::area::Area>,
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

    if let Some(area) = area {
        let view = view.clone();
        Effect::new(move |_| {
            if created.get() {
                view.with(|map| {
                    area_layer(&area, false).add_to(&map.base.map);
                    map.base.set_data("area", area.query());
                });
            }
        });
    }

    if let Some(stops) = stops {
        let view = view.clone();
        Effect::new(move |_| {
            if !created.get() {
                return;
            }
            // After the track, which clears the map's layers.
            fixes.track();
            stops.with(|stops| view.with(|map| map.draw_stops(stops)));
        });
    }

    if let Some(selected) = selected {
        let view = view.clone();
        Effect::new(move |_| {
            if !created.get() {
                return;
            }
            let index = selected.get();
            let pan = follow.is_none_or(|f| f.get_untracked());
            fixes.with(|fixes| {
                view.with(|map| map.select(index.filter(|&i| i < fixes.len()), fixes, &title, pan));
            });
        });
    }

    let class = if compact { "map map-compact" } else { "map" };
    map_frame(node, class, label, &mounted)
}

/// A stop on the map: where, and what its hover card says.
#[derive(Clone, Debug, PartialEq)]
pub struct StopMark {
    pub position: crate::model::LatLng,
    /// The card's lines, the first its title.
    pub lines: Vec<String>,
}

struct TrackLayers {
    base: BaseMap,
    track: LayerGroup,
    stops: LayerGroup,
    latest: LayerGroup,
    popup: Popup,
    dots: Rc<Dots>,
    _on_click: Closure<dyn FnMut(JsValue)>,
    _on_move: Closure<dyn FnMut(JsValue)>,
}

impl MapLayers for TrackLayers {
    fn base(&self) -> &BaseMap {
        &self.base
    }
}

/// What is drawn depends on how many fixes are in view, updated after every
/// move: up to [`MAX_DOTS`], a dot for each and a full-width line; past
/// that, no dots and a hairline.
struct Dots {
    map: leaflet::Map,
    container: web_sys::HtmlElement,
    group: LayerGroup,
    style: CircleOptions,
    /// The ring around the selected fix, and the latest fix's marker: both
    /// stay above dots added later.
    selection: CircleMarker,
    latest: RefCell<Option<CircleMarker>>,
    /// Where each fix is, oldest first, as last drawn.
    positions: RefCell<Vec<crate::model::LatLng>>,
    selected: Cell<Option<usize>>,
    /// The dots drawn, by fix, in fix order.
    drawn: RefCell<Vec<(usize, CircleMarker)>>,
    /// The track's lines, and whether each spans a gap.
    lines: RefCell<Vec<(Polyline, bool)>>,
    dense: Cell<bool>,
}

impl Dots {
    /// Draws a dot for each fix in view (unless there are too many) and for
    /// the selected fix; the latest fix has its own marker.
    fn update(&self) {
        let positions = self.positions.borrow();
        let latest = positions.len().checked_sub(1);
        // Without fixes there may be no view yet, and Leaflet throws for its bounds.
        let in_view = (!positions.is_empty())
            .then(|| self.view_box())
            .flatten()
            .map(|(sw, ne)| positions_in_box(&positions, sw, ne, MAX_DOTS));
        let dense = matches!(in_view, Some(None));
        if dense != self.dense.replace(dense) {
            for (line, gap) in self.lines.borrow().iter() {
                let style = leaflet::PathOptions::new();
                style.set_weight(line_weight(*gap, dense));
                line.set_style(&style);
            }
        }
        let mut wanted = in_view.flatten().unwrap_or_default();
        if let Some(i) = self.selected.get().filter(|&i| i < positions.len()) {
            if let Err(at) = wanted.binary_search(&i) {
                wanted.insert(at, i);
            }
        }
        wanted.retain(|&i| Some(i) != latest);

        let mut drawn = self.drawn.borrow_mut();
        drawn.retain(|(i, dot)| {
            let keep = wanted.binary_search(i).is_ok();
            if !keep {
                self.group.remove_layer(dot);
            }
            keep
        });
        let before = drawn.len();
        for &i in &wanted {
            if let Err(at) = drawn.binary_search_by_key(&i, |(j, _)| *j) {
                let p = positions[i];
                let dot = CircleMarker::new_with_options(&LatLng::new(p.lat, p.lng), &self.style);
                self.group.add_layer(&dot);
                drawn.insert(at, (i, dot));
            }
        }
        // The canvas paints in the order layers were added.
        if drawn.len() > before {
            if let Some(latest) = self.latest.borrow().as_ref() {
                latest.bring_to_front();
            }
            if self.selected.get().is_some() {
                self.selection.bring_to_front();
            }
        }
        let _ = self
            .container
            .set_attribute("data-dots", &drawn.len().to_string());
    }

    /// The map's view with a tenth of it to spare on each side, so dots just
    /// past the edge are there when the map is dragged a little; `None`
    /// before the map has a view.
    fn view_box(&self) -> Option<(crate::model::LatLng, crate::model::LatLng)> {
        let bounds = self.map.get_bounds();
        let (sw, ne) = (bounds.get_south_west(), bounds.get_north_east());
        let (dlat, dlng) = ((ne.lat() - sw.lat()) / 10.0, (ne.lng() - sw.lng()) / 10.0);
        let sw = crate::model::LatLng {
            lat: sw.lat() - dlat,
            lng: sw.lng() - dlng,
        };
        let ne = crate::model::LatLng {
            lat: ne.lat() + dlat,
            lng: ne.lng() + dlng,
        };
        [sw.lat, sw.lng, ne.lat, ne.lng]
            .iter()
            .all(|v| v.is_finite())
            .then_some((sw, ne))
    }

    fn clear(&self) {
        self.group.clear_layers();
        self.drawn.borrow_mut().clear();
        self.positions.borrow_mut().clear();
        self.selected.set(None);
        self.lines.borrow_mut().clear();
        self.selection.remove();
        self.latest.borrow_mut().take();
    }
}

impl TrackLayers {
    fn build(base: BaseMap, selected: Option<RwSignal<Option<usize>>>) -> TrackLayers {
        let map = &base.map;
        let track = LayerGroup::new();
        let stops = LayerGroup::new();
        let group = LayerGroup::new();
        let latest = LayerGroup::new();
        track.add_to(map);
        stops.add_to(map);
        group.add_to(map);
        latest.add_to(map);

        let style = CircleOptions::new();
        style.set_radius(4.0);
        style.set_color(TRACK_COLOUR.into());
        style.set_weight(1.0);
        style.set_fill_color("#ffffff".into());
        style.set_fill_opacity(1.0);
        let selection = CircleMarker::new_with_options(&LatLng::new(0.0, 0.0), &{
            let o = CircleOptions::new();
            o.set_radius(11.0);
            o.set_color(SELECTED_COLOUR.into());
            o.set_weight(3.0);
            o.set_fill(false);
            o.set_interactive(false);
            o.into()
        });

        let dots = Rc::new(Dots {
            map: map.clone(),
            container: base.container.clone(),
            group,
            style,
            selection,
            latest: RefCell::default(),
            positions: RefCell::default(),
            selected: Cell::new(None),
            drawn: RefCell::default(),
            lines: RefCell::default(),
            dense: Cell::new(false),
        });

        // One handler on the map rather than one per dot: it also selects
        // fixes too dense to be drawn as dots.
        let on_click = {
            let dots = dots.clone();
            Closure::<dyn FnMut(JsValue)>::new(move |event: JsValue| {
                let Some(selected) = selected else { return };
                let at = event.unchecked_into::<leaflet::MouseEvent>().lat_lng();
                let at = crate::model::LatLng {
                    lat: at.lat(),
                    lng: at.lng(),
                };
                let zoom = dots.map.get_zoom();
                let index = nearest_fix(&dots.positions.borrow(), at, zoom, CLICK_RADIUS_PX);
                if index.is_some() {
                    selected.set(index);
                }
            })
        };
        map.on("click", on_click.as_ref());
        // `moveend` follows every pan and zoom, `fitBounds` and `setView` too.
        let on_move = {
            let dots = dots.clone();
            Closure::<dyn FnMut(JsValue)>::new(move |_| dots.update())
        };
        map.on("moveend", on_move.as_ref());

        // The fix is centred when selected: no auto-pan, so it stays there.
        let popup_options = PopupOptions::new();
        popup_options.set_auto_pan(false);
        let popup = Popup::new(&popup_options, None);

        TrackLayers {
            base,
            track,
            stops,
            latest,
            popup,
            dots,
            _on_click: on_click,
            _on_move: on_move,
        }
    }

    fn draw(&self, fixes: &[Fix], gap_ms: i64, title: &str) {
        self.track.clear_layers();
        self.latest.clear_layers();
        self.dots.clear();
        self.popup.close();

        let latlng = |f: &Fix| LatLng::new(f.position.lat, f.position.lng);
        let segments = segments(fixes, gap_ms);
        // Fitted to the track, every fix is in view.
        let dense = fixes.len() > MAX_DOTS;
        self.dots.dense.set(dense);
        let mut lines = Vec::with_capacity(segments.len());
        for segment in &segments {
            let line: js_sys::Array = fixes[segment.start..=segment.end]
                .iter()
                .map(latlng)
                .collect();
            let options = PolylineOptions::new();
            options.set_color(TRACK_COLOUR.into());
            options.set_interactive(false);
            options.set_weight(line_weight(segment.gap, dense));
            if segment.gap {
                options.set_opacity(0.6);
                options.set_dash_array("4 8".into());
            } else {
                options.set_opacity(0.8);
            }
            let line = Polyline::new_with_options(&line, &options);
            self.track.add_layer(&line);
            lines.push((line, segment.gap));
        }
        *self.dots.lines.borrow_mut() = lines;

        if let Some(last) = fixes.last() {
            if let Some(accuracy) = last.accuracy.filter(|a| *a > 0.0) {
                let ring = CircleOptions::new();
                ring.set_radius(accuracy);
                ring.set_color(LATEST_COLOUR.into());
                ring.set_weight(1.0);
                ring.set_fill_opacity(0.1);
                ring.set_interactive(false);
                self.latest
                    .add_layer(&Circle::new_with_options(&latlng(last), &ring));
            }
            let dot = CircleOptions::new();
            dot.set_radius(7.0);
            dot.set_color("#ffffff".into());
            dot.set_weight(2.0);
            dot.set_fill_color(LATEST_COLOUR.into());
            dot.set_fill_opacity(1.0);
            let marker = CircleMarker::new_with_options(&latlng(last), &dot);
            if let Some(card) = fix_card(&format!("Latest fix · {title}"), last) {
                marker.unchecked_ref::<TooltipTarget>().bind_tooltip(&card);
            }
            self.latest.add_layer(&marker);
            *self.dots.latest.borrow_mut() = Some(marker);
        }

        *self.dots.positions.borrow_mut() = fixes.iter().map(|f| f.position).collect();
        match fixes {
            [] => {}
            [only] => {
                self.base.map.set_view(&latlng(only), 16.0);
            }
            [first, ..] => {
                // Two corners, not 20,000 LatLngs for Leaflet to walk.
                let (mut sw, mut ne) = (first.position, first.position);
                for p in fixes.iter().map(|f| f.position) {
                    sw.lat = sw.lat.min(p.lat);
                    sw.lng = sw.lng.min(p.lng);
                    ne.lat = ne.lat.max(p.lat);
                    ne.lng = ne.lng.max(p.lng);
                }
                let bounds =
                    LatLngBounds::new(&LatLng::new(sw.lat, sw.lng), &LatLng::new(ne.lat, ne.lng));
                let padding = js_sys::Object::new();
                let _ = js_sys::Reflect::set(
                    &padding,
                    &"padding".into(),
                    &js_sys::Array::of2(&24.into(), &24.into()),
                );
                self.base.map.fit_bounds_with_options(&bounds, &padding);
            }
        }
        // An animated fit ends with `moveend`; an instant one may not move.
        if !fixes.is_empty() {
            self.dots.update();
        }

        let gaps = segments.iter().filter(|s| s.gap).count();
        self.base.set_data("fixes", fixes.len());
        self.base.set_data("segments", segments.len() - gaps);
        self.base.set_data("gaps", gaps);
    }

    fn draw_stops(&self, stops: &[StopMark]) {
        self.stops.clear_layers();
        let style = CircleOptions::new();
        style.set_radius(8.0);
        style.set_color("#ffffff".into());
        style.set_weight(2.0);
        style.set_fill_color(STOP_COLOUR.into());
        style.set_fill_opacity(0.9);
        for stop in stops {
            let at = LatLng::new(stop.position.lat, stop.position.lng);
            let marker = CircleMarker::new_with_options(&at, &style);
            if let Some(card) = lines_card(&stop.lines) {
                marker.unchecked_ref::<TooltipTarget>().bind_tooltip(&card);
            }
            self.stops.add_layer(&marker);
        }
        self.base.set_data("stops", stops.len());
    }

    fn select(&self, index: Option<usize>, fixes: &[Fix], title: &str, pan: bool) {
        self.dots.selected.set(index);
        let Some(fix) = index.and_then(|i| fixes.get(i)) else {
            self.dots.selection.remove();
            self.popup.close();
            self.base.remove_data("selected");
            self.dots.update();
            return;
        };
        let at = LatLng::new(fix.position.lat, fix.position.lng);
        self.dots.selection.set_lat_lng(&at);
        self.dots.selection.add_to(&self.base.map);
        // Panning redraws the dots for the new view, the selected one with them.
        if pan {
            self.base.map.pan_to_with_options(&at, &no_animation());
        }
        self.dots.update();
        if let Some(card) = fix_card(title, fix) {
            self.popup.set_content(&card);
            self.popup.set_lat_lng(&at);
            self.popup.open_on(&self.base.map);
        }
        self.base.set_data("selected", &fix.id);
    }
}
