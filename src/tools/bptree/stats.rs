//! The statistics card: height against the bounds of the order, node counts, keys per node,
//! fill factors with their histograms (leaves and internal nodes), the pages the operation on
//! screen read and wrote (a range scan's h + leaves − 1), and the log's splits, merges, borrows
//! and pages dirtied per insert.

use std::rc::Rc;

use plotters::coord::Shift;
use plotters::prelude::{DrawingArea, DrawingBackend};
use sdlab_bptree::ops::Op;
use sdlab_bptree::stats::FILL_BINS;
use sdlab_charts::{Axis, BinsChart, Mapping, Palette, Target, draw_bins};
use sdlab_sim::Table;
use yew::prelude::*;

use crate::theme::use_palette;
use crate::widgets::{Chart, Frame, PlotCanvas};

/// Nodes per fill bin (0–10%, …, 90–100%).
#[derive(PartialEq)]
pub(crate) struct FillHistogram {
    pub what: &'static str,
    pub counts: Vec<u64>,
    pub palette: Palette,
}

fn edges() -> Vec<f64> {
    (0..=FILL_BINS).map(|i| (100 * i / FILL_BINS) as f64).collect()
}

impl Chart for FillHistogram {
    fn draw<DB: DrawingBackend>(&self, area: &DrawingArea<DB, Shift>, frame: Frame) -> Option<Mapping> {
        let edges = edges();
        let mut chart = BinsChart::new(&self.palette);
        chart.x = Axis::linear().with_range(0.0..100.0).with_label(format!("{} fill (% of capacity)", self.what));
        chart.y_label = "nodes";
        chart.edges = &edges;
        chart.counts = &self.counts;
        chart.scale = frame.scale;
        draw_bins(area, &chart).ok()
    }

    fn describe(&self, target: &Target) -> Option<String> {
        let i = target.index;
        let count = self.counts.get(i)?;
        Some(format!("{} {}–{}% full: {count}", self.what, i * 10, i * 10 + 10))
    }

    fn table(&self) -> Option<Table> {
        let mut t = Table::new(&["fill from (%)", "fill to (%)", "nodes"]);
        for (i, c) in self.counts.iter().enumerate() {
            t.push([(i * 10).to_string(), (i * 10 + 10).to_string(), c.to_string()]);
        }
        Some(t)
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
    let palette = use_palette();
    let s = &v.shape;
    let (lo, hi) = v.bounds;
    let c = v.config;
    let op_pages = v.summary.as_ref().map(|sum| {
        let c = &sum.counter;
        match sum.op {
            Op::Range(..) => format!("{} read (h + leaves walked − 1)", c.reads),
            _ => format!("{} read, {} written{}", c.reads, c.writes, if c.freed > 0 { format!(", {} freed", c.freed) } else { String::new() }),
        }
    });
    let per_node = if s.nodes() > 0 { s.keys as f64 / s.leaves.max(1) as f64 } else { 0.0 };
    let leaf_chart = Rc::new(FillHistogram { what: "leaf", counts: s.leaf_hist.clone(), palette: palette.clone() });
    let internal_chart = Rc::new(FillHistogram { what: "internal node", counts: s.internal_hist.clone(), palette });
    html! {
        <section class="card bptree-stats" aria-labelledby="bptree-stats-title">
            <h2 id="bptree-stats-title">{ "The numbers" }</h2>
            <div class="table-scroll" tabindex="0" role="region" aria-label="Tree statistics">
                <table class="bptree-table">
                    <tbody>
                        { row("Height", "bptree-height", format!("{} level{}", s.height, if s.height == 1 { "" } else { "s" })) }
                        { row("Possible heights for these keys", "bptree-bounds", if s.keys == 0 { "—".into() } else { format!("{lo} to {hi}") }) }
                        { row("Keys", "bptree-keys", s.keys.to_string()) }
                        { row("Leaves / internal nodes", "bptree-nodes", format!("{} / {}", s.leaves, s.internal_nodes)) }
                        { row("Keys per leaf (capacity)", "bptree-per-leaf", format!("{per_node:.1} ({})", c.leaf_cap)) }
                        { row("Leaf fill", "bptree-leaf-fill", format!("{:.1}%", 100.0 * s.leaf_fill)) }
                        { row("Internal fill (children / d)", "bptree-internal-fill", if s.internal_nodes == 0 { "—".into() } else { format!("{:.1}%", 100.0 * s.internal_fill) }) }
                        { row("Pages, this operation", "bptree-op-pages", op_pages.unwrap_or_else(|| "—".into())) }
                        { row("Pages dirtied per insert (log)", "bptree-dirty", if v.totals.inserts == 0 { "—".into() } else { format!("{:.2} over {} inserts", v.totals.pages_per_insert, v.totals.inserts) }) }
                        { row("Splits / merges / borrows (log)", "bptree-events", format!("{} / {} / {}", v.totals.splits, v.totals.merges, v.totals.borrows)) }
                    </tbody>
                </table>
            </div>
            <p class="muted small">{ "One node is one page. A lookup reads h pages; a range scan h plus one per further leaf; an insert writes its leaf, plus two pages per split and a new root when the root splits." }</p>
            <PlotCanvas<FillHistogram> id="bptree-leaf-hist" label="Histogram of leaf fill" height={200} chart={leaf_chart} />
            if s.internal_nodes > 0 {
                <PlotCanvas<FillHistogram> id="bptree-internal-hist" label="Histogram of internal-node fill" height={200} chart={internal_chart} />
            }
        </section>
    }
}
