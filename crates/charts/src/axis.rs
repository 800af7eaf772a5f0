//! Axis descriptions the charts take: linear or log₁₀, a fixed or fitted range, named or automatic
//! ticks, a label and a tick formatter; and the plot-space axis they are drawn on.
//!
//! Charts draw in *plot space*: model values on a linear axis, their natural logarithm on a log
//! axis. Lines, bands and clipping are then straight-line geometry on either kind of axis, and a
//! log axis maps to pixels exactly as plotters' own `log_scale()` does.

use std::ops::Range;

use plotters::coord::ranged1d::{DefaultFormatting, KeyPointHint, Ranged};
use plotters::coord::types::RangedCoordf64;

use crate::support::{multiples_in, nice_step};

/// Automatic ticks aim for this many labels at most, and at least [`MIN_TICKS`].
const MAX_TICKS: usize = 8;
const MIN_TICKS: usize = 4;

/// How values map to positions along an axis.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum AxisScale {
    #[default]
    Linear,
    /// Powers of ten are evenly spaced; only positive values can be shown.
    Log10,
}

/// How automatic tick labels are written (named ticks keep their own labels).
#[derive(Clone, Copy, Debug, Default)]
pub enum TickFormat {
    /// As many decimals as the tick step needs on a linear axis (`0`, `0.5`, `1`); short numbers
    /// on a log axis (`0.01`, `1`, `1e6`).
    #[default]
    Auto,
    /// Fractions as percentages: `0.25` → `25%`.
    Percent,
    /// A fixed number of decimals.
    Decimals(usize),
    /// The caller's own formatter, e.g. one that writes durations.
    With(fn(f64) -> String),
}

/// One axis of a chart.
///
/// ```
/// use sdlab_charts::{Axis, TickFormat};
/// let x = Axis::log10().with_label("keys per node").with_range(1.0..1e6);
/// let y = Axis::linear().with_label("load").with_format(TickFormat::Percent);
/// # let _ = (x, y);
/// ```
#[derive(Clone, Debug, Default)]
pub struct Axis {
    pub scale: AxisScale,
    /// `None` fits the data. A range that cannot be drawn (NaN, infinite, not positive on a log
    /// axis) is ignored as if it were `None`; a range of zero width is widened.
    pub range: Option<Range<f64>>,
    /// Named ticks as `(value, label)`, e.g. `(3600.0, "1 h")`. Those on the axis are drawn; when
    /// none are, the ticks are automatic: 1–2–5 steps on a linear axis, decades on a log axis
    /// (with 2 and 5 between them when fewer than three decades show).
    pub ticks: Vec<(f64, String)>,
    /// The axis description; empty draws none.
    pub label: String,
    pub format: TickFormat,
}

impl Axis {
    pub fn linear() -> Self {
        Axis::default()
    }

    pub fn log10() -> Self {
        Axis {
            scale: AxisScale::Log10,
            ..Axis::default()
        }
    }

    pub fn with_range(mut self, range: Range<f64>) -> Self {
        self.range = Some(range);
        self
    }

    pub fn with_label(mut self, label: impl Into<String>) -> Self {
        self.label = label.into();
        self
    }

    pub fn with_ticks(mut self, ticks: &[(f64, &str)]) -> Self {
        self.ticks = ticks.iter().map(|&(v, l)| (v, l.to_string())).collect();
        self
    }

    pub fn with_format(mut self, format: TickFormat) -> Self {
        self.format = format;
        self
    }

    /// The axis as drawn: the own range if usable, else `fitted` (the chart's fit to its data),
    /// else `fallback`; and its ticks.
    pub(crate) fn resolve(&self, fitted: Option<Range<f64>>, fallback: Range<f64>) -> ResolvedAxis {
        let range = self
            .range
            .as_ref()
            .and_then(|r| usable(r, self.scale))
            .or_else(|| fitted.as_ref().and_then(|r| usable(r, self.scale)))
            .or_else(|| usable(&fallback, self.scale))
            .unwrap_or(match self.scale {
                AxisScale::Linear => 0.0..1.0,
                AxisScale::Log10 => 1.0..10.0,
            });
        let mut axis = ResolvedAxis {
            scale: self.scale,
            range,
            ticks: Vec::new(),
            label: self.label.clone(),
        };
        axis.ticks = axis.ticks_for(&self.ticks, self.format);
        axis
    }
}

