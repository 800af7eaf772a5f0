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

/// What a bar chart's values are.
#[derive(Clone, Copy, PartialEq)]
pub(crate) enum BarUnit {
    /// Requests per second, linear from 0.
    Rate,
    /// A share of the partition's limit, linear from 0 in percent.
    Used,
    /// Gigabytes stored, on a log axis so megabytes and the 10 GB limit both show.
    Gigabytes,
}

/// Bars per partition with labelled reference lines and, where the law has them, the exact
/// expectation of each bar as a whisker at ± 2 sd.
#[derive(PartialEq)]
pub(crate) struct PartitionBars {
    pub values: Vec<f64>,
    /// Per bar `(expected, sd)`, or empty.
    pub expected: Vec<(f64, f64)>,
    pub unit: BarUnit,
    pub references: Vec<(f64, String)>,
    pub palette: Palette,
}

/// Decades of bytes, in GB, for the data axis.
const SIZE_TICKS: [(f64, &str); 14] = [
    (1e-6, "1 KB"),
    (1e-5, "10 KB"),
    (1e-4, "100 KB"),
    (1e-3, "1 MB"),
    (1e-2, "10 MB"),
    (0.1, "100 MB"),
    (1.0, "1 GB"),
    (10.0, "10 GB"),
    (100.0, "100 GB"),
    (1e3, "1 TB"),
    (1e4, "10 TB"),
    (1e5, "100 TB"),
    (1e6, "1 PB"),
    (1e7, "10 PB"),
];

/// A size in GB as "12.5 GB", "250 MB" or "40 KB".
pub(crate) fn size(gb: f64) -> String {
    let (v, unit) = if gb >= 1.0 || gb == 0.0 {
        (gb, "GB")
    } else if gb >= 1e-3 {
        (gb * 1e3, "MB")
    } else {
        (gb * 1e6, "KB")
    };
    format!("{} {unit}", format_grouped(v, if v < 10.0 { 2 } else { 0 }))
}

fn show(v: f64, unit: BarUnit) -> String {
    match unit {
        BarUnit::Used => format!("{:.1}%", v * 100.0),
        BarUnit::Gigabytes => size(v),
        BarUnit::Rate => format_grouped(v, if v.abs() < 10.0 { 2 } else { 0 }),
    }
}

impl BarUnit {
    fn label(self) -> &'static str {
        match self {
            BarUnit::Rate => "requests/s",
            BarUnit::Used => "capacity used",
            // The ticks name their units, and the note under the chart says "log scale".
            BarUnit::Gigabytes => "",
        }
    }

    fn suffix(self) -> &'static str {
        match self {
            BarUnit::Rate => " requests/s",
            BarUnit::Used => " of the limit",
            BarUnit::Gigabytes => "",
        }
    }
}

impl PartitionBars {
    pub(crate) fn draw<DB: DrawingBackend>(
        &self,
        area: &DrawingArea<DB, Shift>,
        frame: Frame,
    ) -> Option<Mapping> {
        // A whisker of no height is not drawn: a tiny one is, as a tick at the expectation.
        let top = self
            .values
            .iter()
            .chain(self.expected.iter().map(|(e, _)| e))
            .fold(0.0f64, |m, &v| m.max(v));
        let bars: Vec<Bar> = self
            .values
            .iter()
            .enumerate()
            .map(|(j, &v)| {
                let bar = Bar::new(format!("p{j}"), v);
                match self.expected.get(j) {
                    Some(&(e, sd)) if e > 0.0 => {
                        let half = (2.0 * sd).max(1e-6 * top);
                        bar.with_error((e - half).max(0.0), e + half)
                    }
                    _ => bar,
                }
            })
            .collect();
        let lines: Vec<ReferenceLine> = self
            .references
            .iter()
            .map(|(v, l)| ReferenceLine::new(*v, l.clone()))
            .collect();
        let y = match self.unit {
            BarUnit::Rate => Axis::linear(),
            BarUnit::Used => Axis::linear().with_format(TickFormat::Percent),
            BarUnit::Gigabytes => Axis::log10().with_ticks(&SIZE_TICKS),
        }
        .with_label(self.unit.label());
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
        let expected = self
            .expected
            .get(target.index)
            .map_or(String::new(), |(e, sd)| {
                format!(
                    "; expected {} ± {}",
                    show(*e, self.unit),
                    show(2.0 * sd, self.unit)
                )
            });
        Some(format!(
            "partition {}: {}{}{expected}",
            target.index,
            show(*v, self.unit),
            self.unit.suffix()
        ))
    }

    pub(crate) fn table(&self) -> Option<Table> {
        let unit = match self.unit {
            BarUnit::Rate => "requests/s",
            BarUnit::Used => "capacity used (1 = the limit)",
            BarUnit::Gigabytes => "data (GB)",
        };
        let mut t = if self.expected.is_empty() {
            Table::new(&["partition", unit])
        } else {
            Table::new(&["partition", unit, "expected", "expected sd"])
        };
        for (j, v) in self.values.iter().enumerate() {
            let mut row = vec![j.to_string(), v.to_string()];
            if let Some((e, sd)) = self.expected.get(j) {
                row.extend([e.to_string(), sd.to_string()]);
            }
            t.push(row);
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
