//! The WARS Monte Carlo of PBS (Bailis et al., VLDB 2012, §4 "Latency Model" and §5.1 "Monte
//! Carlo simulation"): per replica a write request (W), its ack (A), a read request (R) and its
//! response (S). The write commits at the W-th ack; a read starts t after commit and returns the
//! newest value among its first R responses; replica i's response is fresh iff the write reached
//! it no later than the read request did (W[i] ≤ w_t + t + R[i]; equality counts as fresh, as in
//! the paper's model section and the demo).
//!
//! Each trial stores τ = min over the read set of (W[i] − R[i]) − w_t: the trial is consistent at
//! every t ≥ τ, so one set of trials gives the whole curve (common random numbers across t: it is
//! exactly monotone), and the same draws serve every (R, W). Trials come in blocks of
//! [`BLOCK`]; block b draws from stream b of the seed, so a shard of blocks draws the same numbers
//! wherever it runs, and raising the trial count appends trials.
//!
//! Beyond the paper: `down` replicas never answer; read repair by background reads at a Poisson
//! rate; and k versions simulated exactly (the k − 1 previous writes, `gap_ms` apart, each with
//! its own W draws), next to the paper's conservative 1 − (1 − P)^k.

use sdlab_sim::rng::Rng;
use serde::{Deserialize, Serialize};

use crate::closed::{MAX_N, Quorum};
use crate::latency::{Legs, WAN_REMOTE_MS};

/// Trials per random stream.
pub const BLOCK: u64 = 2_048;
/// Most trials one curve may run.
pub const MAX_TRIALS: u64 = 2_000_000;
/// Most stored values (trials × values per trial) of one run: bounds its memory (~160 MB).
pub const MAX_VALUES: u64 = 20_000_000;
/// Most background reads per trial with read repair on.
const MAX_REPAIR_READS: u32 = 64;

/// What one simulation models, apart from its size and seed.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Spec {
    pub n: u32,
    pub r: u32,
    pub w: u32,
    pub legs: Legs,
    /// WAN: one replica is local to the writer and one (drawn independently) to the reader; every
    /// one-way message to another replica takes [`WAN_REMOTE_MS`] more.
    pub wan: bool,
    /// Replicas that are down: requests to them never answer.
    pub down: u32,
    /// Versions of tolerated staleness simulated exactly (1 = the latest write only).
    pub k: u32,
    /// Gap between the previous writes when k > 1, ms.
    pub gap_ms: f64,
    /// Background read rate per ms for read repair (`None`: no read repair).
    pub repair_rate: Option<f64>,
}

impl Spec {
    /// Checks the model; the message is for the user.
    pub fn validate(&self) -> Result<Quorum, String> {
        let q = Quorum::new(self.n, self.r, self.w)?;
        self.legs.validate()?;
        if self.down >= self.n {
            return Err(format!(
                "at most N − 1 = {} replicas can be down",
                self.n - 1
            ));
        }
        let live = self.n - self.down;
        if live < self.w.max(self.r) {
            return Err(format!(
                "with {} of {} replicas down only {live} answer: a write needs W = {} and a read R = {}",
                self.down, self.n, self.w, self.r
            ));
        }
        if self.k == 0 || self.k > 20 {
            return Err(format!(
                "k must be between 1 and 20 versions (got {})",
                self.k
            ));
        }
        if !(self.gap_ms.is_finite() && self.gap_ms >= 0.0) {
            return Err("the gap between writes must be zero or more ms".into());
        }
        if let Some(rate) = self.repair_rate
            && !(rate.is_finite() && rate > 0.0 && rate <= 1e3)
        {
            return Err("the background read rate must be a positive number up to 1000/ms".into());
        }
        Ok(q)
    }
}

/// One trial's draws per replica (ms), with infinities for replicas that are down.
#[derive(Clone, Debug, Default)]
pub struct Draws {
    pub w: [f64; MAX_N as usize],
    pub a: [f64; MAX_N as usize],
    pub r: [f64; MAX_N as usize],
    pub s: [f64; MAX_N as usize],
    /// When each replica holds the latest write or one of the k − 1 before it (write times
    /// relative to the latest write's start), or a read repair's delivery.
    pub any_k: [f64; MAX_N as usize],
    /// When each replica holds the latest write, read repair included.
    pub fresh: [f64; MAX_N as usize],
}

