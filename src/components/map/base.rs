//! What every map shares: Leaflet loaded, the map created once its container
//! has mounted (canvas renderer, tiles from the runtime config, or the
//! built-in world map when there are none or they cannot be loaded), kept
//! sized to its container, and removed with the component.

use std::cell::{Cell, RefCell};
use std::rc::{Rc, Weak};
use std::time::Duration;

use leaflet::{Map, MapOptions, TileLayer, TileLayerOptions};
use leptos::html::Div;
use leptos::prelude::*;
use send_wrapper::SendWrapper;
use wasm_bindgen::{closure::Closure, JsCast, JsValue};
use web_sys::{HtmlElement, ResizeObserver};

use super::loader::ensure_leaflet;
use super::world::{self, NoTiles};
use crate::config::Config;

/// Tile errors, with no tile loaded yet, after which the tile server counts
/// as unreachable: a first view asks for a dozen tiles or more, all failing.
const FAILED_TILES: u32 = 4;
/// A proxy that holds requests fails no tile for minutes: this long after
/// the first tile was asked for, with none loaded, counts as failed too.
const STALLED_TILES: Duration = Duration::from_secs(10);

pub struct BaseMap {
    pub map: Map,
    pub container: HtmlElement,
    ground: Rc<Ground>,
    observer: Option<ResizeObserver>,
    _on_resize: Closure<dyn FnMut(JsValue)>,
    _on_tiles: Vec<Closure<dyn FnMut(JsValue)>>,
}

/// What is under the data: the tiles, until they fail, then the world map.
/// The container carries `data-tiles` (`off`, `failed`) and `data-basemap`
/// (`world` once drawn, `failed` if its file could not be loaded).
struct Ground {
    map: Map,
    container: HtmlElement,
    tiles: RefCell<Option<TileLayer>>,
    errors: Cell<u32>,
    loaded: Cell<bool>,
    asked: Cell<bool>,
    without: Cell<Option<NoTiles>>,
    removed: Cell<bool>,
    note: RwSignal<Option<&'static str>>,
}

impl Ground {
    /// Drops the tiles (no more requests to a server that cannot answer)
    /// and draws the world map under the data, saying so in the corner.
    fn without_tiles(self: &Rc<Self>, why: NoTiles) {
        if self.removed.get() || self.without.get().is_some() {
            return;
        }
        self.without.set(Some(why));
        set_data_on(&self.container, "tiles", why.key());
        let ground = self.clone();
        // Later, not inside Leaflet's own tile event: the layer goes away.
        wasm_bindgen_futures::spawn_local(async move {
            if let Some(tiles) = ground.tiles.borrow_mut().take() {
                tiles.remove();
            }
            let world = world::load().await;
            if ground.removed.get() {
                return;
            }
            let drawn = world.and_then(|w| world::draw(&ground.map, &w));
            if let Err(e) = &drawn {
                web_sys::console::warn_1(
                    &format!("The built-in world map could not be drawn ({e})").into(),
                );
            }
            let value = if drawn.is_ok() { "world" } else { "failed" };
            set_data_on(&ground.container, "basemap", value);
            ground.note.try_set(Some(why.note(drawn.is_ok())));
        });
    }

