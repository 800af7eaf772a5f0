//! The skew page's numbers: the exact theory card (instant, for any key count) and a finished
//! run's results under the capacity model, scheme beside scheme, with their charts.

use std::rc::Rc;

use sdlab_charts::Palette;
use sdlab_sim::Table;
use sdlab_sim::units::format_grouped;
use sdlab_skew::analysis::{BLOCKS, SchemeAnalysis, analyse_scheme};
use sdlab_skew::capacity::{Capacity, SIZE_CAP_GB, ThrottleModel};
use sdlab_skew::run::{Report, SchemeReport};
use sdlab_skew::schema::RunJson;
use sdlab_skew::theory::Theory;
use yew::prelude::*;

use super::charts::{
    BarUnit, LoadHeat, PartitionBars, RankFrequency, SkewChart, ThrottleCurve, size,
};
use crate::theme::use_palette;
use crate::widgets::{Downloads, PlotCanvas};

/// `0.0649` → "6.49%", small shares with more digits.
pub(crate) fn pct(v: f64) -> String {
    if !v.is_finite() {
        "—".into()
    } else if v == 0.0 || v >= 0.0995 {
        format!("{:.1}%", v * 100.0)
    } else {
        format!("{:.3}%", v * 100.0)
    }
}

/// A share and its 95% half-width, both in percent, the half-width to two significant digits
/// (at most three decimals; one when it rounds to nothing): "10.36% ± 0.16%", "80.0% ± 0.0%".
pub(crate) fn pm_pct(v: f64, ci: f64) -> String {
    let c = ci * 100.0;
    let d = if c >= 5e-4 {
        (1.0 - c.log10().floor()).clamp(1.0, 3.0) as usize
    } else {
        1
    };
    format!("{:.d$}% ± {:.d$}%", v * 100.0, c)
}

/// A finished run under the capacity model and load.
#[derive(Clone, PartialEq)]
pub(crate) struct Analysed {
    pub schemes: Vec<(String, SchemeAnalysis)>,
    pub capacity: Capacity,
    pub duration_s: f64,
}

impl Analysed {
    pub fn new(report: &Report, cap: &Capacity, load: f64) -> Self {
        Analysed {
            schemes: report
                .schemes
                .iter()
                .map(|s| {
                    let label = format!(
                        "{} ({} partitions)",
                        s.spec.scheme.label(),
                        s.spec.partitions
                    );
                    (label, analyse_scheme(report, s, cap, load))
                })
                .collect(),
            capacity: cap.clone(),
            duration_s: report.requests as f64 / load,
        }
    }

    pub fn named(&self) -> Vec<(String, SchemeAnalysis)> {
        self.schemes.clone()
    }
}

#[derive(Properties, PartialEq)]
pub(crate) struct TheoryProps {
    pub theory: Rc<Theory>,
    pub partitions: u32,
    pub stale: bool,
}

#[component]
pub(crate) fn TheoryCard(props: &TheoryProps) -> Html {
    let t = &props.theory;
    let row = |id: &'static str, label: &'static str, value: String| {
        html! { <tr><th scope="row">{ label }</th><td id={id}>{ value }</td></tr> }
    };
    let na = || "no closed form for this law".to_string();
    html! {
        <section class="card" aria-labelledby="skew-theory-title">
            <h2 id="skew-theory-title">{ "Theory, exact" }</h2>
            if props.stale {
                <p class="stale-note" id="skew-theory-stale">{ "A field holds a value that is not valid: these numbers use its last valid value." }</p>
            }
            <table class="budget compact-table">
                <tbody>
                    { row("skew-mean-share", "Mean partition's share, 1/P", format!("{} with {} partitions", pct(1.0 / f64::from(props.partitions.max(1))), props.partitions)) }
                    { row("skew-zeta", "ζ(n, θ)", t.zeta.map_or_else(|| "—".into(), |z| format!("{z:.10}"))) }
                    { row("skew-p1", "Hottest key's share p₁", t.p1.map_or_else(na, pct)) }
                    { row("skew-bound", "Hot-key bound on max/mean, P · p₁", t.bound.map_or_else(na, |b| format!("{b:.2} with {} partitions", props.partitions))) }
                    { row("skew-top20", "Share of the top 20% of keys", t.top20.map_or_else(na, pct)) }
                    { row("skew-hit", "Ideal cache hit ratio (reads)", t.hit_ratio.map_or_else(na, pct)) }
                    { row("skew-hot-demand", "The hottest key alone demands", t.hot_demand.map_or_else(na, |(r, w)| format!("{} RCU/s and {} WCU/s", format_grouped(r, 0), format_grouped(w, 0)))) }
                    { row("skew-shard-reach", "Write sharding reaches", format!("{:.1} partitions on average, a write ceiling of {} WCU/s per key; each read asks {} suffix{}",
                        t.shard_partitions, format_grouped(t.shard_ceiling_wcu, 0), t.read_fanout, if t.read_fanout == 1 { "" } else { "es" })) }
                </tbody>
            </table>
            <p class="muted small">{ "No partitioning can put a key on two partitions, so the one holding the hottest key carries at least p₁ of the requests \
                while the mean carries 1/P: max/mean ≥ P · p₁, growing with P. Above 3,000 RCU/s or 1,000 WCU/s a single key is throttled under any scheme; \
                split for heat cannot split it (AWS documentation)." }</p>
        </section>
    }
}

