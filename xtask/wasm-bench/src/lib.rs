//! The model benchmark registry: one list timed natively by `cargo xtask bench` (as an rlib)
//! and in Node as wasm (through the `bench_names`/`bench_run` exports), so the two compare.
//!
//! A benchmark returns a checksum of its work. The checksum keeps the optimiser from deleting
//! the work, and since the models are deterministic it must be identical on both sides.

use wasm_bindgen::prelude::*;

/// One registered benchmark.
#[derive(Clone, Copy, Debug)]
pub struct Bench {
    /// Stable identifier, passed to `bench_run`.
    pub name: &'static str,
    /// What one run does, for the report.
    pub what: &'static str,
    /// Iterations per timed run.
    pub iterations: u32,
    /// Wall-clock budget for one run of `iterations` in wasm, where one is stated.
    pub budget_ms: Option<f64>,
    /// Does `iterations` units of work and returns their checksum.
    pub run: fn(u32) -> f64,
}

/// Every benchmark; `cargo xtask bench` runs them all, natively and as wasm.
pub const BENCHES: &[Bench] = &[Bench {
    name: "nines_budget",
    what: "parse \"99.dddd\" % and compute its downtime budget (default calendar)",
    iterations: 200_000,
    // 1.25 µs per parse + budget: a page recomputing a thousand of them per keystroke (a
    // sweep or comparison table) stays near 1 ms, far inside a 16 ms frame.
    budget_ms: Some(250.0),
    run: nines_budget,
}];

/// Looks a benchmark up by name.
pub fn find(name: &str) -> Option<&'static Bench> {
    BENCHES.iter().find(|bench| bench.name == name)
}

fn nines_budget(iterations: u32) -> f64 {
    let calendar = sdlab_nines::Calendar::default();
    let mut checksum = 0.0;
    for i in 0..iterations {
        let text = format!("99.{:04}", i % 10_000);
        match sdlab_nines::Availability::parse_percent(&text) {
            Ok(availability) => checksum += sdlab_nines::budget(availability, &calendar).per_year_s,
            // A rejected input poisons the checksum so the mismatch check reports it.
            Err(_) => return f64::NAN,
        }
    }
    checksum
}

/// Names of all benchmarks, in registry order.
#[wasm_bindgen]
pub fn bench_names() -> Vec<String> {
    BENCHES.iter().map(|bench| bench.name.to_string()).collect()
}

/// Runs benchmark `name` for `iterations` and returns its checksum.
#[wasm_bindgen]
pub fn bench_run(name: &str, iterations: u32) -> Result<f64, JsError> {
    find(name)
        .map(|bench| (bench.run)(iterations))
        .ok_or_else(|| JsError::new(&format!("no benchmark named {name:?}")))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_are_unique_and_checksums_finite() {
        for (i, bench) in BENCHES.iter().enumerate() {
            assert!(
                BENCHES[..i].iter().all(|other| other.name != bench.name),
                "duplicate benchmark {}",
                bench.name
            );
            assert!(
                (bench.run)(100).is_finite(),
                "{} checksum is not finite",
                bench.name
            );
        }
    }
}
