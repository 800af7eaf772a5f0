//! The PBS Monte Carlo card: latency preset (or exponential rates), replicas down, read repair,
//! exact k versions, trials, seed and target; the run's state on the worker pool; the curve with
//! its band, the t-visibility with its interval and the latency percentiles of the same trials.

use std::rc::Rc;

use sdlab_quorum::Preset;
use sdlab_quorum::jobs::WarsJob;
use sdlab_quorum::model::{CURVE_POINTS, Event, Field, State};
use sdlab_quorum::report::{Report, auto_times};
use sdlab_quorum::schema::PbsJson;
use yew::prelude::*;

use super::charts::{CurveChart, QuorumChart};
use super::{GridRow, Send, grid, ms, pct, preset_options, set};
use crate::theme::css_rgb;
use crate::widgets::{Downloads, PlotCanvas, Select, TextField};
use crate::worker::{JobHandle, JobState, pool_size};
use sdlab_charts::Palette;

/// The job's status line.
pub(crate) fn status(
    job: &JobHandle<WarsJob>,
    wanted: &Result<WarsJob, String>,
    id: &'static str,
    what: &str,
) -> Html {
    match (&job.state, wanted) {
        (
            JobState::Running {
                progress,
                on_main_thread,
            },
            _,
        ) => html! {
            <div id={id}>
                <progress max="1" value={progress.to_string()} aria-label={format!("{what} progress")}></progress>
                <span class="muted">{ format!(" {:.0}% {}", progress * 100.0,
                    if *on_main_thread { "(on the page: workers are unavailable)".to_string() } else { format!("on {} worker{}", pool_size(), if pool_size() == 1 { "" } else { "s" }) }) }</span>
            </div>
        },
        (JobState::Failed(m), _) => {
            html! { <p class="field-error" role="alert" id={id}>{ m.clone() }</p> }
        }
        (_, Err(reason)) => {
            html! { <p class="warn-text" id={id}>{ format!("Not run: {reason}.") }</p> }
        }
        (JobState::Cancelled, _) => {
            html! { <p class="muted" id={id}>{ if job.last.is_some() { "Cancelled: the results below are from the previous run." } else { "Cancelled before a result." } }</p> }
        }
        (JobState::Idle, _) if job.last.is_none() => {
            html! { <p class="muted" id={id}>{ "Starting…" }</p> }
        }
        _ => html! {},
    }
}

/// One button that runs, and cancels while running: the same element either way, so keyboard
/// focus stays on it when a run starts or ends.
pub(crate) fn run_button(
    id: &'static str,
    label: &'static str,
    running: bool,
    blocked: bool,
    run: Callback<MouseEvent>,
    cancel: Callback<MouseEvent>,
) -> Html {
    html! {
        <button type="button" id={id} class={classes!(running.then_some("secondary"))} onclick={if running { cancel } else { run }}
            disabled={!running && blocked}>{ if running { "Cancel" } else { label } }</button>
    }
}

pub(crate) struct Sim<'a> {
    pub state: &'a State,
    pub wanted: Rc<Result<WarsJob, String>>,
    pub job: &'a JobHandle<WarsJob>,
    pub send: &'a Send,
    pub palette: &'a Palette,
}

