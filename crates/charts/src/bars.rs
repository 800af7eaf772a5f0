//! Bars over categories: one bar per label (e.g. the load on each node), with optional error
//! whiskers and labelled horizontal reference lines (a mean, a capacity limit).

use plotters::coord::Shift;
use plotters::element::DashedPathElement;
use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, Pos, VPos};

use crate::axis::{AxisScale, fit};
use crate::frame::{Frame, Mesh, TICK_TEXT};
use crate::support::{label_every, label_width_css, pixel_size, truncate_label};
use crate::{Axis, Mapping, Palette};

/// Labels longer than this are cut so one long name cannot crowd out the rest.
const MAX_LABEL_CHARS: usize = 16;
/// Each bar fills this share of its slot.
const BAR_SHARE: f64 = 0.7;

/// One category and its value.
#[derive(Clone, Debug, PartialEq)]
pub struct Bar {
    pub label: String,
    /// A value the y axis cannot show (NaN, ±∞, ≤ 0 on a log axis) leaves the slot empty.
    pub value: f64,
    /// `(lo, hi)`: a whisker across the bar, e.g. a confidence interval over several seeds.
    pub error: Option<(f64, f64)>,
}

impl Bar {
    pub fn new(label: impl Into<String>, value: f64) -> Self {
        Bar {
            label: label.into(),
            value,
            error: None,
        }
    }

    pub fn with_error(mut self, lo: f64, hi: f64) -> Self {
        self.error = Some((lo, hi));
        self
    }
}

/// A dashed horizontal line across the bars, labelled at its right end.
#[derive(Clone, Debug, PartialEq)]
pub struct ReferenceLine {
    pub value: f64,
    pub label: String,
}

impl ReferenceLine {
    pub fn new(value: f64, label: impl Into<String>) -> Self {
        ReferenceLine {
            value,
            label: label.into(),
        }
    }
}

/// Everything the chart shows, in model units. Start from [`BarsChart::new`]:
///
/// ```
/// use sdlab_charts::{Axis, Bar, BarsChart, Palette, ReferenceLine};
/// let palette = Palette::light();
/// let bars = [Bar::new("node a", 0.9), Bar::new("node b", 1.3).with_error(1.1, 1.5)];
/// let lines = [ReferenceLine::new(1.0, "mean")];
/// let chart = BarsChart {
///     bars: &bars,
///     references: &lines,
///     y: Axis::linear().with_label("load ÷ mean"),
///     ..BarsChart::new(&palette)
/// };
/// # let _ = chart;
/// ```
#[derive(Clone, Debug)]
pub struct BarsChart<'a> {
    /// Left to right in this order.
    pub bars: &'a [Bar],
    pub x_label: &'a str,
    /// Linear bars grow from 0, log ones from the bottom of the axis. Without a range the axis
    /// fits the bars, whiskers and reference lines with a tenth to spare.
    pub y: Axis,
    pub references: &'a [ReferenceLine],
    pub palette: &'a Palette,
    /// Device pixels per CSS pixel: text, lines and margins grow with it.
    pub scale: f64,
}

impl<'a> BarsChart<'a> {
    /// No bars, a linear y axis fitted to them, scale 1.
    pub fn new(palette: &'a Palette) -> Self {
        BarsChart {
            bars: &[],
            x_label: "",
            y: Axis::linear(),
            references: &[],
            palette,
            scale: 1.0,
        }
    }
}

