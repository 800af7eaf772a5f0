//! The JSON the CLI's `sdlab skew run --json` prints and the page's JSON download holds: one
//! object per scheme run, in the shape.

use serde::{Deserialize, Serialize};

use crate::analysis::SchemeAnalysis;
use crate::run::Report;

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct RunJson {
    /// Physical requests per partition (after the cache, with read fan-out).
    pub loads: Vec<u64>,
    pub max_over_mean: f64,
    /// The most requested key's share of all requests.
    pub top1_share: f64,
    /// Throttled requests over demanded, for the whole table.
    pub throttled_fraction: f64,
}

impl RunJson {
    pub fn new(report: &Report, analysis: &SchemeAnalysis) -> Self {
        RunJson {
            loads: analysis.loads.clone(),
            max_over_mean: analysis.max_over_mean,
            top1_share: if report.requests > 0 {
                report.top_key_count as f64 / report.requests as f64
            } else {
                0.0
            },
            throttled_fraction: analysis.throttled_fraction,
        }
    }
}

/// `sdlab skew zeta --json`.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ZetaJson {
    pub zeta: f64,
}
