//! What a run's counts mean under a capacity model and an offered load: per-partition request
//! rates and capacity units, throttling per partition and per time slot, imbalance, the
//! hot-key bound, data size against the 10 GB cap, and throttling as the load rises. Pure and
//! cheap (slots × partitions per load level), so capacity edits apply without a re-run.
//!
//! The hot-key bound (derived): each key lives on one partition, so the partition holding the
//! hottest key carries at least that key's requests; hence `max/mean ≥ P · p̂₁` with `p̂₁` the
//! key's measured share of the physical requests on its busiest partition. Hashing, vnodes and
//! range tuning can approach the bound but never go below it.
//!
//! Monte Carlo error: requests are drawn independently, so the run's time slots are independent
//! batches of equal size. The headline numbers (max/mean, the throttled fraction) carry a 95%
//! interval from the delete-one-block jackknife over [`BLOCKS`] contiguous blocks of slots
//! (Efron & Tibshirani, "An Introduction to the Bootstrap", ch. 11, the jackknife estimate of
//! standard error), with Student's t at `BLOCKS − 1` degrees of freedom.

use serde::{Deserialize, Serialize};

use crate::capacity::{Buckets, Capacity, SIZE_CAP_GB, serve_slot};
use crate::place::Scheme;
use crate::run::{Report, SchemeReport};

/// Multiples of the offered load on the throttling curve.
pub const LOAD_STEPS: [f64; 13] = [
    0.1, 0.2, 0.3, 0.5, 0.7, 1.0, 1.5, 2.0, 3.0, 5.0, 7.0, 10.0, 20.0,
];

/// Blocks of time slots for the jackknife.
pub const BLOCKS: usize = 10;

/// One partition's numbers.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct PartitionLoad {
    /// Physical requests per second.
    pub reads_per_s: f64,
    pub writes_per_s: f64,
    /// Capacity units per second.
    pub rcu: f64,
    pub wcu: f64,
    /// Throttled fraction of this partition's requests.
    pub throttled: f64,
    pub data_gb: f64,
}

/// One scheme under the capacity model.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct SchemeAnalysis {
    pub partitions: Vec<PartitionLoad>,
    /// Physical requests per partition, the raw counts.
    pub loads: Vec<u64>,
    pub max_over_mean: f64,
    /// Half-width of its 95% interval (jackknife over blocks of the stream).
    pub max_over_mean_ci: f64,
    /// Max/mean of the exact expected loads, where the law has them.
    pub expected_max_over_mean: Option<f64>,
    /// Coefficient of variation (population sd / mean) of the loads.
    pub cv: f64,
    /// The busiest partition and its share of the physical requests.
    pub hottest_partition: usize,
    pub hottest_share: f64,
    /// `max(1, P · p̂₁)`: no scheme can get max/mean below this with the hottest key where it is.
    pub bound: f64,
    /// Throttled requests over demanded, for the whole table.
    pub throttled_fraction: f64,
    /// Half-width of its 95% interval (jackknife over blocks of the stream).
    pub throttled_ci: f64,
    /// Throttled fraction at each of [`LOAD_STEPS`] × the offered load.
    pub curve: Vec<(f64, f64)>,
    /// Per slot, per partition (slot-major): requests per second, for the heat map.
    pub heat: Vec<Vec<f64>>,
    /// Partitions over the 10 GB cap, and the fewest partitions the data needs.
    pub over_size: usize,
    pub min_partitions_for_size: u64,
    /// The caps `(R, W)` each partition has.
    pub caps: (f64, f64),
    /// Mean partitions a range scan asks (from the run).
    pub scan_partitions: f64,
    /// The hottest key alone, even on a partition of its own (what split for heat can reach at
    /// best): the fraction of the table's requests it still has throttled.
    pub hot_key_floor: f64,
    /// Split for heat at its best (see [`split_for_heat`]): the throttled fraction left, and
    /// whether that is exact (else a lower bound: keys were not counted one by one).
    pub split_throttled: f64,
    pub split_exact: bool,
}

