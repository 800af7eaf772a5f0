//! Every operation of a log, ready to scrub: a checkpoint of the tree every
//! [`CHECKPOINT_EVERY`] operations and a summary of each operation (its answer, steps, pages,
//! splits and merges), so any operation's full trace is one checkpoint clone plus at most
//! `CHECKPOINT_EVERY − 1` untraced operations away: stepping back never replays from the start.

use crate::keys::Key;
use crate::ops::{Answer, Op, apply};
use crate::trace::{Counter, Recorder, Step, StepKind, StepMeta};
use crate::tree::{Config, Tree};

/// Operations between checkpoints.
pub const CHECKPOINT_EVERY: usize = 32;

/// What one operation did.
#[derive(Clone, Debug, PartialEq)]
pub struct OpSummary {
    pub op: Op,
    pub answer: Answer,
    pub steps: usize,
    pub counter: Counter,
    pub height: u32,
}

/// A log of operations on a tree of one configuration.
#[derive(Clone, Debug)]
pub struct Timeline {
    config: Config,
    ops: Vec<Op>,
    /// `checkpoints[j]`: the tree before operation `j × CHECKPOINT_EVERY`.
    checkpoints: Vec<Tree<Key>>,
    summaries: Vec<OpSummary>,
    /// The tree after every operation.
    last: Tree<Key>,
}

impl Timeline {
    pub fn new(config: Config) -> Self {
        Timeline {
            config,
            ops: Vec::new(),
            checkpoints: Vec::new(),
            summaries: Vec::new(),
            last: Tree::new(config),
        }
    }

    pub fn config(&self) -> &Config {
        &self.config
    }
    pub fn ops(&self) -> &[Op] {
        &self.ops
    }
    pub fn summaries(&self) -> &[OpSummary] {
        &self.summaries
    }
    pub fn len(&self) -> usize {
        self.ops.len()
    }
    pub fn is_empty(&self) -> bool {
        self.ops.is_empty()
    }
    /// The tree after the last operation.
    pub fn last(&self) -> &Tree<Key> {
        &self.last
    }

    /// Appends operations, running each once (untraced but counted).
    pub fn extend(&mut self, ops: impl IntoIterator<Item = Op>) {
        for op in ops {
            if self.ops.len().is_multiple_of(CHECKPOINT_EVERY) {
                self.checkpoints.push(self.last.clone());
            }
            let mut tally = Recorder::tally();
            let answer = apply(&mut self.last, op, &mut tally);
            self.summaries.push(OpSummary {
                op,
                answer,
                steps: tally.seen.max(1),
                counter: tally.counter,
                height: self.last.height(),
            });
            self.ops.push(op);
        }
    }

    /// The tree just before operation `i` (or after the last one, for `i` = len), and how many
    /// operations were replayed to get it (fewer than [`CHECKPOINT_EVERY`]).
    pub fn before(&self, i: usize) -> (Tree<Key>, usize) {
        if i >= self.ops.len() {
            return (self.last.clone(), 0);
        }
        let j = i / CHECKPOINT_EVERY;
        let Some(checkpoint) = self.checkpoints.get(j) else {
            return (self.last.clone(), 0);
        };
        let mut tree = checkpoint.clone();
        for &op in &self.ops[j * CHECKPOINT_EVERY..i] {
            // A counter, not `NoTrace`: one tracer type fewer in the page's wasm.
            apply(&mut tree, op, &mut Counter::default());
        }
        (tree, i - j * CHECKPOINT_EVERY)
    }

    /// Every step of operation `i`, each with the tree after it. An operation with no step of
    /// its own (a search of an empty tree) gets one, so every operation can be shown.
    pub fn trace(&self, i: usize) -> Vec<Step<Key>> {
        let Some(&op) = self.ops.get(i) else {
            return Vec::new();
        };
        let (mut tree, _) = self.before(i);
        let mut rec = Recorder::default();
        let answer = apply(&mut tree, op, &mut rec);
        if rec.steps.is_empty() {
            rec.steps.push(Step {
                meta: StepMeta {
                    kind: StepKind::NotFound,
                    nodes: Vec::new(),
                    text: format!("{}: {answer}", op.describe()),
                    line: 0,
                    transient: None,
                    stale: false,
                },
                tree,
            });
        }
        rec.steps
    }
}

/// Timelines are equal when they ran the same operations under the same configuration.
impl PartialEq for Timeline {
    fn eq(&self, other: &Self) -> bool {
        self.config == other.config && self.ops == other.ops
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::keys::{Workload, generate};
    use crate::trace::NoTrace;

    #[test]
    fn any_operation_is_reached_from_its_checkpoint_with_the_same_trees() {
        let Ok(config) = Config::order(5) else {
            panic!()
        };
        let mut timeline = Timeline::new(config);
        let mut ops: Vec<Op> = generate(Workload::Random, 700, 3)
            .into_iter()
            .map(Op::Insert)
            .collect();
        ops.extend(
            generate(Workload::Random, 300, 4)
                .into_iter()
                .map(Op::Delete),
        );
        timeline.extend(ops.iter().copied());
        assert_eq!(timeline.len(), 1_000);
        // A plain replay from the start, for comparison.
        let mut plain = Tree::new(config);
        for (i, &op) in ops.iter().enumerate() {
            let (tree, replayed) = timeline.before(i);
            assert!(replayed < CHECKPOINT_EVERY, "op {i}: {replayed} replayed");
            assert!(tree == plain, "op {i}");
            let steps = timeline.trace(i);
            assert_eq!(steps.len(), timeline.summaries()[i].steps, "op {i}");
            apply(&mut plain, op, &mut NoTrace);
            let after = &steps[steps.len() - 1].tree;
            assert!(*after == plain, "op {i}: the last step is the tree after");
        }
        assert!(*timeline.last() == plain);
    }
}
