//! The two-order comparison as a worker job: the same number of keys inserted into two trees in
//! two orders (random vs sorted, UUIDv4 vs UUIDv7, …), nothing drawn, up to 10⁶ keys, with
//! progress. The page runs it in the warm worker, the CLI's `fill` in the terminal.

use sdlab_sim::{Job, Stepper};
use serde::{Deserialize, Serialize};

use crate::keys::{Key, Workload, generate};
use crate::stats::{Shape, shape};
use crate::trace::Counter;
use crate::tree::{Config, Tree};

/// The most keys one comparison inserts per order.
pub const MAX_KEYS: u64 = 1_000_000;

/// Inserts `keys` keys in each of two orders into trees of one shape.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct CompareJob {
    pub config: Config,
    pub keys: u64,
    pub seed: u64,
    /// One or two orders (the CLI's `fill` runs one).
    pub orders: Vec<Workload>,
    /// Bytes per page, for the index size (pages × page size).
    pub page_bytes: u32,
}

/// One order's tree, measured.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Fill {
    pub workload: Workload,
    pub shape: Shape,
    /// Distinct pages written per insert, summed over all inserts.
    pub pages_written: u64,
    pub splits: u64,
    /// Pages × page size.
    pub index_bytes: u64,
}

impl Fill {
    pub fn pages_per_insert(&self) -> f64 {
        self.pages_written as f64 / self.shape.keys.max(1) as f64
    }
}

/// Both orders' trees.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Comparison {
    pub runs: Vec<Fill>,
}

/// Validates the size of a comparison.
pub fn check_keys(keys: u64) -> Result<u64, String> {
    if keys == 0 {
        return Err("insert at least 1 key".into());
    }
    if keys > MAX_KEYS {
        return Err(format!(
            "at most 1,000,000 keys per order (a browser tab's memory holds two such trees); {keys} is too many"
        ));
    }
    Ok(keys)
}

/// One tree filling up, then the next.
pub struct FillStepper {
    job: CompareJob,
    /// Which order is filling, and its keys.
    at: usize,
    keys: Vec<Key>,
    next: usize,
    tree: Tree<Key>,
    counter: Counter,
    done: Vec<Fill>,
}

impl FillStepper {
    fn finish_run(&mut self) {
        let s = shape(&self.tree);
        self.done.push(Fill {
            workload: self.job.orders[self.at],
            index_bytes: s.nodes() * u64::from(self.job.page_bytes),
            shape: s,
            pages_written: self.counter.writes,
            splits: self.counter.splits,
        });
    }
}

impl Stepper for FillStepper {
    type Output = Comparison;
    fn step(&mut self, work: u64) -> bool {
        let end = (self.next + work as usize).min(self.keys.len());
        for &k in &self.keys[self.next..end] {
            self.tree.insert_with(k, &mut self.counter);
            self.counter.end_op();
        }
        self.next = end;
        if self.next < self.keys.len() {
            return false;
        }
        self.finish_run();
        if self.at + 1 >= self.job.orders.len() {
            return true;
        }
        self.at += 1;
        self.keys = generate(self.job.orders[self.at], self.job.keys, self.job.seed);
        self.next = 0;
        self.tree = Tree::new(self.job.config);
        self.counter = Counter::default();
        false
    }
    fn progress(&self) -> f64 {
        let per = self.job.keys.max(1) as f64;
        (self.at as f64 * per + self.next as f64) / (per * self.job.orders.len() as f64)
    }
    fn finish(self) -> Comparison {
        Comparison { runs: self.done }
    }
}

impl Job for CompareJob {
    const KIND: &'static str = "bptree-compare";
    type Output = Comparison;
    type Stepper = FillStepper;
    fn start(&self) -> Result<FillStepper, String> {
        self.config.validate()?;
        check_keys(self.keys)?;
        if !(1..=2).contains(&self.orders.len()) {
            return Err("compare one or two orders".into());
        }
        Ok(FillStepper {
            job: self.clone(),
            at: 0,
            keys: generate(self.orders[0], self.keys, self.seed),
            next: 0,
            tree: Tree::new(self.config),
            counter: Counter::default(),
            done: Vec::new(),
        })
    }
}

/// One order's fill, run to the end (tests and the page's checks).
pub fn fill(
    config: Config,
    workload: Workload,
    keys: u64,
    seed: u64,
    page_bytes: u32,
) -> Result<Fill, String> {
    let job = CompareJob {
        config,
        keys,
        seed,
        orders: vec![workload],
        page_bytes,
    };
    let out = sdlab_sim::job::run(job.start()?, keys, |_| {});
    out.runs
        .into_iter()
        .next()
        .ok_or_else(|| "the run did not finish".to_string())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::check::check;

    #[test]
    fn the_comparison_runs_both_orders_on_the_same_key_set() {
        let job = CompareJob {
            config: Config::order(8).unwrap_or_else(|e| panic!("{e}")),
            keys: 5_000,
            seed: 4,
            orders: vec![Workload::Random, Workload::Sorted],
            page_bytes: 8_192,
        };
        let Ok(stepper) = job.start() else { panic!() };
        let mut seen = Vec::new();
        let out = sdlab_sim::job::run(stepper, 1_000, |p| seen.push(p));
        assert!(seen.windows(2).all(|w| w[0] <= w[1]));
        assert_eq!(out.runs.len(), 2);
        let (random, sorted) = (&out.runs[0], &out.runs[1]);
        assert_eq!(random.shape.keys, 5_000);
        assert_eq!(sorted.shape.keys, 5_000);
        // Even splits of ascending keys freeze every left half at ⌊(L + 1)/2⌋ = 4 of 7.
        assert!(
            (sorted.shape.leaf_fill - 4.0 / 7.0).abs() < 0.01,
            "{}",
            sorted.shape.leaf_fill
        );
        assert!(random.shape.leaf_fill > sorted.shape.leaf_fill);
        assert_eq!(random.index_bytes, random.shape.nodes() * 8_192);
        assert!(random.pages_per_insert() >= 1.0);
    }

    #[test]
    fn fill_matches_a_plain_run_and_refuses_bad_sizes() {
        let Ok(config) = Config::order(16) else {
            panic!()
        };
        let Ok(f) = fill(config, Workload::Uuid4, 3_000, 2, 8_192) else {
            panic!()
        };
        let mut tree = Tree::new(config);
        for k in generate(Workload::Uuid4, 3_000, 2) {
            tree.insert(k);
        }
        assert!(check(&tree, None).is_empty());
        assert_eq!(f.shape, shape(&tree));
        assert!(fill(config, Workload::Random, 0, 1, 8_192).is_err());
        assert!(fill(config, Workload::Random, 1_000_000_000, 1, 8_192).is_err());
    }
}
