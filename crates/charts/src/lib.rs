//! sdlab's charts, drawn with plotters onto any `DrawingArea`: the page hands in a canvas, tests
//! and the SVG export hand in an SVG string. No browser code lives here.
//!
//! Every chart is a plain struct of what it shows, in model units, and a
//! `draw_*(area, &chart)` function generic over plotters' `DrawingBackend`. Input is never
//! trusted: NaN, infinite or empty data, unusable ranges and a NaN or zero `scale` (device pixel
//! ratio) are drawn as well as they can be, with a "no data" note when nothing is left, and never
//! panic.
//!
//! # Charts
//!
//! - [`LinesChart`] / [`draw_lines`]: [`LineSeries`] on linear or log axes, with confidence
//!   [`Band`]s under them, [`ErrorBars`] and a vertical [`Marker`]; optional legend.
//! - [`BarsChart`] / [`draw_bars`]: one [`Bar`] per category (optional error whisker), with
//!   labelled [`ReferenceLine`]s such as a mean or a capacity limit.
//! - [`BinsChart`] / [`draw_bins`]: a histogram of counts in bins on a linear or log x axis, with
//!   an optional threshold line.
//! - [`HeatMapChart`] / [`draw_heat_map`]: rows × columns of values as coloured cells, with a
//!   colour-scale legend.
//! - [`TimelineChart`] / [`draw_timeline`]: up/down periods per [`TimelineLane`] ([`LaneKind`]),
//!   the system lane last; [`timeline_height_css`] gives the height it is designed for.
//! - [`BurnDownChart`] / [`draw_burn_down`]: an error budget over its window, with alert tiers.
//! - Presets for the pages that came first: [`LogLinesChart`] / [`draw_log_lines`] (lines on a
//!   log y axis with named ticks) and [`HistogramChart`] / [`draw_histogram`] (bins on a log x
//!   axis with named ticks).
//!
//! # Pointing at data
//!
//! Every `draw_*` function returns a [`Mapping`]: the plot's pixel rectangle, each axis as an
//! [`AxisMap`] (model value ↔ pixel, linear or log) and the chart's hit [`Target`]s — one per
//! point, bin, bar, cell or down period, each naming its `(series, index)` in the chart's
//! input, with a marker position and a hit rectangle. [`Mapping::hit`] turns a pointer position
//! into a target (the one under it, else the nearest); the targets' order (left to right) is
//! the order keyboard stepping follows. The chart knows where its data landed; the page knows
//! its units, so the page writes the tooltip for a target and the chart crate never formats a
//! value. Pixels are device pixels from the drawing area's top-left corner (CSS pixels times
//! `scale`).
//!
//! # Axes, colours, export
//!
//! - [`Axis`]: [`AxisScale::Linear`] or [`AxisScale::Log10`], a fixed range or one fitted to the
//!   data, named ticks or automatic ones (1–2–5 steps, 4–8 of them; decades, with 2 and 5 between
//!   when fewer than three decades show), a label and a [`TickFormat`]; [`duration_ticks`]
//!   names ticks on a duration axis (1 s, 10 s, 1 min … 1 week) with 4 or more on any range.
//! - [`Palette`]: light and dark themes; series colours are the Okabe–Ito set.
//! - [`to_svg`]: any chart as a standalone SVG document (real `<text>`), for downloads.
//!
//! Inside, `frame.rs` draws what every chart shares (background, scale, fonts, margins, mesh,
//! "no data") and `axis.rs` places values in plot space (ln on a log axis); tests read the SVG
//! back through `test_support.rs`.

mod axis;
mod bars;
mod burn_down;
mod durations;
mod frame;
mod heat_map;
mod histogram;
#[cfg(test)]
mod hostile_input;
mod lines;
mod mapping;
mod palette;
mod support;
mod svg;
#[cfg(test)]
mod test_support;
mod timeline;

pub use axis::{Axis, AxisScale, TickFormat};
pub use bars::{Bar, BarsChart, ReferenceLine, draw_bars};
pub use burn_down::{BurnDownChart, draw_burn_down};
pub use durations::duration_ticks;
pub use heat_map::{HeatMapChart, draw_heat_map};
pub use histogram::{BinsChart, HistogramChart, draw_bins, draw_histogram};
pub use lines::{
    Band, ErrorBars, LineSeries, LinesChart, LogLinesChart, Marker, draw_lines, draw_log_lines,
};
pub use mapping::{AxisMap, Mapping, PixelRect, Target};
pub use palette::Palette;
pub use svg::to_svg;
pub use timeline::{LaneKind, TimelineChart, TimelineLane, draw_timeline, timeline_height_css};
