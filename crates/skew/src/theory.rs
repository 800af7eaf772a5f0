//! The exact numbers beside the simulation, instant for any key count: ζ(n, θ), the hottest
//! key's share `p₁`, the hot-key bound `P · p₁`, the Pareto readout, an ideal cache's hit ratio,
//! what the hottest key alone demands of its partition, and what write sharding buys and costs.

use serde::{Deserialize, Serialize};

use sdlab_sim::zipf::zeta;

use crate::dist::{DistKind, Sampler};
use crate::state::Config;
use crate::ycsb::{SCRAMBLED_ZETAN, zetastatic};

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Theory {
    /// ζ(n, θ) over the real key count, for the Zipf laws.
    pub zeta: Option<f64>,
    /// The hottest key's share of requests, exact where the law gives it.
    pub p1: Option<f64>,
    /// `P · p₁`: the floor of max/mean for any scheme.
    pub bound: Option<f64>,
    /// The share of requests the top 20% of keys get, exact for Zipf, uniform and hotspot.
    pub top20: Option<f64>,
    pub hit_ratio: Option<f64>,
    /// The hottest key's demand in RCU/s and WCU/s at the offered load.
    pub hot_demand: Option<(f64, f64)>,
    /// Write sharding: expected distinct partitions the S suffixes reach under hashing,
    /// `P · (1 − (1 − 1/P)^S)`, and the write ceiling per logical key it gives.
    pub shard_partitions: f64,
    pub shard_ceiling_wcu: f64,
    /// Queries per logical read (S for random suffixes).
    pub read_fanout: u32,
}

/// `P · (1 − (1 − 1/P)^S)`.
pub fn expected_distinct(p: u32, s: u32) -> f64 {
    let p = f64::from(p.max(1));
    p * (1.0 - libm::pow(1.0 - 1.0 / p, f64::from(s)))
}

pub fn theory(c: &Config) -> Theory {
    let n = c.dist.keys;
    let theta = c.dist.theta;
    let sampler = Sampler::new(&c.dist).ok();
    let z = match c.dist.kind {
        DistKind::Zipf | DistKind::YcsbZipfian => Some(zeta(n, theta)),
        DistKind::YcsbScrambled => Some(SCRAMBLED_ZETAN),
        _ => None,
    };
    let p1 = match c.dist.kind {
        // Gray's method is exact for the hottest item: 1/ζn (YCSB sums ζ forward up to 2^20 items).
        DistKind::YcsbZipfian if theta > 0.0 && theta < 1.0 => {
            Some(1.0 / zetastatic(0, n, theta, 0.0))
        }
        _ => sampler.as_ref().and_then(|s| s.pmf(s.hottest())),
    };
    let top20 = sampler
        .as_ref()
        .and_then(|s| s.cache_hit_ratio(((n as f64) * 0.2).ceil() as u64));
    let p = c.scheme.partitions;
    let shard_partitions = expected_distinct(p, c.workload.shards);
    let (ru, wu) = c.capacity.units();
    let w = c.workload.write_fraction;
    let writes_update = !c.dist.kind.inserts();
    Theory {
        zeta: z,
        p1,
        bound: p1.map(|v| (f64::from(p) * v).max(1.0)),
        top20,
        hit_ratio: sampler
            .as_ref()
            .and_then(|s| s.cache_hit_ratio(c.workload.cache_items)),
        hot_demand: p1.map(|v| {
            let rate = v * c.load;
            let reads = rate * (1.0 - w) * f64::from(c.workload.shards) * ru;
            let writes = if writes_update { rate * w * wu } else { 0.0 };
            (reads, writes)
        }),
        shard_partitions,
        shard_ceiling_wcu: shard_partitions * c.capacity.caps(p).1,
        read_fanout: c.workload.shards,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::dist::DistSpec;

    #[test]
    fn zipf_theory_follows_zeta() {
        let c = Config::default();
        let t = theory(&c);
        let z = zeta(100_000, 0.99);
        assert_eq!(t.zeta, Some(z));
        assert!((t.p1.expect("exact") - 1.0 / z).abs() < 1e-15);
        assert!((t.bound.expect("exact") - (10.0 / z).max(1.0)).abs() < 1e-12);
        assert!((t.top20.expect("exact") - zeta(20_000, 0.99) / z).abs() < 1e-12);
    }

    #[test]
    fn write_sharding_reaches_distinct_partitions_as_expected() {
        // Reference 4, write sharding: d = P(1 − (1 − 1/P)^S), at most min(S, P).
        assert!((expected_distinct(10, 1) - 1.0).abs() < 1e-12);
        assert!((expected_distinct(10, 100) - 10.0 * (1.0 - 0.9f64.powi(100))).abs() < 1e-12);
        assert!(expected_distinct(1000, 100) <= 100.0);
        let c = Config {
            workload: crate::run::Workload {
                shards: 100,
                ..Default::default()
            },
            ..Config::default()
        };
        assert!((theory(&c).shard_ceiling_wcu - expected_distinct(10, 100) * 1000.0).abs() < 1e-9);
    }

    #[test]
    fn the_hot_key_demand_and_other_laws() {
        let c = Config {
            dist: DistSpec {
                kind: DistKind::HotKeys,
                hot_keys: vec![(1, 0.5)],
                keys: 1000,
                ..DistSpec::default()
            },
            load: 10_000.0,
            ..Config::default()
        };
        let t = theory(&c);
        let p1 = 0.5 + 0.5 / 1000.0;
        assert!((t.p1.expect("exact") - p1).abs() < 1e-15);
        let (r, w) = t.hot_demand.expect("exact");
        assert!((r - p1 * 10_000.0 * 0.8).abs() < 1e-9 && (w - p1 * 10_000.0 * 0.2).abs() < 1e-9);
        let u = theory(&Config {
            dist: DistSpec {
                kind: DistKind::Uniform,
                keys: 50,
                ..DistSpec::default()
            },
            ..Config::default()
        });
        assert_eq!(u.p1, Some(0.02));
        assert_eq!(u.bound, Some(1.0));
    }
}
