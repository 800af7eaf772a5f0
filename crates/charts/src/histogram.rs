//! Histograms: counts in bins along a linear or log x axis, with an optional dashed threshold
//! line; and the availability lab's outage-duration histogram (log x, named ticks) built on it.

use plotters::coord::Shift;
use plotters::element::DashedPathElement;
use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, Pos, VPos};

use crate::axis::{AxisScale, fit};
use crate::frame::{Frame, Mesh, TICK_TEXT};
use crate::support::{label_width_css, multiples_in, nice_step, pixel_size};
use crate::{Axis, Mapping, Palette};

/// Counts in bins, in model units.
#[derive(Clone, Debug)]
pub struct BinsChart<'a> {
    /// Linear or log. Without a range it spans the edges (or its named ticks when no edge is
    /// usable, so an empty run looks like the chart it will become).
    pub x: Axis,
    pub y_label: &'a str,
    /// Bin edges, ascending: bin `i` spans `edges[i]..edges[i + 1]`. Bins with a non-finite or
    /// empty span, or one the x axis cannot show (≤ 0 on a log axis), are skipped.
    pub edges: &'a [f64],
    /// How many samples fell in each bin; `counts[i]` belongs to bin `i`. Extra counts or edges
    /// beyond the shorter of the two are ignored.
    pub counts: &'a [u64],
    /// A dashed vertical line at `x` with its label, e.g. a threshold; not drawn when `x` lies
    /// outside the axis.
    pub threshold: Option<(f64, String)>,
    pub palette: &'a Palette,
    /// Device pixels per CSS pixel: text, lines and margins grow with it.
    pub scale: f64,
}

impl<'a> BinsChart<'a> {
    /// No bins, a linear x axis, scale 1.
    pub fn new(palette: &'a Palette) -> Self {
        BinsChart {
            x: Axis::linear(),
            y_label: "",
            edges: &[],
            counts: &[],
            threshold: None,
            palette,
            scale: 1.0,
        }
    }
}

/// The availability lab's outage histogram: [`BinsChart`] on a logarithmic x axis.
#[derive(Clone, Debug)]
pub struct HistogramChart<'a> {
    pub x_label: &'a str,
    pub y_label: &'a str,
    /// Bin edges, ascending and positive (the x axis is logarithmic): bin `i` spans
    /// `edges[i]..edges[i + 1]`. Bins with a non-positive, non-finite or empty span are skipped.
    pub edges: &'a [f64],
    /// How many samples fell in each bin; `counts[i]` belongs to bin `i`. Extra counts or edges
    /// beyond the shorter of the two are ignored.
    pub counts: &'a [u64],
    /// Tick positions on the x axis with their labels, e.g. `(1.0 / 60.0, "1 min")`. Ticks outside
    /// the edges are dropped; with none left the ticks are automatic (decades).
    pub x_ticks: &'a [(f64, &'a str)],
    /// A dashed vertical line at `x` with its label, e.g. the SLA-credit threshold; not drawn when
    /// `x` lies outside the edges.
    pub highlight_above: Option<(f64, String)>,
    pub palette: &'a Palette,
    /// Device pixels per CSS pixel: text, lines and margins grow with it.
    pub scale: f64,
}

/// Draws the chart; its targets are those of [`draw_bins`].
pub fn draw_histogram<DB: DrawingBackend>(
    area: &DrawingArea<DB, Shift>,
    chart: &HistogramChart<'_>,
) -> Result<Mapping, DrawingAreaErrorKind<DB::ErrorType>> {
    draw_bins(
        area,
        &BinsChart {
            x: Axis::log10()
                .with_label(chart.x_label)
                .with_ticks(chart.x_ticks),
            y_label: chart.y_label,
            edges: chart.edges,
            counts: chart.counts,
            threshold: chart.highlight_above.clone(),
            palette: chart.palette,
            scale: chart.scale,
        },
    )
}

