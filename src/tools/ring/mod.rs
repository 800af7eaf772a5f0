//! The consistent-hashing lab over `sdlab-ring`: the ring drawn in SVG with its nodes, tokens
//! and keys; add, remove, weigh and fail nodes and watch what moves; live spread of keys and of
//! Zipf requests; a key's owner and replicas; every algorithm compared on the same keys and the
//! spread-vs-vnodes sweep in a worker; the published checks.

mod compare;
mod nodes;
mod query;
mod ring_svg;
mod sweep;

use std::rc::Rc;

use sdlab_ring::algo::Algo;
use sdlab_ring::jobs::{CompareJob, SweepJob};
use sdlab_ring::model::{Event, Live, State, lookup};
use sdlab_sim::hash::KeyHash;
use yew::prelude::*;

use crate::registry::ToolEntry;
use crate::tool::{Action, use_tool};
use crate::widgets::{Select, TextField, ToolPage};
use crate::worker::{use_auto_run, use_job};

const LEDE: &str = "Nodes and keys hashed onto a 64-bit circle; the next node clockwise owns a key. Add, remove, \
    weigh or fail a node and see which keys move and how evenly the load spreads, for the ring with virtual nodes \
    and six other schemes on the same keys: mod-N, rendezvous, jump, Maglev, multi-probe and bounded loads.";

/// How long inputs must rest before the jobs re-run, in ms: past the ring's 1.2 s animation,
/// so a re-run's start-up does not share its frames.
const RERUN_DEBOUNCE_MS: u32 = 1_300;
/// Seeds per point of the vnode sweep.
const SWEEP_SEEDS: u32 = 8;

pub fn page(entry: &'static ToolEntry) -> Html {
    html! { <RingLab {entry} /> }
}

/// The page's event sender.
pub(crate) type Send = crate::tool::Send<State>;

#[derive(Properties, PartialEq)]
struct PageProps {
    entry: &'static ToolEntry,
}

/// A text field: id, label, input mode, text, message, hint, the event it sends.
type Field = (
    &'static str,
    &'static str,
    &'static str,
    String,
    Option<String>,
    Option<AttrValue>,
    fn(String) -> Event,
);

/// The setup card's text fields, in order.
fn field_list(s: &State, e: sdlab_ring::model::Errors) -> Vec<Field> {
    let hint = |h: &'static str| Some(AttrValue::Static(h));
    vec![
        (
            "ring-vnodes",
            "Virtual nodes per node",
            "numeric",
            s.vnodes_text.clone(),
            e.vnodes,
            hint("ring and bounded loads; × weight"),
            Event::SetVnodes,
        ),
        (
            "ring-keys",
            "Keys",
            "numeric",
            s.keys_text.clone(),
            e.keys,
            hint("key-0 … key-(K−1), up to 100,000"),
            Event::SetKeys,
        ),
        (
            "ring-seed",
            "Hash seed",
            "numeric",
            s.seed_text.clone(),
            e.seed,
            None,
            Event::SetSeed,
        ),
        (
            "ring-probes",
            "Probes (multi-probe)",
            "numeric",
            s.probes_text.clone(),
            e.probes,
            None,
            Event::SetProbes,
        ),
        (
            "ring-table",
            "Maglev table size",
            "numeric",
            s.table_text.clone(),
            e.table,
            hint("a prime, e.g. 65537"),
            Event::SetTable,
        ),
        (
            "ring-epsilon",
            "Bounded loads ε",
            "decimal",
            s.epsilon_text.clone(),
            e.epsilon,
            hint("no node above ⌈(1+ε)·K/n⌉"),
            Event::SetEpsilon,
        ),
        (
            "ring-theta",
            "Request popularity Zipf θ",
            "decimal",
            s.theta_text.clone(),
            e.theta,
            hint("0 = every key alike; 0.99 as in YCSB"),
            Event::SetTheta,
        ),
        (
            "ring-replicas",
            "Replicas R",
            "numeric",
            s.replicas_text.clone(),
            e.replicas,
            None,
            Event::SetReplicas,
        ),
        (
            "ring-zones",
            "Zones",
            "numeric",
            s.zones_text.clone(),
            e.zones,
            hint("1 = no zone-aware placement"),
            Event::SetZones,
        ),
    ]
}

