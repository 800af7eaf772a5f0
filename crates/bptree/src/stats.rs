//! The numbers a DBA reads off a tree: height, node counts per level, fill factors and their
//! histograms (reference §12), the height bounds for an order (§9), and the order a page size
//! gives (§9's formulas).

use serde::{Deserialize, Serialize};

use crate::tree::{Config, Tree};

/// Bins of the fill histograms: 0–10%, …, 90–100% (a full node is in the last bin).
pub const FILL_BINS: usize = 10;

/// A tree's shape and utilisation.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct Shape {
    pub keys: u64,
    pub height: u32,
    pub leaves: u64,
    pub internal_nodes: u64,
    /// Nodes per level, root first.
    pub level_nodes: Vec<u64>,
    /// Σ leaf keys / (leaves × L).
    pub leaf_fill: f64,
    /// Σ children / (internal nodes × d); 0 with no internal node.
    pub internal_fill: f64,
    /// Leaves per fill bin.
    pub leaf_hist: Vec<u64>,
    /// Internal nodes per fill bin (children / d).
    pub internal_hist: Vec<u64>,
}

impl Shape {
    pub fn nodes(&self) -> u64 {
        self.leaves + self.internal_nodes
    }
}

fn bin(used: usize, cap: usize) -> usize {
    (used * FILL_BINS / cap.max(1)).min(FILL_BINS - 1)
}

/// The shape of `tree`, by one walk over its levels.
pub fn shape<K: Ord + Copy + std::fmt::Display>(tree: &Tree<K>) -> Shape {
    let config = tree.config();
    let (cap, d) = (config.leaf_cap as usize, config.order as usize);
    let mut s = Shape {
        keys: tree.len(),
        height: tree.height(),
        leaf_hist: vec![0; FILL_BINS],
        internal_hist: vec![0; FILL_BINS],
        ..Shape::default()
    };
    let (mut leaf_keys, mut children) = (0u64, 0u64);
    for level in tree.levels() {
        s.level_nodes.push(level.len() as u64);
        for id in level {
            let node = tree.node(id);
            if node.is_leaf() {
                s.leaves += 1;
                leaf_keys += node.keys.len() as u64;
                s.leaf_hist[bin(node.keys.len(), cap)] += 1;
            } else {
                s.internal_nodes += 1;
                children += node.children.len() as u64;
                s.internal_hist[bin(node.children.len(), d)] += 1;
            }
        }
    }
    if s.leaves > 0 {
        s.leaf_fill = leaf_keys as f64 / (s.leaves as f64 * cap as f64);
    }
    if s.internal_nodes > 0 {
        s.internal_fill = children as f64 / (s.internal_nodes as f64 * d as f64);
    }
    s
}

/// The least and greatest height a tree of `n` keys can have under `config` (reference §9):
/// at most d^(h−1)·L keys fit in height h, and a tree of height h ≥ 2 holds at least
/// 2·⌈d/2⌉^(h−2)·Lmin. Integer arithmetic, saturating.
pub fn height_bounds(config: &Config, n: u64) -> (u32, u32) {
    if n == 0 {
        return (0, 0);
    }
    let (d, cap) = (u128::from(config.order), u128::from(config.leaf_cap));
    let n = u128::from(n);
    let mut h_min = 1;
    let mut room = cap;
    while room < n {
        room = room.saturating_mul(d);
        h_min += 1;
    }
    let m = u128::from(config.order.div_ceil(2));
    let l_min = (config.min_leaf_keys() as u128).max(1);
    // The least a tree of height h + 1 holds: 2·Lmin at height 2, then ×⌈d/2⌉ per level.
    let mut h_max = 1;
    let mut least_next = 2 * l_min;
    while least_next <= n {
        h_max += 1;
        least_next = least_next.saturating_mul(m);
    }
    (h_min, h_max.max(h_min))
}

/// What a page holds, in bytes (reference §9).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct PageLayout {
    /// B: the page size.
    pub page: u32,
    /// H: the page header.
    pub header: u32,
    /// K: one key.
    pub key: u32,
    /// P: one child pointer.
    pub pointer: u32,
    /// V: one leaf value (a row pointer).
    pub value: u32,
    /// S: the sibling pointer of a leaf.
    pub sibling: u32,
}

impl PageLayout {
    /// 8-byte pointers and row ids, no header, a singly linked chain.
    pub fn new(page: u32, key: u32) -> Self {
        PageLayout {
            page,
            header: 0,
            key,
            pointer: 8,
            value: 8,
            sibling: 8,
        }
    }

    /// d = ⌊(B − H + K) / (K + P)⌋ and L = ⌊(B − H − S) / (K + V)⌋.
    pub fn derive(&self) -> Result<(u32, u32), String> {
        let room = self.page.checked_sub(self.header);
        let (Some(room), true) = (
            room,
            self.key + self.pointer > 0 && self.key + self.value > 0,
        ) else {
            return Err("the header is larger than the page".into());
        };
        let d = (room + self.key) / (self.key + self.pointer);
        let l = room.saturating_sub(self.sibling) / (self.key + self.value);
        if d < 3 || l < 2 {
            return Err(format!(
                "a {} B page holds too few keys of {} B (order {d}, {l} per leaf)",
                self.page, self.key
            ));
        }
        Ok((d, l))
    }
}
