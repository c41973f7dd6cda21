//! An area on a map: drawn by the admin (a circle from its centre and a
//! point on its edge, a rectangle from two opposite corners, each point a
//! click), shown with what a search found inside it, or drawn on a track.

use std::cell::Cell;
use std::rc::Rc;

use leaflet::PolylineOptions;
use leaflet::{Circle, CircleMarker, CircleOptions, LatLng, LatLngBounds, LayerGroup, Rectangle};
use leptos::html::Div;
use leptos::prelude::*;
use wasm_bindgen::{closure::Closure, JsCast, JsValue};

use super::base::{map_frame, mount, BaseMap, MapLayers, TooltipTarget};
use super::card::lines_card;
use super::StopMark;
use crate::model::area::{Area, MAX_RADIUS_M, MIN_RADIUS_M};
use crate::model::trips::distance_m;

const AREA_COLOUR: &str = "#0f766e";
const FOUND_COLOUR: &str = "#7c3aed";

/// What the next clicks on the map draw.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Shape {
    Circle,
    Rect,
}

impl Shape {
    pub fn key(self) -> &'static str {
        match self {
            Shape::Circle => "circle",
            Shape::Rect => "rect",
        }
    }

    /// What to click now, with the first point placed or not.
    fn hint(self, placed: bool) -> &'static str {
        match (self, placed) {
            (Shape::Circle, false) => {
                "Click the circle's centre on the map (Escape stops drawing)."
            }
            (Shape::Circle, true) => "Click a point on the circle's edge.",
            (Shape::Rect, false) => {
                "Click one corner of the rectangle on the map (Escape stops drawing)."
            }
            (Shape::Rect, true) => "Click the opposite corner.",
        }
    }
}

fn model_point(at: &LatLng) -> crate::model::LatLng {
    crate::model::LatLng {
        lat: at.lat(),
        lng: at.lng(),
    }
}

/// The area `shape` spans from `anchor` to `at`, kept within the limits a
/// circle has (a click too close or too far still makes a circle).
fn spanned(
    shape: Shape,
    anchor: crate::model::LatLng,
    at: crate::model::LatLng,
) -> Result<Area, String> {
    match shape {
        Shape::Circle => Area::circle(
            anchor,
            distance_m(anchor, at)
                .clamp(MIN_RADIUS_M, MAX_RADIUS_M)
                .round(),
        ),
        Shape::Rect => Area::rect(anchor, at),
    }
}

/// The area as a Leaflet layer, outlined and lightly filled.
pub(super) fn area_layer(area: &Area, dashed: bool) -> leaflet::Layer {
    match *area {
        Area::Circle { centre, radius_m } => {
            let o = CircleOptions::new();
            o.set_radius(radius_m);
            o.set_color(AREA_COLOUR.into());
            o.set_weight(2.0);
            o.set_fill_opacity(0.08);
            o.set_interactive(false);
            if dashed {
                o.set_dash_array("6 6".into());
            }
            Circle::new_with_options(&LatLng::new(centre.lat, centre.lng), &o).unchecked_into()
        }
        Area::Rect {
            south_west,
            north_east,
        } => {
            let o = PolylineOptions::new();
            o.set_color(AREA_COLOUR.into());
            o.set_weight(2.0);
            o.set_fill_opacity(0.08);
            o.set_interactive(false);
            if dashed {
                o.set_dash_array("6 6".into());
            }
            Rectangle::new_with_options(&bounds(south_west, north_east), &o).unchecked_into()
        }
    }
}

fn bounds(sw: crate::model::LatLng, ne: crate::model::LatLng) -> LatLngBounds {
    LatLngBounds::new(&LatLng::new(sw.lat, sw.lng), &LatLng::new(ne.lat, ne.lng))
}

/// Fits the map to the area with some room around it.
fn fit_area(map: &leaflet::Map, area: &Area) {
    let (sw, ne) = area.bounds();
    let padding = js_sys::Object::new();
    let _ = js_sys::Reflect::set(
        &padding,
        &"padding".into(),
        &js_sys::Array::of2(&32.into(), &32.into()),
    );
    map.fit_bounds_with_options(&bounds(sw, ne), &padding);
}

/// A map to draw an area on and see what was found in it. `drawing` is the
/// shape the next clicks draw (the page's buttons set it; it is cleared once
/// drawn, or by Escape); a drawn area goes to `on_draw`, and is shown when
/// it comes back as `area`. `found` are markers, with a card on hover.
///
/// The container carries `data-area` (the area as the URL has it),
/// `data-drawing` (the shape being drawn) and `data-found`.
#[component]
pub fn AreaMap(
    #[prop(into)] area: Signal<Option<Area>>,
    drawing: RwSignal<Option<Shape>>,
    on_draw: Callback<Area>,
    #[prop(into)] found: Signal<Vec<StopMark>>,
    #[prop(into)] label: String,
) -> impl IntoView {
    let node = NodeRef::<Div>::new();
    // What to do next, under the map while drawing.
    let hint = RwSignal::new(None::<String>);
    let mounted = mount(node, move |base| {
        AreaLayers::build(base, drawing, on_draw, hint)
    });
    let (layers, created) = (mounted.layers.clone(), mounted.created);
    Effect::new({
        let layers = layers.clone();
        move |_| {
            if !created.get() {
                return;
            }
            let area = area.get();
            layers.with(|l| l.show_area(area.as_ref()));
        }
    });
    Effect::new({
        let layers = layers.clone();
        move |_| {
            if !created.get() {
                return;
            }
            let shape = drawing.get();
            hint.set(shape.map(|s| s.hint(false).to_string()));
            layers.with(|l| l.start(shape));
        }
    });
    Effect::new(move |_| {
        if !created.get() {
            return;
        }
        found.with(|found| layers.with(|l| l.show_found(found)));
    });
    let on_key = move |ev: leptos::ev::KeyboardEvent| {
        if ev.key() == "Escape" && drawing.get_untracked().is_some() {
            ev.stop_propagation();
            drawing.set(None);
        }
    };
    view! {
        <div class="area-map" on:keydown=on_key>
            {map_frame(node, "map", label, &mounted)}
            <p class="draw-hint" role="status">{move || hint.get()}</p>
        </div>
    }
}

