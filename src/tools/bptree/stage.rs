//! The stage: the tree as inline SVG (node boxes with their keys, edges from pointer slots, the
//! leaf chain) with the current step's nodes highlighted, its one-line narration, the matching
//! pseudo-code line and the invariant badge; the player (first, back, play/pause, forward,
//! last, speed; Space and the arrow keys on the stage) and the timeline across every operation
//! with marks where splits and merges happened. Past 200 nodes the drawing becomes a summary.

use sdlab_bptree::animator::{Event, SPEEDS};
use sdlab_bptree::layout::{BOX_H, Drawing, Mark};
use sdlab_bptree::trace::{StepKind, Transient};
use yew::prelude::*;

use super::Send;

#[derive(Properties, PartialEq)]
pub(crate) struct StageProps {
    pub view: super::Shown,
    pub playing: bool,
    pub speed: u32,
    pub send: Send,
}

fn mark_class(kind: StepKind) -> &'static str {
    match kind {
        StepKind::Split | StepKind::NewRoot => "bptree-mark-split",
        StepKind::Merge | StepKind::RootShrink => "bptree-mark-merge",
        _ => "bptree-mark-borrow",
    }
}

fn svg(d: &Drawing) -> Html {
    let f = |v: f64| format!("{v:.1}");
    html! {
        <svg class="bptree-svg" width="100%" style={format!("min-width: {}px; max-width: {}px", f(d.width), f(d.width * 1.6))} viewBox={format!("0 0 {} {}", f(d.width), f(d.height))}
            role="img" aria-labelledby="bptree-narration">
            <defs>
                <marker id="bptree-arrow" viewBox="0 0 8 8" refX="7" refY="4" markerWidth="6" markerHeight="6" orient="auto">
                    <path d="M0,0 L8,4 L0,8 z" class="bptree-arrowhead" />
                </marker>
            </defs>
            { for d.edges.iter().map(|e| html! {
                <line class={classes!("bptree-edge", e.active.then_some("active"))}
                    x1={f(e.x1)} y1={f(e.y1)} x2={f(e.x2)} y2={f(e.y2)} />
            }) }
            { for d.chain.iter().map(|&(x1, x2, y)| html! {
                <line class="bptree-chain" x1={f(x1 + 1.0)} y1={f(y)} x2={f(x2 - 1.0)} y2={f(y)} marker-end="url(#bptree-arrow)" />
            }) }
            { for d.nodes.iter().map(|n| {
                let class = classes!(
                    "bptree-node",
                    if n.leaf { "leaf" } else { "internal" },
                    match n.mark { Mark::Plain => None, Mark::Active => Some("active"), Mark::Transient => Some("transient") },
                );
                html! {
                    <g class={class} data-node={n.id.to_string()}>
                        <rect x={f(n.x)} y={f(n.y)} width={f(n.width())} height={f(BOX_H)} rx="3" />
                        { for n.keys.iter().enumerate().map(|(i, k)| {
                            let x = n.x + n.cell * i as f64;
                            html! {
                                <>
                                    if i > 0 {
                                        <line class="bptree-sep" x1={f(x)} y1={f(n.y)} x2={f(x)} y2={f(n.y + BOX_H)} />
                                    }
                                    <text x={f(x + n.cell / 2.0)} y={f(n.y + BOX_H / 2.0 + 4.5)}>{ k.clone() }</text>
                                </>
                            }
                        }) }
                    </g>
                }
            }) }
        </svg>
    }
}

