//! A Gantt strip of up/down periods: one row per component, the whole system last, over a window
//! of hours.

use plotters::coord::Shift;
use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, Pos, VPos};

use crate::axis::ResolvedAxis;
use crate::frame::{Frame, Layout, Mesh, TICK_TEXT};
use crate::support::{
    clip_interval, label_width_css, multiples_in, nice_step, pixel_size, truncate_label,
};
use crate::{Axis, Mapping, Palette};

/// CSS pixels per lane, and everything else (margins, the tick labels, the gap before the system
/// lane): see [`timeline_height_css`].
const LANE_CSS: u32 = 22;
const CHROME_CSS: u32 = 50;
/// Labels longer than this are cut so a long component name cannot squeeze the plot away.
const MAX_LABEL_CHARS: usize = 24;
/// The gap before the system lane, in lanes.
const SYSTEM_GAP: f64 = 0.5;

/// Which colour and weight a lane gets.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum LaneKind {
    Component,
    /// The whole system: drawn last, below a gap, with thicker bars in the accent colour.
    System,
}

/// One row of the strip.
#[derive(Clone, Debug, PartialEq)]
pub struct TimelineLane<'a> {
    pub label: &'a str,
    /// Down periods as `(from_hours, to_hours)`. Order within a pair does not matter; periods are
    /// clipped to the window and NaN ones skipped; an instant still shows as a sliver.
    pub down: &'a [(f64, f64)],
    pub kind: LaneKind,
}

/// Everything the chart shows, in model units.
#[derive(Clone, Debug)]
pub struct TimelineChart<'a> {
    /// Rows top to bottom in this order, except that `System` lanes always come last.
    pub lanes: &'a [TimelineLane<'a>],
    /// The x axis runs from 0 to this many hours.
    pub window_hours: f64,
    pub palette: &'a Palette,
    /// Device pixels per CSS pixel: text, lines and margins grow with it.
    pub scale: f64,
}

/// The canvas height, in CSS pixels, that gives each of `lanes` rows about 22 px:
/// `lanes × 22 + 50`. The chart draws at any height; this is the one it is designed for.
pub fn timeline_height_css(lanes: usize) -> u32 {
    u32::try_from(lanes)
        .unwrap_or(u32::MAX)
        .saturating_mul(LANE_CSS)
        .saturating_add(CHROME_CSS)
}

/// Draws the chart. Its targets are the down periods on the strip: `(l, k)` for period `k` of
/// `lanes[l]`, each picked over its span (as drawn, so an instant is a sliver) and its lane's
/// height, its marker in the middle of the bar. The y axis counts lanes from the bottom.
pub fn draw_timeline<DB: DrawingBackend>(
    area: &DrawingArea<DB, Shift>,
    chart: &TimelineChart<'_>,
) -> Result<Mapping, DrawingAreaErrorKind<DB::ErrorType>> {
    let frame = Frame::new(chart.palette, chart.scale);
    let p = chart.palette;

    let window_ok = chart.window_hours.is_finite() && chart.window_hours > 0.0;
    // A broken window still gets a day-long frame, so the page keeps its shape while it says why.
    let window = if window_ok { chart.window_hours } else { 24.0 };
    let ticks = timeline_ticks(window);
    let has_data = window_ok && !chart.lanes.is_empty();

    let rows = if has_data {
        layout(chart.lanes)
    } else {
        Vec::new()
    };
    let total = rows.last().map_or(1.0, |r| r.top + 1.0);

    // Sized for the longest label as drawn, but never more than 40% of the width so the strip
    // keeps room.
    let longest = rows
        .iter()
        .map(|r| r.label.chars().count())
        .max()
        .unwrap_or(0);
    let (width, _) = pixel_size(area);
    let label_area = (label_width_css(longest) * frame.scale)
        .max(48.0 * frame.scale)
        .min(f64::from(width) * 0.4)
        .round() as u32;

    let layout = Layout {
        top: frame.px(8.0),
        right: frame.px(20.0),
        bottom: frame.px(4.0),
        left: frame.px(4.0),
        x_labels: frame.px(28.0),
        y_labels: label_area,
    };
    let x = Axis {
        ticks,
        ..Axis::linear().with_range(0.0..window)
    }
    .resolve(None, 0.0..24.0);
    // Rows carry their own labels: no ticks, grid or axis on y.
    let y = ResolvedAxis::bare(0.0..total);
    let mesh = Mesh {
        y_grid: false,
        y_axis: false,
        grid_opacity: 0.6,
        ..Mesh::default()
    };
    let mut ctx = frame.plot(area, &layout, &x, &y, mesh)?;

    let (plot_width, _) = pixel_size(ctx.plotting_area());
    let sliver = if plot_width > 0 {
        window * 1.5 * frame.scale / f64::from(plot_width)
    } else {
        0.0
    };
    let base = area.get_base_pixel();
    let (plot_left, ..) = frame.edges(area, &ctx);
    let mut map = Mapping::of(area, &ctx, &x, &y);
    for row in &rows {
        // y grows upwards in the chart, rows count downwards from the top.
        let centre = total - row.top - 0.5;
        let system = row.kind == LaneKind::System;
        let (up_half, down_half, colour) = if system {
            (0.12, 0.36, p.accent)
        } else {
            (0.08, 0.28, p.series(1))
        };
        ctx.draw_series(std::iter::once(Rectangle::new(
            [(0.0, centre - up_half), (window, centre + up_half)],
            p.grid.filled(),
        )))?;
        let window_range = 0.0..window;
        let periods: Vec<(usize, (f64, f64))> = row
            .down
            .iter()
            .enumerate()
            .filter_map(|(k, &d)| Some((k, clip_interval(d, &window_range, sliver)?)))
            .collect();
        ctx.draw_series(periods.iter().map(|&(_, (from, to))| {
            Rectangle::new(
                [(from, centre - down_half), (to, centre + down_half)],
                colour.filled(),
            )
        }))?;
        for &(k, (from, to)) in &periods {
            map.add(
                (row.lane, k),
                ((from + to) / 2.0, centre),
                (from, centre - 0.5),
                (to, centre + 0.5),
            );
        }
        let (_, py) = ctx.backend_coord(&(0.0, centre));
        let style = if system {
            frame.font(TICK_TEXT).style(FontStyle::Bold)
        } else {
            frame.font(TICK_TEXT)
        };
        area.draw(&Text::new(
            row.label.as_str(),
            (plot_left - frame.offset(8.0), py - base.1),
            style
                .color(&p.foreground)
                .pos(Pos::new(HPos::Right, VPos::Center)),
        ))?;
    }

    if !has_data {
        frame.no_data(&ctx)?;
    }
    area.present()?;
    Ok(map.sorted())
}

