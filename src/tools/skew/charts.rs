//! The skew page's charts as [`Chart`]s: per-partition bars (load with the hot-key bound,
//! capacity used with the 100% line, data size with the 10 GB cap), the load heat map over time,
//! throttling as the offered load rises, and the rank–frequency plot against the exact law.

use plotters::coord::Shift;
use plotters::prelude::{DrawingArea, DrawingBackend};
use sdlab_charts::{
    Axis, Bar, BarsChart, HeatMapChart, LineSeries, LinesChart, Mapping, Palette, ReferenceLine,
    Target, TickFormat, draw_bars, draw_heat_map, draw_lines,
};
use sdlab_sim::Table;
use sdlab_sim::units::format_grouped;

use crate::widgets::{Chart, Frame};

/// Every chart of the page as one type, so the page has one `PlotCanvas` (each chart type
/// costs the app a copy of the canvas widget).
#[derive(PartialEq)]
pub(crate) enum SkewChart {
    Bars(PartitionBars),
    Heat(LoadHeat),
    Curve(ThrottleCurve),
    Rank(RankFrequency),
}

impl Chart for SkewChart {
    fn draw<DB: DrawingBackend>(
        &self,
        area: &DrawingArea<DB, Shift>,
        frame: Frame,
    ) -> Option<Mapping> {
        match self {
            SkewChart::Bars(c) => c.draw(area, frame),
            SkewChart::Heat(c) => c.draw(area, frame),
            SkewChart::Curve(c) => c.draw(area, frame),
            SkewChart::Rank(c) => c.draw(area, frame),
        }
    }

    fn describe(&self, target: &Target) -> Option<String> {
        match self {
            SkewChart::Bars(c) => c.describe(target),
            SkewChart::Heat(c) => c.describe(target),
            SkewChart::Curve(c) => c.describe(target),
            SkewChart::Rank(c) => c.describe(target),
        }
    }

    fn table(&self) -> Option<Table> {
        match self {
            SkewChart::Bars(c) => c.table(),
            SkewChart::Heat(c) => c.table(),
            SkewChart::Curve(c) => c.table(),
            SkewChart::Rank(c) => c.table(),
        }
    }
}

/// Bars per partition with labelled reference lines.
#[derive(PartialEq)]
pub(crate) struct PartitionBars {
    pub values: Vec<f64>,
    pub y_label: &'static str,
    /// What one value means, for the tooltip and the CSV ("requests/s").
    pub unit: &'static str,
    pub references: Vec<(f64, String)>,
    pub percent: bool,
    pub palette: Palette,
}

fn show(v: f64, percent: bool) -> String {
    if percent {
        format!("{:.1}%", v * 100.0)
    } else {
        format_grouped(v, if v.abs() < 10.0 { 2 } else { 0 })
    }
}

impl PartitionBars {
    pub(crate) fn draw<DB: DrawingBackend>(
        &self,
        area: &DrawingArea<DB, Shift>,
        frame: Frame,
    ) -> Option<Mapping> {
        let bars: Vec<Bar> = self
            .values
            .iter()
            .enumerate()
            .map(|(j, &v)| Bar::new(format!("p{j}"), v))
            .collect();
        let lines: Vec<ReferenceLine> = self
            .references
            .iter()
            .map(|(v, l)| ReferenceLine::new(*v, l.clone()))
            .collect();
        let y = Axis::linear().with_label(self.y_label);
        let y = if self.percent {
            y.with_format(TickFormat::Percent)
        } else {
            y
        };
        draw_bars(
            area,
            &BarsChart {
                bars: &bars,
                x_label: "partition",
                y,
                references: &lines,
                palette: &self.palette,
                scale: frame.scale,
            },
        )
        .ok()
    }

    pub(crate) fn describe(&self, target: &Target) -> Option<String> {
        let v = self.values.get(target.index)?;
        Some(format!(
            "partition {}: {} {}",
            target.index,
            show(*v, self.percent),
            self.unit
        ))
    }

    pub(crate) fn table(&self) -> Option<Table> {
        let mut t = Table::new(&["partition", self.unit]);
        for (j, v) in self.values.iter().enumerate() {
            t.push([j.to_string(), v.to_string()]);
        }
        Some(t)
    }
}

/// Requests per second per partition in each time slot.
#[derive(PartialEq)]
pub(crate) struct LoadHeat {
    /// Rows are partitions (or groups of `group` consecutive partitions, their mean), columns
    /// time slots.
    pub rows: Vec<Vec<f64>>,
    pub group: usize,
    pub slot_seconds: f64,
    pub palette: Palette,
}

/// At most this many rows: more cells than a screen shows cost a long paint.
pub(crate) const HEAT_ROWS: usize = 64;

impl LoadHeat {
    /// `heat[slot][partition]` as rows of partitions, grouped to at most [`HEAT_ROWS`].
    pub(crate) fn new(heat: &[Vec<f64>], slot_seconds: f64, palette: Palette) -> Self {
        let p = heat.first().map_or(0, Vec::len);
        let group = p.div_ceil(HEAT_ROWS).max(1);
        let rows = (0..p.div_ceil(group))
            .map(|g| {
                let parts = g * group..((g + 1) * group).min(p);
                let n = parts.len().max(1) as f64;
                heat.iter()
                    .map(|slot| slot[parts.clone()].iter().sum::<f64>() / n)
                    .collect()
            })
            .collect();
        LoadHeat {
            rows,
            group,
            slot_seconds,
            palette,
        }
    }

    fn row_label(&self, r: usize) -> String {
        if self.group == 1 {
            format!("p{r}")
        } else {
            format!("p{}–{}", r * self.group, (r + 1) * self.group - 1)
        }
    }
}

