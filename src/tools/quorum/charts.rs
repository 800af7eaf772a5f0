//! The page's two charts: P(consistent) against time after commit with its 95% band, the closed
//! form's no-expansion baseline and (for k > 1) the exact multi-version curve beside the paper's
//! exponent; and the latency–staleness frontier over every (R, W).

use plotters::coord::Shift;
use plotters::prelude::{DrawingArea, DrawingBackend};
use sdlab_charts::{
    Axis, Band, ErrorBars, LineSeries, LinesChart, Marker, Palette, TickFormat, draw_lines,
};
use sdlab_quorum::report::{Point, Row};
use sdlab_sim::Table;

use super::{ms, pct};
use crate::widgets::{Chart, Frame};

/// Both charts as one type, so the page instantiates one `PlotCanvas`.
#[derive(PartialEq)]
pub(crate) enum QuorumChart {
    Curve(CurveChart),
    Frontier(FrontierChart),
}

impl Chart for QuorumChart {
    fn draw<DB: DrawingBackend>(
        &self,
        area: &DrawingArea<DB, Shift>,
        frame: Frame,
    ) -> Option<sdlab_charts::Mapping> {
        match self {
            QuorumChart::Curve(c) => c.draw(area, frame),
            QuorumChart::Frontier(c) => c.draw(area, frame),
        }
    }
    fn describe(&self, target: &sdlab_charts::Target) -> Option<String> {
        match self {
            QuorumChart::Curve(c) => c.describe(target),
            QuorumChart::Frontier(c) => c.describe(target),
        }
    }
    fn table(&self) -> Option<Table> {
        match self {
            QuorumChart::Curve(c) => c.table(),
            QuorumChart::Frontier(c) => c.table(),
        }
    }
}

#[derive(PartialEq)]
pub(crate) struct CurveChart {
    pub points: Vec<Point>,
    pub k: u32,
    /// 1 − p_s^k: the closed form without expansion.
    pub closed: f64,
    pub t_visibility: Option<f64>,
    pub target: f64,
    pub palette: Palette,
}

impl CurveChart {
    fn series(&self) -> Vec<LineSeries> {
        let line = |label: &str, f: &dyn Fn(&Point) -> f64| LineSeries {
            label: label.into(),
            points: self.points.iter().map(|p| (p.t, f(p))).collect(),
        };
        let mut s = vec![
            line("P(consistent), Monte Carlo", &|p| p.p),
            line("closed form 1 − p_s^k (no expansion)", &|_| self.closed),
        ];
        if self.k > 1 {
            s.push(line("within k, exact multi-write", &|p| p.p_k_exact));
            s.push(line("within k, paper's 1 − (1 − P)^k", &|p| p.p_k_rule));
        }
        s
    }
}

impl Chart for CurveChart {
    fn draw<DB: DrawingBackend>(
        &self,
        area: &DrawingArea<DB, Shift>,
        frame: Frame,
    ) -> Option<sdlab_charts::Mapping> {
        let series = self.series();
        let bands = [Band {
            series: 0,
            points: self.points.iter().map(|p| (p.t, p.lo, p.hi)).collect(),
        }];
        let marker = self.t_visibility.filter(|t| t.is_finite()).map(|x| Marker {
            x,
            label: format!("t-visibility at {}", pct(self.target)),
        });
        draw_lines(
            area,
            &LinesChart {
                x: Axis::linear().with_label("t after the write commits (ms)"),
                y: Axis::linear()
                    .with_label("P(consistent read)")
                    .with_format(TickFormat::Percent),
                series: &series,
                bands: &bands,
                marker,
                scale: frame.scale,
                legend: false,
                ..LinesChart::new(&self.palette)
            },
        )
        .ok()
    }

    fn describe(&self, target: &sdlab_charts::Target) -> Option<String> {
        let p = self.points.get(target.index)?;
        let s = self.series();
        let line = s.get(target.series)?;
        let y = line.points.get(target.index)?.1;
        Some(format!(
            "{} at t = {}: {}{}",
            line.label,
            ms(p.t),
            pct(y),
            if target.series == 0 {
                format!(" (95%: {} – {})", pct(p.lo), pct(p.hi))
            } else {
                String::new()
            }
        ))
    }

