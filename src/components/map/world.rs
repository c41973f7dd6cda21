//! The built-in world map: Natural Earth 1:110m land and country borders
//! (written into the build by `scripts/basemap.mjs`), drawn under the data
//! when a map has no tiles: `"tileUrl": null` in `config.json`, or a tile
//! server that cannot be reached (a proxy or a Content-Security-Policy in the
//! way). Fetched only then, beside the page like `config.json`, once per tab.

use std::cell::RefCell;

use js_sys::{Array, Object, Reflect};
use leaflet::{GeoJson, Map, Svg, SvgOptions};
use wasm_bindgen::prelude::wasm_bindgen;
use wasm_bindgen::JsValue;

/// Relative to the document's base, so a portal under a sub-path finds it.
const ASSET: &str = "basemap/world-110m.json";
/// Its own pane between the tiles' (200) and the data's overlay pane (400).
const PANE: &str = "basemap";
const PANE_Z: &str = "250";

/// Why a map shows no tiles.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum NoTiles {
    /// `config.json` sets `"tileUrl": null`.
    Off,
    /// The tile server could not be reached.
    Failed,
}

impl NoTiles {
    /// The `data-tiles` value.
    pub fn key(self) -> &'static str {
        match self {
            NoTiles::Off => "off",
            NoTiles::Failed => "failed",
        }
    }

    /// The note in the map's corner, with or without the world map drawn.
    pub fn note(self, drawn: bool) -> &'static str {
        match (self, drawn) {
            (NoTiles::Off, true) => "Map tiles are off: showing the built-in world map",
            (NoTiles::Failed, true) => {
                "Map tiles could not be loaded: showing the built-in world map"
            }
            (NoTiles::Off, false) => {
                "Map tiles are off, and the built-in world map could not be loaded"
            }
            (NoTiles::Failed, false) => "Map tiles could not be loaded, nor the built-in world map",
        }
    }
}

thread_local! {
    /// The parsed file, kept for the next map: both maps and every revisit
    /// share one download and one parse.
    static WORLD: RefCell<Option<JsValue>> = const { RefCell::new(None) };
}

/// The world map's GeoJSON (a collection of a `land` and a `borders`
/// feature). A failure is not kept, so the next map tries again.
pub async fn load() -> Result<JsValue, String> {
    if let Some(world) = WORLD.with(|w| w.borrow().clone()) {
        return Ok(world);
    }
    let response = gloo_net::http::Request::get(ASSET)
        .send()
        .await
        .map_err(|e| e.to_string())?;
    if !response.ok() {
        return Err(format!("HTTP {}", response.status()));
    }
    let text = response.text().await.map_err(|e| e.to_string())?;
    let world = js_sys::JSON::parse(&text).map_err(|_| "not JSON".to_string())?;
    WORLD.with(|w| *w.borrow_mut() = Some(world.clone()));
    Ok(world)
}

/// Draws the land and the borders in their own pane under the data, in
/// SVG: two paths, coloured by the stylesheet (`.world-land`, `.world-borders`),
/// so light and dark follow the page. Nothing on them reacts to the pointer.
pub fn draw(map: &Map, world: &JsValue) -> Result<(), String> {
    let features = Reflect::get(world, &"features".into())
        .ok()
        .filter(Array::is_array)
        .map(|f| Array::from(&f))
        .ok_or("no features")?;
    if map.get_pane_by_name(PANE).is_undefined() {
        let pane = map.create_pane_by_name(PANE);
        // CSSOM, not a style attribute: the CSP allows no inline styles.
        if let Ok(style) = Reflect::get(&pane, &"style".into()) {
            let _ = Reflect::set(&style, &"zIndex".into(), &PANE_Z.into());
        }
    }
    let renderer_options = SvgOptions::new();
    renderer_options.set_pane(PANE.into());
    let renderer = Svg::with_options(&renderer_options);
    let mut drawn = 0;
    for feature in features.iter() {
        let kind = Reflect::get(&feature, &"properties".into())
            .and_then(|p| Reflect::get(&p, &"kind".into()))
            .ok()
            .and_then(|k| k.as_string())
            .unwrap_or_default();
        let options = Object::new();
        let set = |name: &str, value: JsValue| {
            let _ = Reflect::set(&options, &name.into(), &value);
        };
        set("pane", PANE.into());
        set("renderer", renderer.clone().into());
        set("interactive", false.into());
        set("className", format!("world-{kind}").into());
        // Widths and opacities here; colours in the stylesheet.
        set("weight", if kind == "land" { 0.8 } else { 0.6 }.into());
        set("opacity", 1.0.into());
        set("fill", (kind == "land").into());
        set("fillOpacity", 1.0.into());
        if kind == "land" {
            set("attribution", "Natural Earth".into());
        }
        let layer = geo_json(&feature, &options);
        layer.add_to(map);
        drawn += 1;
    }
    if drawn == 0 {
        return Err("no features".into());
    }
    Ok(())
}

#[wasm_bindgen]
extern "C" {
    // `leaflet` 0.5 declares `L.geoJSON` but does not export it.
    #[wasm_bindgen(js_namespace = L, js_name = geoJSON)]
    fn geo_json(data: &JsValue, options: &JsValue) -> GeoJson;
}
