//! The partition-skew visualiser's models: how key popularity meets a partitioning scheme and a
//! per-partition capacity, on one seeded request stream.
//!
//! - [`ycsb`]: YCSB's generators on YCSB's code path (Gray's Zipfian, scrambled Zipfian with
//!   `fnvhash64`, hotspot, skewed latest).
//! - [`dist`]: every popularity law the tool offers and its sampler (exact Zipf from
//!   `sdlab_sim::zipf`'s alias table over ranks and blocks of ranks).
//! - [`capacity`]: DynamoDB's per-partition caps, the book's equal split, throttle models, burst.
//! - [`place`]: hash mod P, consistent hashing, range (equal width, split by load), composite keys.
//! - [`run`]: one request stream through the schemes, as a worker job; [`analysis`]: its counts
//!   under a capacity model and a load.
pub mod analysis;
pub mod capacity;
pub mod checks;
pub mod dist;
pub mod place;
pub mod run;
pub mod schema;
pub mod state;
pub mod theory;
pub mod ycsb;
