//! One seeded request stream through one or two partitioning schemes, as a resumable
//! [`Job`]: each request is a read or a write (by the write fraction), touches a key drawn from
//! the popularity law, is served by an ideal cache of the hottest keys when it is a cached read,
//! and otherwise lands on a partition of every scheme; with write sharding a write takes a random
//! suffix `1..S` and a read asks all `S` suffixes. The report holds counts only; what they mean
//! under a capacity model is [`crate::analysis`]'s business, so capacity edits need no re-run.

use serde::{Deserialize, Serialize};

use sdlab_sim::rng::Rng;
use sdlab_sim::{Job, Stepper};

use crate::dist::{DistKind, DistSpec, Sampler};
use crate::place::{Placement, SchemeSpec};

/// Keys are counted one by one (rank–frequency, the hottest key) up to this many ids.
pub const DENSE_MAX: u64 = 1 << 20;
/// The most requests one run may simulate.
pub const MAX_REQUESTS: u64 = 100_000_000;
/// The most write-sharding suffixes.
pub const MAX_SHARDS: u32 = 1000;
/// Requests sampled to place `range-load` boundaries.
pub const BOUNDARY_SAMPLE: u64 = 20_000;
/// Range scans averaged for the scan cost.
const SCANS: u64 = 1000;
/// Expected loads are computed exactly when keys × suffixes is at most this.
const THEORY_MAX: u64 = 4_000_000;
/// The most requested keys the report lists with their reads and writes (for split for heat).
pub const HOT_ITEMS: usize = 64;

/// One of the most requested keys: its requests, and of them the reads that reach a partition
/// (not served by the cache) and the writes, all logical (before write sharding).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct HotItem {
    pub key: u64,
    pub count: u64,
    pub reads: u64,
    pub writes: u64,
}

/// What the requests do, apart from the keys they touch.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Workload {
    /// The fraction of requests that write (inserts for `latest` and `sequential`).
    pub write_fraction: f64,
    /// Write-sharding suffixes per key (1: none).
    pub shards: u32,
    /// Keys an ideal read cache in front holds (0: none).
    pub cache_items: u64,
    /// Keys per range scan, for the scan cost.
    pub scan_len: u64,
}

impl Default for Workload {
    fn default() -> Self {
        Workload {
            write_fraction: 0.2,
            shards: 1,
            cache_items: 0,
            scan_len: 100,
        }
    }
}

/// One run: the law, the workload, the schemes (the chosen one first), the stream's length,
/// the seed and the number of time slots the heat map shows.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct SkewJob {
    pub dist: DistSpec,
    pub workload: Workload,
    pub schemes: Vec<SchemeSpec>,
    pub requests: u64,
    pub seed: u64,
    pub slots: u32,
}

/// What one scheme saw.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct SchemeReport {
    pub spec: SchemeSpec,
    /// Physical requests per partition (after the cache, with read fan-out).
    pub reads: Vec<u64>,
    pub writes: Vec<u64>,
    /// Per slot, per partition (slot-major, `slots × P`).
    pub slot_reads: Vec<u32>,
    pub slot_writes: Vec<u32>,
    /// Keys stored per partition before the run (exact or expected), and inserts per partition.
    pub keys: Vec<f64>,
    pub keys_exact: bool,
    pub inserted: Vec<u64>,
    /// The law's hottest key's physical requests on each partition.
    pub top_key_on: Vec<u64>,
    /// The expected physical requests per partition, where the law has an exact PMF.
    pub expected: Option<Vec<f64>>,
    /// Their standard deviations over runs (each request is an independent draw).
    pub expected_sd: Option<Vec<f64>>,
    /// Mean partitions a scan of `scan_len` consecutive keys asks.
    pub scan_partitions: f64,
}