    fn table(&self) -> Option<Table> {
        let mut table = Table {
            headers: [
                "t_ms",
                "p_consistent",
                "ci95_lo",
                "ci95_hi",
                "closed_form",
                "within_k_exact",
                "within_k_rule",
            ]
            .map(String::from)
            .to_vec(),
            rows: Vec::new(),
        };
        for p in &self.points {
            table.rows.push(
                [p.t, p.p, p.lo, p.hi, self.closed, p.p_k_exact, p.p_k_rule]
                    .iter()
                    .map(|v| v.to_string())
                    .collect(),
            );
        }
        Some(table)
    }
}

#[derive(PartialEq)]
pub(crate) struct FrontierChart {
    pub rows: Vec<Row>,
    pub palette: Palette,
}

impl FrontierChart {
    fn x(r: &Row) -> f64 {
        r.read.p999 + r.write.p999
    }
    fn shown(&self) -> Vec<&Row> {
        self.rows
            .iter()
            .filter(|r| r.available && r.t_visibility.is_some_and(|t| t.value.is_finite()))
            .collect()
    }
}

impl Chart for FrontierChart {
    fn draw<DB: DrawingBackend>(
        &self,
        area: &DrawingArea<DB, Shift>,
        frame: Frame,
    ) -> Option<sdlab_charts::Mapping> {
        let shown = self.shown();
        let point = |r: &&Row| {
            let t = r
                .t_visibility
                .map_or((0.0, 0.0, 0.0), |i| (i.value, i.lo, i.hi));
            (Self::x(r), t.0, t.1, t.2)
        };
        let bars = [
            ErrorBars {
                label: "every (R, W)".into(),
                series: 1,
                points: shown.iter().filter(|r| !r.frontier).map(point).collect(),
            },
            ErrorBars {
                label: "on the frontier".into(),
                series: 0,
                points: shown.iter().filter(|r| r.frontier).map(point).collect(),
            },
        ];
        let mut front: Vec<(f64, f64)> = shown
            .iter()
            .filter(|r| r.frontier)
            .map(|r| (Self::x(r), r.t_visibility.map_or(0.0, |i| i.value)))
            .collect();
        front.sort_unstable_by(|a, b| a.0.total_cmp(&b.0));
        let series = [LineSeries {
            label: "frontier".into(),
            points: front,
        }];
        draw_lines(
            area,
            &LinesChart {
                x: Axis::log10().with_label("p99.9 read + p99.9 write latency (ms)"),
                y: Axis::linear().with_label("t-visibility (ms)"),
                series: &series,
                error_bars: &bars,
                scale: frame.scale,
                legend: false,
                ..LinesChart::new(&self.palette)
            },
        )
        .ok()
    }

    fn describe(&self, target: &sdlab_charts::Target) -> Option<String> {
        let shown = self.shown();
        let group: Vec<&&Row> = match target.series {
            0 => shown.iter().filter(|r| r.frontier).collect(),
            _ => shown.iter().filter(|r| !r.frontier).collect(),
        };
        let r = group.get(target.index)?;
        Some(format!(
            "R = {}, W = {}: latency {} + {}, t-visibility {}",
            r.r,
            r.w,
            ms(r.read.p999),
            ms(r.write.p999),
            ms(r.t_visibility.map_or(f64::NAN, |i| i.value))
        ))
    }

    fn table(&self) -> Option<Table> {
        let mut t = Table {
            headers: [
                "R",
                "W",
                "latency_p999_sum_ms",
                "t_visibility_ms",
                "frontier",
            ]
            .map(String::from)
            .to_vec(),
            rows: Vec::new(),
        };
        for r in self.shown() {
            t.rows.push(vec![
                r.r.to_string(),
                r.w.to_string(),
                Self::x(r).to_string(),
                r.t_visibility
                    .map_or(String::new(), |i| i.value.to_string()),
                r.frontier.to_string(),
            ]);
        }
        Some(t)
    }
}
