//! What an operation reports as it runs: a [`Tracer`] sees every step (with the tree as it
//! stands after the step), every page read and written, and every split, borrow and merge.
//! The fast path uses [`NoTrace`], whose calls compile away; the animator records [`Step`]s
//! with a snapshot each; the cost counters use [`Counter`].

use crate::tree::{NodeId, Tree};

/// The kinds of step an operation goes through (the reference's list: visit, compare, split,
/// promote, borrow, merge, new root, root shrink, leaf-chain walk).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum StepKind {
    /// A node on the way down, and the child taken.
    Visit,
    /// The key was compared with a leaf's keys and found.
    Found,
    /// The key is not in the tree.
    NotFound,
    /// The key was put into its leaf.
    Insert,
    /// The key is already in the tree: a unique index refuses it.
    Duplicate,
    /// The key was taken out of its leaf.
    Remove,
    /// A node with more keys than it may hold is cut in two.
    Split,
    /// A separator went into the parent.
    Promote,
    /// A new root: the tree grew by a level.
    NewRoot,
    /// A node with fewer keys than its minimum.
    Underflow,
    /// One key moved from a sibling.
    Borrow,
    /// Two siblings became one.
    Merge,
    /// The root had one child left, which became the root: the tree lost a level.
    RootShrink,
    /// A separator equal to a deleted key now names the next key.
    Separator,
    /// A range scan reads a leaf and moves along the chain.
    Chain,
    /// The tree was rebuilt bottom-up.
    BulkLoad,
}

impl StepKind {
    /// Steps the timeline marks.
    pub fn is_structural(self) -> bool {
        matches!(
            self,
            StepKind::Split
                | StepKind::NewRoot
                | StepKind::Borrow
                | StepKind::Merge
                | StepKind::RootShrink
        )
    }
}

/// A node that may break the capacity or minimum for the length of one step, and says so.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Transient {
    /// More keys than the node may hold: the next step splits it.
    Overflow(NodeId),
    /// Fewer keys than its minimum: the next step borrows or merges.
    Underflow(NodeId),
}

/// What a step is, without the tree it leaves.
#[derive(Clone, Debug, PartialEq)]
pub struct StepMeta {
    pub kind: StepKind,
    /// The nodes to highlight.
    pub nodes: Vec<NodeId>,
    /// One line saying what happened.
    pub text: String,
    /// The line of the operation's pseudo-code (see [`pseudocode`]).
    pub line: u8,
    pub transient: Option<Transient>,
    /// Mid-delete, after a leaf emptied: a separator may still name the deleted key until the
    /// delete's last step renames it (the checker allows that, and only that).
    pub stale: bool,
}

/// One recorded step: what happened and the tree right after it.
#[derive(Clone, Debug)]
pub struct Step<K> {
    pub meta: StepMeta,
    pub tree: Tree<K>,
}

/// Observes an operation. Every method has a no-op default; `ON` says whether steps are wanted,
/// so the narration is never even formatted on the fast path.
pub trait Tracer<K> {
    const ON: bool;
    fn step(&mut self, _tree: &Tree<K>, _meta: StepMeta) {}
    fn read(&mut self, _node: NodeId) {}
    fn write(&mut self, _node: NodeId) {}
    fn free(&mut self, _node: NodeId) {}
    fn event(&mut self, _kind: StepKind) {}
}

/// Sees nothing: the tree at full speed.
#[derive(Clone, Copy, Debug, Default)]
pub struct NoTrace;

impl<K> Tracer<K> for NoTrace {
    const ON: bool = false;
}

/// Page reads, distinct pages written, freed pages and structural events of one or more
/// operations (§10 of the reference: one node is one page).
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Counter {
    pub reads: u64,
    pub writes: u64,
    pub freed: u64,
    pub splits: u64,
    pub merges: u64,
    pub borrows: u64,
    pub new_roots: u64,
    pub root_shrinks: u64,
    /// Pages written by the current operation, so a page is counted once per operation.
    dirty: Vec<NodeId>,
}

impl Counter {
    /// Ends an operation: later writes to the same page count again.
    pub fn end_op(&mut self) {
        self.dirty.clear();
    }
}

