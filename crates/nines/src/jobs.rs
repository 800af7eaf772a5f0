//! The availability lab's heavy work as [`Job`]s: one Monte Carlo run, and the analytic/Monte
//! Carlo agreement of every preset. The page runs them in a worker, the CLI in the terminal.

use sdlab_sim::{Job, Stepper};
use serde::{Deserialize, Serialize};

use crate::Availability;
use crate::diagram::Diagram;
use crate::presets;
use crate::simulate::{Report, SimParams, Simulation};

impl Stepper for Simulation {
    type Output = Report;
    fn step(&mut self, work: u64) -> bool {
        Simulation::step(self, work)
    }
    fn progress(&self) -> f64 {
        Simulation::progress(self)
    }
    fn finish(self) -> Report {
        self.report()
    }
}

/// One Monte Carlo run of a diagram.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct SimulateJob {
    pub diagram: Diagram,
    pub params: SimParams,
    /// Record the timeline of the window with the most downtime (found by a first run, then
    /// recorded by a second with the same seed, which repeats it exactly) instead of the one
    /// `params.timeline_start_days` names.
    #[serde(default)]
    pub worst_window: bool,
}

/// A run, or a run then its replay that records the worst window.
pub struct SimulateStepper {
    job: SimulateJob,
    sim: Simulation,
    /// The first run, while the replay records the worst window.
    replaying: bool,
}

impl Stepper for SimulateStepper {
    type Output = Report;
    fn step(&mut self, work: u64) -> bool {
        if !self.sim.step(work) {
            return false;
        }
        if !self.job.worst_window || self.replaying {
            return true;
        }
        let report = self.sim.report();
        let mut params = self.job.params.clone();
        params.timeline_start_days = Some(report.worst_window_start_hours / 24.0);
        match Simulation::new(&self.job.diagram, &params) {
            Ok(sim) => {
                self.sim = sim;
                self.replaying = true;
                false
            }
            // The same diagram and seed with a valid start: cannot fail; keep the first run.
            Err(_) => true,
        }
    }
    fn progress(&self) -> f64 {
        match (self.job.worst_window, self.replaying) {
            (false, _) => self.sim.progress(),
            (true, false) => self.sim.progress() / 2.0,
            (true, true) => 0.5 + self.sim.progress() / 2.0,
        }
    }
    fn finish(self) -> Report {
        self.sim.report()
    }
}

impl Job for SimulateJob {
    const KIND: &'static str = "nines-simulate";
    type Output = Report;
    type Stepper = SimulateStepper;
    fn start(&self) -> Result<SimulateStepper, String> {
        Ok(SimulateStepper {
            sim: Simulation::new(&self.diagram, &self.params)?,
            job: self.clone(),
            replaying: false,
        })
    }
}

/// Simulated years of each preset in the preset checks.
pub const PRESET_CHECK_YEARS: f64 = 2_000.0;
/// The seed of the preset checks (the native test uses the same).
pub const PRESET_CHECK_SEED: u64 = 1;

/// The analytic/Monte Carlo agreement of every preset, as one job.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct PresetChecksJob {
    pub years: f64,
    pub seed: u64,
}

impl Default for PresetChecksJob {
    fn default() -> Self {
        PresetChecksJob {
            years: PRESET_CHECK_YEARS,
            seed: PRESET_CHECK_SEED,
        }
    }
}

/// One preset's agreement.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct PresetCheck {
    pub name: String,
    pub analytic_u: f64,
    pub lo: f64,
    pub hi: f64,
    pub outages: u64,
    pub agrees: bool,
}

/// Runs the presets one after another.
pub struct PresetStepper {
    pending: Vec<(String, Simulation)>,
    done: Vec<PresetCheck>,
    total: usize,
}

