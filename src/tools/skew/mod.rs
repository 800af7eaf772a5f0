//! The partition-skew page over `sdlab-skew`: a key-popularity law, a partitioning scheme (and
//! one to compare on the same stream), a per-partition capacity model; the exact theory at once,
//! the simulated stream in a warm worker that re-runs as the inputs change, and its results.

mod charts;
mod query;
mod results;

use std::rc::Rc;

use sdlab_skew::capacity::{CapSource, ThrottleModel};
use sdlab_skew::dist::DistKind;
use sdlab_skew::place::Scheme;
use sdlab_skew::run::SkewJob;
use sdlab_skew::state::{Event, Field, Preset, State};
use sdlab_skew::theory::theory;
use yew::prelude::*;

use crate::registry::ToolEntry;
use crate::tool::{Action, ToolModel, use_tool};
use crate::widgets::{Select, TextField, ToolPage};
use crate::worker::{JobState, use_auto_run, use_job};

const LEDE: &str = "How key popularity meets a partitioning scheme and DynamoDB's per-partition limits: one seeded \
    request stream through hash, consistent-hashing and range partitions side by side, with the theory beside it. \
    Hashing evens out keys, not a hot key: the partition holding it carries at least its share.";

/// How long the inputs must rest before the run re-starts, in ms.
const RERUN_DEBOUNCE_MS: u32 = 300;

pub fn page(entry: &'static ToolEntry) -> Html {
    html! { <SkewPage {entry} /> }
}

#[derive(Properties, PartialEq)]
struct PageProps {
    entry: &'static ToolEntry,
}

/// The page's event sender.
pub(crate) type Send = crate::tool::Send<State>;

fn options<T: Copy>(
    all: &[T],
    token: impl Fn(T) -> &'static str,
    label: impl Fn(T) -> &'static str,
) -> Vec<(String, String)> {
    all.iter()
        .map(|&v| (token(v).to_string(), label(v).to_string()))
        .collect()
}

/// A text field of the state, with its message.
fn field(
    state: &State,
    send: &Send,
    f: Field,
    label: &'static str,
    hint: Option<&'static str>,
) -> Html {
    html! {
        <TextField id={format!("skew-{}", f.key())} label={label} value={state.text(f).to_string()}
            error={state.error(f).map(AttrValue::from)} hint={hint.map(AttrValue::from)}
            inputmode={if f == Field::HotKeys { "text" } else { "decimal" }}
            oninput={send.reform(move |t: String| Event::Text(f, t))} />
    }
}