/// A uniform replica index below `n`, from the high bits of one draw (no `usize`, no modulo).
fn pick(rng: &mut Rng, n: u32) -> u32 {
    (((rng.next_u64() >> 32) * u64::from(n)) >> 32) as u32
}

/// Indices 0..n sorted by `key` (ties by lower index): insertion sort, n ≤ 15.
#[inline]
fn order(key: &[f64], n: usize, out: &mut [u8; MAX_N as usize]) {
    for i in 0..n {
        out[i] = i as u8;
        let mut j = i;
        while j > 0 && key[out[j - 1] as usize] > key[i] {
            out[j] = out[j - 1];
            j -= 1;
        }
        out[j] = i as u8;
    }
}

/// Draws one trial: the four legs of every replica, then the older writes, then read repair.
pub fn draw(spec: &Spec, rng: &mut Rng, d: &mut Draws) {
    let n = spec.n as usize;
    for i in 0..n {
        d.w[i] = spec.legs.w.sample(rng);
        d.a[i] = spec.legs.a.sample(rng);
        d.r[i] = spec.legs.r.sample(rng);
        d.s[i] = spec.legs.s.sample(rng);
    }
    if spec.wan {
        let (lw, lr) = (pick(rng, spec.n) as usize, pick(rng, spec.n) as usize);
        for i in 0..n {
            if i != lw {
                d.w[i] += WAN_REMOTE_MS;
                d.a[i] += WAN_REMOTE_MS;
            }
            if i != lr {
                d.r[i] += WAN_REMOTE_MS;
                d.s[i] += WAN_REMOTE_MS;
            }
        }
    }
    for i in 0..spec.down as usize {
        d.w[i] = f64::INFINITY;
        d.a[i] = f64::INFINITY;
        d.s[i] = f64::INFINITY;
    }
    d.fresh[..n].copy_from_slice(&d.w[..n]);
    if let Some(rate) = spec.repair_rate {
        repair(spec, rate, rng, d);
    }
    d.any_k[..n].copy_from_slice(&d.fresh[..n]);
    for j in 1..spec.k {
        let start = -f64::from(j) * spec.gap_ms;
        for i in spec.down as usize..n {
            let arrives = start + spec.legs.w.sample(rng);
            if arrives < d.any_k[i] {
                d.any_k[i] = arrives;
            }
        }
    }
}

/// Background reads from the commit on at `rate` per ms: each returns at its R-th response and,
/// if one of its responses was fresh, sends the value to the stale replicas among them (delay a
/// W draw). Stops when every live replica holds the write.
fn repair(spec: &Spec, rate: f64, rng: &mut Rng, d: &mut Draws) {
    let n = spec.n as usize;
    let live = spec.down as usize..n;
    let mut acks = d.w;
    for (ack, a) in acks.iter_mut().zip(&d.a).take(n) {
        *ack += a;
    }
    let mut idx = [0u8; MAX_N as usize];
    order(&acks, n, &mut idx);
    let commit = acks[idx[spec.w as usize - 1] as usize];
    let mut at = commit;
    let (mut rr, mut rt) = ([0.0; MAX_N as usize], [f64::INFINITY; MAX_N as usize]);
    for _ in 0..MAX_REPAIR_READS {
        at += rng.exponential(1.0 / rate);
        let last = live.clone().map(|i| d.fresh[i]).fold(0.0, f64::max);
        if at >= last {
            return;
        }
        for i in live.clone() {
            rr[i] = spec.legs.r.sample(rng);
            rt[i] = rr[i] + spec.legs.s.sample(rng);
        }
        order(&rt, n, &mut idx);
        let set = &idx[..spec.r as usize];
        if set
            .iter()
            .any(|&i| d.fresh[i as usize] <= at + rr[i as usize])
        {
            let done = at + rt[idx[spec.r as usize - 1] as usize];
            for &i in set {
                let i = i as usize;
                let delivered = done + spec.legs.w.sample(rng);
                if d.fresh[i] > at + rr[i] && delivered < d.fresh[i] {
                    d.fresh[i] = delivered;
                }
            }
        }
    }
}

