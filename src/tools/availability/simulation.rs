//! The Monte Carlo card: the run's settings, its state (running, cancelled, failed), and the
//! last finished run's results — marked out of date, never silently stale, when the inputs
//! have changed since it ran. The simulation re-runs by itself as the inputs change (see the
//! page); Run forces a fresh run.

use std::rc::Rc;

use sdlab_charts::timeline_height_css;
use sdlab_nines::jobs::SimulateJob;
use sdlab_nines::lab::LabEvent;
use sdlab_nines::lab_view::SimView;
use sdlab_nines::simulate::Report;
use sdlab_sim::units::format_grouped;
use yew::prelude::*;

use super::Send;
use super::charts::{OutageHistogram, Timeline};
use crate::theme::use_palette;
use crate::widgets::{Downloads, PlotCanvas, TextField};
use crate::worker::{Finished, JobHandle, JobState};
use sdlab_nines::lab::{parse_seed, parse_years};
use sdlab_nines::schema::SimulateJson;

#[derive(Properties, PartialEq)]
pub(crate) struct SimulationProps {
    pub years_text: String,
    pub seed_text: String,
    pub timeline_text: String,
    pub timeline_error: Option<String>,
    /// The run the inputs ask for, or why there is none.
    pub wanted: Rc<Result<SimulateJob, String>>,
    pub job: JobHandle<SimulateJob>,
    pub send: Send,
}

/// "300 simulated years in 12 ms (compute 4 ms, start-up 8 ms) in a background worker."
fn where_text(f: &Finished<SimulateJob>) -> String {
    format!(
        "{} simulated years in {:.0} ms (compute {:.0} ms, start-up {:.0} ms) {}.",
        format_grouped(f.output.years, 0),
        f.elapsed_ms,
        f.compute_ms,
        f.startup_ms(),
        if f.in_worker {
            "in a background worker"
        } else {
            "on the page, in slices (workers are unavailable here)"
        }
    )
}

#[component]
pub(crate) fn SimulationCard(props: &SimulationProps) -> Html {
    let send = props.send.clone();
    let job = &props.job;
    let run = {
        let start = job.start.clone();
        let wanted = props.wanted.clone();
        Callback::from(move |_: MouseEvent| {
            if let Ok(job) = &*wanted {
                start.emit(job.clone());
            }
        })
    };
    let cancel = job.cancel.reform(|_: MouseEvent| ());
    let new_seed = {
        let send = send.clone();
        Callback::from(move |_: MouseEvent| {
            let mut bytes = [0u8; 8];
            if getrandom::fill(&mut bytes).is_ok() {
                send.emit(LabEvent::SetSeed(u64::from_le_bytes(bytes) % 1_000_000_000));
            }
        })
    };
    let running = matches!(job.state, JobState::Running { .. });
    let blocked = props.wanted.as_ref().as_ref().err().cloned();
    // The shown result is current when it ran exactly what the inputs ask for now.
    let current = job
        .last
        .as_ref()
        .is_some_and(|f| props.wanted.as_ref().as_ref().is_ok_and(|w| *w == f.job));
    let status = match (&job.state, &blocked) {
        (
            JobState::Running {
                progress,
                on_main_thread,
            },
            _,
        ) => html! {
            <div id="lab-sim-status">
                <progress max="1" value={progress.to_string()} aria-label="Simulation progress"></progress>
                <span class="muted">{ format!(" {:.0}%{}", progress * 100.0, if *on_main_thread { " (on the page: workers are unavailable)" } else { "" }) }</span>
            </div>
        },
        (JobState::Failed(message), _) => {
            html! { <p class="field-error" role="alert" id="lab-sim-status">{ message.clone() }</p> }
        }
        (_, Some(reason)) => {
            html! { <p class="warn-text" id="lab-sim-status">{ format!("Not run: {reason}.") }</p> }
        }
        (JobState::Cancelled, None) => html! {
            <p class="muted" id="lab-sim-status">{ if job.last.is_some() { "Cancelled: the results below are from the previous run." } else { "Cancelled before a result: press Run simulation." } }</p>
        },
        (JobState::Idle, None) if job.last.is_none() => {
            html! { <p class="muted" id="lab-sim-status">{ "Starting…" }</p> }
        }
        _ => html! {},
    };
    html! {
        <section class="card sim-card" aria-labelledby="lab-sim-title">
            <h2 id="lab-sim-title">{ "Monte Carlo failure/repair simulation" }</h2>
            <p class="muted small">
                { "Each component alternates between up (exponential, mean MTBF) and down (detection delay + repair of the chosen shape, mean MTTR); \
                   standby pairs switch over, shared zones take their blocks down. Seeded: the same seed gives the same run here, in any browser and in the CLI. \
                   It re-runs by itself whenever the diagram or these settings change." }
            </p>
            <div class="field-row">
                <TextField id="lab-years" label="Simulated years" value={props.years_text.clone()}
                    error={parse_years(&props.years_text).err().map(AttrValue::from)} oninput={send.reform(LabEvent::SetYearsText)} />
                <TextField id="lab-seed" label="Seed" value={props.seed_text.clone()} inputmode="numeric"
                    error={parse_seed(&props.seed_text).err().map(AttrValue::from)} oninput={send.reform(LabEvent::SetSeedText)} />
                <TextField id="lab-timeline-day" label="Timeline starts on day" inputmode="text"
                    value={props.timeline_text.clone()} error={props.timeline_error.clone().map(AttrValue::from)}
                    hint="“worst”: the window with the most downtime; “first”: the first with an outage; or a day"
                    oninput={send.reform(LabEvent::SetTimeline)} />
            </div>
            <div class="button-row">
                <button type="button" id="lab-run" onclick={run} disabled={running || blocked.is_some()}>{ "Run simulation" }</button>
                <button type="button" class="secondary" id="lab-new-seed" onclick={new_seed}>{ "New seed" }</button>
                if running {
                    <button type="button" class="secondary" id="lab-cancel" onclick={cancel}>{ "Cancel" }</button>
                }
            </div>
            { status }
            if let Some((f, sim_view)) = job.last.as_ref().map(|f| (f, Rc::new(SimView::new(&f.output)))) {
                <div class={classes!("sim-results", (!current).then_some("out-of-date"))}>
                    if !current {
                        <p class="stale-note" id="lab-sim-stale">{ if running { "Out of date: re-running for the changed inputs…" } else { "Out of date: these results are for earlier inputs." } }</p>
                    }
                    <SimResults view={Rc::clone(&sim_view)} report={Rc::new(f.output.clone())}
                        json={Rc::new(serde_json::to_string_pretty(&SimulateJson::from(&f.output)).unwrap_or_default())} />
                    <p class="muted small" id="lab-sim-where" data-run={f.count.to_string()} data-compute-ms={format!("{:.1}", f.compute_ms)}
                        data-startup-ms={format!("{:.1}", f.startup_ms())}>{ where_text(f) }</p>
                </div>
            }
        </section>
    }
}