#[component]
fn SkewPage(props: &PageProps) -> Html {
    let model = use_tool::<State>(props.entry.slug);
    let state = &model.state;
    let send = Send::new(model.dispatcher());
    let wanted = Rc::new(state.job());
    // Inputs that come back to the job last finished or running (junk typed and undone) start
    // no new run.
    let job = use_job::<SkewJob>();
    let job = use_auto_run(job, (*wanted).clone().ok(), RERUN_DEBOUNCE_MS);
    let static_checks = use_memo((), |_| sdlab_skew::checks::static_checks());
    let config = state.config().clone();
    let t = theory(&config);
    let dismiss = {
        let model = model.clone();
        Callback::from(move |()| model.dispatch(Action::DismissLinkProblems))
    };
    let analysed = use_memo(
        (job.last.clone(), config.capacity.clone(), config.load),
        |(last, cap, load)| {
            last.as_ref()
                .map(|f| results::Analysed::new(&f.output, cap, *load))
        },
    );
    let mut checks = (*static_checks).clone();
    if let (Some(f), Some(a)) = (job.last.as_ref(), analysed.as_ref()) {
        checks.extend(sdlab_skew::checks::run_checks(&f.output, &a.named()));
    }
    let stale = state.stale();
    let dist = state.dist;
    let uses_ring = state.scheme == Scheme::Consistent || state.compare == Some(Scheme::Consistent);
    let running = matches!(job.state, JobState::Running { .. });
    let current = job
        .last
        .as_ref()
        .is_some_and(|f| wanted.as_ref().as_ref().is_ok_and(|w| *w == f.job));
    let run = {
        let start = job.start.clone();
        let wanted = wanted.clone();
        Callback::from(move |_: MouseEvent| {
            if let Ok(job) = &*wanted {
                start.emit(job.clone());
            }
        })
    };
    let cancel = {
        let cancel = job.cancel.clone();
        Callback::from(move |_: MouseEvent| {
            if running {
                cancel.emit(());
            }
        })
    };
    let status = match (&job.state, wanted.as_ref()) {
        (JobState::Running { progress, .. }, _) => html! {
            <div id="skew-status">
                <progress max="1" value={progress.to_string()} aria-label="Simulation progress"></progress>
                <span class="muted">{ format!(" {:.0}%", progress * 100.0) }</span>
            </div>
        },
        (JobState::Failed(message), _) => {
            html! { <p class="field-error" role="alert" id="skew-status">{ message.clone() }</p> }
        }
        (_, Err(reason)) => {
            html! { <p class="warn-text" id="skew-status">{ format!("Not run: {reason}.") }</p> }
        }
        (JobState::Cancelled, Ok(_)) => {
            html! { <p class="muted" id="skew-status">{ "Cancelled: press Run to simulate." }</p> }
        }
        _ => html! {},
    };
    let zipf_family = matches!(
        dist,
        DistKind::Zipf | DistKind::YcsbZipfian | DistKind::YcsbScrambled
    );
    html! {
        <ToolPage entry={props.entry} lede={LEDE} link_problems={model.link_problems.clone()} ondismiss={dismiss}
            checks={Rc::new(checks)} query={state.to_query()}>
            <div class="skew-toolbar">
                <Select id="skew-preset" label="Start from" options={options(&Preset::ALL, Preset::token, Preset::label)}
                    selected={state.preset.token().to_string()}
                    onchange={send.reform(|t: String| Event::Preset(Preset::from_token(&t).unwrap_or(Preset::Custom)))} />
                <button type="button" class="secondary" id="skew-reset" onclick={send.reform(|_: MouseEvent| Event::Reset)}>{ "Reset" }</button>
            </div>
            <div class="skew-inputs">
                <section class="card" aria-labelledby="skew-keys-title">
                    <h2 id="skew-keys-title">{ "Keys and requests" }</h2>
                    <Select id="skew-dist" label="Key popularity" options={options(&DistKind::ALL, DistKind::token, DistKind::label)}
                        selected={dist.token().to_string()}
                        onchange={send.reform(|t: String| Event::Dist(DistKind::from_token(&t).unwrap_or(DistKind::Zipf)))} />
                    { field(state, &send, Field::Keys, "Keys", Some("at most 10¹⁰; 1e6 and 1,000,000 both work")) }
                    if zipf_family {
                        { field(state, &send, Field::Theta, "Skew θ", Some("0 is uniform, 0.99 is YCSB's default; YCSB's generators need θ < 1")) }
                    }
                    if dist == DistKind::Zipf {
                        <Select id="skew-map" label="Hot keys sit" options={vec![("clustered".into(), "lowest ids (clustered)".into()), ("scattered".into(), "spread out (scattered)".into())]}
                            selected={if state.scattered { "scattered" } else { "clustered" }.to_string()}
                            onchange={send.reform(|t: String| Event::Scattered(t == "scattered"))} />
                    }
                    if dist == DistKind::Hotspot {
                        { field(state, &send, Field::HotData, "Hot set (% of keys)", None) }
                        { field(state, &send, Field::HotOps, "Requests on the hot set (%)", None) }
                    }
                    if dist == DistKind::HotKeys {
                        { field(state, &send, Field::HotKeys, "Hot keys (id:share, …)", Some("e.g. 42:0.2, 7:5%; the rest of the traffic is uniform")) }
                    }
                    { field(state, &send, Field::Writes, "Writes (% of requests)", Some(if dist.inserts() { "inserts of new, ever larger keys" } else { "updates of keys drawn like reads" })) }
                    { field(state, &send, Field::Requests, "Requests simulated", None) }
                    { field(state, &send, Field::Seed, "Seed", None) }
                </section>
                <section class="card" aria-labelledby="skew-part-title">
                    <h2 id="skew-part-title">{ "Partitioning" }</h2>
                    <Select id="skew-scheme" label="Scheme" options={options(&Scheme::ALL, Scheme::token, Scheme::label)}
                        selected={state.scheme.token().to_string()}
                        onchange={send.reform(|t: String| Event::Scheme(Scheme::from_token(&t).unwrap_or(Scheme::Hash)))} />
                    <Select id="skew-compare" label="Compare with, on the same stream"
                        options={std::iter::once(("none".to_string(), "nothing".to_string())).chain(options(&Scheme::ALL, Scheme::token, Scheme::label)).collect::<Vec<_>>()}
                        selected={query::compare_token(state.compare)}
                        onchange={send.reform(|t: String| Event::Compare(Scheme::from_token(&t)))} />
                    { field(state, &send, Field::Partitions, "Partitions", None) }
                    if uses_ring {
                        { field(state, &send, Field::Vnodes, "Tokens per partition (vnodes)", None) }
                    }
                    { field(state, &send, Field::Composite, "Partition-key values (composite key)", Some("“none”, or how many distinct values the partition part of the key has (e.g. regions)")) }
                    { field(state, &send, Field::Shards, "Write-sharding suffixes S", Some("the book's remedy: K#1…K#S; every read then asks all S")) }
                    { field(state, &send, Field::Cache, "Cache in front (hottest keys held)", Some("0 for none; reads of cached keys never reach a partition")) }
                </section>
                <section class="card" aria-labelledby="skew-cap-title">
                    <h2 id="skew-cap-title">{ "Capacity" }</h2>
                    { field(state, &send, Field::Load, "Offered load (requests/s)", None) }
                    { field(state, &send, Field::ItemKb, "Item size (KB)", Some("a strongly consistent read costs ⌈size/4 KB⌉ RCU, a write ⌈size/1 KB⌉ WCU (AWS documentation)")) }
                    <Select id="skew-model" label="Throttling" options={vec![
                            ("combined".into(), "reads + writes combined".into()),
                            ("independent".into(), "reads and writes apart".into())]}
                        selected={state.model.token().to_string()}
                        onchange={send.reform(|t: String| Event::Model(t.parse().unwrap_or(ThrottleModel::Combined)))} />
                    <p class="field-hint skew-hint" id="skew-model-hint">{ match state.model {
                        ThrottleModel::Combined => "The book's “or a combination of both”: reads/3,000 + writes/1,000 ≤ 1 per partition.",
                        ThrottleModel::Independent => "Reads and writes throttle apart, each against its own limit (AWS documentation, not the book).",
                    } }</p>
                    <Select id="skew-caps" label="Per-partition limit" options={vec![
                            ("hard".into(), "3,000 RCU/s + 1,000 WCU/s".into()),
                            ("split".into(), "table throughput ÷ partitions".into())]}
                        selected={state.caps.token().to_string()}
                        onchange={send.reform(|t: String| Event::Caps(t.parse().unwrap_or(CapSource::HardCaps)))} />
                    <p class="field-hint skew-hint" id="skew-caps-hint">{ match state.caps {
                        CapSource::HardCaps => "The hard caps alone: adaptive capacity lends a partition the table's unused throughput up to them (AWS documentation).",
                        CapSource::EqualSplit => "The book: the table's throughput “equally divided among the partitions”, at most the hard caps.",
                    } }</p>
                    if state.caps == CapSource::EqualSplit {
                        { field(state, &send, Field::TableRcu, "Table RCU/s (provisioned)", None) }
                        { field(state, &send, Field::TableWcu, "Table WCU/s (provisioned)", None) }
                    }
                    <Select id="skew-burst" label="Burst capacity (AWS documentation)" options={vec![
                            ("off".into(), "off".into()), ("on".into(), "on: 300 s of unused capacity".into())]}
                        selected={if state.burst { "on" } else { "off" }.to_string()}
                        onchange={send.reform(|t: String| Event::Burst(t == "on"))} />
                </section>
            </div>
            <results::TheoryCard theory={Rc::new(t)} partitions={config.scheme.partitions} stale={stale} />
            <section class="card" aria-labelledby="skew-run-title">
                <h2 id="skew-run-title">{ "Simulated stream" }</h2>
                <div class="button-row">
                    <button type="button" id="skew-run" onclick={run} disabled={running || wanted.is_err()}>{ "Run" }</button>
                    // Always there (and focusable), so the controls do not change under a keyboard
                    // user as runs start and end; it cancels only while a run is going.
                    <button type="button" class="secondary" id="skew-cancel" onclick={cancel}
                        aria-disabled={(!running).to_string()}>{ "Cancel" }</button>
                </div>
                { status }
                if let (Some(f), Some(a)) = (job.last.as_ref(), analysed.as_ref()) {
                    <div class={classes!("sim-results", (!current).then_some("out-of-date"))}>
                        if !current {
                            <p class="stale-note" id="skew-run-stale">{ if running { "Out of date: re-running for the changed inputs…" } else { "Out of date: these results are for earlier inputs." } }</p>
                        }
                        <results::Results report={Rc::new(f.output.clone())} analysed={Rc::new(a.clone())} compute_ms={f.compute_ms} run={f.count} />
                    </div>
                }
            </section>
        </ToolPage>
    }
}
