//! What every `draw_*` function returns: where the plot landed, how each axis maps model values
//! to pixels, and the chart's hit targets (its points, bins, bars, cells or intervals) with the
//! rule that turns a pointer position into one of them.
//!
//! Pixels are the drawing area's device pixels, from its top-left corner, as plotters draws
//! them: a page divides by its device pixel ratio for CSS pixels.

use std::ops::Range;

use plotters::coord::Shift;
use plotters::prelude::*;

use crate::AxisScale;
use crate::axis::ResolvedAxis;
use crate::frame::Plot;

/// A rectangle in pixels; `left <= right` and `top <= bottom`.
#[derive(Clone, Copy, Debug, Default, PartialEq)]
pub struct PixelRect {
    pub left: f64,
    pub top: f64,
    pub right: f64,
    pub bottom: f64,
}

impl PixelRect {
    /// The rectangle spanned by two corners in any order.
    pub fn spanning((x0, y0): (f64, f64), (x1, y1): (f64, f64)) -> Self {
        PixelRect {
            left: x0.min(x1),
            top: y0.min(y1),
            right: x0.max(x1),
            bottom: y0.max(y1),
        }
    }

    /// Whether `(x, y)` lies inside or on the edge.
    pub fn contains(&self, x: f64, y: f64) -> bool {
        self.left <= x && x <= self.right && self.top <= y && y <= self.bottom
    }

    /// How far `(x, y)` is from the rectangle: 0 inside.
    pub fn distance(&self, x: f64, y: f64) -> f64 {
        let dx = (self.left - x).max(x - self.right).max(0.0);
        let dy = (self.top - y).max(y - self.bottom).max(0.0);
        dx.hypot(dy)
    }
}

/// One axis as drawn: the model value at each end and the pixel it lands on.
#[derive(Clone, Debug, PartialEq)]
pub struct AxisMap {
    pub scale: AxisScale,
    /// Model units, `start < end`; positive on a log axis.
    pub range: Range<f64>,
    /// The pixels of `range.start` and `range.end` (on a y axis the start is the lower, larger
    /// pixel).
    pub pixels: (f64, f64),
}

impl AxisMap {
    fn new(axis: &ResolvedAxis, pixels: (f64, f64)) -> Self {
        AxisMap {
            scale: axis.scale,
            range: axis.range.clone(),
            pixels,
        }
    }

    /// Where plot-space `p` (ln of the value on a log axis) lands.
    fn plot_to_px(&self, p: f64) -> f64 {
        let (a, b) = self.plot_range();
        self.pixels.0 + (p - a) / (b - a) * (self.pixels.1 - self.pixels.0)
    }

    fn plot_range(&self) -> (f64, f64) {
        match self.scale {
            AxisScale::Linear => (self.range.start, self.range.end),
            AxisScale::Log10 => (self.range.start.ln(), self.range.end.ln()),
        }
    }

    /// The pixel of model value `v` (plotters draws it at this pixel rounded towards the start
    /// of the axis); `None` for a value the axis cannot show.
    pub fn to_px(&self, v: f64) -> Option<f64> {
        let p = match self.scale {
            AxisScale::Linear => v.is_finite().then_some(v)?,
            AxisScale::Log10 => (v.is_finite() && v > 0.0).then(|| v.ln())?,
        };
        Some(self.plot_to_px(p)).filter(|px| px.is_finite())
    }

    /// The model value at pixel `px`; `None` for a non-finite pixel.
    pub fn value_at(&self, px: f64) -> Option<f64> {
        let (a, b) = self.plot_range();
        let span = self.pixels.1 - self.pixels.0;
        if !px.is_finite() || span == 0.0 {
            return None;
        }
        let p = a + (px - self.pixels.0) / span * (b - a);
        let v = match self.scale {
            AxisScale::Linear => p,
            AxisScale::Log10 => p.exp(),
        };
        v.is_finite().then_some(v)
    }
}

/// Something a pointer can point at: one point, bin, bar, cell or interval of the chart's input.
#[derive(Clone, Debug, PartialEq)]
pub struct Target {
    /// The series, lane or row of the input it belongs to (0 for charts of one series).
    pub series: usize,
    /// Its place in that series: the point, bin, bar, column or down period.
    pub index: usize,
    /// Where a marker goes: the point, the top of the bar, the middle of the interval.
    pub x: f64,
    pub y: f64,
    /// Where a pointer picks it.
    pub hit: PixelRect,
}

