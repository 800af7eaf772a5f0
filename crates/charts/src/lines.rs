//! Lines on linear or log axes, with confidence bands under them, error bars and a vertical
//! marker; and the downtime page's log-y preset.

use std::ops::Range;

use plotters::coord::Shift;
use plotters::prelude::*;

use crate::axis::{AxisScale, ResolvedAxis, fit};
use crate::frame::{Frame, Layout, Mesh, Plot, TICK_TEXT};
use crate::support::{clip_polygon, runs};
use crate::{Axis, Mapping, Palette};

/// One named line, in the colour of its place in the chart's `series`.
#[derive(Clone, Debug, PartialEq)]
pub struct LineSeries {
    /// Shown in the legend; empty shows none.
    pub label: String,
    /// `(x, y)` in drawing order; a point the axes cannot show breaks the line.
    pub points: Vec<(f64, f64)>,
}

/// A vertical line at `x`, labelled, with a dot where it meets each series.
#[derive(Clone, Debug, PartialEq)]
pub struct Marker {
    pub x: f64,
    /// Shown in the legend; empty shows none.
    pub label: String,
}

/// A filled band from `lo` to `hi` (e.g. a confidence interval), drawn under every line.
#[derive(Clone, Debug, PartialEq)]
pub struct Band {
    /// The series it belongs to, whose colour it takes.
    pub series: usize,
    /// `(x, lo, hi)` in increasing x; a point the axes cannot show splits the band.
    pub points: Vec<(f64, f64, f64)>,
}

/// Points with vertical whiskers from `lo` to `hi`.
#[derive(Clone, Debug, PartialEq)]
pub struct ErrorBars {
    /// Shown in the legend; empty shows none.
    pub label: String,
    /// Takes the colour of this series.
    pub series: usize,
    /// `(x, y, lo, hi)`; points whose `x` or `y` the axes cannot show, or with a NaN end, are
    /// skipped; whiskers that run off the plot (to ±∞, or below 0 on a log axis) stop at its edge
    /// without a cap.
    pub points: Vec<(f64, f64, f64, f64)>,
}

/// Everything the chart shows, in model units. Start from [`LinesChart::new`]:
///
/// ```
/// use sdlab_charts::{Axis, LineSeries, LinesChart, Palette};
/// let palette = Palette::light();
/// let series = [LineSeries { label: "p99".into(), points: vec![(1.0, 2.0), (2.0, 3.5)] }];
/// let chart = LinesChart {
///     x: Axis::linear().with_label("replicas"),
///     y: Axis::log10().with_label("latency (ms)"),
///     series: &series,
///     ..LinesChart::new(&palette)
/// };
/// # let _ = chart;
/// ```
#[derive(Clone, Debug)]
pub struct LinesChart<'a> {
    /// Without a range, each axis fits everything drawn (the y axis with 5% to spare).
    pub x: Axis,
    pub y: Axis,
    pub series: &'a [LineSeries],
    pub bands: &'a [Band],
    pub error_bars: &'a [ErrorBars],
    /// Drawn only when `x` is on the axis.
    pub marker: Option<Marker>,
    pub palette: &'a Palette,
    /// Device pixels per CSS pixel: text, lines and margins grow with it.
    pub scale: f64,
    /// Draw the legend inside the plot; pages with little room show an HTML legend instead.
    pub legend: bool,
}

impl<'a> LinesChart<'a> {
    /// Linear axes fitted to the data, nothing to draw, a legend, scale 1.
    pub fn new(palette: &'a Palette) -> Self {
        LinesChart {
            x: Axis::linear(),
            y: Axis::linear(),
            series: &[],
            bands: &[],
            error_bars: &[],
            marker: None,
            palette,
            scale: 1.0,
            legend: true,
        }
    }
}

/// The downtime page's chart: lines on a linear x axis (a tick per whole number, up to a dozen)
/// and a logarithmic y axis with named ticks.
#[derive(Clone, Debug)]
pub struct LogLinesChart<'a> {
    pub x_label: &'a str,
    pub y_label: &'a str,
    pub x_range: Range<f64>,
    /// Must be positive: the y axis is logarithmic.
    pub y_range: Range<f64>,
    /// Tick positions on the y axis with their labels, e.g. `(3600.0, "1 h")`.
    pub y_ticks: &'a [(f64, &'a str)],
    pub series: &'a [LineSeries],
    pub marker: Option<Marker>,
    pub palette: &'a Palette,
    /// Device pixels per CSS pixel: text, lines and margins grow with it.
    pub scale: f64,
    /// Draw the legend inside the plot; pages with little room show an HTML legend instead.
    pub legend: bool,
}

