//! The model benchmark registry: one list timed natively by `cargo xtask bench` (as an rlib)
//! and in Node as wasm (through the `bench_names`/`bench_sample` exports), so the two compare.
//!
//! A benchmark returns a checksum of its work. The checksum keeps the optimiser from deleting
//! the work, and since the models are deterministic it must be identical on both sides. Where
//! the work is random draws, the checksum is a [`fingerprint`] of their bits, so that a last-bit
//! difference between native and wasm arithmetic (e.g. the platform's `ln`) shows as a mismatch.
//!
//! # Adding a benchmark (what a new tool adds)
//!
//! One entry in [`BENCHES`] and the function it names; nothing else. `cargo xtask bench` and
//! the Node runner (`run.mjs`) take every entry from this list. The entry holds everything about
//! the benchmark in one place:
//!
//! - `name`: unique, stable (it is the key both runners use);
//! - `what`: one line saying what one run does;
//! - `iterations`: the work of one *run*, a size that means something for the tool (a page's
//!   typical request), since the budget and the reported times are per run. The bench repeats
//!   runs within a sample until the sample is long enough to time, so a small run is fine;
//! - `budget_ms` and `max_ratio`: the targets the report judges (wasm time per run, and the
//!   wasm/native time ratio), each `None` where none is stated; say why a target is what it is;
//! - `run`: a function `fn(u32) -> f64` that does `iterations` units of the model's work and
//!   returns a checksum of the result. It must be deterministic (the same bits natively and in
//!   wasm: see the crate's invariants) and must not return NaN for a good run; return NaN to
//!   report a failure (the report then shows a checksum mismatch).
//!
//! The registry's unit test runs every entry twice, natively, and checks that the two runs
//! agree to the bit.

use wasm_bindgen::prelude::*;

/// One registered benchmark. See the crate documentation for how to add one.
#[derive(Clone, Copy, Debug)]
pub struct Bench {
    /// Stable identifier, passed to `bench_sample`.
    pub name: &'static str,
    /// What one run does, for the report.
    pub what: &'static str,
    /// Units of work per run: the `run` function's argument.
    pub iterations: u32,
    /// Time budget for one run in wasm, where one is stated (judged by CPU time, which is the
    /// wall time a visitor waits on an idle machine).
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
        // 87–96 ms per run in wasm on a busy 2-core machine, so the budget has headroom.
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
    Bench {
        name: "bptree_insert",
        what: "10⁶ random u64 keys (seed 2026) inserted into a B+ tree of order 128",
        iterations: 1_000_000,
        // Issue 9: at most 2× std's BTreeMap natively (compare with `btreemap_insert`, the same
        // keys, timed in the same run) and wasm/native ≤ 1.5: the loop is binary searches and
        // memmoves inside 1 KiB nodes, which wasm runs at near-native speed. A 10⁶-key
        // comparison job inserts twice this many keys, in a worker.
        budget_ms: Some(1_500.0),
        max_ratio: Some(1.5),
        run: bptree_insert,
    },
    Bench {
        name: "btreemap_insert",
        what: "the same 10⁶ keys into std's BTreeMap<u64, ()> (a BTreeSet): the yardstick of `bptree_insert`",
        iterations: 1_000_000,
        budget_ms: None,
        max_ratio: None,
        run: btreemap_insert,
    },
    Bench {
        name: "bptree_step_back",
        what: "the animator stepping back into an earlier operation of a 1,000-operation log (order 4): one checkpoint clone, ≤ 31 operations replayed, the operation traced",
        iterations: 100,
        // Issue 9: stepping back is instant at any point of a 1,000-operation log (no replay
        // from the start). Instant: well inside one 16 ms frame per step; 100 step-backs
        // spread over the log within 100 ms in wasm is 1 ms each.
        budget_ms: Some(100.0),
        max_ratio: None,
        run: bptree_step_back,
    },
];

/// A 1,000-operation log at order 4: 700 random inserts, then 300 deletes.
fn step_back_log() -> &'static sdlab_bptree::timeline::Timeline {
    use sdlab_bptree::keys::{Workload, generate};
    use sdlab_bptree::ops::Op;
    static LOG: std::sync::OnceLock<sdlab_bptree::timeline::Timeline> = std::sync::OnceLock::new();
    LOG.get_or_init(|| {
        let config = sdlab_bptree::Config::order(4).unwrap_or(sdlab_bptree::Config {
            order: 4,
            leaf_cap: 3,
            split: sdlab_bptree::Split::Even,
            borrow: sdlab_bptree::Borrow::LeftFirst,
        });
        let mut log = sdlab_bptree::timeline::Timeline::new(config);
        log.extend(
            generate(Workload::Random, 700, 1)
                .into_iter()
                .map(Op::Insert),
        );
        log.extend(
            generate(Workload::Random, 300, 2)
                .into_iter()
                .map(Op::Delete),
        );
        log
    })
}

