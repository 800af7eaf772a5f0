//! The ring itself as inline SVG: each node's owned arcs and token ticks in its colour, keys as
//! dots (or a density band), the looked-up key's marker, and the keys that moved in the last
//! change sliding to their new owner, drawn on a canvas over the SVG frame by frame (hundreds of
//! animated SVG elements cost the browser a style pass each frame; a canvas costs one fill per
//! colour).
//! Zoom and pan are controls beside it; arcs are clickable (the node table's buttons do the same
//! from the keyboard).

use std::cell::{Cell, RefCell};
use std::rc::Rc;

use sdlab_ring::model::{Event, Live, ZOOMS};
use sdlab_ring::view::{self, Geometry, MovedDot, SIZE};
use wasm_bindgen::JsCast;
use wasm_bindgen::prelude::Closure;
use yew::prelude::*;

use super::Send;
use crate::widgets::{Select, Slider};

#[derive(Properties, PartialEq)]
pub(crate) struct RingProps {
    pub live: Rc<Live>,
    pub zoom: u32,
    pub pan: u32,
    /// The looked-up key's place, 0 to 1 turn, and its owner.
    pub marker: Option<(f64, u32)>,
    pub send: Send,
}

#[component]
pub(crate) fn RingView(props: &RingProps) -> Html {
    let geometry = {
        let (live, zoom, pan) = (props.live.clone(), props.zoom, props.pan);
        use_memo((live, zoom, pan), |(live, zoom, pan)| {
            Geometry::new(live, *zoom, *pan)
        })
    };
    let g = &*geometry;
    let send = &props.send;
    // A new change restarts the animation: its elements get a new key.
    let change_key = props.live.movement.as_ref().map(|m| {
        format!(
            "mv-{}-{}-{}",
            m.what,
            m.moved,
            props.live.inputs.nodes.len()
        )
    });
    let c = SIZE / 2.0;
    let stroke = 13.0 / f64::from(props.zoom).sqrt();
    let dot_r = 2.2 / f64::from(props.zoom).sqrt();
    let overlay = use_node_ref();
    let palette = use_mut_ref(|| None::<Rc<Palette>>);
    let last_change = use_mut_ref(|| None::<String>);
    {
        let (overlay, palette) = (overlay.clone(), palette.clone());
        use_effect_with(
            (change_key.clone(), geometry.clone()),
            move |(key, geometry)| {
                let known = palette.borrow().clone();
                let known = known.or_else(|| {
                    // The first run, as the view mounts: read the colours and size the canvas.
                    if let (Some(canvas), Some(window)) = (
                        overlay.cast::<web_sys::HtmlCanvasElement>(),
                        web_sys::window(),
                    ) {
                        fit(&canvas, &window);
                    }
                    let read = Palette::read(&overlay).map(Rc::new);
                    palette.borrow_mut().clone_from(&read);
                    read
                });
                // A new change slides; a new zoom or pan of the same change redraws the keys
                // where they arrived, and no change clears the canvas (nothing has moved).
                let fresh = key.is_some() && *last_change.borrow() != *key;
                last_change.borrow_mut().clone_from(key);
                let slide = known.and_then(|palette| {
                    Slide::start(&overlay, geometry.clone(), palette, dot_r * 1.3, fresh)
                });
                move || drop(slide)
            },
        );
    }
    let title = format!(
        "{} of {} nodes; {}",
        props.live.inputs.config.algo.label(),
        props.live.inputs.nodes.len(),
        g.note
    );
    html! {
        <figure class="ring-figure">
            <div class="field-row ring-controls">
                <Select id="ring-zoom" label="Zoom" selected={props.zoom.to_string()}
                    options={ZOOMS.iter().map(|z| (z.to_string(), format!("{z}×"))).collect::<Vec<_>>()}
                    onchange={send.reform(|v: String| Event::SetZoom(v.parse().unwrap_or(1)))} />
                <Slider id="ring-pan" label="Look at" min={0.0} max={359.0} step={1.0}
                    value={f64::from(props.pan)} value_text={format!("{}°", props.pan)}
                    oninput={send.reform(|v: f64| Event::SetPan(v.round().clamp(0.0, 359.0) as u32))} />
            </div>
            <div class="ring-stack">
            <svg id="ring-svg" class="ring-svg" viewBox={g.view_box.clone()} role="img" aria-label={title.clone()}
                style={format!("--ring-stroke: {stroke:.2}")}>
                <circle class="ring-track" cx={c.to_string()} cy={c.to_string()} r={view::R_ARCS.to_string()} />
                // Each keyed list in an element of its own: among other children, Yew's
                // flattened list is diffed by position and a new node would replace every group.
                <g class="ring-groups">
                { for g.nodes.iter().map(|n| {
                    let id = n.id;
                    html! {
                        <g class={format!("ring-node ring-c{}", n.colour)} key={format!("n{id}")}>
                            <path class="ring-arc" d={n.arcs.clone()} onclick={send.reform(move |_: MouseEvent| Event::RemoveNode(id))}>
                                <title>{ format!("node-{id}: click to remove") }</title>
                            </path>
                            <path class="ring-tick" d={n.ticks.clone()} />
                        </g>
                    }
                }) }
                </g>
                if let Some(d) = &g.density {
                    <path class="ring-density" d={d.clone()} />
                }
                <g class="ring-dots">
                { for g.dots.iter().map(|d| html! {
                    <circle class={format!("ring-dot ring-c{}", d.colour)} cx={format!("{:.2}", d.x)} cy={format!("{:.2}", d.y)} r={format!("{dot_r:.2}")}>
                        <title>{ format!("key-{} → node-{}", d.index, d.owner) }</title>
                    </circle>
                }) }
                </g>
                if let Some((turn, owner)) = props.marker {
                    <g class={format!("ring-marker ring-c{}", owner % view::COLOURS)}>
                        { marker_path(turn) }
                    </g>
                }
                <text class="ring-centre" x={c.to_string()} y={(c - 6.0).to_string()} text-anchor="middle">
                    { format!("{} nodes", props.live.inputs.nodes.len()) }
                </text>
                <text class="ring-centre small" x={c.to_string()} y={(c + 12.0).to_string()} text-anchor="middle">
                    { format!("{} keys", props.live.inputs.keys) }
                </text>
            </svg>
            // The moving keys on a canvas of their own, redrawn each frame by `Slide`.
            <canvas class="ring-overlay" ref={overlay} aria-hidden="true" data-moving={g.moved.len().to_string()}></canvas>
            </div>
            <figcaption class="muted small" id="ring-caption">
                { format!("0° (hash 0) at the top, clockwise to 2⁶⁴. {}.", capitalise(&g.note)) }
                if !g.has_arcs {
                    { " This algorithm has no arcs: its owners are scattered over the circle, so only the keys are drawn in their owners' colours." }
                }
                if !g.moved.is_empty() {
                    { format!(" The inner lane shows the {} keys that moved sliding to their new owner.", g.moved.len()) }
                }
            </figcaption>
        </figure>
    }
}

