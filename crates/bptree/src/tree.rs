//! The B+ tree itself: nodes in an arena, separators inside (copy-up convention: equal keys go
//! right), keys in leaves linked left to right. Insert splits bottom-up, delete borrows then
//! merges, search and range scans descend by the number of separators ≤ x. Every operation
//! takes a [`Tracer`]: [`NoTrace`] runs at full speed, a recorder sees each step.
//!
//! Conventions (reference §§2, 5, 6 and 13, the USFCA visualisation's): `order` = d = most
//! children of an internal node (d − 1 keys), leaf capacity L (d − 1 unless set apart),
//! minimum ⌈d/2⌉ − 1 keys in an internal node and ⌊L/2⌋ in a leaf, split index ⌊(n + 1)/2⌋ for
//! leaves and ⌊d/2⌋ for internal nodes, steal from the left first, merge into the left sibling
//! (the leftmost child absorbs its right one), separators kept tight (eager upkeep on delete).

use serde::{Deserialize, Serialize};

use crate::trace::{NoTrace, StepKind, StepMeta, Tracer, Transient};

/// A node's index in the tree's arena: stable while the node lives.
pub type NodeId = u32;

/// The most children an internal node may have (a 64 KiB page of 4-byte keys is about 5,460).
pub const MAX_ORDER: u32 = 8_192;

/// Where a full node is cut.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum Split {
    /// Halves: a leaf keeps ⌊(L + 1)/2⌋ keys, an internal node ⌊d/2⌋.
    #[default]
    Even,
    /// When the new key is the largest in the rightmost leaf, the left node stays full and
    /// the new right node starts with the new key alone; internal nodes on the rightmost path
    /// keep d − 2 keys. The rightmost node of each level is exempt from the minimum.
    Append,
}

impl std::fmt::Display for Split {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(match self {
            Split::Even => "even",
            Split::Append => "append",
        })
    }
}

impl std::str::FromStr for Split {
    type Err = String;
    fn from_str(s: &str) -> Result<Self, String> {
        match s {
            "even" => Ok(Split::Even),
            "append" => Ok(Split::Append),
            _ => Err("use even or append".into()),
        }
    }
}

impl std::fmt::Display for Borrow {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(match self {
            Borrow::LeftFirst => "left",
            Borrow::RightFirst => "right",
        })
    }
}

impl std::str::FromStr for Borrow {
    type Err = String;
    fn from_str(s: &str) -> Result<Self, String> {
        match s {
            "left" => Ok(Borrow::LeftFirst),
            "right" => Ok(Borrow::RightFirst),
            _ => Err("use left or right".into()),
        }
    }
}

/// Which sibling a node that fell below its minimum asks first.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum Borrow {
    #[default]
    LeftFirst,
    RightFirst,
}

/// The shape rules of one tree, fixed for its life.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct Config {
    /// d: the most children of an internal node (3 ≤ d ≤ [`MAX_ORDER`]).
    pub order: u32,
    /// L: the most keys of a leaf (2 ≤ L ≤ [`MAX_ORDER`]).
    pub leaf_cap: u32,
    pub split: Split,
    pub borrow: Borrow,
}

impl Config {
    /// Order d with leaves of d − 1 keys, even splits, steal-left first.
    pub fn order(order: u32) -> Result<Self, String> {
        let config = Config {
            order,
            leaf_cap: order.saturating_sub(1),
            split: Split::Even,
            borrow: Borrow::LeftFirst,
        };
        config.validate()?;
        Ok(config)
    }

    pub fn validate(&self) -> Result<(), String> {
        if !(3..=MAX_ORDER).contains(&self.order) {
            return Err(format!(
                "the order (most children of a node) must be 3 to {MAX_ORDER}, not {}",
                self.order
            ));
        }
        if !(2..=MAX_ORDER).contains(&self.leaf_cap) {
            return Err(format!(
                "a leaf must hold 2 to {MAX_ORDER} keys, not {}",
                self.leaf_cap
            ));
        }
        Ok(())
    }

