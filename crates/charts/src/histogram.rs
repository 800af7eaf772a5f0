//! A histogram on a logarithmic x axis (e.g. outage durations of a Monte Carlo run, in hours), with
//! named x ticks and an optional dashed threshold line.

use std::ops::Range;

use plotters::coord::Shift;
use plotters::element::DashedPathElement;
use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, Pos, VPos};

use crate::Palette;
use crate::support::{KeyedAxis, draw_no_data, multiples_in, nice_step, pixel_size, sane_scale};

/// Everything the chart shows, in model units.
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
    /// the edges are dropped; with none left the axis is labelled at powers of ten.
    pub x_ticks: &'a [(f64, &'a str)],
    /// A dashed vertical line at `x` with its label, e.g. the SLA-credit threshold; not drawn when
    /// `x` lies outside the edges.
    pub highlight_above: Option<(f64, String)>,
    pub palette: &'a Palette,
    /// Device pixels per CSS pixel: text, lines and margins grow with it.
    pub scale: f64,
}

pub fn draw_histogram<DB: DrawingBackend>(
    area: &DrawingArea<DB, Shift>,
    chart: &HistogramChart<'_>,
) -> Result<(), DrawingAreaErrorKind<DB::ErrorType>> {
    let scale = sane_scale(chart.scale);
    let s = |v: f64| (v * scale).round() as u32;
    let p = chart.palette;
    area.fill(&p.background)?;
    let font = |size: f64| ("sans-serif", size * scale).into_font();

    let bins = bins(chart.edges, chart.counts);
    // Without usable edges the frame still spans the named ticks, so an empty run looks like the
    // chart it will become.
    let x_range = positive_extent(chart.edges.iter().copied())
        .or_else(|| positive_extent(chart.x_ticks.iter().map(|&(v, _)| v)))
        .unwrap_or(1.0..100.0);
    let ticks = resolve_ticks(chart.x_ticks, &x_range);
    let max_count = bins.iter().map(|&(_, _, c)| c).max().unwrap_or(0);
    let (y_top, y_step) = count_axis(max_count);

    let mut ctx = ChartBuilder::on(area)
        .margin(s(10.0))
        .x_label_area_size(s(40.0))
        .y_label_area_size(s(56.0))
        .build_cartesian_2d(
            x_range
                .clone()
                .log_scale()
                .with_key_points(ticks.iter().map(|&(v, _)| v).collect()),
            KeyedAxis {
                range: 0.0..y_top,
                keys: multiples_in(&(0.0..y_top), y_step, 20),
            },
        )?;
    let x_formatter = |v: &f64| {
        ticks
            .iter()
            .find(|(t, _)| (t / v - 1.0).abs() < 1e-9)
            .map_or_else(String::new, |(_, l)| l.clone())
    };
    ctx.configure_mesh()
        .x_desc(chart.x_label)
        .y_desc(chart.y_label)
        .x_label_formatter(&x_formatter)
        .y_label_formatter(&|y| format!("{y:.0}"))
        .label_style(font(12.0).color(&p.muted))
        .axis_desc_style(font(13.0).color(&p.foreground))
        .axis_style(p.muted.stroke_width(s(1.0)))
        .bold_line_style(p.grid.stroke_width(s(1.0)))
        .max_light_lines(0)
        .draw()?;

    let (_, plot_height) = pixel_size(ctx.plotting_area());
    // A single rare outage among thousands would round to zero pixels; it matters most, so every
    // non-empty bin keeps at least a sliver.
    let min_height = if plot_height > 0 {
        y_top * 1.5 * scale / f64::from(plot_height)
    } else {
        0.0
    };
    let gap = s(1.0);
    let bars: Vec<_> = bins
        .iter()
        .map(|&(lo, hi, count)| {
            let mut bar = Rectangle::new(
                [(lo, 0.0), (hi, (count as f64).max(min_height))],
                p.series(0).filled(),
            );
            // A hairline between neighbours keeps bins countable, but only where the bar is wide
            // enough to spare it.
            let width = ctx.backend_coord(&(hi, 0.0)).0 - ctx.backend_coord(&(lo, 0.0)).0;
            if width > 3 * gap as i32 {
                bar.set_margin(0, 0, 0, gap);
            }
            bar
        })
        .collect();
    ctx.draw_series(bars)?;

    if let Some((x, label)) = &chart.highlight_above
        && x.is_finite()
        && x_range.start <= *x
        && *x <= x_range.end
    {
        ctx.draw_series(std::iter::once(DashedPathElement::new(
            vec![(*x, 0.0), (*x, y_top)],
            s(6.0),
            s(4.0),
            p.accent.stroke_width(s(2.0)),
        )))?;
        let base = area.get_base_pixel();
        let (px, py) = ctx.backend_coord(&(*x, y_top));
        let (plot_x, _) = ctx.plotting_area().get_pixel_range();
        // Past two thirds of the width the label would run off the plot, so it flips to the left.
        let flip = (px - plot_x.start) * 3 > (plot_x.end - plot_x.start) * 2;
        let (dx, h) = if flip {
            (-(s(5.0) as i32), HPos::Right)
        } else {
            (s(5.0) as i32, HPos::Left)
        };
        area.draw(&Text::new(
            label.as_str(),
            (px - base.0 + dx, py - base.1 + s(2.0) as i32),
            font(12.0).color(&p.accent).pos(Pos::new(h, VPos::Top)),
        ))?;
    }

    if bins.is_empty() {
        draw_no_data(&ctx.plotting_area().strip_coord_spec(), p, scale)?;
    }
    area.present()
}

