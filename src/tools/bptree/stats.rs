//! The statistics card: height against the bounds of the order, node counts, keys per node,
//! fill factors with their histograms (leaves and internal nodes), the pages the operation on
//! screen read and wrote (a range scan's h + leaves − 1), and the log's splits, merges, borrows
//! and pages dirtied per insert.
//!
//! The histograms are a few SVG bars rather than a `PlotCanvas` chart: one more chart type would
//! cost the page a copy of the canvas widget and its plotters drawing.

use sdlab_bptree::ops::Op;
use sdlab_bptree::stats::FILL_BINS;
use yew::prelude::*;

/// Nodes per fill bin (0–10%, …, 90–100%) as bars of inline SVG, with the counts as a table
/// for screen readers (the bars are what the eye reads; the table says the same).
fn histogram(id: &'static str, what: &str, counts: &[u64]) -> Html {
    let (w, h, pad, foot) = (300.0, 96.0, 4.0, 16.0);
    let max = counts.iter().copied().max().unwrap_or(0).max(1) as f64;
    let bar = (w - 2.0 * pad) / FILL_BINS as f64;
    let f = |v: f64| format!("{v:.1}");
    html! {
        <figure class="bptree-hist" {id}>
            <figcaption class="small">{ format!("{what} fill, % of capacity (nodes per 10% band)") }</figcaption>
            <svg viewBox={format!("0 0 {w} {}", h + foot)} role="img" aria-label={format!("{what} fill histogram: {}", counts.iter().enumerate().map(|(i, c)| format!("{}–{}%: {c}", i * 10, i * 10 + 10)).collect::<Vec<_>>().join(", "))}>
                { for counts.iter().enumerate().map(|(i, &c)| {
                    let bh = (h - 14.0) * c as f64 / max;
                    let x = pad + bar * i as f64;
                    html! {
                        <g>
                            <rect class="bptree-bar" x={f(x + 1.0)} y={f(h - bh)} width={f(bar - 2.0)} height={f(bh)} />
                            if c > 0 {
                                <text class="bptree-bar-count" x={f(x + bar / 2.0)} y={f(h - bh - 3.0)}>{ c }</text>
                            }
                        </g>
                    }
                }) }
                <line class="bptree-axis" x1={f(pad)} y1={f(h)} x2={f(w - pad)} y2={f(h)} />
                { for [(0usize, "start"), (50, "middle"), (100, "end")].iter().map(|&(p, anchor)| html! {
                    <text class="bptree-bar-label" text-anchor={anchor} x={f(pad + (w - 2.0 * pad) * p as f64 / 100.0)} y={f(h + 13.0)}>{ format!("{p}%") }</text>
                }) }
            </svg>
        </figure>
    }
}

#[derive(Properties, PartialEq)]
pub(crate) struct StatsProps {
    pub view: super::Shown,
}

fn row(label: &str, id: &'static str, value: String) -> Html {
    html! { <tr><th scope="row">{ label.to_string() }</th><td class="num" {id}>{ value }</td></tr> }
}

#[component]
pub(crate) fn Stats(props: &StatsProps) -> Html {
    let v = &props.view.0;
    let s = &v.shape;
    let (lo, hi) = v.bounds;
    let c = v.config;
    let op_pages = v.summary.as_ref().map(|sum| {
        let c = &sum.counter;
        match sum.op {
            Op::Range(..) => format!("{} read (h + leaves walked − 1)", c.reads),
            _ => format!(
                "{} read, {} written{}",
                c.reads,
                c.writes,
                if c.freed > 0 {
                    format!(", {} freed", c.freed)
                } else {
                    String::new()
                }
            ),
        }
    });
    let per_node = if s.nodes() > 0 {
        s.keys as f64 / s.leaves.max(1) as f64
    } else {
        0.0
    };
    html! {
        <section class="card bptree-stats" aria-labelledby="bptree-stats-title">
            <h2 id="bptree-stats-title">{ "The numbers" }</h2>
            <p class="muted small">{ "Of the tree after the operation on screen." }</p>
            <div class="table-scroll" tabindex="0" role="region" aria-label="Tree statistics">
                <table class="bptree-table">
                    <tbody>
                        { row("Order in effect", "bptree-shape", format!("d = {}, L = {} keys per leaf", c.order, c.leaf_cap)) }
                        { row("Height", "bptree-height", format!("{} level{}", s.height, if s.height == 1 { "" } else { "s" })) }
                        { row("Possible heights for these keys", "bptree-bounds", if s.keys == 0 { "—".into() } else { format!("{lo} to {hi}") }) }
                        { row("Keys", "bptree-keys", s.keys.to_string()) }
                        { row("Leaves / internal nodes", "bptree-nodes", format!("{} / {}", s.leaves, s.internal_nodes)) }
                        { row("Keys per leaf", "bptree-per-leaf", format!("{per_node:.1}")) }
                        { row("Leaf fill", "bptree-leaf-fill", format!("{:.1}%", 100.0 * s.leaf_fill)) }
                        { row("Internal fill (children / d)", "bptree-internal-fill", if s.internal_nodes == 0 { "—".into() } else { format!("{:.1}%", 100.0 * s.internal_fill) }) }
                        { row("Pages, this operation", "bptree-op-pages", op_pages.unwrap_or_else(|| "—".into())) }
                        { row("Pages dirtied per insert (log)", "bptree-dirty", if v.totals.inserts == 0 { "—".into() } else { format!("{:.2} over {} inserts", v.totals.pages_per_insert, v.totals.inserts) }) }
                        { row("Splits / merges / borrows (log)", "bptree-events", format!("{} / {} / {}", v.totals.splits, v.totals.merges, v.totals.borrows)) }
                    </tbody>
                </table>
            </div>
            <p class="muted small">{ "One node is one page. A lookup reads h pages; a range scan h plus one per further leaf; an insert writes its leaf, plus two pages per split and a new root when the root splits." }</p>
            <div class="bptree-hists">
                { histogram("bptree-leaf-hist", "Leaf", &s.leaf_hist) }
                if s.internal_nodes > 0 {
                    { histogram("bptree-internal-hist", "Internal node", &s.internal_hist) }
                }
            </div>
        </section>
    }
}