    /// The most keys of an internal node: d − 1.
    pub fn max_keys(&self) -> usize {
        self.order as usize - 1
    }

    /// The fewest keys of a non-root internal node: ⌈d/2⌉ − 1.
    pub fn min_internal_keys(&self) -> usize {
        self.order.div_ceil(2) as usize - 1
    }

    /// The fewest keys of a non-root leaf: ⌊L/2⌋ (= ⌈d/2⌉ − 1 when L = d − 1).
    pub fn min_leaf_keys(&self) -> usize {
        self.leaf_cap as usize / 2
    }
}

/// A page: a leaf when it has no children.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Node<K> {
    pub keys: Vec<K>,
    /// Internal nodes: one more child than keys. Leaves: none.
    pub children: Vec<NodeId>,
    /// Leaves: the next leaf to the right.
    pub next: Option<NodeId>,
}

impl<K> Node<K> {
    pub fn is_leaf(&self) -> bool {
        self.children.is_empty()
    }
}

/// "1 key", "2 keys".
fn keys(n: usize) -> String {
    if n == 1 {
        "1 key".into()
    } else {
        format!("{n} keys")
    }
}

/// What an insert or delete did.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Outcome {
    Done,
    /// Insert: the key was already there. Delete: the key was not there.
    Unchanged,
}

/// A B+ tree of unique keys.
#[derive(Clone, Debug)]
pub struct Tree<K> {
    config: Config,
    nodes: Vec<Node<K>>,
    free: Vec<NodeId>,
    root: Option<NodeId>,
    /// Levels: a lone leaf root is height 1, the empty tree 0.
    height: u32,
    len: u64,
    /// The descent of the current operation: (internal node, child index taken).
    path: Vec<(NodeId, u32)>,
    /// Within a delete that emptied a leaf: a separator may still name the deleted key.
    stale: bool,
}

/// Trees are equal when they hold the same nodes under the same ids.
impl<K: Ord + Copy + std::fmt::Display> PartialEq for Tree<K> {
    fn eq(&self, other: &Self) -> bool {
        self.config == other.config
            && self.root == other.root
            && self.height == other.height
            && self.len == other.len
            && self.live_ids() == other.live_ids()
            && self
                .live_ids()
                .iter()
                .all(|&id| self.nodes[id as usize] == other.nodes[id as usize])
    }
}

impl<K: Ord + Copy + std::fmt::Display> Tree<K> {
    pub fn new(config: Config) -> Self {
        Tree {
            config,
            nodes: Vec::new(),
            free: Vec::new(),
            root: None,
            height: 0,
            len: 0,
            path: Vec::new(),
            stale: false,
        }
    }

    pub fn config(&self) -> &Config {
        &self.config
    }
    pub fn root(&self) -> Option<NodeId> {
        self.root
    }
    pub fn height(&self) -> u32 {
        self.height
    }
    pub fn len(&self) -> u64 {
        self.len
    }
    pub fn is_empty(&self) -> bool {
        self.len == 0
    }

    /// The node with this id. Ids come from the tree (its root, a node's children, a step).
    pub fn node(&self, id: NodeId) -> &Node<K> {
        &self.nodes[id as usize]
    }

    /// Ids of the nodes reachable from the root, level by level, left to right.
    pub fn levels(&self) -> Vec<Vec<NodeId>> {
        let mut levels = Vec::new();
        let mut level: Vec<NodeId> = self.root.into_iter().collect();
        while !level.is_empty() {
            let next = level
                .iter()
                .flat_map(|&id| self.nodes[id as usize].children.iter().copied())
                .collect();
            levels.push(level);
            level = next;
        }
        levels
    }

    fn live_ids(&self) -> Vec<NodeId> {
        self.levels().concat()
    }

    /// The leftmost leaf (where a full scan starts).
    pub fn first_leaf(&self) -> Option<NodeId> {
        let mut id = self.root?;
        while let Some(&child) = self.nodes[id as usize].children.first() {
            id = child;
        }
        Some(id)
    }

