//! Consistent hashing: mod-N, the ring with virtual nodes, rendezvous, jump, Maglev,
//! multi-probe and bounded loads, run on the same keys and nodes so they compare key by key.
//!
//! - [`algo`]: the algorithms, each as its paper defines it.
//! - [`metrics`]: the keys, loads, spread, movement and the theory to read them against.
//! - [`replicas`]: preference lists, zone-aware placement, failover.
//! - [`presets`]: ketama (memcached clients) and Cassandra's Murmur3 tokens.
//! - [`jobs`]: the sweeps the page runs in a worker and the CLI in the terminal.
//! - [`model`]: the page's state machine and its draw-ready view.
//! - [`checks`]: the published and derived checks the page shows.
//!
//! The stable hashes and the token ring itself live in `sdlab_sim::{hash, token_ring}`.

pub mod algo;
pub mod checks;
pub mod jobs;
pub mod metrics;
pub mod model;
pub mod presets;
pub mod replicas;
pub mod view;

pub use algo::{Algo, Config, Node, Placement};
pub use metrics::Spread;

use serde::{Deserialize, Serialize};

/// Most keys one run hashes (the CLI and the jobs; the live page caps lower).
pub const MAX_KEYS: u32 = 10_000_000;

/// Nodes `0..n` of weight 1.
pub fn nodes(n: u32) -> Vec<Node> {
    (0..n).map(Node::new).collect()
}

/// The CLI's and the JSON export's `stats` object.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Stats {
    pub algo: Algo,
    pub nodes: u32,
    pub keys: u32,
    pub rel_stddev: f64,
    pub max_over_mean: f64,
    pub min_over_mean: f64,
    /// Keys per node, in node order.
    pub loads: Vec<u64>,
    /// Each node's exact share of the circle, for the ring-based algorithms.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub arc_shares: Option<Vec<f64>>,
    /// The key-count spread that sampling alone gives, `sqrt((n − 1) / K)`.
    pub sampling_noise: f64,
    pub memory_bytes: u64,
}

fn check_keys(keys: u32) -> Result<(), String> {
    if keys == 0 || keys > MAX_KEYS {
        return Err(format!("keys must be 1 to {MAX_KEYS}"));
    }
    Ok(())
}

/// Loads and spread of `keys` synthetic keys on `n` equal nodes.
pub fn stats(config: &Config, n: u32, keys: u32) -> Result<Stats, String> {
    check_keys(keys)?;
    let nodes = nodes(n);
    let placement = Placement::build(config, &nodes)?;
    let hashes = metrics::key_hashes(keys, config.hash, config.seed);
    let owners = placement.assign(&hashes);
    let ids: Vec<u32> = nodes.iter().map(|n| n.id).collect();
    let loads = metrics::key_counts(&owners, &ids);
    let spread = Spread::of_counts(&loads);
    let arc_shares = match &placement {
        Placement::Ring { ring }
        | Placement::Bounded { ring, .. }
        | Placement::MultiProbe { ring, .. } => {
            (config.algo == Algo::Ring).then(|| ring.arc_shares(n as usize))
        }
        _ => None,
    };
    Ok(Stats {
        algo: config.algo,
        nodes: n,
        keys,
        rel_stddev: spread.rel_stddev,
        max_over_mean: spread.max_over_mean,
        min_over_mean: spread.min_over_mean,
        loads,
        arc_shares,
        sampling_noise: metrics::sampling_noise(f64::from(n), f64::from(keys)),
        memory_bytes: placement.memory_bytes(),
    })
}

/// The CLI's `move` object.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Moved {
    pub algo: Algo,
    pub from: u32,
    pub to: u32,
    pub keys: u32,
    pub moved_fraction: f64,
    /// The minimum any scheme must move: `|Δn| / max(n₁, n₂)` for equal nodes.
    pub ideal_fraction: f64,
    pub moved_over_ideal: f64,
}

