//! Quorums for leaderless replication: the rules (W + R > N, fault tolerance, quorum
//! availability), the consistency levels of multi-data-centre stores, PBS's closed-form
//! staleness, and the WARS Monte Carlo of t-visibility and latency (Bailis et al.,
//! "Probabilistically Bounded Staleness for Practical Partial Quorums", VLDB 2012), seeded and
//! sharded for a worker pool.
//!
//! - [`latency`]: delay distributions and the paper's production presets.
//! - [`closed`]: closed forms for one data centre; [`levels`]: consistency levels over data centres.
//! - [`wars`]: the Monte Carlo engine; [`jobs`]: its runs as shardable jobs.
//! - [`report`]: curves, intervals, t-visibility, percentiles, the (R, W) table.
//! - [`checks`]: the "Sources & checks" job; [`model`]: the page as a state machine.

pub mod checks;
pub mod closed;
pub mod jobs;
pub mod latency;
pub mod levels;
pub mod model;
pub mod packed;
pub mod report;
pub mod schema;
pub mod trace;
pub mod wars;

pub use closed::Quorum;
pub use latency::{Dist, Legs, Preset};