#[component]
fn RingLab(props: &PageProps) -> Html {
    let model = use_tool::<State>(props.entry.slug);
    let state = &model.state;
    let send = Send::new(model.dispatcher());
    let inputs = state.inputs().clone();
    let live = use_memo(inputs.clone(), |i| Live::compute(i).map(Rc::new));
    let checks = use_memo((), |_| sdlab_ring::checks::checks());
    let sweep_job = use_job::<SweepJob>();
    let compare_job = use_job::<CompareJob>();
    let sweep_wanted = SweepJob {
        nodes: (inputs.nodes.len() as u32).max(2),
        seeds: SWEEP_SEEDS,
        seed: inputs.config.seed,
        hash: inputs.config.hash,
    };
    let compare_wanted = (inputs.nodes.len() >= 2).then(|| CompareJob {
        config: inputs.config.clone(),
        nodes: inputs.nodes.clone(),
        keys: inputs.keys,
    });
    let sweep_job = use_auto_run(sweep_job, Some(sweep_wanted.clone()), RERUN_DEBOUNCE_MS);
    let compare_job = use_auto_run(compare_job, compare_wanted.clone(), RERUN_DEBOUNCE_MS);
    let lookup = use_memo(
        (
            inputs.clone(),
            state.lookup_text.clone(),
            state.down.clone(),
        ),
        |(i, key, down)| lookup(i, key, down),
    );
    let dismiss = {
        let model = model.clone();
        Callback::from(move |()| model.dispatch(Action::DismissLinkProblems))
    };
    let errors = state.errors();
    let algo = state.algo;
    let fields = field_list(state, errors.clone());
    let checks_note = html! {
        <p class="muted">{ "Reference outputs are compared exactly; simulated figures within the sampling tolerance each row states. \
            The theory rows are standard results, not from the book; the book (System Design on AWS, ch. 3, “Consistent hashing”) \
            describes the ring and its property that only a fraction of the data moves, without numbers." }</p>
    };
    let (live_html, ring_html) = match &*live {
        Ok(l) => (
            html! {
                <>
                    <nodes::NodesCard live={l.clone()} down={state.down.clone()} send={send.clone()} />
                    <nodes::MovementCard live={l.clone()} />
                </>
            },
            html! {
                <ring_svg::RingView live={l.clone()} zoom={state.zoom} pan={state.pan}
                    marker={lookup.as_ref().as_ref().ok().map(|k| (k.turn, k.owner))} send={send.clone()} />
            },
        ),
        Err(e) => (
            html! {},
            html! { <p class="field-error" role="alert" id="ring-error">{ format!("Cannot build this configuration: {e}") }</p> },
        ),
    };
    html! {
        <ToolPage entry={props.entry} lede={LEDE} link_problems={model.link_problems.clone()} ondismiss={dismiss}
            checks={Rc::clone(&checks)} checks_note={checks_note} query={crate::tool::ToolModel::to_query(state)}>
            <div class="tool-columns ring-top">
                <section class="card" aria-labelledby="ring-ring-title">
                    <h2 id="ring-ring-title">{ "The ring" }</h2>
                    if state.stale() {
                        <p class="stale-note" id="ring-stale">{ "Showing results for the last valid inputs: fix the field marked below." }</p>
                    }
                    if let Some(m) = &errors.config {
                        <p class="field-error" role="alert">{ m.clone() }</p>
                    }
                    { ring_html }
                </section>
                <div class="col">
                    <SetupCard algo={algo} hash={state.hash} fields={fields} send={send.clone()} />
                    <KeyLookup text={state.lookup_text.clone()} result={lookup.clone()} send={send.clone()} />
                </div>
            </div>
            { live_html }
            <compare::CompareCard job={compare_job} wanted={compare_wanted} />
            <sweep::SweepCard job={sweep_job} wanted={sweep_wanted} />
            <Presets servers={state.servers_text.clone()} key_text={state.client_key_text.clone()} send={send.clone()} />
            <Definitions />
        </ToolPage>
    }
}

