//! sdlab's charts, drawn with plotters onto any `DrawingArea`: the page hands in a canvas,
//! tests hand in an SVG string. No browser code lives here.

mod log_lines;
mod palette;

pub use log_lines::{LineSeries, LogLinesChart, Marker, draw_log_lines};
pub use palette::Palette;