#[component]
pub(crate) fn Stage(props: &StageProps) -> Html {
    let v = &props.view.0;
    let send = &props.send;
    let onkeydown = {
        let send = send.clone();
        Callback::from(move |e: KeyboardEvent| {
            let event = match e.key().as_str() {
                " " | "Spacebar" => Event::TogglePlay,
                "ArrowRight" => Event::Forward,
                "ArrowLeft" => Event::Back,
                "Home" => Event::First,
                "End" => Event::Last,
                _ => return,
            };
            e.prevent_default();
            send.emit(event);
        })
    };
    let speed_change = {
        let send = send.clone();
        Callback::from(move |e: yew::Event| {
            if let Ok(s) = crate::widgets::event_value(&e).parse() {
                send.emit(Event::SetSpeed(s));
            }
        })
    };
    let scrub = {
        let send = send.clone();
        Callback::from(move |e: InputEvent| {
            if let Ok(i) = crate::widgets::event_value(&e).parse::<usize>() {
                send.emit(Event::Scrub(i));
            }
        })
    };
    let (op_i, step_i) = v.cursor;
    let op_text = v.summary.as_ref().map_or_else(
        || "No operation yet: insert a key.".to_string(),
        |s| {
            format!(
                "Operation {} of {}: {} — {}",
                op_i + 1,
                v.ops,
                s.op.describe(),
                s.answer
            )
        },
    );
    let narration = v.step.as_ref().map_or_else(String::new, |s| s.text.clone());
    let transient = v.step.as_ref().and_then(|s| s.transient).map(|t| match t {
        Transient::Overflow(id) => {
            format!("node {id} is over capacity for this step: it is split next")
        }
        Transient::Underflow(id) => {
            format!("node {id} is under its minimum for this step: it borrows or merges next")
        }
    });
    let badge = if v.broken_now.is_empty() {
        html! { <span class="bptree-badge pass" id="bptree-invariants">{ format!("✓ all {} invariants hold", sdlab_bptree::check::RULES.len()) }</span> }
    } else {
        let names: Vec<String> = v.broken_now.iter().map(|b| b.rule.to_string()).collect();
        html! { <span class="bptree-badge fail" id="bptree-invariants">{ format!("✗ broken: {}", names.join(", ")) }</span> }
    };
    let line = v.step.as_ref().map(|s| usize::from(s.line));
    let last = v.ops.saturating_sub(1);
    let pct = |i: usize| {
        if last == 0 {
            50.0
        } else {
            100.0 * i as f64 / last as f64
        }
    };
    html! {
        <section class="card bptree-stage" aria-labelledby="bptree-stage-title">
            <h2 id="bptree-stage-title">{ "Step by step" }</h2>
            <p class="bptree-op" id="bptree-op">{ op_text }</p>
            <div class="bptree-player" role="group" aria-label="Player">
                <button class="secondary" id="bptree-first" onclick={send.click(Event::First)} aria-label="First step">{ "|◀" }</button>
                <button class="secondary" id="bptree-back" onclick={send.click(Event::Back)} aria-label="Step back">{ "◀ Back" }</button>
                <button id="bptree-play" onclick={send.click(Event::TogglePlay)} aria-pressed={props.playing.to_string()}>
                    { if props.playing { "⏸ Pause" } else { "▶ Play" } }
                </button>
                <button class="secondary" id="bptree-forward" onclick={send.click(Event::Forward)} aria-label="Step forward">{ "Step ▶" }</button>
                <button class="secondary" id="bptree-last" onclick={send.click(Event::Last)} aria-label="Last step">{ "▶|" }</button>
                <label class="bptree-speed">{ "Speed " }
                    <select id="bptree-speed" onchange={speed_change}>
                        { for SPEEDS.iter().map(|&s| html! { <option value={s.to_string()} selected={s == props.speed}>{ format!("{s} steps/s") }</option> }) }
                    </select>
                </label>
                <span class="muted small" id="bptree-step">{ format!("step {} of {}", step_i + 1, v.steps_in_op.max(1)) }</span>
            </div>
            if v.ops > 0 {
                <div class="bptree-timeline">
                    <label for="bptree-scrub" class="small">{ format!("Timeline: {} operations", v.ops) }</label>
                    <input type="range" id="bptree-scrub" min="0" max={last.to_string()} value={op_i.to_string()}
                        aria-valuetext={format!("operation {} of {}", op_i + 1, v.ops)} oninput={scrub} />
                    <div class="bptree-marks" aria-hidden="true">
                        { for v.marks.iter().map(|&(i, kind)| html! {
                            <span class={classes!("bptree-tick", mark_class(kind))} style={format!("left: {:.2}%", pct(i))}></span>
                        }) }
                    </div>
                    <p class="muted small bptree-legend">
                        <span class="bptree-key bptree-mark-split"></span>{ " split / new root  " }
                        <span class="bptree-key bptree-mark-merge"></span>{ " merge / root shrink  " }
                        <span class="bptree-key bptree-mark-borrow"></span>{ " borrow" }
                    </p>
                </div>
            }
            <div class="bptree-canvas" tabindex="0" role="region" aria-label="The tree (Space plays or pauses, arrow keys step)" {onkeydown}>
                if let Some(d) = &v.drawing {
                    if d.nodes.is_empty() {
                        <p class="muted">{ "The tree is empty." }</p>
                    } else {
                        { svg(d) }
                    }
                } else {
                    <div class="bptree-summary" id="bptree-summary">
                        <p>{ format!("{} nodes are too many to draw legibly: the tree by level.", v.nodes) }</p>
                        <table>
                            <thead><tr><th scope="col">{ "Level" }</th><th scope="col">{ "Nodes" }</th><th scope="col">{ "Keys" }</th><th scope="col">{ "Keys per node" }</th></tr></thead>
                            <tbody>
                                { for v.levels.iter().enumerate().map(|(i, &(nodes, keys))| html! {
                                    <tr>
                                        <th scope="row">{ if i == 0 { "root".to_string() } else if i + 1 == v.levels.len() { format!("{} (leaves)", i + 1) } else { (i + 1).to_string() } }</th>
                                        <td class="num">{ nodes }</td><td class="num">{ keys }</td>
                                        <td class="num">{ format!("{:.1}", keys as f64 / nodes.max(1) as f64) }</td>
                                    </tr>
                                }) }
                            </tbody>
                        </table>
                    </div>
                }
            </div>
            <p class="bptree-narration" id="bptree-narration" aria-live="polite">{ narration }</p>
            <p class="bptree-status">
                { badge }
                if let Some(t) = transient {
                    <span class="bptree-badge warn" id="bptree-transient">{ t }</span>
                }
            </p>
            <ol class="bptree-code" aria-label="Pseudo-code">
                { for v.pseudocode.iter().enumerate().map(|(i, text)| html! {
                    <li class={classes!((line == Some(i)).then_some("current"))} aria-current={(line == Some(i)).then_some("step")}>{ *text }</li>
                }) }
            </ol>
            <p class="muted small">{ "Click the tree, then Space plays or pauses and ← → step; going back is instant at any point of the log." }</p>
        </section>
    }
}
