//! What the lab measures: the synthetic keys, per-node loads, relative standard deviation and
//! peak-to-average (population form, every node counted), keys moved by a change against the
//! ideal, the from → to movement matrix, and the theory the measurements are read against.

use sdlab_sim::hash::KeyHash;
use serde::{Deserialize, Serialize};

/// The hashes of the synthetic keys `key-0 … key-<count−1>` under `hash` and `seed`.
pub fn key_hashes(count: u32, hash: KeyHash, seed: u64) -> Vec<u64> {
    let mut buf = Vec::with_capacity(16);
    (0..count)
        .map(|i| {
            buf.clear();
            buf.extend_from_slice(b"key-");
            push_decimal(&mut buf, i);
            hash.hash(&buf, seed)
        })
        .collect()
}

/// Appends `i` in decimal.
fn push_decimal(buf: &mut Vec<u8>, mut i: u32) {
    let mut digits = [0u8; 10];
    let mut n = 0;
    loop {
        digits[n] = b'0' + (i % 10) as u8;
        n += 1;
        i /= 10;
        if i == 0 {
            break;
        }
    }
    buf.extend(digits[..n].iter().rev());
}

/// The name of synthetic key `i`.
pub fn key_name(i: u32) -> String {
    format!("key-{i}")
}

/// Per-node totals of `weight(i)` over keys `i` by their owner, in the order of `ids` (owners
/// not in `ids` are ignored).
pub fn loads_by(owners: &[u32], ids: &[u32], weight: impl Fn(usize) -> f64) -> Vec<f64> {
    let index = id_index(ids);
    let mut loads = vec![0.0; ids.len()];
    for (i, &o) in owners.iter().enumerate() {
        if let Some(&Some(s)) = index.get(o as usize) {
            loads[s] += weight(i);
        }
    }
    loads
}

/// Key counts per node, in the order of `ids`.
pub fn key_counts(owners: &[u32], ids: &[u32]) -> Vec<u64> {
    let index = id_index(ids);
    let mut counts = vec![0u64; ids.len()];
    for &o in owners {
        if let Some(&Some(s)) = index.get(o as usize) {
            counts[s] += 1;
        }
    }
    counts
}

/// id → position in `ids`.
fn id_index(ids: &[u32]) -> Vec<Option<usize>> {
    let max = ids.iter().copied().max().map_or(0, |m| m as usize + 1);
    let mut index = vec![None; max];
    for (i, &id) in ids.iter().enumerate() {
        index[id as usize] = Some(i);
    }
    index
}

/// How evenly a load is spread over the nodes.
#[derive(Clone, Copy, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct Spread {
    /// `sqrt((1/n) Σ (L − μ)²) / μ`.
    pub rel_stddev: f64,
    /// `max L / μ`.
    pub max_over_mean: f64,
    /// `min L / μ`.
    pub min_over_mean: f64,
}

impl Spread {
    /// The spread of `loads` (0 everywhere for no load).
    pub fn of(loads: &[f64]) -> Spread {
        let n = loads.len() as f64;
        let total: f64 = loads.iter().sum();
        if loads.is_empty() || total <= 0.0 {
            return Spread::default();
        }
        let mean = total / n;
        let var = loads.iter().map(|l| (l - mean) * (l - mean)).sum::<f64>() / n;
        let max = loads.iter().copied().fold(f64::MIN, f64::max);
        let min = loads.iter().copied().fold(f64::MAX, f64::min);
        Spread {
            rel_stddev: var.sqrt() / mean,
            max_over_mean: max / mean,
            min_over_mean: min / mean,
        }
    }

    /// The spread of integer counts.
    pub fn of_counts(counts: &[u64]) -> Spread {
        Spread::of(&counts.iter().map(|&c| c as f64).collect::<Vec<_>>())
    }
}

/// How many keys changed owner.
pub fn moved(before: &[u32], after: &[u32]) -> u64 {
    before.iter().zip(after).filter(|(a, b)| a != b).count() as u64
}

