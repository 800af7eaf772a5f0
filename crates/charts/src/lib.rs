//! sdlab's charts, drawn with plotters onto any `DrawingArea`: the page hands in a canvas,
//! tests hand in an SVG string. No browser code lives here.

mod burn_down;
mod histogram;
mod log_lines;
mod palette;
mod support;
mod timeline;

pub use burn_down::{BurnDownChart, draw_burn_down};
pub use histogram::{HistogramChart, draw_histogram};
pub use log_lines::{LineSeries, LogLinesChart, Marker, draw_log_lines};
pub use palette::Palette;
pub use timeline::{LaneKind, TimelineChart, TimelineLane, draw_timeline, timeline_height_css};
