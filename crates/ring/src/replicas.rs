//! Replica placement on the ring: a key's preference list of R distinct physical nodes, walked
//! clockwise token by token from the key (Dynamo's preference list, Cassandra's
//! SimpleStrategy), and the zone-aware variant (Cassandra's NetworkTopologyStrategy within one
//! data centre): the first node met from each zone until R are taken or every zone is used,
//! then the earliest skipped nodes in ring order.
//!
//! Also the failover the book's sloppy quorum gives: with some nodes down, a key is served by
//! the first node of its preference list that is up; ownership does not change.

use sdlab_sim::token_ring::TokenRing;

/// The first `r` distinct nodes clockwise from key hash `k` (fewer if the ring has fewer
/// nodes). The first is the key's owner.
pub fn preference_list(ring: &TokenRing, k: u64, r: usize) -> Vec<u32> {
    let mut out = Vec::with_capacity(r);
    let Some(mut t) = ring.successor(k) else {
        return out;
    };
    for _ in 0..ring.len() {
        if out.len() == r {
            break;
        }
        let id = ring.owners()[t];
        if !out.contains(&id) {
            out.push(id);
        }
        t = ring.next(t);
    }
    out
}

/// The zone-aware replica set of key hash `k`: `zone(id)` gives a node's zone. The primary is
/// the ring owner; then one node from each new zone in ring order; once every zone is used (or
/// none is left), the earliest skipped nodes fill up to `r`.
pub fn zone_aware_list(
    ring: &TokenRing,
    k: u64,
    r: usize,
    zone_count: usize,
    zone: impl Fn(u32) -> usize,
) -> Vec<u32> {
    let mut out: Vec<u32> = Vec::with_capacity(r);
    let mut skipped: Vec<u32> = Vec::new();
    let mut zones_used = vec![false; zone_count.max(1)];
    let Some(mut t) = ring.successor(k) else {
        return out;
    };
    for _ in 0..ring.len() {
        if out.len() == r {
            break;
        }
        let id = ring.owners()[t];
        t = ring.next(t);
        if out.contains(&id) || skipped.contains(&id) {
            continue;
        }
        let z = zone(id).min(zones_used.len() - 1);
        if zones_used[z] {
            skipped.push(id);
        } else {
            zones_used[z] = true;
            out.push(id);
        }
        if zones_used.iter().all(|&u| u) {
            // Every zone represented: the rest come in ring order, skipped ones first.
            for &s in &skipped {
                if out.len() < r {
                    out.push(s);
                }
            }
            skipped.clear();
            while out.len() < r {
                let mut any = false;
                for _ in 0..ring.len() {
                    let id = ring.owners()[t];
                    t = ring.next(t);
                    if !out.contains(&id) {
                        out.push(id);
                        any = true;
                        break;
                    }
                }
                if !any {
                    break;
                }
            }
            return out;
        }
    }
    for s in skipped {
        if out.len() < r {
            out.push(s);
        }
    }
    out
}

/// The node serving a key whose preference list is `list` when `down(id)` nodes are down: the
/// first that is up (a hinted write waits for the others), or `None` if all are down.
pub fn serving(list: &[u32], down: impl Fn(u32) -> bool) -> Option<u32> {
    list.iter().copied().find(|&id| !down(id))
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;
    use sdlab_sim::hash::KeyHash;
    use sdlab_sim::token_ring::RingNode;

    fn ring(n: u32, v: u32, seed: u64) -> TokenRing {
        let nodes: Vec<RingNode> = (0..n)
            .map(|i| RingNode::new(i, format!("node-{i}"), v))
            .collect();
        TokenRing::build(&nodes, KeyHash::Xxh64, seed)
    }

    proptest! {
        #[test]
        fn lists_are_distinct_and_start_at_the_owner(
            n in 1u32..12, v in 1u32..20, r in 1usize..6, seed in any::<u64>(), k in any::<u64>(),
            zones in 1usize..4,
        ) {
            let ring = ring(n, v, seed);
            let list = preference_list(&ring, k, r);
            prop_assert_eq!(list.len(), r.min(n as usize));
            prop_assert_eq!(list[0], ring.owner(k));
            let mut sorted = list.clone();
            sorted.sort_unstable();
            sorted.dedup();
            prop_assert_eq!(sorted.len(), list.len());

            let zone = |id: u32| id as usize % zones;
            let za = zone_aware_list(&ring, k, r, zones, zone);
            prop_assert_eq!(za.len(), r.min(n as usize));
            prop_assert_eq!(za[0], ring.owner(k));
            let mut s = za.clone();
            s.sort_unstable();
            s.dedup();
            prop_assert_eq!(s.len(), za.len());
            // Distinct zones as far as there are zones (and nodes in them).
            let present = zones.min(n as usize);
            let want_distinct = za.len().min(present);
            let mut zs: Vec<usize> = za[..want_distinct].iter().map(|&id| zone(id)).collect();
            zs.sort_unstable();
            zs.dedup();
            prop_assert_eq!(zs.len(), want_distinct);
        }

        /// Adding a node changes a key's list only by the new node entering it.
        #[test]
        fn adding_a_node_only_inserts_it(seed in any::<u64>(), k in any::<u64>(), r in 1usize..4) {
            let before = preference_list(&ring(6, 8, seed), k, r);
            let after = preference_list(&ring(7, 8, seed), k, r);
            let kept: Vec<u32> = after.iter().copied().filter(|&id| id != 6).collect();
            prop_assert_eq!(&kept[..], &before[..kept.len()]);
        }
    }

    #[test]
    fn failover_skips_down_nodes() {
        assert_eq!(serving(&[3, 1, 2], |id| id == 3), Some(1));
        assert_eq!(serving(&[3], |_| true), None);
    }
}
