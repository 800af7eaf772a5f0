//! Code that two or more sdlab tools share: published-figure checks, duration units, the seeded
//! random source, distributions and Monte Carlo statistics.

pub mod check;
pub mod dist;
pub mod rng;
pub mod stats;
pub mod units;

pub use check::{Check, Figure};