/// Draws the chart. Its targets are the bars drawn, `(0, i)` for bar `i`, each picked over its
/// slot's width and the plot's height, its marker at the bar's end.
pub fn draw_bars<DB: DrawingBackend>(
    area: &DrawingArea<DB, Shift>,
    chart: &BarsChart<'_>,
) -> Result<Mapping, DrawingAreaErrorKind<DB::ErrorType>> {
    let frame = Frame::new(chart.palette, chart.scale);
    let p = chart.palette;
    let layout = frame.layout();
    let slots = chart.bars.len().max(1) as f64;

    // Category labels at slot centres, thinned when the plot is too narrow for all of them.
    let labels: Vec<String> = chart
        .bars
        .iter()
        .map(|b| truncate_label(&b.label, MAX_LABEL_CHARS))
        .collect();
    let (width, _) = pixel_size(area);
    let plot_width = f64::from(width) - f64::from(layout.left + layout.right + layout.y_labels);
    let longest = labels.iter().map(|l| l.chars().count()).max().unwrap_or(0);
    let every = label_every(
        labels.len(),
        plot_width / slots,
        label_width_css(longest) * frame.scale,
    );
    let x = Axis {
        ticks: labels
            .iter()
            .enumerate()
            .filter(|(i, _)| i % every == 0)
            .map(|(i, l)| (i as f64 + 0.5, l.clone()))
            .collect(),
        ..Axis::linear()
            .with_range(0.0..slots)
            .with_label(chart.x_label)
    }
    .resolve(None, 0.0..1.0);

    let scale = chart.y.scale;
    let values = chart
        .bars
        .iter()
        .flat_map(|b| {
            let (lo, hi) = b.error.unwrap_or((b.value, b.value));
            [b.value, lo, hi]
        })
        .chain(chart.references.iter().map(|r| r.value));
    let fitted = match scale {
        // Bars grow from zero, so zero is on the axis; the headroom goes on the side away from it.
        AxisScale::Linear => fit(values.chain([0.0]), scale, 0.0).map(|r| {
            let span = r.end - r.start;
            let top = if r.end > 0.0 {
                r.end + span * 0.1
            } else {
                r.end
            };
            let bottom = if r.start < 0.0 {
                r.start - span * 0.1
            } else {
                r.start
            };
            bottom..top
        }),
        AxisScale::Log10 => fit(values, scale, 0.1),
    };
    let fallback = match scale {
        AxisScale::Linear => 0.0..1.0,
        AxisScale::Log10 => 1.0..10.0,
    };
    let y = chart.y.resolve(fitted, fallback);
    let mesh = Mesh {
        x_grid: false,
        ..Mesh::default()
    };
    let mut plot = frame.plot(area, &layout, &x, &y, mesh)?;
    let y_box = y.plot_range();
    let base = match scale {
        AxisScale::Linear => 0.0f64.max(y_box.start).min(y_box.end),
        AxisScale::Log10 => y_box.start,
    };

    let half = BAR_SHARE / 2.0;
    let mut drawn = false;
    let mut map = Mapping::of(area, &plot, &x, &y);
    for (i, bar) in chart.bars.iter().enumerate() {
        let centre = i as f64 + 0.5;
        if y.to_plot(bar.value).is_some()
            && let Some(top) = y.to_plot_clamped(bar.value)
        {
            let slot = (i as f64, i as f64 + 1.0);
            map.add(
                (0, i),
                (centre, top),
                (slot.0, y_box.start),
                (slot.1, y_box.end),
            );
            plot.draw_series(std::iter::once(Rectangle::new(
                [(centre - half, base), (centre + half, top)],
                p.series(0).filled(),
            )))?;
            drawn = true;
        }
        if let Some(error) = bar.error {
            frame.whisker(&mut plot, centre, error, &y, p.foreground)?;
        }
    }

    let (_, right, ..) = frame.edges(area, &plot);
    let origin = area.get_base_pixel();
    for line in chart.references {
        let Some(v) = y.to_plot(line.value) else {
            continue;
        };
        if !(y_box.start <= v && v <= y_box.end) {
            continue;
        }
        plot.draw_series(std::iter::once(DashedPathElement::new(
            vec![(0.0, v), (slots, v)],
            frame.px(6.0),
            frame.px(4.0),
            p.accent.stroke_width(frame.px(1.5)),
        )))?;
        let (_, py) = plot.backend_coord(&(0.0, v));
        let label = truncate_label(&line.label, 32);
        let style = frame
            .font(TICK_TEXT)
            .color(&p.accent)
            .pos(Pos::new(HPos::Right, VPos::Bottom));
        let (x, y) = (right - frame.offset(4.0), py - origin.1 - frame.offset(3.0));
        // On a chip of the background colour, so the label reads over a bar as tall as it.
        let (w, h) = area.estimate_text_size(&label, &style).unwrap_or((0, 0));
        let pad = frame.offset(2.0);
        area.draw(&Rectangle::new(
            [
                (x - w as i32 - pad, y - h as i32 - pad),
                (x + pad, y + pad / 2),
            ],
            p.background.mix(0.85).filled(),
        ))?;
        area.draw(&Text::new(label, (x, y), style))?;
    }

    if !drawn {
        frame.no_data(&plot)?;
    }
    area.present()?;
    Ok(map.sorted())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::test_support::{self, attr, count, elements, has_text, points, rects, text_at};

    fn render(chart: &BarsChart<'_>, size: (u32, u32)) -> String {
        test_support::render(size, |area| draw_bars(area, chart))
    }

    fn nodes(values: &[f64]) -> Vec<Bar> {
        values
            .iter()
            .enumerate()
            .map(|(i, &v)| Bar::new(format!("node {i}"), v))
            .collect()
    }

    #[test]
    fn one_bar_and_one_label_per_category_in_order() {
        let p = Palette::light();
        let bars = nodes(&[3.0, 5.0, 1.0, 4.0, 2.0]);
        let svg = render(
            &BarsChart {
                bars: &bars,
                x_label: "node",
                y: Axis::linear().with_label("keys"),
                ..BarsChart::new(&p)
            },
            (640, 360),
        );
        let drawn = rects(&svg, "#0072B2");
        assert_eq!(drawn.len(), bars.len());
        for bar in &bars {
            assert!(has_text(&svg, &bar.label), "missing {}", bar.label);
        }
        assert!(has_text(&svg, "node") && has_text(&svg, "keys"));
        // Left to right in order, each label under its bar, heights in proportion.
        for (i, r) in drawn.iter().enumerate() {
            let (lx, _) = text_at(&svg, &format!("node {i}"));
            assert!(r.0 < lx && lx < r.0 + r.2, "label {i} at {lx}, bar {r:?}");
        }
        let (h0, h1) = (f64::from(drawn[0].3), f64::from(drawn[1].3));
        assert!((h1 / h0 - 5.0 / 3.0).abs() < 0.02, "{h0} {h1}");
        // 5 × 1.1 = 5.5: ticks up to 5 in 1-2-5 steps, no vertical grid lines.
        for tick in ["0", "1", "2", "3", "4", "5"] {
            assert!(has_text(&svg, tick), "tick {tick}");
        }
        assert!(!has_text(&svg, "no data"));
    }

    #[test]
    fn the_pointer_finds_the_bar_of_its_slot() {
        let p = Palette::light();
        let bars = nodes(&[3.0, f64::NAN, 1.0, 4.0]);
        let chart = BarsChart {
            bars: &bars,
            ..BarsChart::new(&p)
        };
        let (svg, map) = test_support::render_mapped((640, 360), |a| draw_bars(a, &chart));
        let drawn = rects(&svg, "#0072B2");
        // The NaN bar has no target; the others are marked at the middle of their top.
        let indexes: Vec<usize> = map.targets.iter().map(|t| t.index).collect();
        assert_eq!(indexes, [0, 2, 3]);
        for (t, r) in map.targets.iter().zip(&drawn) {
            assert!((t.y - f64::from(r.1)).abs() <= 1.0, "{t:?} {r:?}");
            assert!((t.x - f64::from(r.0) - f64::from(r.2) / 2.0).abs() <= 1.0);
            assert_eq!(
                map.hit(t.x, map.plot.bottom - 1.0),
                map.targets.iter().position(|o| o == t)
            );
        }
    }

    #[test]
    fn reference_lines_are_dashed_labelled_and_at_their_value() {
        let p = Palette::light();
        let bars = nodes(&[2.0, 6.0, 4.0]);
        let refs = [
            ReferenceLine::new(4.0, "mean"),
            ReferenceLine::new(7.5, "capacity"),
            ReferenceLine::new(f64::NAN, "broken"),
            ReferenceLine::new(1e9, "off the chart"),
        ];
        let svg = render(
            &BarsChart {
                bars: &bars,
                references: &refs,
                y: Axis::linear().with_range(0.0..8.0),
                ..BarsChart::new(&p)
            },
            (640, 360),
        );
        assert!(has_text(&svg, "mean") && has_text(&svg, "capacity"));
        assert!(!has_text(&svg, "broken") && !has_text(&svg, "off the chart"));
        let dashes: Vec<Vec<(i32, i32)>> = elements(&svg, "polyline")
            .into_iter()
            .filter(|l| attr(l, "stroke") == Some("#C41E3A"))
            .map(points)
            .collect();
        assert!(dashes.len() > 10, "dashed, so many pieces");
        let (_, y4) = text_at(&svg, "4");
        assert!(
            dashes.iter().any(|d| d.iter().all(|&(_, y)| y == y4)),
            "a line at 4"
        );
        let (mean_x, mean_y) = text_at(&svg, "mean");
        assert!(mean_y < y4 && y4 - mean_y < 10, "label just above its line");
        // The label sits on a chip of the background colour drawn over the bars, so a bar as tall
        // as the line does not hide it.
        let chip = rects(&svg, "#FFFFFF").into_iter().find(|&(x, y, w, h)| {
            w < 100
                && h < 40
                && x <= mean_x
                && mean_x <= x + w
                && y - 4 <= mean_y
                && mean_y <= y + h + 4
        });
        assert!(
            chip.is_some(),
            "a chip under the label at ({mean_x}, {mean_y})"
        );
        let RGBColor(r, g, b) = p.series(0);
        let last_bar = svg.rfind(&format!("fill=\"#{r:02X}{g:02X}{b:02X}\""));
        let label = svg.find("mean\n</text>");
        assert!(
            label.is_some() && last_bar < label,
            "the label is drawn after the bars"
        );
    }

    #[test]
    fn whiskers_span_their_interval() {
        let p = Palette::light();
        let bars = [
            Bar::new("a", 4.0).with_error(3.0, 5.0),
            Bar::new("b", 6.0).with_error(7.0, 5.0),
            Bar::new("c", 1.0).with_error(f64::NAN, 2.0),
        ];
        let svg = render(
            &BarsChart {
                bars: &bars,
                y: Axis::linear().with_range(0.0..8.0),
                ..BarsChart::new(&p)
            },
            (640, 360),
        );
        let (y0, y8) = (text_at(&svg, "0").1, text_at(&svg, "8").1);
        let per_unit = f64::from(y0 - y8) / 8.0;
        let strokes: Vec<Vec<(i32, i32)>> = elements(&svg, "polyline")
            .into_iter()
            .filter(|l| attr(l, "stroke") == Some("#1C1F26"))
            .map(points)
            .collect();
        let whiskers: Vec<f64> = strokes
            .iter()
            .filter(|s| s[0].0 == s[1].0)
            .map(|s| f64::from((s[0].1 - s[1].1).abs()))
            .collect();
        assert_eq!(whiskers.len(), 2, "the NaN one is skipped");
        for w in whiskers {
            assert!(
                (w - 2.0 * per_unit).abs() <= 1.0,
                "{w} vs {}",
                2.0 * per_unit
            );
        }
        assert_eq!(
            strokes.iter().filter(|s| s[0].1 == s[1].1).count(),
            4,
            "caps"
        );
    }

    #[test]
    fn negative_bars_hang_from_zero_and_log_bars_stand_on_the_axis() {
        let p = Palette::light();
        let bars = nodes(&[-2.0, 3.0]);
        let svg = render(
            &BarsChart {
                bars: &bars,
                ..BarsChart::new(&p)
            },
            (640, 360),
        );
        let (_, y0) = text_at(&svg, "0");
        let drawn = rects(&svg, "#0072B2");
        assert_eq!(drawn[0].1, y0, "the negative bar starts at 0 and goes down");
        assert_eq!(drawn[1].1 + drawn[1].3, y0, "the positive one ends at 0");

        let bars = nodes(&[10.0, 1000.0, 0.0, -1.0]);
        let svg = render(
            &BarsChart {
                bars: &bars,
                y: Axis::log10(),
                ..BarsChart::new(&p)
            },
            (640, 360),
        );
        let drawn = rects(&svg, "#0072B2");
        assert_eq!(drawn.len(), 2, "0 and -1 have no bar on a log axis");
        assert_eq!(
            drawn[0].1 + drawn[0].3,
            drawn[1].1 + drawn[1].3,
            "same base"
        );
        assert!(has_text(&svg, "10") && has_text(&svg, "100") && has_text(&svg, "1000"));
    }

    #[test]
    fn many_bars_on_a_narrow_canvas_thin_their_labels() {
        let p = Palette::light();
        let bars = nodes(&vec![1.0; 60]);
        let svg = render(
            &BarsChart {
                bars: &bars,
                ..BarsChart::new(&p)
            },
            (360, 240),
        );
        assert_eq!(rects(&svg, "#0072B2").len(), 60);
        let shown = bars.iter().filter(|b| has_text(&svg, &b.label)).count();
        assert!((2..30).contains(&shown), "{shown} labels");
        assert!(has_text(&svg, "node 0"));
    }

    #[test]
    fn nan_empty_and_odd_scales_say_no_data_without_nan_in_the_markup() {
        let p = Palette::dark();
        let nan = nodes(&[f64::NAN, f64::INFINITY, f64::NEG_INFINITY]);
        for bars in [&[][..], &nan[..]] {
            for scale in [f64::NAN, 0.0, -2.0, f64::INFINITY, 1.0] {
                for size in [(640, 360), (20, 10), (1, 1)] {
                    let svg = render(
                        &BarsChart {
                            bars,
                            y: Axis::linear().with_range(f64::NAN..f64::INFINITY),
                            references: &[ReferenceLine::new(f64::NAN, "x")],
                            scale,
                            ..BarsChart::new(&p)
                        },
                        size,
                    );
                    assert!(has_text(&svg, "no data"), "{bars:?} {scale} {size:?}");
                    assert!(!svg.contains("NaN"));
                    assert_eq!(rects(&svg, "#56B4E9").len(), 0);
                }
            }
        }
        // A bad scale falls back to 1: the same drawing as scale 1.
        let bars = nodes(&[1.0, 2.0]);
        let at = |scale| {
            render(
                &BarsChart {
                    bars: &bars,
                    scale,
                    ..BarsChart::new(&p)
                },
                (640, 360),
            )
        };
        assert_eq!(at(f64::NAN), at(1.0));
        assert_eq!(at(0.0), at(1.0));
        assert_eq!(count(&at(1.0), "rect"), 3, "background and two bars");
    }
}