/// The stream's counts.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Report {
    pub requests: u64,
    pub reads: u64,
    pub writes: u64,
    pub cache_hits: u64,
    /// The exact ideal-cache hit ratio of reads, where the law defines one.
    pub exact_hit_ratio: Option<f64>,
    /// The most requested key (by count when keys are counted, else the law's hottest) and its
    /// requests (reads and writes, before the cache).
    pub top_key: u64,
    pub top_key_count: u64,
    /// The law's hottest key by definition and its requests; `top_key_on` follows this key.
    pub hot_key: u64,
    pub hot_key_count: u64,
    /// The most requested keys, most first: the top [`HOT_ITEMS`] when keys are counted one by
    /// one (`hot_items_complete`: every key not listed had at most the last one's requests),
    /// else the law's hottest key alone.
    pub hot_items: Vec<HotItem>,
    pub hot_items_complete: bool,
    /// Write-sharding suffixes per key.
    pub shards: u32,
    pub counts_exact: bool,
    /// `(rank, requests)` of the sampled keys by popularity, thinned to log-spaced ranks.
    pub rank_frequency: Vec<(u64, u64)>,
    /// Distinct keys touched (when counted).
    pub distinct: u64,
    /// The law's exact read probability at each rank of `rank_frequency`, where defined.
    pub theory: Vec<(u64, f64)>,
    /// Pearson's χ² of the key counts against the exact PMF (cells merged to ≥ 5 expected) and
    /// its degrees of freedom, where keys are counted and the law has a PMF.
    pub chi_square: Option<(f64, f64)>,
    /// Ids present at the end (keys plus inserts).
    pub ids_after: u64,
    pub slots: u32,
    pub schemes: Vec<SchemeReport>,
}

/// Checks a job; the message is for the user.
pub fn validate(job: &SkewJob) -> Result<(), String> {
    crate::dist::validate(&job.dist)?;
    let w = &job.workload;
    if !(0.0..=1.0).contains(&w.write_fraction) {
        return Err("the write fraction must be 0% to 100%".into());
    }
    if w.shards == 0 || w.shards > MAX_SHARDS {
        return Err(format!("write-sharding suffixes must be 1 to {MAX_SHARDS}"));
    }
    if job.requests == 0 || job.requests > MAX_REQUESTS {
        return Err(format!("requests must be 1 to {MAX_REQUESTS}"));
    }
    if job.schemes.is_empty() || job.slots == 0 || job.slots > 200 {
        return Err("a run needs a scheme and 1 to 200 time slots".into());
    }
    for s in &job.schemes {
        crate::place::validate(s)?;
    }
    Ok(())
}

pub struct SkewStepper {
    job: SkewJob,
    sampler: Sampler,
    rng: Rng,
    placements: Vec<Placement>,
    cache_set: Vec<u64>,
    counts: Option<Vec<u32>>,
    write_counts: Option<Vec<u32>>,
    /// The law's hottest key (by definition), followed request by request.
    hot_key: u64,
    hot_count: u64,
    hot_writes: u64,
    done: u64,
    reads: u64,
    writes: u64,
    cache_hits: u64,
    schemes: Vec<SchemeReport>,
}

impl SkewStepper {
    pub fn new(job: &SkewJob) -> Result<SkewStepper, String> {
        validate(job)?;
        let sampler = Sampler::new(&job.dist)?;
        // A separate stream samples the range-load boundaries, so the run's stream is the same
        // whichever schemes it is compared under.
        let mut sample_rng = Rng::stream(job.seed, 1);
        let mut sample_sampler = sampler.clone();
        let sample: Vec<u64> = (0..BOUNDARY_SAMPLE)
            .map(|_| {
                if sample_rng.uniform() < job.workload.write_fraction {
                    sample_sampler.write(&mut sample_rng)
                } else {
                    sample_sampler.read(&mut sample_rng)
                }
            })
            .collect();
        let placements = job
            .schemes
            .iter()
            .map(|s| Placement::new(s, job.dist.keys, &sample))
            .collect::<Result<Vec<_>, _>>()?;
        let inserts = if job.dist.kind.inserts() {
            job.requests
        } else {
            0
        };
        let counts = (job.dist.keys + inserts <= DENSE_MAX)
            .then(|| vec![0u32; (job.dist.keys + inserts) as usize]);
        let slots = job.slots as usize;
        let schemes = placements
            .iter()
            .map(|pl| {
                let p = pl.spec.partitions as usize;
                let (keys, keys_exact) = pl.keys_per_partition(job.dist.keys, DENSE_MAX);
                SchemeReport {
                    spec: pl.spec.clone(),
                    reads: vec![0; p],
                    writes: vec![0; p],
                    slot_reads: vec![0; slots * p],
                    slot_writes: vec![0; slots * p],
                    keys,
                    keys_exact,
                    inserted: vec![0; p],
                    top_key_on: vec![0; p],
                    expected: None,
                    expected_sd: None,
                    scan_partitions: 0.0,
                }
            })
            .collect();
        Ok(SkewStepper {
            cache_set: sampler.cache_set(job.workload.cache_items),
            hot_key: sampler.hottest(),
            sampler,
            rng: Rng::seeded(job.seed),
            placements,
            write_counts: counts.as_ref().map(|c| vec![0; c.len()]),
            counts,
            hot_count: 0,
            hot_writes: 0,
            done: 0,
            reads: 0,
            writes: 0,
            cache_hits: 0,
            schemes,
            job: job.clone(),
        })
    }