    /// Every key, in order, read along the leaf chain.
    pub fn keys(&self) -> Vec<K> {
        let mut out = Vec::with_capacity(self.len as usize);
        let mut leaf = self.first_leaf();
        while let Some(id) = leaf {
            let node = &self.nodes[id as usize];
            out.extend_from_slice(&node.keys);
            leaf = node.next;
        }
        out
    }

    fn alloc(&mut self, node: Node<K>) -> NodeId {
        match self.free.pop() {
            Some(id) => {
                self.nodes[id as usize] = node;
                id
            }
            None => {
                self.nodes.push(node);
                (self.nodes.len() - 1) as NodeId
            }
        }
    }

    fn release(&mut self, id: NodeId) {
        self.nodes[id as usize] = Node {
            keys: Vec::new(),
            children: Vec::new(),
            next: None,
        };
        self.free.push(id);
    }

    /// The child index for `key` in an internal node: the number of separators ≤ key.
    fn route(keys: &[K], key: K) -> usize {
        keys.partition_point(|k| *k <= key)
    }

    /// Descends to the leaf for `key`, recording the path and the pages read.
    fn descend<T: Tracer<K>>(&mut self, key: K, t: &mut T, line: u8) -> Option<NodeId> {
        self.path.clear();
        let mut id = self.root?;
        loop {
            t.read(id);
            let node = &self.nodes[id as usize];
            if node.is_leaf() {
                return Some(id);
            }
            let i = Self::route(&node.keys, key);
            if T::ON {
                let text = match (i.checked_sub(1).map(|j| node.keys[j]), node.keys.get(i)) {
                    (None, Some(hi)) => format!("{key} < {hi}: take the leftmost child"),
                    (Some(lo), None) => format!("{key} ≥ {lo}: take the rightmost child"),
                    (Some(lo), Some(hi)) => format!("{lo} ≤ {key} < {hi}: take child {}", i + 1),
                    (None, None) => "take the only child".to_string(),
                };
                t.step(
                    self,
                    StepMeta {
                        kind: StepKind::Visit,
                        nodes: vec![id],
                        text,
                        line,
                        transient: None,
                        stale: false,
                    },
                );
            }
            self.path.push((id, i as u32));
            id = self.nodes[id as usize].children[i];
        }
    }

    fn note<T: Tracer<K>>(
        &self,
        t: &mut T,
        kind: StepKind,
        nodes: Vec<NodeId>,
        line: u8,
        transient: Option<Transient>,
        text: impl FnOnce() -> String,
    ) {
        t.event(kind);
        if T::ON {
            t.step(
                self,
                StepMeta {
                    kind,
                    nodes,
                    text: text(),
                    line,
                    transient,
                    stale: self.stale,
                },
            );
        }
    }

    /// Whether `key` is in the tree (fast path).
    pub fn contains(&mut self, key: K) -> bool {
        self.search_with(key, &mut NoTrace)
    }

    /// Point search: h page reads.
    pub fn search_with<T: Tracer<K>>(&mut self, key: K, t: &mut T) -> bool {
        let Some(leaf) = self.descend(key, t, 0) else {
            self.note(t, StepKind::NotFound, vec![], 1, None, || {
                format!("The tree is empty: {key} is not in the tree")
            });
            return false;
        };
        let found = self.nodes[leaf as usize].keys.binary_search(&key).is_ok();
        let kind = if found {
            StepKind::Found
        } else {
            StepKind::NotFound
        };
        self.note(t, kind, vec![leaf], 1, None, || {
            if found {
                format!("Element {key} found")
            } else {
                format!("Element {key} is not in the tree")
            }
        });
        self.path.clear();
        found
    }