pub(crate) fn simulation_card(props: Sim<'_>) -> Html {
    let s = props.state;
    let send = props.send;
    let job = props.job;
    let palette = props.palette;
    let err = |f: Field| s.error(f).map(AttrValue::from);
    let run = {
        let start = job.start.clone();
        let wanted = props.wanted.clone();
        Callback::from(move |_: MouseEvent| {
            if let Ok(j) = &*wanted {
                start.emit(j.clone());
            }
        })
    };
    let cancel = job.cancel.reform(|_: MouseEvent| ());
    let running = matches!(job.state, JobState::Running { .. });
    let preset = {
        let send = send.clone();
        Callback::from(move |v: String| {
            if let Ok(p) = Preset::parse(&v) {
                send.emit(Event::Preset(p));
            }
        })
    };
    let repair = {
        let send = send.clone();
        let on = s.repair;
        Callback::from(move |_: Event2| send.emit(Event::Repair(!on)))
    };
    let current = job
        .last
        .as_ref()
        .is_some_and(|f| props.wanted.as_ref().as_ref().is_ok_and(|w| *w == f.job));
    let results = job.last.as_ref().map(|f| {
        let k = f.job.spec.k;
        let tau = f.output.tau.first().map(Vec::as_slice).unwrap_or(&[]);
        let times = auto_times(tau, CURVE_POINTS);
        let report = Report::new(&f.output, k, &times, s.target());
        let q = sdlab_quorum::Quorum {
            n: f.job.spec.n - f.job.spec.down,
            r: f.job.spec.r,
            w: f.job.spec.w,
        };
        (f.clone(), report, q.p_consistent_within(k))
    });
    html! {
        <section class="card" aria-labelledby="quorum-sim-title">
            <h2 id="quorum-sim-title">{ "How stale, how often: the WARS Monte Carlo" }</h2>
            <p class="muted small">{ "Per replica, four one-way delays: the write request (W), its ack (A), the read request (R) and its response (S). The write commits at the W-th ack; the read starts t later and returns the newest of its first R responses, which is fresh if the write reached that replica before the read request did (PBS §4). One seeded set of trials serves every t, so the curve is monotone, and the same draws serve every (R, W) in the table below." }</p>
            <div class="field-row">
                <Select id="quorum-preset" label="Latency preset" selected={s.preset.token().to_string()} options={preset_options()} onchange={preset} />
                <TextField id="quorum-down" label="Replicas down" inputmode="numeric" value={s.down.clone()} error={err(Field::Down)}
                    oninput={set(send, Field::Down)} hint="their requests never answer" />
            </div>
            if s.preset == Preset::Exp {
                <div class="field-row">
                    { for [(Field::LambdaW, "quorum-lw", "λ_W (write request)"), (Field::LambdaA, "quorum-la", "λ_A (ack)"),
                           (Field::LambdaR, "quorum-lr", "λ_R (read request)"), (Field::LambdaS, "quorum-ls", "λ_S (response)")]
                        .into_iter().map(|(f, id, label)| html! {
                            <TextField id={id} label={label} suffix="/ms" value={s.field(f).to_string()} error={err(f)} oninput={set(send, f)} />
                        }) }
                </div>
            } else if let Some(legs) = s.preset.legs() {
                <p class="muted small" id="quorum-legs">{ format!("W: {}. A, R, S: {}{}", legs.w.describe(), legs.a.describe(),
                    if s.preset == Preset::Wan { ". Remote replicas: +75 ms on every one-way message; the writer's and the reader's local replica are drawn independently (our reading of the paper)." } else { "" }) }</p>
            }
            <div class="field-row">
                <TextField id="quorum-gap" label="k versions: gap between writes" suffix="ms" value={s.gap.clone()} error={err(Field::Gap)}
                    oninput={set(send, Field::Gap)} hint="with k > 1 (set above), the k − 1 earlier writes are simulated exactly" />
                <label class="quorum-check"><input type="checkbox" id="quorum-repair" checked={s.repair} onchange={repair} />{ " Read repair" }</label>
                if s.repair {
                    <TextField id="quorum-repair-rate" label="Background reads" suffix="/ms" value={s.repair_rate.clone()} error={err(Field::RepairRate)}
                        oninput={set(send, Field::RepairRate)} hint="rate-dependent: reads with R ≥ 2 repair the stale replicas they saw" />
                }
            </div>
            <div class="field-row">
                <TextField id="quorum-trials" label="Trials" inputmode="numeric" value={s.trials.clone()} error={err(Field::Trials)}
                    oninput={set(send, Field::Trials)} hint="1 to 1,000,000" />
                <TextField id="quorum-seed" label="Seed" inputmode="numeric" value={s.seed.clone()} error={err(Field::Seed)} oninput={set(send, Field::Seed)} />
                <TextField id="quorum-target" label="Target P(consistent)" suffix="%" value={s.target.clone()} error={err(Field::Target)} oninput={set(send, Field::Target)} />
            </div>
            <div class="button-row">
                { run_button("quorum-run", "Run", running, props.wanted.is_err(), run, cancel) }
            </div>
            { status(job, &props.wanted, "quorum-sim-status", "Monte Carlo") }
            if let Some((f, report, closed)) = results {
                <div class={classes!("sim-results", (!current).then_some("out-of-date"))} id="quorum-results">
                    if !current {
                        <p class="stale-note">{ if running { "Out of date: re-running for the changed inputs…" } else { "Out of date: these results are for earlier inputs." } }</p>
                    }
                    <p class="headline" aria-live="polite">
                        <strong id="quorum-tvis">{ match report.t_visibility {
                            Some(i) if i.value.is_finite() => format!("{} to reach {}", ms(i.value), pct(report.target)),
                            _ => format!("{} is never reached", pct(report.target)),
                        } }</strong>
                        <span class="muted">{ report.t_visibility.filter(|i| i.hi.is_finite()).map(|i| format!("95%: {} – {}", ms(i.lo), ms(i.hi))).unwrap_or_default() }</span>
                        <span id="quorum-p0">{ report.points.first().map(|p| format!("P(consistent) at commit: {}", pct(p.p))).unwrap_or_default() }</span>
                    </p>
                    { grid("quorum-latency", "Latency percentiles", &["Latency", "p50", "p99", "p99.9"], 1, vec![
                        GridRow::new(vec![format!("Read (R = {})", f.job.spec.r), ms(report.read.p50), ms(report.read.p99), ms(report.read.p999)]),
                        GridRow::new(vec![format!("Write (W = {})", f.job.spec.w), ms(report.write.p50), ms(report.write.p99), ms(report.write.p999)]),
                    ]) }
                    <PlotCanvas<QuorumChart> id="quorum-curve" height={300}
                        label={format!("Probability of a consistent read against time after commit, with its 95% band, from {} trials.", f.output.trials)}
                        chart={Rc::new(QuorumChart::Curve(CurveChart { points: report.points.clone(), k: report.k, closed, t_visibility: report.t_visibility.map(|i| i.value), target: report.target, palette: palette.clone() }))}>
                        <ul class="legend" aria-label="Lines">
                            <li><span class="swatch" style={format!("background: {}", css_rgb(palette.series(0)))}></span>{ "Monte Carlo, 95% band (Wilson)" }</li>
                            <li><span class="swatch" style={format!("background: {}", css_rgb(palette.series(1)))}></span>{ format!("closed form 1 − p_s^k = {}", pct(closed)) }</li>
                            if report.k > 1 {
                                <li><span class="swatch" style={format!("background: {}", css_rgb(palette.series(2)))}></span>{ format!("k = {}: exact multi-write", report.k) }</li>
                                <li><span class="swatch" style={format!("background: {}", css_rgb(palette.series(3)))}></span>{ "k: paper's 1 − (1 − P)^k" }</li>
                            }
                        </ul>
                    </PlotCanvas<QuorumChart>>
                    <Downloads name="quorum-curve" json={Rc::new(serde_json::to_string_pretty(&PbsJson::new(&report)).unwrap_or_default())} />
                    <p class="muted small" id="quorum-sim-where" data-run={f.count.to_string()}>{ format!("{} trials in {:.0} ms ({:.0} ms of compute across workers, {}).",
                        f.output.trials, f.elapsed_ms, f.compute_ms, if f.in_worker { "off the page" } else { "on the page, in slices" }) }</p>
                </div>
            }
        </section>
    }
}

type Event2 = web_sys::Event;