fn capitalise(s: &str) -> String {
    let mut c = s.chars();
    c.next()
        .map(|f| f.to_ascii_uppercase().to_string() + c.as_str())
        .unwrap_or_default()
}

/// A triangle pointing at `turn` just outside the arcs, and a spoke to the centre.
fn marker_path(turn: f64) -> Html {
    let (x0, y0) = view::point(turn, view::R_ARCS + 9.0);
    let (xa, ya) = view::point(turn - 0.006, view::R_ARCS + 20.0);
    let (xb, yb) = view::point(turn + 0.006, view::R_ARCS + 20.0);
    let (xs, ys) = view::point(turn, 60.0);
    html! {
        <>
            <path class="ring-spoke" d={format!("M{xs:.2} {ys:.2}L{x0:.2} {y0:.2}")} />
            <path class="ring-pin" d={format!("M{x0:.2} {y0:.2}L{xa:.2} {ya:.2}L{xb:.2} {yb:.2}Z")} />
        </>
    }
}

/// How long the moved keys take to reach their new owner, in ms (long enough to follow a key).
const SLIDE_MS: f64 = 1_200.0;
/// Frames a slide waits before its clock starts: the change's own frame and the next.
const WAIT_FRAMES: u8 = 2;

/// The node colours as the stylesheet defines them (`--ring-0` …), for the canvas, which cannot
/// read custom properties; read once, when the view mounts, so a change's frame never waits for
/// a style pass.
#[derive(Clone, Debug, PartialEq)]
pub(crate) struct Palette {
    colours: Vec<String>,
    still: Option<web_sys::MediaQueryList>,
}

