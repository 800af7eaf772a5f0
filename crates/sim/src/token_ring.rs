//! A consistent-hashing ring with virtual nodes (tokens) on the 64-bit circle `[0, 2^64)`
//! (Karger et al., STOC 1997; tokens per node as in Dynamo and Cassandra).
//!
//! - Placement: node `id` with name `name` and `v` tokens gets the positions
//!   `H(name ‖ 0x00 ‖ j as u32 little-endian)` for `j = 0..v`, `H` a seeded [`KeyHash`].
//! - Lookup ("successor inclusive"): a key hash `k` belongs to the first token `≥ k`, wrapping
//!   to the first token past the last; so a token owns the arc `(predecessor, token]`.
//! - Ties: tokens are ordered by `(token, node id, j)`; of equal tokens the first owns the point
//!   and the arc, the others own empty arcs.
//! - Weights: [`tokens_for_weight`] gives a node `round(w · v)` tokens.
//!
//! ```
//! use sdlab_sim::hash::KeyHash;
//! use sdlab_sim::token_ring::{RingNode, TokenRing};
//! let nodes = [RingNode::new(0, "node-0", 100), RingNode::new(1, "node-1", 100)];
//! let ring = TokenRing::build(&nodes, KeyHash::Xxh64, 0);
//! let owner = ring.owner(KeyHash::Xxh64.hash(b"key-1", 0));
//! assert!(owner == 0 || owner == 1);
//! ```

use crate::hash::KeyHash;

/// A node to place on the ring: its stable id (what lookups return), its name (what is
/// hashed) and its token count.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct RingNode {
    /// The node's stable id, never its position in a list.
    pub id: u32,
    /// The name hashed into its token positions (UTF-8).
    pub name: String,
    /// How many tokens (virtual nodes) it gets.
    pub tokens: u32,
}

impl RingNode {
    /// A node with `tokens` virtual nodes.
    pub fn new(id: u32, name: impl Into<String>, tokens: u32) -> RingNode {
        RingNode {
            id,
            name: name.into(),
            tokens,
        }
    }
}

/// The token count for a node of weight `weight` when weight 1 gets `base` tokens:
/// `round(weight · base)`, at least 1 for a positive weight, 0 for a weight ≤ 0 or NaN.
pub fn tokens_for_weight(weight: f64, base: u32) -> u32 {
    if weight.is_nan() || weight <= 0.0 {
        return 0;
    }
    let t = (weight * f64::from(base) + 0.5).floor();
    if t >= f64::from(u32::MAX) {
        u32::MAX
    } else {
        (t as u32).max(1)
    }
}

/// The position of token `j` of the node named `name`: `H(name ‖ 0x00 ‖ j as u32 LE)`.
pub fn token_position(hash: KeyHash, seed: u64, name: &str, j: u32) -> u64 {
    let mut buf = Vec::with_capacity(name.len() + 5);
    buf.extend_from_slice(name.as_bytes());
    buf.push(0);
    buf.extend_from_slice(&j.to_le_bytes());
    hash.hash(&buf, seed)
}

/// The ring: tokens sorted by `(position, node id, j)`, with each token's node id.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct TokenRing {
    positions: Vec<u64>,
    owners: Vec<u32>,
}

impl TokenRing {
    /// The ring of `nodes`, token positions from `hash` with `seed`. O(T log T), T tokens; the
    /// caller caps the token count (every token takes 12 bytes).
    pub fn build(nodes: &[RingNode], hash: KeyHash, seed: u64) -> TokenRing {
        let mut tokens = Vec::with_capacity(nodes.iter().map(|n| n.tokens as usize).sum());
        for node in nodes {
            for j in 0..node.tokens {
                tokens.push((token_position(hash, seed, &node.name, j), node.id, j));
            }
        }
        TokenRing::from_tokens(tokens)
    }

    /// The ring of explicit tokens `(position, node id, j)` (e.g. a production system's
    /// token list), sorted here by the tie rule.
    pub fn from_tokens(mut tokens: Vec<(u64, u32, u32)>) -> TokenRing {
        tokens.sort_unstable();
        TokenRing {
            positions: tokens.iter().map(|t| t.0).collect(),
            owners: tokens.iter().map(|t| t.1).collect(),
        }
    }

    /// The number of tokens.
    pub fn len(&self) -> usize {
        self.positions.len()
    }

    /// Whether the ring has no token (then nothing owns any key).
    pub fn is_empty(&self) -> bool {
        self.positions.is_empty()
    }

    /// The sorted token positions.
    pub fn positions(&self) -> &[u64] {
        &self.positions
    }

    /// Each token's node id, in token order.
    pub fn owners(&self) -> &[u32] {
        &self.owners
    }

    /// The index of the token owning key hash `k`: the first token `≥ k`, or token 0 past the
    /// last. `None` on an empty ring. O(log T).
    pub fn successor(&self, k: u64) -> Option<usize> {
        if self.positions.is_empty() {
            return None;
        }
        let i = self.positions.partition_point(|&t| t < k);
        Some(if i == self.positions.len() { 0 } else { i })
    }

    /// The token after token `i`, clockwise (wrapping).
    pub fn next(&self, i: usize) -> usize {
        if i + 1 >= self.positions.len() {
            0
        } else {
            i + 1
        }
    }

    /// The node id owning key hash `k`, or `u32::MAX` on an empty ring.
    pub fn owner(&self, k: u64) -> u32 {
        self.successor(k).map_or(u32::MAX, |i| self.owners[i])
    }

