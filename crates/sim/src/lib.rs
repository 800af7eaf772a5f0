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
//! - [`hash`]: stable, seeded 64-bit hashes of byte strings (xxHash64, MurmurHash3, MD5, FNV-1a)
//!   with their published test vectors, and Cassandra's and ketama's points built on them.
//! - [`token_ring`]: the consistent-hashing ring with virtual nodes: seeded token placement,
//!   successor lookup by binary search, weights as token counts, exact arc shares.
//! - [`zipf`]: Zipf(θ) over n ranks: ζ(n, θ) for any n, exact O(1) sampling from an alias table over ranks and geometric blocks of ranks.

pub mod check;
pub mod dist;
pub mod events;
pub mod hash;
pub mod history;
pub mod job;
pub mod reliability;
pub mod rng;
pub mod stats;
pub mod table;
pub mod token_ring;
pub mod units;
pub mod zipf;

pub use check::{Check, Figure};
pub use events::EventQueue;
pub use history::History;
pub use job::{Job, Shardable, Stepper};
pub use table::Table;