impl<K> Tracer<K> for Counter {
    const ON: bool = false;
    fn read(&mut self, _node: NodeId) {
        self.reads += 1;
    }
    fn write(&mut self, node: NodeId) {
        if !self.dirty.contains(&node) {
            self.dirty.push(node);
            self.writes += 1;
        }
    }
    fn free(&mut self, _node: NodeId) {
        self.freed += 1;
    }
    fn event(&mut self, kind: StepKind) {
        match kind {
            StepKind::Split => self.splits += 1,
            StepKind::Merge => self.merges += 1,
            StepKind::Borrow => self.borrows += 1,
            StepKind::NewRoot => self.new_roots += 1,
            StepKind::RootShrink => self.root_shrinks += 1,
            _ => {}
        }
    }
}

/// Records every step with a snapshot of the tree, and counts like a [`Counter`]; or, made by
/// [`Recorder::tally`], only counts the steps (one tracer type for both keeps the page's wasm
/// small: each tracer type is another copy of the tree's code).
#[derive(Clone, Debug)]
pub struct Recorder<K> {
    pub steps: Vec<Step<K>>,
    pub counter: Counter,
    /// Steps seen, kept or not.
    pub seen: usize,
    keep: bool,
}

impl<K> Default for Recorder<K> {
    fn default() -> Self {
        Recorder {
            steps: Vec::new(),
            counter: Counter::default(),
            seen: 0,
            keep: true,
        }
    }
}

impl<K> Recorder<K> {
    /// Counts steps and pages, keeping no snapshot.
    pub fn tally() -> Self {
        Recorder {
            keep: false,
            ..Recorder::default()
        }
    }
}

impl<K: Clone> Tracer<K> for Recorder<K> {
    const ON: bool = true;
    fn step(&mut self, tree: &Tree<K>, meta: StepMeta) {
        self.seen += 1;
        if self.keep {
            self.steps.push(Step {
                meta,
                tree: tree.clone(),
            });
        }
    }
    fn read(&mut self, node: NodeId) {
        Tracer::<K>::read(&mut self.counter, node);
    }
    fn write(&mut self, node: NodeId) {
        Tracer::<K>::write(&mut self.counter, node);
    }
    fn free(&mut self, node: NodeId) {
        Tracer::<K>::free(&mut self.counter, node);
    }
    fn event(&mut self, kind: StepKind) {
        Tracer::<K>::event(&mut self.counter, kind);
    }
}

/// Which pseudo-code a step's `line` indexes.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Algorithm {
    Insert,
    Delete,
    Search,
    Range,
    BulkLoad,
}

/// The pseudo-code the page shows beside the tree; a step's `line` highlights one line.
pub fn pseudocode(algorithm: Algorithm) -> &'static [&'static str] {
    match algorithm {
        Algorithm::Insert => &[
            "leaf ← descend from the root: child i = number of separators ≤ x",
            "if x is in the leaf: refuse it (unique index)",
            "put x into the leaf, in order",
            "while the node holds more keys than it may:",
            "    split it; a leaf's right half joins the leaf chain",
            "    a copy of the right leaf's first key (internal: the middle key) goes to the parent",
            "    if the node was the root: new root above both, height + 1",
        ],
        Algorithm::Delete => &[
            "leaf ← descend from the root: child i = number of separators ≤ x",
            "if x is not in the leaf: stop",
            "take x out of the leaf",
            "while the node holds fewer keys than its minimum:",
            "    borrow one key through the parent from a sibling that can spare one",
            "    else merge with a sibling and drop their separator from the parent",
            "if the root has no key left: its only child becomes the root, height − 1",
            "a separator equal to x now names the smallest key to its right",
        ],
        Algorithm::Search => &[
            "node ← root; while internal: child i = number of separators ≤ x",
            "look for x in the leaf",
        ],
        Algorithm::Range => &[
            "leaf ← descend to a (as a search)",
            "emit the leaf's keys in [a, b]",
            "if the last key read is ≤ b: follow the leaf chain to the next leaf",
        ],
        Algorithm::BulkLoad => &[
            "sort the keys; fill leaves left to right to the fill factor, chained",
            "group each level's nodes under parents; separators = first key of each child but the first",
            "repeat until one node is left: the root",
        ],
    }
}
