//! Resumable computations, once for every tool: a [`Job`] is a serialisable description of
//! heavy work whose [`Job::start`] gives a [`Stepper`]. The page runs steppers in a Web Worker
//! (or in short main-thread slices), the CLI runs the same steppers with a progress bar, and
//! tests run them to the end with [`run`].
//!
//! A [`Shardable`] job also splits into a fixed number of shards, each a job of its own that
//! draws from its own fixed sub-streams, and merges their outputs in shard order; the page's
//! worker pool runs the shards on every core, and [`run_sharded`] runs them one after another
//! (tests check that the merged output has the same bits as the unsharded run).

use serde::Serialize;
use serde::de::DeserializeOwned;

/// A computation that advances in bounded steps.
pub trait Stepper {
    type Output;
    /// Advances by about `work` units (events, trials, keys); returns true when finished.
    fn step(&mut self, work: u64) -> bool;
    /// Fraction done, 0 to 1.
    fn progress(&self) -> f64;
    /// The result; called once, after `step` returned true.
    fn finish(self) -> Self::Output;
}

/// Heavy work a tool hands to a worker: plain data in, plain data out.
pub trait Job: Serialize + DeserializeOwned + Clone + PartialEq + 'static {
    /// Names the job in worker messages; unique across all tools (the registry test checks).
    const KIND: &'static str;
    type Output: Serialize + DeserializeOwned + Clone + PartialEq + 'static;
    type Stepper: Stepper<Output = Self::Output>;
    /// Validates the job and prepares its stepper; the message is for the user.
    fn start(&self) -> Result<Self::Stepper, String>;
}

/// Runs a stepper to the end in steps of `work` units, calling `on_progress` after each.
pub fn run<S: Stepper>(mut stepper: S, work: u64, mut on_progress: impl FnMut(f64)) -> S::Output {
    while !stepper.step(work) {
        on_progress(stepper.progress());
    }
    on_progress(1.0);
    stepper.finish()
}

/// A job that splits into shards run independently (in any order, on any number of workers)
/// and merged in shard order. The split depends on the job alone, never on how many workers run
/// it, and every shard draws from its own fixed sub-streams, so the merged output is the same
/// bits as the unsharded job's [`Job::start`] run to the end.
pub trait Shardable: Job {
    /// How many shards the job splits into (at least 1).
    fn shard_count(&self) -> u32;
    /// Shard `index` (0-based, below [`Self::shard_count`]) as a job of its own.
    fn shard(&self, index: u32) -> Self;
    /// Combines the shards' outputs, given in shard order.
    fn merge(&self, parts: Vec<Self::Output>) -> Self::Output;
}

/// Runs every shard of `job` to the end, one after another, and merges them: what the worker
/// pool computes, on one thread.
pub fn run_sharded<J: Shardable>(job: &J, work: u64) -> Result<J::Output, String> {
    let parts = (0..job.shard_count().max(1))
        .map(|i| job.shard(i).start().map(|s| run(s, work, |_| {})))
        .collect::<Result<Vec<_>, String>>()?;
    Ok(job.merge(parts))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rng::Rng;
    use serde::Deserialize;

    /// Sums `draws` uniform draws in blocks of 10, block b from stream b of `seed`.
    #[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
    struct SumJob {
        seed: u64,
        blocks: (u64, u64),
    }

    struct SumStepper {
        seed: u64,
        block: u64,
        end: u64,
        sums: Vec<f64>,
    }

    impl Stepper for SumStepper {
        type Output = Vec<f64>;
        fn step(&mut self, work: u64) -> bool {
            for _ in 0..work {
                if self.block == self.end {
                    break;
                }
                let mut rng = Rng::stream(self.seed, self.block);
                self.sums.push((0..10).map(|_| rng.uniform()).sum());
                self.block += 1;
            }
            self.block == self.end
        }
        fn progress(&self) -> f64 {
            0.0
        }
        fn finish(self) -> Vec<f64> {
            self.sums
        }
    }

    impl Job for SumJob {
        const KIND: &'static str = "test-sum";
        type Output = Vec<f64>;
        type Stepper = SumStepper;
        fn start(&self) -> Result<SumStepper, String> {
            Ok(SumStepper {
                seed: self.seed,
                block: self.blocks.0,
                end: self.blocks.1,
                sums: Vec::new(),
            })
        }
    }

    impl Shardable for SumJob {
        fn shard_count(&self) -> u32 {
            3
        }
        fn shard(&self, index: u32) -> Self {
            let (a, b) = self.blocks;
            let at = |i: u64| a + (b - a) * i / 3;
            SumJob {
                blocks: (at(u64::from(index)), at(u64::from(index) + 1)),
                ..self.clone()
            }
        }
        fn merge(&self, parts: Vec<Vec<f64>>) -> Vec<f64> {
            parts.concat()
        }
    }

    #[test]
    fn sharded_run_has_the_bits_of_the_unsharded_run() {
        let job = SumJob {
            seed: 7,
            blocks: (0, 20),
        };
        let whole = job.start().map(|s| run(s, 4, |_| {})).expect("starts");
        let sharded = run_sharded(&job, 4).expect("starts");
        assert_eq!(whole.len(), 20);
        let bits = |v: &[f64]| v.iter().map(|x| x.to_bits()).collect::<Vec<_>>();
        assert_eq!(bits(&whole), bits(&sharded));
        // A merge that dropped or reordered a shard would differ.
        let mut reordered = (0..3)
            .map(|i| job.shard(i).start().map(|s| run(s, 4, |_| {})))
            .collect::<Result<Vec<_>, _>>()
            .expect("starts");
        reordered.swap(0, 2);
        assert_ne!(bits(&whole), bits(&job.merge(reordered)));
    }

    /// Counts to a limit, `work` at a time.
    struct Count {
        at: u64,
        limit: u64,
    }

    impl Stepper for Count {
        type Output = u64;
        fn step(&mut self, work: u64) -> bool {
            self.at = (self.at + work).min(self.limit);
            self.at == self.limit
        }
        fn progress(&self) -> f64 {
            self.at as f64 / self.limit as f64
        }
        fn finish(self) -> u64 {
            self.at
        }
    }

    #[test]
    fn run_steps_to_the_end_and_reports_rising_progress() {
        let mut seen = Vec::new();
        let out = run(Count { at: 0, limit: 10 }, 3, |p| seen.push(p));
        assert_eq!(out, 10);
        assert_eq!(seen, vec![0.3, 0.6, 0.9, 1.0]);
    }
}
