//! A heat map: rows × columns of values as coloured cells (e.g. which keys move from which node
//! to which), with a colour scale and its legend.

use plotters::coord::Shift;
use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, Pos, VPos};

use crate::axis::{AxisScale, fit};
use crate::frame::{Frame, Layout, Mesh, SMALL_TEXT, TICK_TEXT};
use crate::support::{label_every, label_width_css, pixel_size, truncate_label};
use crate::{Axis, Mapping, Palette};

/// Labels longer than this are cut so one long name cannot crowd out the cells.
const MAX_LABEL_CHARS: usize = 16;
/// The legend is a column of this many colour steps.
pub(crate) const LEGEND_STEPS: usize = 32;
/// CSS pixels: the legend's colour bar and the room for its tick labels.
const LEGEND_BAR: f64 = 12.0;
const LEGEND_LABELS: f64 = 48.0;

/// Everything the chart shows, in model units. Start from [`HeatMapChart::new`]:
///
/// ```
/// use sdlab_charts::{Axis, HeatMapChart, Palette};
/// let palette = Palette::light();
/// let moved = [vec![0.0, 120.0], vec![95.0, 0.0]];
/// let names = ["a".to_string(), "b".to_string()];
/// let chart = HeatMapChart {
///     rows: &moved,
///     row_labels: &names,
///     column_labels: &names,
///     x_label: "to node",
///     y_label: "from node",
///     values: Axis::linear().with_label("keys moved"),
///     ..HeatMapChart::new(&palette)
/// };
/// # let _ = chart;
/// ```
#[derive(Clone, Debug)]
pub struct HeatMapChart<'a> {
    /// Rows top to bottom, each its cells left to right. Rows may differ in length; a missing
    /// cell, or one whose value the colour scale cannot show (NaN, ±∞, ≤ 0 on a log scale), is
    /// left blank.
    pub rows: &'a [Vec<f64>],
    /// One per row, beside it; missing ones are blank.
    pub row_labels: &'a [String],
    /// One per column, below it; missing ones are blank.
    pub column_labels: &'a [String],
    pub x_label: &'a str,
    pub y_label: &'a str,
    /// The colour scale: linear or log, a fixed range (values outside take its end colours) or
    /// fitted to the cells, the legend's label and tick format.
    pub values: Axis,
    pub palette: &'a Palette,
    /// Device pixels per CSS pixel: text, lines and margins grow with it.
    pub scale: f64,
}

impl<'a> HeatMapChart<'a> {
    /// No cells, a linear colour scale fitted to them, scale 1.
    pub fn new(palette: &'a Palette) -> Self {
        HeatMapChart {
            rows: &[],
            row_labels: &[],
            column_labels: &[],
            x_label: "",
            y_label: "",
            values: Axis::linear(),
            palette,
            scale: 1.0,
        }
    }
}

