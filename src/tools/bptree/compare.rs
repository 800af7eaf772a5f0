//! The two-order comparison: the same number of keys inserted in two orders (random vs sorted,
//! UUIDv4 vs UUIDv7, random vs descending) into trees of the shape above, nothing drawn, up to
//! 10⁶ keys, in the warm worker with progress and cancel; fill factor, height, pages, splits
//! and index size side by side, and why they differ.

use sdlab_bptree::animator::{Event, Field, Pair, State};
use sdlab_bptree::jobs::{CompareJob, Comparison};
use sdlab_sim::units::format_grouped;
use yew::prelude::*;

use super::Send;
use crate::widgets::{Select, TextField};
use crate::worker::{JobHandle, JobState};

#[derive(Properties, PartialEq)]
pub(crate) struct CompareProps {
    pub state: State,
    pub job: JobHandle<CompareJob>,
    pub send: Send,
}

fn mb(bytes: u64) -> String {
    if bytes >= 1 << 20 {
        format!("{:.1} MiB", bytes as f64 / f64::from(1u32 << 20))
    } else {
        format!("{:.0} KiB", bytes as f64 / 1024.0)
    }
}

fn results(job: &CompareJob, out: &Comparison) -> Html {
    let cell = |f: &dyn Fn(&sdlab_bptree::jobs::Fill) -> String| -> Html {
        html! { <>{ for out.runs.iter().map(|r| html! { <td class="num">{ f(r) }</td> }) }</> }
    };
    html! {
        <div class="table-scroll" tabindex="0" role="region" aria-label="Comparison results">
            <table class="bptree-table" id="bptree-cmp-table">
                <thead>
                    <tr><th scope="col">{ format!("{} keys, order {}, {} split", format_grouped(job.keys as f64, 0), job.config.order, job.config.split) }</th>
                        { for out.runs.iter().map(|r| html! { <th scope="col">{ r.workload.label() }</th> }) }</tr>
                </thead>
                <tbody>
                    <tr><th scope="row">{ "Leaf fill" }</th>{ cell(&|r| format!("{:.1}%", 100.0 * r.shape.leaf_fill)) }</tr>
                    <tr><th scope="row">{ "Internal fill" }</th>{ cell(&|r| format!("{:.1}%", 100.0 * r.shape.internal_fill)) }</tr>
                    <tr><th scope="row">{ "Height" }</th>{ cell(&|r| r.shape.height.to_string()) }</tr>
                    <tr><th scope="row">{ "Leaves" }</th>{ cell(&|r| format_grouped(r.shape.leaves as f64, 0)) }</tr>
                    <tr><th scope="row">{ "Internal nodes" }</th>{ cell(&|r| format_grouped(r.shape.internal_nodes as f64, 0)) }</tr>
                    <tr><th scope="row">{ "Splits" }</th>{ cell(&|r| format_grouped(r.splits as f64, 0)) }</tr>
                    <tr><th scope="row">{ "Pages written per insert" }</th>{ cell(&|r| format!("{:.3}", r.pages_per_insert())) }</tr>
                    <tr><th scope="row">{ format!("Index size (pages of {} bytes)", format_grouped(f64::from(job.page_bytes), 0)) }</th>{ cell(&|r| mb(r.index_bytes)) }</tr>
                </tbody>
            </table>
        </div>
    }
}

