//! Pieces the charts share: a usable scale, tick steps, clipping into the plot and the "no data" note.
//!
//! plotters maps coordinates without clipping and without guarding against NaN or empty ranges, so
//! every chart cleans its numbers here before they reach a `ChartBuilder`.

use std::ops::Range;

use plotters::coord::Shift;
use plotters::coord::ranged1d::{DefaultFormatting, KeyPointHint, Ranged};
use plotters::coord::types::RangedCoordf64;
use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, Pos, VPos};

use crate::Palette;

/// The device pixel ratio to draw with: a NaN, zero or absurd ratio would collapse or explode every
/// text size and margin, so it falls back to 1 and is capped.
pub(crate) fn sane_scale(scale: f64) -> f64 {
    if scale.is_finite() && scale > 0.0 {
        scale.clamp(0.25, 8.0)
    } else {
        1.0
    }
}

/// A 1–2–5 step that splits `span` into at most `max_intervals` intervals; 1 when the span is
/// unusable, so callers can always divide by it.
pub(crate) fn nice_step(span: f64, max_intervals: usize) -> f64 {
    let raw = span / max_intervals.max(1) as f64;
    if !raw.is_finite() || raw <= 0.0 {
        return 1.0;
    }
    let magnitude = 10f64.powf(raw.log10().floor());
    let step = [1.0, 2.0, 5.0, 10.0]
        .into_iter()
        .map(|m| m * magnitude)
        .find(|&step| step >= raw * (1.0 - 1e-9))
        .unwrap_or(10.0 * magnitude);
    if step.is_finite() && step > 0.0 {
        step
    } else {
        1.0
    }
}

/// Multiples of `step` inside `range` (inclusive), at most `cap` of them so a bad step cannot
/// produce an unbounded list.
pub(crate) fn multiples_in(range: &Range<f64>, step: f64, cap: usize) -> Vec<f64> {
    if !(step.is_finite() && step > 0.0 && range.start.is_finite() && range.end.is_finite()) {
        return Vec::new();
    }
    let slack = step * 1e-9;
    let first = ((range.start - slack) / step).ceil();
    (0..cap)
        .map(|i| (first + i as f64) * step)
        .take_while(|&v| v <= range.end + slack)
        // -0.0 would print as "-0".
        .map(|v| if v.abs() < slack { 0.0 } else { v })
        .collect()
}

/// The part of the segment `a`–`b` inside the box (Liang–Barsky), or `None` if none of it is.
pub(crate) fn clip_segment(
    a: (f64, f64),
    b: (f64, f64),
    x: &Range<f64>,
    y: &Range<f64>,
) -> Option<((f64, f64), (f64, f64))> {
    let finite = [a.0, a.1, b.0, b.1].iter().all(|v| v.is_finite());
    if !finite {
        return None;
    }
    let (dx, dy) = (b.0 - a.0, b.1 - a.1);
    let (mut t0, mut t1) = (0.0f64, 1.0f64);
    for (p, q) in [
        (-dx, a.0 - x.start),
        (dx, x.end - a.0),
        (-dy, a.1 - y.start),
        (dy, y.end - a.1),
    ] {
        if p == 0.0 {
            if q < 0.0 {
                return None;
            }
        } else {
            let r = q / p;
            if p < 0.0 {
                t0 = t0.max(r);
            } else {
                t1 = t1.min(r);
            }
        }
    }
    (t0 <= t1).then_some((
        (a.0 + t0 * dx, a.1 + t0 * dy),
        (a.0 + t1 * dx, a.1 + t1 * dy),
    ))
}

/// A linear f64 axis with grid lines and labels exactly at `keys`. plotters' own `with_key_points`
/// on an f64 range loses the value formatter that `configure_mesh` needs, hence this small axis.
#[derive(Clone)]
pub(crate) struct KeyedAxis {
    pub(crate) range: Range<f64>,
    pub(crate) keys: Vec<f64>,
}

impl Ranged for KeyedAxis {
    type FormatOption = DefaultFormatting;
    type ValueType = f64;

