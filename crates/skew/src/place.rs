//! Partitioning schemes: which partition a key (and a write-sharding suffix) lands on.
//!
//! - `hash`: `H(partition key) mod P` (the book's hash partitioning), `H` the project's seeded
//!   xxHash64 over the key's 8 little-endian bytes; a suffix `s` hashes `key ‖ s as u32 LE`.
//! - `consistent`: a token ring of `P` nodes with `v` tokens each ([`sdlab_sim::token_ring`]);
//!   the key's hash belongs to the first token at or after it.
//! - `range`: equal-width ranges of the key space, partition `⌊k·P/N⌋` (u128 product); keys at or
//!   past `N` (inserts) go to the last partition, which owns the open top range.
//! - `range-load`: range boundaries at the load quantiles of a sample of the request stream
//!   ("split by load"); boundaries are half-open, `[b_j, b_{j+1})`, found by binary search, and
//!   strictly increasing, so a key hotter than `1/P` still owns a partition alone.
//!
//! Composite keys: with a partition-key cardinality `C`, the partition key is `id mod C` (the
//! `region` of `region#playerId`); the rest of the id is the sort key, which orders items inside
//! the partition and never moves them. Write sharding appends a suffix to the partition key:
//! under hashing each suffix hashes anew; under range partitioning `K#s` sorts next to `K`, so the
//! suffixes stay on `K`'s partition.

use serde::{Deserialize, Serialize};

use sdlab_sim::hash::{KeyHash, xxh64};
use sdlab_sim::token_ring::{RingNode, TokenRing};

/// The most partitions a run may have.
pub const MAX_PARTITIONS: u32 = 1024;
/// The most ring tokens (partitions × tokens each).
pub const MAX_TOKENS: u64 = 262_144;
/// The hash seed of every scheme (fixed: the same key always lands on the same partition).
pub const HASH_SEED: u64 = 0;

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum Scheme {
    Hash,
    Consistent,
    Range,
    RangeLoad,
}

impl Scheme {
    pub const ALL: [Scheme; 4] = [
        Scheme::Hash,
        Scheme::Consistent,
        Scheme::Range,
        Scheme::RangeLoad,
    ];

    pub fn token(self) -> &'static str {
        match self {
            Scheme::Hash => "hash",
            Scheme::Consistent => "consistent",
            Scheme::Range => "range",
            Scheme::RangeLoad => "range-load",
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            Scheme::Hash => "Hash mod P",
            Scheme::Consistent => "Consistent hashing (vnodes)",
            Scheme::Range => "Range, equal width",
            Scheme::RangeLoad => "Range, split by sampled load",
        }
    }

    pub fn from_token(token: &str) -> Option<Scheme> {
        Scheme::ALL.into_iter().find(|s| s.token() == token)
    }

    pub fn is_range(self) -> bool {
        matches!(self, Scheme::Range | Scheme::RangeLoad)
    }
}

impl std::fmt::Display for Scheme {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.token())
    }
}

impl std::str::FromStr for Scheme {
    type Err = String;
    fn from_str(s: &str) -> Result<Self, String> {
        Scheme::from_token(s).ok_or_else(|| format!("unknown scheme “{s}”"))
    }
}

/// One scheme's configuration.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct SchemeSpec {
    pub scheme: Scheme,
    pub partitions: u32,
    /// Tokens per partition on the ring.
    pub vnodes: u32,
    /// Partition-key cardinality of a composite key (`None`: the whole id is the partition key).
    pub composite: Option<u64>,
}

/// Checks a scheme's parameters; the message is for the user.
pub fn validate(spec: &SchemeSpec) -> Result<(), String> {
    if spec.partitions == 0 || spec.partitions > MAX_PARTITIONS {
        return Err(format!("partitions must be 1 to {MAX_PARTITIONS}"));
    }
    if spec.scheme == Scheme::Consistent
        && (spec.vnodes == 0 || u64::from(spec.vnodes) * u64::from(spec.partitions) > MAX_TOKENS)
    {
        return Err(format!(
            "tokens per partition must be at least 1, and partitions × tokens at most {MAX_TOKENS}"
        ));
    }
    if spec.composite == Some(0) {
        return Err("a composite partition key needs at least one distinct value".into());
    }
    Ok(())
}