#[derive(Properties, PartialEq)]
struct SetupProps {
    algo: Algo,
    hash: KeyHash,
    fields: Vec<Field>,
    send: Send,
}

/// The algorithm, hash and text fields: a component of its own, so a change elsewhere on the
/// page (a node added) does not rebuild its fields.
#[component]
fn SetupCard(props: &SetupProps) -> Html {
    let send = &props.send;
    let algo_options: Vec<(String, String)> = Algo::ALL
        .iter()
        .map(|a| (a.name().to_string(), a.label().to_string()))
        .collect();
    let hash_options: Vec<(String, String)> = KeyHash::ALL
        .iter()
        .map(|h| (h.name().to_string(), h.name().to_string()))
        .collect();
    html! {
        <section class="card" aria-labelledby="ring-setup-title">
            <h2 id="ring-setup-title">{ "Algorithm and keys" }</h2>
            <div class="field-row">
                <Select id="ring-algo" label="Algorithm" selected={props.algo.name().to_string()} options={algo_options}
                    onchange={send.reform(|v: String| Event::SetAlgo(v.parse().unwrap_or_default()))} />
                <Select id="ring-hash" label="Hash" selected={props.hash.name().to_string()} options={hash_options}
                    onchange={send.reform(|v: String| Event::SetHash(KeyHash::from_name(&v).unwrap_or_default()))} />
            </div>
            <div class="field-row ring-fields">
                { for props.fields.iter().cloned().map(|f| html! {
                    <TextField id={f.0} label={f.1} inputmode={f.2} value={f.3} error={f.4.map(AttrValue::from)}
                        hint={f.5} oninput={send.reform(f.6)} />
                }) }
            </div>
            <button type="button" class="secondary" id="ring-reset" onclick={send.reform(|_: MouseEvent| Event::Reset)}>{ "Reset to defaults" }</button>
        </section>
    }
}

#[derive(Properties, PartialEq)]
struct LookupProps {
    text: String,
    result: Rc<Result<sdlab_ring::model::Lookup, String>>,
    send: Send,
}

#[component]
fn KeyLookup(props: &LookupProps) -> Html {
    html! {
        <section class="card" aria-labelledby="ring-lookup-title">
            <h2 id="ring-lookup-title">{ "Where does this key go?" }</h2>
            <TextField id="ring-lookup" label="Key" inputmode="text" free_text=true value={props.text.clone()}
                hint="any text, hashed as UTF-8 with the chosen hash and seed" oninput={props.send.reform(Event::SetLookup)} />
            { match &*props.result {
                Ok(l) => html! {
                    <dl class="ring-stats" id="ring-lookup-result" aria-live="polite">
                        <div><dt>{ "Hash" }</dt><dd><code>{ format!("{:016x}", l.hash) }</code>{ format!(" ({:.2}° round the ring)", l.turn * 360.0) }</dd></div>
                        <div><dt>{ "Owner" }</dt><dd id="ring-lookup-owner"><strong>{ format!("node-{}", l.owner) }</strong></dd></div>
                        <div><dt>{ "Replicas" }</dt><dd id="ring-lookup-replicas">{ l.replicas.iter().map(|(id, z)| format!("node-{id} (zone {z})")).collect::<Vec<_>>().join(", ") }</dd></div>
                        <div><dt>{ "Served by" }</dt><dd id="ring-lookup-serving">{ match l.serving {
                            Some(id) if id == l.owner => format!("node-{id}, its owner"),
                            Some(id) => format!("node-{id}: the owner is down, so the next replica up serves it (a hinted write waits for the owner)"),
                            None => "nobody: every replica is down".to_string(),
                        } }</dd></div>
                    </dl>
                },
                Err(e) => html! { <p class="muted">{ format!("No lookup: {e}") }</p> },
            } }
            <p class="muted small">{ "Replicas are the ring's preference list: the next R distinct nodes clockwise (Dynamo, Cassandra's SimpleStrategy), \
                one per zone first when zones > 1 (NetworkTopologyStrategy). A node that is down keeps its keys: nothing moves, the next replica serves." }</p>
        </section>
    }
}

