//! Every chart against hostile numbers: NaN, infinities, zero, negatives, extremes and denormals
//! in every field, on canvases down to one pixel and at absurd scales. Nothing may panic, and
//! the markup must stay free of NaN and infinity.

use crate::test_support::render;
use crate::*;

const WEIRD: [f64; 12] = [
    f64::NAN,
    f64::INFINITY,
    f64::NEG_INFINITY,
    0.0,
    -0.0,
    -1.0,
    1.0,
    f64::MAX,
    -f64::MAX,
    f64::MIN_POSITIVE,
    5e-324,
    1e300,
];
const SIZES: [(u32, u32); 3] = [(1, 1), (30, 20), (640, 360)];
const SCALES: [f64; 4] = [f64::NAN, 0.0, 1.0, f64::INFINITY];

/// Pairs of weird values, so each meets each.
fn pairs() -> impl Iterator<Item = (f64, f64)> {
    WEIRD
        .into_iter()
        .flat_map(|a| WEIRD.into_iter().map(move |b| (a, b)))
}

fn axes() -> Vec<Axis> {
    let mut axes = vec![Axis::linear(), Axis::log10()];
    for (a, b) in pairs().step_by(7) {
        axes.push(
            Axis::linear()
                .with_range(a..b)
                .with_ticks(&[(a, "a"), (b, "b")]),
        );
        axes.push(
            Axis::log10()
                .with_range(a..b)
                .with_format(TickFormat::Percent),
        );
    }
    axes
}

#[test]
fn lines_survive() {
    let p = Palette::light();
    let points: Vec<(f64, f64)> = pairs().collect();
    let series = [LineSeries {
        label: "s".into(),
        points: points.clone(),
    }];
    let bands = [Band {
        series: 7,
        points: pairs().map(|(a, b)| (a, b, a)).collect(),
    }];
    let bars = [ErrorBars {
        label: "e".into(),
        series: usize::MAX,
        points: pairs().map(|(a, b)| (a, b, b, a)).collect(),
    }];
    for (x, y) in axes().into_iter().zip(axes().into_iter().rev()) {
        for (size, scale) in SIZES.into_iter().zip(SCALES) {
            let chart = LinesChart {
                x: x.clone(),
                y: y.clone(),
                series: &series,
                bands: &bands,
                error_bars: &bars,
                marker: Some(Marker {
                    x: 1.0,
                    label: "m".into(),
                }),
                scale,
                ..LinesChart::new(&p)
            };
            render(size, |area| draw_lines(area, &chart));
        }
    }
    for (a, b) in pairs().step_by(5) {
        let chart = LogLinesChart {
            x_label: "x",
            y_label: "y",
            x_range: a..b,
            y_range: b..a,
            y_ticks: &[(a, "a")],
            series: &series,
            marker: Some(Marker {
                x: a,
                label: "m".into(),
            }),
            palette: &p,
            scale: a,
            legend: true,
        };
        render((200, 100), |area| draw_log_lines(area, &chart));
    }
}

#[test]
fn bars_and_heat_maps_survive() {
    let p = Palette::dark();
    let bars: Vec<Bar> = pairs()
        .map(|(a, b)| Bar::new("b", a).with_error(b, a))
        .collect();
    let refs: Vec<ReferenceLine> = WEIRD.iter().map(|&v| ReferenceLine::new(v, "r")).collect();
    let rows: Vec<Vec<f64>> = WEIRD
        .iter()
        .map(|&a| WEIRD.iter().map(|&b| a * b).collect())
        .collect();
    let names: Vec<String> = WEIRD.iter().map(|v| v.to_string()).collect();
    for axis in axes() {
        for (size, scale) in SIZES.into_iter().zip(SCALES) {
            let chart = BarsChart {
                bars: &bars,
                references: &refs,
                y: axis.clone(),
                scale,
                ..BarsChart::new(&p)
            };
            render(size, |area| draw_bars(area, &chart));
            let chart = HeatMapChart {
                rows: &rows,
                row_labels: &names,
                column_labels: &names[1..],
                values: axis.clone(),
                scale,
                ..HeatMapChart::new(&p)
            };
            render(size, |area| draw_heat_map(area, &chart));
        }
    }
}

#[test]
fn bins_timelines_and_burn_downs_survive() {
    let p = Palette::light();
    let edges: Vec<f64> = WEIRD.to_vec();
    let counts: Vec<u64> = vec![u64::MAX, 0, 1, 7, u64::MAX, 3, 1, 1, 9, 2, 2];
    let down: Vec<(f64, f64)> = pairs().collect();
    let lanes = [
        TimelineLane {
            label: "",
            down: &down,
            kind: LaneKind::Component,
        },
        TimelineLane {
            label: "system",
            down: &down,
            kind: LaneKind::System,
        },
    ];
    let firings: Vec<(f64, f64, usize)> = pairs().map(|(a, b)| (a, b, 1)).collect();
    for axis in axes() {
        for (size, scale) in SIZES.into_iter().zip(SCALES) {
            let chart = BinsChart {
                x: axis.clone(),
                edges: &edges,
                counts: &counts,
                threshold: Some((axis.range.clone().map_or(1.0, |r| r.start), "t".into())),
                scale,
                ..BinsChart::new(&p)
            };
            render(size, |area| draw_bins(area, &chart));
        }
    }
    for &w in &WEIRD {
        for (size, scale) in SIZES.into_iter().zip(SCALES) {
            let chart = HistogramChart {
                x_label: "x",
                y_label: "y",
                edges: &edges,
                counts: &counts,
                x_ticks: &[(w, "w")],
                highlight_above: Some((w, "h".into())),
                palette: &p,
                scale,
            };
            render(size, |area| draw_histogram(area, &chart));
            let chart = TimelineChart {
                lanes: &lanes,
                window_hours: w,
                palette: &p,
                scale,
            };
            render(size, |area| draw_timeline(area, &chart));
            let chart = BurnDownChart {
                points: &down,
                window_hours: w,
                firings: &firings,
                tier_labels: &["a", "b"],
                palette: &p,
                scale,
            };
            render(size, |area| draw_burn_down(area, &chart));
        }
    }
}