    /// Watches the tile layer: enough errors before any tile has loaded, or
    /// none loaded for a while after the first was asked for, mean the
    /// tiles cannot be reached. Once one tile has loaded they never count
    /// as failed (a tile missing here and there is the server's business).
    fn watch(self: &Rc<Self>, tiles: &TileLayer) -> Vec<Closure<dyn FnMut(JsValue)>> {
        let weak = Rc::downgrade(self);
        let handler = |f: fn(&Rc<Ground>, &Weak<Ground>)| {
            let weak = weak.clone();
            Closure::<dyn FnMut(JsValue)>::new(move |_| {
                if let Some(ground) = weak.upgrade() {
                    f(&ground, &weak);
                }
            })
        };
        let on_error = handler(|ground, _| {
            ground.errors.set(ground.errors.get() + 1);
            if !ground.loaded.get() && ground.errors.get() >= FAILED_TILES {
                ground.without_tiles(NoTiles::Failed);
            }
        });
        let on_load = handler(|ground, _| ground.loaded.set(true));
        let on_start = handler(|ground, weak| {
            if ground.asked.replace(true) {
                return;
            }
            let weak = weak.clone();
            set_timeout(
                move || {
                    if let Some(ground) = weak.upgrade() {
                        if !ground.loaded.get() {
                            ground.without_tiles(NoTiles::Failed);
                        }
                    }
                },
                STALLED_TILES,
            );
        });
        tiles.on("tileerror", on_error.as_ref());
        tiles.on("tileload", on_load.as_ref());
        tiles.on("tileloadstart", on_start.as_ref());
        vec![on_error, on_load, on_start]
    }
}

impl BaseMap {
    fn create(
        el: &HtmlElement,
        config: &Config,
        note: RwSignal<Option<&'static str>>,
    ) -> Result<BaseMap, String> {
        let options = MapOptions::new();
        // One canvas for every vector layer: thousands of points stay smooth.
        options.set_prefer_canvas(true);
        let map = Map::new_with_element(el, &options)
            .map_err(|e| format!("The map could not be created: {}", js_text(&e)))?;
        let ground = Rc::new(Ground {
            map: map.clone(),
            container: el.clone(),
            tiles: RefCell::new(None),
            errors: Cell::new(0),
            loaded: Cell::new(false),
            asked: Cell::new(false),
            without: Cell::new(None),
            removed: Cell::new(false),
            note,
        });
        let mut on_tiles = Vec::new();
        match &config.tile_url {
            Some(url) => {
                let options = TileLayerOptions::new();
                options.set_attribution(config.tile_attribution.clone());
                options.set_max_zoom(19.0);
                let tiles = TileLayer::new_options(url, &options);
                on_tiles = ground.watch(&tiles);
                tiles.add_to(&map);
                *ground.tiles.borrow_mut() = Some(tiles);
            }
            None => ground.without_tiles(NoTiles::Off),
        }
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
        Ok(BaseMap {
            map,
            container: el.clone(),
            ground,
            observer,
            _on_resize: on_resize,
            _on_tiles: on_tiles,
        })
    }

    /// A `data-` attribute on the container: what was drawn, for tests and tools.
    pub fn set_data(&self, name: &str, value: impl ToString) {
        set_data_on(&self.container, name, value);
    }

    pub fn remove_data(&self, name: &str) {
        let _ = self.container.remove_attribute(&format!("data-{name}"));
    }

    fn destroy(&self) {
        self.ground.removed.set(true);
        if let Some(o) = &self.observer {
            o.disconnect();
        }
        self.map.remove();
    }
}

fn set_data_on(el: &HtmlElement, name: &str, value: impl ToString) {
    let _ = el.set_attribute(&format!("data-{name}"), &value.to_string());
}

/// A map component's own layers on top of its [`BaseMap`].
pub trait MapLayers: 'static {
    fn base(&self) -> &BaseMap;
}

/// The layers of one component; `Rc` because Leaflet objects live on the JS
/// side and are not `Send`, wrapped so effects and cleanup may hold them.
pub struct Shared<V>(SendWrapper<Rc<RefCell<Option<V>>>>);

impl<V> Clone for Shared<V> {
    fn clone(&self) -> Self {
        Shared(self.0.clone())
    }
}

impl<V: MapLayers> Shared<V> {
    pub fn with(&self, f: impl FnOnce(&V)) {
        if let Some(v) = self.0.borrow().as_ref() {
            f(v);
        }
    }
}

/// A mounted map: its layers once created, and its state for the overlay.
pub struct Mounted<V> {
    pub layers: Shared<V>,
    pub created: RwSignal<bool>,
    pub failure: RwSignal<Option<String>>,
    /// Said in the map's corner when it shows no tiles.
    pub note: RwSignal<Option<&'static str>>,
}