/// What one trial gives one (R, W): τ (consistent at every t ≥ τ), τ for k versions, and the
/// write and read latencies.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Outcome {
    pub tau: f64,
    pub tau_k: f64,
    pub write_ms: f64,
    pub read_ms: f64,
}

/// Scratch orders of one trial's acks and read responses.
#[derive(Clone, Debug, Default)]
pub struct Orders {
    pub ack: [u8; MAX_N as usize],
    pub read: [u8; MAX_N as usize],
    pub ack_at: [f64; MAX_N as usize],
    pub read_rtt: [f64; MAX_N as usize],
}

impl Orders {
    pub fn of(spec: &Spec, d: &Draws) -> Orders {
        let n = spec.n as usize;
        let mut o = Orders::default();
        for i in 0..n {
            o.ack_at[i] = d.w[i] + d.a[i];
            o.read_rtt[i] = d.r[i] + d.s[i];
        }
        order(&o.ack_at, n, &mut o.ack);
        order(&o.read_rtt, n, &mut o.read);
        o
    }

    /// The write's commit time for W acks.
    pub fn commit(&self, w: u32) -> f64 {
        self.ack_at[self.ack[w as usize - 1] as usize]
    }

    /// The outcome for (r, w).
    #[inline]
    pub fn outcome(&self, d: &Draws, r: u32, w: u32) -> Outcome {
        let commit = self.commit(w);
        let (mut tau, mut tau_k) = (f64::INFINITY, f64::INFINITY);
        for &i in &self.read[..r as usize] {
            let i = i as usize;
            tau = tau.min(d.fresh[i] - d.r[i]);
            tau_k = tau_k.min(d.any_k[i] - d.r[i]);
        }
        Outcome {
            tau: tau - commit,
            tau_k: tau_k - commit,
            write_ms: commit,
            read_ms: self.read_rtt[self.read[r as usize - 1] as usize],
        }
    }
}

/// The trials of one run, each list sorted ascending.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct Samples {
    pub trials: u64,
    #[serde(with = "crate::packed::lists")]
    /// τ per configuration: one (the spec's R, W) for a curve; every (R, W), R-major, for a table.
    pub tau: Vec<Vec<f64>>,
    /// τ for k versions simulated exactly (a curve with k > 1 only).
    #[serde(with = "crate::packed::list")]
    pub tau_k: Vec<f64>,
    /// Write latency per W (one for a curve, W = 1…N for a table).
    #[serde(with = "crate::packed::lists")]
    pub write: Vec<Vec<f64>>,
    /// Read latency per R.
    #[serde(with = "crate::packed::lists")]
    pub read: Vec<Vec<f64>>,
}

fn merge_sorted(a: &[f64], b: &[f64]) -> Vec<f64> {
    let mut out = Vec::with_capacity(a.len() + b.len());
    let (mut i, mut j) = (0, 0);
    while i < a.len() && j < b.len() {
        if b[j].total_cmp(&a[i]).is_lt() {
            out.push(b[j]);
            j += 1;
        } else {
            out.push(a[i]);
            i += 1;
        }
    }
    out.extend_from_slice(&a[i..]);
    out.extend_from_slice(&b[j..]);
    out
}

fn merge_lists(a: &[Vec<f64>], b: &[Vec<f64>]) -> Vec<Vec<f64>> {
    if a.is_empty() {
        return b.to_vec();
    }
    a.iter().zip(b).map(|(x, y)| merge_sorted(x, y)).collect()
}

impl Samples {
    /// Both runs' trials in one (sorted lists merged: the same bits as one run of both).
    pub fn merge(&self, other: &Samples) -> Samples {
        Samples {
            trials: self.trials + other.trials,
            tau: merge_lists(&self.tau, &other.tau),
            tau_k: merge_sorted(&self.tau_k, &other.tau_k),
            write: merge_lists(&self.write, &other.write),
            read: merge_lists(&self.read, &other.read),
        }
    }
}

/// Runs trials [from, to) of a curve (`table` false: the spec's (R, W)) or of every (R, W).
pub struct Runner {
    spec: Spec,
    seed: u64,
    table: bool,
    from: u64,
    to: u64,
    next: u64,
    rng: Rng,
    draws: Draws,
    out: Samples,
}

