//! The two worker jobs' cards: the ring's spread against virtual nodes (log–log, Monte Carlo
//! means with 95% error bars over the theory curves), and every algorithm on the same keys, with
//! each one's lookup time measured here in the page.

use std::rc::Rc;

use plotters::coord::Shift;
use plotters::prelude::{DrawingArea, DrawingBackend};
use sdlab_charts::{Axis, ErrorBars, LineSeries, LinesChart, Mapping, Palette, Target, draw_lines};
use sdlab_ring::jobs::{SweepJob, SweepReport};
use sdlab_sim::Table;
use yew::prelude::*;

use crate::theme::use_palette;
use crate::widgets::{Chart, Frame, PlotCanvas};
use crate::worker::{Finished, JobHandle, JobState};

/// The spread-vs-vnodes chart.
#[derive(PartialEq)]
pub(crate) struct SpreadChart {
    pub report: SweepReport,
    pub palette: Palette,
}

const TICKS: [(f64, &str); 5] = [
    (1.0, "1"),
    (10.0, "10"),
    (100.0, "100"),
    (1_000.0, "1,000"),
    (10_000.0, "10,000"),
];

impl Chart for SpreadChart {
    fn draw<DB: DrawingBackend>(
        &self,
        area: &DrawingArea<DB, Shift>,
        frame: Frame,
    ) -> Option<Mapping> {
        let pts = &self.report.points;
        let series = [
            LineSeries {
                label: format!("theory √((n−1)/(nv+1)), n = {}", self.report.nodes),
                points: pts
                    .iter()
                    .map(|p| (f64::from(p.vnodes), p.theory))
                    .collect(),
            },
            LineSeries {
                label: "1/√v".into(),
                points: pts.iter().map(|p| (f64::from(p.vnodes), p.limit)).collect(),
            },
        ];
        let bars = [ErrorBars {
            label: format!("measured, mean of {} seeds ± 95%", self.report.seeds),
            series: 2,
            points: pts
                .iter()
                .map(|p| {
                    let v = f64::from(p.vnodes);
                    (
                        v,
                        p.rel_stddev,
                        p.rel_stddev - p.half_width,
                        p.rel_stddev + p.half_width,
                    )
                })
                .collect(),
        }];
        draw_lines(
            area,
            &LinesChart {
                x: Axis::log10()
                    .with_label("virtual nodes per node")
                    .with_ticks(&TICKS),
                y: Axis::log10().with_label("relative std. dev. of node share"),
                series: &series,
                error_bars: &bars,
                scale: frame.scale,
                legend: frame.css_width > 560.0,
                ..LinesChart::new(&self.palette)
            },
        )
        .ok()
    }

    fn table(&self) -> Option<Table> {
        Some(Table {
            headers: [
                "vnodes",
                "measured rel sd",
                "95% half-width",
                "theory",
                "1/sqrt(v)",
                "max/mean",
            ]
            .map(String::from)
            .to_vec(),
            rows: self
                .report
                .points
                .iter()
                .map(|p| {
                    vec![
                        p.vnodes.to_string(),
                        format!("{:.6}", p.rel_stddev),
                        format!("{:.6}", p.half_width),
                        format!("{:.6}", p.theory),
                        format!("{:.6}", p.limit),
                        format!("{:.4}", p.max_over_mean),
                    ]
                })
                .collect(),
        })
    }

    fn describe(&self, t: &Target) -> Option<String> {
        let p = self.report.points.get(t.index)?;
        Some(match t.series {
            0 => format!("{} vnodes: theory {:.2}%", p.vnodes, 100.0 * p.theory),
            1 => format!("{} vnodes: 1/√v = {:.2}%", p.vnodes, 100.0 * p.limit),
            _ => format!(
                "{} vnodes: measured {:.2}% ± {:.2}% (max/mean {:.3})",
                p.vnodes,
                100.0 * p.rel_stddev,
                100.0 * p.half_width,
                p.max_over_mean
            ),
        })
    }
}

