//! Pieces the charts share: a usable scale, tick steps, clipping lines and polygons into the plot,
//! cutting and thinning labels.
//!
//! plotters maps coordinates without clipping and without guarding against NaN or empty ranges, so
//! every chart cleans its numbers here before they reach a `ChartBuilder`.

use std::ops::Range;

use plotters::prelude::*;

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
        // Near ±f64::MAX the slack or a multiple can overflow.
        .take_while(|&v| v.is_finite() && v <= range.end + slack)
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
    // An end that needs no clipping is returned as given, so consecutive segments of a polyline
    // share their joint exactly and `runs` can chain them.
    let start = if t0 == 0.0 {
        a
    } else {
        (a.0 + t0 * dx, a.1 + t0 * dy)
    };
    let end = if t1 == 1.0 {
        b
    } else {
        (a.0 + t1 * dx, a.1 + t1 * dy)
    };
    (t0 <= t1).then_some((start, end))
}

/// The polyline cut into runs that lie inside the box: a non-finite point or an excursion outside
/// it ends a run, so the line never joins across a gap or leaves the frame. A lone point inside is
/// a run of one (drawn as a dot).
pub(crate) fn runs(points: &[(f64, f64)], x: &Range<f64>, y: &Range<f64>) -> Vec<Vec<(f64, f64)>> {
    let inside =
        |(px, py): (f64, f64)| px >= x.start && px <= x.end && py >= y.start && py <= y.end;
    let mut runs: Vec<Vec<(f64, f64)>> = Vec::new();
    let mut run: Vec<(f64, f64)> = Vec::new();
    if let [only] = points
        && inside(*only)
    {
        return vec![vec![*only]];
    }
    for pair in points.windows(2) {
        match clip_segment(pair[0], pair[1], x, y) {
            Some((a, b)) => {
                if run.last() != Some(&a) {
                    if !run.is_empty() {
                        runs.push(std::mem::take(&mut run));
                    }
                    run.push(a);
                }
                run.push(b);
            }
            None => {
                if !run.is_empty() {
                    runs.push(std::mem::take(&mut run));
                }
            }
        }
    }
    if !run.is_empty() {
        runs.push(run);
    }
    runs
}

/// The part of a polygon inside the box (Sutherland–Hodgman, one box edge at a time); empty when
/// none of it is. Non-finite vertices are the caller's to drop first.
pub(crate) fn clip_polygon(
    polygon: &[(f64, f64)],
    x: &Range<f64>,
    y: &Range<f64>,
) -> Vec<(f64, f64)> {
    // Each edge: is a point inside it, and where does a segment cross it.
    type Inside = fn(&(f64, f64), f64) -> bool;
    let edges: [(Inside, f64, bool); 4] = [
        (|p, v| p.0 >= v, x.start, true),
        (|p, v| p.0 <= v, x.end, true),
        (|p, v| p.1 >= v, y.start, false),
        (|p, v| p.1 <= v, y.end, false),
    ];
    let mut out = polygon.to_vec();
    for (inside, v, vertical) in edges {
        let input = std::mem::take(&mut out);
        let Some(&last) = input.last() else {
            break;
        };
        let cross = |a: (f64, f64), b: (f64, f64)| {
            if vertical {
                let t = (v - a.0) / (b.0 - a.0);
                (v, a.1 + t * (b.1 - a.1))
            } else {
                let t = (v - a.1) / (b.1 - a.1);
                (a.0 + t * (b.0 - a.0), v)
            }
        };
        let mut prev = last;
        for &p in &input {
            match (inside(&p, v), inside(&prev, v)) {
                (true, true) => out.push(p),
                (true, false) => {
                    out.push(cross(prev, p));
                    out.push(p);
                }
                (false, true) => out.push(cross(prev, p)),
                (false, false) => {}
            }
            prev = p;
        }
    }
    out
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

/// About how wide a tick label of `chars` characters is at 12 px, in CSS pixels (0.55 em a
/// character, as drawn in a sans-serif font, plus a little room either side).
pub(crate) fn label_width_css(chars: usize) -> f64 {
    chars as f64 * 6.6 + 14.0
}

/// Show every `n`-th of `count` labels so that each gets `needed_px` where a slot is `slot_px`
/// wide: 1 when they all fit, and always at least 1.
pub(crate) fn label_every(count: usize, slot_px: f64, needed_px: f64) -> usize {
    if count == 0 || slot_px.is_nan() || slot_px <= 0.0 || !needed_px.is_finite() {
        return 1.max(count);
    }
    ((needed_px / slot_px).ceil().max(1.0) as usize).min(count)
}

/// Width and height of an area in pixels, zero rather than wrapped when plotters hands back an
/// inverted rectangle on a tiny canvas.
pub(crate) fn pixel_size<DB: DrawingBackend, CT: plotters::coord::CoordTranslate>(
    area: &DrawingArea<DB, CT>,
) -> (i32, i32) {
    let (x, y) = area.get_pixel_range();
    ((x.end - x.start).max(0), (y.end - y.start).max(0))
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
        assert!(multiples_in(&(-f64::MAX..1.0), 5e307, 10).is_empty());
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
    fn clips_polygons_to_the_box() {
        let (x, y) = (0.0..10.0, 0.0..10.0);
        let inside = [(1.0, 1.0), (9.0, 1.0), (9.0, 9.0)];
        assert_eq!(clip_polygon(&inside, &x, &y), inside.to_vec());
        // A square sticking out of the right edge loses the part beyond it.
        let square = [(5.0, 2.0), (15.0, 2.0), (15.0, 8.0), (5.0, 8.0)];
        let clipped = clip_polygon(&square, &x, &y);
        assert!(clipped.iter().all(|&(px, _)| px <= 10.0), "{clipped:?}");
        assert!(clipped.contains(&(10.0, 2.0)) && clipped.contains(&(10.0, 8.0)));
        assert!(clip_polygon(&[(20.0, 20.0), (30.0, 20.0), (30.0, 30.0)], &x, &y).is_empty());
        assert!(clip_polygon(&[], &x, &y).is_empty());
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
    fn thins_labels_that_do_not_fit() {
        assert_eq!(label_every(10, 50.0, 40.0), 1);
        assert_eq!(label_every(100, 5.0, 40.0), 8);
        assert_eq!(label_every(3, 0.0, 40.0), 3);
        assert_eq!(label_every(3, f64::NAN, 40.0), 3);
        assert_eq!(label_every(0, 5.0, 40.0), 1);
        assert_eq!(label_every(4, 1e-300, 1e300), 4);
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

    #[test]
    fn runs_split_at_gaps_and_at_the_frame() {
        let (x, y) = (0.0..10.0, -0.1..1.05);
        let r = runs(&[(0.0, 1.0), (5.0, 0.5), (10.0, 0.0)], &x, &y);
        assert_eq!(r, vec![vec![(0.0, 1.0), (5.0, 0.5), (10.0, 0.0)]]);
        let r = runs(
            &[
                (0.0, 1.0),
                (1.0, 0.9),
                (5.0, f64::NAN),
                (6.0, 0.5),
                (7.0, 0.4),
            ],
            &x,
            &y,
        );
        assert_eq!(r.len(), 2);
        let r = runs(&[(0.0, 0.5), (2.0, 2.0), (4.0, 0.5)], &x, &y);
        assert_eq!(r.len(), 2, "leaves the top and comes back");
        assert!(runs(&[], &x, &y).is_empty());
        assert!(runs(&[(20.0, 0.5)], &x, &y).is_empty());
    }
}