#[derive(Properties, PartialEq)]
pub(crate) struct ResultsProps {
    pub report: Rc<Report>,
    pub analysed: Rc<Analysed>,
    pub compute_ms: f64,
    /// How many runs the page has finished, this one included.
    pub run: u64,
}

/// Capacity used per partition: `r/R + w/W` (combined) or the larger of the two (independent).
fn used(a: &SchemeAnalysis, model: ThrottleModel) -> Vec<f64> {
    let (rc, wc) = a.caps;
    a.partitions
        .iter()
        .map(|p| match model {
            ThrottleModel::Combined => p.rcu / rc + p.wcu / wc,
            ThrottleModel::Independent => (p.rcu / rc).max(p.wcu / wc),
        })
        .collect()
}

fn csv(a: &SchemeAnalysis) -> Table {
    let mut t = Table::new(&[
        "partition",
        "requests",
        "reads/s",
        "writes/s",
        "RCU/s",
        "WCU/s",
        "throttled",
        "data (GB)",
    ]);
    for (j, (p, l)) in a.partitions.iter().zip(&a.loads).enumerate() {
        t.push([
            j.to_string(),
            l.to_string(),
            p.reads_per_s.to_string(),
            p.writes_per_s.to_string(),
            p.rcu.to_string(),
            p.wcu.to_string(),
            p.throttled.to_string(),
            p.data_gb.to_string(),
        ]);
    }
    t
}