    fn one(&mut self) {
        let w = &self.job.workload;
        let write = self.rng.uniform() < w.write_fraction;
        let key = if write {
            self.sampler.write(&mut self.rng)
        } else {
            self.sampler.read(&mut self.rng)
        };
        if let Some(counts) = &mut self.counts {
            counts[key as usize] += 1;
        }
        let is_top = key == self.hot_key;
        self.hot_count += u64::from(is_top);
        if write {
            self.hot_writes += u64::from(is_top);
            if let Some(w) = &mut self.write_counts {
                w[key as usize] += 1;
            }
        }
        // done < requests ≤ MAX_REQUESTS and slots ≤ 200, so the product fits in 64 bits (a
        // 128-bit division is a library call in wasm, and this runs once a request).
        let slot = (self.done * u64::from(self.job.slots) / self.job.requests) as usize;
        self.done += 1;
        if write {
            self.writes += 1;
        } else {
            self.reads += 1;
            if self.sampler.cached(key, w.cache_items, &self.cache_set) {
                self.cache_hits += 1;
                return;
            }
        }
        let shards = w.shards;
        let suffix = (write && shards > 1)
            .then(|| ((self.rng.next_u64() as u128 * u128::from(shards)) >> 64) as u32 + 1);
        for (pl, rep) in self.placements.iter().zip(self.schemes.iter_mut()) {
            let p = pl.spec.partitions as usize;
            if write {
                let j = pl.partition(key, suffix) as usize;
                rep.writes[j] += 1;
                rep.slot_writes[slot * p + j] += 1;
                if key >= self.job.dist.keys {
                    rep.inserted[j] += 1;
                }
                if is_top {
                    rep.top_key_on[j] += 1;
                }
            } else {
                let mut ask = |s: Option<u32>| {
                    let j = pl.partition(key, s) as usize;
                    rep.reads[j] += 1;
                    rep.slot_reads[slot * p + j] += 1;
                    if is_top {
                        rep.top_key_on[j] += 1;
                    }
                };
                if shards > 1 {
                    (1..=shards).for_each(|s| ask(Some(s)));
                } else {
                    ask(None);
                }
            }
        }
    }

    /// Expected physical requests per partition for laws with an exact PMF and no inserts, and
    /// their standard deviations. One request adds `X_j` requests to partition `j`: a read of
    /// key `i` (not cached) adds `c_ij`, the number of its suffixes on `j`; a write adds 1 with
    /// probability `c_ij / S`. So `E[X_j] = Σ_i p_i ((1 − w) c_ij + w c_ij / S)`,
    /// `E[X_j²] = Σ_i p_i ((1 − w) c_ij² + w c_ij / S)`, and `N` independent requests give mean
    /// `N E[X_j]` and variance `N (E[X_j²] − E[X_j]²)`.
    fn expected(&self, pl: &Placement) -> Option<(Vec<f64>, Vec<f64>)> {
        let n = self.job.dist.keys;
        let w = &self.job.workload;
        let s = u64::from(w.shards);
        if self.job.dist.kind.inserts() || n.saturating_mul(s) > THEORY_MAX {
            return None;
        }
        self.sampler.pmf(0)?;
        let p = pl.spec.partitions as usize;
        let (mut m1, mut m2) = (vec![0.0; p], vec![0.0; p]);
        let wf = w.write_fraction;
        let mut on: Vec<u32> = Vec::with_capacity(w.shards as usize);
        for id in 0..n {
            let pi = self.sampler.pmf(id)?;
            let read = if self.sampler.cached(id, w.cache_items, &self.cache_set) {
                0.0
            } else {
                1.0 - wf
            };
            on.clear();
            if s == 1 {
                on.push(pl.partition(id, None));
            } else {
                on.extend((1..=w.shards).map(|suffix| pl.partition(id, Some(suffix))));
                on.sort_unstable();
            }
            for run in on.chunk_by(|a, b| a == b) {
                let (j, c) = (run[0] as usize, run.len() as f64);
                m1[j] += pi * (read * c + wf * c / s as f64);
                m2[j] += pi * (read * c * c + wf * c / s as f64);
            }
        }
        let total = self.job.requests as f64;
        let sd = m1
            .iter()
            .zip(&m2)
            .map(|(a, b)| (total * (b - a * a)).max(0.0).sqrt())
            .collect();
        Some((m1.iter().map(|a| a * total).collect(), sd))
    }

