//! Undo and redo over validated edits of a value, for every editor in the app.
//!
//! [`History`] keeps the past and undone versions of a value; the value itself stays where the
//! tool's state has it (a page reads it as a plain field), and every change to it goes through
//! [`History::apply`], [`History::undo`] or [`History::redo`]. An edit works on a copy and is
//! kept only if it succeeds: a refused edit leaves the value and the history as they were, an
//! edit that changes nothing is not a step, and a new step forgets what was undone.

use std::collections::VecDeque;

/// Past and undone versions of a value, at most `depth` steps back.
#[derive(Clone, Debug, PartialEq)]
pub struct History<T> {
    /// Oldest first; the value before the most recent step is last.
    undo: VecDeque<T>,
    /// The most recently undone version is last.
    redo: Vec<T>,
    depth: usize,
}

impl<T> History<T> {
    /// An empty history that keeps at most `depth` undo steps (0: none).
    pub fn new(depth: usize) -> Self {
        History {
            undo: VecDeque::new(),
            redo: Vec::new(),
            depth,
        }
    }

    pub fn depth(&self) -> usize {
        self.depth
    }

    pub fn can_undo(&self) -> bool {
        !self.undo.is_empty()
    }

    pub fn can_redo(&self) -> bool {
        !self.redo.is_empty()
    }

    /// Steps that can be undone, and redone.
    pub fn steps(&self) -> (usize, usize) {
        (self.undo.len(), self.redo.len())
    }

    /// Steps back to the version before the last step; false (and nothing changes) if there is
    /// none.
    pub fn undo(&mut self, value: &mut T) -> bool {
        match self.undo.pop_back() {
            Some(previous) => {
                self.redo.push(std::mem::replace(value, previous));
                true
            }
            None => false,
        }
    }

    /// Re-applies the last undone step; false (and nothing changes) if there is none.
    pub fn redo(&mut self, value: &mut T) -> bool {
        match self.redo.pop() {
            Some(next) => {
                let current = std::mem::replace(value, next);
                self.push_undo(current);
                true
            }
            None => false,
        }
    }

    fn push_undo(&mut self, previous: T) {
        self.undo.push_back(previous);
        while self.undo.len() > self.depth {
            self.undo.pop_front();
        }
    }
}