#[component]
pub(crate) fn Results(props: &ResultsProps) -> Html {
    let r = &props.report;
    let a = &props.analysed;
    let palette = use_palette();
    let json = Rc::new(
        serde_json::to_string_pretty(
            &a.schemes
                .iter()
                .map(|(_, s)| RunJson::new(r, s))
                .collect::<Vec<_>>(),
        )
        .unwrap_or_default(),
    );
    let cells = |f: &dyn Fn(&SchemeAnalysis) -> String| -> Html {
        html! { <>{ for a.schemes.iter().map(|(_, s)| html! { <td>{ f(s) }</td> }) }</> }
    };
    let top_share = r.top_key_count as f64 / r.requests.max(1) as f64;
    let curve = Rc::new(SkewChart::Curve(ThrottleCurve {
        series: a
            .schemes
            .iter()
            .map(|(l, s)| (l.clone(), s.curve.clone()))
            .collect(),
        palette: palette.clone(),
    }));
    let rank = Rc::new(SkewChart::Rank(RankFrequency {
        sampled: r
            .rank_frequency
            .iter()
            .map(|&(k, c)| (k as f64, c as f64))
            .collect(),
        theory: r
            .theory
            .iter()
            .map(|&(k, p)| (k as f64, p * r.requests as f64))
            .collect(),
        theory_label: "exact law".into(),
        palette: palette.clone(),
    }));
    html! {
        <div id="skew-results">
            <p class="muted small" id="skew-where" data-run={props.run.to_string()}>{ format!("{} requests ({} reads, {} writes{}) simulated in {:.0} ms in a background worker; at the offered load they span {:.1} s.",
                format_grouped(r.requests as f64, 0), format_grouped(r.reads as f64, 0), format_grouped(r.writes as f64, 0),
                if r.cache_hits > 0 { format!(", {} reads served by the cache", format_grouped(r.cache_hits as f64, 0)) } else { String::new() },
                props.compute_ms, a.duration_s) }</p>
            <div class="table-scroll" tabindex="0" role="region" aria-label="Results by scheme">
                <table class="budget skew-compare">
                    <thead><tr><th scope="col">{ "Measure" }</th>{ for a.schemes.iter().map(|(l, _)| html! { <th scope="col">{ l.clone() }</th> }) }</tr></thead>
                    <tbody>
                        <tr><th scope="row">{ "Throttled requests" }</th>{ cells(&|s| pm_pct(s.throttled_fraction, s.throttled_ci)) }</tr>
                        <tr><th scope="row">{ "Max/mean load" }</th>{ cells(&|s| format!("{:.2} ± {:.2}", s.max_over_mean, s.max_over_mean_ci)) }</tr>
                        if a.schemes.iter().any(|(_, s)| s.expected_max_over_mean.is_some()) {
                            <tr><th scope="row">{ "Max/mean of the exact expected loads" }</th>{ cells(&|s| s.expected_max_over_mean.map_or_else(|| "—".into(), |m| format!("{m:.2}"))) }</tr>
                        }
                        <tr><th scope="row">{ "Hot-key bound max(1, P · p̂₁)" }</th>{ cells(&|s| format!("{:.2}", s.bound)) }</tr>
                        <tr><th scope="row">{ "Coefficient of variation" }</th>{ cells(&|s| format!("{:.3}", s.cv)) }</tr>
                        <tr><th scope="row">{ "Busiest partition" }</th>{ cells(&|s| format!("p{}: {}", s.hottest_partition, pct(s.hottest_share))) }</tr>
                        <tr><th scope="row">{ "Throttled after split for heat, at best (AWS documentation)" }</th>{ cells(&|s| format!("{}{}", if s.split_exact { "" } else { "≥ " }, pct(s.split_throttled))) }</tr>
                        <tr><th scope="row">{ "Partitions asked per range scan" }</th>{ cells(&|s| format!("{:.1}", s.scan_partitions)) }</tr>
                        <tr><th scope="row">{ "Partitions over 10 GB" }</th>{ cells(&|s| format!("{} (the data needs ≥ {})", s.over_size, s.min_partitions_for_size)) }</tr>
                    </tbody>
                </table>
            </div>
            <p class="muted small" id="skew-error-note">{ format!("Monte Carlo error: ± is a 95% interval for a stream of this length. The requests are independent draws, \
                so the run's {} time slots are independent batches; the interval is the jackknife over {BLOCKS} blocks of them (leave one block out, recompute), \
                with Student's t at {} degrees of freedom. Another seed moves the numbers by about this much.", r.slots, BLOCKS - 1) }</p>
            <p class="muted small" id="skew-split-note">{ format!("Split for heat (AWS documentation, not the book): a partition that stays over its limit splits \
                at its load median, again and again, each part a partition with the hard caps; a single item (a key, or key#suffix with write sharding) \
                cannot be split. The row above is what stays throttled once every part is under its limit or holds one item: the excess of the items \
                that alone exceed 3,000 RCU/s or 1,000 WCU/s (the run's mean rates, no burst; the minutes splitting takes are not modelled){}. \
                The most requested key (id {}) had {} of all requests{}. Per-partition limit now: {} RCU/s and {} WCU/s.",
                if a.schemes.iter().any(|(_, s)| !s.split_exact) { "; “≥”: keys were not counted one by one, so only the hottest key is known" } else { "" },
                r.top_key, pct(top_share), if r.schemes.iter().any(|s| s.inserted.iter().any(|&i| i > 0)) { "; inserts of ever larger keys always land at the top of the key range, which no split keeps up with" } else { "" },
                format_grouped(a.schemes.first().map_or(0.0, |s| s.1.caps.0), 0), format_grouped(a.schemes.first().map_or(0.0, |s| s.1.caps.1), 0)) }</p>
            <div class="skew-grid">
                { for a.schemes.iter().enumerate().map(|(i, (label, s))| scheme_charts(i, label, s, &r.schemes[i], a, &palette, &json)) }
            </div>
            if let Some((label, s)) = a.schemes.first() {
                <h3>{ format!("Load over time: {label}") }</h3>
                <PlotCanvas<SkewChart> id="skew-heat" height={260} chart={Rc::new(SkewChart::Heat(LoadHeat::new(&s.heat, a.duration_s / s.heat.len().max(1) as f64, palette.clone())))}
                    label="Requests per second on each partition over the run." />
            }
            <div class="skew-grid">
                <div>
                    <h3>{ "Throttling as the load rises" }</h3>
                    <PlotCanvas<SkewChart> id="skew-curve" height={240} chart={curve}
                        label="Throttled share of requests against the offered load, per scheme." />
                </div>
                <div>
                    <h3>{ "Rank–frequency of the keys" }</h3>
                    if r.rank_frequency.is_empty() {
                        <p class="muted small">{ "Keys are counted one by one up to 1,048,576 ids; this run has more." }</p>
                    } else {
                        <PlotCanvas<SkewChart> id="skew-rank" height={240} chart={rank}
                            label="Requests per key by popularity rank, log-log, against the exact law where it has one." />
                    }
                </div>
            </div>
        </div>
    }
}

/// A share with two decimals under 10%: "0.10%", "2.10%", "35%".
fn limit_share(v: f64) -> String {
    if v < 0.1 {
        format!("{:.2}%", v * 100.0)
    } else {
        format!("{:.0}%", v * 100.0)
    }
}

