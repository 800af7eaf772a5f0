//! The numbers beside the ring: one row per node (weight, tokens, keys and requests as bars,
//! arc share, zone, down, remove), the spread of keys and of requests against the theory and the
//! sampling floor, and the last change's movement with its from → to matrix.

use std::rc::Rc;

use sdlab_ring::model::{Event, Live, WEIGHTS};
use sdlab_sim::Table;
use sdlab_sim::units::format_grouped;
use yew::prelude::*;

use super::Send;
use crate::widgets::Downloads;

#[derive(Properties, PartialEq)]
pub(crate) struct NodesProps {
    pub live: Rc<Live>,
    pub down: Vec<u32>,
    pub send: Send,
}

fn pct(x: f64) -> String {
    format!("{:.1}%", 100.0 * x)
}

/// The node table as CSV.
fn table(live: &Live) -> Table {
    Table {
        headers: [
            "node",
            "weight",
            "tokens",
            "keys",
            "request share",
            "arc share",
            "zone",
        ]
        .map(String::from)
        .to_vec(),
        rows: live
            .rows
            .iter()
            .map(|r| {
                vec![
                    format!("node-{}", r.id),
                    r.weight.to_string(),
                    r.tokens.to_string(),
                    r.keys.to_string(),
                    format!("{:.6}", r.requests),
                    r.arc_share.map_or(String::new(), |s| format!("{s:.6}")),
                    r.zone.to_string(),
                ]
            })
            .collect(),
    }
}

#[component]
pub(crate) fn NodesCard(props: &NodesProps) -> Html {
    let live = &props.live;
    let send = &props.send;
    let max_keys = live.rows.iter().map(|r| r.keys).max().unwrap_or(1).max(1) as f64;
    let max_req = live
        .rows
        .iter()
        .map(|r| r.requests)
        .fold(0.0, f64::max)
        .max(1e-12);
    let weights = live.inputs.config.algo.supports_weights();
    html! {
        <section class="card ring-nodes" aria-labelledby="ring-nodes-title">
            <h2 id="ring-nodes-title">{ "Nodes, keys and requests" }</h2>
            <div class="button-row">
                <button type="button" id="ring-add" onclick={send.reform(|_: MouseEvent| Event::AddNode)}>{ "Add a node" }</button>
                if live.movement.is_some() {
                    <button type="button" class="secondary" id="ring-clear" onclick={send.reform(|_: MouseEvent| Event::ClearChange)}>{ "Clear the last change" }</button>
                }
            </div>
            if !weights {
                <p class="muted small">{ format!("{} does not support weights: they are kept for the other algorithms but change nothing here.", live.inputs.config.algo.label()) }</p>
            }
            <div class="table-scroll" tabindex="0" role="region" aria-label="Per-node load">
                <table class="ring-table" id="ring-node-table">
                    <thead><tr>
                        <th scope="col">{ "Node" }</th>
                        <th scope="col">{ "Weight" }</th>
                        <th scope="col" class="num">{ "Tokens" }</th>
                        <th scope="col">{ "Keys" }</th>
                        <th scope="col">{ "Requests" }</th>
                        <th scope="col" class="num">{ "Arc" }</th>
                        <th scope="col" class="num">{ "Zone" }</th>
                        <th scope="col">{ "Down" }</th>
                        <th scope="col"><span class="visually-hidden">{ "Remove" }</span></th>
                    </tr></thead>
                    <tbody>
                    { for live.rows.iter().map(|r| {
                        let id = r.id;
                        let down = props.down.contains(&id);
                        html! {
                            <tr key={id} class={classes!(down.then_some("ring-down"))}>
                                <th scope="row"><span class={format!("ring-swatch ring-c{}", id % 12)} aria-hidden="true"></span>{ format!("node-{id}") }</th>
                                <td>
                                    <select id={format!("ring-w-{id}")} aria-label={format!("Weight of node-{id}")}
                                        onchange={send.reform(move |e: Event2| Event::SetWeight(id, crate::widgets::event_value(&e).parse().unwrap_or(1.0)))}>
                                        { for WEIGHTS.iter().map(|w| html! {
                                            <option value={w.to_string()} selected={*w == r.weight}>{ format!("×{w}") }</option>
                                        }) }
                                    </select>
                                </td>
                                <td class="num">{ r.tokens }</td>
                                <td class="ring-bar-cell">
                                    <span class={format!("ring-bar ring-c{}", id % 12)} style={format!("width: {:.1}%", 100.0 * r.keys as f64 / max_keys)}></span>
                                    <span class="ring-bar-text">{ format_grouped(r.keys as f64, 0) }</span>
                                </td>
                                <td class="ring-bar-cell">
                                    <span class="ring-bar ring-req" style={format!("width: {:.1}%", 100.0 * r.requests / max_req)}></span>
                                    <span class="ring-bar-text">{ pct(r.requests) }</span>
                                </td>
                                <td class="num">{ r.arc_share.map_or("—".to_string(), pct) }</td>
                                <td class="num">{ r.zone }</td>
                                <td>
                                    <input type="checkbox" id={format!("ring-down-{id}")} checked={down}
                                        aria-label={format!("node-{id} is down")}
                                        onchange={send.reform(move |_: Event2| Event::ToggleDown(id))} />
                                </td>
                                <td>
                                    <button type="button" class="secondary small" id={format!("ring-rm-{id}")}
                                        aria-label={format!("Remove node-{id}")} disabled={live.rows.len() <= 1}
                                        onclick={send.reform(move |_: MouseEvent| Event::RemoveNode(id))}>{ "✕" }</button>
                                </td>
                            </tr>
                        }
                    }) }
                    </tbody>
                </table>
            </div>
            <Downloads name="ring-nodes" csv={Rc::new(table(live))} />
            <SpreadSummary live={live.clone()} />
        </section>
    }
}