    /// Every key in [lo, hi], read along the leaf chain: h + (leaves − 1) page reads, counting
    /// the leaf after the range when the last key read is still ≤ hi (the scan cannot know the
    /// range has ended before it sees a larger key or the end of the chain).
    pub fn range_with<T: Tracer<K>>(&mut self, lo: K, hi: K, t: &mut T) -> Vec<K> {
        let mut out = Vec::new();
        let Some(mut leaf) = self.descend(lo, t, 0) else {
            self.note(t, StepKind::NotFound, vec![], 1, None, || {
                "The tree is empty: nothing in range".to_string()
            });
            return out;
        };
        self.path.clear();
        loop {
            let node = &self.nodes[leaf as usize];
            let start = node.keys.partition_point(|k| *k < lo);
            let before = out.len();
            let mut ended = false;
            for &k in &node.keys[start..] {
                if k > hi {
                    ended = true;
                    break;
                }
                out.push(k);
            }
            let emitted = out.len() - before;
            let next = node.next;
            let go_on = !ended && lo <= hi && next.is_some();
            self.note(
                t,
                StepKind::Chain,
                vec![leaf],
                if go_on { 2 } else { 1 },
                None,
                || {
                    let mut text = format!("Leaf read: {emitted} key(s) in [{lo}, {hi}]");
                    if go_on {
                        text.push_str("; its last key is ≤ the end: follow the chain");
                    } else if ended {
                        text.push_str("; a key past the end: the scan stops");
                    } else {
                        text.push_str("; the chain ends");
                    }
                    text
                },
            );
            match next {
                Some(n) if go_on => {
                    t.read(n);
                    leaf = n;
                }
                _ => return out,
            }
        }
    }

    /// Inserts `key` (fast path); false if it was already there.
    pub fn insert(&mut self, key: K) -> bool {
        self.insert_with(key, &mut NoTrace) == Outcome::Done
    }

    /// Inserts `key`, bottom-up: into its leaf, then splits while a node is over capacity.
    pub fn insert_with<T: Tracer<K>>(&mut self, key: K, t: &mut T) -> Outcome {
        let Some(leaf) = self.descend(key, t, 0) else {
            let id = self.alloc(Node {
                keys: vec![key],
                children: Vec::new(),
                next: None,
            });
            self.root = Some(id);
            self.height = 1;
            self.len = 1;
            t.write(id);
            self.note(t, StepKind::NewRoot, vec![id], 2, None, || {
                format!("Inserting {key}: the tree was empty, so it becomes a root leaf")
            });
            return Outcome::Done;
        };
        let pos = match self.nodes[leaf as usize].keys.binary_search(&key) {
            Ok(_) => {
                self.path.clear();
                self.note(t, StepKind::Duplicate, vec![leaf], 1, None, || {
                    format!("{key} is already in the tree: a unique index refuses a duplicate")
                });
                return Outcome::Unchanged;
            }
            Err(pos) => pos,
        };
        let node = &mut self.nodes[leaf as usize];
        node.keys.insert(pos, key);
        let len = node.keys.len();
        let append = self.config.split == Split::Append && node.next.is_none() && pos + 1 == len;
        self.len += 1;
        t.write(leaf);
        let cap = self.config.leaf_cap as usize;
        let over = len > cap;
        self.note(
            t,
            StepKind::Insert,
            vec![leaf],
            if over { 3 } else { 2 },
            over.then_some(Transient::Overflow(leaf)),
            || {
                if over {
                    format!("Inserting {key} into a leaf. Node now contains too many keys ({len} > {cap}): split it")
                } else {
                    format!("Inserting {key} into a leaf")
                }
            },
        );
        if over {
            self.split_leaf(leaf, append, t);
        }
        self.path.clear();
        Outcome::Done
    }

    fn split_leaf<T: Tracer<K>>(&mut self, leaf: NodeId, append: bool, t: &mut T) {
        let cap = self.config.leaf_cap as usize;
        let s = if append { cap } else { cap.div_ceil(2) };
        let node = &mut self.nodes[leaf as usize];
        let right_keys = node.keys.split_off(s);
        let next = node.next;
        let sep = right_keys[0];
        let right = self.alloc(Node {
            keys: right_keys,
            children: Vec::new(),
            next,
        });
        self.nodes[leaf as usize].next = Some(right);
        t.write(right);
        t.event(StepKind::Split);
        self.push_up(leaf, sep, right, append, true, t);
    }

