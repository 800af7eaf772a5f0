//! A B+ tree index and everything its animator shows: the tree ([`tree`]), the trace of every
//! operation step by step ([`trace`]), the invariant checker run after each step ([`check`]),
//! bottom-up bulk loading ([`bulk`]), key workloads with seeded UUIDs v4/v7 ([`keys`]), the
//! operation list a link carries ([`ops`]), fill factors and sizing ([`stats`]), the
//! two-order comparison as a worker job ([`jobs`]), the published checks ([`checks`]) and the
//! page's state machine ([`animator`]).
//!
//! Conventions follow the reference and the USFCA visualisation (see [`tree`]); the book
//! (System Design on AWS, ch. 2, “Indexes”) gives the structure, not the rules.

pub mod animator;
pub mod bulk;
pub mod check;
pub mod checks;
pub mod jobs;
pub mod keys;
pub mod layout;
pub mod ops;
pub mod stats;
pub mod timeline;
pub mod trace;
pub mod tree;

pub use keys::{Key, Workload};
pub use tree::{Borrow, Config, Split, Tree};