/// A scheme ready to place keys.
#[derive(Clone, Debug)]
pub struct Placement {
    pub spec: SchemeSpec,
    /// The size of the partition-key space (`C`, or the key count).
    space: u64,
    ring: Option<TokenRing>,
    /// Range schemes: the lower bounds of partitions 1..P (strictly increasing).
    bounds: Vec<u64>,
}

/// The partition key's hash, with an optional write-sharding suffix.
pub fn key_hash(pk: u64, suffix: Option<u32>) -> u64 {
    match suffix {
        None => xxh64(&pk.to_le_bytes(), HASH_SEED),
        Some(s) => {
            let mut buf = [0u8; 12];
            buf[..8].copy_from_slice(&pk.to_le_bytes());
            buf[8..].copy_from_slice(&s.to_le_bytes());
            xxh64(&buf, HASH_SEED)
        }
    }
}

impl Placement {
    /// `keys` is the key count before inserts; `sample` (for `range-load`) partition keys drawn
    /// from the request stream.
    pub fn new(spec: &SchemeSpec, keys: u64, sample: &[u64]) -> Result<Placement, String> {
        validate(spec)?;
        let space = spec.composite.map_or(keys, |c| c.min(keys)).max(1);
        let p = u64::from(spec.partitions);
        let ring = (spec.scheme == Scheme::Consistent).then(|| {
            let nodes: Vec<RingNode> = (0..spec.partitions)
                .map(|i| RingNode::new(i, format!("partition-{i}"), spec.vnodes))
                .collect();
            TokenRing::build(&nodes, KeyHash::Xxh64, HASH_SEED)
        });
        let mut bounds: Vec<u64> = match spec.scheme {
            Scheme::Range => (1..p)
                .map(|j| ((j as u128 * space as u128).div_ceil(p as u128)) as u64)
                .collect(),
            Scheme::RangeLoad => {
                let mut sorted: Vec<u64> = sample
                    .iter()
                    .map(|&k| spec.composite.map_or(k, |c| k % c))
                    .collect();
                sorted.sort_unstable();
                if sorted.is_empty() {
                    (1..p)
                        .map(|j| ((j as u128 * space as u128).div_ceil(p as u128)) as u64)
                        .collect()
                } else {
                    (1..p)
                        .map(|j| sorted[((j as u128 * sorted.len() as u128) / p as u128) as usize])
                        .collect()
                }
            }
            _ => Vec::new(),
        };
        // Strictly increasing: equal quantiles (a key hotter than 1/P) give single-key partitions.
        for i in 0..bounds.len() {
            let floor = if i == 0 { 1 } else { bounds[i - 1] + 1 };
            bounds[i] = bounds[i].max(floor);
        }
        Ok(Placement {
            spec: spec.clone(),
            space,
            ring,
            bounds,
        })
    }

    /// The partition key of id `key`.
    pub fn partition_key(&self, key: u64) -> u64 {
        self.spec.composite.map_or(key, |c| key % c)
    }

    /// The partition of `key` written with `suffix` (`None`: no write sharding).
    pub fn partition(&self, key: u64, suffix: Option<u32>) -> u32 {
        let pk = self.partition_key(key);
        let p = self.spec.partitions;
        match self.spec.scheme {
            Scheme::Hash => (key_hash(pk, suffix) % u64::from(p)) as u32,
            Scheme::Consistent => match &self.ring {
                Some(ring) => ring.owner(key_hash(pk, suffix)).min(p - 1),
                None => 0,
            },
            Scheme::Range | Scheme::RangeLoad => self.bounds.partition_point(|&b| b <= pk) as u32,
        }
    }

    /// The range schemes' lower bounds of partitions 1..P.
    pub fn bounds(&self) -> &[u64] {
        &self.bounds
    }