    pub fn report(mut self) -> Report {
        let mut distinct = 0;
        let mut rank_frequency = Vec::new();
        let mut theory = Vec::new();
        let mut chi_square = None;
        let counts_exact = self.counts.is_some();
        let (mut top_key, mut top_key_count) = (self.hot_key, self.hot_count);
        let cache = self.job.workload.cache_items;
        let item = |key: u64, count: u64, writes: u64| HotItem {
            key,
            count,
            reads: if self.sampler.cached(key, cache, &self.cache_set) {
                0
            } else {
                count - writes
            },
            writes,
        };
        let mut hot_items = vec![item(self.hot_key, self.hot_count, self.hot_writes)];
        if let Some(counts) = self.counts.take() {
            // Count and id in one u64 (ids < 2²¹): sorted down, counts fall and ties go to the
            // lowest id. One sort of u64 serves every sort here (each element type costs the
            // app a copy).
            let mut sorted: Vec<u64> = counts
                .iter()
                .enumerate()
                .filter(|&(_, &c)| c > 0)
                .map(|(i, &c)| (u64::from(c) << 32) | u64::from(u32::MAX - i as u32))
                .collect();
            distinct = sorted.len() as u64;
            sorted.sort_unstable();
            sorted.reverse();
            let id = |v: u64| u64::from(u32::MAX - v as u32);
            if let Some(&first) = sorted.first() {
                top_key = id(first);
                top_key_count = first >> 32;
            }
            let writes = self.write_counts.take().unwrap_or_default();
            hot_items = sorted
                .iter()
                .take(HOT_ITEMS)
                .map(|&v| {
                    let w = writes.get(id(v) as usize).map_or(0, |&w| u64::from(w));
                    item(id(v), v >> 32, w)
                })
                .collect();
            let mut rank = 1u64;
            while rank as usize <= sorted.len() {
                rank_frequency.push((rank, sorted[rank as usize - 1] >> 32));
                rank = (rank + 1).max((rank as f64 * 1.08) as u64);
            }
            // The exact PMF sorted by probability, at the same ranks.
            if self.sampler.pmf(0).is_some() && !self.job.dist.kind.inserts() {
                chi_square = Some(chi(&counts, &self.sampler, self.done));
                // Probabilities are positive, so their bits sort as they do.
                let mut bits: Vec<u64> = (0..self.job.dist.keys)
                    .filter_map(|i| self.sampler.pmf(i))
                    .map(f64::to_bits)
                    .collect();
                bits.sort_unstable();
                bits.reverse();
                let p: Vec<f64> = bits.into_iter().map(f64::from_bits).collect();
                theory = rank_frequency
                    .iter()
                    .filter_map(|&(r, _)| p.get(r as usize - 1).map(|&v| (r, v)))
                    .collect();
            }
        }
        let scan_len = self.job.workload.scan_len.max(1);
        let space = self.job.dist.keys;
        for i in 0..self.placements.len() {
            let expected = self.expected(&self.placements[i]);
            let pl = &self.placements[i];
            let rep = &mut self.schemes[i];
            (rep.expected, rep.expected_sd) = expected.unzip();
            let span = space.saturating_sub(scan_len).max(1);
            let touched: u64 = (0..SCANS)
                .map(|k| {
                    u64::from(pl.scan_partitions(pl.partition_key(k * span / SCANS), scan_len))
                })
                .sum();
            rep.scan_partitions = touched as f64 / SCANS as f64;
        }
        Report {
            requests: self.done,
            reads: self.reads,
            writes: self.writes,
            cache_hits: self.cache_hits,
            exact_hit_ratio: self.sampler.cache_hit_ratio(self.job.workload.cache_items),
            top_key,
            top_key_count,
            hot_key: self.hot_key,
            hot_key_count: self.hot_count,
            hot_items_complete: counts_exact,
            hot_items,
            shards: self.job.workload.shards,
            counts_exact,
            rank_frequency,
            distinct,
            theory,
            chi_square,
            ids_after: self.sampler.ids(),
            slots: self.job.slots,
            schemes: self.schemes,
        }
    }
}