impl Runner {
    pub fn new(spec: &Spec, seed: u64, table: bool, from: u64, to: u64) -> Runner {
        let n = spec.n as usize;
        let len = (to - from) as usize;
        let (configs, lat) = if table { (n * n, n) } else { (1, 1) };
        let mk = |count| (0..count).map(|_| Vec::with_capacity(len)).collect();
        Runner {
            spec: spec.clone(),
            seed,
            table,
            from,
            to,
            next: from,
            rng: Rng::stream(seed, from / BLOCK),
            draws: Draws::default(),
            out: Samples {
                trials: 0,
                tau: mk(configs),
                tau_k: Vec::with_capacity(if table || spec.k == 1 { 0 } else { len }),
                write: mk(lat),
                read: mk(lat),
            },
        }
    }

    pub fn is_table(&self) -> bool {
        self.table
    }

    /// Configurations evaluated per trial.
    pub fn configs(&self) -> u64 {
        if self.table {
            u64::from(self.spec.n * self.spec.n)
        } else {
            1
        }
    }

    /// Runs up to `work` trials; true when all are done.
    pub fn step(&mut self, work: u64) -> bool {
        let end = (self.next + work).min(self.to);
        let n = self.spec.n;
        while self.next < end {
            if self.next.is_multiple_of(BLOCK) && self.next != self.from {
                self.rng = Rng::stream(self.seed, self.next / BLOCK);
            }
            draw(&self.spec, &mut self.rng, &mut self.draws);
            let o = Orders::of(&self.spec, &self.draws);
            if self.table {
                for r in 1..=n {
                    for w in 1..=n {
                        let out = o.outcome(&self.draws, r, w);
                        self.out.tau[((r - 1) * n + w - 1) as usize].push(out.tau);
                    }
                }
                for k in 1..=n {
                    self.out.write[k as usize - 1].push(o.commit(k));
                    self.out.read[k as usize - 1].push(o.read_rtt[o.read[k as usize - 1] as usize]);
                }
            } else {
                let out = o.outcome(&self.draws, self.spec.r, self.spec.w);
                self.out.tau[0].push(out.tau);
                if self.spec.k > 1 {
                    self.out.tau_k.push(out.tau_k);
                }
                self.out.write[0].push(out.write_ms);
                self.out.read[0].push(out.read_ms);
            }
            self.next += 1;
        }
        self.next == self.to
    }

    pub fn progress(&self) -> f64 {
        if self.to == self.from {
            1.0
        } else {
            (self.next - self.from) as f64 / (self.to - self.from) as f64
        }
    }

    /// The trials run, each list sorted.
    pub fn finish(mut self) -> Samples {
        let sort = |v: &mut Vec<f64>| v.sort_unstable_by(f64::total_cmp);
        self.out.tau.iter_mut().for_each(sort);
        self.out.write.iter_mut().for_each(sort);
        self.out.read.iter_mut().for_each(sort);
        sort(&mut self.out.tau_k);
        self.out.trials = self.next - self.from;
        self.out
    }
}

