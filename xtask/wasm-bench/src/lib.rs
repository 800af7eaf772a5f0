//! The model benchmark registry: one list timed natively by `cargo xtask bench` (as an rlib)
//! and in Node as wasm (through the `bench_names`/`bench_run` exports), so the two compare.
//!
//! A benchmark returns a checksum of its work. The checksum keeps the optimiser from deleting
//! the work, and since the models are deterministic it must be identical on both sides. Where
//! the work is random draws, the checksum is a [`fingerprint`] of their bits, so that a last-bit
//! difference between native and wasm arithmetic (e.g. the platform's `ln`) shows as a mismatch.

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
    /// Largest acceptable wasm/native time ratio, where one is stated.
    pub max_ratio: Option<f64>,
    /// Does `iterations` units of work and returns their checksum.
    pub run: fn(u32) -> f64,
}

/// Every benchmark; `cargo xtask bench` runs them all, natively and as wasm.
pub const BENCHES: &[Bench] = &[
    Bench {
        name: "nines_budget",
        what: "parse \"99.dddd\" % and compute its downtime budget (default calendar)",
        iterations: 200_000,
        // 2.5 µs per parse + budget: a page recomputing a thousand of them per keystroke (a
        // sweep or comparison table) stays near 2.5 ms, far inside a 16 ms frame. Measured
        // 160–270 ms on a 2-core machine depending on load, so the budget has headroom.
        budget_ms: Some(500.0),
        max_ratio: None,
        run: nines_budget,
    },
    Bench {
        name: "nines_simulate",
        what: "Monte Carlo: `iterations` years of a 10-component series/parallel/k-of-n diagram, seed 2026",
        iterations: 1_000,
        // The page runs a simulation of this size on demand: under a second in wasm keeps it an
        // interactive wait rather than a job. Target wasm/native ratio ≤ 1.5 (the event loop is
        // float arithmetic, 64-bit random draws and a binary heap, which wasm runs at
        // near-native speed).
        budget_ms: Some(1_000.0),
        max_ratio: Some(1.5),
        run: nines_simulate,
    },
    Bench {
        name: "rng_draws",
        what: "the seeded random source: `iterations` × (8 exponential, 1 normal, 1 uniform) draws",
        iterations: 100_000,
        // Reported for the ratio (every simulation's cost floor) and for the checksum, which
        // pins the draws to the bit on both sides.
        budget_ms: None,
        max_ratio: None,
        run: rng_draws,
    },
];

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

/// Ten components (MTBF 1,000–5,000 h, MTTR 1–4 h): a load balancer, three app servers any one
/// of which suffices, a 2-of-3 database quorum, a cache pair and DNS, all in series.
fn simulate_diagram() -> sdlab_nines::diagram::Diagram {
    use sdlab_nines::diagram::{Component, Diagram, Node};
    let unit = |id: &str| Node::Unit {
        component: id.into(),
    };
    let units = |ids: &[&str]| ids.iter().map(|id| unit(id)).collect::<Vec<_>>();
    let rates: [(&str, f64, f64); 10] = [
        ("lb", 4_000.0, 1.0),
        ("app1", 2_000.0, 2.0),
        ("app2", 2_000.0, 2.0),
        ("app3", 2_000.0, 2.0),
        ("db1", 3_000.0, 3.0),
        ("db2", 3_000.0, 3.0),
        ("db3", 3_000.0, 3.0),
        ("cache1", 1_000.0, 4.0),
        ("cache2", 1_000.0, 4.0),
        ("dns", 5_000.0, 1.0),
    ];
    Diagram {
        name: "Ten-component service".into(),
        components: rates
            .iter()
            .map(|&(id, mtbf, mttr)| Component::new(id, id, mtbf, mttr))
            .collect(),
        root: Node::Series {
            label: "Request path".into(),
            children: vec![
                unit("lb"),
                Node::Parallel {
                    label: "App servers".into(),
                    children: units(&["app1", "app2", "app3"]),
                },
                Node::KOfN {
                    label: "Database quorum".into(),
                    k: 2,
                    children: units(&["db1", "db2", "db3"]),
                },
                Node::Parallel {
                    label: "Cache pair".into(),
                    children: units(&["cache1", "cache2"]),
                },
                unit("dns"),
            ],
        },
    }
}

fn nines_simulate(years: u32) -> f64 {
    let Ok(slo) = sdlab_nines::Availability::parse_percent("99.9") else {
        return f64::NAN;
    };
    let params = sdlab_nines::simulate::SimParams {
        years: f64::from(years),
        seed: 2026,
        slo,
        window_days: 30.0,
        timeline_start_days: None,
    };
    match sdlab_nines::simulate::simulate(&simulate_diagram(), &params) {
        Ok(report) => fingerprint(&[
            report.availability.to_bits(),
            report.events,
            report.outages,
            report.worst_window_downtime_hours.to_bits(),
        ]),
        Err(_) => f64::NAN,
    }
}

fn rng_draws(iterations: u32) -> f64 {
    let mut rng = sdlab_sim::rng::Rng::seeded(2026);
    let mut words = [0u64; 3];
    for _ in 0..iterations {
        for _ in 0..8 {
            words[0] = words[0].rotate_left(7) ^ rng.exponential(100.0).to_bits();
        }
        words[1] = words[1].rotate_left(7) ^ rng.standard_normal().to_bits();
        words[2] = words[2].rotate_left(7) ^ rng.uniform().to_bits();
    }
    fingerprint(&words)
}

/// Folds words into a checksum that changes with any bit of any of them and survives the trip
/// through JSON exactly: an integer below 2^53.
fn fingerprint(words: &[u64]) -> f64 {
    let folded = words.iter().fold(0u64, |acc, &w| {
        (acc ^ w).wrapping_mul(0x9e37_79b9_7f4a_7c15)
    });
    (folded >> 11) as f64
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