/// `X[a][b]`: keys owned by `ids[a]` before and by `ids[b]` after (`ids` the union of old and
/// new nodes; owners outside it are ignored).
pub fn movement_matrix(before: &[u32], after: &[u32], ids: &[u32]) -> Vec<Vec<u64>> {
    let index = id_index(ids);
    let mut x = vec![vec![0u64; ids.len()]; ids.len()];
    let at = |o: u32| index.get(o as usize).copied().flatten();
    for (&a, &b) in before.iter().zip(after) {
        if let (Some(i), Some(j)) = (at(a), at(b)) {
            x[i][j] += 1;
        }
    }
    x
}

/// The relative standard deviation of a node's arc share on a ring of `n` nodes with `v` tokens
/// each, modelled as `Beta(v, (n − 1) v)`: `sqrt((n − 1) / (n v + 1))` [standard result].
pub fn ring_share_rel_stddev(n: f64, v: f64) -> f64 {
    ((n - 1.0) / (n * v + 1.0)).sqrt()
}

/// Its large-n limit, `1 / √v`.
pub fn ring_share_rel_stddev_limit(v: f64) -> f64 {
    1.0 / v.sqrt()
}

/// The sampling-noise floor of key-count spread with `keys` keys on `n` nodes,
/// `sqrt((n − 1) / K)` (multinomial counts) [derived].
pub fn sampling_noise(n: f64, keys: f64) -> f64 {
    ((n - 1.0) / keys).sqrt()
}

/// The ideal fraction moved when going from `n_from` to `n_to` equal nodes: the new node's
/// share `1 / (n + 1)` on add, the removed node's `1 / n` on remove, per node changed.
pub fn ideal_moved(n_from: u32, n_to: u32) -> f64 {
    let (a, b) = (f64::from(n_from), f64::from(n_to));
    if b > a {
        (b - a) / b
    } else if a > b {
        (a - b) / a
    } else {
        0.0
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keys_are_the_documented_strings() {
        let keys = key_hashes(12, KeyHash::Fnv1a, 0);
        assert_eq!(keys[0], sdlab_sim::hash::fnv1a64(b"key-0"));
        assert_eq!(keys[11], sdlab_sim::hash::fnv1a64(b"key-11"));
        assert_eq!(key_name(7), "key-7");
        let mut buf = Vec::new();
        push_decimal(&mut buf, u32::MAX);
        assert_eq!(buf, b"4294967295");
    }

    #[test]
    fn spread_of_known_loads() {
        let s = Spread::of(&[1.0, 3.0]);
        assert!((s.rel_stddev - 0.5).abs() < 1e-15);
        assert!((s.max_over_mean - 1.5).abs() < 1e-15);
        assert!((s.min_over_mean - 0.5).abs() < 1e-15);
        assert_eq!(Spread::of(&[]), Spread::default());
    }

    #[test]
    fn matrix_counts_every_key_once() {
        let before = [0, 0, 1, 2];
        let after = [0, 3, 1, 3];
        let x = movement_matrix(&before, &after, &[0, 1, 2, 3]);
        assert_eq!(x[0][0], 1);
        assert_eq!(x[0][3], 1);
        assert_eq!(x[2][3], 1);
        assert_eq!(x.iter().flatten().sum::<u64>(), 4);
        assert_eq!(moved(&before, &after), 2);
        assert_eq!(key_counts(&after, &[3, 0]), vec![2, 1]);
    }

    #[test]
    fn ideals_and_theory() {
        assert!((ideal_moved(9, 10) - 0.1).abs() < 1e-15);
        assert!((ideal_moved(10, 9) - 0.1).abs() < 1e-15);
        assert!((ring_share_rel_stddev(1e9, 100.0) - 0.1).abs() < 1e-6);
        assert!((ring_share_rel_stddev_limit(4.0) - 0.5).abs() < 1e-15);
    }
}
