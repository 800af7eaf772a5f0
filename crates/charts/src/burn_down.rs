//! An error-budget burn-down: budget remaining over the SLO window against the even-spend line,
//! with each alert tier's firing periods in a strip above the plot and shaded across it.

use plotters::coord::Shift;
use plotters::element::DashedPathElement;
use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, Pos, VPos};

use crate::frame::{Frame, Mesh, SMALL_TEXT};
use crate::support::{
    clip_interval, clip_segment, multiples_in, nice_step, pixel_size, runs, truncate_label,
};
use crate::{Axis, Mapping, Palette};

/// Alert rows beyond this are not drawn: the palette repeats after six colours and a strip of
/// dozens of rows would leave no plot.
const MAX_TIERS: usize = 6;

/// Everything the chart shows, in model units.
#[derive(Clone, Debug)]
pub struct BurnDownChart<'a> {
    /// `(time_hours, budget_remaining)`, in time order; 1.0 is the whole budget, below 0 is
    /// overspent. Non-finite points break the line.
    pub points: &'a [(f64, f64)],
    /// The SLO window; the x axis runs from 0 to this, shown in days.
    pub window_hours: f64,
    /// Alert firings as `(fired_hours, cleared_hours, tier)`. A firing still open at the end can
    /// use the window end or `f64::INFINITY` as its clear time; NaN ones are skipped.
    pub firings: &'a [(f64, f64, usize)],
    /// One name per tier, e.g. `["page (1 h)", "page (6 h)", "ticket (3 d)"]`, shown beside the
    /// tier's row in the strip. Tier `i` is drawn in `palette.series(i + 2)`.
    pub tier_labels: &'a [&'a str],
    pub palette: &'a Palette,
    /// Device pixels per CSS pixel: text, lines and margins grow with it.
    pub scale: f64,
}

