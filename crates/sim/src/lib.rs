//! Code that two or more sdlab tools share: published-figure checks and duration units.

pub mod check;
pub mod units;

pub use check::{Check, Figure};