/// Draws the chart. Its targets are the bins on the axis, empty ones too: `(0, i)` for bin `i`,
/// picked over the bin's span and the plot's height, its marker at the middle of the bar's top.
pub fn draw_bins<DB: DrawingBackend>(
    area: &DrawingArea<DB, Shift>,
    chart: &BinsChart<'_>,
) -> Result<Mapping, DrawingAreaErrorKind<DB::ErrorType>> {
    let frame = Frame::new(chart.palette, chart.scale);
    let p = chart.palette;
    let x_scale = chart.x.scale;

    let bins = bins(chart.edges, chart.counts, x_scale);
    let edges_extent = fit(chart.edges.iter().copied(), x_scale, 0.0);
    let ticks_extent = fit(chart.x.ticks.iter().map(|&(v, _)| v), x_scale, 0.0);
    let fallback = match x_scale {
        AxisScale::Linear => 0.0..1.0,
        AxisScale::Log10 => 1.0..100.0,
    };
    let x = chart.x.resolve(edges_extent.or(ticks_extent), fallback);
    let max_count = bins.iter().map(|&(_, _, c)| c).max().unwrap_or(0);
    let (y_top, y_step) = count_axis(max_count);
    let count_ticks: Vec<(f64, String)> = multiples_in(&(0.0..y_top), y_step, 20)
        .into_iter()
        .map(|c| (c, format!("{c:.0}")))
        .collect();
    let y = Axis {
        ticks: count_ticks,
        ..Axis::linear()
            .with_range(0.0..y_top)
            .with_label(chart.y_label)
    }
    .resolve(None, 0.0..1.0);

    let mut plot = frame.plot(area, &frame.layout(), &x, &y, Mesh::default())?;

    let (_, plot_height) = pixel_size(plot.plotting_area());
    // A single rare outage among thousands would round to zero pixels; it matters most, so every
    // non-empty bin keeps at least a sliver.
    let min_height = if plot_height > 0 {
        y_top * 1.5 * frame.scale / f64::from(plot_height)
    } else {
        0.0
    };
    let gap = frame.px(1.0);
    let bars: Vec<_> = bins
        .iter()
        .filter_map(|&(lo, hi, count)| Some((x.to_plot(lo)?, x.to_plot(hi)?, count)))
        .map(|(lo, hi, count)| {
            let mut bar = Rectangle::new(
                [(lo, 0.0), (hi, (count as f64).max(min_height))],
                p.series(0).filled(),
            );
            // A hairline between neighbours keeps bins countable, but only where the bar is wide
            // enough to spare it.
            let width = plot.backend_coord(&(hi, 0.0)).0 - plot.backend_coord(&(lo, 0.0)).0;
            if width > 3 * gap as i32 {
                bar.set_margin(0, 0, 0, gap);
            }
            bar
        })
        .collect();
    plot.draw_series(bars)?;

    let threshold = chart
        .threshold
        .as_ref()
        .and_then(|(v, label)| Some((x.to_plot(*v)?, label)))
        .filter(|(px, _)| x.plot_range().start <= *px && *px <= x.plot_range().end);
    if let Some((px, label)) = threshold {
        plot.draw_series(std::iter::once(DashedPathElement::new(
            vec![(px, 0.0), (px, y_top)],
            frame.px(6.0),
            frame.px(4.0),
            p.accent.stroke_width(frame.px(2.0)),
        )))?;
        let base = area.get_base_pixel();
        let (tx, ty) = plot.backend_coord(&(px, y_top));
        let (plot_x, _) = plot.plotting_area().get_pixel_range();
        // Past two thirds of the width, or where it would run off the plot, the label flips to
        // the left.
        let width = (label_width_css(label.chars().count()) * frame.scale).round() as i32;
        let flip = (tx - plot_x.start) * 3 > (plot_x.end - plot_x.start) * 2
            || tx + frame.offset(5.0) + width > plot_x.end;
        let (dx, h) = if flip {
            (-frame.offset(5.0), HPos::Right)
        } else {
            (frame.offset(5.0), HPos::Left)
        };
        area.draw(&Text::new(
            label.as_str(),
            (tx - base.0 + dx, ty - base.1 + frame.offset(2.0)),
            frame
                .font(TICK_TEXT)
                .color(&p.accent)
                .pos(Pos::new(h, VPos::Top)),
        ))?;
    }

    if bins.is_empty() {
        frame.no_data(&plot)?;
    }
    area.present()?;

    let mut map = Mapping::of(area, &plot, &x, &y);
    let x_box = x.plot_range();
    for (i, (w, &count)) in chart.edges.windows(2).zip(chart.counts).enumerate() {
        let (Some(lo), Some(hi)) = (x.to_plot(w[0]), x.to_plot(w[1])) else {
            continue;
        };
        if lo < hi && lo < x_box.end && hi > x_box.start {
            let top = if count > 0 {
                (count as f64).max(min_height)
            } else {
                0.0
            };
            map.add((0, i), ((lo + hi) / 2.0, top), (lo, 0.0), (hi, y_top));
        }
    }
    Ok(map.sorted())
}

