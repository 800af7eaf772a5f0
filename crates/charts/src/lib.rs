//! sdlab's charts, drawn with plotters onto any `DrawingArea`: the page hands in a canvas, tests
//! and the SVG export hand in an SVG string. No browser code lives here.

mod axis;
mod burn_down;
mod frame;
mod histogram;
mod lines;
mod palette;
mod support;
mod svg;
#[cfg(test)]
mod test_support;
mod timeline;

pub use axis::{Axis, AxisScale, TickFormat};
pub use burn_down::{BurnDownChart, draw_burn_down};
pub use histogram::{BinsChart, HistogramChart, draw_bins, draw_histogram};
pub use lines::{
    Band, ErrorBars, LineSeries, LinesChart, LogLinesChart, Marker, draw_lines, draw_log_lines,
};
pub use palette::Palette;
pub use svg::to_svg;
pub use timeline::{LaneKind, TimelineChart, TimelineLane, draw_timeline, timeline_height_css};
