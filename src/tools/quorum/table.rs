//! The (R, W) table card: every configuration of N on the same draws (one run on the worker
//! pool), with p99.9 latencies and t-visibility, the Pareto-optimal ones marked, and the
//! latency–staleness frontier drawn.

use std::rc::Rc;

use sdlab_quorum::jobs::WarsJob;
use sdlab_quorum::report::{Row, table_rows};
use sdlab_sim::Table;
use yew::prelude::*;

use super::charts::{FrontierChart, QuorumChart};
use super::simulation::{run_button, status};
use super::{GridRow, grid, ms, pct};
use crate::widgets::{Downloads, PlotCanvas};
use crate::worker::{JobHandle, JobState};
use sdlab_charts::Palette;

pub(crate) struct TableProps<'a> {
    pub wanted: Rc<Result<WarsJob, String>>,
    pub job: &'a JobHandle<WarsJob>,
    pub palette: &'a Palette,
    pub n: u32,
    pub r: u32,
    pub w: u32,
    pub down: u32,
    pub target: f64,
}

fn csv(rows: &[Row]) -> Table {
    let mut t = Table {
        headers: [
            "R",
            "W",
            "strict",
            "available",
            "p_consistent_t0",
            "t_visibility_ms",
            "read_p999_ms",
            "write_p999_ms",
            "frontier",
        ]
        .map(String::from)
        .to_vec(),
        rows: Vec::new(),
    };
    for r in rows {
        t.rows.push(vec![
            r.r.to_string(),
            r.w.to_string(),
            r.strict.to_string(),
            r.available.to_string(),
            r.p0.to_string(),
            r.t_visibility
                .map_or(String::new(), |i| i.value.to_string()),
            r.read.p999.to_string(),
            r.write.p999.to_string(),
            r.frontier.to_string(),
        ]);
    }
    t
}

pub(crate) fn table_card(props: TableProps<'_>) -> Html {
    let job = props.job;
    let palette = props.palette;
    let running = matches!(job.state, JobState::Running { .. });
    let cancel = job.cancel.reform(|_: MouseEvent| ());
    let run = {
        let start = job.start.clone();
        let wanted = props.wanted.clone();
        Callback::from(move |_: MouseEvent| {
            if let Ok(j) = &*wanted {
                start.emit(j.clone());
            }
        })
    };
    let current = job
        .last
        .as_ref()
        .is_some_and(|f| props.wanted.as_ref().as_ref().is_ok_and(|w| *w == f.job));
    let rows = job.last.as_ref().map(|f| {
        Rc::new(table_rows(
            &f.output,
            f.job.spec.n,
            f.job.spec.down,
            props.target,
        ))
    });
    html! {
        <section class="card" aria-labelledby="quorum-table-title">
            <h2 id="quorum-table-title">{ format!("Every (R, W) for N = {}: latency against staleness", props.n) }</h2>
            <p class="muted small">{ "The same trials for every configuration. This answers CASSANDRA-4261's question (“QUORUM is often slower than ONE, TWO, or THREE. What should users choose?”): a configuration is on the frontier when no other has both a lower p99.9 read + write latency and a lower t-visibility." }</p>
            <div class="button-row">
                { run_button("quorum-table-run", "Run the table", running, props.wanted.is_err(), run, cancel) }
            </div>
            { status(job, &props.wanted, "quorum-table-status", "Table") }
            if let (Some(f), Some(rows)) = (job.last.as_ref(), rows) {
                <div class={classes!("sim-results", (!current).then_some("out-of-date"))}>
                    if !current {
                        <p class="stale-note">{ "Out of date: these results are for earlier inputs." }</p>
                    }
                    { grid("quorum-table", "Every (R, W)", &["R, W", "Quorum", "P at t = 0", &format!("t-visibility ({})", pct(props.target)), "Read p99.9", "Write p99.9"], 2,
                        rows.iter().map(|r| {
                            let chosen = r.r == props.r && r.w == props.w;
                            let dash = |v: String| if r.available { v } else { "—".into() };
                            GridRow {
                                class: match (r.frontier, chosen) {
                                    (true, true) => Some("quorum-frontier quorum-chosen"),
                                    (true, false) => Some("quorum-frontier"),
                                    (false, true) => Some("quorum-chosen"),
                                    _ => None,
                                },
                                ..GridRow::new(vec![
                                    format!("{}, {}", r.r, r.w),
                                    format!("{}{}", if !r.available { "unavailable" } else if r.strict { "strict" } else { "partial" }, if r.frontier { " ★" } else { "" }),
                                    dash(pct(r.p0)),
                                    dash(r.t_visibility.map_or("—".into(), |i| ms(i.value))),
                                    dash(ms(r.read.p999)),
                                    dash(ms(r.write.p999)),
                                ])
                            }
                        }).collect()) }
                    <p class="muted small">{ format!("★ on the latency–staleness frontier; the chosen (R, W) is outlined. {} trials{}.", f.output.trials,
                        if props.down > 0 { format!("; {} replica{} down", props.down, if props.down == 1 { "" } else { "s" }) } else { String::new() }) }</p>
                    <Downloads name="quorum-table" csv={Rc::new(csv(&rows))} />
                    <PlotCanvas<QuorumChart> id="quorum-frontier" height={280}
                        label="Each (R, W) as a point: p99.9 read plus write latency against t-visibility, with its 95% interval; the frontier joined by a line."
                        chart={Rc::new(QuorumChart::Frontier(FrontierChart { rows: rows.to_vec(), palette: palette.clone() }))} />
                </div>
            }
        </section>
    }
}