/// Draws the chart. Its targets are the cells drawn, `(r, c)` for row `r`'s cell `c`, each
/// picked over the cell, its marker at the cell's centre.
pub fn draw_heat_map<DB: DrawingBackend>(
    area: &DrawingArea<DB, Shift>,
    chart: &HeatMapChart<'_>,
) -> Result<Mapping, DrawingAreaErrorKind<DB::ErrorType>> {
    let frame = Frame::new(chart.palette, chart.scale);
    let p = chart.palette;
    let rows = chart.rows.len();
    let columns = chart.rows.iter().map(Vec::len).max().unwrap_or(0);
    let (width, height) = pixel_size(area);

    let cut = |labels: &[String], n: usize| -> Vec<String> {
        (0..n)
            .map(|i| {
                labels
                    .get(i)
                    .map_or_else(String::new, |l| truncate_label(l, MAX_LABEL_CHARS))
            })
            .collect()
    };
    let row_labels = cut(chart.row_labels, rows);
    let column_labels = cut(chart.column_labels, columns);
    let longest = |labels: &[String]| labels.iter().map(|l| l.chars().count()).max().unwrap_or(0);

    // Row labels get the room the longest needs, up to 40% of the width; the description beside.
    let desc = if chart.y_label.is_empty() { 0.0 } else { 20.0 };
    let label_room = (label_width_css(longest(&row_labels)) * frame.scale)
        .max(24.0 * frame.scale)
        .min(f64::from(width) * 0.4);
    let mut layout = Layout {
        right: frame.px(10.0 + LEGEND_BAR + 6.0 + LEGEND_LABELS),
        y_labels: (label_room + desc * frame.scale).round() as u32,
        ..frame.layout()
    };
    if !chart.values.label.is_empty() {
        layout.top = frame.px(26.0);
    }

    let plot_width = f64::from(width) - f64::from(layout.left + layout.right + layout.y_labels);
    let plot_height = f64::from(height) - f64::from(layout.top + layout.bottom + layout.x_labels);
    let every_column = label_every(
        columns,
        plot_width / columns.max(1) as f64,
        label_width_css(longest(&column_labels)) * frame.scale,
    );
    let every_row = label_every(rows, plot_height / rows.max(1) as f64, 14.0 * frame.scale);
    let named = |labels: &[String], every: usize, flip: bool| -> Vec<(f64, String)> {
        let n = labels.len() as f64;
        labels
            .iter()
            .enumerate()
            .filter(|(i, l)| i % every == 0 && !l.is_empty())
            // Rows count down from the top; y grows upwards.
            .map(|(i, l)| {
                let centre = i as f64 + 0.5;
                (if flip { n - centre } else { centre }, l.clone())
            })
            .collect()
    };
    let x = Axis {
        ticks: named(&column_labels, every_column, false),
        ..Axis::linear()
            .with_range(0.0..columns.max(1) as f64)
            .with_label(chart.x_label)
    }
    .resolve(None, 0.0..1.0);
    let y = Axis {
        ticks: named(&row_labels, every_row, true),
        ..Axis::linear()
            .with_range(0.0..rows.max(1) as f64)
            .with_label(chart.y_label)
    }
    .resolve(None, 0.0..1.0);

    let scale = chart.values.scale;
    let fallback = match scale {
        AxisScale::Linear => 0.0..1.0,
        AxisScale::Log10 => 1.0..10.0,
    };
    let values = chart.values.resolve(
        fit(chart.rows.iter().flatten().copied(), scale, 0.0),
        fallback,
    );
    let value_box = values.plot_range();
    let (low, high) = (p.grid, p.series(0));
    // Where a value falls on the colour scale, 0 at the low end and 1 at the high end.
    let position = |v: f64| {
        values.to_plot(v).map(|pv| {
            let t = (pv - value_box.start) / (value_box.end - value_box.start);
            if t.is_finite() {
                t.clamp(0.0, 1.0)
            } else {
                0.0
            }
        })
    };

    let mesh = Mesh {
        x_grid: false,
        y_grid: false,
        ..Mesh::default()
    };
    let mut plot = frame.plot(area, &layout, &x, &y, mesh)?;

    let cell_px = (plot_width / columns.max(1) as f64).min(plot_height / rows.max(1) as f64);
    let gap = if cell_px > 6.0 * frame.scale {
        frame.px(1.0)
    } else {
        0
    };
    let mut cells = Vec::new();
    let mut map = Mapping::of(area, &plot, &x, &y);
    for (r, row) in chart.rows.iter().enumerate() {
        let top = (rows - r) as f64;
        for (c, &v) in row.iter().enumerate() {
            if let Some(t) = position(v) {
                let left = c as f64;
                map.add(
                    (r, c),
                    (left + 0.5, top - 0.5),
                    (left, top - 1.0),
                    (left + 1.0, top),
                );
                let mut cell = Rectangle::new(
                    [(c as f64, top - 1.0), (c as f64 + 1.0, top)],
                    ramp(low, high, t).filled(),
                );
                cell.set_margin(0, gap, 0, gap);
                cells.push(cell);
            }
        }
    }
    let drawn = !cells.is_empty();
    plot.draw_series(cells)?;

    // The legend: a colour bar beside the plot, low at the bottom, with the scale's ticks.
    let (_, right, top, bottom) = frame.edges(area, &plot);
    let bar_left = right + frame.offset(10.0);
    let bar_right = bar_left + frame.offset(LEGEND_BAR);
    let span = f64::from(bottom - top);
    let at = |t: f64| bottom - (t * span).round() as i32;
    for step in 0..LEGEND_STEPS {
        let (from, to) = (
            step as f64 / LEGEND_STEPS as f64,
            (step + 1) as f64 / LEGEND_STEPS as f64,
        );
        area.draw(&Rectangle::new(
            [(bar_left, at(to)), (bar_right, at(from))],
            ramp(low, high, (from + to) / 2.0).filled(),
        ))?;
    }
    let label_style = frame
        .font(SMALL_TEXT)
        .color(&p.muted)
        .pos(Pos::new(HPos::Left, VPos::Center));
    for (v, label) in &values.ticks {
        if let Some(t) = position(*v) {
            let y = at(t);
            area.draw(&PathElement::new(
                vec![(bar_right, y), (bar_right + frame.offset(3.0), y)],
                p.muted.stroke_width(frame.px(1.0)),
            ))?;
            area.draw(&Text::new(
                label.as_str(),
                (bar_right + frame.offset(5.0), y),
                label_style.clone(),
            ))?;
        }
    }
    if !values.label.is_empty() {
        let (area_width, _) = pixel_size(area);
        area.draw(&Text::new(
            truncate_label(&values.label, 40),
            (area_width - frame.offset(4.0), frame.offset(8.0)),
            frame
                .font(TICK_TEXT)
                .color(&p.foreground)
                .pos(Pos::new(HPos::Right, VPos::Top)),
        ))?;
    }

    if !drawn {
        frame.no_data(&plot)?;
    }
    area.present()?;
    Ok(map.sorted())
}