/// Pearson's χ² of `counts` (of `total` draws) against the sampler's PMF, in id order, cells
/// merged until each expects at least 5; `(χ², degrees of freedom)`.
fn chi(counts: &[u32], sampler: &Sampler, total: u64) -> (f64, f64) {
    let (mut chi, mut cells, mut e, mut o) = (0.0, 0.0f64, 0.0, 0.0);
    for (id, &c) in counts.iter().enumerate() {
        e += sampler.pmf(id as u64).unwrap_or(0.0) * total as f64;
        o += f64::from(c);
        if e >= 5.0 {
            chi += (o - e) * (o - e) / e;
            cells += 1.0;
            (e, o) = (0.0, 0.0);
        }
    }
    if e > 0.0 {
        chi += (o - e) * (o - e) / e;
        cells += 1.0;
    }
    (chi, (cells - 1.0).max(1.0))
}

impl Stepper for SkewStepper {
    type Output = Report;
    fn step(&mut self, work: u64) -> bool {
        let until = self.done.saturating_add(work).min(self.job.requests);
        while self.done < until {
            self.one();
        }
        self.done >= self.job.requests
    }
    fn progress(&self) -> f64 {
        self.done as f64 / self.job.requests as f64
    }
    fn finish(self) -> Report {
        self.report()
    }
}

impl Job for SkewJob {
    const KIND: &'static str = "skew-run";
    type Output = Report;
    type Stepper = SkewStepper;
    fn start(&self) -> Result<SkewStepper, String> {
        SkewStepper::new(self)
    }
}

