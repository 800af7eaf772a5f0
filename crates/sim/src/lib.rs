//! Code that two or more sdlab tools share, so that no tool imports another:
//!
//! - [`check`]: a published figure next to what a model computes ("Sources & checks").
//! - [`units`]: duration parsing and formatting.
//! - [`rng`]: the one seeded random source (Xoshiro256++, ziggurat exponentials).
//! - [`dist`]: repair-time distributions by their mean.
//! - [`reliability`]: series, parallel and k-of-n unavailability, exact and binomial, in U = 1 − A.
//! - [`events`]: the event queue of a discrete-event simulation, ties in insertion order.
//! - [`stats`]: batch-means confidence intervals, time slots, linear/log histograms, quantiles.
//! - [`history`]: undo/redo over validated edits.
//! - [`job`]: resumable heavy work for a worker, the CLI or a test; shardable work for a pool.
//! - [`table`]: a results table as text cells, and its CSV.

pub mod check;
pub mod dist;
pub mod events;
pub mod history;
pub mod job;
pub mod reliability;
pub mod rng;
pub mod stats;
pub mod table;
pub mod units;

pub use check::{Check, Figure};
pub use events::EventQueue;
pub use history::History;
pub use job::{Job, Shardable, Stepper};
pub use table::Table;
