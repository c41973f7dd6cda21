use std::cell::RefCell;
use std::rc::Rc;

use leaflet::{
    CircleMarker, CircleOptions, DivIconOptions, FeatureGroup, LatLng, LatLngBounds, Map, Marker,
    MarkerOptions, Point, Popup, PopupOptions,
};
use leptos::html::Div;
use leptos::prelude::*;
use wasm_bindgen::{closure::Closure, JsValue};

use super::base::{div_icon, map_frame, mount, no_animation, BaseMap, MapLayers};
use super::card::{device_card, device_list_card};
use crate::model::{cluster, Cluster, Fix, Freshness};

/// A device's latest fix, as the fleet map draws it.
#[derive(Clone, Debug, PartialEq)]
pub struct FleetPoint {
    pub name: String,
    /// The device's page.
    pub href: String,
    pub fix: Fix,
    pub freshness: Freshness,
}

/// Grid cell, in screen pixels, within which devices share a cluster.
const CLUSTER_CELL: f64 = 56.0;
const INDEX: &str = "fleetIndex";

pub fn colour(freshness: Freshness) -> &'static str {
    match freshness {
        Freshness::Fresh => "#16a34a",
        Freshness::Today => "#2563eb",
        Freshness::Older => "#6b7280",
        Freshness::NoFix => "#9ca3af",
    }
}

/// A cluster's badge: its count in a disc, ringed by the share of each
/// fix age (freshest first, clockwise from the top), so a cluster of mostly
/// stale devices with one fresh one does not look fresh. SVG presentation
/// attributes, not inline styles: the CSP allows no `style` attribute.
/// `named`: the mix in words ("3 within the hour, 1 older"), the badge's name.
fn cluster_badge(n: usize, mix: &[usize; 4], named: &str) -> String {
    // A circle of circumference 100: dash lengths are percentages.
    const R: f64 = 15.915_494;
    let mut ring = String::new();
    let mut start = 0.0;
    for (f, count) in Freshness::ALL.iter().zip(mix) {
        if *count == 0 {
            continue;
        }
        let share = *count as f64 * 100.0 / n.max(1) as f64;
        ring.push_str(&format!(
            r#"<circle class="ring ring-{}" cx="21" cy="21" r="{R}" fill="none" stroke="{}" stroke-width="6" stroke-dasharray="{share:.3} {:.3}" stroke-dashoffset="{:.3}" data-share="{share:.3}"/>"#,
            f.key(),
            colour(*f),
            100.0 - share,
            25.0 - start,
        ));
        start += share;
    }
    format!(
        r#"<svg class="cluster-ring" viewBox="0 0 42 42" role="img" aria-label="{n} devices ({named})"><circle class="cluster-core" cx="21" cy="21" r="12.5"/>{ring}<text class="cluster-count" x="21" y="21" text-anchor="middle" dominant-baseline="central">{n}</text></svg>"#
    )
}

/// The latest fix of many devices: one canvas circle per device coloured by
/// the fix's age, clustered (re-clustered at every zoom) where they crowd;
/// a cluster zooms in when clicked, a device opens a popup with a link.
///
/// The container carries `data-markers` (devices drawn), `data-clusters`
/// and `data-singles` (what the current zoom shows) and `data-zoom`.
#[component]
pub fn FleetMap(points: Signal<Vec<FleetPoint>>, #[prop(into)] label: String) -> impl IntoView {
    let node = NodeRef::<Div>::new();
    let mounted = mount(node, FleetLayers::build);
    let (layers, created) = (mounted.layers.clone(), mounted.created);
    Effect::new(move |_| {
        if created.get() {
            let points = points.get();
            layers.with(|l| l.draw(points));
        }
    });
    map_frame(node, "map map-fleet", label, &mounted)
}

struct FleetLayers {
    base: BaseMap,
    inner: Rc<Inner>,
    _on_zoom: Closure<dyn FnMut(JsValue)>,
    _on_single: Closure<dyn FnMut(JsValue)>,
    _on_cluster: Closure<dyn FnMut(JsValue)>,
}

impl MapLayers for FleetLayers {
    fn base(&self) -> &BaseMap {
        &self.base
    }
}