/// Draws the chart; its targets are those of [`draw_lines`].
pub fn draw_log_lines<DB: DrawingBackend>(
    area: &DrawingArea<DB, Shift>,
    chart: &LogLinesChart<'_>,
) -> Result<Mapping, DrawingAreaErrorKind<DB::ErrorType>> {
    let r = &chart.x_range;
    let (first, last) = (r.start.min(r.end).ceil(), r.start.max(r.end).floor());
    let whole: Vec<(f64, String)> = if last - first < 12.0 {
        (0..12)
            .map(|i| first + f64::from(i))
            .take_while(|&v| v <= last)
            .map(|v| (v, format!("{v:.0}")))
            .collect()
    } else {
        Vec::new()
    };
    let x = Axis {
        ticks: whole,
        ..Axis::linear()
            .with_range(chart.x_range.clone())
            .with_label(chart.x_label)
    };
    let y = Axis::log10()
        .with_range(chart.y_range.start.max(f64::MIN_POSITIVE)..chart.y_range.end)
        .with_label(chart.y_label)
        .with_ticks(chart.y_ticks);
    draw_lines(
        area,
        &LinesChart {
            x,
            y,
            series: chart.series,
            marker: chart.marker.clone(),
            scale: chart.scale,
            legend: chart.legend,
            ..LinesChart::new(chart.palette)
        },
    )
}

/// Draws the chart. Its targets are the points on the plot: series `i`'s point `j` as
/// `(i, j)`, then error bar set `k`'s point `j` as `(series.len() + k, j)`; each is picked over
/// the plot's height, halfway to its neighbours in x.
pub fn draw_lines<DB: DrawingBackend>(
    area: &DrawingArea<DB, Shift>,
    chart: &LinesChart<'_>,
) -> Result<Mapping, DrawingAreaErrorKind<DB::ErrorType>> {
    let frame = Frame::new(chart.palette, chart.scale);
    let p = chart.palette;

    let xs = chart
        .series
        .iter()
        .flat_map(|s| s.points.iter().map(|&(x, _)| x))
        .chain(
            chart
                .bands
                .iter()
                .flat_map(|b| b.points.iter().map(|&(x, ..)| x)),
        )
        .chain(
            chart
                .error_bars
                .iter()
                .flat_map(|e| e.points.iter().map(|&(x, ..)| x)),
        );
    let ys = chart
        .series
        .iter()
        .flat_map(|s| s.points.iter().map(|&(_, y)| y))
        .chain(
            chart
                .bands
                .iter()
                .flat_map(|b| b.points.iter().flat_map(|&(_, lo, hi)| [lo, hi])),
        )
        .chain(
            chart
                .error_bars
                .iter()
                .flat_map(|e| e.points.iter().flat_map(|&(_, y, lo, hi)| [y, lo, hi])),
        );
    let fallback = |scale| match scale {
        AxisScale::Linear => 0.0..1.0,
        AxisScale::Log10 => 1.0..10.0,
    };
    let x = chart
        .x
        .resolve(fit(xs, chart.x.scale, 0.0), fallback(chart.x.scale));
    let y = chart
        .y
        .resolve(fit(ys, chart.y.scale, 0.05), fallback(chart.y.scale));
    // Room for y labels such as "1 min" or "0.001".
    let layout = Layout {
        y_labels: frame.px(64.0),
        ..frame.layout()
    };
    let mut plot = frame.plot(area, &layout, &x, &y, Mesh::default())?;
    let (x_box, y_box) = (x.plot_range(), y.plot_range());
    let mut drawn = false;
    let mut legend: Vec<(&str, Swatch)> = Vec::new();

    for band in chart.bands {
        let colour = p.series(band.series).mix(0.2);
        for polygon in band_polygons(band, &x, &y) {
            let clipped = clip_polygon(&polygon, &x_box, &y_box);
            if clipped.len() >= 3 {
                plot.draw_series(std::iter::once(Polygon::new(clipped, colour.filled())))?;
                drawn = true;
            }
        }
    }

    let placed: Vec<Vec<(f64, f64)>> = chart
        .series
        .iter()
        .map(|s| place(&s.points, &x, &y))
        .collect();
    let line_width = frame.px(2.0);
    for (i, (series, points)) in chart.series.iter().zip(&placed).enumerate() {
        let colour = p.series(i);
        let runs = runs(points, &x_box, &y_box);
        drawn |= !runs.is_empty();
        let lines = runs.iter().filter(|r| r.len() > 1);
        plot.draw_series(
            lines.map(|r| PathElement::new(r.clone(), colour.stroke_width(line_width))),
        )?;
        if !series.label.is_empty() {
            legend.push((series.label.as_str(), Swatch::Line(colour)));
        }
        let dots = runs.iter().filter_map(|r| match r.as_slice() {
            [only] => Some(Circle::new(*only, frame.px(3.0), colour.filled())),
            _ => None,
        });
        plot.draw_series(dots)?;
    }

    for bars in chart.error_bars {
        drawn |= draw_error_bars(&mut plot, &frame, bars, &x, &y)?;
        if !bars.label.is_empty() {
            legend.push((bars.label.as_str(), Swatch::Dot(p.series(bars.series))));
        }
    }

    if let Some(marker) = &chart.marker
        && let Some(mx) = x.to_plot(marker.x)
        && x_box.start <= mx
        && mx <= x_box.end
    {
        let accent = p.accent;
        plot.draw_series(std::iter::once(PathElement::new(
            vec![(mx, y_box.start), (mx, y_box.end)],
            accent.stroke_width(line_width),
        )))?;
        if !marker.label.is_empty() {
            legend.push((marker.label.as_str(), Swatch::Line(accent)));
        }
        for (i, points) in placed.iter().enumerate() {
            if let Some(my) = interpolate(points, mx)
                && y_box.start <= my
                && my <= y_box.end
            {
                plot.draw_series(std::iter::once(Circle::new(
                    (mx, my),
                    frame.px(4.0),
                    p.series(i).filled(),
                )))?;
            }
        }
    }

    if chart.legend && !legend.is_empty() {
        draw_legend(&plot, &frame, &legend)?;
    }
    if !drawn {
        frame.no_data(&plot)?;
    }
    area.present()?;

    let mut map = Mapping::of(area, &plot, &x, &y);
    let error_points = chart.error_bars.iter().map(|e| {
        let points: Vec<(f64, f64)> = e.points.iter().map(|&(px, py, ..)| (px, py)).collect();
        place(&points, &x, &y)
    });
    for (i, points) in placed.into_iter().chain(error_points).enumerate() {
        map.add_points(i, &points, &x_box, &y_box);
    }
    Ok(map.sorted())
}