impl<T: Clone + PartialEq> History<T> {
    /// Runs `edit` on a copy of `value`. If it fails, `value` and the history are untouched and
    /// the message is returned. If it succeeds but the copy equals `value`, nothing is recorded
    /// (`Ok(false)`). Otherwise the copy becomes `value`, the old value one undo step, and the
    /// redo steps are forgotten (`Ok(true)`).
    ///
    /// Validation belongs in `edit`: end it with the check the whole value must pass.
    pub fn apply(
        &mut self,
        value: &mut T,
        edit: impl FnOnce(&mut T) -> Result<(), String>,
    ) -> Result<bool, String> {
        let mut next = value.clone();
        edit(&mut next)?;
        if next == *value {
            return Ok(false);
        }
        let previous = std::mem::replace(value, next);
        self.push_undo(previous);
        self.redo.clear();
        Ok(true)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::collection::vec;
    use proptest::prelude::*;

    /// Adds to a number, refusing results above 100.
    fn add(n: i32) -> impl FnOnce(&mut i32) -> Result<(), String> {
        move |v| {
            *v += n;
            if *v > 100 {
                Err(format!("{v} is more than 100"))
            } else {
                Ok(())
            }
        }
    }

    #[test]
    fn edits_undo_and_redo() {
        let mut h = History::new(100);
        let mut v = 1;
        assert!(!h.can_undo() && !h.can_redo());
        assert_eq!(h.apply(&mut v, add(2)), Ok(true));
        assert_eq!(h.apply(&mut v, add(3)), Ok(true));
        assert_eq!(v, 6);
        assert!(h.undo(&mut v));
        assert_eq!((v, h.can_undo(), h.can_redo()), (3, true, true));
        assert!(h.undo(&mut v));
        assert_eq!(v, 1);
        assert!(!h.undo(&mut v), "nothing left to undo");
        assert_eq!(v, 1);
        assert!(h.redo(&mut v));
        assert_eq!(v, 3);
        // A new edit forgets the undone step.
        assert_eq!(h.apply(&mut v, add(10)), Ok(true));
        assert!(!h.can_redo());
        assert!(!h.redo(&mut v));
        assert_eq!((v, h.steps()), (13, (2, 0)));
    }

    #[test]
    fn refused_and_no_op_edits_leave_everything_alone() {
        let mut h = History::new(100);
        let mut v = 50;
        assert_eq!(h.apply(&mut v, add(10)), Ok(true));
        assert!(h.undo(&mut v));
        let before = h.clone();
        assert_eq!(h.apply(&mut v, add(60)), Err("110 is more than 100".into()));
        assert_eq!(v, 50, "the value is untouched");
        assert_eq!(h.apply(&mut v, add(0)), Ok(false));
        assert_eq!(h, before, "neither is a step, and the redo step survives");
        assert!(h.can_redo());
    }

    #[test]
    fn the_depth_bounds_the_undo_steps() {
        let mut h = History::new(3);
        let mut v = 0;
        for _ in 0..5 {
            h.apply(&mut v, add(1)).expect("valid");
        }
        assert_eq!(h.steps(), (3, 0));
        while h.undo(&mut v) {}
        assert_eq!(v, 2, "the two oldest versions are forgotten");
        let mut none = History::new(0);
        assert_eq!(none.apply(&mut v, add(1)), Ok(true));
        assert!(!none.can_undo());
    }

    #[derive(Clone, Debug)]
    enum Op {
        Add(i32),
        Undo,
        Redo,
    }

    fn op() -> impl Strategy<Value = Op> {
        prop_oneof![
            4 => (-3i32..=40).prop_map(Op::Add),
            2 => Just(Op::Undo),
            1 => Just(Op::Redo),
        ]
    }

    proptest! {
        /// Against the plainest model: every version in a vector and a cursor on the current
        /// one; an edit cuts the vector after the cursor, then appends, then forgets the oldest
        /// beyond the depth.
        #[test]
        fn behaves_like_a_list_of_versions_and_a_cursor(
            ops in vec(op(), 0..120),
            depth in 0usize..8,
        ) {
            let mut h = History::new(depth);
            let mut v = 0;
            let (mut versions, mut cursor) = (vec![0], 0usize);
            for op in ops {
                match op {
                    Op::Add(n) => {
                        let next = versions[cursor] + n;
                        let outcome = h.apply(&mut v, add(n));
                        if next > 100 {
                            prop_assert!(outcome.is_err());
                        } else if n == 0 {
                            prop_assert_eq!(outcome, Ok(false));
                        } else {
                            prop_assert_eq!(outcome, Ok(true));
                            versions.truncate(cursor + 1);
                            versions.push(next);
                            cursor += 1;
                            if cursor > depth {
                                versions.remove(0);
                                cursor -= 1;
                            }
                        }
                    }
                    Op::Undo => {
                        prop_assert_eq!(h.undo(&mut v), cursor > 0);
                        cursor = cursor.saturating_sub(1);
                    }
                    Op::Redo => {
                        let can = cursor + 1 < versions.len();
                        prop_assert_eq!(h.redo(&mut v), can);
                        if can {
                            cursor += 1;
                        }
                    }
                }
                prop_assert_eq!(v, versions[cursor]);
                prop_assert_eq!(h.can_undo(), cursor > 0);
                prop_assert_eq!(h.can_redo(), cursor + 1 < versions.len());
                prop_assert_eq!(h.steps(), (cursor, versions.len() - 1 - cursor));
            }
        }
    }
}