/// What the event handlers share with the component.
struct Inner {
    map: Map,
    container: web_sys::HtmlElement,
    singles: FeatureGroup,
    clusters: FeatureGroup,
    popup: Popup,
    points: RefCell<Vec<FleetPoint>>,
    shown: RefCell<Vec<Cluster>>,
    /// Centre and zoom after the map last fitted itself to the points; a
    /// view that differs was chosen by the user, and later draws keep it.
    fitted: std::cell::Cell<Option<(f64, f64, f64)>>,
}

fn index_of(event: &JsValue) -> Option<usize> {
    js_sys::Reflect::get(event, &"layer".into())
        .and_then(|layer| js_sys::Reflect::get(&layer, &INDEX.into()))
        .ok()
        .and_then(|i| i.as_f64())
        .map(|i| i as usize)
}

impl FleetLayers {
    fn build(base: BaseMap) -> FleetLayers {
        let singles = FeatureGroup::new();
        let clusters = FeatureGroup::new();
        singles.add_to(&base.map);
        clusters.add_to(&base.map);
        let inner = Rc::new(Inner {
            map: base.map.clone(),
            container: base.container.clone(),
            singles,
            clusters,
            popup: Popup::new(&PopupOptions::new(), None),
            points: RefCell::default(),
            shown: RefCell::default(),
            fitted: Default::default(),
        });
        let on_zoom = {
            let inner = inner.clone();
            Closure::<dyn FnMut(JsValue)>::new(move |_| inner.recluster())
        };
        base.map.on("zoomend", on_zoom.as_ref());
        let on_single = {
            let inner = inner.clone();
            Closure::<dyn FnMut(JsValue)>::new(move |event: JsValue| {
                if let Some(i) = index_of(&event) {
                    inner.open(i);
                }
            })
        };
        inner.singles.on("click", on_single.as_ref());
        let on_cluster = {
            let inner = inner.clone();
            Closure::<dyn FnMut(JsValue)>::new(move |event: JsValue| {
                if let Some(i) = index_of(&event) {
                    inner.zoom_into(i);
                }
            })
        };
        inner.clusters.on("click", on_cluster.as_ref());
        FleetLayers {
            base,
            inner,
            _on_zoom: on_zoom,
            _on_single: on_single,
            _on_cluster: on_cluster,
        }
    }

    /// Draws `points`; the view follows them (fits them) until the user
    /// moves the map, so a map that fills in while loading stays put.
    fn draw(&self, points: Vec<FleetPoint>) {
        self.base.set_data("markers", points.len());
        let corners: js_sys::Array = points.iter().map(|p| latlng(&p.fix)).collect();
        *self.inner.points.borrow_mut() = points;
        self.inner.popup.close();
        if self.inner.follows_points() {
            match corners.length() {
                0 => {
                    self.base.map.set_view_with_options(
                        &LatLng::new(20.0, 0.0),
                        2.0,
                        &no_animation(),
                    );
                }
                1 => {
                    self.base.map.set_view_with_options(
                        &corners.get(0).into(),
                        15.0,
                        &no_animation(),
                    );
                }
                _ => {
                    let bounds = LatLngBounds::new_from_list(&corners);
                    let options = padding();
                    // At once, so the view read back below is the new one.
                    let _ = js_sys::Reflect::set(&options, &"animate".into(), &false.into());
                    self.base.map.fit_bounds_with_options(&bounds, &options);
                }
            }
            self.inner.fitted.set(Some(self.inner.view()));
        }
        // fitBounds only fires `zoomend` when the zoom changes.
        self.inner.recluster();
    }
}

impl Inner {
    fn view(&self) -> (f64, f64, f64) {
        let centre = self.map.get_center();
        (centre.lat(), centre.lng(), self.map.get_zoom())
    }

    /// Nothing drawn yet, or the view is still the one last fitted.
    fn follows_points(&self) -> bool {
        self.fitted.get().is_none_or(|fitted| {
            let now = self.view();
            (fitted.0 - now.0).abs() < 1e-9 && (fitted.1 - now.1).abs() < 1e-9 && fitted.2 == now.2
        })
    }