/// Points in plot space; one the axes cannot show becomes NaN, which breaks the line there.
fn place(points: &[(f64, f64)], x: &ResolvedAxis, y: &ResolvedAxis) -> Vec<(f64, f64)> {
    points
        .iter()
        .map(|&(px, py)| match (x.to_plot(px), y.to_plot(py)) {
            (Some(px), Some(py)) => (px, py),
            _ => (f64::NAN, f64::NAN),
        })
        .collect()
}

/// The band as polygons in plot space, one per run of drawable points: along the top from left to
/// right, back along the bottom.
fn band_polygons(band: &Band, x: &ResolvedAxis, y: &ResolvedAxis) -> Vec<Vec<(f64, f64)>> {
    let mut polygons = Vec::new();
    let mut run: Vec<(f64, f64, f64)> = Vec::new();
    let close = |run: &mut Vec<(f64, f64, f64)>, polygons: &mut Vec<Vec<(f64, f64)>>| {
        if run.len() >= 2 {
            let top = run.iter().map(|&(px, _, hi)| (px, hi));
            let bottom = run.iter().rev().map(|&(px, lo, _)| (px, lo));
            polygons.push(top.chain(bottom).collect());
        }
        run.clear();
    };
    for &(px, lo, hi) in &band.points {
        // Placed before ordering: `f64::min` would quietly drop a NaN.
        match (x.to_plot(px), y.to_plot(lo), y.to_plot(hi)) {
            (Some(px), Some(lo), Some(hi)) => run.push((px, lo.min(hi), lo.max(hi))),
            _ => close(&mut run, &mut polygons),
        }
    }
    close(&mut run, &mut polygons);
    polygons
}