/// How a drawn chart maps data to pixels, and what it can point at.
#[derive(Clone, Debug, PartialEq)]
pub struct Mapping {
    /// The plot area: inside the axes.
    pub plot: PixelRect,
    /// The axes as drawn (bars and heat maps count slots and rows: slot `i` spans `i..i + 1`,
    /// heat-map row `r` of `n` spans `n - r - 1..n - r`; a timeline's y counts lanes).
    pub x: AxisMap,
    pub y: AxisMap,
    /// Every target, left to right (top to bottom where they share an x), the order keyboard
    /// stepping follows.
    pub targets: Vec<Target>,
}

impl Mapping {
    /// The plot and both axes of a drawn chart, with no targets yet.
    pub(crate) fn of<DB: DrawingBackend>(
        area: &DrawingArea<DB, Shift>,
        plot: &Plot<'_, DB>,
        x: &ResolvedAxis,
        y: &ResolvedAxis,
    ) -> Self {
        let base = area.get_base_pixel();
        let (xs, ys) = plot.plotting_area().get_pixel_range();
        let (left, right) = (f64::from(xs.start - base.0), f64::from(xs.end - base.0));
        let (top, bottom) = (f64::from(ys.start - base.1), f64::from(ys.end - base.1));
        // plotters maps the axes onto the first to the last pixel inside the plot, y upwards.
        let x_px = (left, (right - 1.0).max(left));
        let y_px = ((bottom - 1.0).max(top), top);
        Mapping {
            plot: PixelRect {
                left,
                top,
                right,
                bottom,
            },
            x: AxisMap::new(x, x_px),
            y: AxisMap::new(y, y_px),
            targets: Vec::new(),
        }
    }

    /// The pixel of a plot-space point, as the chart's own drawing places it.
    pub(crate) fn plot_px(&self, (x, y): (f64, f64)) -> Option<(f64, f64)> {
        let (px, py) = (self.x.plot_to_px(x), self.y.plot_to_px(y));
        (px.is_finite() && py.is_finite()).then_some((px, py))
    }

    /// Adds a target at plot-space `at`, picked inside plot-space `from..to` (clipped to the
    /// plot); skipped when any corner is not finite.
    pub(crate) fn add(
        &mut self,
        (series, index): (usize, usize),
        at: (f64, f64),
        from: (f64, f64),
        to: (f64, f64),
    ) {
        let (Some((x, y)), Some(a), Some(b)) =
            (self.plot_px(at), self.plot_px(from), self.plot_px(to))
        else {
            return;
        };
        let clip = |v: f64, lo: f64, hi: f64| v.max(lo).min(hi);
        let p = self.plot;
        let hit = PixelRect::spanning(
            (clip(a.0, p.left, p.right), clip(a.1, p.top, p.bottom)),
            (clip(b.0, p.left, p.right), clip(b.1, p.top, p.bottom)),
        );
        self.targets.push(Target {
            series,
            index,
            x: clip(x, p.left, p.right),
            y: clip(y, p.top, p.bottom),
            hit,
        });
    }

    /// A target per plot-space point inside the box, `(series, j)` for `points[j]`, picked over
    /// the box's height, halfway to the neighbouring points in x (to the edge of the box for the
    /// first and last). Points come in increasing x.
    pub(crate) fn add_points(
        &mut self,
        series: usize,
        points: &[(f64, f64)],
        x_box: &Range<f64>,
        y_box: &Range<f64>,
    ) {
        let inside: Vec<(usize, (f64, f64))> = points
            .iter()
            .copied()
            .enumerate()
            .filter(|(_, (px, py))| {
                x_box.start <= *px && *px <= x_box.end && y_box.start <= *py && *py <= y_box.end
            })
            .collect();
        for (k, &(j, (px, py))) in inside.iter().enumerate() {
            let before = k.checked_sub(1).and_then(|k| inside.get(k));
            let from = before.map_or(x_box.start, |(_, (bx, _))| (bx + px) / 2.0);
            let to = inside
                .get(k + 1)
                .map_or(x_box.end, |(_, (ax, _))| (ax + px) / 2.0);
            self.add((series, j), (px, py), (from, y_box.start), (to, y_box.end));
        }
    }

