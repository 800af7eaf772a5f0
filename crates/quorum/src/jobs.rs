//! The WARS runs as `sdlab_sim` jobs: a curve for one (R, W), or the table of every (R, W) on the
//! same draws. Both are [`Shardable`]: a run splits into at most [`SHARDS`] shards of whole
//! blocks (each block its own random stream), so the worker pool's merged result has the same
//! bits as one worker's.

use sdlab_sim::{Job, Shardable, Stepper};
use serde::{Deserialize, Serialize};

use crate::wars::{BLOCK, MAX_TRIALS, MAX_VALUES, Runner, Samples, Spec};

/// Most shards a run splits into.
pub const SHARDS: u32 = 16;

/// One WARS run.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct WarsJob {
    pub spec: Spec,
    pub trials: u64,
    pub seed: u64,
    /// Every (R, W) for the spec's N instead of its one (R, W).
    pub table: bool,
    /// The trials [from, to) this job runs, when it is a shard; `None`: all of them.
    pub range: Option<(u64, u64)>,
}

impl WarsJob {
    /// Values stored per trial.
    fn values_per_trial(&self) -> u64 {
        let n = u64::from(self.spec.n);
        if self.table {
            n * n + 2 * n
        } else {
            3 + u64::from(self.spec.k > 1)
        }
    }

    /// Checks the run; the message is for the user.
    pub fn validate(&self) -> Result<(), String> {
        self.spec.validate()?;
        if self.trials == 0 {
            return Err("trials must be at least 1".into());
        }
        let cap = MAX_TRIALS.min(MAX_VALUES / self.values_per_trial());
        if self.trials > cap {
            return Err(format!(
                "at most {cap} trials{} (got {})",
                if self.table {
                    " for the (R, W) table at this N"
                } else {
                    ""
                },
                self.trials
            ));
        }
        Ok(())
    }

    fn blocks(&self) -> u64 {
        self.trials.div_ceil(BLOCK)
    }
}

/// A run's stepper.
pub struct WarsStepper(Runner);

impl Stepper for WarsStepper {
    type Output = Samples;
    fn step(&mut self, work: u64) -> bool {
        // A unit of work is a trial of one configuration.
        let per = if self.0.is_table() {
            self.0.configs()
        } else {
            1
        };
        self.0.step((work / per).max(1))
    }
    fn progress(&self) -> f64 {
        self.0.progress()
    }
    fn finish(self) -> Samples {
        self.0.finish()
    }
}

impl Job for WarsJob {
    const KIND: &'static str = "quorum-wars";
    type Output = Samples;
    type Stepper = WarsStepper;
    fn start(&self) -> Result<WarsStepper, String> {
        self.validate()?;
        let (from, to) = self.range.unwrap_or((0, self.trials));
        if from > to || to > self.trials {
            return Err("a shard outside its run".into());
        }
        Ok(WarsStepper(Runner::new(
            &self.spec, self.seed, self.table, from, to,
        )))
    }
}

impl Shardable for WarsJob {
    fn shard_count(&self) -> u32 {
        self.blocks().clamp(1, u64::from(SHARDS)) as u32
    }

    fn shard(&self, index: u32) -> WarsJob {
        let (count, blocks) = (u64::from(self.shard_count()), self.blocks());
        let at = |i: u64| (blocks * i / count * BLOCK).min(self.trials);
        let i = u64::from(index);
        WarsJob {
            range: Some((at(i), at(i + 1))),
            ..self.clone()
        }
    }

    fn merge(&self, parts: Vec<Samples>) -> Samples {
        // Pairwise, so the cost is O(M log shards).
        let mut parts = parts;
        while parts.len() > 1 {
            parts = parts
                .chunks(2)
                .map(|pair| match pair {
                    [a, b] => a.merge(b),
                    [a] => a.clone(),
                    _ => Samples::default(),
                })
                .collect();
        }
        parts.pop().unwrap_or_default()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::latency::Preset;
    use sdlab_sim::job::{run, run_sharded};

    fn job(table: bool, trials: u64) -> WarsJob {
        WarsJob {
            spec: Spec {
                n: 3,
                r: 1,
                w: 2,
                legs: Preset::LnkdDisk.legs().expect("preset"),
                wan: false,
                down: 0,
                k: 2,
                gap_ms: 1.0,
                repair_rate: Some(0.2),
            },
            trials,
            seed: 42,
            table,
            range: None,
        }
    }

    /// The pool's invariant: shards merged in order have the bits of the unsharded run.
    #[test]
    fn sharded_merge_equals_unsharded_bit_for_bit() {
        for (table, trials) in [
            (false, 20_000),
            (true, 9_000),
            (false, 100),
            (false, BLOCK * 3),
        ] {
            let j = job(table, trials);
            let whole = run(j.start().expect("valid"), 777, |_| {});
            let sharded = run_sharded(&j, 500).expect("valid");
            assert!(j.shard_count() >= 1);
            assert_eq!(whole.trials, trials);
            let bits = |s: &Samples| {
                s.tau
                    .iter()
                    .chain(&s.write)
                    .chain(&s.read)
                    .chain(std::iter::once(&s.tau_k))
                    .flat_map(|v| v.iter().map(|x| x.to_bits()))
                    .collect::<Vec<_>>()
            };
            assert_eq!(
                bits(&whole),
                bits(&sharded),
                "table {table}, {trials} trials"
            );
        }
    }

    #[test]
    fn bad_runs_are_refused() {
        assert!(
            WarsJob {
                trials: 0,
                ..job(false, 1)
            }
            .validate()
            .is_err()
        );
        assert!(
            WarsJob {
                trials: 1_000_000_000_000,
                ..job(false, 1)
            }
            .validate()
            .is_err()
        );
        let mut bad = job(false, 10);
        bad.spec.r = 4;
        assert!(bad.start().is_err());
    }
}
