//! One module per tool page. Each is a thin shell over its tool crate.

pub mod availability;
pub mod bptree;
pub mod nines;
pub mod quorum;
pub mod ring;
pub mod skew;