/// The fraction of keys that change owner when the cluster goes from nodes `0..from` to
/// `0..to` (nodes added or removed at the end).
pub fn moved(config: &Config, from: u32, to: u32, keys: u32) -> Result<Moved, String> {
    check_keys(keys)?;
    let hashes = metrics::key_hashes(keys, config.hash, config.seed);
    let before = Placement::build(config, &nodes(from))?.assign(&hashes);
    let after = Placement::build(config, &nodes(to))?.assign(&hashes);
    let fraction = metrics::moved(&before, &after) as f64 / f64::from(keys);
    let ideal = metrics::ideal_moved(from, to);
    Ok(Moved {
        algo: config.algo,
        from,
        to,
        keys,
        moved_fraction: fraction,
        ideal_fraction: ideal,
        moved_over_ideal: if ideal > 0.0 { fraction / ideal } else { 0.0 },
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn config(algo: Algo) -> Config {
        Config {
            algo,
            vnodes: 20,
            probes: 5,
            table_size: 251,
            ..Config::default()
        }
    }

    proptest! {
        /// Every key has exactly one owner, a node of the cluster; adding a node moves keys only
        /// to it (the algorithms that promise it); removing the last moves only its keys.
        #[test]
        fn minimal_movement_where_promised(n in 1u32..12, seed in any::<u64>(), algo_i in 0usize..7) {
            let algo = Algo::ALL[algo_i];
            let c = Config { seed, ..config(algo) };
            let keys = metrics::key_hashes(500, c.hash, seed);
            let before = Placement::build(&c, &nodes(n)).map_err(TestCaseError::fail)?.assign(&keys);
            let after = Placement::build(&c, &nodes(n + 1)).map_err(TestCaseError::fail)?.assign(&keys);
            for (&a, &b) in before.iter().zip(&after) {
                prop_assert!(a < n && b <= n);
                if algo.minimal_movement() && a != b {
                    prop_assert_eq!(b, n, "{}: a key moved between old nodes", algo);
                }
            }
            // Add then remove restores every owner (history-independent schemes).
            if algo != Algo::Bounded {
                let again = Placement::build(&c, &nodes(n)).map_err(TestCaseError::fail)?.assign(&keys);
                prop_assert_eq!(&again, &before);
            }
        }

        /// Removing a node other than the last, by id: only its keys move (id-based schemes).
        #[test]
        fn removing_a_middle_node_moves_only_its_keys(n in 2u32..10, gone in 0u32..10, seed in any::<u64>()) {
            let gone = gone % n;
            for algo in [Algo::Ring, Algo::Rendezvous, Algo::MultiProbe] {
                let c = Config { seed, ..config(algo) };
                let keys = metrics::key_hashes(300, c.hash, seed);
                let all = nodes(n);
                let rest: Vec<Node> = all.iter().copied().filter(|x| x.id != gone).collect();
                let before = Placement::build(&c, &all).map_err(TestCaseError::fail)?.assign(&keys);
                let after = Placement::build(&c, &rest).map_err(TestCaseError::fail)?.assign(&keys);
                for (&a, &b) in before.iter().zip(&after) {
                    if a != b {
                        prop_assert_eq!(a, gone, "{}", algo);
                    }
                }
            }
        }
    }

    #[test]
    fn modulo_moves_n_over_n_plus_one() {
        let m = moved(&config(Algo::Modulo), 9, 10, 50_000).unwrap_or_else(|e| panic!("{e}"));
        // n/(n+1) = 0.9 [derived]; binomial sd ≈ 0.0013.
        assert!((m.moved_fraction - 0.9).abs() < 0.01, "{m:?}");
        let j = moved(&config(Algo::Jump), 9, 10, 50_000).unwrap_or_else(|e| panic!("{e}"));
        assert!((j.moved_fraction - 0.1).abs() < 0.01, "{j:?}");
    }

    #[test]
    fn stats_add_up_and_check_their_inputs() {
        let s = stats(&config(Algo::Ring), 10, 20_000).unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(s.loads.iter().sum::<u64>(), 20_000);
        let shares: f64 = s.arc_shares.as_ref().map_or(0.0, |a| a.iter().sum());
        assert!((shares - 1.0).abs() < 1e-12);
        assert!(stats(&config(Algo::Ring), 0, 10).is_err());
        assert!(stats(&config(Algo::Ring), 3, 0).is_err());
    }
}