/// The colour `t` of the way from `low` to `high` (`t` in 0..=1).
fn ramp(low: RGBColor, high: RGBColor, t: f64) -> RGBColor {
    let t = if t.is_finite() {
        t.clamp(0.0, 1.0)
    } else {
        0.0
    };
    let mix = |a: u8, b: u8| (f64::from(a) + (f64::from(b) - f64::from(a)) * t).round() as u8;
    RGBColor(mix(low.0, high.0), mix(low.1, high.1), mix(low.2, high.2))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::test_support::{self, count, has_text, rects, text_at};

    fn render(chart: &HeatMapChart<'_>, size: (u32, u32)) -> String {
        test_support::render(size, |area| draw_heat_map(area, chart))
    }

    fn names(prefix: &str, n: usize) -> Vec<String> {
        (0..n).map(|i| format!("{prefix}{i}")).collect()
    }

    fn hex(c: RGBColor) -> String {
        format!("#{:02X}{:02X}{:02X}", c.0, c.1, c.2)
    }

    #[test]
    fn the_pointer_finds_the_cell_under_it() {
        let p = Palette::light();
        let rows = [vec![1.0, 2.0], vec![3.0, f64::NAN]];
        let chart = HeatMapChart {
            rows: &rows,
            ..HeatMapChart::new(&p)
        };
        let (_, map) = test_support::render_mapped((400, 300), |a| draw_heat_map(a, &chart));
        let keys: Vec<(usize, usize)> = map.targets.iter().map(|t| (t.series, t.index)).collect();
        // Column by column, top row first; the NaN cell is blank and no target.
        assert_eq!(keys, [(0, 0), (1, 0), (0, 1)]);
        let top_right = &map.targets[2];
        assert_eq!(
            map.hit(top_right.hit.right - 1.0, top_right.hit.top + 1.0),
            Some(2)
        );
        // Row 0 of 2 spans 1..2 on the y axis: its top is the plot's top.
        let top = map.y.to_px(2.0).expect("y");
        assert!((top - top_right.hit.top).abs() <= 1.0);
    }

    #[test]
    fn draws_rows_times_columns_cells_with_labels_and_a_legend() {
        let p = Palette::light();
        let rows: Vec<Vec<f64>> = (0..3)
            .map(|r| (0..4).map(|c| f64::from(r * 4 + c)).collect())
            .collect();
        let (row_names, column_names) = (names("from ", 3), names("to ", 4));
        let svg = render(
            &HeatMapChart {
                rows: &rows,
                row_labels: &row_names,
                column_labels: &column_names,
                x_label: "to node",
                y_label: "from node",
                values: Axis::linear().with_label("keys moved"),
                ..HeatMapChart::new(&p)
            },
            (640, 360),
        );
        // The background, a cell per value, the legend's steps.
        assert_eq!(count(&svg, "rect"), 1 + 3 * 4 + LEGEND_STEPS);
        for label in row_names.iter().chain(&column_names) {
            assert!(has_text(&svg, label), "missing {label}");
        }
        for text in ["to node", "from node", "keys moved", "0", "10"] {
            assert!(has_text(&svg, text), "missing {text}");
        }
        // The smallest value is the low colour, top left; the largest the high colour, bottom
        // right.
        let low = rects(&svg, &hex(p.grid));
        let high = rects(&svg, &hex(p.series(0)));
        assert_eq!((low.len(), high.len()), (1, 1), "{low:?} {high:?}");
        assert!(low[0].0 < high[0].0 && low[0].1 < high[0].1);
        // Rows in order top to bottom, columns left to right.
        assert!(text_at(&svg, "from 0").1 < text_at(&svg, "from 2").1);
        assert!(text_at(&svg, "to 0").0 < text_at(&svg, "to 3").0);
        // Cells are equal: the grid is regular.
        let cells: Vec<(i32, i32, i32, i32)> = test_support::elements(&svg, "rect")
            .into_iter()
            .skip(1)
            .take(12)
            .map(|r| {
                let n = |k| test_support::num(r, k) as i32;
                (n("x"), n("y"), n("width"), n("height"))
            })
            .collect();
        assert!(
            cells
                .iter()
                .all(|c| (c.2 - cells[0].2).abs() <= 1 && (c.3 - cells[0].3).abs() <= 1)
        );
        assert!(!has_text(&svg, "no data"));
    }

    #[test]
    fn ragged_rows_and_unshowable_values_leave_cells_blank() {
        let p = Palette::light();
        let rows = [vec![1.0, f64::NAN, 3.0], vec![4.0], vec![]];
        let svg = render(
            &HeatMapChart {
                rows: &rows,
                ..HeatMapChart::new(&p)
            },
            (640, 360),
        );
        assert_eq!(count(&svg, "rect"), 1 + 3 + LEGEND_STEPS);
        let log = [vec![1.0, 10.0, 100.0, 1000.0, 0.0, -5.0]];
        let svg = render(
            &HeatMapChart {
                rows: &log,
                values: Axis::log10(),
                ..HeatMapChart::new(&p)
            },
            (640, 360),
        );
        assert_eq!(count(&svg, "rect"), 1 + 4 + LEGEND_STEPS);
        for decade in ["1", "10", "100", "1000"] {
            assert!(has_text(&svg, decade), "legend decade {decade}");
        }
        // On a log scale 10 sits a third of the way from 1 to 1000.
        let third = hex(ramp(p.grid, p.series(0), 1.0 / 3.0));
        assert!(rects(&svg, &third).len() == 1, "{third}");
    }

    #[test]
    fn a_fixed_range_clamps_colours_and_its_ticks_label_the_legend() {
        let p = Palette::dark();
        let rows = [vec![-5.0, 0.5, 50.0]];
        let svg = render(
            &HeatMapChart {
                rows: &rows,
                values: Axis::linear()
                    .with_range(0.0..1.0)
                    .with_format(crate::TickFormat::Percent),
                ..HeatMapChart::new(&p)
            },
            (640, 360),
        );
        assert_eq!(
            rects(&svg, &hex(p.grid)).len(),
            1,
            "below the range: the low colour"
        );
        assert_eq!(
            rects(&svg, &hex(p.series(0))).len(),
            1,
            "above: the high colour"
        );
        assert!(has_text(&svg, "0%") && has_text(&svg, "100%"));
        // The legend's labels go up the bar: 0% at the bottom.
        assert!(text_at(&svg, "0%").1 > text_at(&svg, "100%").1);
    }

    #[test]
    fn many_rows_and_columns_thin_their_labels() {
        let p = Palette::light();
        let rows = vec![vec![1.0; 80]; 80];
        let (row_names, column_names) = (names("r", 80), names("c", 80));
        let svg = render(
            &HeatMapChart {
                rows: &rows,
                row_labels: &row_names,
                column_labels: &column_names,
                ..HeatMapChart::new(&p)
            },
            (480, 320),
        );
        assert_eq!(count(&svg, "rect"), 1 + 80 * 80 + LEGEND_STEPS);
        let shown = |labels: &[String]| labels.iter().filter(|l| has_text(&svg, l)).count();
        assert!(
            (2..40).contains(&shown(&row_names)),
            "{}",
            shown(&row_names)
        );
        assert!(
            (2..40).contains(&shown(&column_names)),
            "{}",
            shown(&column_names)
        );
    }

    #[test]
    fn nan_empty_and_odd_scales_say_no_data_without_nan_in_the_markup() {
        let p = Palette::light();
        let nan = [vec![f64::NAN, f64::INFINITY], vec![f64::NEG_INFINITY]];
        let empty_rows = [vec![], vec![]];
        for rows in [&[][..], &nan[..], &empty_rows[..]] {
            for scale in [f64::NAN, 0.0, -1.0, 1e9] {
                for size in [(640, 360), (30, 20), (1, 1)] {
                    let svg = render(
                        &HeatMapChart {
                            rows,
                            row_labels: &names("a very long row label indeed ", 3),
                            values: Axis::log10().with_range(f64::NAN..-1.0),
                            scale,
                            ..HeatMapChart::new(&p)
                        },
                        size,
                    );
                    assert!(has_text(&svg, "no data"), "{rows:?} {scale} {size:?}");
                    assert!(!svg.contains("NaN"));
                    assert_eq!(count(&svg, "rect"), 1 + LEGEND_STEPS);
                }
            }
        }
        let rows = [vec![1.0, 2.0]];
        let at = |scale| {
            render(
                &HeatMapChart {
                    rows: &rows,
                    scale,
                    ..HeatMapChart::new(&p)
                },
                (640, 360),
            )
        };
        assert_eq!(at(f64::NAN), at(1.0), "a NaN scale falls back to 1");
    }

    #[test]
    fn the_ramp_runs_from_low_to_high() {
        let (low, high) = (RGBColor(0, 0, 0), RGBColor(200, 100, 50));
        assert_eq!(ramp(low, high, 0.0), low);
        assert_eq!(ramp(low, high, 1.0), high);
        assert_eq!(ramp(low, high, 0.5), RGBColor(100, 50, 25));
        assert_eq!(ramp(low, high, f64::NAN), low);
        assert_eq!(ramp(low, high, 7.0), high);
    }
}