/// Whether a law has an exact PMF for theory overlays.
pub fn has_theory(kind: DistKind) -> bool {
    matches!(
        kind,
        DistKind::Uniform | DistKind::Zipf | DistKind::Hotspot | DistKind::HotKeys
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::place::Scheme;
    use proptest::prelude::*;

    pub(crate) fn job(kind: DistKind, keys: u64, schemes: &[Scheme], p: u32) -> SkewJob {
        SkewJob {
            dist: DistSpec {
                kind,
                keys,
                ..DistSpec::default()
            },
            workload: Workload::default(),
            schemes: schemes
                .iter()
                .map(|&scheme| SchemeSpec {
                    scheme,
                    partitions: p,
                    vnodes: 32,
                    composite: None,
                })
                .collect(),
            requests: 50_000,
            seed: 7,
            slots: 10,
        }
    }

    fn run(job: &SkewJob) -> Report {
        sdlab_sim::job::run(job.start().expect("valid"), 10_000, |_| {})
    }

    #[test]
    fn the_same_seed_gives_the_same_report_and_a_comparison_does_not_change_the_stream() {
        let one = job(DistKind::Zipf, 10_000, &[Scheme::Hash], 8);
        let two = job(DistKind::Zipf, 10_000, &[Scheme::Hash, Scheme::Range], 8);
        let (a, b, c) = (run(&one), run(&one), run(&two));
        assert_eq!(a, b);
        assert_eq!(a.schemes[0], c.schemes[0]);
        assert_eq!(a.rank_frequency, c.rank_frequency);
        // Stepping in other sizes changes nothing.
        let d = sdlab_sim::job::run(one.start().expect("valid"), 333, |_| {});
        assert_eq!(a, d);
    }

    #[test]
    fn every_request_lands_once_per_scheme() {
        let j = job(
            DistKind::Hotspot,
            5_000,
            &[Scheme::Consistent, Scheme::RangeLoad],
            7,
        );
        let r = run(&j);
        assert_eq!(r.reads + r.writes, r.requests);
        for s in &r.schemes {
            assert_eq!(s.reads.iter().sum::<u64>(), r.reads - r.cache_hits);
            assert_eq!(s.writes.iter().sum::<u64>(), r.writes);
            let slots: u64 = s
                .slot_reads
                .iter()
                .chain(&s.slot_writes)
                .map(|&v| u64::from(v))
                .sum();
            assert_eq!(slots, r.requests - r.cache_hits);
        }
    }

    #[test]
    fn monotonic_inserts_all_hit_the_last_range_and_spread_under_hashing() {
        // Reference 5.5: range partitioning sends 100% of inserts to the last partition for any P.
        let mut j = job(
            DistKind::Sequential,
            10_000,
            &[Scheme::Range, Scheme::Hash],
            8,
        );
        j.workload.write_fraction = 1.0;
        let r = run(&j);
        assert_eq!(r.schemes[0].writes[7], r.requests);
        assert_eq!(r.schemes[0].inserted[7], r.requests);
        let hashed = &r.schemes[1].writes;
        let mean = r.requests as f64 / 8.0;
        assert!(
            hashed
                .iter()
                .all(|&w| (w as f64 - mean).abs() < 6.0 * mean.sqrt()),
            "{hashed:?}"
        );
        assert_eq!(r.ids_after, 10_000 + r.requests);
    }

    #[test]
    fn clustered_zipf_makes_the_first_range_hot_and_scattering_spreads_it() {
        let mut j = job(DistKind::Zipf, 100_000, &[Scheme::Range], 10);
        let clustered = run(&j);
        let loads: Vec<u64> = clustered.schemes[0]
            .reads
            .iter()
            .zip(&clustered.schemes[0].writes)
            .map(|(a, b)| a + b)
            .collect();
        assert!(
            loads[0] as f64 > 0.6 * clustered.requests as f64,
            "{loads:?}"
        );
        j.dist.scattered = true;
        let scattered = run(&j);
        let loads: Vec<u64> = scattered.schemes[0]
            .reads
            .iter()
            .zip(&scattered.schemes[0].writes)
            .map(|(a, b)| a + b)
            .collect();
        assert!(
            *loads.iter().max().unwrap_or(&0) < 3 * *loads.iter().min().unwrap_or(&0),
            "{loads:?}"
        );
    }

    #[test]
    fn write_sharding_fans_reads_out_to_every_suffix() {
        let mut j = job(DistKind::HotKeys, 1_000, &[Scheme::Hash], 16);
        j.dist.hot_keys = vec![(3, 0.5)];
        j.workload.shards = 10;
        let r = run(&j);
        let s = &r.schemes[0];
        assert_eq!(s.reads.iter().sum::<u64>(), 10 * r.reads);
        assert_eq!(s.writes.iter().sum::<u64>(), r.writes);
        // Key 3's writes now spread over several partitions.
        assert!(s.top_key_on.iter().filter(|&&v| v > 0).count() > 3);
        // S = 1 is no sharding: the same stream as without it.
        j.workload.shards = 1;
        let plain = run(&j);
        assert_eq!(plain.schemes[0].reads.iter().sum::<u64>(), plain.reads);
    }

    #[test]
    fn the_ideal_cache_serves_its_exact_share_of_reads() {
        let mut j = job(DistKind::Zipf, 10_000, &[Scheme::Hash], 4);
        j.workload.cache_items = 100;
        j.requests = 200_000;
        let r = run(&j);
        let p = r.exact_hit_ratio.expect("exact for Zipf");
        let measured = r.cache_hits as f64 / r.reads as f64;
        let se = (p * (1.0 - p) / r.reads as f64).sqrt();
        assert!((measured - p).abs() < 6.0 * se, "{measured} vs {p}");
    }

    #[test]
    fn simulated_loads_match_the_expected_loads() {
        // Each partition's count is within 6 of its exact sd of its expectation (+1 for rounding).
        for scheme in [Scheme::Hash, Scheme::Consistent, Scheme::Range] {
            let mut j = job(DistKind::Zipf, 20_000, &[scheme], 12);
            j.workload.cache_items = 50;
            j.workload.shards = 3;
            let r = run(&j);
            let s = &r.schemes[0];
            let e = s.expected.as_ref().expect("exact law");
            let sd = s.expected_sd.as_ref().expect("exact law");
            for (k, &want) in e.iter().enumerate() {
                let got = (s.reads[k] + s.writes[k]) as f64;
                assert!(
                    (got - want).abs() <= 6.0 * sd[k] + 1.0,
                    "{scheme:?} {k}: {got} vs {want}"
                );
            }
        }
    }

    #[test]
    fn expected_sds_match_the_spread_over_seeds() {
        // 40 seeds: each partition's sample sd over runs against the exact sd. With 39 degrees of
        // freedom the ratio lies in [0.6, 1.45] with probability > 0.999 (χ² quantiles).
        let mut j = job(DistKind::Zipf, 2_000, &[Scheme::Hash], 6);
        j.workload.shards = 3;
        j.workload.cache_items = 5;
        j.requests = 5_000;
        let runs: Vec<Report> = (0..40)
            .map(|seed| {
                j.seed = seed;
                run(&j)
            })
            .collect();
        let s = &runs[0].schemes[0];
        let (e, sd) = (
            s.expected.as_ref().expect("exact law"),
            s.expected_sd.as_ref().expect("exact law"),
        );
        for k in 0..6 {
            let loads: Vec<f64> = runs
                .iter()
                .map(|r| (r.schemes[0].reads[k] + r.schemes[0].writes[k]) as f64)
                .collect();
            let mean = loads.iter().sum::<f64>() / 40.0;
            let var = loads.iter().map(|v| (v - mean) * (v - mean)).sum::<f64>() / 39.0;
            let ratio = var.sqrt() / sd[k];
            assert!(
                (0.6..1.45).contains(&ratio),
                "partition {k}: sd ratio {ratio}"
            );
            assert!(
                (mean - e[k]).abs() < 4.0 * sd[k] / 40f64.sqrt(),
                "{k}: {mean} vs {}",
                e[k]
            );
        }
    }

    #[test]
    fn bad_jobs_are_refused() {
        let mut j = job(DistKind::Zipf, 100, &[Scheme::Hash], 4);
        j.requests = 0;
        assert!(j.start().is_err());
        j.requests = 10;
        j.workload.write_fraction = 1.5;
        assert!(j.start().is_err());
        j.workload.write_fraction = 0.5;
        j.workload.shards = 0;
        assert!(j.start().is_err());
        j.workload.shards = 1;
        j.schemes[0].partitions = 0;
        assert!(j.start().is_err());
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(24))]
        /// The hot-key bound holds exactly on every run (reference 8): the busiest partition carries
        /// at least the hottest key's physical requests there, so max/mean ≥ P · p̂₁.
        #[test]
        fn the_hot_key_bound_holds_on_every_run(
            kind in 0usize..8, scheme in 0usize..4, p in 1u32..30, keys in 2u64..3000,
            theta in 0.1f64..0.95, shards in 1u32..4, cache in 0u64..20, seed in 0u64..1000,
        ) {
            let mut j = job(DistKind::ALL[kind], keys, &[Scheme::ALL[scheme]], p);
            j.dist.theta = theta;
            j.dist.hot_keys = vec![(keys / 2, 0.2)];
            j.workload.shards = shards;
            j.workload.cache_items = cache;
            j.requests = 3_000;
            j.seed = seed;
            let r = run(&j);
            let a = crate::analysis::analyse_scheme(&r, &r.schemes[0], &crate::capacity::Capacity::default(), 1_000.0);
            prop_assert!(a.max_over_mean + 1e-9 >= a.bound, "{} < {}", a.max_over_mean, a.bound);
            prop_assert!(a.max_over_mean + 1e-9 >= 1.0 || r.requests == r.cache_hits);
        }
    }
}
