//! The ring itself as inline SVG: each node's owned arcs and token ticks in its colour, keys as
//! dots (or a density band), the looked-up key's marker, and the keys that moved in the last
//! change sliding to their new owner (a CSS animation the browser runs, no script per frame).
//! Zoom and pan are controls beside it; arcs are clickable (the node table's buttons do the same
//! from the keyboard).

use std::rc::Rc;

use sdlab_ring::model::{Event, Live, ZOOMS};
use sdlab_ring::view::{self, Geometry, R_MOVED, SIZE};
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
                if let Some(d) = &g.density {
                    <path class="ring-density" d={d.clone()} />
                }
                { for g.dots.iter().map(|d| html! {
                    <circle class={format!("ring-dot ring-c{}", d.colour)} cx={format!("{:.2}", d.x)} cy={format!("{:.2}", d.y)} r={format!("{dot_r:.2}")}>
                        <title>{ format!("key-{} → node-{}", d.index, d.owner) }</title>
                    </circle>
                }) }
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
            // The moving keys in a layer of their own, so each frame repaints them alone.
            if let Some(key) = change_key {
                <svg class="ring-overlay" viewBox={g.view_box.clone()} aria-hidden="true" key={key}>
                    // Each key is a one-dot dash on the circle of its lane (the path starts at
                    // 3 o'clock, so 0° at the top is 270 along it); the dash offset moves it.
                    { for g.moved.iter().map(|m| html! {
                        <circle class={format!("ring-mv ring-c{}", m.to_colour)} pathLength="360"
                            cx={c.to_string()} cy={c.to_string()} r={R_MOVED.to_string()}
                            style={format!("--d0: {:.3}; --d1: {:.3}; --c0: var(--ring-{}); stroke-width: {:.2}",
                                -(m.from_deg + 270.0), -(m.to_deg + 270.0), m.from_colour, dot_r * 2.6)} />
                    }) }
                </svg>
            }
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