    /// Puts separator `sep` and the new node `right` into the parent of `left`, splitting
    /// upwards while a node is over capacity.
    fn push_up<T: Tracer<K>>(
        &mut self,
        mut left: NodeId,
        mut sep: K,
        mut right: NodeId,
        append: bool,
        mut from_leaf: bool,
        t: &mut T,
    ) {
        let max = self.config.max_keys();
        loop {
            let split_text = |tree: &Self| {
                let (l, r) = (
                    tree.nodes[left as usize].keys.len(),
                    tree.nodes[right as usize].keys.len(),
                );
                match (from_leaf, append) {
                    (true, true) => format!(
                        "Append split: the left leaf stays full ({}), the new right leaf starts with the new key alone; the chain links them",
                        keys(l)
                    ),
                    (true, false) => format!(
                        "Splitting the leaf: left keeps {}, the new right leaf gets {}; the chain links left → right",
                        keys(l),
                        keys(r)
                    ),
                    (false, _) => format!(
                        "Splitting the internal node: left keeps {}, right gets {}; {sep} moves up, kept in neither",
                        keys(l),
                        keys(r)
                    ),
                }
            };
            let Some((parent, i)) = self.path.pop() else {
                let root = self.alloc(Node {
                    keys: vec![sep],
                    children: vec![left, right],
                    next: None,
                });
                self.root = Some(root);
                self.height += 1;
                t.write(root);
                if T::ON {
                    let text = split_text(self);
                    self.note(t, StepKind::Split, vec![left, right], 4, None, || text);
                }
                self.note(t, StepKind::NewRoot, vec![root], 6, None, || {
                    format!(
                        "The split node was the root: a new root holds {sep}; height {}",
                        self.height
                    )
                });
                return;
            };
            let i = i as usize;
            let node = &mut self.nodes[parent as usize];
            node.keys.insert(i, sep);
            node.children.insert(i + 1, right);
            let len = node.keys.len();
            t.write(parent);
            let over = len > max;
            let transient = over.then_some(Transient::Overflow(parent));
            if T::ON {
                let text = split_text(self);
                t.step(
                    self,
                    StepMeta {
                        kind: StepKind::Split,
                        nodes: vec![left, right],
                        text,
                        line: 4,
                        transient,
                        stale: false,
                    },
                );
            }
            self.note(
                t,
                StepKind::Promote,
                vec![parent],
                if over { 3 } else { 5 },
                transient,
                || {
                    let how = if from_leaf {
                        "a copy of the right leaf's first key"
                    } else {
                        "the middle key moves up"
                    };
                    if over {
                        format!("{sep} goes into the parent ({how}). Node now contains too many keys ({len} > {max}): split it")
                    } else {
                        format!("{sep} goes into the parent ({how})")
                    }
                },
            );
            if !over {
                return;
            }
            // Split the internal node: the key at s moves up, kept in neither half.
            let d = self.config.order as usize;
            let s = if append { d - 2 } else { d / 2 };
            let node = &mut self.nodes[parent as usize];
            let right_keys = node.keys.split_off(s + 1);
            let up = node.keys.pop();
            let right_children = node.children.split_off(s + 1);
            let Some(up) = up else { return };
            let new = self.alloc(Node {
                keys: right_keys,
                children: right_children,
                next: None,
            });
            t.write(new);
            t.event(StepKind::Split);
            left = parent;
            sep = up;
            right = new;
            from_leaf = false;
        }
    }

    /// Deletes `key` (fast path); false if it was not there.
    pub fn remove(&mut self, key: K) -> bool {
        self.remove_with(key, &mut NoTrace) == Outcome::Done
    }