/// The bins worth a bar: a finite span the axis can show and a non-zero count.
fn bins(edges: &[f64], counts: &[u64], scale: AxisScale) -> Vec<(f64, f64, u64)> {
    edges
        .windows(2)
        .zip(counts)
        .filter_map(|(w, &count)| {
            let (lo, hi) = (w[0], w[1]);
            let shown = scale == AxisScale::Linear || lo > 0.0;
            (lo.is_finite() && hi.is_finite() && shown && hi > lo && count > 0)
                .then_some((lo, hi, count))
        })
        .collect()
}

/// The top of the count axis (the largest count plus a tenth, rounded up to the tick step) and the
/// step, which is whole so every label is an integer.
fn count_axis(max_count: u64) -> (f64, f64) {
    let wanted = max_count as f64 * 1.1;
    let step = nice_step(wanted, 6).max(1.0);
    let top = ((wanted / step).ceil() * step).max(step);
    (top, step)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::test_support::{self, fills, has_text, rects};

    const TICKS: [(f64, &str); 4] = [
        (1.0 / 60.0, "1 min"),
        (1.0, "1 h"),
        (24.0, "1 d"),
        (168.0, "1 wk"),
    ];

    fn render(chart: &HistogramChart<'_>) -> String {
        render_sized(chart, (640, 360))
    }

    fn render_sized(chart: &HistogramChart<'_>, size: (u32, u32)) -> String {
        test_support::render(size, |area| draw_histogram(area, chart))
    }

    fn chart<'a>(
        edges: &'a [f64],
        counts: &'a [u64],
        palette: &'a Palette,
        highlight_above: Option<(f64, String)>,
    ) -> HistogramChart<'a> {
        HistogramChart {
            x_label: "outage duration",
            y_label: "outages",
            edges,
            counts,
            x_ticks: &TICKS,
            highlight_above,
            palette,
            scale: 1.0,
        }
    }

    /// Edges 1 min .. 1000 h, four per decade.
    fn log_edges() -> Vec<f64> {
        (0..=20)
            .map(|i| (1.0 / 60.0) * 10f64.powf(f64::from(i) / 4.0))
            .collect()
    }

    #[test]
    fn draws_one_bar_per_non_empty_bin_with_named_ticks_and_the_threshold() {
        let edges = log_edges();
        let mut counts = vec![0u64; 20];
        for (i, c) in [(2, 5), (5, 40), (6, 120), (9, 33), (14, 1)] {
            counts[i] = c;
        }
        let p = Palette::light();
        let svg = render(&chart(
            &edges,
            &counts,
            &p,
            Some((24.0, "SLA credit".into())),
        ));
        assert!(svg.starts_with("<svg"));
        assert_eq!(fills(&svg, "#0072B2"), 5, "one bar per non-empty bin");
        for text in [
            "1 min",
            "1 h",
            "1 d",
            "1 wk",
            "outage duration",
            "outages",
            "SLA credit",
        ] {
            assert!(has_text(&svg, text), "missing label {text}");
        }
        // 120 × 1.1 = 132 rounds up to 150 in steps of 50; every label is whole.
        for text in ["0", "50", "100", "150"] {
            assert!(has_text(&svg, text), "missing count {text}");
        }
        assert!(!svg.contains(".5\n</text>"));
        // The threshold is dashed: several accent strokes, not one.
        assert!(svg.matches("stroke=\"#C41E3A\"").count() > 3);
        assert!(!has_text(&svg, "no data"));
    }

    #[test]
    fn a_single_rare_bin_among_thousands_stays_visible() {
        let edges = log_edges();
        let mut counts = vec![0u64; 20];
        counts[3] = 100_000;
        counts[18] = 1;
        let p = Palette::light();
        let svg = render(&chart(&edges, &counts, &p, None));
        let heights: Vec<i32> = rects(&svg, "#0072B2").iter().map(|r| r.3).collect();
        assert_eq!(heights.len(), 2);
        assert!(heights.iter().all(|&h| h >= 1), "{heights:?}");
    }

    #[test]
    fn a_threshold_label_that_would_run_off_the_plot_flips_left() {
        let edges = log_edges();
        let counts = vec![1u64; 20];
        let p = Palette::light();
        let label = "whole 30-day budget";
        // 2 h on a 300 px chart: left of two thirds, but the label does not fit to its right.
        let svg = render_sized(
            &chart(&edges, &counts, &p, Some((2.0, label.into()))),
            (300, 240),
        );
        let text = test_support::text_element(&svg, label);
        assert_eq!(
            test_support::attr(text, "text-anchor"),
            Some("end"),
            "{text}"
        );
        // With room on the right it stays there.
        let svg = render(&chart(&edges, &counts, &p, Some((2.0, label.into()))));
        let text = test_support::text_element(&svg, label);
        assert_ne!(
            test_support::attr(text, "text-anchor"),
            Some("end"),
            "{text}"
        );
    }

    #[test]
    fn the_threshold_outside_the_axis_is_left_out() {
        let edges = log_edges();
        let counts = vec![1u64; 20];
        let p = Palette::light();
        for x in [1e6, -1.0, f64::NAN, f64::INFINITY] {
            let svg = render(&chart(&edges, &counts, &p, Some((x, "SLA credit".into()))));
            assert!(!has_text(&svg, "SLA credit"), "x = {x}");
            assert!(!svg.contains("#C41E3A"), "x = {x}");
        }
    }

    #[test]
    fn empty_or_zero_data_draws_a_frame_that_says_no_data() {
        let p = Palette::dark();
        let edges = log_edges();
        let zeros = vec![0u64; 20];
        let cases: [(&[f64], &[u64]); 7] = [
            (&[], &[]),
            (&edges, &[]),
            (&edges, &zeros),
            (&[5.0], &[3]),
            (&[f64::NAN, f64::INFINITY, f64::NEG_INFINITY], &[4, 4]),
            (&[-2.0, -1.0, 0.0], &[7, 7]),
            (&[3.0, 3.0], &[9]),
        ];
        for (edges, counts) in cases {
            let svg = render(&chart(edges, counts, &p, Some((1.0, "t".into()))));
            assert!(has_text(&svg, "no data"), "{edges:?} {counts:?}");
            assert_eq!(fills(&svg, "#56B4E9"), 0, "no bars for {edges:?}");
            assert!(svg.contains("#181B22"), "dark background");
            // The frame keeps its count axis.
            assert!(has_text(&svg, "0"));
        }
    }

    #[test]
    fn bins_with_bad_edges_are_skipped_and_the_rest_drawn() {
        let p = Palette::light();
        let edges = [0.1, 1.0, f64::NAN, 10.0, 100.0, 50.0];
        let counts = [3, 4, 5, 6, 7];
        let svg = render(&chart(&edges, &counts, &p, None));
        // 0.1–1 and 10–100 survive; NaN neighbours and the descending bin do not.
        assert_eq!(fills(&svg, "#0072B2"), 2);
    }

    #[test]
    fn without_named_ticks_the_axis_shows_powers_of_ten() {
        let p = Palette::light();
        let edges = [0.01, 0.1, 1.0, 10.0, 100.0];
        let counts = [1, 2, 3, 4];
        let mut c = chart(&edges, &counts, &p, None);
        c.x_ticks = &[];
        let svg = render(&c);
        for text in ["0.01", "0.1", "1", "10", "100"] {
            assert!(has_text(&svg, text), "missing {text}");
        }
    }

    #[test]
    fn huge_counts_tiny_canvases_and_odd_scales_still_draw() {
        let p = Palette::light();
        let edges = [1.0, 2.0, 4.0];
        let counts = [u64::MAX, 1];
        for scale in [f64::NAN, 0.0, -1.0, 3.0, f64::INFINITY] {
            let mut c = chart(&edges, &counts, &p, Some((2.0, "x".into())));
            c.scale = scale;
            for size in [(640, 360), (30, 20), (1, 1)] {
                let svg = render_sized(&c, size);
                assert!(svg.starts_with("<svg"), "scale {scale} size {size:?}");
            }
        }
    }

    #[test]
    fn the_mapping_puts_bins_where_the_svg_draws_them_and_the_pointer_finds_them() {
        let edges = log_edges();
        let mut counts = vec![0u64; 20];
        counts[5] = 40;
        counts[6] = 120;
        counts[9] = 33;
        let p = Palette::light();
        let c = chart(&edges, &counts, &p, None);
        let (svg, map) = test_support::render_mapped((640, 360), |a| draw_histogram(a, &c));
        let bars = rects(&svg, "#0072B2");
        assert_eq!(bars.len(), 3);
        // Bars in drawing order are bins 5, 6 and 9; each rect's left edge and top are where
        // the mapping puts the bin's lower edge and its count (the right edge leaves a hairline).
        for (&(x, y, ..), i) in bars.iter().zip([5, 6, 9]) {
            let left = map.x.to_px(edges[i]).expect("on the axis");
            let top = map.y.to_px(counts[i] as f64).expect("on the axis");
            assert!((left - f64::from(x)).abs() <= 1.0, "bin {i}: {left} vs {x}");
            assert!((top - f64::from(y)).abs() <= 1.0, "bin {i}: {top} vs {y}");
        }
        // Every bin is a target, empty ones too, in order, marked at the top of its bar.
        assert_eq!(map.targets.len(), 20);
        assert!(
            map.targets
                .iter()
                .enumerate()
                .all(|(i, t)| t.index == i && t.series == 0)
        );
        let six = &map.targets[6];
        let top = map.y.to_px(120.0).expect("on the axis");
        assert!((six.y - top).abs() <= 1.0);
        // Anywhere over a bin's span picks it, above or below the bar's top.
        let mid = |i: usize| {
            let lo = map.x.to_px(edges[i]).expect("x");
            let hi = map.x.to_px(edges[i + 1]).expect("x");
            (lo + hi) / 2.0
        };
        assert_eq!(map.hit(mid(6), map.plot.top + 2.0), Some(6));
        assert_eq!(map.hit(mid(6), map.plot.bottom - 2.0), Some(6));
        assert_eq!(
            map.hit(mid(2), map.plot.bottom - 2.0),
            Some(2),
            "an empty bin"
        );
        // The pixel at a bin's middle maps back into it.
        let value = map.x.value_at(mid(9)).expect("a value");
        assert!(edges[9] < value && value < edges[10]);
        assert_eq!(
            map.hit(mid(9), map.plot.bottom + 5.0),
            None,
            "below the plot"
        );
    }

    #[test]
    fn count_axis_has_headroom_and_whole_steps() {
        assert_eq!(count_axis(0), (1.0, 1.0));
        assert_eq!(count_axis(1), (2.0, 1.0));
        assert_eq!(count_axis(120), (150.0, 50.0));
        assert_eq!(count_axis(1000), (1200.0, 200.0));
    }
}
