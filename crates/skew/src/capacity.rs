//! Per-partition capacity and throttling.
//!
//! The book (System Design on AWS, ch. 10, "Amazon DynamoDB"): "The partitions have hard limits for
//! allowing 3,000 RCUs and 1,000 WCUs (or a combination of both) per second, and requests are
//! throttled once this limit is breached"; provisioned throughput "is equally divided among the
//! partitions"; 10 GB of storage per partition.
//!
//! Two throttle models: *combined* (the book's "or a combination of both"): `u = r/R + w/W`, and
//! above `u = 1` a fraction `1 − 1/u` of both reads and writes is throttled; *independent*
//! (current AWS documentation, not the book): reads throttled by `max(0, 1 − R/r)`, writes by
//! `max(0, 1 − W/w)`. Two cap sources: the hard caps alone (adaptive capacity lets a partition use
//! the table's unused throughput up to them — AWS documentation), or the book's equal split
//! `min(3000, table RCU / P)`, `min(1000, table WCU / P)`. Optional burst capacity (AWS
//! documentation): each partition keeps up to 300 s of unused capacity and spends it when over.
//! Capacity units (AWS documentation): a strongly consistent read of up to 4 KB is 1 RCU, a write
//! of up to 1 KB is 1 WCU, sizes rounding up.

use serde::{Deserialize, Serialize};

/// DynamoDB's per-partition read cap, RCU/s (the book, ch. 10).
pub const READ_CAP: f64 = 3_000.0;
/// DynamoDB's per-partition write cap, WCU/s (the book, ch. 10).
pub const WRITE_CAP: f64 = 1_000.0;
/// DynamoDB's storage per partition, GB (the book, ch. 10).
pub const SIZE_CAP_GB: f64 = 10.0;
/// Burst capacity retained, seconds of unused capacity (AWS documentation).
pub const BURST_SECONDS: f64 = 300.0;

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum ThrottleModel {
    /// The book: `r/R + w/W ≤ 1`.
    Combined,
    /// AWS documentation: reads and writes throttle separately.
    Independent,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum CapSource {
    /// 3,000 RCU/s and 1,000 WCU/s per partition.
    HardCaps,
    /// The book's model: the table's provisioned throughput divided equally, at most the caps.
    EqualSplit,
}

impl ThrottleModel {
    pub fn token(self) -> &'static str {
        match self {
            ThrottleModel::Combined => "combined",
            ThrottleModel::Independent => "independent",
        }
    }
}

impl std::fmt::Display for ThrottleModel {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.token())
    }
}

impl std::str::FromStr for ThrottleModel {
    type Err = String;
    fn from_str(s: &str) -> Result<Self, String> {
        [ThrottleModel::Combined, ThrottleModel::Independent]
            .into_iter()
            .find(|m| m.token() == s)
            .ok_or_else(|| format!("unknown throttle model “{s}”"))
    }
}

impl CapSource {
    pub fn token(self) -> &'static str {
        match self {
            CapSource::HardCaps => "hard",
            CapSource::EqualSplit => "split",
        }
    }
}

impl std::fmt::Display for CapSource {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.token())
    }
}

impl std::str::FromStr for CapSource {
    type Err = String;
    fn from_str(s: &str) -> Result<Self, String> {
        [CapSource::HardCaps, CapSource::EqualSplit]
            .into_iter()
            .find(|m| m.token() == s)
            .ok_or_else(|| format!("unknown capacity source “{s}”"))
    }
}

/// Per-partition limits.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Capacity {
    pub model: ThrottleModel,
    pub source: CapSource,
    /// Provisioned table throughput (for the equal split).
    pub table_rcu: f64,
    pub table_wcu: f64,
    /// Item size in KB (rounds up to 4 KB read units and 1 KB write units).
    pub item_kb: f64,
    pub burst: bool,
}