fn bptree_step_back(n: u32) -> f64 {
    let log = step_back_log();
    let mut words = [0u64; 2];
    for i in 0..n {
        // Operations spread over the whole log, each ending on a different checkpoint offset.
        let op = (i as usize * 337 + 31) % log.len();
        let steps = log.trace(op);
        words[0] += steps.len() as u64;
        words[1] += steps.last().map_or(0, |s| s.tree.len());
    }
    fingerprint(&words)
}

/// The keys of the insert benchmarks: `n` seeded random `u64`s.
fn bench_keys(n: u32) -> impl Iterator<Item = u64> {
    let mut rng = sdlab_sim::rng::Rng::seeded(2026);
    (0..n).map(move |_| rng.next_u64())
}

fn bptree_insert(n: u32) -> f64 {
    let Ok(config) = sdlab_bptree::Config::order(128) else {
        return f64::NAN;
    };
    let mut tree = sdlab_bptree::Tree::new(config);
    let mut inserted = 0u64;
    for k in bench_keys(n) {
        inserted += u64::from(tree.insert(k));
    }
    let s = sdlab_bptree::stats::shape(&tree);
    // The count of distinct keys (the BTreeMap's too) and the tree's shape.
    fingerprint(&[inserted, tree.len(), s.leaves, u64::from(s.height)])
}

fn btreemap_insert(n: u32) -> f64 {
    let mut map = std::collections::BTreeMap::new();
    let mut inserted = 0u64;
    for k in bench_keys(n) {
        inserted += u64::from(map.insert(k, ()).is_none());
    }
    fingerprint(&[inserted]) + (map.len() as u64 - inserted) as f64
}

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

/// One timing sample: `runs` consecutive runs of `bench`, returning their checksum, or NaN if
/// two runs disagreed (a benchmark must be deterministic). Both runners time exactly this, so
/// native and wasm execute the same loop around the same work.
pub fn sample(bench: &Bench, runs: u32) -> f64 {
    let mut first = None;
    for _ in 0..runs.max(1) {
        let checksum = std::hint::black_box((bench.run)(std::hint::black_box(bench.iterations)));
        match first {
            None => first = Some(checksum),
            Some(seen) if seen.to_bits() == checksum.to_bits() => {}
            Some(_) => return f64::NAN,
        }
    }
    first.unwrap_or(f64::NAN)
}

/// Names of all benchmarks, in registry order.
#[wasm_bindgen]
pub fn bench_names() -> Vec<String> {
    BENCHES.iter().map(|bench| bench.name.to_string()).collect()
}

/// One [`sample`] of benchmark `name`: `runs` runs, returning their checksum.
#[wasm_bindgen]
pub fn bench_sample(name: &str, runs: u32) -> Result<f64, JsError> {
    find(name)
        .map(|bench| sample(bench, runs))
        .ok_or_else(|| JsError::new(&format!("no benchmark named {name:?}")))
}

/// CPU time this process has used so far, natively (every thread's, from the kernel's
/// `CLOCK_PROCESS_CPUTIME_ID`, to the nanosecond). Node's `process.cpuUsage()` is the same
/// clock for the wasm side.
#[cfg(not(target_arch = "wasm32"))]
pub fn process_cpu_time() -> std::time::Duration {
    let now = rustix::time::clock_gettime(rustix::time::ClockId::ProcessCPUTime);
    std::time::Duration::new(
        u64::try_from(now.tv_sec).unwrap_or(0),
        u32::try_from(now.tv_nsec).unwrap_or(0),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_are_unique_and_runs_deterministic() {
        for (i, bench) in BENCHES.iter().enumerate() {
            assert!(
                BENCHES[..i].iter().all(|other| other.name != bench.name),
                "duplicate benchmark {}",
                bench.name
            );
            // Two runs in one sample: NaN if their checksums differ.
            assert!(
                sample(bench, 2).is_finite(),
                "{}: checksum not finite, or two runs disagree",
                bench.name
            );
            assert!(
                !bench.what.is_empty(),
                "{}: say what a run does",
                bench.name
            );
        }
    }
}
