//! The quorum explorer over `sdlab-quorum`: the rules of W + R > N live, the consistency levels
//! over data centres, PBS's closed-form staleness, the WARS Monte Carlo (curve with its band,
//! t-visibility, latencies) and the (R, W) table with its latency–staleness frontier on a pool of
//! workers, one sampled trial drawn as messages on a timeline, and the paper's checks.

mod charts;
mod levels;
mod rules;
mod simulation;
mod table;
mod trial;

use std::rc::Rc;

use sdlab_quorum::checks::ChecksJob;
use sdlab_quorum::jobs::WarsJob;
use sdlab_quorum::levels::Level;
use sdlab_quorum::model::{Event, Field, State};
use sdlab_quorum::{Preset, Quorum};
use yew::prelude::*;

use crate::permalink::Query;
use crate::registry::ToolEntry;
use crate::theme::use_palette;
use crate::tool::{Action, ToolModel, use_tool};
use crate::widgets::ToolPage;
use crate::worker::{JobState, use_auto_run, use_job, use_pool_job};

const LEDE: &str = "How many replicas a read and a write must reach, what that tolerates, and — for partial \
    quorums — how stale, how often and at what latency, by the PBS/WARS Monte Carlo with its confidence \
    intervals, on every core.";

/// How long the inputs must rest before the Monte Carlo re-runs, in ms.
const RERUN_DEBOUNCE_MS: u32 = 300;

/// The text fields and their query keys.
const KEYS: [(Field, &str); 18] = [
    (Field::N, "n"),
    (Field::R, "r"),
    (Field::W, "w"),
    (Field::K, "k"),
    (Field::Avail, "a"),
    (Field::Dcs, "dc"),
    (Field::LambdaW, "lw"),
    (Field::LambdaA, "la"),
    (Field::LambdaR, "lr"),
    (Field::LambdaS, "ls"),
    (Field::Down, "f"),
    (Field::RepairRate, "rr"),
    (Field::Gap, "gap"),
    (Field::Trials, "m"),
    (Field::Seed, "seed"),
    (Field::Target, "q"),
    (Field::Trial, "i"),
    (Field::TrialT, "it"),
];

/// A yes/no query value.
#[derive(Clone, Copy, PartialEq)]
struct OnOff(bool);

impl std::str::FromStr for OnOff {
    type Err = String;
    fn from_str(s: &str) -> Result<Self, String> {
        match s {
            "1" | "on" => Ok(OnOff(true)),
            "0" | "off" => Ok(OnOff(false)),
            _ => Err("use 1 or 0".into()),
        }
    }
}

impl ToolModel for State {
    type Event = Event;

    fn update(&mut self, event: Event) {
        State::update(self, event);
    }

    fn from_query(q: &Query) -> (Self, Vec<String>) {
        let mut problems = Vec::new();
        let mut state = State::default();
        for (field, key) in KEYS {
            let text = q.text(key, state.field(field), &mut problems);
            state.update(Event::Set(field, text));
        }
        state.write_level = q.choice("wl", state.write_level, &mut problems);
        state.read_level = q.choice("rl", state.read_level, &mut problems);
        state.preset = q.choice("p", state.preset, &mut problems);
        state.repair = q.choice("rp", OnOff(state.repair), &mut problems).0;
        state.update(Event::Repair(state.repair));
        (state, problems)
    }

    fn to_query(&self) -> Query {
        let mut q = Query::default();
        for (field, key) in KEYS {
            q.push(key, self.field(field));
        }
        q.push("wl", self.write_level.to_string());
        q.push("rl", self.read_level.to_string());
        q.push("p", self.preset.to_string());
        q.push("rp", if self.repair { "1" } else { "0" });
        q
    }
}

pub fn page(entry: &'static ToolEntry) -> Html {
    html! { <QuorumPage {entry} /> }
}

/// The page's event sender.
pub(crate) type Send = crate::tool::Send<State>;

/// A callback setting `field` to its argument.
pub(crate) fn set(send: &Send, field: Field) -> Callback<String> {
    send.reform(move |v: String| Event::Set(field, v))
}

/// Options for a select, as (token, label).
pub(crate) fn level_options() -> Vec<(String, String)> {
    Level::ALL
        .iter()
        .map(|l| (l.token().to_string(), l.token().to_string()))
        .collect()
}

pub(crate) fn preset_options() -> Vec<(String, String)> {
    Preset::ALL
        .iter()
        .map(|p| (p.token().to_string(), p.label().to_string()))
        .collect()
}

/// "0.123 ms", "1.23 s", "never".
pub(crate) fn ms(v: f64) -> String {
    if !v.is_finite() {
        "never".into()
    } else if v >= 10_000.0 {
        format!("{:.2} s", v / 1000.0)
    } else if v >= 100.0 {
        format!("{v:.0} ms")
    } else if v >= 1.0 {
        format!("{v:.2} ms")
    } else {
        format!("{v:.3} ms")
    }
}

/// A probability as a percentage with enough digits to tell 99.9% from 99.99%.
pub(crate) fn pct(p: f64) -> String {
    if !p.is_finite() {
        "—".into()
    } else if (0.9999..1.0).contains(&p) {
        format!("{:.4}%", p * 100.0)
    } else if (0.99..1.0).contains(&p) {
        format!("{:.3}%", p * 100.0)
    } else {
        format!("{:.1}%", p * 100.0)
    }
}