    /// Partitions a scan of the `len` consecutive partition keys from `lo` must ask: all of them
    /// under hashing (scatter–gather: the keys' places are unknown), the overlapping run under
    /// range partitioning.
    pub fn scan_partitions(&self, lo: u64, len: u64) -> u32 {
        if !self.spec.scheme.is_range() || len == 0 {
            return if len == 0 { 0 } else { self.spec.partitions };
        }
        let hi = lo.saturating_add(len - 1);
        let a = self.bounds.partition_point(|&b| b <= lo);
        let b = self.bounds.partition_point(|&b| b <= hi);
        (b - a + 1) as u32
    }

    /// Keys per partition among ids `0..keys`: exact when the partition-key space is at most
    /// `exact_limit` (each partition key counted with the ids that share it), else expected
    /// (hash: `keys/P`; ring: its arc share; range: exact widths).
    pub fn keys_per_partition(&self, keys: u64, exact_limit: u64) -> (Vec<f64>, bool) {
        let p = self.spec.partitions as usize;
        let mut out = vec![0.0; p];
        let ids_with = |pk: u64| -> f64 {
            match self.spec.composite {
                Some(c) if c < keys => (keys / c + u64::from(pk < keys % c)) as f64,
                _ => 1.0,
            }
        };
        if self.spec.scheme.is_range() {
            let mut edges = vec![0u64];
            edges.extend(self.bounds.iter().map(|&b| b.min(self.space)));
            edges.push(self.space);
            for j in 0..p {
                let (lo, hi) = (edges[j], edges[j + 1].max(edges[j]));
                out[j] = match self.spec.composite {
                    Some(c) if c < keys && hi - lo <= exact_limit => (lo..hi).map(ids_with).sum(),
                    Some(c) if c < keys => (hi - lo) as f64 * keys as f64 / c as f64,
                    _ => (hi - lo) as f64,
                };
            }
            return (out, true);
        }
        if self.space <= exact_limit {
            for pk in 0..self.space {
                out[self.partition(pk, None) as usize] += ids_with(pk);
            }
            return (out, true);
        }
        match &self.ring {
            Some(ring) => {
                for (j, share) in ring.arc_shares(p).into_iter().enumerate() {
                    out[j] = share * keys as f64;
                }
            }
            None => out.iter_mut().for_each(|v| *v = keys as f64 / p as f64),
        }
        (out, false)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn spec(scheme: Scheme, partitions: u32) -> SchemeSpec {
        SchemeSpec {
            scheme,
            partitions,
            vnodes: 16,
            composite: None,
        }
    }

    #[test]
    fn equal_width_ranges_split_the_key_space_evenly_and_inserts_go_last() {
        let p = Placement::new(&spec(Scheme::Range, 4), 100, &[]).expect("valid");
        assert_eq!(p.bounds(), [25, 50, 75]);
        assert_eq!(p.partition(0, None), 0);
        assert_eq!(p.partition(24, None), 0);
        assert_eq!(p.partition(25, None), 1);
        assert_eq!(p.partition(99, None), 3);
        assert_eq!(p.partition(1_000_000, None), 3);
        let (keys, exact) = p.keys_per_partition(100, 1 << 20);
        assert!(exact);
        assert_eq!(keys, [25.0, 25.0, 25.0, 25.0]);
    }

    #[test]
    fn load_quantiles_isolate_a_key_hotter_than_one_over_p() {
        // Key 5 is half of the sample: it gets a partition to itself, and no boundary splits it.
        let mut sample = vec![5u64; 500];
        sample.extend(0..500);
        let p = Placement::new(&spec(Scheme::RangeLoad, 4), 500, &sample).expect("valid");
        let b = p.bounds();
        assert!(b.windows(2).all(|w| w[0] < w[1]), "{b:?}");
        let hot = p.partition(5, None);
        assert!((0..500).filter(|&k| p.partition(k, None) == hot).count() <= 3);
    }

    #[test]
    fn scans_touch_every_partition_under_hashing_and_the_overlap_under_ranges() {
        let r = Placement::new(&spec(Scheme::Range, 10), 1000, &[]).expect("valid");
        assert_eq!(r.scan_partitions(0, 100), 1);
        assert_eq!(r.scan_partitions(50, 100), 2);
        assert_eq!(r.scan_partitions(0, 1000), 10);
        let h = Placement::new(&spec(Scheme::Hash, 10), 1000, &[]).expect("valid");
        assert_eq!(h.scan_partitions(0, 1), 10);
    }

    #[test]
    fn composite_keys_use_at_most_their_cardinality_of_partitions() {
        let s = SchemeSpec {
            composite: Some(3),
            ..spec(Scheme::Hash, 16)
        };
        let p = Placement::new(&s, 10_000, &[]).expect("valid");
        let used: std::collections::BTreeSet<u32> =
            (0..10_000).map(|k| p.partition(k, None)).collect();
        assert!(used.len() <= 3);
        let (keys, exact) = p.keys_per_partition(10_000, 1 << 20);
        assert!(exact);
        assert_eq!(keys.iter().sum::<f64>(), 10_000.0);
        // All items with one partition key share a partition.
        assert_eq!(p.partition(4, None), p.partition(7, None));
    }

    #[test]
    fn hash_key_counts_are_near_even_and_ring_shares_sum_to_the_keys() {
        let h = Placement::new(&spec(Scheme::Hash, 8), 80_000, &[]).expect("valid");
        let (keys, _) = h.keys_per_partition(80_000, 1 << 20);
        // Multinomial sd ≈ √(n/P) = 100; six of them.
        assert!(
            keys.iter().all(|&k| (k - 10_000.0).abs() < 600.0),
            "{keys:?}"
        );
        let c = Placement::new(&spec(Scheme::Consistent, 8), 1 << 40, &[]).expect("valid");
        let (keys, exact) = c.keys_per_partition(1 << 40, 1 << 20);
        assert!(!exact);
        assert!((keys.iter().sum::<f64>() / (1u64 << 40) as f64 - 1.0).abs() < 1e-9);
    }

    #[test]
    fn bad_schemes_are_refused() {
        assert!(validate(&spec(Scheme::Hash, 0)).is_err());
        assert!(validate(&spec(Scheme::Hash, 5000)).is_err());
        assert!(
            validate(&SchemeSpec {
                vnodes: 0,
                ..spec(Scheme::Consistent, 4)
            })
            .is_err()
        );
        assert!(
            validate(&SchemeSpec {
                composite: Some(0),
                ..spec(Scheme::Hash, 4)
            })
            .is_err()
        );
        for s in Scheme::ALL {
            assert_eq!(s.token().parse::<Scheme>(), Ok(s));
        }
    }

    proptest! {
        /// Every key maps to exactly one partition in range, the same one every time, and one
        /// suffix-free key's place never depends on the order keys are asked in.
        #[test]
        fn every_key_has_one_stable_partition(
            scheme in 0usize..4, p in 1u32..40, keys in 1u64..5000, probes in proptest::collection::vec(0u64..10_000, 1..50)
        ) {
            let s = spec(Scheme::ALL[scheme], p);
            let sample: Vec<u64> = probes.iter().map(|k| k % keys).collect();
            let a = Placement::new(&s, keys, &sample).expect("valid");
            let b = Placement::new(&s, keys, &sample).expect("valid");
            for &k in probes.iter().rev() {
                let part = a.partition(k, None);
                prop_assert!(part < p);
                prop_assert_eq!(part, b.partition(k, None));
            }
        }

        /// A range scan asks exactly the partitions its keys live on (oracle: place every key).
        #[test]
        fn range_scans_ask_exactly_the_overlapping_partitions(p in 1u32..20, lo in 0u64..900, len in 1u64..300) {
            let r = Placement::new(&spec(Scheme::Range, p), 1000, &[]).expect("valid");
            let touched: std::collections::BTreeSet<u32> = (lo..lo + len).map(|k| r.partition(k, None)).collect();
            prop_assert_eq!(r.scan_partitions(lo, len) as usize, touched.len());
        }
    }
}