/// A lane placed on the strip: `top` is its upper edge in lanes from the top of the plot.
struct Row<'a> {
    /// Its place in the chart's `lanes`.
    lane: usize,
    top: f64,
    label: String,
    down: &'a [(f64, f64)],
    kind: LaneKind,
}

/// Components in the caller's order, then the system lanes below a gap.
fn layout<'a>(lanes: &'a [TimelineLane<'a>]) -> Vec<Row<'a>> {
    let components = lanes
        .iter()
        .enumerate()
        .filter(|(_, l)| l.kind == LaneKind::Component);
    let systems = lanes
        .iter()
        .enumerate()
        .filter(|(_, l)| l.kind == LaneKind::System);
    let gap = if lanes.iter().any(|l| l.kind == LaneKind::Component) {
        SYSTEM_GAP
    } else {
        0.0
    };
    let mut top = 0.0;
    let mut rows = Vec::with_capacity(lanes.len());
    let mut first_system = true;
    for (index, lane) in components.chain(systems) {
        if lane.kind == LaneKind::System && first_system {
            top += gap;
            first_system = false;
        }
        rows.push(Row {
            lane: index,
            top,
            label: truncate_label(lane.label, MAX_LABEL_CHARS),
            down: lane.down,
            kind: lane.kind,
        });
        top += 1.0;
    }
    rows
}

/// Tick positions (hours) and labels for a window: every hour up to 12 h, every 6 h up to two days,
/// daily up to two weeks, weekly up to 60 days, then every 30 days; the step grows by a round
/// multiple until there are at most a dozen intervals.
fn timeline_ticks(window_hours: f64) -> Vec<(f64, String)> {
    if !(window_hours.is_finite() && window_hours > 0.0) {
        return Vec::new();
    }
    let (step, in_hours) = match window_hours {
        w if w <= 12.0 => (1.0, true),
        w if w <= 48.0 => (6.0, true),
        w if w <= 14.0 * 24.0 => (24.0, false),
        w if w <= 60.0 * 24.0 => (7.0 * 24.0, false),
        _ => (30.0 * 24.0, false),
    };
    // Multiples that keep labels round: 2, 3, 6 or 12 months, then 1–2–5 steps of years.
    let needed = (window_hours / step / 12.0).ceil().max(1.0);
    let multiple = [1.0, 2.0, 3.0, 6.0, 12.0]
        .into_iter()
        .find(|&m| m >= needed)
        .unwrap_or_else(|| 12.0 * nice_step(needed / 12.0, 1));
    let step = step * multiple;
    multiples_in(&(0.0..window_hours), step, 14)
        .into_iter()
        .map(|h| {
            let label = if in_hours {
                format!("{h:.0} h")
            } else {
                format!("day {:.0}", h / 24.0)
            };
            (h, label)
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::test_support::{self, fills, has_text, rects, text_at};

    fn render(chart: &TimelineChart<'_>) -> String {
        let lanes = chart.lanes.len();
        render_sized(chart, (720, timeline_height_css(lanes)))
    }

    fn render_sized(chart: &TimelineChart<'_>, size: (u32, u32)) -> String {
        test_support::render(size, |area| draw_timeline(area, chart))
    }

    fn text_y(svg: &str, text: &str) -> i32 {
        text_at(svg, text).1
    }

    const WEEK: f64 = 7.0 * 24.0;

    #[test]
    fn draws_a_row_per_lane_with_the_system_last_and_apart() {
        let p = Palette::light();
        let lanes = [
            TimelineLane {
                label: "system",
                down: &[(30.0, 31.0)],
                kind: LaneKind::System,
            },
            TimelineLane {
                label: "db primary",
                down: &[(30.0, 33.0), (400.0, 402.0)],
                kind: LaneKind::Component,
            },
            TimelineLane {
                label: "load balancer",
                down: &[(100.0, 100.1)],
                kind: LaneKind::Component,
            },
        ];
        let svg = render(&TimelineChart {
            lanes: &lanes,
            window_hours: 4.0 * WEEK,
            palette: &p,
            scale: 1.0,
        });
        for text in [
            "system",
            "db primary",
            "load balancer",
            "day 0",
            "day 7",
            "day 14",
            "day 21",
            "day 28",
        ] {
            assert!(has_text(&svg, text), "missing label {text}");
        }
        assert_eq!(fills(&svg, "#E5E7EC"), 3, "one up bar per lane");
        assert_eq!(fills(&svg, "#D55E00"), 3, "component down periods");
        assert_eq!(fills(&svg, "#C41E3A"), 1, "system down period");
        assert!(
            svg.contains("font-weight=\"bold\""),
            "system label stands out"
        );
        // Components keep their order; the system goes below them, a gap further down.
        let (db, lb, sys) = (
            text_y(&svg, "db primary"),
            text_y(&svg, "load balancer"),
            text_y(&svg, "system"),
        );
        assert!(db < lb && lb < sys, "{db} {lb} {sys}");
        assert!(sys - lb > (lb - db) * 5 / 4, "{db} {lb} {sys}");
        // A six-minute outage on a four-week axis still shows.
        let widths: Vec<i32> = rects(&svg, "#D55E00").iter().map(|r| r.2).collect();
        assert!(widths.iter().all(|&w| w >= 1), "{widths:?}");
    }

    #[test]
    fn the_pointer_finds_the_down_period_under_it_or_the_nearest_in_its_lane() {
        let p = Palette::light();
        // The system lane first in the input: it is still drawn last.
        let lanes = [
            TimelineLane {
                label: "system",
                down: &[(30.0, 31.0)],
                kind: LaneKind::System,
            },
            TimelineLane {
                label: "db primary",
                down: &[(30.0, 33.0), (400.0, 402.0)],
                kind: LaneKind::Component,
            },
            TimelineLane {
                label: "load balancer",
                down: &[(f64::NAN, 1.0), (100.0, 100.1)],
                kind: LaneKind::Component,
            },
        ];
        let chart = TimelineChart {
            lanes: &lanes,
            window_hours: 4.0 * WEEK,
            palette: &p,
            scale: 1.0,
        };
        let (svg, map) = test_support::render_mapped((720, timeline_height_css(3)), |a| {
            draw_timeline(a, &chart)
        });
        // The db's first outage: drawn where the mapping puts hours 30 to 33.
        let db = rects(&svg, "#D55E00")[0];
        let from = map.x.to_px(30.0).expect("x");
        assert!((from - f64::from(db.0)).abs() <= 1.0, "{from} vs {db:?}");
        // Targets name (lane in the input, period in the lane), in time order of their middles;
        // the NaN period is not one.
        let keys: Vec<(usize, usize)> = map.targets.iter().map(|t| (t.series, t.index)).collect();
        assert_eq!(keys, [(0, 0), (1, 0), (2, 1), (1, 1)]);
        let system = &map.targets[0];
        assert!(system.y > map.targets[1].y, "the system lane is below");
        assert_eq!(map.hit(system.x, system.y), Some(0));
        // The load balancer's six minutes are a sliver; a pointer beside it in its lane finds it.
        let lb = &map.targets[2];
        assert_eq!(map.hit(lb.x + 6.0, lb.y), Some(2));
        // In the db's lane, far from both its outages: the nearer one.
        assert_eq!(
            map.hit(map.x.to_px(350.0).expect("x"), map.targets[1].y),
            Some(3)
        );
    }

    #[test]
    fn long_labels_are_cut_and_the_dark_theme_applies() {
        let p = Palette::dark();
        let long = "replicated-object-storage-gateway-west";
        let lanes = [TimelineLane {
            label: long,
            down: &[],
            kind: LaneKind::Component,
        }];
        let svg = render(&TimelineChart {
            lanes: &lanes,
            window_hours: 36.0,
            palette: &p,
            scale: 2.0,
        });
        assert!(has_text(&svg, "replicated-object-stora…"));
        assert!(!svg.contains(long));
        assert!(has_text(&svg, "0 h") && has_text(&svg, "6 h") && has_text(&svg, "36 h"));
        assert!(svg.contains("#181B22"));
        assert_eq!(fills(&svg, "#E69F00"), 0, "nothing down");
    }

    #[test]
    fn bad_periods_are_clipped_or_skipped() {
        let p = Palette::light();
        let lanes = [TimelineLane {
            label: "disk",
            down: &[
                (f64::NAN, 3.0),
                (5.0, f64::NAN),
                (-10.0, 2.0),
                (20.0, f64::INFINITY),
                (f64::NEG_INFINITY, f64::INFINITY),
                (9.0, 7.0),
                (100.0, 200.0),
                (-5.0, -1.0),
            ],
            kind: LaneKind::Component,
        }];
        let svg = render(&TimelineChart {
            lanes: &lanes,
            window_hours: 24.0,
            palette: &p,
            scale: 1.0,
        });
        assert_eq!(fills(&svg, "#D55E00"), 4);
        assert!(!svg.contains("NaN") && !svg.contains("inf"));
    }

    #[test]
    fn no_lanes_or_a_bad_window_draws_a_frame_that_says_no_data() {
        let p = Palette::light();
        let lane = [TimelineLane {
            label: "app",
            down: &[(1.0, 2.0)],
            kind: LaneKind::System,
        }];
        let cases: [(&[TimelineLane<'_>], f64); 5] = [
            (&[], 24.0),
            (&lane, 0.0),
            (&lane, -5.0),
            (&lane, f64::NAN),
            (&lane, f64::INFINITY),
        ];
        for (lanes, window_hours) in cases {
            let svg = render(&TimelineChart {
                lanes,
                window_hours,
                palette: &p,
                scale: 1.0,
            });
            assert!(has_text(&svg, "no data"), "{window_hours}");
            assert!(has_text(&svg, "0 h"), "the frame keeps its axis");
            assert_eq!(fills(&svg, "#C41E3A"), 0);
        }
    }

    #[test]
    fn tiny_canvases_and_odd_scales_still_draw() {
        let p = Palette::light();
        let lanes = [TimelineLane {
            label: "a lane with a name",
            down: &[(1.0, 2.0)],
            kind: LaneKind::Component,
        }];
        for scale in [f64::NAN, 0.0, 3.0] {
            for size in [(720, 72), (40, 20), (1, 1)] {
                let svg = render_sized(
                    &TimelineChart {
                        lanes: &lanes,
                        window_hours: 1e300,
                        palette: &p,
                        scale,
                    },
                    size,
                );
                assert!(svg.starts_with("<svg"));
            }
        }
    }

    #[test]
    fn ticks_follow_the_window() {
        let labels =
            |w: f64| -> Vec<String> { timeline_ticks(w).into_iter().map(|(_, l)| l).collect() };
        assert_eq!(
            labels(6.0),
            ["0 h", "1 h", "2 h", "3 h", "4 h", "5 h", "6 h"]
        );
        assert_eq!(labels(24.0), ["0 h", "6 h", "12 h", "18 h", "24 h"]);
        assert_eq!(labels(3.0 * 24.0), ["day 0", "day 1", "day 2", "day 3"]);
        assert_eq!(
            labels(30.0 * 24.0),
            ["day 0", "day 7", "day 14", "day 21", "day 28"]
        );
        assert_eq!(labels(365.0 * 24.0)[..3], ["day 0", "day 60", "day 120"]);
        assert_eq!(labels(90.0 * 24.0), ["day 0", "day 30", "day 60", "day 90"]);
        assert_eq!(labels(10.0 * 365.0 * 24.0).len(), 11);
        assert!(labels(0.0).is_empty() && labels(f64::NAN).is_empty());
        assert!(labels(1e300).len() <= 13);
    }

    #[test]
    fn height_is_22_px_a_lane_plus_50() {
        assert_eq!(timeline_height_css(0), 50);
        assert_eq!(timeline_height_css(4), 138);
        assert_eq!(timeline_height_css(usize::MAX), u32::MAX);
    }
}