#[component]
pub(crate) fn Compare(props: &CompareProps) -> Html {
    let s = &props.state;
    let send = &props.send;
    let job = &props.job;
    let wanted = s.compare_job();
    let run = {
        let start = job.start.clone();
        let wanted = wanted.clone();
        Callback::from(move |_: MouseEvent| {
            if let Ok(j) = &wanted {
                start.emit(j.clone());
            }
        })
    };
    let cancel = job.cancel.reform(|_: MouseEvent| ());
    let running = matches!(job.state, JobState::Running { .. });
    let status = match &job.state {
        JobState::Running {
            progress,
            on_main_thread,
        } => html! {
            <div id="bptree-cmp-status">
                <progress max="1" value={progress.to_string()} aria-label="Comparison progress"></progress>
                <span class="muted">{ format!(" {:.0}%{}", progress * 100.0, if *on_main_thread { " (on the page: workers are unavailable)" } else { "" }) }</span>
            </div>
        },
        JobState::Failed(m) => {
            html! { <p class="field-error" role="alert" id="bptree-cmp-status">{ m.clone() }</p> }
        }
        JobState::Cancelled => {
            html! { <p class="muted" id="bptree-cmp-status">{ if job.last.is_some() { "Cancelled: the results below are from the previous run." } else { "Cancelled before a result." } }</p> }
        }
        _ => html! {},
    };
    let current = job
        .last
        .as_ref()
        .is_some_and(|f| wanted.as_ref().is_ok_and(|w| *w == f.job));
    let pair_change = {
        let send = send.clone();
        Callback::from(move |v: String| {
            if let Ok(p) = v.parse::<Pair>() {
                send.emit(Event::SetCmpPair(p));
            }
        })
    };
    html! {
        <section class="card bptree-compare" aria-labelledby="bptree-cmp-title">
            <h2 id="bptree-cmp-title">{ "Random against sequential keys" }</h2>
            <p class="muted small">{ "The same number of keys inserted in two orders into trees of the shape chosen above, computed without drawing in a background worker (up to 1,000,000 keys per order)." }</p>
            <div class="field-row">
                <Select id="bptree-cmp-pair" label="Orders" selected={s.cmp_pair.to_string()}
                    options={vec![
                        ("random-sorted".to_string(), "random vs ascending".to_string()),
                        ("uuid4-uuid7".to_string(), "UUIDv4 vs UUIDv7".to_string()),
                        ("random-reverse".to_string(), "random vs descending".to_string()),
                    ]}
                    onchange={pair_change} />
                <TextField id="bptree-cmp-keys" label="Keys per order" value={s.cmp_keys_text.clone()} inputmode="numeric"
                    error={s.error(Field::CmpKeys).map(AttrValue::from)} oninput={send.reform(Event::SetCmpKeys)} />
                <TextField id="bptree-cmp-seed" label="Seed" value={s.cmp_seed_text.clone()} inputmode="numeric"
                    error={s.error(Field::CmpSeed).map(AttrValue::from)} oninput={send.reform(Event::SetCmpSeed)} />
            </div>
            <div class="bptree-buttons">
                <button id="bptree-cmp-run" onclick={run} disabled={wanted.is_err()}>{ "Run comparison" }</button>
                if running {
                    <button id="bptree-cmp-cancel" class="secondary" onclick={cancel}>{ "Cancel" }</button>
                }
            </div>
            { status }
            if let Some(f) = &job.last {
                <div class={classes!("bptree-cmp-results", (!current).then_some("out-of-date"))} id="bptree-cmp-results">
                    if !current {
                        <p class="muted small">{ "These results are for earlier settings: press Run comparison." }</p>
                    }
                    { results(&f.job, &f.output) }
                    <p class="muted small" id="bptree-cmp-where">{ format!("{} inserts in {:.0} ms (compute {:.0} ms) {}.",
                        format_grouped((f.job.keys * f.job.orders.len() as u64) as f64, 0), f.elapsed_ms, f.compute_ms,
                        if f.in_worker { "in a background worker" } else { "on the page, in slices" }) }</p>
                </div>
            }
            <details class="bptree-why">
                <summary>{ "Why the orders differ" }</summary>
                <p>{ "With random keys (and UUIDv4) inserts land in every leaf. A leaf that splits keeps receiving keys until it splits again, so leaves sit between half full and full: about ln 2 ≈ 69% on average (Yao's result for random insertion)." }</p>
                <p>{ "With ascending keys (and UUIDv7, whose first 48 bits are the time) every insert goes to the rightmost leaf. The left half of each split never receives another key, so under even splits its fill stays frozen at half. The append split keeps the left page full instead: nearly 100%, fewer pages, fewer splits. Descending keys freeze the right halves instead." }</p>
                <p>{ "Random keys also spread the writes: every insert dirties a random leaf, so the whole index is the working set; sequential keys touch only the rightmost path." }</p>
            </details>
        </section>
    }
}