    /// Whether every step of the recorded path took the last child: the node at the end of
    /// `path[..depth]` is the rightmost of its level.
    fn rightmost(&self, depth: usize) -> bool {
        self.path[..depth]
            .iter()
            .all(|&(id, i)| i as usize + 1 == self.nodes[id as usize].children.len())
    }

    /// The fewest keys node `id` may hold at depth `depth` (root 0), given its position.
    fn min_keys(&self, id: NodeId, depth: usize, rightmost: bool) -> usize {
        let node = &self.nodes[id as usize];
        if depth == 0 {
            return usize::from(!node.is_leaf());
        }
        if self.config.split == Split::Append && rightmost {
            return 1;
        }
        if node.is_leaf() {
            self.config.min_leaf_keys()
        } else {
            self.config.min_internal_keys()
        }
    }

    /// Deletes `key`: out of its leaf, then borrow or merge upwards while a node is below its
    /// minimum, then the root shrinks if it has one child, then separators equal to `key` are
    /// replaced by the next key (so separators stay tight).
    pub fn remove_with<T: Tracer<K>>(&mut self, key: K, t: &mut T) -> Outcome {
        let Some(leaf) = self.descend(key, t, 0) else {
            self.note(t, StepKind::NotFound, vec![], 1, None, || {
                format!("The tree is empty: {key} is not in the tree")
            });
            return Outcome::Unchanged;
        };
        let Ok(pos) = self.nodes[leaf as usize].keys.binary_search(&key) else {
            self.path.clear();
            self.note(t, StepKind::NotFound, vec![leaf], 1, None, || {
                format!("Element {key} is not in the tree: nothing to delete")
            });
            return Outcome::Unchanged;
        };
        self.nodes[leaf as usize].keys.remove(pos);
        self.len -= 1;
        t.write(leaf);
        // Eager separator upkeep (as the USFCA visualisation does it): a separator that named
        // the deleted first key now names the next key, so separators stay tight.
        // An emptied leaf has no next key of its own: the separator is renamed once borrowing
        // or merging is done (the steps in between may show it naming the deleted key).
        let successor = if pos == 0 {
            self.nodes[leaf as usize].keys.first().copied()
        } else {
            None
        };
        let renamed = match successor {
            Some(next) => self.rename_separator(key, next, t),
            None => None,
        };
        self.stale = pos == 0 && successor.is_none();
        let depth = self.path.len();
        let min = self.min_keys(leaf, depth, self.rightmost(depth));
        let len = self.nodes[leaf as usize].keys.len();
        let under = len < min;
        self.note(
            t,
            StepKind::Remove,
            renamed.map_or(vec![leaf], |(id, _)| vec![leaf, id]),
            if under { 3 } else { 2 },
            under.then_some(Transient::Underflow(leaf)),
            || {
                let mut text = format!("Deleting {key} from its leaf");
                if let (Some((_, next)), Some(_)) = (renamed, successor) {
                    text.push_str(&format!("; the separator {key} above now names {next}"));
                }
                if under {
                    text.push_str(&format!(". Node has too few keys ({len} < {min})"));
                }
                text
            },
        );
        if depth == 0 {
            if len == 0 {
                self.release(leaf);
                t.free(leaf);
                self.root = None;
                self.height = 0;
                self.note(t, StepKind::RootShrink, vec![], 6, None, || {
                    "The last key is gone: the tree is empty".to_string()
                });
            }
            self.path.clear();
            return Outcome::Done;
        }
        if under {
            self.rebalance(leaf, t);
        }
        if self.stale {
            self.fix_separators(key, t);
            self.stale = false;
        }
        self.path.clear();
        Outcome::Done
    }

