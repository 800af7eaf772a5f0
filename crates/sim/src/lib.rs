//! Code that two or more sdlab tools share: published-figure checks, duration units, the seeded
//! random source, distributions, Monte Carlo statistics and resumable jobs.

pub mod check;
pub mod dist;
pub mod job;
pub mod rng;
pub mod stats;
pub mod units;

pub use check::{Check, Figure};
pub use job::{Job, Stepper};