/// Draws the chart. Its targets are the budget's points on the plot, `(0, j)` for `points[j]`,
/// each picked over the plot's height, halfway to its neighbours in time. The x axis is in days.
pub fn draw_burn_down<DB: DrawingBackend>(
    area: &DrawingArea<DB, Shift>,
    chart: &BurnDownChart<'_>,
) -> Result<Mapping, DrawingAreaErrorKind<DB::ErrorType>> {
    let frame = Frame::new(chart.palette, chart.scale);
    let p = chart.palette;

    let points: Vec<(f64, f64)> = chart
        .points
        .iter()
        .map(|&(hours, budget)| (hours / 24.0, budget))
        .collect();
    let finite = || {
        points
            .iter()
            .filter(|(x, y)| x.is_finite() && y.is_finite())
    };
    let window_days = window_days(chart.window_hours, finite().map(|&(x, _)| x));
    let x_range = 0.0..window_days;
    let lowest = finite()
        .filter(|&&(x, _)| 0.0 <= x && x <= window_days)
        .map(|&(_, y)| y)
        .fold(-0.1f64, f64::min);
    let y_range = lowest..1.05;

    // A stray tier index must not stretch the strip, so only drawable tiers count.
    let tiers = chart
        .firings
        .iter()
        .map(|&(_, _, tier)| tier)
        .filter(|&tier| tier < MAX_TIERS)
        .map(|tier| tier + 1)
        .max()
        .unwrap_or(0)
        .max(chart.tier_labels.len())
        .min(MAX_TIERS);
    let row = frame.px(11.0);
    let strip = if tiers > 0 {
        row * tiers as u32 + frame.px(6.0)
    } else {
        0
    };

    let x_step = nice_step(window_days, 6);
    let y_step = nice_step(y_range.end - y_range.start, 4);
    // Enough decimals to tell the ticks apart, none when the step is whole.
    let decimals = (-x_step.log10()).ceil().clamp(0.0, 6.0) as usize;
    let x = Axis {
        ticks: multiples_in(&x_range, x_step, 20)
            .into_iter()
            .map(|x| (x, format!("{x:.decimals$}")))
            .collect(),
        ..Axis::linear().with_range(x_range.clone()).with_label("day")
    }
    .resolve(None, x_range.clone());
    let y = Axis {
        ticks: multiples_in(&y_range, y_step, 20)
            .into_iter()
            .map(|y| {
                let percent = y * 100.0;
                let label = if percent.is_finite() {
                    format!("{percent:.0}%")
                } else {
                    String::new()
                };
                (y, label)
            })
            .collect(),
        ..Axis::linear().with_range(y_range.clone())
    }
    .resolve(None, y_range.clone());
    let mut layout = frame.layout();
    layout.top += strip;
    let mut ctx = frame.plot(area, &layout, &x, &y, Mesh::default())?;

    let (plot_width, _) = pixel_size(ctx.plotting_area());
    let sliver = if plot_width > 0 {
        window_days * 1.5 * frame.scale / f64::from(plot_width)
    } else {
        0.0
    };
    let firings: Vec<(f64, f64, usize)> = chart
        .firings
        .iter()
        .filter(|&&(_, _, tier)| tier < tiers)
        .filter_map(|&(fired, cleared, tier)| {
            clip_interval((fired / 24.0, cleared / 24.0), &x_range, sliver)
                .map(|(from, to)| (from, to, tier))
        })
        .collect();

    // Shading first so the lines stay on top of it.
    ctx.draw_series(firings.iter().map(|&(from, to, tier)| {
        Rectangle::new(
            [(from, y_range.start), (to, y_range.end)],
            p.series(tier + 2).mix(0.12).filled(),
        )
    }))?;
    ctx.draw_series(std::iter::once(PathElement::new(
        vec![(0.0, 0.0), (window_days, 0.0)],
        p.foreground.stroke_width(frame.px(1.5)),
    )))?;

    let runs = runs(&points, &x_range, &y_range);
    if !runs.is_empty() {
        // Spending the budget evenly would land on 0% exactly at the window's end.
        if let Some((a, b)) = clip_segment((0.0, 1.0), (window_days, 0.0), &x_range, &y_range) {
            ctx.draw_series(std::iter::once(DashedPathElement::new(
                vec![a, b],
                frame.px(6.0),
                frame.px(4.0),
                p.muted.stroke_width(frame.px(1.5)),
            )))?;
        }
    }
    for run in &runs {
        if let [only] = run.as_slice() {
            ctx.draw_series(std::iter::once(Circle::new(
                *only,
                frame.px(3.0),
                p.series(0).filled(),
            )))?;
        } else {
            ctx.draw_series(std::iter::once(PathElement::new(
                run.clone(),
                p.series(0).stroke_width(frame.px(2.0)),
            )))?;
        }
    }

    if tiers > 0 {
        let base = area.get_base_pixel();
        let (left, right, plot_top, _) = frame.edges(area, &ctx);
        let strip_top = plot_top - strip as i32;
        let bar = frame.offset(6.0);
        let x_px = |x: f64| ctx.backend_coord(&(x, 0.0)).0 - base.0;
        for tier in 0..tiers {
            let mid = strip_top + (row as i32) * tier as i32 + row as i32 / 2;
            area.draw(&Rectangle::new(
                [(left, mid - 1), (right, mid + 1)],
                p.grid.filled(),
            ))?;
            for &(from, to, _) in firings.iter().filter(|f| f.2 == tier) {
                area.draw(&Rectangle::new(
                    [(x_px(from), mid - bar / 2), (x_px(to), mid + bar / 2)],
                    p.series(tier + 2).filled(),
                ))?;
            }
            if let Some(label) = chart.tier_labels.get(tier) {
                area.draw(&Text::new(
                    truncate_label(label, 16),
                    (left - frame.offset(6.0), mid),
                    frame
                        .font(SMALL_TEXT)
                        .color(&p.muted)
                        .pos(Pos::new(HPos::Right, VPos::Center)),
                ))?;
            }
        }
    }

    if runs.is_empty() {
        frame.no_data(&ctx)?;
    }
    area.present()?;
    let mut map = Mapping::of(area, &ctx, &x, &y);
    map.add_points(0, &points, &x_range, &y_range);
    Ok(map.sorted())
}