impl Palette {
    fn read(canvas: &NodeRef) -> Option<Palette> {
        let window = web_sys::window()?;
        let element = canvas.cast::<web_sys::Element>()?;
        let style = window.get_computed_style(&element).ok().flatten()?;
        let colours = (0..view::COLOURS)
            .map(|i| {
                style
                    .get_property_value(&format!("--ring-{i}"))
                    .ok()
                    .map(|v| v.trim().to_string())
                    .filter(|v| !v.is_empty())
                    .unwrap_or_else(|| "gray".into())
            })
            .collect();
        let still = window
            .match_media("(prefers-reduced-motion: reduce)")
            .ok()
            .flatten();
        Some(Palette { colours, still })
    }

    /// Whether the reader asked for reduced motion (then the keys are drawn where they arrive).
    fn still(&self) -> bool {
        self.still.as_ref().is_some_and(|m| m.matches())
    }
}

/// The moved keys' slide on the overlay canvas: the keys drawn where they start in the change's
/// own frame, then, [`WAIT_FRAMES`] frames on, one animation-frame callback a frame until
/// [`SLIDE_MS`] have passed; then the keys stay drawn where they arrived (at once when not
/// `animate`, or when the reader asked for reduced motion). The canvas's `data-slide` says
/// `running` from the slide's first frame and `done` after its last. Dropping it stops the
/// animation (a newer change, or the page going away).
struct Slide {
    frame: Rc<Cell<Option<i32>>>,
    tick: Rc<RefCell<Option<Tick>>>,
}

/// The per-frame callback, given the frame's time in ms.
type Tick = Closure<dyn FnMut(f64)>;

/// Sizes the canvas's pixels to its box on screen, unless they already match: a new size
/// reallocates the bitmap, which costs more than a frame's drawing, so the view does it when it
/// mounts and a change's first frame only checks.
fn fit(canvas: &web_sys::HtmlCanvasElement, window: &web_sys::Window) {
    let ratio = window.device_pixel_ratio().max(1.0);
    let w = (f64::from(canvas.client_width().max(1)) * ratio).round() as u32;
    let h = (f64::from(canvas.client_height().max(1)) * ratio).round() as u32;
    if canvas.width() != w || canvas.height() != h {
        canvas.set_width(w);
        canvas.set_height(h);
    }
}

/// The canvas ready to draw on, and the scale from view-box units to its pixels.
fn prepare(
    canvas: &web_sys::HtmlCanvasElement,
    window: &web_sys::Window,
    geometry: &Geometry,
) -> Option<(web_sys::CanvasRenderingContext2d, f64)> {
    fit(canvas, window);
    let ctx = canvas
        .get_context("2d")
        .ok()
        .flatten()?
        .dyn_into::<web_sys::CanvasRenderingContext2d>()
        .ok()?;
    let _ = ctx.set_transform(1.0, 0.0, 0.0, 1.0, 0.0, 0.0);
    Some((ctx, f64::from(canvas.width()) / geometry.window.2))
}

/// Clears the whole canvas.
fn clear(ctx: &web_sys::CanvasRenderingContext2d) {
    if let Some(canvas) = ctx.canvas() {
        ctx.clear_rect(
            0.0,
            0.0,
            f64::from(canvas.width()),
            f64::from(canvas.height()),
        );
    }
}

