//! One sampled trial, for the space-time view: every message's send and arrival time, which
//! replicas acked before the commit, which answered the read, and why the read was stale (each
//! read request that reached its replica before the write did).

use serde::Serialize;

use crate::wars::{Orders, Spec, replay};

/// One replica's part in the trial, times in ms from the write's start.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Lane {
    /// Replica number from 1.
    pub replica: u32,
    pub down: bool,
    /// The write request arrives (∞ when down).
    pub write_at: f64,
    /// Its ack arrives at the write coordinator.
    pub ack_at: f64,
    /// One of the first W acks.
    pub acked: bool,
    /// The read request arrives.
    pub read_at: f64,
    /// Its response arrives at the read coordinator.
    pub response_at: f64,
    /// One of the first R responses.
    pub in_read_set: bool,
    /// It had the write when the read request arrived (read repair counted).
    pub fresh: bool,
}

#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Trace {
    pub index: u64,
    pub t: f64,
    pub commit: f64,
    pub read_start: f64,
    /// When the read returned (its R-th response).
    pub read_done: f64,
    pub lanes: Vec<Lane>,
    pub consistent: bool,
}

/// Trial `index` of `seed` with its read `t` ms after commit.
pub fn trace(spec: &Spec, seed: u64, index: u64, t: f64) -> Trace {
    let d = replay(spec, seed, index);
    let o = Orders::of(spec, &d);
    let commit = o.commit(spec.w);
    let read_start = commit + t;
    let n = spec.n as usize;
    let acked: Vec<bool> = (0..n)
        .map(|i| o.ack[..spec.w as usize].contains(&(i as u8)))
        .collect();
    let in_read: Vec<bool> = (0..n)
        .map(|i| o.read[..spec.r as usize].contains(&(i as u8)))
        .collect();
    let lanes: Vec<Lane> = (0..n)
        .map(|i| Lane {
            replica: i as u32 + 1,
            down: i < spec.down as usize,
            write_at: d.w[i],
            ack_at: d.w[i] + d.a[i],
            acked: acked[i],
            read_at: read_start + d.r[i],
            response_at: read_start + d.r[i] + d.s[i],
            in_read_set: in_read[i],
            fresh: d.fresh[i] <= read_start + d.r[i],
        })
        .collect();
    let consistent = lanes.iter().any(|l| l.in_read_set && l.fresh);
    Trace {
        index,
        t,
        commit,
        read_start,
        read_done: read_start + o.read_rtt[o.read[spec.r as usize - 1] as usize],
        lanes,
        consistent,
    }
}

/// The first stale trial at or after `from` (within `limit` trials), for "show me a stale trial".
pub fn first_stale(spec: &Spec, seed: u64, from: u64, t: f64, limit: u64) -> Option<u64> {
    use crate::wars::{BLOCK, Draws, draw};
    let mut d = Draws::default();
    let mut rng = sdlab_sim::rng::Rng::stream(seed, from / BLOCK);
    for _ in 0..from % BLOCK {
        draw(spec, &mut rng, &mut d);
    }
    for index in from..from.saturating_add(limit) {
        if index.is_multiple_of(BLOCK) && index != from {
            rng = sdlab_sim::rng::Rng::stream(seed, index / BLOCK);
        }
        draw(spec, &mut rng, &mut d);
        let o = Orders::of(spec, &d);
        if o.outcome(&d, spec.r, spec.w).tau > t {
            return Some(index);
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::latency::Legs;

    fn spec() -> Spec {
        Spec {
            n: 3,
            r: 1,
            w: 1,
            legs: Legs::exponential(0.1, 0.1, 0.1, 0.1),
            wan: false,
            down: 0,
            k: 1,
            gap_ms: 0.0,
            repair_rate: None,
        }
    }

    #[test]
    fn a_stale_trial_is_stale_in_its_trace_and_says_why() {
        let s = spec();
        let i = first_stale(&s, 3, 0, 0.0, 10_000).expect("R = W = 1 is often stale");
        let tr = trace(&s, 3, i, 0.0);
        assert!(!tr.consistent);
        let read: Vec<_> = tr.lanes.iter().filter(|l| l.in_read_set).collect();
        assert_eq!(read.len(), 1);
        // The read request arrived before the write did.
        assert!(read[0].read_at < read[0].write_at);
        assert_eq!(tr.lanes.iter().filter(|l| l.acked).count(), 1);
        // Every trial before it was consistent.
        assert!((0..i).all(|j| trace(&s, 3, j, 0.0).consistent));
        let later = first_stale(&s, 3, i + 1, 0.0, 10_000).expect("another");
        assert!(later > i && !trace(&s, 3, later, 0.0).consistent);
        let strict = Spec { r: 2, w: 2, ..s };
        assert_eq!(first_stale(&strict, 3, 0, 0.0, 5_000), None);
    }
}