/// A swatch for a chart's legend, in the chart's own colour.
fn swatch(class: &'static str, colour: plotters::style::RGBColor) -> Html {
    let plotters::style::RGBColor(r, g, b) = colour;
    html! { <span class={classes!("skew-key", class)} style={format!("--skew-c: rgb({r} {g} {b})")} aria-hidden="true"></span> }
}

/// One scheme's column: requests per partition with the expected loads, capacity used against
/// the limit, and data stored against 10 GB.
fn scheme_charts(
    i: usize,
    label: &str,
    s: &SchemeAnalysis,
    rep: &SchemeReport,
    a: &Analysed,
    palette: &Palette,
    json: &Rc<String>,
) -> Html {
    let mean = s.loads.iter().sum::<u64>() as f64 / s.loads.len().max(1) as f64 / a.duration_s;
    let floor = (s.bound > 1.1).then_some(s.bound * mean);
    let expected: Vec<(f64, f64)> = rep
        .expected
        .iter()
        .zip(&rep.expected_sd)
        .flat_map(|(e, sd)| e.iter().zip(sd))
        .map(|(e, sd)| (e / a.duration_s, sd / a.duration_s))
        .collect();
    let has_expected = !expected.is_empty();
    let load = Rc::new(SkewChart::Bars(PartitionBars {
        values: s
            .partitions
            .iter()
            .map(|p| p.reads_per_s + p.writes_per_s)
            .collect(),
        expected,
        unit: BarUnit::Rate,
        references: std::iter::once((mean, "mean".to_string()))
            .chain(floor.map(|f| (f, "hot-key floor".to_string())))
            .collect(),
        palette: palette.clone(),
    }));
    let cap = Rc::new(SkewChart::Bars(PartitionBars {
        values: used(s, a.capacity.model),
        expected: Vec::new(),
        unit: BarUnit::Used,
        references: vec![(1.0, "limit".into())],
        palette: palette.clone(),
    }));
    let data: Vec<f64> = s.partitions.iter().map(|p| p.data_gb).collect();
    let (big, most) = data
        .iter()
        .enumerate()
        .fold((0, 0.0f64), |b, (j, &v)| if v > b.1 { (j, v) } else { b });
    let total: f64 = data.iter().sum();
    let data_chart = Rc::new(SkewChart::Bars(PartitionBars {
        values: data,
        expected: Vec::new(),
        unit: BarUnit::Gigabytes,
        references: vec![(SIZE_CAP_GB, "10 GB limit".into())],
        palette: palette.clone(),
    }));
    html! {
        <div>
            <h3>{ label.to_string() }</h3>
            <PlotCanvas<SkewChart> id={format!("skew-load-{i}")} height={220} chart={load}
                label={format!("Requests per second on each partition under {label}, with the exact expected load, the mean and the hot-key floor.")}>
                <p class="skew-legend" id={format!("skew-load-legend-{i}")}>
                    <span>{ swatch("skew-key-bar", palette.series(0)) }{ "measured" }</span>
                    if has_expected {
                        <span>{ swatch("skew-key-exp", palette.foreground) }{ "expected (exact) ± 2 sd" }</span>
                    } else {
                        <span>{ "(no exact expectation for this law)" }</span>
                    }
                    <span>{ swatch("skew-key-ref", palette.accent) }{ format!("mean {}/s", format_grouped(mean, 0)) }</span>
                    if let Some(f) = floor { <span>{ format!("hot-key floor {}/s", format_grouped(f, 0)) }</span> }
                </p>
            </PlotCanvas<SkewChart>>
            <PlotCanvas<SkewChart> id={format!("skew-used-{i}")} height={200} chart={cap}
                label={format!("Share of each partition's capacity the demand asks under {label}; above 100% it is throttled.")} />
            <PlotCanvas<SkewChart> id={format!("skew-data-{i}")} height={200} chart={data_chart}
                label={format!("Data stored on each partition under {label}, on a log scale, against DynamoDB's 10 GB per partition.")}>
                <p class="skew-legend" id={format!("skew-data-note-{i}")}>
                    { format!("Log scale. Largest: p{big} holds {} ({} of the 10 GB limit); all partitions {}, which needs at least {} partition{}.",
                        size(most), limit_share(most / SIZE_CAP_GB), size(total), s.min_partitions_for_size, if s.min_partitions_for_size == 1 { "" } else { "s" }) }
                </p>
            </PlotCanvas<SkewChart>>
            <Downloads name={format!("skew-partitions-{i}")} csv={Rc::new(csv(s))} json={(i == 0).then(|| json.clone())} />
        </div>
    }
}