impl Default for Capacity {
    fn default() -> Self {
        Capacity {
            model: ThrottleModel::Combined,
            source: CapSource::HardCaps,
            table_rcu: 40_000.0,
            table_wcu: 10_000.0,
            item_kb: 1.0,
            burst: false,
        }
    }
}

impl Capacity {
    /// `(R, W)` per partition for `p` partitions, in units per second.
    pub fn caps(&self, p: u32) -> (f64, f64) {
        match self.source {
            CapSource::HardCaps => (READ_CAP, WRITE_CAP),
            CapSource::EqualSplit => {
                let p = f64::from(p.max(1));
                (
                    (self.table_rcu / p).min(READ_CAP),
                    (self.table_wcu / p).min(WRITE_CAP),
                )
            }
        }
    }

    /// RCU per strongly consistent read and WCU per write of one item.
    pub fn units(&self) -> (f64, f64) {
        let kb = self.item_kb.max(0.0);
        ((kb / 4.0).ceil().max(1.0), kb.ceil().max(1.0))
    }
}

/// The served fractions `(reads, writes)` of a partition's demand `r`, `w` (units/s) under caps
/// `R`, `W`, without burst.
pub fn served(model: ThrottleModel, r: f64, w: f64, caps: (f64, f64)) -> (f64, f64) {
    let (rc, wc) = caps;
    let ratio = |d: f64, c: f64| {
        if d <= 0.0 {
            0.0
        } else if c <= 0.0 {
            f64::INFINITY
        } else {
            d / c
        }
    };
    match model {
        ThrottleModel::Combined => {
            let u = ratio(r, rc) + ratio(w, wc);
            let s = if u <= 1.0 { 1.0 } else { 1.0 / u };
            (s, s)
        }
        ThrottleModel::Independent => {
            let f = |d: f64, c: f64| {
                let u = ratio(d, c);
                if u <= 1.0 { 1.0 } else { 1.0 / u }
            };
            (f(r, rc), f(w, wc))
        }
    }
}

/// A partition's burst buckets, in seconds of full capacity (reads and writes share one under the
/// combined model).
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Buckets {
    pub read: f64,
    pub write: f64,
}

impl Buckets {
    /// Full: the table idled for five minutes before the run.
    pub fn full() -> Self {
        Buckets {
            read: BURST_SECONDS,
            write: BURST_SECONDS,
        }
    }
}

