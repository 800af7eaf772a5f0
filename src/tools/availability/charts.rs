//! The lab's three charts as [`Chart`]s — the outage-duration histogram, the up/down timeline of
//! one simulated window and the error-budget burn-down — so each draws on its canvas, exports as
//! SVG and PNG, and gives its numbers as CSV.

use plotters::coord::Shift;
use plotters::prelude::{DrawingArea, DrawingBackend};
use sdlab_charts::{
    BurnDownChart, HistogramChart, LaneKind, Palette, TimelineChart, TimelineLane, draw_burn_down,
    draw_histogram, draw_timeline,
};
use sdlab_nines::lab_view::BurnWindow;
use sdlab_nines::simulate::Lane;
use sdlab_sim::Table;

use crate::widgets::{Chart, Frame};

/// System outages by duration, on a log time axis, with the window's whole budget marked.
#[derive(PartialEq)]
pub(crate) struct OutageHistogram {
    pub edges_hours: Vec<f64>,
    pub counts: Vec<u64>,
    pub budget_hours: f64,
    pub window_hours: f64,
    pub palette: Palette,
}

impl Chart for OutageHistogram {
    fn draw<DB: DrawingBackend>(&self, area: &DrawingArea<DB, Shift>, frame: Frame) {
        let ticks: &[(f64, &str)] = if frame.css_width < 520.0 {
            &[
                (1.0 / 3_600.0, "1 s"),
                (1.0 / 60.0, "1 min"),
                (1.0, "1 h"),
                (24.0, "1 d"),
            ]
        } else {
            &[
                (1.0 / 3_600.0, "1 s"),
                (1.0 / 60.0, "1 min"),
                (1.0, "1 h"),
                (24.0, "1 day"),
                (168.0, "1 week"),
            ]
        };
        let _ = draw_histogram(
            area,
            &HistogramChart {
                x_label: "outage duration",
                y_label: "outages",
                edges: &self.edges_hours,
                counts: &self.counts,
                x_ticks: ticks,
                highlight_above: (self.budget_hours > 0.0).then(|| {
                    (
                        self.budget_hours,
                        format!("whole {}-day budget", self.window_hours / 24.0),
                    )
                }),
                palette: &self.palette,
                scale: frame.scale,
            },
        );
    }

    fn table(&self) -> Option<Table> {
        let mut t = Table::new(&["from (hours)", "to (hours)", "outages"]);
        for (i, count) in self.counts.iter().enumerate() {
            if let (Some(lo), Some(hi)) = (self.edges_hours.get(i), self.edges_hours.get(i + 1)) {
                t.push([lo.to_string(), hi.to_string(), count.to_string()]);
            }
        }
        Some(t)
    }
}

/// Component and system outages over one simulated window.
#[derive(PartialEq)]
pub(crate) struct Timeline {
    pub lanes: Vec<Lane>,
    pub system: Lane,
    pub window_hours: f64,
    pub palette: Palette,
}

impl Chart for Timeline {
    fn draw<DB: DrawingBackend>(&self, area: &DrawingArea<DB, Shift>, frame: Frame) {
        let max_chars = if frame.css_width < 520.0 { 14 } else { 24 };
        let labels: Vec<String> = self
            .lanes
            .iter()
            .map(|l| {
                if l.label.chars().count() > max_chars {
                    format!(
                        "{}…",
                        l.label.chars().take(max_chars - 1).collect::<String>()
                    )
                } else {
                    l.label.clone()
                }
            })
            .collect();
        let mut lanes: Vec<TimelineLane<'_>> = self
            .lanes
            .iter()
            .zip(&labels)
            .map(|(l, label)| TimelineLane {
                label,
                down: &l.down,
                kind: LaneKind::Component,
            })
            .collect();
        lanes.push(TimelineLane {
            label: "System",
            down: &self.system.down,
            kind: LaneKind::System,
        });
        let _ = draw_timeline(
            area,
            &TimelineChart {
                lanes: &lanes,
                window_hours: self.window_hours,
                palette: &self.palette,
                scale: frame.scale,
            },
        );
    }

    fn table(&self) -> Option<Table> {
        let mut t = Table::new(&["lane", "down from (hour)", "down to (hour)"]);
        for lane in self.lanes.iter().chain(std::iter::once(&self.system)) {
            let name = if std::ptr::eq(lane, &self.system) {
                "System"
            } else {
                &lane.label
            };
            for (from, to) in &lane.down {
                t.push([name.to_string(), from.to_string(), to.to_string()]);
            }
        }
        Some(t)
    }
}

/// The error budget left over the window, with the periods each alert tier fires.
#[derive(PartialEq)]
pub(crate) struct BurnDown {
    pub window: BurnWindow,
    pub tier_labels: Vec<String>,
    pub palette: Palette,
}

impl Chart for BurnDown {
    fn draw<DB: DrawingBackend>(&self, area: &DrawingArea<DB, Shift>, frame: Frame) {
        let labels: Vec<&str> = self.tier_labels.iter().map(String::as_str).collect();
        let _ = draw_burn_down(
            area,
            &BurnDownChart {
                points: &self.window.points,
                window_hours: self.window.window_hours,
                firings: &self.window.firings,
                tier_labels: &labels,
                palette: &self.palette,
                scale: frame.scale,
            },
        );
    }

    fn table(&self) -> Option<Table> {
        let mut t = Table::new(&["hour", "budget left (fraction)"]);
        for (h, left) in &self.window.points {
            t.push([h.to_string(), left.to_string()]);
        }
        Some(t)
    }
}