/// The bins worth a bar: a finite positive span and a non-zero count.
fn bins(edges: &[f64], counts: &[u64]) -> Vec<(f64, f64, u64)> {
    edges
        .windows(2)
        .zip(counts)
        .filter_map(|(w, &count)| {
            let (lo, hi) = (w[0], w[1]);
            (lo.is_finite() && hi.is_finite() && lo > 0.0 && hi > lo && count > 0)
                .then_some((lo, hi, count))
        })
        .collect()
}

/// The smallest and largest finite positive value, widened to half a decade either side when they
/// coincide (a log axis needs width); `None` when there is no such value.
fn positive_extent(values: impl Iterator<Item = f64>) -> Option<Range<f64>> {
    let (lo, hi) =
        values
            .filter(|v| v.is_finite() && *v > 0.0)
            .fold(None, |acc: Option<(f64, f64)>, v| match acc {
                None => Some((v, v)),
                Some((lo, hi)) => Some((lo.min(v), hi.max(v))),
            })?;
    let (lo, hi) = if hi > lo {
        (lo, hi)
    } else {
        (lo / 10f64.sqrt(), hi * 10f64.sqrt())
    };
    (lo > 0.0 && hi > lo && hi.is_finite()).then_some(lo..hi)
}

/// The caller's ticks that fall on the axis, or powers of ten (every few, to stay under a dozen)
/// when none do, or the two ends when the axis is under a decade wide.
fn resolve_ticks(ticks: &[(f64, &str)], range: &Range<f64>) -> Vec<(f64, String)> {
    let inside =
        |v: f64| v.is_finite() && range.start * (1.0 - 1e-9) <= v && v <= range.end * (1.0 + 1e-9);
    let named: Vec<(f64, String)> = ticks
        .iter()
        .filter(|&&(v, _)| inside(v))
        .map(|&(v, l)| (v, l.to_string()))
        .collect();
    if !named.is_empty() {
        return named;
    }
    let first = range.start.log10().ceil();
    let last = range.end.log10().floor();
    if first > last {
        return [range.start, range.end]
            .into_iter()
            .map(|v| (v, short_number(v)))
            .collect();
    }
    let every = ((last - first + 1.0) / 12.0).ceil().max(1.0);
    multiples_in(&(first..last), every, 13)
        .into_iter()
        .map(|k| {
            let v = 10f64.powf(k);
            (v, short_number(v))
        })
        .collect()
}

/// A number for an axis label: plain where that is short, scientific beyond.
fn short_number(v: f64) -> String {
    if (1e-3..1e6).contains(&v.abs()) {
        let text = format!("{v:.3}");
        text.trim_end_matches('0').trim_end_matches('.').to_string()
    } else {
        format!("{v:.0e}")
    }
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
        let mut svg = String::new();
        {
            let area = SVGBackend::with_string(&mut svg, size).into_drawing_area();
            draw_histogram(&area, chart).expect("draws");
        }
        svg
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

    fn fills(svg: &str, color: &str) -> usize {
        svg.matches(&format!("fill=\"{color}\" stroke=\"none\""))
            .count()
    }

    fn has_text(svg: &str, text: &str) -> bool {
        svg.contains(&format!(">\n{text}\n</text>"))
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
        let heights: Vec<i32> = svg
            .split("<rect")
            .filter(|r| r.contains("fill=\"#0072B2\""))
            .map(|r| {
                let h = r.split("height=\"").nth(1).expect("height");
                h[..h.find('"').expect("quote")].parse().expect("number")
            })
            .collect();
        assert_eq!(heights.len(), 2);
        assert!(heights.iter().all(|&h| h >= 1), "{heights:?}");
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
    fn count_axis_has_headroom_and_whole_steps() {
        assert_eq!(count_axis(0), (1.0, 1.0));
        assert_eq!(count_axis(1), (2.0, 1.0));
        assert_eq!(count_axis(120), (150.0, 50.0));
        assert_eq!(count_axis(1000), (1200.0, 200.0));
    }
}
