//! The partition-skew visualiser's models: how key popularity meets a partitioning scheme and a
//! per-partition capacity, on one seeded request stream.
//!
//! - [`ycsb`]: YCSB's generators on YCSB's code path (Gray's Zipfian, scrambled Zipfian with
//!   `fnvhash64`, hotspot, skewed latest).
//! - [`dist`]: every popularity law the tool offers and its sampler (exact Zipf by
//!   rejection-inversion from `sdlab_sim::zipf`).
//! - [`capacity`]: DynamoDB's per-partition caps, the book's equal split, throttle models, burst.
pub mod capacity;
pub mod dist;
pub mod ycsb;