    /// Repairs `node` (below its minimum, at the end of the path) and its ancestors.
    fn rebalance<T: Tracer<K>>(&mut self, mut node: NodeId, t: &mut T) {
        loop {
            let depth = self.path.len();
            if depth == 0 {
                let root = &self.nodes[node as usize];
                if !root.is_leaf() && root.keys.is_empty() {
                    let child = root.children[0];
                    self.release(node);
                    t.free(node);
                    self.root = Some(child);
                    self.height -= 1;
                    self.note(t, StepKind::RootShrink, vec![child], 6, None, || {
                        format!(
                            "The root has no key left: its only child becomes the root; height {}",
                            self.height
                        )
                    });
                }
                return;
            }
            let rightmost = self.rightmost(depth);
            if self.nodes[node as usize].keys.len() >= self.min_keys(node, depth, rightmost) {
                return;
            }
            let (parent, i) = self.path[depth - 1];
            let i = i as usize;
            let siblings = self.nodes[parent as usize].children.len();
            let parent_rightmost = self.rightmost(depth - 1);
            let left = (i > 0).then(|| (self.nodes[parent as usize].children[i - 1], false));
            let right = (i + 1 < siblings).then(|| {
                (
                    self.nodes[parent as usize].children[i + 1],
                    parent_rightmost && i + 2 == siblings,
                )
            });
            let order = match self.config.borrow {
                Borrow::LeftFirst => [left.map(|l| (l, true)), right.map(|r| (r, false))],
                Borrow::RightFirst => [right.map(|r| (r, false)), left.map(|l| (l, true))],
            };
            let mut borrowed = false;
            for ((sib, sib_rightmost), is_left) in order.into_iter().flatten() {
                t.read(sib);
                if self.nodes[sib as usize].keys.len() > self.min_keys(sib, depth, sib_rightmost) {
                    self.borrow(parent, i, node, sib, is_left, t);
                    borrowed = true;
                    break;
                }
            }
            if borrowed {
                return;
            }
            // Merge: the leftmost child absorbs its right sibling; any other child is absorbed
            // by its left sibling.
            let (keep, gone, sep_at) = if i == 0 {
                match right {
                    Some((r, _)) => (node, r, 0),
                    None => return,
                }
            } else {
                match left {
                    Some((l, _)) => (l, node, i - 1),
                    None => return,
                }
            };
            let sep = self.nodes[parent as usize].keys.remove(sep_at);
            self.nodes[parent as usize].children.remove(sep_at + 1);
            let gone_node = std::mem::replace(
                &mut self.nodes[gone as usize],
                Node {
                    keys: Vec::new(),
                    children: Vec::new(),
                    next: None,
                },
            );
            let kept = &mut self.nodes[keep as usize];
            let leaf = kept.is_leaf();
            if leaf {
                kept.keys.extend(gone_node.keys);
                kept.next = gone_node.next;
            } else {
                kept.keys.push(sep);
                kept.keys.extend(gone_node.keys);
                kept.children.extend(gone_node.children);
            }
            self.free.push(gone);
            t.free(gone);
            t.write(keep);
            t.write(parent);
            self.path.pop();
            let p_depth = self.path.len();
            let p_min = self.min_keys(parent, p_depth, self.rightmost(p_depth));
            let p_len = self.nodes[parent as usize].keys.len();
            let p_under = p_len < p_min || (p_depth == 0 && p_len == 0);
            self.note(
                t,
                StepKind::Merge,
                vec![keep, parent],
                if p_under { 3 } else { 5 },
                p_under.then_some(Transient::Underflow(parent)),
                || {
                    let mut text = if leaf {
                        "Merging node: the two leaves become one, the chain skips the freed page"
                            .to_string()
                    } else {
                        format!(
                            "Merging node: the separator {sep} comes down between the two halves"
                        )
                    };
                    if p_under && p_depth > 0 {
                        text.push_str(". The parent has too few keys now");
                    }
                    text
                },
            );
            node = parent;
        }
    }