    /// The length of token `i`'s owned arc `(predecessor, token]`, as a `u128` (the whole
    /// circle, 2^64, when it is the only token or all tokens coincide).
    pub fn arc(&self, i: usize) -> u128 {
        let t = u128::from(self.positions[i]);
        if i == 0 {
            let last = u128::from(self.positions[self.positions.len() - 1]);
            t + (1u128 << 64) - last
        } else {
            t - u128::from(self.positions[i - 1])
        }
    }

    /// Each node's exact share of the circle (its summed arcs over 2^64), for node ids
    /// `0..node_count` (tokens of larger ids are ignored).
    pub fn arc_shares(&self, node_count: usize) -> Vec<f64> {
        let mut sums = vec![0u128; node_count];
        for i in 0..self.positions.len() {
            if let Some(s) = sums.get_mut(self.owners[i] as usize) {
                *s += self.arc(i);
            }
        }
        let circle = (1u128 << 64) as f64;
        sums.into_iter().map(|s| s as f64 / circle).collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    /// The oracle: the token minimising `(token − k) mod 2^64`, ties by `(token, node, j)`,
    /// over a full scan.
    fn owner_by_scan(tokens: &[(u64, u32, u32)], k: u64) -> Option<u32> {
        tokens
            .iter()
            .min_by_key(|t| (t.0.wrapping_sub(k), t.0, t.1, t.2))
            .map(|t| t.1)
    }

    proptest! {
        #[test]
        fn binary_search_matches_the_full_scan(
            raw in prop::collection::vec((any::<u64>(), 0u32..6, 0u32..4), 1..40),
            keys in prop::collection::vec(any::<u64>(), 1..40),
            dup in any::<bool>(),
        ) {
            let mut tokens = raw;
            if dup {
                let (p, _, _) = tokens[0];
                tokens.push((p, 7, 0));
            }
            let ring = TokenRing::from_tokens(tokens.clone());
            let mut probes = keys;
            probes.extend([0, u64::MAX]);
            probes.extend(tokens.iter().map(|t| t.0));
            probes.extend(tokens.iter().map(|t| t.0.wrapping_add(1)));
            for k in probes {
                prop_assert_eq!(Some(ring.owner(k)), owner_by_scan(&tokens, k), "key {}", k);
            }
        }

        #[test]
        fn arcs_cover_the_circle(raw in prop::collection::vec((any::<u64>(), 0u32..5, 0u32..3), 1..50)) {
            let ring = TokenRing::from_tokens(raw);
            let total: u128 = (0..ring.len()).map(|i| ring.arc(i)).sum();
            prop_assert_eq!(total, 1u128 << 64);
            let shares: f64 = ring.arc_shares(5).iter().sum();
            prop_assert!((shares - 1.0).abs() < 1e-12);
        }
    }

    #[test]
    fn edge_cases_of_lookup() {
        let ring = TokenRing::from_tokens(vec![(100, 1, 0), (200, 2, 0), (200, 3, 0)]);
        assert_eq!(
            ring.owner(100),
            1,
            "a key equal to a token belongs to that token"
        );
        assert_eq!(ring.owner(101), 2);
        assert_eq!(
            ring.owner(200),
            2,
            "of equal tokens the lowest node id owns the point"
        );
        assert_eq!(ring.owner(201), 1, "past the last token wraps to the first");
        assert_eq!(ring.owner(0), 1);
        assert_eq!(ring.owner(u64::MAX), 1);
        assert_eq!(ring.arc(2), 0, "the duplicate owns an empty arc");
        assert_eq!(TokenRing::default().owner(5), u32::MAX);
        let one = TokenRing::from_tokens(vec![(7, 0, 0)]);
        assert_eq!(one.arc_shares(1), vec![1.0]);
    }

    #[test]
    fn build_hashes_the_documented_encoding() {
        let ring = TokenRing::build(&[RingNode::new(4, "a", 2)], KeyHash::Fnv1a, 0);
        let mut want = [
            crate::hash::fnv1a64(&[b'a', 0, 0, 0, 0, 0]),
            crate::hash::fnv1a64(&[b'a', 0, 1, 0, 0, 0]),
        ];
        want.sort_unstable();
        assert_eq!(ring.positions(), &want[..]);
        assert_eq!(ring.owners(), &[4, 4]);
    }

    /// Adding a node moves keys only to it (the minimal-movement property of the ring).
    #[test]
    fn adding_a_node_moves_keys_only_to_it() {
        let nodes: Vec<RingNode> = (0..8)
            .map(|i| RingNode::new(i, format!("node-{i}"), 50))
            .collect();
        let before = TokenRing::build(&nodes[..7], KeyHash::Xxh64, 3);
        let after = TokenRing::build(&nodes, KeyHash::Xxh64, 3);
        let mut moved = 0;
        for i in 0..20_000u64 {
            let k = crate::hash::xxh64_u64(i, 9);
            let (a, b) = (before.owner(k), after.owner(k));
            if a != b {
                assert_eq!(b, 7);
                moved += 1;
            }
        }
        // The new node's expected share is 1/8; its arc share is one draw around it.
        let share = after.arc_shares(8)[7];
        let frac = f64::from(moved) / 20_000.0;
        assert!(
            (frac - share).abs() < 0.01,
            "moved {frac}, arc share {share}"
        );
    }

    #[test]
    fn weights_become_token_counts() {
        assert_eq!(tokens_for_weight(1.0, 160), 160);
        assert_eq!(tokens_for_weight(0.5, 3), 2);
        assert_eq!(tokens_for_weight(0.001, 10), 1);
        assert_eq!(tokens_for_weight(0.0, 10), 0);
        assert_eq!(tokens_for_weight(f64::NAN, 10), 0);
        assert_eq!(tokens_for_weight(1e300, 10), u32::MAX);
    }
}