/// Served request counts `(reads, writes)` of one partition over one slot of `dt` seconds with
/// `reads`, `writes` requests (`units` per request), spending and refilling `buckets` if given.
pub fn serve_slot(
    model: ThrottleModel,
    reads: f64,
    writes: f64,
    dt: f64,
    units: (f64, f64),
    caps: (f64, f64),
    buckets: Option<&mut Buckets>,
) -> (f64, f64) {
    // Demand in capacity-seconds.
    let need = |d: f64, unit: f64, cap: f64| {
        if d <= 0.0 {
            0.0
        } else if cap <= 0.0 {
            f64::INFINITY
        } else {
            d * unit / cap
        }
    };
    let (nr, nw) = (need(reads, units.0, caps.0), need(writes, units.1, caps.1));
    let Some(b) = buckets else {
        let (sr, sw) = served(model, reads * units.0 / dt, writes * units.1 / dt, caps);
        return (reads * sr, writes * sw);
    };
    let spend = |demand: f64, bucket: &mut f64| -> f64 {
        let available = dt + *bucket;
        let served = if demand <= available {
            1.0
        } else {
            available / demand
        };
        *bucket = (available - demand.min(available)).min(BURST_SECONDS);
        served
    };
    match model {
        ThrottleModel::Combined => {
            let s = spend(nr + nw, &mut b.read);
            b.write = b.read;
            (reads * s, writes * s)
        }
        ThrottleModel::Independent => (
            reads * spend(nr, &mut b.read),
            writes * spend(nw, &mut b.write),
        ),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn nothing_is_throttled_under_the_caps() {
        for model in [ThrottleModel::Combined, ThrottleModel::Independent] {
            assert_eq!(
                served(model, 2_000.0, 300.0, (READ_CAP, WRITE_CAP)),
                (1.0, 1.0)
            );
            assert_eq!(served(model, 0.0, 0.0, (READ_CAP, WRITE_CAP)), (1.0, 1.0));
        }
        // Combined: 2,000/3,000 + 400/1,000 = 1.07 > 1 throttles; independent does not.
        let (r, w) = served(
            ThrottleModel::Combined,
            2_000.0,
            400.0,
            (READ_CAP, WRITE_CAP),
        );
        assert!((r - 1.0 / (2.0 / 3.0 + 0.4)).abs() < 1e-12 && r == w);
        assert_eq!(
            served(
                ThrottleModel::Independent,
                2_000.0,
                400.0,
                (READ_CAP, WRITE_CAP)
            ),
            (1.0, 1.0)
        );
    }

    #[test]
    fn the_models_agree_on_reads_alone_or_writes_alone() {
        for r in [0.0, 1_000.0, 3_000.0, 6_000.0, 30_000.0] {
            assert_eq!(
                served(ThrottleModel::Combined, r, 0.0, (READ_CAP, WRITE_CAP)).0,
                served(ThrottleModel::Independent, r, 0.0, (READ_CAP, WRITE_CAP)).0
            );
            assert_eq!(
                served(ThrottleModel::Combined, 0.0, r, (READ_CAP, WRITE_CAP)).1,
                served(ThrottleModel::Independent, 0.0, r, (READ_CAP, WRITE_CAP)).1
            );
        }
        // Twice the cap serves half.
        assert_eq!(
            served(
                ThrottleModel::Independent,
                6_000.0,
                0.0,
                (READ_CAP, WRITE_CAP)
            )
            .0,
            0.5
        );
    }

    #[test]
    fn the_equal_split_divides_the_table_and_stops_at_the_caps() {
        let c = Capacity {
            source: CapSource::EqualSplit,
            table_rcu: 12_000.0,
            table_wcu: 2_000.0,
            ..Capacity::default()
        };
        assert_eq!(c.caps(4), (3_000.0, 500.0));
        assert_eq!(c.caps(2), (3_000.0, 1_000.0));
        assert_eq!(c.caps(8), (1_500.0, 250.0));
        assert_eq!(Capacity::default().caps(100), (READ_CAP, WRITE_CAP));
    }

    #[test]
    fn units_round_item_sizes_up() {
        let c = |kb| {
            Capacity {
                item_kb: kb,
                ..Capacity::default()
            }
            .units()
        };
        assert_eq!(c(1.0), (1.0, 1.0));
        assert_eq!(c(4.5), (2.0, 5.0));
        assert_eq!(c(0.1), (1.0, 1.0));
    }

    #[test]
    fn burst_absorbs_up_to_three_hundred_seconds_of_excess() {
        let caps = (READ_CAP, WRITE_CAP);
        // Twice the read cap for 10 s: 10 s of excess, all from a full bucket.
        let mut b = Buckets::full();
        let (r, _) = serve_slot(
            ThrottleModel::Independent,
            60_000.0,
            0.0,
            10.0,
            (1.0, 1.0),
            caps,
            Some(&mut b),
        );
        assert_eq!(r, 60_000.0);
        assert!((b.read - 290.0).abs() < 1e-9);
        // Without burst half is throttled.
        let (r, _) = serve_slot(
            ThrottleModel::Independent,
            60_000.0,
            0.0,
            10.0,
            (1.0, 1.0),
            caps,
            None,
        );
        assert!((r - 30_000.0).abs() < 1e-9);
        // An empty bucket refills by the unused capacity, at most 300 s.
        let mut e = Buckets {
            read: 0.0,
            write: 0.0,
        };
        serve_slot(
            ThrottleModel::Independent,
            0.0,
            0.0,
            1_000.0,
            (1.0, 1.0),
            caps,
            Some(&mut e),
        );
        assert_eq!(e.read, BURST_SECONDS);
    }
}