/// The smallest and largest value that `scale` can show (finite; positive on a log axis), padded
/// by `pad` of the span on each side in plot space; `None` without such a value.
pub(crate) fn fit(
    values: impl IntoIterator<Item = f64>,
    scale: AxisScale,
    pad: f64,
) -> Option<Range<f64>> {
    let (lo, hi) = values
        .into_iter()
        .filter(|&v| v.is_finite() && (scale == AxisScale::Linear || v > 0.0))
        .fold(None, |acc: Option<(f64, f64)>, v| match acc {
            None => Some((v, v)),
            Some((lo, hi)) => Some((lo.min(v), hi.max(v))),
        })?;
    let pad = if pad.is_finite() { pad.max(0.0) } else { 0.0 };
    match scale {
        AxisScale::Linear => {
            let margin = (hi - lo) * pad;
            Some(lo - margin..hi + margin)
        }
        AxisScale::Log10 => {
            let factor = ((hi / lo).ln() * pad).exp();
            Some(lo / factor..hi * factor)
        }
    }
}

/// `range` ordered and made drawable on `scale`: finite, of finite non-zero width, positive on a
/// log axis; a zero-width range is widened (by half its value, or a decade on a log axis).
fn usable(range: &Range<f64>, scale: AxisScale) -> Option<Range<f64>> {
    let (a, b) = (range.start, range.end);
    if !(a.is_finite() && b.is_finite()) {
        return None;
    }
    let (lo, hi) = (a.min(b), a.max(b));
    let (lo, hi) = match scale {
        AxisScale::Linear if hi > lo => (lo, hi),
        AxisScale::Linear => {
            let pad = if lo == 0.0 { 1.0 } else { lo.abs() / 2.0 };
            (lo - pad, hi + pad)
        }
        AxisScale::Log10 if lo <= 0.0 => return None,
        AxisScale::Log10 if hi > lo => (lo, hi),
        AxisScale::Log10 => (lo / 10f64.sqrt(), hi * 10f64.sqrt()),
    };
    let width_ok = match scale {
        AxisScale::Linear => (hi - lo).is_finite(),
        AxisScale::Log10 => lo > 0.0 && hi.is_finite(),
    };
    (width_ok && hi > lo).then_some(lo..hi)
}

/// An axis ready to draw.
#[derive(Clone, Debug)]
pub(crate) struct ResolvedAxis {
    pub(crate) scale: AxisScale,
    /// In model units: finite, `start < end`, positive on a log axis.
    pub(crate) range: Range<f64>,
    /// `(model value, label)`, ascending.
    pub(crate) ticks: Vec<(f64, String)>,
    pub(crate) label: String,
}

impl ResolvedAxis {
    /// A linear axis over `range` with no ticks and no label, for charts that label it themselves.
    pub(crate) fn bare(range: Range<f64>) -> Self {
        ResolvedAxis {
            scale: AxisScale::Linear,
            range: usable(&range, AxisScale::Linear).unwrap_or(0.0..1.0),
            ticks: Vec::new(),
            label: String::new(),
        }
    }

    /// Where a model value sits in plot space; `None` for values the axis cannot show (NaN,
    /// infinite, or not positive on a log axis).
    pub(crate) fn to_plot(&self, v: f64) -> Option<f64> {
        match self.scale {
            AxisScale::Linear => v.is_finite().then_some(v),
            AxisScale::Log10 => (v.is_finite() && v > 0.0).then(|| v.ln()),
        }
    }

