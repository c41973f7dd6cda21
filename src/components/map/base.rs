//! What every map shares: Leaflet loaded, the map created once its container
//! has mounted (canvas renderer, tiles from the runtime config), kept sized
//! to its container, and removed with the component.

use std::cell::RefCell;
use std::rc::Rc;

use leaflet::{Map, MapOptions, TileLayer, TileLayerOptions};
use leptos::html::Div;
use leptos::prelude::*;
use send_wrapper::SendWrapper;
use wasm_bindgen::{closure::Closure, JsCast, JsValue};
use web_sys::{HtmlElement, ResizeObserver};

use super::loader::ensure_leaflet;
use crate::config::Config;

pub struct BaseMap {
    pub map: Map,
    pub container: HtmlElement,
    observer: Option<ResizeObserver>,
    _on_resize: Closure<dyn FnMut(JsValue)>,
}

impl BaseMap {
    fn create(el: &HtmlElement, config: &Config) -> Result<BaseMap, String> {
        let options = MapOptions::new();
        // One canvas for every vector layer: thousands of points stay smooth.
        options.set_prefer_canvas(true);
        let map = Map::new_with_element(el, &options)
            .map_err(|e| format!("The map could not be created: {}", js_text(&e)))?;
        let tiles = TileLayerOptions::new();
        tiles.set_attribution(config.tile_attribution.clone());
        tiles.set_max_zoom(19.0);
        TileLayer::new_options(&config.tile_url, &tiles).add_to(&map);
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
            observer,
            _on_resize: on_resize,
        })
    }

    /// A `data-` attribute on the container: what was drawn, for tests and tools.
    pub fn set_data(&self, name: &str, value: impl ToString) {
        let _ = self
            .container
            .set_attribute(&format!("data-{name}"), &value.to_string());
    }

    pub fn remove_data(&self, name: &str) {
        let _ = self.container.remove_attribute(&format!("data-{name}"));
    }

    fn destroy(&self) {
        if let Some(o) = &self.observer {
            o.disconnect();
        }
        self.map.remove();
    }
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
            match BaseMap::create(&el, &config) {
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
    }
}

/// The map's container with "Loading map…" or the failure over it.
pub fn map_frame(
    node: NodeRef<Div>,
    class: &'static str,
    label: String,
    created: RwSignal<bool>,
    failure: RwSignal<Option<String>>,
) -> impl IntoView {
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