impl LoadHeat {
    pub(crate) fn draw<DB: DrawingBackend>(
        &self,
        area: &DrawingArea<DB, Shift>,
        frame: Frame,
    ) -> Option<Mapping> {
        let rows: Vec<String> = (0..self.rows.len()).map(|j| self.row_label(j)).collect();
        let columns = self.rows.first().map_or(0, Vec::len);
        let step = (columns / if frame.css_width < 520.0 { 4 } else { 8 }).max(1);
        let cols: Vec<String> = (0..columns)
            .map(|s| {
                if s % step == 0 {
                    format!("{:.0}s", s as f64 * self.slot_seconds)
                } else {
                    String::new()
                }
            })
            .collect();
        draw_heat_map(
            area,
            &HeatMapChart {
                rows: &self.rows,
                row_labels: &rows,
                column_labels: &cols,
                x_label: "time into the run",
                y_label: "partition",
                values: Axis::linear().with_label("requests/s"),
                palette: &self.palette,
                scale: frame.scale,
            },
        )
        .ok()
    }

    pub(crate) fn describe(&self, target: &Target) -> Option<String> {
        let v = self.rows.get(target.series)?.get(target.index)?;
        let at = target.index as f64 * self.slot_seconds;
        Some(format!(
            "partition {} at {:.1}–{:.1} s: {} requests/s",
            target.series,
            at,
            at + self.slot_seconds,
            format_grouped(*v, 0)
        ))
    }

    pub(crate) fn table(&self) -> Option<Table> {
        let mut t = Table::new(&["partition", "slot start (s)", "requests/s"]);
        for (j, row) in self.rows.iter().enumerate() {
            for (s, v) in row.iter().enumerate() {
                t.push([
                    j.to_string(),
                    (s as f64 * self.slot_seconds).to_string(),
                    v.to_string(),
                ]);
            }
        }
        Some(t)
    }
}

/// Throttled fraction against the offered load, one line per scheme.
#[derive(PartialEq)]
pub(crate) struct ThrottleCurve {
    pub series: Vec<(String, Vec<(f64, f64)>)>,
    pub palette: Palette,
}

impl ThrottleCurve {
    pub(crate) fn draw<DB: DrawingBackend>(
        &self,
        area: &DrawingArea<DB, Shift>,
        frame: Frame,
    ) -> Option<Mapping> {
        let series: Vec<LineSeries> = self
            .series
            .iter()
            .map(|(l, p)| LineSeries {
                label: l.clone(),
                points: p.clone(),
            })
            .collect();
        draw_lines(
            area,
            &LinesChart {
                x: Axis::log10().with_label("offered load (requests/s)"),
                y: Axis::linear()
                    .with_label("throttled")
                    .with_range(0.0..1.0)
                    .with_format(TickFormat::Percent),
                series: &series,
                palette: &self.palette,
                scale: frame.scale,
                legend: true,
                ..LinesChart::new(&self.palette)
            },
        )
        .ok()
    }

    pub(crate) fn describe(&self, target: &Target) -> Option<String> {
        let (label, points) = self.series.get(target.series)?;
        let (x, y) = points.get(target.index)?;
        Some(format!(
            "{label} at {} requests/s: {:.1}% throttled",
            format_grouped(*x, 0),
            y * 100.0
        ))
    }

    pub(crate) fn table(&self) -> Option<Table> {
        let mut t = Table::new(&["scheme", "offered load (requests/s)", "throttled fraction"]);
        for (label, points) in &self.series {
            for (x, y) in points {
                t.push([label.clone(), x.to_string(), y.to_string()]);
            }
        }
        Some(t)
    }
}

/// Sampled requests per key by popularity rank, and the exact law's expectation.
#[derive(PartialEq)]
pub(crate) struct RankFrequency {
    pub sampled: Vec<(f64, f64)>,
    pub theory: Vec<(f64, f64)>,
    pub theory_label: String,
    pub palette: Palette,
}

impl RankFrequency {
    pub(crate) fn draw<DB: DrawingBackend>(
        &self,
        area: &DrawingArea<DB, Shift>,
        frame: Frame,
    ) -> Option<Mapping> {
        let mut series = vec![LineSeries {
            label: "sampled".into(),
            points: self.sampled.clone(),
        }];
        if !self.theory.is_empty() {
            series.push(LineSeries {
                label: self.theory_label.clone(),
                points: self.theory.clone(),
            });
        }
        draw_lines(
            area,
            &LinesChart {
                x: Axis::log10().with_label("key rank by popularity"),
                y: Axis::log10().with_label("requests"),
                series: &series,
                palette: &self.palette,
                scale: frame.scale,
                legend: true,
                ..LinesChart::new(&self.palette)
            },
        )
        .ok()
    }

    pub(crate) fn describe(&self, target: &Target) -> Option<String> {
        let points = if target.series == 0 {
            &self.sampled
        } else {
            &self.theory
        };
        let (r, c) = points.get(target.index)?;
        let what = if target.series == 0 {
            "sampled"
        } else {
            "expected"
        };
        Some(format!(
            "rank {}: {} requests {what}",
            format_grouped(*r, 0),
            format_grouped(*c, 1)
        ))
    }

    pub(crate) fn table(&self) -> Option<Table> {
        let mut t = Table::new(&["rank", "sampled requests", "expected requests"]);
        for (i, (r, c)) in self.sampled.iter().enumerate() {
            let e = self
                .theory
                .get(i)
                .map_or(String::new(), |(_, v)| v.to_string());
            t.push([r.to_string(), c.to_string(), e]);
        }
        Some(t)
    }
}