    /// The range in plot space.
    pub(crate) fn plot_range(&self) -> Range<f64> {
        match self.scale {
            AxisScale::Linear => self.range.clone(),
            AxisScale::Log10 => self.range.start.ln()..self.range.end.ln(),
        }
    }

    /// `v` in plot space, clamped to the axis: a whisker or bar that runs off the plot (to ±∞, or
    /// below 0 on a log axis) stops at its edge. `None` for NaN.
    pub(crate) fn to_plot_clamped(&self, v: f64) -> Option<f64> {
        let r = self.plot_range();
        let below = v == f64::NEG_INFINITY || (self.scale == AxisScale::Log10 && v <= 0.0);
        if v.is_nan() {
            None
        } else if v == f64::INFINITY {
            Some(r.end)
        } else if below {
            Some(r.start)
        } else {
            self.to_plot(v).map(|p| p.max(r.start).min(r.end))
        }
    }

    /// The plotters coordinate for this axis: plot space, grid lines and labels at the ticks.
    pub(crate) fn coord(&self) -> KeyedAxis {
        KeyedAxis {
            range: self.plot_range(),
            keys: self
                .ticks
                .iter()
                .filter_map(|&(v, _)| self.to_plot(v))
                .collect(),
        }
    }

    /// The label of the tick at plot-space position `p` (what plotters asks the formatter).
    pub(crate) fn label_at(&self, p: f64) -> String {
        self.ticks
            .iter()
            .find(|&&(v, _)| {
                self.to_plot(v)
                    .is_some_and(|t| t == p || (t - p).abs() <= 1e-9 * t.abs().max(p.abs()))
            })
            .map_or_else(String::new, |(_, l)| l.clone())
    }

    /// The named ticks on the axis, or automatic ones.
    fn ticks_for(&self, named: &[(f64, String)], format: TickFormat) -> Vec<(f64, String)> {
        let r = self.plot_range();
        let slack = match self.scale {
            AxisScale::Linear => (r.end - r.start) * 1e-9,
            AxisScale::Log10 => 1e-9,
        };
        let on_axis = |v: f64| {
            self.to_plot(v)
                .is_some_and(|p| r.start - slack <= p && p <= r.end + slack)
        };
        let mut ticks: Vec<(f64, String)> =
            named.iter().filter(|(v, _)| on_axis(*v)).cloned().collect();
        if ticks.is_empty() {
            let (values, step) = match self.scale {
                AxisScale::Linear => linear_ticks(&self.range),
                AxisScale::Log10 => (log_ticks(&self.range), None),
            };
            ticks = values
                .into_iter()
                .map(|v| (v, format_tick(v, step, format)))
                .collect();
        }
        ticks.sort_by(|a, b| a.0.total_cmp(&b.0));
        ticks
    }
}

/// Ticks at multiples of a 1–2–5 step, aiming for 4–8 of them, and the step.
fn linear_ticks(range: &Range<f64>) -> (Vec<f64>, Option<f64>) {
    let (ticks, step) = linear_ticks_up_to(range, MAX_TICKS);
    (ticks, Some(step))
}

/// Ticks at multiples of a 1–2–5 step, aiming for 4 to `max` of them (`max` ≥ 4), and the step.
pub(crate) fn linear_ticks_up_to(range: &Range<f64>, max: usize) -> (Vec<f64>, f64) {
    let max = max.max(MIN_TICKS);
    let span = range.end - range.start;
    let step = nice_step(span, max - 1);
    let ticks = multiples_in(range, step, max + 1);
    if ticks.len() >= MIN_TICKS {
        return (ticks, step);
    }
    // The next smaller 1–2–5 step, unless it overshoots.
    let finer = nice_step(step * 0.4, 1);
    let more = multiples_in(range, finer, max + 2);
    if more.len() <= max {
        (more, finer)
    } else {
        (ticks, step)
    }
}