/// Split for heat (AWS documentation, not the book): a partition that stays over its limit is
/// split in two at its load median, again and again; each part is a partition with the hard
/// caps. Splitting ends at a single item (key, or key#suffix with write sharding): one item's
/// requests cannot be spread. So at best every part is under its limit except the items that
/// alone exceed it, and what stays throttled is those items' excess: with `S` suffixes an item
/// gets every read of its key (reads ask all suffixes) and a `1/S` share of its writes. Rates are
/// the run's means, without burst; the minutes splitting takes in DynamoDB are not modelled.
/// Under range partitioning, inserts of ever larger keys all go to the part that holds the top
/// of the key range, whatever it is split into, so they count as one item too.
/// Returns the throttled fraction of the physical requests `total`, and whether it is exact:
/// every key not listed had at most the last listed key's requests, so if that many alone stays
/// under the caps, so does every unlisted item.
pub fn split_for_heat(
    report: &Report,
    rep: &SchemeReport,
    cap: &Capacity,
    duration: f64,
    total: f64,
) -> (f64, bool) {
    let (ur, uw) = cap.units();
    let caps = (crate::capacity::READ_CAP, crate::capacity::WRITE_CAP);
    let s = f64::from(report.shards.max(1));
    // `(reads, writes, copies)` per item.
    let ranged = matches!(rep.spec.scheme, Scheme::Range | Scheme::RangeLoad);
    let top_inserts = rep.inserted.iter().copied().max().unwrap_or(0);
    let items = report
        .hot_items
        .iter()
        .map(|i| (i.reads as f64, i.writes as f64 / s, s))
        .chain((ranged && top_inserts > 0).then_some((0.0, top_inserts as f64, 1.0)));
    let mut throttled = 0.0;
    for (r, w, copies) in items {
        let (sr, sw) =
            crate::capacity::served(cap.model, r / duration * ur, w / duration * uw, caps);
        throttled += copies * (r * (1.0 - sr) + w * (1.0 - sw));
    }
    let exact = report.hot_items_complete
        && (report.hot_items.len() < crate::run::HOT_ITEMS
            || report.hot_items.last().is_none_or(|last| {
                last.count as f64 / duration * (ur / caps.0).max(uw / caps.1) <= 1.0
            }));
    (if total > 0.0 { throttled / total } else { 0.0 }, exact)
}

/// The throttled fraction of `rep` with slots of `dt` seconds, the throttled requests per
/// partition, and per slot `(throttled, demanded)`.
fn throttle(
    rep: &SchemeReport,
    slots: usize,
    dt: f64,
    cap: &Capacity,
    scale: f64,
) -> (f64, Vec<f64>, Vec<(f64, f64)>) {
    let p = rep.reads.len();
    let units = cap.units();
    let caps = cap.caps(p as u32);
    let mut buckets = vec![Buckets::full(); p];
    let mut throttled = vec![0.0; p];
    let mut per_slot = vec![(0.0, 0.0); slots];
    for (s, slot) in per_slot.iter_mut().enumerate() {
        for j in 0..p {
            let r = f64::from(rep.slot_reads[s * p + j]) * scale;
            let w = f64::from(rep.slot_writes[s * p + j]) * scale;
            if r + w == 0.0 {
                if cap.burst {
                    serve_slot(cap.model, 0.0, 0.0, dt, units, caps, Some(&mut buckets[j]));
                }
                continue;
            }
            let (sr, sw) = serve_slot(
                cap.model,
                r,
                w,
                dt,
                units,
                caps,
                cap.burst.then_some(&mut buckets[j]),
            );
            throttled[j] += (r - sr) + (w - sw);
            slot.0 += (r - sr) + (w - sw);
            slot.1 += r + w;
        }
    }
    let demanded: f64 = rep
        .reads
        .iter()
        .chain(&rep.writes)
        .map(|&v| v as f64 * scale)
        .sum();
    let total: f64 = throttled.iter().sum();
    (
        if demanded > 0.0 {
            total / demanded
        } else {
            0.0
        },
        throttled,
        per_slot,
    )
}

