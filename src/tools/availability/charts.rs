//! The lab's three charts as [`Chart`]s — the outage-duration histogram, the up/down timeline of
//! one simulated window and the error-budget burn-down — so each draws on its canvas, exports as
//! SVG and PNG, gives its numbers as CSV and a data table, and says what is under the pointer.

use plotters::coord::Shift;
use plotters::prelude::{DrawingArea, DrawingBackend};
use sdlab_charts::{
    BurnDownChart, HistogramChart, LaneKind, Mapping, Palette, Target, TimelineChart, TimelineLane,
    draw_burn_down, draw_histogram, draw_timeline, duration_ticks,
};
use sdlab_nines::lab_view::BurnWindow;
use sdlab_nines::simulate::{HIST_HI_HOURS, HIST_LO_HOURS, Lane};
use sdlab_sim::Table;
use sdlab_sim::units::format_duration;

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
    fn draw<DB: DrawingBackend>(
        &self,
        area: &DrawingArea<DB, Shift>,
        frame: Frame,
    ) -> Option<Mapping> {
        // The axis spans the edges; narrow screens get fewer labels.
        let positive = || self.edges_hours.iter().copied().filter(|h| *h > 0.0);
        let lo = positive().fold(f64::INFINITY, f64::min);
        let hi = positive().fold(0.0, f64::max);
        let max = if frame.css_width < 520.0 { 5 } else { 8 };
        let ticks: Vec<(f64, String)> = duration_ticks(lo * 3_600.0..hi * 3_600.0, max)
            .into_iter()
            .map(|(s, label)| (s / 3_600.0, label))
            .collect();
        let ticks: Vec<(f64, &str)> = ticks.iter().map(|(h, l)| (*h, l.as_str())).collect();
        draw_histogram(
            area,
            &HistogramChart {
                x_label: "outage duration",
                y_label: "outages",
                edges: &self.edges_hours,
                counts: &self.counts,
                x_ticks: &ticks,
                highlight_above: (self.budget_hours > 0.0).then(|| {
                    (
                        self.budget_hours,
                        format!("whole {}-day budget", self.window_hours / 24.0),
                    )
                }),
                palette: &self.palette,
                scale: frame.scale,
            },
        )
        .ok()
    }

    /// "outages 36.9–58.1 minutes: 37"; the end bins are open ("under 1.58 seconds").
    fn describe(&self, target: &Target) -> Option<String> {
        let i = target.index;
        let (lo, hi) = (*self.edges_hours.get(i)?, *self.edges_hours.get(i + 1)?);
        let count = self.counts.get(i)?;
        let span = if lo <= HIST_LO_HOURS {
            format!("under {}", format_duration(hi * 3_600.0))
        } else if hi >= HIST_HI_HOURS {
            format!("over {}", format_duration(lo * 3_600.0))
        } else {
            duration_span(lo * 3_600.0, hi * 3_600.0)
        };
        Some(format!("outages {span}: {count}"))
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
    fn draw<DB: DrawingBackend>(
        &self,
        area: &DrawingArea<DB, Shift>,
        frame: Frame,
    ) -> Option<Mapping> {
        let max_chars = if frame.css_width < 520.0 { 14 } else { 24 };
        let labels: Vec<String> = self
            .lanes
            .iter()
            .map(|l| super::clip(&l.label, max_chars))
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
        draw_timeline(
            area,
            &TimelineChart {
                lanes: &lanes,
                window_hours: self.window_hours,
                palette: &self.palette,
                scale: frame.scale,
            },
        )
        .ok()
    }

    /// "Load balancer down at day 12.3 for 37.0 minutes" (hours on a window of two days or less).
    fn describe(&self, target: &Target) -> Option<String> {
        let (name, lane) = match self.lanes.get(target.series) {
            Some(lane) => (lane.label.as_str(), lane),
            None if target.series == self.lanes.len() => ("System", &self.system),
            None => return None,
        };
        let &(from, to) = lane.down.get(target.index)?;
        let (from, to) = (from.min(to), from.max(to));
        Some(format!(
            "{name} down at {} for {}",
            when(from, self.window_hours),
            format_duration((to - from) * 3_600.0)
        ))
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
    fn draw<DB: DrawingBackend>(
        &self,
        area: &DrawingArea<DB, Shift>,
        frame: Frame,
    ) -> Option<Mapping> {
        let labels: Vec<&str> = self.tier_labels.iter().map(String::as_str).collect();
        draw_burn_down(
            area,
            &BurnDownChart {
                points: &self.window.points,
                window_hours: self.window.window_hours,
                firings: &self.window.firings,
                tier_labels: &labels,
                palette: &self.palette,
                scale: frame.scale,
            },
        )
        .ok()
    }

    /// "budget left at day 12.3: 63.0%".
    fn describe(&self, target: &Target) -> Option<String> {
        let &(hours, left) = self.window.points.get(target.index)?;
        Some(format!(
            "budget left at {}: {:.1}%",
            when(hours, self.window.window_hours),
            left * 100.0
        ))
    }

    fn table(&self) -> Option<Table> {
        let mut t = Table::new(&["hour", "budget left (fraction)"]);
        for (h, left) in &self.window.points {
            t.push([h.to_string(), left.to_string()]);
        }
        Some(t)
    }
}

/// Two durations as a span, the unit said once when both share it: "36.9–58.1 minutes".
fn duration_span(lo_s: f64, hi_s: f64) -> String {
    let (lo, hi) = (format_duration(lo_s), format_duration(hi_s));
    match (lo.split_once(' '), hi.split_once(' ')) {
        (Some((a, unit_a)), Some((b, unit_b)))
            if unit_a.trim_end_matches('s') == unit_b.trim_end_matches('s') =>
        {
            format!("{a}–{b} {unit_b}")
        }
        _ => format!("{lo} – {hi}"),
    }
}

/// A moment in a window as its axis labels it: "day 12.3", or "hour 5.2" in a window of two
/// days or less.
fn when(hours: f64, window_hours: f64) -> String {
    if window_hours <= 48.0 {
        format!("hour {hours:.1}")
    } else {
        format!("day {:.1}", hours / 24.0)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use sdlab_charts::{PixelRect, to_svg};

    fn target(series: usize, index: usize) -> Target {
        Target {
            series,
            index,
            x: 0.0,
            y: 0.0,
            hit: PixelRect::default(),
        }
    }

    fn histogram(edges_hours: Vec<f64>, counts: Vec<u64>) -> OutageHistogram {
        OutageHistogram {
            edges_hours,
            counts,
            budget_hours: 0.0,
            window_hours: 720.0,
            palette: Palette::light(),
        }
    }

    /// The x tick labels of the histogram's SVG at `width`: the texts below the plot that are
    /// not the axis title.
    fn x_tick_labels(chart: &OutageHistogram, width: u32) -> Vec<String> {
        let mut mapping = None;
        let svg = to_svg(width, 240, |area| {
            mapping = chart.draw(
                area,
                Frame {
                    scale: 1.0,
                    css_width: f64::from(width),
                },
            );
            Ok::<(), String>(())
        })
        .expect("draws");
        let bottom = mapping.expect("a mapping").plot.bottom;
        let lines: Vec<&str> = svg.lines().collect();
        lines
            .windows(2)
            .filter(|w| w[0].starts_with("<text ") && w[1] != "outage duration")
            .filter(|w| {
                let y = w[0].split(" y=\"").nth(1).and_then(|r| r.split('"').next());
                y.and_then(|y| y.parse::<f64>().ok())
                    .is_some_and(|y| y > bottom)
            })
            .map(|w| w[1].to_string())
            .collect()
    }

    #[test]
    fn a_narrow_run_still_gets_four_duration_ticks() {
        // Three bins around 40 minutes, as a short run leaves after trimming.
        let edges = [0.5, 0.8, 1.25, 2.0];
        let chart = histogram(edges.to_vec(), vec![0, 12, 0]);
        for width in [340, 640] {
            let labels = x_tick_labels(&chart, width);
            assert!(labels.len() >= 4, "{width}: {labels:?}");
            assert!(
                labels
                    .iter()
                    .all(|l| l.ends_with(" min") || l.ends_with(" h")),
                "{labels:?}"
            );
        }
        let wide = histogram(vec![1.0 / 3_600.0, 1.0, 200.0], vec![5, 1]);
        let labels = x_tick_labels(&wide, 640);
        assert!((4..=8).contains(&labels.len()), "{labels:?}");
        assert!(labels.contains(&"1 h".to_string()), "{labels:?}");
    }

    #[test]
    fn tooltips_name_the_bin_the_lane_and_the_budget() {
        let edges = vec![HIST_LO_HOURS, 0.5, 0.75, 2.0, HIST_HI_HOURS];
        let h = histogram(edges, vec![1, 37, 2, 0]);
        assert_eq!(
            h.describe(&target(0, 1)).as_deref(),
            Some("outages 30.0–45.0 minutes: 37")
        );
        assert_eq!(
            h.describe(&target(0, 2)).as_deref(),
            Some("outages 45.0 minutes – 2.00 hours: 2")
        );
        assert_eq!(
            h.describe(&target(0, 0)).as_deref(),
            Some("outages under 30.0 minutes: 1")
        );
        assert!(
            h.describe(&target(0, 3))
                .is_some_and(|t| t.starts_with("outages over 2.00 hours"))
        );
        assert_eq!(h.describe(&target(0, 9)), None);

        let lane = |label: &str, down: Vec<(f64, f64)>| Lane {
            label: label.to_string(),
            down,
        };
        let timeline = Timeline {
            lanes: vec![lane("Load balancer", vec![(295.2, 295.2 + 37.0 / 60.0)])],
            system: lane("system", vec![(10.0, 12.0)]),
            window_hours: 720.0,
            palette: Palette::light(),
        };
        assert_eq!(
            timeline.describe(&target(0, 0)).as_deref(),
            Some("Load balancer down at day 12.3 for 37.0 minutes")
        );
        assert_eq!(
            timeline.describe(&target(1, 0)).as_deref(),
            Some("System down at day 0.4 for 2.00 hours")
        );
        assert_eq!(timeline.describe(&target(2, 0)), None);

        let burn = BurnDown {
            window: BurnWindow {
                points: vec![(0.0, 1.0), (288.0, 0.63)],
                window_hours: 720.0,
                summary: String::new(),
                firings: Vec::new(),
                tiers: Vec::new(),
            },
            tier_labels: Vec::new(),
            palette: Palette::light(),
        };
        assert_eq!(
            burn.describe(&target(0, 1)).as_deref(),
            Some("budget left at day 12.0: 63.0%")
        );
    }
}