/// Decades (every second, fifth, tenth… when more than eight show); with fewer than three decades on
/// the axis, 1–2–5 multiples of each; on an axis too short for those, linear 1–2–5 steps.
fn log_ticks(range: &Range<f64>) -> Vec<f64> {
    let exponents = range.start.log10()..range.end.log10();
    // f64 spans about 630 decades.
    let decades = multiples_in(&exponents, 1.0, 700);
    if decades.len() >= 3 {
        let every = nice_step(decades.len() as f64, MAX_TICKS);
        return multiples_in(&exponents, every, MAX_TICKS + 1)
            .into_iter()
            .map(|k| 10f64.powf(k))
            .collect();
    }
    let slack = 1e-9;
    let first = exponents.start.floor() as i32;
    let last = exponents.end.ceil() as i32;
    let one_two_five: Vec<f64> = (first..=last)
        .flat_map(|k| [1.0, 2.0, 5.0].map(|m| m * 10f64.powi(k)))
        .filter(|&v| {
            let e = v.log10();
            exponents.start - slack <= e && e <= exponents.end + slack
        })
        .collect();
    if (MIN_TICKS..=MAX_TICKS).contains(&one_two_five.len()) {
        return one_two_five;
    }
    if one_two_five.len() > MAX_TICKS {
        return decades.into_iter().map(|k| 10f64.powf(k)).collect();
    }
    linear_ticks(range).0
}

/// An automatic tick's label. `step` is the linear tick step, `None` on a log axis.
fn format_tick(v: f64, step: Option<f64>, format: TickFormat) -> String {
    let decimals = |step: f64| (-step.log10()).ceil().clamp(0.0, 6.0) as usize;
    match (format, step) {
        (TickFormat::Auto, Some(step)) if v.abs() < 1e7 && step >= 1e-6 => {
            format!("{v:.prec$}", prec = decimals(step))
        }
        (TickFormat::Auto, _) => short_number(v),
        (TickFormat::Percent, Some(step)) => {
            format!("{:.prec$}%", v * 100.0, prec = decimals(step * 100.0))
        }
        (TickFormat::Percent, None) => format!("{}%", short_number(v * 100.0)),
        (TickFormat::Decimals(n), _) => format!("{v:.prec$}", prec = n.min(12)),
        (TickFormat::With(f), _) => f(v),
    }
}

/// A number for an axis label: plain where that is short, scientific beyond.
pub(crate) fn short_number(v: f64) -> String {
    if v == 0.0 {
        "0".to_string()
    } else if (1e-3..1e6).contains(&v.abs()) {
        let text = format!("{v:.3}");
        text.trim_end_matches('0').trim_end_matches('.').to_string()
    } else {
        format!("{v:.0e}")
    }
}

/// A linear f64 axis in plot space with grid lines and labels exactly at `keys`. plotters' own
/// `with_key_points` on an f64 range loses the value formatter that `configure_mesh` needs, hence
/// this small axis.
#[derive(Clone)]
pub(crate) struct KeyedAxis {
    pub(crate) range: Range<f64>,
    pub(crate) keys: Vec<f64>,
}

impl Ranged for KeyedAxis {
    type FormatOption = DefaultFormatting;
    type ValueType = f64;

    fn map(&self, value: &f64, limit: (i32, i32)) -> i32 {
        // plotters adds the plot's offset to a saturating cast, which overflows for a value far off
        // the axis; a few spans beyond either end is off the plot all the same.
        let (start, end) = (self.range.start, self.range.end);
        let span = end - start;
        let v = if value.is_nan() {
            start
        } else {
            value.max(start - 4.0 * span).min(end + 4.0 * span)
        };
        RangedCoordf64::from(self.range.clone()).map(&v, limit)
    }

    fn key_points<Hint: KeyPointHint>(&self, hint: Hint) -> Vec<f64> {
        if hint.weight().allow_light_points() {
            Vec::new()
        } else {
            self.keys.clone()
        }
    }