    /// Puts the targets in stepping order: by x, then by y.
    pub(crate) fn sorted(mut self) -> Self {
        self.targets
            .sort_by(|a, b| a.x.total_cmp(&b.x).then(a.y.total_cmp(&b.y)));
        self
    }

    /// The index in `targets` of what a pointer at `(x, y)` points at: none outside the plot;
    /// inside, among the targets whose hit area holds the pointer the one whose marker is
    /// nearest, and when no hit area holds it the one whose hit area is nearest (a gap in a
    /// timeline lane shows the nearest outage).
    pub fn hit(&self, x: f64, y: f64) -> Option<usize> {
        if !self.plot.contains(x, y) {
            return None;
        }
        // The distance to the hit area (0 inside it), then to the marker.
        let score = |t: &Target| (t.hit.distance(x, y), (t.x - x).hypot(t.y - y));
        self.targets
            .iter()
            .enumerate()
            .map(|(i, t)| (i, score(t)))
            .filter(|(_, (area, marker))| area.is_finite() && marker.is_finite())
            .min_by(|(_, a), (_, b)| a.0.total_cmp(&b.0).then(a.1.total_cmp(&b.1)))
            .map(|(i, _)| i)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn target(index: usize, x: f64, y: f64, hit: PixelRect) -> Target {
        Target {
            series: 0,
            index,
            x,
            y,
            hit,
        }
    }

    #[test]
    fn axes_map_both_ways_linear_and_log() {
        let linear = AxisMap {
            scale: AxisScale::Linear,
            range: 0.0..10.0,
            pixels: (100.0, 200.0),
        };
        assert_eq!(linear.to_px(5.0), Some(150.0));
        assert_eq!(linear.value_at(150.0), Some(5.0));
        assert_eq!(linear.to_px(f64::NAN), None);
        let log = AxisMap {
            scale: AxisScale::Log10,
            range: 1.0..100.0,
            pixels: (300.0, 100.0),
        };
        let ten = log.to_px(10.0).expect("on the axis");
        assert!((ten - 200.0).abs() < 1e-9);
        let back = log.value_at(200.0).expect("a value");
        assert!((back - 10.0).abs() < 1e-9);
        assert_eq!(log.to_px(0.0), None);
        assert_eq!(log.value_at(f64::INFINITY), None);
    }

    #[test]
    fn the_pointer_picks_the_target_it_is_over_else_the_nearest() {
        let plot = PixelRect::spanning((0.0, 0.0), (100.0, 100.0));
        let column = |a, b| PixelRect::spanning((a, 0.0), (b, 100.0));
        let axis = AxisMap {
            scale: AxisScale::Linear,
            range: 0.0..1.0,
            pixels: (0.0, 100.0),
        };
        let mut map = Mapping {
            plot,
            x: axis.clone(),
            y: axis,
            targets: vec![
                target(0, 10.0, 80.0, column(0.0, 20.0)),
                target(1, 30.0, 20.0, column(20.0, 40.0)),
                // Shares the column with 1, lower down.
                target(2, 30.0, 90.0, column(20.0, 40.0)),
                target(
                    3,
                    70.0,
                    50.0,
                    PixelRect::spanning((60.0, 40.0), (80.0, 60.0)),
                ),
            ],
        };
        assert_eq!(map.hit(5.0, 10.0), Some(0));
        assert_eq!(map.hit(25.0, 30.0), Some(1));
        assert_eq!(map.hit(25.0, 85.0), Some(2));
        // In no hit area: the nearest one.
        assert_eq!(map.hit(90.0, 50.0), Some(3));
        assert_eq!(map.hit(50.0, 95.0), Some(2));
        // Outside the plot, or no targets: nothing.
        assert_eq!(map.hit(-1.0, 50.0), None);
        assert_eq!(map.hit(f64::NAN, 50.0), None);
        map.targets.clear();
        assert_eq!(map.hit(50.0, 50.0), None);
    }
}
