//! Resumable computations, once for every tool: a [`Job`] is a serialisable description of
//! heavy work whose [`Job::start`] gives a [`Stepper`]. The page runs steppers in a Web Worker
//! (or in short main-thread slices), the CLI runs the same steppers with a progress bar, and
//! tests run them to the end with [`run`].

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

#[cfg(test)]
mod tests {
    use super::*;

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
