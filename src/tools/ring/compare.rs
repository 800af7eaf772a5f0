//! Every algorithm on the same keys and nodes (a worker job), and each one's lookup time,
//! measured here in the page: one algorithm per timer tick (a few ms each), timing 20,000
//! lookups of the lab's own key hashes with `performance.now()`.

use std::rc::Rc;

use sdlab_ring::algo::{Algo, Placement};
use sdlab_ring::jobs::{CompareJob, CompareReport};
use sdlab_ring::metrics::key_hashes;
use sdlab_sim::Table;
use yew::prelude::*;

use super::sweep::status;
use crate::widgets::Downloads;
use crate::worker::{JobHandle, JobState};

/// Lookups timed per algorithm.
const TIMED_LOOKUPS: u32 = 20_000;

fn now_ms() -> f64 {
    web_sys::window()
        .and_then(|w| w.performance())
        .map_or(0.0, |p| p.now())
}

/// Nanoseconds per lookup of `algo` under `job`'s inputs, or `None` if it cannot be built.
fn time_lookups(job: &CompareJob, algo: Algo) -> Option<f64> {
    let config = sdlab_ring::Config {
        algo,
        ..job.config.clone()
    };
    let placement = Placement::build(&config, &job.nodes).ok()?;
    let keys = key_hashes(TIMED_LOOKUPS, config.hash, config.seed);
    let start = now_ms();
    let mut sum = 0u64;
    for &k in &keys {
        sum = sum.wrapping_add(u64::from(placement.lookup(k)));
    }
    let elapsed = now_ms() - start;
    std::hint::black_box(sum);
    Some(elapsed * 1e6 / f64::from(TIMED_LOOKUPS))
}

fn pct(x: f64) -> String {
    format!("{:.1}%", 100.0 * x)
}

fn table(r: &CompareReport, ns: &[Option<f64>]) -> Table {
    Table {
        headers: [
            "algorithm",
            "rel sd",
            "max/mean",
            "moved on add",
            "moved on remove",
            "memory bytes",
            "lookup",
            "lookup ns",
        ]
        .map(String::from)
        .to_vec(),
        rows: r
            .rows
            .iter()
            .enumerate()
            .map(|(i, row)| {
                vec![
                    row.algo.name().to_string(),
                    format!("{:.6}", row.spread.rel_stddev),
                    format!("{:.4}", row.spread.max_over_mean),
                    format!("{:.6}", row.moved_add),
                    format!("{:.6}", row.moved_remove),
                    row.memory_bytes.to_string(),
                    row.lookup_cost.clone(),
                    ns.get(i)
                        .copied()
                        .flatten()
                        .map_or(String::new(), |n| format!("{n:.1}")),
                ]
            })
            .collect(),
    }
}

#[derive(Properties, PartialEq)]
pub(crate) struct CompareProps {
    pub job: JobHandle<CompareJob>,
    pub wanted: Option<CompareJob>,
}

#[component]
pub(crate) fn CompareCard(props: &CompareProps) -> Html {
    let job = &props.job;
    // Lookup times for the last finished comparison, filled one algorithm per tick.
    let ns = use_state(Vec::<Option<f64>>::new);
    let timed_for = use_mut_ref(|| 0u64);
    {
        let ns = ns.clone();
        let last = job.last.clone();
        let timed_for = timed_for.clone();
        let filled = ns.len();
        use_effect_with((last.as_ref().map(|f| f.count), filled), move |_| {
            let mut timer = None;
            if let Some(f) = last {
                // A new comparison starts its timings afresh.
                let fresh = *timed_for.borrow() != f.count;
                *timed_for.borrow_mut() = f.count;
                let done: Vec<Option<f64>> = if fresh { Vec::new() } else { (*ns).clone() };
                if done.len() < Algo::ALL.len() {
                    let algo = Algo::ALL[done.len()];
                    timer = Some(gloo_timers::callback::Timeout::new(0, move || {
                        let mut next = done;
                        next.push(time_lookups(&f.job, algo));
                        ns.set(next);
                    }));
                }
            }
            move || drop(timer)
        });
    }
    let run = {
        let (start, wanted) = (job.start.clone(), props.wanted.clone());
        Callback::from(move |_: MouseEvent| {
            if let Some(w) = &wanted {
                start.emit(w.clone());
            }
        })
    };
    let running = matches!(job.state, JobState::Running { .. });
    let current = job
        .last
        .as_ref()
        .is_some_and(|f| Some(&f.job) == props.wanted.as_ref());
    html! {
        <section class="card" aria-labelledby="ring-compare-title">
            <h2 id="ring-compare-title">{ "Every algorithm on the same keys" }</h2>
            <p class="muted small">{ "Spread and peak-to-average of the keys per node; the fraction of keys moved when a node joins, and when the node in the middle of the list leaves; \
                the mapping's own memory; and the time of one lookup, measured in this browser." }</p>
            <div class="button-row">
                <button type="button" id="ring-compare-run" onclick={run} disabled={running || props.wanted.is_none()}>{ "Compare" }</button>
            </div>
            { status("ring-compare-status", job, "Comparison") }
            if let Some(f) = &job.last {
                <div class={classes!((!current).then_some("out-of-date"))}>
                    if !current {
                        <p class="stale-note">{ "Out of date: this comparison is for other inputs." }</p>
                    }
                    <div class="table-scroll" tabindex="0" role="region" aria-label="Algorithms compared">
                        <table class="ring-table" id="ring-compare">
                            <thead><tr>
                                <th scope="col">{ "Algorithm" }</th>
                                <th scope="col" class="num">{ "Rel. sd" }</th>
                                <th scope="col" class="num">{ "Max/mean" }</th>
                                <th scope="col" class="num">{ format!("Moved on add (ideal {})", pct(f.output.ideal_add)) }</th>
                                <th scope="col" class="num">{ format!("Moved on remove (ideal {})", pct(f.output.ideal_remove)) }</th>
                                <th scope="col" class="num">{ "Memory" }</th>
                                <th scope="col">{ "Lookup" }</th>
                                <th scope="col" class="num">{ "ns / lookup" }</th>
                            </tr></thead>
                            <tbody>
                            { for f.output.rows.iter().enumerate().map(|(i, r)| html! {
                                <tr id={format!("ring-compare-{}", r.algo.name())}>
                                    <th scope="row">{ r.algo.label() }</th>
                                    if let Some(e) = &r.error {
                                        <td colspan="7" class="warn-text">{ format!("not run: {e}") }</td>
                                    } else {
                                        <td class="num">{ pct(r.spread.rel_stddev) }</td>
                                        <td class="num">{ format!("{:.3}", r.spread.max_over_mean) }</td>
                                        <td class="num">{ pct(r.moved_add) }</td>
                                        <td class="num">{ pct(r.moved_remove) }</td>
                                        <td class="num">{ format!("{} KB", (r.memory_bytes as f64 / 1024.0).ceil()) }</td>
                                        <td class="small">{ r.lookup_cost.clone() }</td>
                                        <td class="num">{ ns.get(i).copied().flatten().map_or("…".to_string(), |n| format!("{n:.0}")) }</td>
                                    }
                                </tr>
                            }) }
                            </tbody>
                        </table>
                    </div>
                    <Downloads name="ring-compare" csv={Rc::new(table(&f.output, &ns))}
                        json={Rc::new(serde_json::to_string_pretty(&f.output).unwrap_or_default())} />
                </div>
            }
        </section>
    }
}