type Event2 = yew::events::Event;

#[derive(Properties, PartialEq)]
struct SpreadProps {
    live: Rc<Live>,
}

#[component]
fn SpreadSummary(props: &SpreadProps) -> Html {
    let l = &props.live;
    let n = l.inputs.nodes.len() as f64;
    html! {
        <dl class="ring-stats" id="ring-stats">
            <div><dt>{ "Keys: rel. std. dev." }</dt><dd id="ring-rsd">{ pct(l.spread.rel_stddev) }</dd></div>
            <div><dt>{ "Keys: max / mean" }</dt><dd id="ring-max">{ format!("{:.3}", l.spread.max_over_mean) }</dd></div>
            <div><dt>{ "Sampling alone" }</dt><dd id="ring-noise">{ pct(l.noise) }<span class="muted small">{ " √((n−1)/K)" }</span></dd></div>
            <div><dt>{ "Ring theory (arcs)" }</dt><dd id="ring-theory">{ match l.theory {
                Some(t) => html! { <>{ pct(t) }<span class="muted small">{ " √((n−1)/(nv+1))" }</span></> },
                None => html! { <span class="muted">{ "— (the ring with equal weights only)" }</span> },
            } }</dd></div>
            <div><dt>{ "Requests: max / mean" }</dt><dd id="ring-req-max">{ format!("{:.3}", l.request_spread.max_over_mean) }</dd></div>
            <div><dt>{ "Hottest key" }</dt><dd>{ format!("{} of requests → node-{} (so max/mean ≥ {:.2})", pct(l.hot_share), l.hot_owner, l.hot_share * n) }</dd></div>
            <div><dt>{ "Memory" }</dt><dd>{ format!("{} bytes", format_grouped(l.memory_bytes as f64, 0)) }</dd></div>
            <div><dt>{ "Lookup" }</dt><dd>{ l.lookup_cost.clone() }</dd></div>
            <div><dt>{ "Replica sets sharing a zone" }</dt><dd>{ format!("{} of {}", l.zone_clashes, l.hashes.len().min(sdlab_ring::model::REPLICA_KEYS)) }</dd></div>
        </dl>
    }
}

#[derive(Properties, PartialEq)]
pub(crate) struct MovementProps {
    pub live: Rc<Live>,
}

/// The last change: moved vs ideal, whether it was minimal, and the from → to matrix.
#[component]
pub(crate) fn MovementCard(props: &MovementProps) -> Html {
    let l = &props.live;
    let body = match &l.movement {
        None => html! {
            <p class="muted" id="ring-moved">{ "Add or remove a node, or change a weight, to see which keys move." }</p>
        },
        Some(m) => {
            let ratio = if m.ideal > 0.0 {
                m.fraction / m.ideal
            } else {
                0.0
            };
            let big = m.ids.len() > 16;
            let max = m
                .matrix
                .iter()
                .enumerate()
                .flat_map(|(a, row)| {
                    row.iter()
                        .enumerate()
                        .filter(move |(b, _)| *b != a)
                        .map(|(_, &x)| x)
                })
                .max()
                .unwrap_or(1)
                .max(1) as f64;
            html! {
                <>
                    <p class="headline" id="ring-moved" aria-live="polite">
                        <strong>{ pct(m.fraction) }</strong>
                        <span>{ format!("of keys moved ({} of {}) after {}", format_grouped(m.moved as f64, 0), format_grouped(f64::from(l.inputs.keys), 0), m.what) }</span>
                        <span class="muted">{ format!("ideal {} — {:.2}× ideal", pct(m.ideal), ratio) }</span>
                    </p>
                    <p id="ring-minimal" class={if m.minimal { "pass-text" } else { "warn-text" }}>
                        { if m.minimal { "Minimal: every key that moved went to (or came from) the changed node." } else { "Not minimal: keys also moved between nodes the change did not touch." } }
                    </p>
                    if big {
                        <p class="muted small">{ "The matrix is shown for up to 16 nodes." }</p>
                    } else {
                        <div class="table-scroll" tabindex="0" role="region" aria-label="Movement matrix: rows are owners before, columns owners after">
                            <table class="ring-matrix" id="ring-matrix">
                                <thead><tr><th scope="col">{ "before ↓ / after →" }</th>
                                    { for m.ids.iter().map(|id| html! { <th scope="col">{ format!("n{id}") }</th> }) }
                                </tr></thead>
                                <tbody>
                                { for m.matrix.iter().enumerate().map(|(a, row)| html! {
                                    <tr>
                                        <th scope="row">{ format!("node-{}", m.ids[a]) }</th>
                                        { for row.iter().enumerate().map(|(b, &x)| {
                                            let heat = if a == b || x == 0 { 0.0 } else { 0.15 + 0.85 * x as f64 / max };
                                            html! {
                                                <td class={classes!("num", (a == b).then_some("ring-stay"))}
                                                    style={(heat > 0.0).then(|| format!("--heat: {heat:.2}"))}>{ x }</td>
                                            }
                                        }) }
                                    </tr>
                                }) }
                                </tbody>
                            </table>
                        </div>
                    }
                </>
            }
        }
    };
    html! {
        <section class="card" aria-labelledby="ring-move-title">
            <h2 id="ring-move-title">{ "What moved" }</h2>
            { body }
            <p class="muted small">{ "Ideal: the changed node's share of the weight, 1/(n+1) when a node joins n equal ones. \
                Mod-N moves about n/(n+1); jump can only drop its last bucket, so removing another one moves that bucket's keys too." }</p>
        </section>
    }
}