/// The 95% half-width of a statistic from its delete-one-block values `leave_out` (the jackknife
/// standard error `√((G − 1)/G · Σ (θ₍g₎ − θ̄)²)` times Student's t at `G − 1` degrees of freedom).
pub fn jackknife_ci(leave_out: &[f64]) -> f64 {
    let g = leave_out.len();
    if g < 2 || leave_out.iter().any(|v| !v.is_finite()) {
        return 0.0;
    }
    let mean = leave_out.iter().sum::<f64>() / g as f64;
    let ss: f64 = leave_out.iter().map(|v| (v - mean) * (v - mean)).sum();
    let gf = g as f64;
    ((gf - 1.0) / gf * ss).sqrt() * sdlab_sim::stats::t_975(g as u32 - 1)
}

/// Slot `s`'s block of [`BLOCKS`] (fewer when there are fewer slots).
fn block_of(s: usize, slots: usize) -> usize {
    let g = BLOCKS.min(slots).max(1);
    s * g / slots.max(1)
}

fn max_over_mean(loads: impl Iterator<Item = f64>) -> f64 {
    let (mut max, mut sum, mut n) = (0.0f64, 0.0, 0.0);
    for v in loads {
        max = max.max(v);
        sum += v;
        n += 1.0;
    }
    if sum > 0.0 { max * n / sum } else { 0.0 }
}

