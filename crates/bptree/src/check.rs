//! The invariant checker (reference §3), run after every step of every operation: sorted
//! nodes, arity, capacity, minimum occupancy, the root, balance, separator bounds passed down
//! from the root, tight separators, the leaf chain and the key count. A node the step names as
//! transiently over or under is exempt from that one rule for that step.

use crate::trace::Transient;
use crate::tree::{NodeId, Split, Tree};

/// One broken invariant.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Violation {
    /// The invariant's name as the page shows it, e.g. "capacity".
    pub rule: &'static str,
    pub node: Option<NodeId>,
    pub text: String,
}

/// The rules the checker runs, in the order the page lists them.
pub const RULES: [&str; 10] = [
    "sorted keys",
    "arity",
    "capacity",
    "minimum occupancy",
    "root",
    "balance",
    "separator bounds",
    "tight separators",
    "leaf chain",
    "key count",
];

struct Walk<'a, K> {
    tree: &'a Tree<K>,
    transient: Option<Transient>,
    stale: bool,
    out: Vec<Violation>,
    leaves: Vec<NodeId>,
    leaf_depth: Option<u32>,
}

impl<K: Ord + Copy + std::fmt::Display> Walk<'_, K> {
    fn fail(&mut self, rule: &'static str, node: NodeId, text: String) {
        self.out.push(Violation {
            rule,
            node: Some(node),
            text,
        });
    }

    /// Checks the subtree at `id`; returns its smallest key.
    fn node(
        &mut self,
        id: NodeId,
        depth: u32,
        lo: Option<K>,
        hi: Option<K>,
        rightmost: bool,
    ) -> Option<K> {
        let tree = self.tree;
        let config = tree.config();
        let node = tree.node(id);
        let n = node.keys.len();
        if node.keys.windows(2).any(|w| w[0] >= w[1]) {
            self.fail(
                "sorted keys",
                id,
                format!("node {id}: keys are not strictly increasing"),
            );
        }
        for &k in &node.keys {
            if lo.is_some_and(|lo| k < lo) || hi.is_some_and(|hi| k >= hi) {
                self.fail(
                    "separator bounds",
                    id,
                    format!("node {id}: key {k} lies outside the range its parents route to it"),
                );
                break;
            }
        }
        let leaf = node.is_leaf();
        let cap = if leaf {
            config.leaf_cap as usize
        } else {
            config.max_keys()
        };
        if n > cap && self.transient != Some(Transient::Overflow(id)) {
            self.fail(
                "capacity",
                id,
                format!("node {id} holds {n} keys, more than {cap}"),
            );
        }
        let is_root = depth == 0;
        let min = if is_root {
            usize::from(!leaf)
        } else if config.split == Split::Append && rightmost {
            1
        } else if leaf {
            config.min_leaf_keys()
        } else {
            config.min_internal_keys()
        };
        if n < min && self.transient != Some(Transient::Underflow(id)) {
            let rule = if is_root { "root" } else { "minimum occupancy" };
            self.fail(
                rule,
                id,
                format!("node {id} holds {n} keys, fewer than {min}"),
            );
        }
        if leaf {
            match self.leaf_depth {
                None => self.leaf_depth = Some(depth),
                Some(d) if d != depth => self.fail(
                    "balance",
                    id,
                    format!("leaf {id} is at depth {depth}, another at {d}"),
                ),
                _ => {}
            }
            self.leaves.push(id);
            return node.keys.first().copied();
        }
        if node.children.len() != n + 1 {
            self.fail(
                "arity",
                id,
                format!(
                    "node {id} has {n} keys and {} children",
                    node.children.len()
                ),
            );
            return None;
        }
        let mut smallest = None;
        let last = node.children.len() - 1;
        for (i, &child) in node.children.iter().enumerate() {
            let c_lo = if i == 0 { lo } else { Some(node.keys[i - 1]) };
            let c_hi = if i < n { Some(node.keys[i]) } else { hi };
            let min_key = self.node(child, depth + 1, c_lo, c_hi, rightmost && i == last);
            if i == 0 {
                smallest = min_key;
            } else if min_key
                .is_some_and(|m| m < node.keys[i - 1] || (m > node.keys[i - 1] && !self.stale))
            {
                // (An empty leaf is the minimum rule's to report; mid-delete a separator
                // may name the deleted key, which is larger than nothing to its left.)
                let sep = node.keys[i - 1];
                self.fail(
                    "tight separators",
                    id,
                    format!("node {id}: separator {sep} is not the smallest key to its right"),
                );
            }
        }
        smallest
    }
}

/// Every broken invariant of `tree`, exempting `transient` (the node a step leaves over or
/// under on purpose, for the one rule it breaks).
pub fn check<K: Ord + Copy + std::fmt::Display>(
    tree: &Tree<K>,
    transient: Option<Transient>,
) -> Vec<Violation> {
    check_step(tree, transient, false)
}

/// [`check`] for a step that may also leave a separator naming the key being deleted
/// ([`crate::trace::StepMeta::stale`]).
pub fn check_step<K: Ord + Copy + std::fmt::Display>(
    tree: &Tree<K>,
    transient: Option<Transient>,
    stale: bool,
) -> Vec<Violation> {
    let mut walk = Walk {
        tree,
        transient,
        stale,
        out: Vec::new(),
        leaves: Vec::new(),
        leaf_depth: None,
    };
    let Some(root) = tree.root() else {
        if tree.height() != 0 || !tree.is_empty() {
            walk.out.push(Violation {
                rule: "root",
                node: None,
                text: "no root, but the tree claims keys or height".into(),
            });
        }
        return walk.out;
    };
    walk.node(root, 0, None, None, true);
    let leaves = std::mem::take(&mut walk.leaves);
    if let Some(depth) = walk.leaf_depth
        && depth + 1 != tree.height()
    {
        walk.out.push(Violation {
            rule: "balance",
            node: None,
            text: format!(
                "the leaves are {} levels down but the height says {}",
                depth + 1,
                tree.height()
            ),
        });
    }
    // The chain visits the leaves in tree order and ends.
    for (i, &leaf) in leaves.iter().enumerate() {
        let next = tree.node(leaf).next;
        if next != leaves.get(i + 1).copied() {
            walk.fail(
                "leaf chain",
                leaf,
                format!("leaf {leaf}'s next pointer skips or breaks the chain"),
            );
        }
    }
    let count: usize = leaves.iter().map(|&l| tree.node(l).keys.len()).sum();
    if count as u64 != tree.len() {
        walk.out.push(Violation {
            rule: "key count",
            node: None,
            text: format!(
                "the leaves hold {count} keys, the tree counts {}",
                tree.len()
            ),
        });
    }
    walk.out
}
