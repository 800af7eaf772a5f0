//! Where each node of a small tree is drawn: leaves side by side in chain order, each parent
//! centred over its children, edges from a parent's pointer slot to the child, and the leaf
//! chain's arrows. Model units are CSS pixels; the page draws this as inline SVG.

use crate::keys::Key;
use crate::trace::Transient;
use crate::tree::{NodeId, Tree};

/// Trees with more nodes than this are summarised, not drawn.
pub const DRAW_LIMIT: usize = 200;

/// Height of a node box, and the vertical distance between levels.
pub const BOX_H: f64 = 26.0;
const LEVEL_H: f64 = 70.0;
const GAP: f64 = 12.0;
const MARGIN: f64 = 8.0;
/// Width of one character of a key, and the padding of a key cell.
const CHAR_W: f64 = 7.5;
const CELL_PAD: f64 = 10.0;

/// How a node is marked in the current step.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Mark {
    Plain,
    /// Named by the step (visited, split, merged, …).
    Active,
    /// Transiently over capacity or under its minimum.
    Transient,
}

#[derive(Clone, Debug, PartialEq)]
pub struct DrawNode {
    pub id: NodeId,
    pub x: f64,
    pub y: f64,
    pub cell: f64,
    pub keys: Vec<String>,
    pub leaf: bool,
    pub mark: Mark,
}

impl DrawNode {
    pub fn width(&self) -> f64 {
        self.cell * self.keys.len().max(1) as f64
    }
}

#[derive(Clone, Debug, PartialEq)]
pub struct Edge {
    pub x1: f64,
    pub y1: f64,
    pub x2: f64,
    pub y2: f64,
    /// Both ends are named by the step.
    pub active: bool,
}

/// A drawable tree.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Drawing {
    pub width: f64,
    pub height: f64,
    pub nodes: Vec<DrawNode>,
    pub edges: Vec<Edge>,
    /// Leaf-chain arrows: (x from, x to, y).
    pub chain: Vec<(f64, f64, f64)>,
}

/// Lays `tree` out, marking `active` nodes and the `transient` one.
pub fn layout(tree: &Tree<Key>, active: &[NodeId], transient: Option<Transient>) -> Drawing {
    let levels = tree.levels();
    let longest = levels
        .iter()
        .flatten()
        .flat_map(|&id| tree.node(id).keys.iter())
        .map(|k| k.short().chars().count())
        .max()
        .unwrap_or(1);
    let cell = longest as f64 * CHAR_W + CELL_PAD;
    let transient_id = match transient {
        Some(Transient::Overflow(id) | Transient::Underflow(id)) => Some(id),
        None => None,
    };
    let mark = |id: NodeId| {
        if transient_id == Some(id) {
            Mark::Transient
        } else if active.contains(&id) {
            Mark::Active
        } else {
            Mark::Plain
        }
    };
    let node_of = |id: NodeId, depth: usize| {
        let n = tree.node(id);
        DrawNode {
            id,
            x: 0.0,
            y: MARGIN + depth as f64 * LEVEL_H,
            cell,
            keys: n.keys.iter().map(|k| k.short()).collect(),
            leaf: n.is_leaf(),
            mark: mark(id),
        }
    };
    let mut rows: Vec<Vec<DrawNode>> = levels
        .iter()
        .enumerate()
        .map(|(depth, ids)| ids.iter().map(|&id| node_of(id, depth)).collect())
        .collect();
    // Leaves side by side; then each level up, centred over its children, pushed right of
    // its left neighbour if they would overlap.
    if let Some(leaves) = rows.last_mut() {
        let mut x = MARGIN;
        for n in leaves.iter_mut() {
            n.x = x;
            x += n.width() + GAP;
        }
    }
    for depth in (0..rows.len().saturating_sub(1)).rev() {
        let (upper, lower) = rows.split_at_mut(depth + 1);
        let below = &lower[0];
        let centre = |id: NodeId| {
            below
                .iter()
                .find(|c| c.id == id)
                .map_or(0.0, |c| c.x + c.width() / 2.0)
        };
        let mut min_x = MARGIN;
        for n in upper[depth].iter_mut() {
            let children = &tree.node(n.id).children;
            let (first, last) = (
                children.first().map_or(0.0, |&c| centre(c)),
                children.last().map_or(0.0, |&c| centre(c)),
            );
            n.x = ((first + last) / 2.0 - n.width() / 2.0).max(min_x);
            min_x = n.x + n.width() + GAP;
        }
    }
    let mut d = Drawing::default();
    for depth in 0..rows.len().saturating_sub(1) {
        for parent in &rows[depth] {
            let children = &tree.node(parent.id).children;
            let slots = children.len().max(1) as f64;
            for (i, &c) in children.iter().enumerate() {
                if let Some(child) = rows[depth + 1].iter().find(|n| n.id == c) {
                    d.edges.push(Edge {
                        x1: parent.x + parent.width() * (i as f64 + 0.5) / slots,
                        y1: parent.y + BOX_H,
                        x2: child.x + child.width() / 2.0,
                        y2: child.y,
                        active: parent.mark != Mark::Plain && child.mark != Mark::Plain,
                    });
                }
            }
        }
    }
    if let Some(leaves) = rows.last() {
        for w in leaves.windows(2) {
            d.chain
                .push((w[0].x + w[0].width(), w[1].x, w[0].y + BOX_H / 2.0));
        }
    }
    d.nodes = rows.into_iter().flatten().collect();
    d.width = d.nodes.iter().map(|n| n.x + n.width()).fold(0.0, f64::max) + MARGIN;
    d.height = levels.len() as f64 * LEVEL_H - (LEVEL_H - BOX_H) + 2.0 * MARGIN;
    d
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::tree::Config;

    #[test]
    fn parents_sit_over_their_children_and_nothing_overlaps() {
        let Ok(config) = Config::order(4) else {
            panic!()
        };
        let mut tree = Tree::new(config);
        for k in 1..=60u128 {
            tree.insert(Key(k * 37 % 61));
        }
        let d = layout(&tree, &[], None);
        assert_eq!(d.nodes.len(), tree.levels().concat().len());
        for a in &d.nodes {
            assert!(a.x >= 0.0 && a.x + a.width() <= d.width);
            for b in &d.nodes {
                if a.id != b.id && a.y == b.y {
                    assert!(
                        a.x + a.width() <= b.x || b.x + b.width() <= a.x,
                        "{a:?} overlaps {b:?}"
                    );
                }
            }
        }
        let leaves = d.nodes.iter().filter(|n| n.leaf).count();
        assert_eq!(d.chain.len(), leaves - 1);
        assert_eq!(d.edges.len(), d.nodes.len() - 1);
    }
}