/// `report` under `cap` when the logical requests arrive at `load` per second.
pub fn analyse_scheme(
    report: &Report,
    rep: &SchemeReport,
    cap: &Capacity,
    load: f64,
) -> SchemeAnalysis {
    let p = rep.reads.len().max(1);
    let slots = report.slots.max(1) as usize;
    let duration = if load > 0.0 {
        report.requests as f64 / load
    } else {
        f64::INFINITY
    };
    let dt = duration / slots as f64;
    let (units_r, units_w) = cap.units();
    let loads: Vec<u64> = rep
        .reads
        .iter()
        .zip(&rep.writes)
        .map(|(r, w)| r + w)
        .collect();
    let total: u64 = loads.iter().sum();
    let mean = total as f64 / p as f64;
    let (hottest_partition, max) = loads
        .iter()
        .enumerate()
        .fold((0, 0), |b, (j, &v)| if v > b.1 { (j, v) } else { b });
    let var = loads
        .iter()
        .map(|&v| (v as f64 - mean) * (v as f64 - mean))
        .sum::<f64>()
        / p as f64;
    let top_on = rep.top_key_on.iter().copied().max().unwrap_or(0);
    let (throttled_fraction, throttled, per_slot) = throttle(rep, slots, dt, cap, 1.0);
    let curve = LOAD_STEPS
        .iter()
        .map(|&m| (m * load, throttle(rep, slots, dt / m, cap, 1.0).0))
        .collect();
    // The jackknife: each block's per-partition loads and throttled/demanded, left out in turn.
    let blocks = BLOCKS.min(slots).max(1);
    let mut block_loads = vec![vec![0.0f64; p]; blocks];
    let mut block_throttle = vec![(0.0, 0.0); blocks];
    for (s, &(t, d)) in per_slot.iter().enumerate() {
        let b = block_of(s, slots);
        for (j, v) in block_loads[b].iter_mut().enumerate() {
            *v += f64::from(rep.slot_reads[s * p + j] + rep.slot_writes[s * p + j]);
        }
        block_throttle[b].0 += t;
        block_throttle[b].1 += d;
    }
    let (all_throttled, all_demanded) = per_slot
        .iter()
        .fold((0.0, 0.0), |a, s| (a.0 + s.0, a.1 + s.1));
    let max_over_mean_ci = jackknife_ci(
        &block_loads
            .iter()
            .map(|b| max_over_mean((0..p).map(|j| loads[j] as f64 - b[j])))
            .collect::<Vec<_>>(),
    );
    let throttled_ci = jackknife_ci(
        &block_throttle
            .iter()
            .map(|&(t, d)| {
                let d = all_demanded - d;
                if d > 0.0 {
                    (all_throttled - t) / d
                } else {
                    0.0
                }
            })
            .collect::<Vec<_>>(),
    );
    let gb = |keys: f64| keys * cap.item_kb / 1e6;
    let partitions: Vec<PartitionLoad> = (0..p)
        .map(|j| {
            let (r, w) = (
                rep.reads[j] as f64 / duration,
                rep.writes[j] as f64 / duration,
            );
            PartitionLoad {
                reads_per_s: r,
                writes_per_s: w,
                rcu: r * units_r,
                wcu: w * units_w,
                throttled: if loads[j] > 0 {
                    throttled[j] / loads[j] as f64
                } else {
                    0.0
                },
                data_gb: gb(rep.keys[j] + rep.inserted[j] as f64),
            }
        })
        .collect();
    let total_gb: f64 = partitions.iter().map(|q| q.data_gb).sum();
    let heat = (0..slots)
        .map(|s| {
            (0..p)
                .map(|j| f64::from(rep.slot_reads[s * p + j] + rep.slot_writes[s * p + j]) / dt)
                .collect()
        })
        .collect();
    // The hottest key alone on a partition: its busiest partition's share of it, as a rate.
    let caps = cap.caps(p as u32);
    let hot_key_floor = {
        let j = rep
            .top_key_on
            .iter()
            .enumerate()
            .max_by_key(|&(_, v)| *v)
            .map_or(0, |(j, _)| j);
        let on = rep.top_key_on[j] as f64;
        let part = (rep.reads[j] + rep.writes[j]).max(1) as f64;
        // Split the key's requests into reads and writes in its partition's proportion.
        let (r, w) = (
            on * rep.reads[j] as f64 / part,
            on * rep.writes[j] as f64 / part,
        );
        let (sr, sw) = crate::capacity::served(
            cap.model,
            r / duration * units_r,
            w / duration * units_w,
            caps,
        );
        if total > 0 {
            (r * (1.0 - sr) + w * (1.0 - sw)) / total as f64
        } else {
            0.0
        }
    };
    let (split_throttled, split_exact) = split_for_heat(report, rep, cap, duration, total as f64);
    SchemeAnalysis {
        split_throttled,
        split_exact,
        loads: loads.clone(),
        max_over_mean: if mean > 0.0 { max as f64 / mean } else { 0.0 },
        max_over_mean_ci,
        expected_max_over_mean: rep
            .expected
            .as_ref()
            .map(|e| max_over_mean(e.iter().copied())),
        cv: if mean > 0.0 { var.sqrt() / mean } else { 0.0 },
        hottest_partition,
        hottest_share: if total > 0 {
            max as f64 / total as f64
        } else {
            0.0
        },
        // And trivially ≥ 1: the busiest partition carries at least the mean.
        bound: if total > 0 {
            (p as f64 * top_on as f64 / total as f64).max(1.0)
        } else {
            0.0
        },
        throttled_fraction,
        throttled_ci,
        curve,
        heat,
        over_size: partitions
            .iter()
            .filter(|q| q.data_gb > SIZE_CAP_GB)
            .count(),
        min_partitions_for_size: (total_gb / SIZE_CAP_GB).ceil().max(1.0) as u64,
        partitions,
        caps,
        scan_partitions: rep.scan_partitions,
        hot_key_floor,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::capacity::{CapSource, ThrottleModel};
    use crate::dist::{DistKind, DistSpec};
    use crate::place::SchemeSpec;
    use crate::run::{SkewJob, Workload};
    use sdlab_sim::Job;

    fn report(kind: DistKind, scheme: Scheme, p: u32, write_fraction: f64) -> Report {
        let job = SkewJob {
            dist: DistSpec {
                kind,
                keys: 10_000,
                hot_keys: vec![(42, 0.5)],
                ..DistSpec::default()
            },
            workload: Workload {
                write_fraction,
                ..Workload::default()
            },
            schemes: vec![SchemeSpec {
                scheme,
                partitions: p,
                vnodes: 16,
                composite: None,
            }],
            requests: 100_000,
            seed: 3,
            slots: 20,
        };
        sdlab_sim::job::run(job.start().expect("valid"), 50_000, |_| {})
    }

    #[test]
    fn nothing_throttles_under_the_caps_and_the_curve_rises() {
        let r = report(DistKind::Uniform, Scheme::Hash, 10, 0.2);
        let cap = Capacity::default();
        // 10,000 req/s over 10 partitions: ≈ 800 reads and 200 writes per partition per second.
        // Combined: 800/3000 + 200/1000 ≈ 0.47 < 1.
        let a = analyse_scheme(&r, &r.schemes[0], &cap, 10_000.0);
        assert_eq!(a.throttled_fraction, 0.0);
        assert!(
            a.partitions
                .iter()
                .all(|q| (q.reads_per_s - 800.0).abs() < 100.0)
        );
        assert!(a.curve.windows(2).all(|w| w[1].1 >= w[0].1 - 1e-12));
        assert!(a.curve.last().map_or(0.0, |c| c.1) > 0.5);
        assert_eq!(a.caps, (3_000.0, 1_000.0));
        assert!((a.max_over_mean - 1.0).abs() < 0.1 && a.cv < 0.05);
    }

    #[test]
    fn a_single_hot_key_throttles_under_every_scheme_and_split_for_heat_cannot_fix_it() {
        // Key 42 has half the traffic: at 20,000 req/s with 20% writes it alone wants 2,000 WCU/s
        // and 8,000 RCU/s, over any single partition's caps (reference 5.3).
        for scheme in Scheme::ALL {
            let r = report(DistKind::HotKeys, scheme, 16, 0.2);
            let a = analyse_scheme(&r, &r.schemes[0], &Capacity::default(), 20_000.0);
            assert!(
                a.bound > 7.0 && a.max_over_mean >= a.bound,
                "{scheme:?}: {} {}",
                a.max_over_mean,
                a.bound
            );
            assert!(a.throttled_fraction > 0.2, "{scheme:?}");
            // Alone at its partition: u = 8000/3000 + 2000/1000 = 4.67, 1 − 1/u ≈ 0.786 of its half.
            assert!(
                (a.hot_key_floor - 0.5 * (1.0 - 1.0 / (8.0 / 3.0 + 2.0))).abs() < 0.02,
                "{}",
                a.hot_key_floor
            );
            // Per-slot throttling against the key's mean rate: equal up to rounding when alone.
            assert!(
                a.hot_key_floor <= a.throttled_fraction * (1.0 + 1e-3),
                "{scheme:?} {} {}",
                a.hot_key_floor,
                a.throttled_fraction
            );
        }
    }

    #[test]
    fn split_for_heat_splits_a_hot_partition_but_not_a_hot_key() {
        // Uniform keys over the caps: 60,000 req/s on 10 partitions, 80% reads, is 4,800 reads/s
        // and 1,200 writes/s each, u = 1.6 + 1.2 = 2.8, so 64% is throttled; split for heat
        // spreads the 10,000 keys until each part is under its limit: nothing stays throttled.
        let r = report(DistKind::Uniform, Scheme::Hash, 10, 0.2);
        let a = analyse_scheme(&r, &r.schemes[0], &Capacity::default(), 60_000.0);
        assert!(
            (a.throttled_fraction - (1.0 - 1.0 / 2.8)).abs() < 0.02,
            "{}",
            a.throttled_fraction
        );
        assert_eq!((a.split_throttled, a.split_exact), (0.0, true));
        // One key with half the traffic: what stays throttled is that key alone, as the floor.
        for scheme in Scheme::ALL {
            let r = report(DistKind::HotKeys, scheme, 16, 0.2);
            let a = analyse_scheme(&r, &r.schemes[0], &Capacity::default(), 20_000.0);
            assert!(a.split_exact, "{scheme:?}");
            assert!(
                (a.split_throttled - a.hot_key_floor).abs() < 0.01,
                "{scheme:?}: {} vs {}",
                a.split_throttled,
                a.hot_key_floor
            );
            assert!(
                a.split_throttled <= a.throttled_fraction * (1.0 + 1e-3),
                "{scheme:?} {} {}",
                a.split_throttled,
                a.throttled_fraction
            );
        }
    }

    #[test]
    fn write_sharding_lets_split_for_heat_spread_a_hot_writer() {
        // A key with half of 20,000 writes/s wants 10,000 WCU/s: alone on a partition 90% of
        // it is throttled (u = 10), 45% of all requests. With 20 suffixes each item gets 500
        // WCU/s on average, under the cap, so splitting can place them apart.
        let mut job = SkewJob {
            dist: DistSpec {
                kind: DistKind::HotKeys,
                keys: 10_000,
                hot_keys: vec![(42, 0.5)],
                ..DistSpec::default()
            },
            workload: Workload {
                write_fraction: 1.0,
                ..Workload::default()
            },
            schemes: vec![SchemeSpec {
                scheme: Scheme::Hash,
                partitions: 64,
                vnodes: 16,
                composite: None,
            }],
            requests: 100_000,
            seed: 5,
            slots: 20,
        };
        let run = |job: &SkewJob| sdlab_sim::job::run(job.start().expect("valid"), 50_000, |_| {});
        let r = run(&job);
        let a = analyse_scheme(&r, &r.schemes[0], &Capacity::default(), 20_000.0);
        assert!(
            (a.split_throttled - 0.45).abs() < 0.01,
            "{}",
            a.split_throttled
        );
        job.workload.shards = 20;
        let r = run(&job);
        let a = analyse_scheme(&r, &r.schemes[0], &Capacity::default(), 20_000.0);
        assert_eq!(a.split_throttled, 0.0);
        assert!(a.split_exact);
    }

    #[test]
    fn no_split_keeps_up_with_monotonic_inserts_under_range_partitioning() {
        // 100,000 inserts at 5,000/s: range sends all to the last partition (u = 5, 80% of them
        // throttled) and splitting it leaves the top part with all of them.
        let r = report(DistKind::Sequential, Scheme::Range, 4, 1.0);
        let a = analyse_scheme(&r, &r.schemes[0], &Capacity::default(), 5_000.0);
        assert!(
            (a.throttled_fraction - 0.8).abs() < 1e-9,
            "{}",
            a.throttled_fraction
        );
        assert!(
            (a.split_throttled - 0.8).abs() < 1e-9,
            "{}",
            a.split_throttled
        );
        let r = report(DistKind::Sequential, Scheme::Hash, 4, 1.0);
        let a = analyse_scheme(&r, &r.schemes[0], &Capacity::default(), 5_000.0);
        // 1,250 WCU/s on each: u = 1.25, 20% throttled, and every part of a split takes half.
        assert!(
            (a.throttled_fraction - 0.2).abs() < 0.03,
            "{}",
            a.throttled_fraction
        );
        assert_eq!(a.split_throttled, 0.0);
    }

    #[test]
    fn without_key_counts_split_for_heat_is_a_lower_bound() {
        let mut r = report(DistKind::HotKeys, Scheme::Hash, 16, 0.2);
        r.hot_items_complete = false;
        let a = analyse_scheme(&r, &r.schemes[0], &Capacity::default(), 20_000.0);
        assert!(!a.split_exact && a.split_throttled > 0.3);
    }

    #[test]
    fn the_book_equal_split_throttles_earlier_than_the_hard_caps() {
        // Source: System Design on AWS, ch. 10, "Amazon DynamoDB": throughput "equally divided among
        // the partitions", 3,000 RCU/s per partition. Tolerance 0.05 (sampling noise of 10⁵ requests).
        let r = report(DistKind::Uniform, Scheme::Hash, 10, 0.0);
        let split = Capacity {
            source: CapSource::EqualSplit,
            table_rcu: 10_000.0,
            ..Capacity::default()
        };
        // 20,000 reads/s over 10 partitions: 2,000 each, over the 1,000 equal share, under 3,000.
        let hard = analyse_scheme(&r, &r.schemes[0], &Capacity::default(), 20_000.0);
        let book = analyse_scheme(&r, &r.schemes[0], &split, 20_000.0);
        assert_eq!(hard.throttled_fraction, 0.0);
        assert!(
            (book.throttled_fraction - 0.5).abs() < 0.05,
            "{}",
            book.throttled_fraction
        );
        let independent = Capacity {
            model: ThrottleModel::Independent,
            ..split
        };
        assert!(
            (analyse_scheme(&r, &r.schemes[0], &independent, 20_000.0).throttled_fraction
                - book.throttled_fraction)
                .abs()
                < 1e-12
        );
    }

    #[test]
    fn burst_capacity_absorbs_a_short_overload() {
        let r = report(DistKind::Uniform, Scheme::Hash, 10, 0.0);
        // 40,000 reads/s for 2.5 s: 1,000/s per partition over the cap, 2.5 s of excess ≪ 300 s.
        let burst = Capacity {
            burst: true,
            ..Capacity::default()
        };
        assert!(
            analyse_scheme(&r, &r.schemes[0], &Capacity::default(), 40_000.0).throttled_fraction
                > 0.2
        );
        assert_eq!(
            analyse_scheme(&r, &r.schemes[0], &burst, 40_000.0).throttled_fraction,
            0.0
        );
    }

    #[test]
    fn the_jackknife_interval_matches_the_spread_over_seeds() {
        // 40 seeds of a run that throttles: the mean jackknife standard error (half-width ÷ t₉)
        // of max/mean and of the throttled fraction against their sd over the seeds. The sd of 40
        // runs is itself uncertain by about ±11% (1 sd) and the jackknife over 10 blocks by about
        // ±24%, so the test allows a factor of 2 either way.
        let t9 = sdlab_sim::stats::t_975(9);
        let mut mm = Vec::new();
        let mut th = Vec::new();
        let (mut se_mm, mut se_th) = (0.0, 0.0);
        for seed in 0..40 {
            let job = SkewJob {
                dist: DistSpec {
                    kind: DistKind::Zipf,
                    keys: 5_000,
                    ..DistSpec::default()
                },
                workload: Workload::default(),
                schemes: vec![SchemeSpec {
                    scheme: Scheme::Hash,
                    partitions: 8,
                    vnodes: 16,
                    composite: None,
                }],
                requests: 20_000,
                seed,
                slots: 40,
            };
            let r = sdlab_sim::job::run(job.start().expect("valid"), 50_000, |_| {});
            let a = analyse_scheme(&r, &r.schemes[0], &Capacity::default(), 12_000.0);
            mm.push(a.max_over_mean);
            th.push(a.throttled_fraction);
            se_mm += a.max_over_mean_ci / t9 / 40.0;
            se_th += a.throttled_ci / t9 / 40.0;
        }
        let sd = |v: &[f64]| {
            let m = v.iter().sum::<f64>() / v.len() as f64;
            (v.iter().map(|x| (x - m) * (x - m)).sum::<f64>() / (v.len() - 1) as f64).sqrt()
        };
        let (sd_mm, sd_th) = (sd(&mm), sd(&th));
        assert!(th.iter().all(|&t| t > 0.01), "the run throttles: {th:?}");
        assert!(
            (0.5..2.0).contains(&(se_mm / sd_mm)),
            "max/mean: {se_mm} vs {sd_mm}"
        );
        assert!(
            (0.5..2.0).contains(&(se_th / sd_th)),
            "throttled: {se_th} vs {sd_th}"
        );
    }

    #[test]
    fn the_jackknife_of_a_constant_is_zero_and_of_a_spread_is_positive() {
        assert!(jackknife_ci(&[0.3; 10]) < 1e-12);
        assert_eq!(jackknife_ci(&[1.0]), 0.0);
        // Leave-one-out means of 0..10: θ₍g₎ = (45 − g)/9; SE = sd/√n of the data = 0.957.
        let loo: Vec<f64> = (0..10).map(|g| (45.0 - f64::from(g)) / 9.0).collect();
        let se = (9.16666666666666_f64 / 10.0).sqrt();
        assert!((jackknife_ci(&loo) - se * 2.262).abs() < 1e-9);
    }

    #[test]
    fn data_sizes_count_keys_and_inserts() {
        let r = report(DistKind::Sequential, Scheme::Range, 4, 1.0);
        let cap = Capacity {
            item_kb: 400.0,
            ..Capacity::default()
        };
        let a = analyse_scheme(&r, &r.schemes[0], &cap, 1_000.0);
        // 2,500 keys × 400 KB = 1 GB in each; the last also holds 100,000 inserts (40 GB).
        assert!((a.partitions[0].data_gb - 1.0).abs() < 1e-9);
        assert!((a.partitions[3].data_gb - 41.0).abs() < 1e-9);
        assert_eq!(a.over_size, 1);
        assert_eq!(a.min_partitions_for_size, 5);
    }
}
