//! Any chart as a standalone SVG document, for downloads: the same drawing the page shows on its
//! canvas, with real `<text>` elements.

use std::fmt::Display;

use plotters::coord::Shift;
use plotters::prelude::*;

/// Draws onto an SVG canvas of `width` × `height` pixels and returns the document.
///
/// `draw` is the chart call, e.g. `|area| draw_lines(area, &chart)` (what it returns, such as
/// the chart's [`Mapping`](crate::Mapping), is dropped); draw it at `scale: 1.0`, so sizes are
/// CSS pixels. A zero size is drawn as 1 pixel. A drawing error comes back as its message.
///
/// ```
/// use sdlab_charts::{Axis, LineSeries, LinesChart, Palette, draw_lines, to_svg};
/// let palette = Palette::light();
/// let series = [LineSeries { label: "load".into(), points: vec![(0.0, 1.0), (1.0, 3.0)] }];
/// let chart = LinesChart {
///     y: Axis::linear().with_label("requests/s"),
///     series: &series,
///     ..LinesChart::new(&palette)
/// };
/// let svg = to_svg(480, 240, |area| draw_lines(area, &chart)).expect("draws");
/// assert!(svg.starts_with("<svg") && svg.contains("requests/s"));
/// ```
pub fn to_svg<T, E: Display>(
    width: u32,
    height: u32,
    draw: impl FnOnce(&DrawingArea<SVGBackend<'_>, Shift>) -> Result<T, E>,
) -> Result<String, String> {
    let mut svg = String::new();
    {
        let area =
            SVGBackend::with_string(&mut svg, (width.max(1), height.max(1))).into_drawing_area();
        draw(&area).map_err(|e| e.to_string())?;
        area.present().map_err(|e| e.to_string())?;
    }
    Ok(svg)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn returns_the_document_or_the_error() {
        let svg = to_svg(20, 10, |area| area.fill(&WHITE)).expect("draws");
        assert!(svg.starts_with("<svg width=\"20\" height=\"10\""));
        assert!(svg.contains("xmlns=\"http://www.w3.org/2000/svg\""));
        assert!(svg.trim_end().ends_with("</svg>"));
        assert_eq!(
            to_svg(20, 10, |_| Err::<(), _>("broken")),
            Err("broken".to_string())
        );
        assert!(to_svg(0, 0, |area| area.fill(&WHITE)).is_ok());
    }
}