/// A whisker and a dot per point; whether anything was drawn.
fn draw_error_bars<DB: DrawingBackend>(
    plot: &mut Plot<'_, DB>,
    frame: &Frame<'_>,
    bars: &ErrorBars,
    x: &ResolvedAxis,
    y: &ResolvedAxis,
) -> Result<bool, DrawingAreaErrorKind<DB::ErrorType>> {
    let colour = frame.palette.series(bars.series);
    let (x_box, y_box) = (x.plot_range(), y.plot_range());
    let mut drawn = false;
    for &(px, py, lo, hi) in &bars.points {
        let (Some(px), Some(py)) = (x.to_plot(px), y.to_plot(py)) else {
            continue;
        };
        if !(x_box.start <= px && px <= x_box.end) {
            continue;
        }
        drawn |= frame.whisker(plot, px, (lo, hi), y, colour)?;
        if y_box.start <= py && py <= y_box.end {
            plot.draw_series(std::iter::once(Circle::new(
                (px, py),
                frame.px(3.5),
                colour.filled(),
            )))?;
            drawn = true;
        }
    }
    Ok(drawn)
}

/// How a legend entry shows its series.
enum Swatch {
    Line(RGBColor),
    Dot(RGBColor),
}

/// The legend in the plot's lower left corner: a box of the background with a border, a
/// swatch and a label per entry. Drawn here rather than by plotters' series labels, whose
/// default font is looked up by name through Unicode case tables the app does not otherwise need.
fn draw_legend<DB: DrawingBackend>(
    plot: &Plot<'_, DB>,
    frame: &Frame<'_>,
    entries: &[(&str, Swatch)],
) -> Result<(), DrawingAreaErrorKind<DB::ErrorType>> {
    const MARGIN: i32 = 10;
    const SWATCH_AREA: i32 = 30;
    // A font that cannot be measured leaves the legend out of the layout.
    let font_error = |_| DrawingAreaErrorKind::LayoutError;
    let p = frame.palette;
    let area = plot.plotting_area().strip_coord_spec();
    let font = frame.font(TICK_TEXT).color(&p.foreground);
    let mut text = MultiLineText::<_, &str>::new((0, 0), &font);
    for &(label, _) in entries {
        text.push_line(label);
    }
    let (w, h) = text.estimate_dimension().map_err(font_error)?;
    let (w, h) = (w + SWATCH_AREA + 2 * MARGIN, h + 2 * MARGIN);
    let (x0, y0) = (5, area.dim_in_pixel().1 as i32 - h - 5);
    text.relocate((x0 + SWATCH_AREA + MARGIN, y0 + MARGIN));
    let corners = [(x0, y0), (x0 + w, y0 + h)];
    area.draw(&Rectangle::new(corners, p.background.mix(0.9).filled()))?;
    area.draw(&Rectangle::new(corners, p.grid))?;
    area.draw(&text)?;
    let lines = text.compute_line_layout().map_err(font_error)?;
    let (line_width, swatch) = (frame.px(2.0), frame.offset(18.0));
    for (((_, top), (_, bottom)), (_, kind)) in lines.into_iter().zip(entries) {
        let (x, y) = (x0 + MARGIN, (top + bottom) / 2);
        match *kind {
            Swatch::Line(c) => area.draw(&PathElement::new(
                vec![(x, y), (x + swatch, y)],
                c.stroke_width(line_width + 1),
            ))?,
            Swatch::Dot(c) => area.draw(&Circle::new(
                (x + frame.offset(9.0), y),
                frame.px(3.5),
                c.filled(),
            ))?,
        }
    }
    Ok(())
}

