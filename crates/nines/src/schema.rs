//! The JSON results the `sdlab nines` commands print with `--json`, and the pages export with
//! "Results (JSON)": one definition, so a file saved from the page reads like the CLI's output.

use serde::Serialize;

use crate::simulate::Report;
use crate::{Availability, Budget, Calendar, budget};

/// `sdlab nines downtime --json`: an availability and its allowed downtime per period.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct DowntimeJson {
    pub availability: f64,
    #[serde(flatten)]
    pub budget: Budget,
}

impl DowntimeJson {
    pub fn new(availability: Availability, calendar: &Calendar) -> Self {
        DowntimeJson {
            availability: availability.availability(),
            budget: budget(availability, calendar),
        }
    }
}

/// `sdlab nines simulate --json`: a Monte Carlo run's availability and outages.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct SimulateJson {
    pub availability: f64,
    pub ci95: (f64, f64),
    /// Mean up time between system outages; null when no outage happened.
    pub mtbf_hours: Option<f64>,
    /// Mean system outage duration; null when no outage happened.
    pub mttr_hours: Option<f64>,
    pub outages: u64,
}

impl From<&Report> for SimulateJson {
    fn from(report: &Report) -> Self {
        SimulateJson {
            availability: report.availability,
            ci95: report.ci95,
            mtbf_hours: report.mtbf_hours,
            mttr_hours: report.mttr_hours,
            outages: report.outages,
        }
    }
}