impl Stepper for PresetStepper {
    type Output = Vec<PresetCheck>;
    fn step(&mut self, work: u64) -> bool {
        if let Some((name, sim)) = self.pending.first_mut()
            && sim.step(work)
        {
            let r = sim.report();
            self.done.push(PresetCheck {
                name: name.clone(),
                analytic_u: r.analytic_unavailability,
                lo: r.unavailability.lo,
                hi: r.unavailability.hi,
                outages: r.outages,
                agrees: r.agrees,
            });
            self.pending.remove(0);
        }
        self.pending.is_empty()
    }
    fn progress(&self) -> f64 {
        let current = self.pending.first().map_or(0.0, |(_, s)| s.progress());
        (self.done.len() as f64 + current) / self.total.max(1) as f64
    }
    fn finish(self) -> Vec<PresetCheck> {
        self.done
    }
}

impl Job for PresetChecksJob {
    const KIND: &'static str = "nines-preset-checks";
    type Output = Vec<PresetCheck>;
    type Stepper = PresetStepper;
    fn start(&self) -> Result<PresetStepper, String> {
        let params = SimParams {
            years: self.years,
            seed: self.seed,
            slo: Availability::parse_percent("99.9")?,
            window_days: 30.0,
            timeline_start_days: None,
        };
        let pending = presets::all()
            .into_iter()
            .map(|p| Simulation::new(&p.diagram, &params).map(|s| (p.name.to_string(), s)))
            .collect::<Result<Vec<_>, _>>()?;
        Ok(PresetStepper {
            total: pending.len(),
            pending,
            done: Vec::new(),
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_job_round_trips_through_json_and_runs_like_simulate() {
        let preset = presets::all().remove(0);
        let job = SimulateJob {
            diagram: preset.diagram.clone(),
            params: SimParams {
                years: 50.0,
                seed: 3,
                slo: Availability::parse_percent("99.9").expect("valid"),
                window_days: 30.0,
                timeline_start_days: None,
            },
            worst_window: false,
        };
        let json = serde_json::to_string(&job).expect("serialises");
        assert!(!job.worst_window);
        let back: SimulateJob = serde_json::from_str(&json).expect("parses");
        assert_eq!(back, job);
        let stepped = sdlab_sim::job::run(back.start().expect("valid"), 1_000, |_| {});
        let whole = crate::simulate::simulate(&job.diagram, &job.params).expect("valid");
        assert_eq!(stepped, whole);
    }

    #[test]
    fn the_worst_window_is_recorded_by_a_replay_that_repeats_the_run() {
        let preset = presets::all().remove(2);
        let params = SimParams {
            years: 200.0,
            seed: 5,
            slo: Availability::parse_percent("99.9").expect("valid"),
            window_days: 30.0,
            timeline_start_days: None,
        };
        let first = crate::simulate::simulate(&preset.diagram, &params).expect("runs");
        let job = SimulateJob {
            diagram: preset.diagram.clone(),
            params,
            worst_window: true,
        };
        let worst = sdlab_sim::job::run(job.start().expect("valid"), 10_000, |_| {});
        assert_eq!(worst.timeline_start_hours, first.worst_window_start_hours);
        let recorded: f64 = worst.system_lane.down.iter().map(|(s, e)| e - s).sum();
        assert!(
            (recorded - first.worst_window_downtime_hours).abs() < 1e-9,
            "{recorded} vs {}",
            first.worst_window_downtime_hours
        );
        assert!(recorded > 0.0);
        // Everything else is the same run.
        assert_eq!(worst.events, first.events);
        assert_eq!(worst.unavailability, first.unavailability);
    }

    #[test]
    fn preset_checks_cover_every_preset_and_agree() {
        let job = PresetChecksJob {
            years: 300.0,
            seed: PRESET_CHECK_SEED,
        };
        let mut progress = Vec::new();
        let out = sdlab_sim::job::run(job.start().expect("valid"), 50_000, |p| progress.push(p));
        assert_eq!(out.len(), presets::all().len());
        assert!(progress.windows(2).all(|w| w[0] <= w[1]), "{progress:?}");
        assert_eq!(progress.last(), Some(&1.0));
    }
}