/// y at `x` on a polyline in plot space given in increasing x; `None` outside it or at a gap.
fn interpolate(points: &[(f64, f64)], x: f64) -> Option<f64> {
    points.windows(2).find_map(|w| {
        let ((x0, y0), (x1, y1)) = (w[0], w[1]);
        let finite = [x0, y0, x1, y1].iter().all(|v| v.is_finite());
        (finite && x0 <= x && x <= x1 && x1 > x0).then(|| y0 + (x - x0) / (x1 - x0) * (y1 - y0))
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::test_support::{self, attr, count, elements, has_text, num, points, text_at};

    fn render(chart: &LogLinesChart<'_>) -> String {
        test_support::render((640, 360), |area| draw_log_lines(area, chart))
    }

    fn render_lines(chart: &LinesChart<'_>) -> String {
        test_support::render((640, 360), |area| draw_lines(area, chart))
    }

    fn sample(palette: &Palette, marker: Option<Marker>) -> String {
        let series = [
            LineSeries {
                label: "per day".into(),
                points: vec![(1.0, 8640.0), (7.0, 0.00864)],
            },
            LineSeries {
                label: "per year".into(),
                points: vec![(1.0, 3.1536e6), (7.0, 3.1536)],
            },
        ];
        render(&LogLinesChart {
            x_label: "nines",
            y_label: "allowed downtime",
            x_range: 1.0..7.0,
            y_range: 1e-3..1e8,
            y_ticks: &[
                (1.0, "1 s"),
                (60.0, "1 min"),
                (3600.0, "1 h"),
                (86400.0, "1 d"),
            ],
            series: &series,
            marker,
            palette,
            scale: 1.0,
            legend: true,
        })
    }

    #[test]
    fn draws_every_series_tick_and_legend_entry() {
        let svg = sample(
            &Palette::light(),
            Some(Marker {
                x: 3.3,
                label: "99.95%".into(),
            }),
        );
        assert!(svg.starts_with("<svg"), "{}", &svg[..40]);
        for text in [
            "1 s", "1 min", "1 h", "1 d", "per day", "per year", "99.95%", "nines",
        ] {
            assert!(has_text(&svg, text), "missing label {text}");
        }
        // Two series lines plus the marker line are polylines in the series colours.
        assert!(svg.contains("#0072B2"), "first series colour");
        assert!(svg.contains("#D55E00"), "second series colour");
        assert!(svg.contains("#C41E3A"), "marker colour");
        // One dot per series where the marker crosses it.
        assert_eq!(svg.matches("<circle").count(), 2);
    }

    #[test]
    fn without_a_marker_there_are_no_dots_and_the_theme_changes_the_background() {
        let svg = sample(&Palette::dark(), None);
        assert_eq!(svg.matches("<circle").count(), 0);
        assert!(svg.contains("#181B22"), "dark background");
        assert!(!svg.contains("#FFFFFF"));
    }

    /// The first polyline drawn in `colour`, as pixels.
    fn line_in(svg: &str, colour: &str) -> Vec<(i32, i32)> {
        let line = elements(svg, "polyline")
            .into_iter()
            .find(|l| attr(l, "stroke") == Some(colour))
            .unwrap_or_else(|| panic!("no line in {colour}"));
        points(line)
    }

    fn near(px: f64, drawn: i32) -> bool {
        (px - f64::from(drawn)).abs() <= 1.0
    }

    #[test]
    fn the_mapping_puts_points_where_the_svg_draws_them_on_linear_and_log_axes() {
        let p = Palette::light();
        let series = [LineSeries {
            label: String::new(),
            points: vec![(2.0, 10.0), (5.0, 300.0), (8.0, 100.0)],
        }];
        for y in [Axis::linear(), Axis::log10()] {
            let chart = LinesChart {
                x: Axis::linear().with_range(0.0..10.0),
                y: y.with_range(1.0..1000.0),
                series: &series,
                ..LinesChart::new(&p)
            };
            let (svg, map) = test_support::render_mapped((640, 360), |a| draw_lines(a, &chart));
            let drawn = line_in(&svg, "#0072B2");
            assert_eq!(drawn.len(), 3);
            for (&(x, y), &(dx, dy)) in series[0].points.iter().zip(&drawn) {
                let (px, py) = (map.x.to_px(x).expect("x"), map.y.to_px(y).expect("y"));
                assert!(
                    near(px, dx) && near(py, dy),
                    "{x},{y}: {px},{py} vs {dx},{dy}"
                );
                let back = map.y.value_at(py).expect("a value");
                assert!((back / y - 1.0).abs() < 1e-9, "{back} vs {y}");
            }
            // One target per point, at the point; each picked where the pointer is over it.
            assert_eq!(map.targets.len(), 3);
            for (j, (t, &(dx, dy))) in map.targets.iter().zip(&drawn).enumerate() {
                assert_eq!((t.series, t.index), (0, j));
                assert!(near(t.x, dx) && near(t.y, dy));
                assert_eq!(map.hit(t.x, t.y), Some(j));
                assert_eq!(
                    map.hit(t.x, map.plot.top + 1.0),
                    Some(j),
                    "anywhere above it"
                );
            }
            // Halfway between the first two points in x is where the second takes over.
            let (a, b) = (&map.targets[0], &map.targets[1]);
            assert_eq!(map.hit(a.x + (b.x - a.x) * 0.45, a.y), Some(0));
            assert_eq!(map.hit(a.x + (b.x - a.x) * 0.55, a.y), Some(1));
            assert_eq!(map.hit(map.plot.left - 5.0, a.y), None, "left of the plot");
        }
    }

    #[test]
    fn between_lines_the_pointer_picks_the_nearer_one() {
        let (svg, map) = {
            let p = Palette::light();
            let series = [
                LineSeries {
                    label: "per day".into(),
                    points: (1..=7)
                        .map(|n| (f64::from(n), 86_400.0 * 10f64.powi(-n)))
                        .collect(),
                },
                LineSeries {
                    label: "per year".into(),
                    points: (1..=7)
                        .map(|n| (f64::from(n), 3.1536e7 * 10f64.powi(-n)))
                        .collect(),
                },
            ];
            let chart = LogLinesChart {
                x_label: "nines",
                y_label: "allowed downtime",
                x_range: 1.0..7.0,
                y_range: 1e-3..1e8,
                y_ticks: &[(1.0, "1 s"), (3600.0, "1 h")],
                series: &series,
                marker: None,
                palette: &p,
                scale: 2.0,
                legend: false,
            };
            test_support::render_mapped((1280, 720), |a| draw_log_lines(a, &chart))
        };
        assert!(svg.starts_with("<svg"));
        assert_eq!(map.targets.len(), 14);
        // Stepping order: by nines, the year line (higher up) before the day line.
        let order: Vec<(usize, usize)> = map.targets.iter().map(|t| (t.series, t.index)).collect();
        assert_eq!(order[..4], [(1, 0), (0, 0), (1, 1), (0, 1)]);
        let at = |series: usize, index: usize| {
            map.targets
                .iter()
                .position(|t| (t.series, t.index) == (series, index))
                .expect("a target")
        };
        let (day, year) = (&map.targets[at(0, 3)], &map.targets[at(1, 3)]);
        assert!(year.y < day.y);
        let x = day.x + 3.0;
        assert_eq!(map.hit(x, day.y - 10.0), Some(at(0, 3)));
        assert_eq!(map.hit(x, year.y + 10.0), Some(at(1, 3)));
    }

    #[test]
    fn interpolates_in_plot_space() {
        // On a log axis plot space is ln y, so halfway between 1 and 100 is 10.
        let y = interpolate(&[(0.0, 0.0), (2.0, 100f64.ln())], 1.0).expect("inside");
        assert!((y.exp() - 10.0).abs() < 1e-9);
        assert_eq!(interpolate(&[(0.0, 1.0), (2.0, 100.0)], 3.0), None);
        assert_eq!(interpolate(&[(0.0, f64::NAN), (2.0, 100.0)], 1.0), None);
    }

    /// The pixel row of a y tick, read from its label.
    fn tick_y(svg: &str, label: &str) -> f64 {
        f64::from(text_at(svg, label).1)
    }

    #[test]
    fn a_band_spans_its_lo_and_hi_values_in_pixels() {
        let p = Palette::light();
        let series = [LineSeries {
            label: "mean".into(),
            points: vec![(0.0, 4.0), (0.5, 5.0), (1.0, 6.0)],
        }];
        let bands = [Band {
            series: 0,
            points: vec![(0.0, 2.0, 6.0), (0.5, 3.0, 7.0), (1.0, 4.0, 8.0)],
        }];
        // x ticks read 0.0 … 1.0, so "0" and "10" are y ticks.
        let svg = render_lines(&LinesChart {
            x: Axis::linear().with_range(0.0..1.0),
            y: Axis::linear().with_range(0.0..10.0),
            series: &series,
            bands: &bands,
            ..LinesChart::new(&p)
        });
        let polygons = elements(&svg, "polygon");
        assert_eq!(polygons.len(), 1);
        assert_eq!(attr(polygons[0], "fill"), Some("#0072B2"));
        assert_eq!(num(polygons[0], "opacity"), 0.2);
        let (y0, y10) = (tick_y(&svg, "0"), tick_y(&svg, "10"));
        let px = |v: f64| y0 + (y10 - y0) * v / 10.0;
        let ys: Vec<f64> = points(polygons[0])
            .iter()
            .map(|&(_, y)| f64::from(y))
            .collect();
        let (top, bottom) = (
            ys.iter().copied().fold(f64::INFINITY, f64::min),
            ys.iter().copied().fold(f64::NEG_INFINITY, f64::max),
        );
        assert!((top - px(8.0)).abs() <= 1.0, "top {top} vs {}", px(8.0));
        assert!(
            (bottom - px(2.0)).abs() <= 1.0,
            "bottom {bottom} vs {}",
            px(2.0)
        );
        // The band goes under the line: drawn first.
        assert!(
            svg.find("<polygon").expect("band") < svg.find("stroke=\"#0072B2\"").expect("line")
        );
    }

    #[test]
    fn a_band_leaving_the_plot_is_clipped_and_one_with_gaps_splits() {
        let p = Palette::light();
        let bands = [Band {
            series: 1,
            points: vec![
                (0.0, -5.0, 20.0),
                (0.2, 1.0, 3.0),
                (0.3, f64::NAN, 3.0),
                (0.4, 1.0, 3.0),
                (0.6, 3.0, 1.0),
            ],
        }];
        let svg = render_lines(&LinesChart {
            x: Axis::linear().with_range(0.0..1.0),
            y: Axis::linear().with_range(0.0..10.0),
            bands: &bands,
            ..LinesChart::new(&p)
        });
        let polygons = elements(&svg, "polygon");
        assert_eq!(polygons.len(), 2, "split at the NaN");
        let (y0, y10) = (tick_y(&svg, "0"), tick_y(&svg, "10"));
        for polygon in polygons {
            for (_, y) in points(polygon) {
                let y = f64::from(y);
                assert!(y10 - 1.0 <= y && y <= y0 + 1.0, "{y} outside {y10}..{y0}");
            }
        }
        assert!(!has_text(&svg, "no data"));
    }

    #[test]
    fn error_bar_whiskers_are_as_long_as_their_interval() {
        let p = Palette::light();
        let bars = [ErrorBars {
            label: "runs".into(),
            series: 2,
            points: vec![(0.2, 5.0, 4.0, 6.0), (0.6, 5.0, 8.0, 2.0)],
        }];
        let svg = render_lines(&LinesChart {
            x: Axis::linear().with_range(0.0..1.0),
            y: Axis::linear().with_range(0.0..10.0),
            error_bars: &bars,
            ..LinesChart::new(&p)
        });
        let (y0, y10) = (tick_y(&svg, "0"), tick_y(&svg, "10"));
        let per_unit = (y0 - y10) / 10.0;
        let whiskers: Vec<f64> = elements(&svg, "polyline")
            .into_iter()
            .filter(|l| attr(l, "stroke") == Some("#009E73"))
            .map(points)
            .filter(|pts| pts.len() == 2 && pts[0].0 == pts[1].0)
            .map(|pts| f64::from((pts[0].1 - pts[1].1).abs()))
            .collect();
        assert_eq!(whiskers.len(), 2, "{svg}");
        assert!((whiskers[0] - 2.0 * per_unit).abs() <= 1.0, "{whiskers:?}");
        assert!((whiskers[1] - 6.0 * per_unit).abs() <= 1.0, "{whiskers:?}");
        // Two caps each, a dot each, and the legend's dot.
        let caps = elements(&svg, "polyline")
            .into_iter()
            .filter(|l| attr(l, "stroke") == Some("#009E73"))
            .map(points)
            .filter(|pts| pts.len() == 2 && pts[0].1 == pts[1].1)
            .count();
        assert_eq!(caps, 4);
        assert_eq!(count(&svg, "circle"), 3);
        assert!(has_text(&svg, "runs"));
    }

    #[test]
    fn whiskers_off_the_plot_stop_at_its_edge_without_a_cap() {
        let p = Palette::light();
        let bars = [ErrorBars {
            label: String::new(),
            series: 0,
            points: vec![(0.5, 1.0, -1.0, f64::INFINITY)],
        }];
        let svg = render_lines(&LinesChart {
            x: Axis::linear().with_range(0.0..1.0),
            y: Axis::log10().with_range(0.1..10.0),
            error_bars: &bars,
            ..LinesChart::new(&p)
        });
        let strokes: Vec<Vec<(i32, i32)>> = elements(&svg, "polyline")
            .into_iter()
            .filter(|l| attr(l, "stroke") == Some("#0072B2"))
            .map(points)
            .collect();
        assert_eq!(strokes.len(), 1, "a whisker, no caps: {strokes:?}");
        let (top, bottom) = (tick_y(&svg, "10"), tick_y(&svg, "0.1"));
        let whisker = &strokes[0];
        assert_eq!(f64::from(whisker[0].1.max(whisker[1].1)), bottom);
        assert_eq!(f64::from(whisker[0].1.min(whisker[1].1)), top);
        assert_eq!(count(&svg, "circle"), 1);
    }

    #[test]
    fn lines_fit_both_axes_and_either_can_be_log() {
        let p = Palette::light();
        let series = [LineSeries {
            label: "spread".into(),
            points: (0..=4)
                .map(|i| {
                    let v = 10f64.powi(i);
                    (v, 1.0 / v.sqrt())
                })
                .collect(),
        }];
        let svg = render_lines(&LinesChart {
            x: Axis::log10().with_label("vnodes"),
            y: Axis::log10().with_label("relative std-dev"),
            series: &series,
            ..LinesChart::new(&p)
        });
        for decade in ["1", "10", "100", "1000", "10000"] {
            assert!(has_text(&svg, decade), "x decade {decade}");
        }
        // A straight line on log-log axes: a two-point polyline would do, but all five points stay
        // on one line.
        let line = elements(&svg, "polyline")
            .into_iter()
            .find(|l| attr(l, "stroke") == Some("#0072B2"))
            .map(points)
            .expect("the line");
        assert_eq!(line.len(), 5);
        let (a, b, c) = (line[0], line[2], line[4]);
        let cross = (b.0 - a.0) * (c.1 - a.1) - (b.1 - a.1) * (c.0 - a.0);
        assert!(
            cross.abs() <= 2 * (c.0 - a.0).abs(),
            "not straight: {line:?}"
        );
    }

    #[test]
    fn nan_and_empty_input_says_no_data_and_prints_no_nan() {
        let p = Palette::light();
        let nan = [LineSeries {
            label: "broken".into(),
            points: vec![
                (f64::NAN, 1.0),
                (2.0, f64::INFINITY),
                (f64::NEG_INFINITY, 3.0),
            ],
        }];
        let bands = [Band {
            series: 0,
            points: vec![(f64::NAN, 0.0, 1.0), (1.0, f64::NAN, f64::NAN)],
        }];
        let bars = [ErrorBars {
            label: String::new(),
            series: 0,
            points: vec![(1.0, f64::NAN, 0.0, 1.0)],
        }];
        for (series, bands, error_bars, y) in [
            (&[][..], &[][..], &[][..], Axis::linear()),
            (&nan[..], &bands[..], &bars[..], Axis::linear()),
            (
                &nan[..],
                &[][..],
                &[][..],
                Axis::log10().with_range(f64::NAN..0.0),
            ),
        ] {
            let svg = render_lines(&LinesChart {
                y,
                series,
                bands,
                error_bars,
                marker: Some(Marker {
                    x: f64::NAN,
                    label: "m".into(),
                }),
                scale: f64::NAN,
                ..LinesChart::new(&p)
            });
            assert!(has_text(&svg, "no data"));
            assert!(!svg.contains("NaN"));
            assert_eq!(count(&svg, "polygon") + count(&svg, "circle"), 0);
        }
    }

    #[test]
    fn a_lone_point_is_a_dot_and_off_axis_points_are_clipped() {
        let p = Palette::light();
        let series = [
            LineSeries {
                label: "one".into(),
                points: vec![(5.0, 5.0)],
            },
            LineSeries {
                label: "long".into(),
                points: vec![(-10.0, 5.0), (20.0, 5.0)],
            },
        ];
        // y ticks read 2 … 8, so "0" and "10" are x ticks.
        let svg = render_lines(&LinesChart {
            x: Axis::linear().with_range(0.0..10.0),
            y: Axis::linear().with_range(1.0..9.0),
            series: &series,
            legend: false,
            ..LinesChart::new(&p)
        });
        assert_eq!(count(&svg, "circle"), 1);
        let (x0, x10) = (text_at(&svg, "0").0, text_at(&svg, "10").0);
        let line = elements(&svg, "polyline")
            .into_iter()
            .find(|l| attr(l, "stroke") == Some("#D55E00"))
            .map(points)
            .expect("the long line");
        assert!(
            line.iter().all(|&(x, _)| x0 <= x && x <= x10),
            "{line:?} {x0} {x10}"
        );
        assert!(!has_text(&svg, "one"), "no legend");
    }

    #[test]
    fn only_labelled_things_enter_the_legend_and_none_means_no_box() {
        let p = Palette::light();
        let unnamed = [LineSeries {
            label: String::new(),
            points: vec![(0.0, 1.0), (1.0, 2.0)],
        }];
        let svg = render_lines(&LinesChart {
            series: &unnamed,
            ..LinesChart::new(&p)
        });
        assert!(!svg.contains("opacity=\"0.9\""), "no legend box");
        let bars = [ErrorBars {
            label: "seeds".into(),
            series: 1,
            points: vec![(0.5, 1.5, 1.0, 2.0)],
        }];
        let svg = render_lines(&LinesChart {
            series: &unnamed,
            error_bars: &bars,
            ..LinesChart::new(&p)
        });
        assert!(svg.contains("opacity=\"0.9\""), "a legend box");
        assert!(has_text(&svg, "seeds"));
    }
}