#[derive(Properties, PartialEq)]
struct PresetsProps {
    servers: String,
    key_text: String,
    send: Send,
}

/// Where a memcached ketama client and Cassandra put a key.
#[component]
fn Presets(props: &PresetsProps) -> Html {
    let (server, token) = sdlab_ring::model::presets(&props.servers, &props.key_text);
    html! {
        <section class="card" aria-labelledby="ring-presets-title">
            <h2 id="ring-presets-title">{ "Where your client puts a key" }</h2>
            <div class="field-row">
                <TextField id="ring-servers" label="memcached servers (ketama)" inputmode="text" value={props.servers.clone()}
                    error={server.as_ref().err().map(|e| AttrValue::from(e.clone()))} hint="host:port,host:port,… in your client's order"
                    oninput={props.send.reform(Event::SetServers)} />
                <TextField id="ring-ckey" label="Key" inputmode="text" free_text=true value={props.key_text.clone()}
                    oninput={props.send.reform(Event::SetClientKey)} />
            </div>
            <dl class="ring-stats">
                <div><dt>{ "ketama server" }</dt><dd id="ring-ketama">{ server.clone().unwrap_or_else(|_| "—".into()) }</dd></div>
                <div><dt>{ "Cassandra Murmur3 token" }</dt><dd id="ring-token"><code>{ token }</code></dd></div>
            </dl>
            <p class="muted small">{ "ketama as libketama and memcached clients define it: 40 MD5 digests of “server-i” per server, four little-endian 32-bit points each, \
                the key's point the first four bytes of MD5(key), the first point at or after it wins (equal weights). \
                Cassandra's token: the first 64 bits of MurmurHash3 x64-128, seed 0, signed, with Cassandra's sign extension of tail bytes ≥ 0x80 \
                (for such keys it differs from the reference hash) [production systems' definitions]." }</p>
        </section>
    }
}

#[component]
fn Definitions() -> Html {
    html! {
        <section class="card" aria-labelledby="ring-defs-title">
            <h2 id="ring-defs-title">{ "Definitions and sources" }</h2>
            <ul class="facts">
                <li>{ "The ring: each node gets positions from a hash; a key belongs to the node closest clockwise; adding or removing a node remaps only a fraction of the data. " }
                    <span class="cite">{ "[book, ch. 3, “Consistent hashing”]" }</span></li>
                <li>{ "Tokens: node-i's j-th token is H(“node-i” ‖ 0x00 ‖ j as u32 LE); a key equal to a token belongs to it; equal tokens are ordered by node id. Keys are “key-0”, “key-1”, …; hashes are xxHash64 by default, seeded." }</li>
                <li>{ "Spread is the population relative standard deviation of keys per node; the arc column is each node's exact share of the circle. With K keys, counts alone scatter by √((n−1)/K). " }
                    <span class="cite">{ "[derived]" }</span></li>
                <li>{ "Rendezvous: the highest mix64(k ⊕ H(node)) wins; weighted, the smallest −ln(u)/w, so a node wins with probability w/Σw. Jump: Lamping & Veach's loop, buckets numbered 0…n−1. Maglev: a prime table filled in turns from each backend's permutation (Eisenbud et al., section 3.4). Multi-probe: one token a node, the closest of k probes. Bounded loads: capacity ⌈(1+ε)·K·w/Σw⌉, keys placed in key order and forwarded clockwise when full. " }
                    <span class="cite">{ "[standard results, not from the book]" }</span></li>
                <li>{ "Requests: key-i is the (i+1)-th most popular, with Zipf(θ) share P(i+1). The node holding the hottest key carries at least its share p₁ whatever the vnode count, so request max/mean ≥ p₁·n." }</li>
                <li>{ "Compatibility: `sdlab ring ketama --servers … --key …` gives the memcached server a ketama client picks (libketama: 160 MD5 points a server on a 32-bit circle); `sdlab ring token --key …` Cassandra's Murmur3Partitioner token." }</li>
            </ul>
        </section>
    }
}