/// Creates the map when Leaflet has loaded and `node` has mounted, builds
/// the component's layers with `build`, and removes it all on cleanup.
pub fn mount<V: MapLayers>(
    node: NodeRef<Div>,
    build: impl Fn(BaseMap) -> V + 'static,
) -> Mounted<V> {
    let config = expect_context::<Config>();
    let ready = LocalResource::new(ensure_leaflet);
    let layers = Shared(SendWrapper::new(Rc::new(RefCell::new(None::<V>))));
    let created = RwSignal::new(false);
    let failure = RwSignal::new(None::<String>);
    let note = RwSignal::new(None::<&'static str>);
    let attached = Trigger::new();
    Effect::new({
        let layers = layers.clone();
        move |_| {
            if created.get_untracked() {
                return;
            }
            let Some(el) = node.get() else { return };
            attached.track();
            // A view can be built before it is put in the page (a
            // `Transition` swaps it in later); a map made then has no size
            // and fits its data at the wrong zoom. Try again next frame.
            if !el.is_connected() {
                request_animation_frame(move || attached.notify());
                return;
            }
            match ready.get() {
                Some(Ok(())) => {}
                Some(Err(e)) => return failure.set(Some(e)),
                None => return,
            }
            match BaseMap::create(&el, &config, note) {
                Ok(base) => {
                    *layers.0.borrow_mut() = Some(build(base));
                    created.set(true);
                }
                Err(e) => failure.set(Some(e)),
            }
        }
    });
    let on_leave = layers.clone();
    on_cleanup(move || {
        if let Some(v) = on_leave.0.borrow_mut().take() {
            v.base().destroy();
        }
    });
    Mounted {
        layers,
        created,
        failure,
        note,
    }
}

/// The map's container with "Loading map…" or the failure over it, and a
/// corner note when there are no tiles (a live region from the start, so
/// the note is announced when it comes).
pub fn map_frame<V>(
    node: NodeRef<Div>,
    class: &'static str,
    label: String,
    mounted: &Mounted<V>,
) -> impl IntoView {
    let (created, failure, note) = (mounted.created, mounted.failure, mounted.note);
    view! {
        <div class="map-frame">
            <div node_ref=node class=class role="region" aria-label=label tabindex="0"></div>
            {move || match (failure.get(), created.get()) {
                (Some(e), _) => Some(view! { <p class="map-status" role="alert">{e}</p> }.into_any()),
                (None, false) => Some(view! { <p class="map-status" role="status">"Loading map…"</p> }.into_any()),
                _ => None,
            }}
            <p class="map-note" role="status">{move || note.get()}</p>
        </div>
    }
}

pub fn no_animation() -> JsValue {
    let options = js_sys::Object::new();
    let _ = js_sys::Reflect::set(&options, &"animate".into(), &false.into());
    options.into()
}

fn js_text(value: &JsValue) -> String {
    value
        .dyn_ref::<js_sys::Error>()
        .map(|e| String::from(e.message()))
        .or_else(|| value.as_string())
        .unwrap_or_else(|| "unknown error".into())
}

#[wasm_bindgen::prelude::wasm_bindgen]
extern "C" {
    /// Any layer Leaflet can bind a tooltip to.
    pub type TooltipTarget;
    // `leaflet` 0.5 binds this as `bindTooltipWithContent`, which Leaflet lacks.
    #[wasm_bindgen(method, js_name = bindTooltip)]
    pub fn bind_tooltip(this: &TooltipTarget, content: &HtmlElement);

    // `leaflet` 0.5's `DivIcon::new` constructs an `L.Icon`, which needs an image.
    #[wasm_bindgen(js_namespace = L, js_name = divIcon)]
    pub fn div_icon(options: &leaflet::DivIconOptions) -> leaflet::Icon;
}