struct Draft {
    shape: Cell<Option<Shape>>,
    anchor: Cell<Option<crate::model::LatLng>>,
    /// The shape following the pointer once the first point is placed.
    preview: LayerGroup,
}

struct AreaLayers {
    base: BaseMap,
    area: LayerGroup,
    found: LayerGroup,
    draft: Rc<Draft>,
    shown: Cell<Option<Area>>,
    _on_click: Closure<dyn FnMut(JsValue)>,
    _on_move: Closure<dyn FnMut(JsValue)>,
}

impl MapLayers for AreaLayers {
    fn base(&self) -> &BaseMap {
        &self.base
    }
}

impl AreaLayers {
    fn build(
        base: BaseMap,
        drawing: RwSignal<Option<Shape>>,
        on_draw: Callback<Area>,
        hint: RwSignal<Option<String>>,
    ) -> Self {
        let map = base.map.clone();
        let area = LayerGroup::new();
        let found = LayerGroup::new();
        area.add_to(&map);
        found.add_to(&map);
        // A map with nothing to show yet shows the world.
        map.set_view(&LatLng::new(30.0, 0.0), 2.0);
        let draft = Rc::new(Draft {
            shape: Cell::new(None),
            anchor: Cell::new(None),
            preview: LayerGroup::new(),
        });
        draft.preview.add_to(&map);
        let on_click = {
            let draft = draft.clone();
            Closure::<dyn FnMut(JsValue)>::new(move |event: JsValue| {
                let Some(shape) = draft.shape.get() else {
                    return;
                };
                let at = model_point(&event.unchecked_into::<leaflet::MouseEvent>().lat_lng());
                match draft.anchor.get() {
                    None => {
                        draft.anchor.set(Some(at));
                        hint.set(Some(shape.hint(true).to_string()));
                    }
                    Some(anchor) => match spanned(shape, anchor, at) {
                        Ok(area) => {
                            draft.anchor.set(None);
                            draft.preview.clear_layers();
                            drawing.set(None);
                            on_draw.run(area);
                        }
                        // Too small (a double click): the second point is the first again.
                        Err(e) => {
                            draft.anchor.set(Some(at));
                            hint.set(Some(e));
                        }
                    },
                }
            })
        };
        let on_move = {
            let draft = draft.clone();
            Closure::<dyn FnMut(JsValue)>::new(move |event: JsValue| {
                let (Some(shape), Some(anchor)) = (draft.shape.get(), draft.anchor.get()) else {
                    return;
                };
                let at = model_point(&event.unchecked_into::<leaflet::MouseEvent>().lat_lng());
                draft.preview.clear_layers();
                if let Ok(area) = spanned(shape, anchor, at) {
                    draft.preview.add_layer(&area_layer(&area, true));
                }
            })
        };
        map.on("click", on_click.as_ref());
        map.on("mousemove", on_move.as_ref());
        AreaLayers {
            base,
            area,
            found,
            draft,
            shown: Cell::new(None),
            _on_click: on_click,
            _on_move: on_move,
        }
    }

    /// Draws `shape` from the next clicks, or stops drawing.
    fn start(&self, shape: Option<Shape>) {
        self.draft.shape.set(shape);
        self.draft.anchor.set(None);
        self.draft.preview.clear_layers();
        let container = &self.base.container;
        match shape {
            Some(s) => {
                self.base.set_data("drawing", s.key());
                let _ = container.class_list().add_1("drawing");
            }
            None => {
                self.base.remove_data("drawing");
                let _ = container.class_list().remove_1("drawing");
            }
        }
    }

    fn show_area(&self, area: Option<&Area>) {
        if self.shown.get().as_ref() == area {
            return;
        }
        self.shown.set(area.copied());
        self.area.clear_layers();
        match area {
            Some(area) => {
                self.area.add_layer(&area_layer(area, false));
                fit_area(&self.base.map, area);
                self.base.set_data("area", area.query());
            }
            None => self.base.remove_data("area"),
        }
    }

    fn show_found(&self, found: &[StopMark]) {
        self.found.clear_layers();
        let style = CircleOptions::new();
        style.set_radius(7.0);
        style.set_color("#ffffff".into());
        style.set_weight(2.0);
        style.set_fill_color(FOUND_COLOUR.into());
        style.set_fill_opacity(0.9);
        for mark in found {
            let marker = CircleMarker::new_with_options(
                &LatLng::new(mark.position.lat, mark.position.lng),
                &style,
            );
            if let Some(card) = lines_card(&mark.lines) {
                marker.unchecked_ref::<TooltipTarget>().bind_tooltip(&card);
            }
            self.found.add_layer(&marker);
        }
        self.base.set_data("found", found.len());
    }
}
