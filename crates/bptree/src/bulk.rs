//! Bottom-up bulk loading (reference §8, the book's "disable the indexes, load, rebuild"):
//! sorted keys fill leaves left to right to a fill factor, each level groups the one below under
//! parents, and every page is written once.

use crate::tree::{Config, Node, NodeId, Tree};

/// Builds a tree from `keys` (sorted or not; duplicates are dropped) with leaves `fill_percent`
/// full (1–100; never below a node's minimum). Every page is written exactly once, so the
/// pages written equal the node count.
pub fn bulk_load<K: Ord + Copy + std::fmt::Display>(
    config: Config,
    mut keys: Vec<K>,
    fill_percent: u32,
) -> Result<Tree<K>, String> {
    config.validate()?;
    if !(1..=100).contains(&fill_percent) {
        return Err(format!(
            "the fill factor must be 1 to 100%, not {fill_percent}%"
        ));
    }
    keys.sort_unstable();
    keys.dedup();
    if keys.is_empty() {
        return Ok(Tree::new(config));
    }
    let len = keys.len() as u64;
    let cap = config.leaf_cap as usize;
    let per_leaf = (cap * fill_percent as usize / 100)
        .max(config.min_leaf_keys())
        .max(1);
    let mut nodes: Vec<Node<K>> = Vec::new();
    let sizes = group_sizes(keys.len(), per_leaf, config.min_leaf_keys(), cap);
    let mut level: Vec<(NodeId, K)> = Vec::with_capacity(sizes.len());
    let mut at = 0;
    for size in sizes {
        let id = nodes.len() as NodeId;
        nodes.push(Node {
            keys: keys[at..at + size].to_vec(),
            children: Vec::new(),
            next: None,
        });
        if let Some(prev) = nodes.len().checked_sub(2) {
            nodes[prev].next = Some(id);
        }
        level.push((id, keys[at]));
        at += size;
    }
    let d = config.order as usize;
    let min_children = config.order.div_ceil(2) as usize;
    let per_node = (d * fill_percent as usize / 100).clamp(min_children.max(2), d);
    let mut height = 1;
    while level.len() > 1 {
        let sizes = group_sizes(level.len(), per_node, min_children, d);
        let mut up = Vec::with_capacity(sizes.len());
        let mut at = 0;
        for size in sizes {
            let group = &level[at..at + size];
            let id = nodes.len() as NodeId;
            nodes.push(Node {
                keys: group[1..].iter().map(|&(_, k)| k).collect(),
                children: group.iter().map(|&(c, _)| c).collect(),
                next: None,
            });
            up.push((id, group[0].1));
            at += size;
        }
        level = up;
        height += 1;
    }
    let root = level.first().map(|&(id, _)| id);
    Ok(Tree::from_parts(config, nodes, root, height, len))
}

/// Cuts `n` items into groups of `per`; a last group below `min` joins the one before if both
/// fit in `cap`, else the two share evenly.
fn group_sizes(n: usize, per: usize, min: usize, cap: usize) -> Vec<usize> {
    let mut sizes = vec![per; n / per];
    if !n.is_multiple_of(per) {
        sizes.push(n % per);
    }
    let k = sizes.len();
    if k >= 2 && sizes[k - 1] < min {
        let total = sizes[k - 2] + sizes[k - 1];
        if total <= cap {
            sizes.pop();
            sizes[k - 2] = total;
        } else {
            sizes[k - 2] = total / 2;
            sizes[k - 1] = total - total / 2;
        }
    }
    sizes
}