    fn range(&self) -> Range<f64> {
        self.range.clone()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn values(axis: &Axis) -> Vec<f64> {
        axis.resolve(None, 0.0..1.0)
            .ticks
            .into_iter()
            .map(|(v, _)| v)
            .collect()
    }

    fn labels(axis: &Axis) -> Vec<String> {
        axis.resolve(None, 0.0..1.0)
            .ticks
            .into_iter()
            .map(|(_, l)| l)
            .collect()
    }

    fn close(a: &[f64], b: &[f64]) -> bool {
        a.len() == b.len()
            && a.iter()
                .zip(b)
                .all(|(x, y)| (x - y).abs() <= 1e-9 * y.abs())
    }

    #[test]
    fn linear_ticks_are_one_two_five_steps_four_to_eight_of_them() {
        for (range, step) in [
            (0.0..1.0, 0.2),
            (0.0..10.0, 2.0),
            (-0.1..1.05, 0.2),
            (0.0..0.71, 0.2),
            (0.0..1.45, 0.2),
            (0.3..3.9, 0.5),
            (1.0..4.0, 0.5),
            (0.0..130.0, 20.0),
            (1e-9..5e-9, 1e-9),
            (0.0..7e9, 1e9),
        ] {
            let ticks = values(&Axis::linear().with_range(range.clone()));
            assert!((4..=8).contains(&ticks.len()), "{range:?}: {ticks:?}");
            for pair in ticks.windows(2) {
                assert!(
                    ((pair[1] - pair[0]) / step - 1.0).abs() < 1e-6,
                    "{range:?}: {ticks:?}"
                );
            }
        }
        assert_eq!(
            labels(&Axis::linear().with_range(0.0..1.0)),
            ["0.0", "0.2", "0.4", "0.6", "0.8", "1.0"]
        );
        assert_eq!(
            labels(&Axis::linear().with_range(0.0..130.0)),
            ["0", "20", "40", "60", "80", "100", "120"]
        );
        assert_eq!(
            labels(
                &Axis::linear()
                    .with_range(0.0..1.0)
                    .with_format(TickFormat::Percent)
            ),
            ["0%", "20%", "40%", "60%", "80%", "100%"]
        );
    }

    #[test]
    fn log_ticks_are_decades_with_two_and_five_on_short_axes() {
        let decades = values(&Axis::log10().with_range(1e-3..1e3));
        assert!(close(&decades, &[1e-3, 1e-2, 1e-1, 1.0, 1e1, 1e2, 1e3]));
        assert_eq!(
            labels(&Axis::log10().with_range(1e-3..1e3)),
            ["0.001", "0.01", "0.1", "1", "10", "100", "1000"]
        );
        // Thirty decades: every fifth, still at most eight labels.
        let wide = values(&Axis::log10().with_range(1e-15..1e15));
        assert!(
            close(&wide, &[1e-15, 1e-10, 1e-5, 1.0, 1e5, 1e10, 1e15]),
            "{wide:?}"
        );
        // Fewer than three decades: 1, 2 and 5 of each.
        let short = values(&Axis::log10().with_range(1.0..50.0));
        assert!(
            close(&short, &[1.0, 2.0, 5.0, 10.0, 20.0, 50.0]),
            "{short:?}"
        );
        let two = values(&Axis::log10().with_range(1.1..150.0));
        assert!(close(&two, &[2.0, 5.0, 10.0, 20.0, 50.0, 100.0]), "{two:?}");
        // The whole f64 range: every hundredth decade.
        let all = values(&Axis::log10().with_range(f64::MIN_POSITIVE..f64::MAX));
        assert!((4..=8).contains(&all.len()), "{all:?}");
        // Under half a decade: linear steps, all on the axis.
        let tiny = values(&Axis::log10().with_range(2.0..5.0));
        assert!((4..=8).contains(&tiny.len()), "{tiny:?}");
        assert!(tiny.iter().all(|v| (2.0..=5.0).contains(v)), "{tiny:?}");
    }

    #[test]
    fn named_ticks_on_the_axis_win_and_others_are_dropped() {
        let axis = Axis::log10().with_range(1.0..1000.0).with_ticks(&[
            (0.5, "too low"),
            (60.0, "1 min"),
            (1.0, "1 s"),
        ]);
        assert_eq!(labels(&axis), ["1 s", "1 min"]);
        let off = Axis::linear()
            .with_range(0.0..1.0)
            .with_ticks(&[(5.0, "x")]);
        assert_eq!(labels(&off).len(), 6, "automatic instead");
    }

    #[test]
    fn unusable_ranges_fall_back() {
        let r = |axis: Axis, fitted: Option<Range<f64>>| axis.resolve(fitted, 0.0..1.0).range;
        assert_eq!(r(Axis::linear().with_range(f64::NAN..1.0), None), 0.0..1.0);
        assert_eq!(r(Axis::linear().with_range(3.0..1.0), None), 1.0..3.0);
        assert_eq!(r(Axis::linear().with_range(2.0..2.0), None), 1.0..3.0);
        assert_eq!(r(Axis::linear().with_range(0.0..0.0), None), -1.0..1.0);
        assert_eq!(
            r(Axis::linear().with_range(-f64::MAX..f64::MAX), None),
            0.0..1.0
        );
        assert_eq!(r(Axis::linear(), Some(5.0..6.0)), 5.0..6.0);
        assert_eq!(r(Axis::log10().with_range(-1.0..10.0), None), 1.0..10.0);
        assert_eq!(r(Axis::log10(), Some(0.0..10.0)), 1.0..10.0);
        let widened = r(Axis::log10().with_range(10.0..10.0), None);
        assert!((widened.start * widened.end - 100.0).abs() < 1e-9);
    }

    #[test]
    fn fit_pads_in_plot_space() {
        assert_eq!(
            fit([1.0, f64::NAN, 3.0], AxisScale::Linear, 0.5),
            Some(0.0..4.0)
        );
        let log = fit([1.0, -5.0, 100.0], AxisScale::Log10, 0.5).expect("fits");
        assert!((log.start - 0.1).abs() < 1e-12 && (log.end - 1000.0).abs() < 1e-9);
        assert_eq!(fit([f64::INFINITY], AxisScale::Linear, 0.0), None);
        assert_eq!(fit([-1.0, 0.0], AxisScale::Log10, 0.0), None);
    }

    #[test]
    fn labels_are_found_at_plot_positions() {
        let axis = Axis::log10()
            .with_range(1.0..100.0)
            .resolve(None, 1.0..10.0);
        assert_eq!(axis.label_at(10f64.ln()), "10");
        assert_eq!(axis.label_at(3f64.ln()), "");
        assert_eq!(axis.to_plot(-1.0), None);
        assert_eq!(axis.to_plot_clamped(-1.0), Some(0.0));
        assert_eq!(axis.to_plot_clamped(1e9), Some(100f64.ln()));
        assert_eq!(axis.to_plot_clamped(f64::INFINITY), Some(100f64.ln()));
        assert_eq!(axis.to_plot_clamped(f64::NAN), None);
    }

    #[test]
    fn values_far_off_the_axis_map_off_the_plot_without_overflow() {
        let axis = KeyedAxis {
            range: 0.0..1.0,
            keys: Vec::new(),
        };
        assert_eq!(axis.map(&0.5, (100, 200)), 150);
        assert!(axis.map(&1e300, (100, 200)) > 200);
        assert!(axis.map(&-1e300, (100, 200)) < 100);
        assert_eq!(axis.map(&f64::NAN, (100, 200)), 100);
        let huge = KeyedAxis {
            range: -f64::MAX..f64::MAX / 2.0,
            keys: Vec::new(),
        };
        assert!(huge.map(&f64::MAX, (0, i32::MAX / 2)) >= 0);
    }

    #[test]
    fn short_numbers() {
        assert_eq!(short_number(0.0), "0");
        assert_eq!(short_number(0.25), "0.25");
        assert_eq!(short_number(1e6), "1e6");
        assert_eq!(short_number(2e-4), "2e-4");
    }
}
