//! The JSON the CLI prints (`sdlab quorum closed|pbs --json`) and the page exports: one object
//! per command, times in ms, probabilities as fractions. A t-visibility that is never reached
//! (or not a number) is `null`.

use serde::Serialize;

use crate::closed::Quorum;
use crate::report::{Percentiles, Report};

#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct ClosedJson {
    pub n: u32,
    pub r: u32,
    pub w: u32,
    pub k: u32,
    pub strict: bool,
    pub p_stale: f64,
    pub p_consistent_within_k: f64,
}

impl ClosedJson {
    pub fn new(q: &Quorum, k: u32) -> ClosedJson {
        ClosedJson {
            n: q.n,
            r: q.r,
            w: q.w,
            k,
            strict: q.strict(),
            p_stale: q.p_stale(),
            p_consistent_within_k: q.p_consistent_within(k),
        }
    }
}

#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct LatencyJson {
    pub p50: f64,
    pub p99: f64,
    pub p999: f64,
}

impl From<Percentiles> for LatencyJson {
    fn from(p: Percentiles) -> Self {
        LatencyJson {
            p50: p.p50,
            p99: p.p99,
            p999: p.p999,
        }
    }
}

#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct PbsJson {
    pub t_ms: Vec<f64>,
    pub p_consistent: Vec<f64>,
    pub ci95: Vec<[f64; 2]>,
    pub target: f64,
    pub t_visibility_ms: Option<f64>,
    pub t_visibility_ci95: Option<[f64; 2]>,
    pub read_ms: LatencyJson,
    pub write_ms: LatencyJson,
    pub trials: u64,
}

impl PbsJson {
    pub fn new(report: &Report) -> PbsJson {
        let finite = |v: f64| v.is_finite().then_some(v);
        PbsJson {
            t_ms: report.points.iter().map(|p| p.t).collect(),
            p_consistent: report.points.iter().map(|p| p.p).collect(),
            ci95: report.points.iter().map(|p| [p.lo, p.hi]).collect(),
            target: report.target,
            t_visibility_ms: report.t_visibility.and_then(|i| finite(i.value)),
            t_visibility_ci95: report
                .t_visibility
                .filter(|i| i.lo.is_finite() && i.hi.is_finite())
                .map(|i| [i.lo, i.hi]),
            read_ms: report.read.into(),
            write_ms: report.write.into(),
            trials: report.trials,
        }
    }
}