/// The moved keys at `progress` of their slide: the old owner's colour at full strength, the new
/// one's over it by the eased progress; one path (in the canvas's pixels) and one fill per colour
/// and pass (the eased progress computed once a frame, not once a key).
fn draw(
    ctx: &web_sys::CanvasRenderingContext2d,
    geometry: &Geometry,
    palette: &Palette,
    (radius, scale): (f64, f64),
    progress: f64,
) {
    clear(ctx);
    let eased = view::ease_in_out(progress);
    let (left, top, _) = geometry.window;
    let r = radius * scale;
    let points: Vec<(f64, f64)> = geometry
        .moved
        .iter()
        .map(|d| {
            let (x, y) = d.at_eased(eased);
            ((x - left) * scale, (y - top) * scale)
        })
        .collect();
    for (pass, alpha) in [(0, 1.0), (1, eased)] {
        if alpha <= 0.0 {
            continue;
        }
        ctx.set_global_alpha(alpha);
        for (i, colour) in palette.colours.iter().enumerate() {
            let of = |d: &MovedDot| {
                if pass == 0 {
                    d.from_colour
                } else {
                    d.to_colour
                }
            };
            ctx.begin_path();
            let mut any = false;
            for (d, &(x, y)) in geometry.moved.iter().zip(&points) {
                if of(d) as usize == i {
                    ctx.move_to(x + r, y);
                    let _ = ctx.arc(x, y, r, 0.0, std::f64::consts::TAU);
                    any = true;
                }
            }
            if any {
                ctx.set_fill_style_str(colour);
                ctx.fill();
            }
        }
    }
    ctx.set_global_alpha(1.0);
}

impl Slide {
    fn start(
        canvas: &NodeRef,
        geometry: Rc<Geometry>,
        palette: Rc<Palette>,
        radius: f64,
        animate: bool,
    ) -> Option<Slide> {
        let canvas = canvas.cast::<web_sys::HtmlCanvasElement>()?;
        let window = web_sys::window()?;
        let slide = Slide {
            frame: Rc::new(Cell::new(None)),
            tick: Rc::new(RefCell::new(None)),
        };
        let (frame, tick) = (slide.frame.clone(), slide.tick.clone());
        let mut ready: Option<(web_sys::CanvasRenderingContext2d, f64)> = None;
        let mut started: Option<f64> = None;
        let still = !animate || palette.still();
        let window_for_tick = window.clone();
        // A slide waits: the first callback runs in the frame that draws the change itself (the
        // new arcs and tables) and draws the keys where they start; the browser then rasterizes
        // that frame, which on a slow machine takes about a frame more. The slide's clock starts
        // after both, so no frame of the slide shares the change's work.
        let mut waiting = if still { 0 } else { WAIT_FRAMES };
        *slide.tick.borrow_mut() = Some(Closure::new(move |now: f64| {
            if ready.is_none() {
                ready = prepare(&canvas, &window_for_tick, &geometry);
            }
            let Some((ctx, scale)) = &ready else {
                return;
            };
            // While it waits, the keys drawn where they start in the first frame stay as they are.
            let (progress, redraw) = if still {
                (1.0, true)
            } else if waiting > 0 {
                let first = waiting == WAIT_FRAMES;
                waiting -= 1;
                (0.0, first)
            } else {
                let t0 = *started.get_or_insert_with(|| {
                    let _ = canvas.set_attribute("data-slide", "running");
                    now
                });
                (((now - t0) / SLIDE_MS).clamp(0.0, 1.0), true)
            };
            if redraw {
                draw(ctx, &geometry, &palette, (radius, *scale), progress);
            }
            if progress >= 1.0 {
                let _ = canvas.set_attribute("data-slide", "done");
                frame.set(None);
                return;
            }
            frame.set(None);
            if let Some(f) = tick.borrow().as_ref() {
                frame.set(
                    window_for_tick
                        .request_animation_frame(f.as_ref().unchecked_ref())
                        .ok(),
                );
            }
        }));
        if let Some(f) = slide.tick.borrow().as_ref() {
            slide.frame.set(
                window
                    .request_animation_frame(f.as_ref().unchecked_ref())
                    .ok(),
            );
        }
        Some(slide)
    }
}

impl Drop for Slide {
    fn drop(&mut self) {
        if let (Some(id), Some(window)) = (self.frame.take(), web_sys::window()) {
            let _ = window.cancel_animation_frame(id);
        }
        // The closure holds clones of `tick` and `frame`: taking it breaks the cycle.
        drop(self.tick.borrow_mut().take());
    }
}