    /// Moves one key from `sib` into `node` through their parent.
    fn borrow<T: Tracer<K>>(
        &mut self,
        parent: NodeId,
        i: usize,
        node: NodeId,
        sib: NodeId,
        from_left: bool,
        t: &mut T,
    ) {
        let leaf = self.nodes[node as usize].is_leaf();
        let sep_at = if from_left { i - 1 } else { i };
        if leaf {
            if from_left {
                let Some(k) = self.nodes[sib as usize].keys.pop() else {
                    return;
                };
                self.nodes[node as usize].keys.insert(0, k);
                self.nodes[parent as usize].keys[sep_at] = k;
            } else {
                let k = self.nodes[sib as usize].keys.remove(0);
                self.nodes[node as usize].keys.push(k);
                let first = self.nodes[sib as usize].keys[0];
                self.nodes[parent as usize].keys[sep_at] = first;
            }
        } else if from_left {
            let down = self.nodes[parent as usize].keys[sep_at];
            let (Some(up), Some(child)) = (
                self.nodes[sib as usize].keys.pop(),
                self.nodes[sib as usize].children.pop(),
            ) else {
                return;
            };
            let n = &mut self.nodes[node as usize];
            n.keys.insert(0, down);
            n.children.insert(0, child);
            self.nodes[parent as usize].keys[sep_at] = up;
        } else {
            let down = self.nodes[parent as usize].keys[sep_at];
            let up = self.nodes[sib as usize].keys.remove(0);
            let child = self.nodes[sib as usize].children.remove(0);
            let n = &mut self.nodes[node as usize];
            n.keys.push(down);
            n.children.push(child);
            self.nodes[parent as usize].keys[sep_at] = up;
        }
        t.write(node);
        t.write(sib);
        t.write(parent);
        self.note(t, StepKind::Borrow, vec![node, sib, parent], 4, None, || {
            let side = if from_left { "left" } else { "right" };
            let sep = self.nodes[parent as usize].keys[sep_at];
            if leaf {
                format!("Node has too few keys. Stealing from {side} sibling; the separator becomes {sep}")
            } else {
                format!("Node has too few keys. Stealing from {side} sibling through the parent (rotation); the separator becomes {sep}")
            }
        });
    }

    /// The ancestor separator equal to `key` (at most one: keys are unique) now reads `next`;
    /// returns the node and the new value.
    fn rename_separator<T: Tracer<K>>(
        &mut self,
        key: K,
        next: K,
        t: &mut T,
    ) -> Option<(NodeId, K)> {
        for &(id, i) in &self.path {
            let i = i as usize;
            if i > 0 && self.nodes[id as usize].keys[i - 1] == key {
                self.nodes[id as usize].keys[i - 1] = next;
                t.write(id);
                return Some((id, next));
            }
        }
        None
    }

    /// A separator equal to the deleted `key` now names the smallest key to its right.
    fn fix_separators<T: Tracer<K>>(&mut self, key: K, t: &mut T) {
        let Some(mut id) = self.root else { return };
        while !self.nodes[id as usize].is_leaf() {
            let node = &self.nodes[id as usize];
            let i = Self::route(&node.keys, key);
            if i > 0 && node.keys[i - 1] == key {
                let mut m = node.children[i];
                while let Some(&c) = self.nodes[m as usize].children.first() {
                    m = c;
                }
                if let Some(&next) = self.nodes[m as usize].keys.first() {
                    self.nodes[id as usize].keys[i - 1] = next;
                    t.write(id);
                    self.stale = false;
                    self.note(t, StepKind::Separator, vec![id], 7, None, || {
                        format!("The separator {key} named the deleted key: it becomes {next}, the smallest key to its right")
                    });
                }
                return;
            }
            id = self.nodes[id as usize].children[i];
        }
    }

    /// A tree built bottom-up by [`crate::bulk`], adopted whole.
    pub(crate) fn from_parts(
        config: Config,
        nodes: Vec<Node<K>>,
        root: Option<NodeId>,
        height: u32,
        len: u64,
    ) -> Self {
        Tree {
            config,
            nodes,
            free: Vec::new(),
            root,
            height,
            len,
            path: Vec::new(),
            stale: false,
        }
    }
}