/// The window in days; without a usable one, the last finite point's time, or 30 days.
fn window_days(window_hours: f64, xs: impl Iterator<Item = f64>) -> f64 {
    let days = window_hours / 24.0;
    if days.is_finite() && days > 0.0 {
        return days;
    }
    let last = xs.fold(0.0f64, f64::max);
    if last.is_finite() && last > 0.0 {
        last
    } else {
        30.0
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::test_support::{self, fills, has_text};

    fn render(chart: &BurnDownChart<'_>) -> String {
        render_sized(chart, (720, 360))
    }

    fn render_sized(chart: &BurnDownChart<'_>, size: (u32, u32)) -> String {
        test_support::render(size, |area| draw_burn_down(area, chart))
    }

    const TIERS: [&str; 3] = ["page 1 h", "page 6 h", "ticket 3 d"];

    fn chart<'a>(
        points: &'a [(f64, f64)],
        firings: &'a [(f64, f64, usize)],
        palette: &'a Palette,
    ) -> BurnDownChart<'a> {
        BurnDownChart {
            points,
            window_hours: 30.0 * 24.0,
            firings,
            tier_labels: &TIERS,
            palette,
            scale: 1.0,
        }
    }

    #[test]
    fn draws_the_budget_the_ideal_the_zero_line_and_every_firing() {
        let p = Palette::light();
        // Steady burn, a bad day at day 10, then slowly overspent.
        let points: Vec<(f64, f64)> = (0..=720)
            .map(|h| {
                let h = f64::from(h);
                let bad_day = ((h - 216.0) / 24.0).clamp(0.0, 1.0) * 0.4;
                let spent = h / 900.0 + bad_day;
                (h, 1.0 - spent)
            })
            .collect();
        let firings = [
            (216.0, 241.0, 0),
            (220.0, 250.0, 1),
            (230.0, f64::INFINITY, 2),
        ];
        let svg = render(&chart(&points, &firings, &p));
        for text in ["100%", "50%", "0%", "day", "0", "10", "20", "30"] {
            assert!(has_text(&svg, text), "missing label {text}");
        }
        for text in TIERS {
            assert!(has_text(&svg, text), "missing tier {text}");
        }
        // One budget line in series 0, unbroken.
        assert_eq!(svg.matches("stroke=\"#0072B2\"").count(), 1);
        // The ideal line is dashed: several muted strokes as thick as it, where the axes are thin.
        assert!(svg.matches("stroke=\"#606775\" stroke-width=\"2\"").count() > 3);
        // The zero line in the foreground colour, thicker than the grid.
        assert!(svg.contains("stroke=\"#1C1F26\" stroke-width=\"2\""));
        // Each tier: a translucent shade over the plot plus a solid bar in the strip.
        for colour in ["#009E73", "#CC79A7", "#585858"] {
            assert_eq!(fills(&svg, colour), 2, "{colour}");
        }
        assert_eq!(svg.matches("opacity=\"0.12\"").count(), 3);
        assert!(!has_text(&svg, "no data"));
    }

    #[test]
    fn the_mapping_puts_budget_points_where_the_svg_draws_them() {
        let p = Palette::light();
        let points = [(0.0, 1.0), (240.0, 1.0), (241.0, 0.4), (720.0, 0.4)];
        let c = chart(&points, &[], &p);
        let (svg, map) = test_support::render_mapped((720, 360), |a| draw_burn_down(a, &c));
        let line = svg
            .lines()
            .find(|l| l.starts_with("<polyline") && l.contains("stroke=\"#0072B2\""))
            .expect("the budget line");
        let drawn = test_support::points(line);
        assert_eq!(drawn.len(), 4);
        for (&(hours, left), &(dx, dy)) in points.iter().zip(&drawn) {
            let px = map.x.to_px(hours / 24.0).expect("x in days");
            let py = map.y.to_px(left).expect("y");
            assert!((px - f64::from(dx)).abs() <= 1.0 && (py - f64::from(dy)).abs() <= 1.0);
        }
        assert_eq!(map.targets.len(), 4);
        // Day 25 is nearest the last point; day 9 the second.
        let at = |day: f64| map.hit(map.x.to_px(day).expect("x"), map.plot.top + 5.0);
        assert_eq!(at(25.0).map(|i| map.targets[i].index), Some(3));
        assert_eq!(at(9.0).map(|i| map.targets[i].index), Some(1));
    }

    #[test]
    fn an_overspent_budget_extends_the_axis_below_zero() {
        let p = Palette::light();
        let points = [(0.0, 1.0), (360.0, 0.2), (720.0, -0.8)];
        let svg = render(&chart(&points, &[], &p));
        assert!(has_text(&svg, "-50%"), "{svg}");
        assert!(has_text(&svg, "100%"));
        // No firings yet: the strip shows its empty rows with their names.
        assert_eq!(fills(&svg, "#E5E7EC"), 3);
        assert!(has_text(&svg, "ticket 3 d"));
    }

    #[test]
    fn non_finite_points_break_the_line_and_stray_firings_are_dropped() {
        let p = Palette::light();
        let points = [
            (0.0, 1.0),
            (100.0, 0.9),
            (150.0, f64::NAN),
            (200.0, 0.8),
            (300.0, 0.7),
            (f64::INFINITY, 0.5),
            (400.0, f64::NEG_INFINITY),
            (500.0, 0.6),
            (600.0, 0.5),
        ];
        let firings = [
            (f64::NAN, 10.0, 0),
            (10.0, f64::NAN, 0),
            (-50.0, -10.0, 1),
            (800.0, 900.0, 1),
            (10.0, 20.0, usize::MAX),
            (30.0, 40.0, 2),
        ];
        let svg = render(&chart(&points, &firings, &p));
        assert_eq!(svg.matches("stroke=\"#0072B2\"").count(), 3);
        assert_eq!(fills(&svg, "#585858"), 2, "only the one good firing");
        assert_eq!(fills(&svg, "#009E73") + fills(&svg, "#CC79A7"), 0);
        assert!(!svg.contains("NaN") && !svg.contains("inf"));
    }

    #[test]
    fn no_points_or_a_bad_window_still_draws_a_frame() {
        let p = Palette::dark();
        let one = [(5.0, 0.5)];
        let nan = [(f64::NAN, f64::NAN), (f64::NAN, 0.3)];
        // (points, window_hours, expect "no data")
        type Case<'a> = (&'a [(f64, f64)], f64, bool);
        let cases: [Case<'_>; 7] = [
            (&[], 720.0, true),
            (&nan, 720.0, true),
            (&one, 720.0, false),
            (&one, 0.0, false),
            (&one, f64::NAN, false),
            (&[], f64::NEG_INFINITY, true),
            (&[(0.0, 1.0), (0.0, 1.0)], 0.0, false),
        ];
        for (points, window_hours, empty) in cases {
            let mut c = chart(points, &[], &p);
            c.window_hours = window_hours;
            let svg = render(&c);
            assert_eq!(
                has_text(&svg, "no data"),
                empty,
                "{points:?} {window_hours}"
            );
            assert!(has_text(&svg, "100%") && has_text(&svg, "0%"));
            assert!(svg.contains("#181B22"), "dark background");
        }
        // A lone point shows as a dot.
        let svg = render(&chart(&one, &[], &p));
        assert_eq!(svg.matches("<circle").count(), 1);
    }

    #[test]
    fn extreme_values_tiny_canvases_and_odd_scales_still_draw() {
        let p = Palette::light();
        let points = [(0.0, 1.0), (1.0, -f64::MAX), (2.0, f64::MAX)];
        let firings = [(0.0, 1.0, 0)];
        for scale in [f64::NAN, 0.0, 4.0] {
            for size in [(720, 360), (30, 20), (1, 1)] {
                let mut c = chart(&points, &firings, &p);
                c.scale = scale;
                c.window_hours = 1e-300;
                let svg = render_sized(&c, size);
                assert!(svg.starts_with("<svg"));
                c.window_hours = f64::MAX;
                let svg = render_sized(&c, size);
                assert!(svg.starts_with("<svg"));
            }
        }
    }
}