/// The draws of trial `index` (replaying its block), for the one-trial view.
pub fn replay(spec: &Spec, seed: u64, index: u64) -> Draws {
    let mut rng = Rng::stream(seed, index / BLOCK);
    let mut d = Draws::default();
    for _ in 0..=index % BLOCK {
        draw(spec, &mut rng, &mut d);
    }
    d
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::latency::{Dist, Preset};

    pub(crate) fn exp_spec(n: u32, r: u32, w: u32) -> Spec {
        Spec {
            n,
            r,
            w,
            legs: Legs::exponential(0.1, 0.1, 0.1, 0.1),
            wan: false,
            down: 0,
            k: 1,
            gap_ms: 0.0,
            repair_rate: None,
        }
    }

    fn run(spec: &Spec, seed: u64, table: bool, trials: u64) -> Samples {
        let mut r = Runner::new(spec, seed, table, 0, trials);
        while !r.step(1000) {}
        r.finish()
    }

    fn frac_le(sorted: &[f64], t: f64) -> f64 {
        sorted.partition_point(|&x| x <= t) as f64 / sorted.len() as f64
    }

    #[test]
    fn strict_quorums_are_always_consistent() {
        for (r, w) in [(2, 2), (1, 3), (3, 1)] {
            let s = run(&exp_spec(3, r, w), 5, false, 5_000);
            assert!(s.tau[0].iter().all(|&t| t <= 0.0), "({r},{w})");
        }
        let wan = Spec {
            wan: true,
            legs: Preset::Wan.legs().expect("preset"),
            ..exp_spec(3, 2, 2)
        };
        assert!(run(&wan, 5, false, 5_000).tau[0].iter().all(|&t| t <= 0.0));
    }

    #[test]
    fn down_replicas_are_the_same_as_fewer_replicas_for_staleness() {
        // With 2 of 5 down, R = W = 1 behaves like N = 3: p_s at t = 0 is at most 2/3.
        let spec = Spec {
            down: 2,
            ..exp_spec(5, 1, 1)
        };
        let s = run(&spec, 3, false, 20_000);
        assert!(s.write[0].iter().all(|x| x.is_finite()));
        let p0 = frac_le(&s.tau[0], 0.0);
        let p3 = frac_le(&run(&exp_spec(3, 1, 1), 3, false, 20_000).tau[0], 0.0);
        assert!((p0 - p3).abs() < 0.02, "{p0} vs {p3}");
        assert!(
            Spec {
                down: 3,
                ..exp_spec(5, 3, 1)
            }
            .validate()
            .is_err()
        );
    }

    #[test]
    fn read_repair_only_helps() {
        // R = 2: a read that saw the new value on one replica repairs the other (with R = 1 the
        // only responder is already fresh, so nothing is ever repaired).
        let base = exp_spec(3, 2, 1);
        let with = Spec {
            repair_rate: Some(1.0),
            ..base.clone()
        };
        let (a, b) = (run(&base, 9, false, 20_000), run(&with, 9, false, 20_000));
        for t in [0.0, 5.0, 10.0, 20.0] {
            assert!(
                frac_le(&b.tau[0], t) >= frac_le(&a.tau[0], t) - 0.01,
                "t = {t}"
            );
        }
        // Stale reads at t = 10 ms drop by a third (0.58% → 0.39% on this seed).
        let stale = |s: &Samples| 1.0 - frac_le(&s.tau[0], 10.0);
        assert!(
            stale(&b) < 0.8 * stale(&a),
            "{} vs {}",
            stale(&b),
            stale(&a)
        );
    }

    #[test]
    fn exact_k_versions_lie_between_one_version_and_the_exponent_rule_at_zero_gap() {
        let spec = Spec {
            k: 3,
            gap_ms: 0.0,
            ..exp_spec(3, 1, 1)
        };
        let s = run(&spec, 4, false, 40_000);
        let p1 = frac_le(&s.tau[0], 0.0);
        let pk = frac_le(&s.tau_k, 0.0);
        assert!(pk >= p1);
        // Three writes at once, each to every replica: the read misses all three less often.
        assert!(pk > p1 + 0.05, "{pk} vs {p1}");
    }

    #[test]
    fn table_diagonal_matches_the_curve_bit_for_bit() {
        let spec = exp_spec(3, 2, 1);
        let table = run(&spec, 8, true, 3_000);
        let curve = run(&spec, 8, false, 3_000);
        assert_eq!(table.tau[3], curve.tau[0]);
        assert_eq!(table.write[0], curve.write[0]);
        assert_eq!(table.read[1], curve.read[0]);
    }

    #[test]
    fn replay_gives_the_trial_the_runner_drew() {
        let spec = Spec {
            legs: Legs::all(Dist::pareto_exp(0.5, 1.0, 2.0, 0.5)),
            ..exp_spec(4, 1, 2)
        };
        let mut rng = Rng::stream(6, 1);
        let mut d = Draws::default();
        for _ in 0..=10 {
            draw(&spec, &mut rng, &mut d);
        }
        let again = replay(&spec, 6, BLOCK + 10);
        assert_eq!(again.w, d.w);
        assert_eq!(again.s, d.s);
    }
}