    fn recluster(&self) {
        let points = self.points.borrow();
        let positions: Vec<_> = points.iter().map(|p| p.fix.position).collect();
        let clusters = cluster(&positions, self.map.get_zoom(), CLUSTER_CELL);
        self.singles.clear_layers();
        self.clusters.clear_layers();
        let mut singles = 0;
        for (ci, c) in clusters.iter().enumerate() {
            if let [only] = c.members[..] {
                let p = &points[only];
                let style = CircleOptions::new();
                style.set_radius(7.0);
                style.set_color("#ffffff".into());
                style.set_weight(2.0);
                style.set_fill_color(colour(p.freshness).into());
                style.set_fill_opacity(1.0);
                let marker = CircleMarker::new_with_options(&latlng(&p.fix), &style);
                let _ = js_sys::Reflect::set(&marker, &INDEX.into(), &(only as f64).into());
                self.singles.add_layer(&marker);
                singles += 1;
                continue;
            }
            let mix = Freshness::ALL.map(|f| {
                c.members
                    .iter()
                    .filter(|&&i| points[i].freshness == f)
                    .count()
            });
            let n = c.members.len();
            let size = if n < 10 {
                34.0
            } else if n < 100 {
                40.0
            } else {
                48.0
            };
            let named = Freshness::ALL
                .iter()
                .zip(mix)
                .filter(|(_, count)| *count > 0)
                .map(|(f, count)| format!("{count} {}", f.label().to_lowercase()))
                .collect::<Vec<_>>()
                .join(", ");
            let icon = DivIconOptions::new();
            // Counts and our own labels: no API text goes into this HTML.
            icon.set_html(cluster_badge(n, &mix, &named));
            // Leaflet's own `leaflet-div-icon` class is replaced, not kept.
            icon.set_class_name("cluster".to_string());
            icon.set_icon_size(Point::new(size, size));
            let options = MarkerOptions::new();
            options.set_icon(div_icon(&icon));
            options.set_title(format!("{n} devices ({named}): zoom in"));
            options.set_alt(format!("{n} devices"));
            let at = LatLng::new(c.centre.lat, c.centre.lng);
            let marker = Marker::new_with_options(&at, &options);
            let _ = js_sys::Reflect::set(&marker, &INDEX.into(), &(ci as f64).into());
            self.clusters.add_layer(&marker);
        }
        let _ = self
            .container
            .set_attribute("data-clusters", &(clusters.len() - singles).to_string());
        let _ = self
            .container
            .set_attribute("data-singles", &singles.to_string());
        let _ = self
            .container
            .set_attribute("data-zoom", &self.map.get_zoom().to_string());
        *self.shown.borrow_mut() = clusters;
    }

    fn open(&self, index: usize) {
        let points = self.points.borrow();
        let Some(p) = points.get(index) else { return };
        if let Some(card) = device_card(&p.name, &p.href, &p.fix) {
            self.popup.set_content(&card);
            self.popup.set_lat_lng(&latlng(&p.fix));
            self.popup.open_on(&self.map);
        }
    }

    /// Zooms to the cluster's devices; where they cannot be told apart
    /// (the same spot at the highest zoom) lists them in a popup instead.
    fn zoom_into(&self, index: usize) {
        // Borrows end before Leaflet moves: `zoomend` re-clusters synchronously.
        let corners: js_sys::Array = {
            let (shown, points) = (self.shown.borrow(), self.points.borrow());
            let Some(c) = shown.get(index) else { return };
            if self.map.get_zoom() >= MAX_ZOOM {
                let members: Vec<&FleetPoint> = c.members.iter().map(|&i| &points[i]).collect();
                if let Some(card) = device_list_card(&members) {
                    self.popup.set_content(&card);
                    self.popup
                        .set_lat_lng(&LatLng::new(c.centre.lat, c.centre.lng));
                    self.popup.open_on(&self.map);
                }
                return;
            }
            c.members.iter().map(|&i| latlng(&points[i].fix)).collect()
        };
        let options = padding();
        let _ = js_sys::Reflect::set(&options, &"maxZoom".into(), &MAX_ZOOM.into());
        self.map
            .fit_bounds_with_options(&LatLngBounds::new_from_list(&corners), &options);
    }
}

const MAX_ZOOM: f64 = 18.0;

fn latlng(f: &Fix) -> LatLng {
    LatLng::new(f.position.lat, f.position.lng)
}

fn padding() -> JsValue {
    let options = js_sys::Object::new();
    let _ = js_sys::Reflect::set(
        &options,
        &"padding".into(),
        &js_sys::Array::of2(&32.into(), &32.into()),
    );
    options.into()
}