#[derive(Properties, PartialEq)]
struct SimResultsProps {
    view: Rc<SimView>,
    report: Rc<Report>,
    /// The results in the CLI's `--json` schema.
    json: Rc<String>,
}

#[component]
fn SimResults(props: &SimResultsProps) -> Html {
    let v = &props.view;
    let r = &props.report;
    let palette = use_palette();
    let histogram = Rc::new(OutageHistogram {
        edges_hours: v.histogram_edges_hours.clone(),
        counts: v.histogram_counts.clone(),
        budget_hours: r.window_budget_hours,
        window_hours: r.window_hours,
        palette: palette.clone(),
    });
    let timeline = Rc::new(Timeline {
        lanes: r.lanes.clone(),
        system: r.system_lane.clone(),
        window_hours: r.window_hours,
        palette,
    });
    html! {
        <div id="lab-sim-results">
            <table class="budget compact-table">
                <tbody>
                    <tr><th scope="row">{ "Simulated availability" }</th>
                        <td id="lab-sim-availability"><strong>{ v.availability.clone() }</strong>
                            <span class="muted">{ format!(" {}", v.ci) }</span></td></tr>
                    <tr><th scope="row">{ "Analytic" }</th><td id="lab-sim-analytic">{ v.analytic.clone() }</td></tr>
                    <tr><th scope="row">{ "Agreement" }</th><td class={if v.agrees { "pass-text" } else { "fail-text" }} id="lab-sim-verdict">{ v.verdict.clone() }</td></tr>
                    { for v.rows.iter().enumerate().map(|(i, row)| html! {
                        <tr><th scope="row">{ row.label.clone() }</th><td>{ row.value.clone() }
                            if let (0, Some(warning)) = (i, &v.few_outages) { <span class="warn-text">{ warning.clone() }</span> }</td></tr>
                    }) }
                </tbody>
            </table>
            <Downloads name="lab-sim-results" csv={Rc::new(v.table())} json={props.json.clone()} />
            <div class="sim-charts">
                <div>
                    <h3>{ "Outage durations" }</h3>
                    <PlotCanvas<OutageHistogram> id="lab-histogram" height={240} chart={histogram} label={v.histogram_label.clone()} />
                </div>
                <div>
                    <h3>{ v.timeline_title.clone() }</h3>
                    <PlotCanvas<Timeline> id="lab-timeline" height={timeline_height_css(r.lanes.len() + 1)} chart={timeline}
                        label="Timeline of component and system outages over one simulated window." />
                </div>
            </div>
            if let Some(note) = &v.note {
                <p class="muted small">{ note.clone() }</p>
            }
        </div>
    }
}