/// The status line of a job card: progress and cancel, a failure, or where the last ran.
pub(crate) fn status<J: sdlab_sim::Job>(id: &str, job: &JobHandle<J>, what: &str) -> Html {
    let cancel = job.cancel.reform(|_: MouseEvent| ());
    match &job.state {
        JobState::Running {
            progress,
            on_main_thread,
        } => html! {
            <div id={id.to_string()} class="ring-status">
                <progress max="1" value={progress.to_string()} aria-label={format!("{what} progress")}></progress>
                <span class="muted">{ format!(" {:.0}%{}", progress * 100.0, if *on_main_thread { " (on the page: workers are unavailable)" } else { "" }) }</span>
                <button type="button" class="secondary small" id={format!("{id}-cancel")} onclick={cancel}>{ "Cancel" }</button>
            </div>
        },
        JobState::Failed(m) => {
            html! { <p class="field-error" role="alert" id={id.to_string()}>{ m.clone() }</p> }
        }
        JobState::Cancelled => html! {
            <p class="muted" id={id.to_string()}>{ if job.last.is_some() { "Cancelled: the results below are from the previous run." } else { "Cancelled before a result." } }</p>
        },
        _ => match &job.last {
            Some(f) => html! { <p class="muted small" id={id.to_string()}>{ where_text(f) }</p> },
            None => html! { <p class="muted" id={id.to_string()}>{ "Starting…" }</p> },
        },
    }
}

fn where_text<J: sdlab_sim::Job>(f: &Finished<J>) -> String {
    format!(
        "Computed in {:.0} ms ({:.0} ms of it computing) {}.",
        f.elapsed_ms,
        f.compute_ms,
        if f.in_worker {
            "in a background worker"
        } else {
            "on the page, in slices"
        }
    )
}

#[derive(Properties, PartialEq)]
pub(crate) struct SweepProps {
    pub job: JobHandle<SweepJob>,
    pub wanted: SweepJob,
}

#[component]
pub(crate) fn SweepCard(props: &SweepProps) -> Html {
    let palette = use_palette();
    let job = &props.job;
    let run = {
        let (start, wanted) = (job.start.clone(), props.wanted.clone());
        Callback::from(move |_: MouseEvent| start.emit(wanted.clone()))
    };
    let running = matches!(job.state, JobState::Running { .. });
    let current = job.last.as_ref().is_some_and(|f| f.job == props.wanted);
    html! {
        <section class="card chart-card" aria-labelledby="ring-sweep-title">
            <h2 id="ring-sweep-title">{ "Load spread against virtual nodes" }</h2>
            <p class="muted small">
                { format!("The relative standard deviation of each node's exact arc share on a ring of {} equal nodes, for 1 to 10,000 virtual nodes each, \
                   over {} hash seeds (one seed is one ring: a single ring sits above or below the curve). \
                   The theory treats tokens as independent uniform points: a node's share is Beta(v, (n−1)v) [standard result, not from the book]. \
                   Halving the spread takes four times the tokens.", props.wanted.nodes, props.wanted.seeds) }
            </p>
            <div class="button-row">
                <button type="button" id="ring-sweep-run" onclick={run} disabled={running}>{ "Run the sweep" }</button>
            </div>
            { status("ring-sweep-status", job, "Sweep") }
            if let Some(f) = &job.last {
                <div class={classes!((!current).then_some("out-of-date"))}>
                    if !current {
                        <p class="stale-note">{ "Out of date: this sweep is for other inputs." }</p>
                    }
                    <PlotCanvas<SpreadChart> id="ring-sweep-chart" height={320}
                        label={format!("Log–log plot of load spread against virtual nodes per node for {} nodes: measured means with 95% error bars on the theory curve √((n−1)/(nv+1)) and 1/√v.", f.output.nodes)}
                        chart={Rc::new(SpreadChart { report: f.output.clone(), palette: palette.clone() })} />
                    if !f.output.skipped.is_empty() {
                        <p class="muted small">{ format!("Left out (over {} tokens a ring): {:?} vnodes.", sdlab_ring::jobs::SWEEP_MAX_TOKENS, f.output.skipped) }</p>
                    }
                </div>
            }
        </section>
    }
}
