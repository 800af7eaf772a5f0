//! Lines on a linear x axis and a logarithmic y axis, with named y ticks and a vertical marker.

use std::ops::Range;

use plotters::coord::Shift;
use plotters::prelude::*;

use crate::Palette;

/// One named line.
#[derive(Clone, Debug, PartialEq)]
pub struct LineSeries {
    pub label: String,
    pub points: Vec<(f64, f64)>,
}

/// A vertical line at `x`, labelled, with a dot where it meets each series.
#[derive(Clone, Debug, PartialEq)]
pub struct Marker {
    pub x: f64,
    pub label: String,
}

/// Everything the chart shows, in model units.
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

pub fn draw_log_lines<DB: DrawingBackend>(
    area: &DrawingArea<DB, Shift>,
    chart: &LogLinesChart<'_>,
) -> Result<(), DrawingAreaErrorKind<DB::ErrorType>> {
    let s = |v: f64| (v * chart.scale).round() as u32;
    let p = chart.palette;
    area.fill(&p.background)?;
    let font = |size: f64| ("sans-serif", size * chart.scale).into_font();
    let y_range = chart.y_range.start.max(f64::MIN_POSITIVE)..chart.y_range.end;
    let key_points: Vec<f64> = chart.y_ticks.iter().map(|&(v, _)| v).collect();
    let mut ctx = ChartBuilder::on(area)
        .margin(s(10.0))
        .x_label_area_size(s(40.0))
        .y_label_area_size(s(64.0))
        .build_cartesian_2d(
            chart.x_range.clone(),
            y_range.log_scale().with_key_points(key_points),
        )?;
    let ticks = chart.y_ticks;
    let y_formatter = |v: &f64| {
        ticks
            .iter()
            .find(|(t, _)| (t / v - 1.0).abs() < 1e-9)
            .map_or_else(String::new, |(_, l)| (*l).to_string())
    };
    ctx.configure_mesh()
        .x_desc(chart.x_label)
        .y_desc(chart.y_label)
        .x_labels(((chart.x_range.end - chart.x_range.start).round() as usize + 1).min(12))
        .x_label_formatter(&|x| format!("{x:.0}"))
        .y_label_formatter(&y_formatter)
        .label_style(font(12.0).color(&p.muted))
        .axis_desc_style(font(13.0).color(&p.foreground))
        .axis_style(p.muted.stroke_width(s(1.0)))
        .bold_line_style(p.grid.stroke_width(s(1.0)))
        .max_light_lines(0)
        .draw()?;
    for (i, series) in chart.series.iter().enumerate() {
        let color = p.series(i);
        ctx.draw_series(plotters::series::LineSeries::new(
            series.points.iter().copied(),
            color.stroke_width(s(2.0)),
        ))?
        .label(series.label.as_str())
        .legend(move |(x, y)| PathElement::new(vec![(x, y), (x + 18, y)], color.stroke_width(3)));
    }
    if let Some(marker) = &chart.marker {
        let top = chart.y_range.end;
        let bottom = chart.y_range.start;
        ctx.draw_series(std::iter::once(PathElement::new(
            vec![(marker.x, bottom), (marker.x, top)],
            p.accent.stroke_width(s(2.0)),
        )))?
        .label(marker.label.as_str())
        .legend({
            let accent = p.accent;
            move |(x, y)| PathElement::new(vec![(x, y), (x + 18, y)], accent.stroke_width(3))
        });
        for (i, series) in chart.series.iter().enumerate() {
            if let Some(y) = interpolate(&series.points, marker.x) {
                ctx.draw_series(std::iter::once(Circle::new(
                    (marker.x, y),
                    s(4.0),
                    p.series(i).filled(),
                )))?;
            }
        }
    }
    if !chart.legend {
        return area.present();
    }
    ctx.configure_series_labels()
        .position(SeriesLabelPosition::LowerLeft)
        .background_style(p.background.mix(0.9))
        .border_style(p.grid)
        .label_font(font(12.0).color(&p.foreground))
        .draw()?;
    area.present()
}

/// y at `x` on a polyline given in increasing x, interpolated in log space; `None` outside it.
fn interpolate(points: &[(f64, f64)], x: f64) -> Option<f64> {
    points.windows(2).find_map(|w| {
        let ((x0, y0), (x1, y1)) = (w[0], w[1]);
        if x0 <= x && x <= x1 && x1 > x0 && y0 > 0.0 && y1 > 0.0 {
            let t = (x - x0) / (x1 - x0);
            Some((y0.ln() + t * (y1.ln() - y0.ln())).exp())
        } else {
            None
        }
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn render(chart: &LogLinesChart<'_>) -> String {
        let mut svg = String::new();
        {
            let area = SVGBackend::with_string(&mut svg, (640, 360)).into_drawing_area();
            draw_log_lines(&area, chart).expect("draws");
        }
        svg
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
            assert!(
                svg.contains(&format!(">\n{text}\n</text>")),
                "missing label {text}"
            );
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

    #[test]
    fn interpolates_in_log_space() {
        let y = interpolate(&[(0.0, 1.0), (2.0, 100.0)], 1.0).expect("inside");
        assert!((y - 10.0).abs() < 1e-9);
        assert_eq!(interpolate(&[(0.0, 1.0), (2.0, 100.0)], 3.0), None);
    }
}