/// One row of a [`grid`]: its class, the id of its second cell, its cells as text.
pub(crate) struct GridRow {
    pub class: Option<&'static str>,
    pub id: Option<&'static str>,
    pub cells: Vec<String>,
}

impl GridRow {
    pub(crate) fn new(cells: Vec<String>) -> GridRow {
        GridRow {
            class: None,
            id: None,
            cells,
        }
    }
}

/// A table of text cells (the first a row header; columns from `num_from` on numeric), inside
/// its scrolling region. Every table of the page goes through here: each `html!` costs code.
pub(crate) fn grid(
    id: &'static str,
    label: &str,
    head: &[&str],
    num_from: usize,
    rows: Vec<GridRow>,
) -> Html {
    let num = move |i: usize| (i >= num_from).then_some("num");
    html! {
        <div class="table-scroll" tabindex="0" role="region" aria-label={label.to_string()}>
            <table class={classes!("budget", format!("{id}-grid"))} id={id}>
                if !head.is_empty() {
                    <thead><tr>{ for head.iter().enumerate().map(|(i, h)| html! { <th scope="col" class={num(i)}>{ *h }</th> }) }</tr></thead>
                }
                <tbody>
                    { for rows.into_iter().map(|row| html! {
                        <tr class={row.class}>
                            { for row.cells.into_iter().enumerate().map(|(i, c)| match i {
                                0 => html! { <th scope="row">{ c }</th> },
                                1 => html! { <td class={num(i)} id={row.id}>{ c }</td> },
                                _ => html! { <td class={num(i)}>{ c }</td> },
                            }) }
                        </tr>
                    }) }
                </tbody>
            </table>
        </div>
    }
}

#[derive(Properties, PartialEq)]
struct PageProps {
    entry: &'static ToolEntry,
}

#[component]
fn QuorumPage(props: &PageProps) -> Html {
    let model = use_tool::<State>(props.entry.slug);
    let state = &model.state;
    let send = Send::new(model.dispatcher());
    let curve = use_pool_job::<WarsJob>();
    let table = use_pool_job::<WarsJob>();
    let checks_job = use_job::<ChecksJob>();
    let wanted_curve = Rc::new(state.curve_job());
    let wanted_table = Rc::new(state.table_job());

    let curve = use_auto_run(curve, wanted_curve.as_ref().clone().ok(), RERUN_DEBOUNCE_MS);
    // The table waits for the curve: the curve comes first, and the two never compete for cores.
    let curve_idle = curve.last.is_some() && curve.running.is_none();
    let table = use_auto_run(
        table,
        wanted_table.as_ref().clone().ok().filter(|_| curve_idle),
        RERUN_DEBOUNCE_MS,
    );
    // The checks run once the page's own results are in, so they never delay them.
    {
        let start = checks_job.start.clone();
        let idle = curve.last.is_some() && table.last.is_some();
        let started = use_mut_ref(|| false);
        use_effect_with(idle, move |idle| {
            if *idle && !*started.borrow() {
                *started.borrow_mut() = true;
                start.emit(ChecksJob::default());
            }
        });
    }
    let dismiss = {
        let model = model.clone();
        Callback::from(move |()| model.dispatch(Action::DismissLinkProblems))
    };
    let checks = {
        let mut all = sdlab_quorum::checks::book_checks();
        all.extend(
            checks_job
                .last
                .as_ref()
                .map(|f| f.output.clone())
                .unwrap_or_default(),
        );
        Rc::new(all)
    };
    let checks_note = html! {
        <p class="muted" id="quorum-checks-status">
            { match &checks_job.state {
                JobState::Running { progress, .. } => format!("Running the checks in a worker: {:.0}%…", progress * 100.0),
                JobState::Failed(m) => format!("The checks could not run: {m}"),
                _ if checks_job.last.is_some() => "The Monte Carlo against PBS's closed forms and the exact order statistic (100,000 trials each), \
                    and against the paper's table for its four production presets (200,000 trials each, seed 2012). An interval is our 95% \
                    interval, widened for the paper's own 50,000 (t-visibility) or 1M (latency) trials; a printed value passes when it meets it \
                    within half a unit of its last digit. The same checks are native tests.".to_string(),
                _ => "The Monte Carlo checks start once the results above are in.".to_string(),
            } }
        </p>
    };
    let shown: Quorum = state.quorum().unwrap_or(state.last_quorum);
    let spec = state.spec().ok().map(Rc::new);
    let palette = use_palette();
    let notice = use_state(|| None::<String>);
    html! {
        <ToolPage entry={props.entry} lede={LEDE} link_problems={model.link_problems.clone()} ondismiss={dismiss}
            checks={checks} checks_note={checks_note} query={state.to_query()}>
            <div class="tool-columns">
                { rules::rules_card(state, shown, &send) }
                { levels::levels_card(state, &send) }
            </div>
            { simulation::simulation_card(simulation::Sim { state, wanted: wanted_curve, job: &curve, send: &send, palette: &palette }) }
            { table::table_card(table::TableProps { wanted: wanted_table, job: &table, palette: &palette, n: shown.n, r: shown.r, w: shown.w,
                down: spec.as_ref().map_or(0, |s| s.down), target: state.target() }) }
            { trial::trial_card(trial::TrialProps { spec, seed: sdlab_quorum::model::whole(&state.seed, 0, u64::MAX).unwrap_or(1),
                trial: state.trial.clone(), trial_t: state.trial_t.clone(), trial_error: state.error(Field::Trial),
                trial_t_error: state.error(Field::TrialT), send, notice }) }
        </ToolPage>
    }
}
