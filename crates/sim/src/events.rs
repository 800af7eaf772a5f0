//! The pending events of a discrete-event simulation: a min-heap by time whose ties go to the
//! event scheduled first, so a seeded run pops its events in one order on every target and with
//! every heap layout.

use std::cmp::Ordering;
use std::collections::BinaryHeap;

/// Events of type `E` waiting for their time. Times are ordered by [`f64::total_cmp`] (a NaN
/// time, which a simulation should never schedule, comes after every number); events at the
/// same time pop in the order they were pushed.
#[derive(Clone, Debug)]
pub struct EventQueue<E> {
    heap: BinaryHeap<Scheduled<E>>,
    /// Pushes so far: the tie-break of the next event.
    pushed: u64,
}

#[derive(Clone, Debug)]
struct Scheduled<E> {
    time: f64,
    seq: u64,
    event: E,
}

impl<E> PartialEq for Scheduled<E> {
    fn eq(&self, other: &Self) -> bool {
        self.cmp(other) == Ordering::Equal
    }
}

impl<E> Eq for Scheduled<E> {}

impl<E> PartialOrd for Scheduled<E> {
    fn partial_cmp(&self, other: &Self) -> Option<Ordering> {
        Some(self.cmp(other))
    }
}

impl<E> Ord for Scheduled<E> {
    /// Reversed, so the max-heap pops the earliest time, then the lowest sequence number. No two
    /// events share a sequence number, so the order is total and the payload never compared.
    fn cmp(&self, other: &Self) -> Ordering {
        other
            .time
            .total_cmp(&self.time)
            .then(other.seq.cmp(&self.seq))
    }
}

impl<E> Default for EventQueue<E> {
    fn default() -> Self {
        Self::new()
    }
}

impl<E> EventQueue<E> {
    pub fn new() -> Self {
        EventQueue {
            heap: BinaryHeap::new(),
            pushed: 0,
        }
    }

    /// Schedules `event` at `time`.
    #[inline]
    pub fn push(&mut self, time: f64, event: E) {
        self.pushed += 1;
        self.heap.push(Scheduled {
            time,
            seq: self.pushed,
            event,
        });
    }

    /// The earliest event and its time (of several at that time, the one pushed first).
    #[inline]
    pub fn pop(&mut self) -> Option<(f64, E)> {
        self.heap.pop().map(|s| (s.time, s.event))
    }

    /// The time of the event [`Self::pop`] would return.
    pub fn next_time(&self) -> Option<f64> {
        self.heap.peek().map(|s| s.time)
    }

    pub fn len(&self) -> usize {
        self.heap.len()
    }

    pub fn is_empty(&self) -> bool {
        self.heap.is_empty()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::collection::vec;
    use proptest::prelude::*;

    #[test]
    fn earliest_first_and_ties_in_push_order() {
        let mut q = EventQueue::new();
        for (time, name) in [
            (2.0, "b"),
            (1.0, "a"),
            (2.0, "c"),
            (0.5, "first"),
            (2.0, "d"),
        ] {
            q.push(time, name);
        }
        assert_eq!(q.len(), 5);
        assert_eq!(q.next_time(), Some(0.5));
        let order: Vec<_> = std::iter::from_fn(|| q.pop()).collect();
        assert_eq!(
            order,
            vec![
                (0.5, "first"),
                (1.0, "a"),
                (2.0, "b"),
                (2.0, "c"),
                (2.0, "d")
            ]
        );
        assert!(q.is_empty());
        assert_eq!(q.pop(), None);
        assert_eq!(q.next_time(), None);
    }

    #[derive(Clone, Debug)]
    enum Op {
        Push(f64),
        Pop,
    }

    /// Few distinct times, so ties are common, plus ±∞ and −0.
    fn op() -> impl Strategy<Value = Op> {
        let time = prop_oneof![
            4 => (0u8..6).prop_map(f64::from),
            2 => -1e6f64..1e6,
            1 => prop_oneof![Just(f64::INFINITY), Just(f64::NEG_INFINITY), Just(-0.0)],
        ];
        prop_oneof![3 => time.prop_map(Op::Push), 2 => Just(Op::Pop)]
    }

    proptest! {
        /// Against a vector kept in pop order: sorted by time, then by push order.
        #[test]
        fn pops_like_a_sorted_vector(ops in vec(op(), 0..200)) {
            let mut q = EventQueue::new();
            let mut oracle: Vec<(f64, u32)> = Vec::new();
            for (id, op) in (0u32..).zip(ops) {
                match op {
                    Op::Push(time) => {
                        q.push(time, id);
                        // After every event with time ≤ this one: stable insertion.
                        let at = oracle.partition_point(|&(t, _)| t.total_cmp(&time).is_le());
                        oracle.insert(at, (time, id));
                    }
                    Op::Pop => {
                        let expected = (!oracle.is_empty()).then(|| oracle.remove(0));
                        let got = q.pop();
                        prop_assert_eq!(
                            got.map(|(t, e)| (t.to_bits(), e)),
                            expected.map(|(t, e)| (t.to_bits(), e))
                        );
                    }
                }
                prop_assert_eq!(q.len(), oracle.len());
                prop_assert_eq!(
                    q.next_time().map(f64::to_bits),
                    oracle.first().map(|&(t, _)| t.to_bits())
                );
            }
        }
    }
}