    fn map(&self, value: &f64, limit: (i32, i32)) -> i32 {
        RangedCoordf64::from(self.range.clone()).map(value, limit)
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

/// An interval `(from, to)` in x, ordered, clipped to `range` and at least `min_width` wide so that a
/// five-minute outage on a month-long axis still shows as a sliver; `None` if it is NaN or outside.
pub(crate) fn clip_interval(
    (a, b): (f64, f64),
    range: &Range<f64>,
    min_width: f64,
) -> Option<(f64, f64)> {
    if a.is_nan() || b.is_nan() {
        return None;
    }
    let (lo, hi) = (a.min(b), a.max(b));
    if hi < range.start || lo > range.end {
        return None;
    }
    let (mut lo, mut hi) = (lo.max(range.start), hi.min(range.end));
    let width = range.end - range.start;
    // max/min rather than clamp: clamp panics on NaN.
    let min_width = min_width.max(0.0).min(width);
    if hi - lo < min_width {
        let mid = (lo + hi) / 2.0;
        lo = (mid - min_width / 2.0).max(range.start);
        hi = (lo + min_width).min(range.end);
        lo = hi - min_width;
    }
    Some((lo, hi))
}

/// `label` cut to `max_chars` characters (not bytes, so a multi-byte name cannot split), ending in
/// "…" when cut.
pub(crate) fn truncate_label(label: &str, max_chars: usize) -> String {
    if label.chars().count() <= max_chars {
        label.to_string()
    } else {
        let mut cut: String = label.chars().take(max_chars.saturating_sub(1)).collect();
        cut.push('…');
        cut
    }
}

/// Width and height of an area in pixels, zero rather than wrapped when plotters hands back an
/// inverted rectangle on a tiny canvas.
pub(crate) fn pixel_size<DB: DrawingBackend, CT: plotters::coord::CoordTranslate>(
    area: &DrawingArea<DB, CT>,
) -> (i32, i32) {
    let (x, y) = area.get_pixel_range();
    ((x.end - x.start).max(0), (y.end - y.start).max(0))
}

/// "no data", centred in `area`, so an empty chart says why it is empty.
pub(crate) fn draw_no_data<DB: DrawingBackend>(
    area: &DrawingArea<DB, Shift>,
    palette: &Palette,
    scale: f64,
) -> Result<(), DrawingAreaErrorKind<DB::ErrorType>> {
    let (w, h) = pixel_size(area);
    let style = ("sans-serif", 14.0 * scale)
        .into_font()
        .color(&palette.muted)
        .pos(Pos::new(HPos::Center, VPos::Center));
    area.draw(&Text::new("no data", (w / 2, h / 2), style))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn nice_steps_are_one_two_five() {
        assert_eq!(nice_step(1.15, 4), 0.5);
        assert_eq!(nice_step(10.0, 5), 2.0);
        assert_eq!(nice_step(30.0, 6), 5.0);
        assert_eq!(nice_step(0.0, 5), 1.0);
        assert_eq!(nice_step(f64::NAN, 5), 1.0);
        assert_eq!(nice_step(f64::INFINITY, 5), 1.0);
        assert_eq!(nice_step(1.0, 0), 1.0);
    }

    #[test]
    fn multiples_cover_the_range_and_stop_at_the_cap() {
        assert_eq!(multiples_in(&(-0.1..1.05), 0.5, 100), vec![0.0, 0.5, 1.0]);
        assert_eq!(multiples_in(&(0.0..1e12), 1.0, 10).len(), 10);
        assert!(multiples_in(&(0.0..1.0), f64::NAN, 10).is_empty());
        assert!(multiples_in(&(f64::NEG_INFINITY..1.0), 1.0, 10).is_empty());
    }

    #[test]
    fn clips_segments_to_the_box() {
        let (x, y) = (0.0..10.0, 0.0..1.0);
        assert_eq!(
            clip_segment((-10.0, 0.5), (20.0, 0.5), &x, &y),
            Some(((0.0, 0.5), (10.0, 0.5)))
        );
        assert_eq!(clip_segment((0.0, 2.0), (10.0, 3.0), &x, &y), None);
        assert_eq!(clip_segment((0.0, f64::NAN), (10.0, 0.5), &x, &y), None);
        let ((_, y0), (_, y1)) = clip_segment((0.0, 2.0), (10.0, -1.0), &x, &y).expect("crosses");
        assert!((y0 - 1.0).abs() < 1e-12 && y1.abs() < 1e-12);
    }

    #[test]
    fn intervals_are_ordered_clipped_and_widened() {
        let r = 0.0..100.0;
        assert_eq!(clip_interval((20.0, 10.0), &r, 0.0), Some((10.0, 20.0)));
        assert_eq!(
            clip_interval((90.0, f64::INFINITY), &r, 0.0),
            Some((90.0, 100.0))
        );
        assert_eq!(clip_interval((f64::NAN, 1.0), &r, 0.0), None);
        assert_eq!(clip_interval((200.0, 300.0), &r, 0.0), None);
        assert_eq!(clip_interval((50.0, 50.0), &r, 2.0), Some((49.0, 51.0)));
        assert_eq!(clip_interval((100.0, 100.0), &r, 2.0), Some((98.0, 100.0)));
        assert_eq!(clip_interval((0.0, 0.0), &r, 2.0), Some((0.0, 2.0)));
    }

    #[test]
    fn truncates_by_characters() {
        assert_eq!(truncate_label("short", 24), "short");
        assert_eq!(truncate_label("ééééé", 3), "éé…");
        assert_eq!(truncate_label("abc", 0), "…");
    }

    #[test]
    fn scale_falls_back_to_one() {
        assert_eq!(sane_scale(2.0), 2.0);
        assert_eq!(sane_scale(f64::NAN), 1.0);
        assert_eq!(sane_scale(0.0), 1.0);
        assert_eq!(sane_scale(-3.0), 1.0);
        assert_eq!(sane_scale(1e9), 8.0);
    }
}
