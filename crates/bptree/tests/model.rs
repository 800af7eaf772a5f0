//! The tree against the reference's traces and against `BTreeSet`: fixtures from the reference
//! (§5, derived with the USFCA visualisation's rules), model-based property tests that check
//! every invariant after every step, the page-count rules of §10 and the bulk load of §8.

use std::collections::BTreeSet;

use proptest::prelude::*;
use sdlab_bptree::check::{check, check_step};
use sdlab_bptree::ops::{Answer, Op, apply, dump, parse_cmds};
use sdlab_bptree::stats::{height_bounds, shape};
use sdlab_bptree::trace::{Counter, Recorder, StepKind};
use sdlab_bptree::{Borrow, Config, Key, Split, Tree, bulk::bulk_load};

fn run(order: u32, ops: &str) -> Vec<String> {
    let Ok(config) = Config::order(order) else {
        panic!("order {order}")
    };
    let mut tree = Tree::new(config);
    let cmds = parse_cmds(ops).unwrap_or_else(|e| panic!("{e}"));
    let ops = sdlab_bptree::ops::expand(&cmds, 10_000).unwrap_or_else(|e| panic!("{e}"));
    ops.into_iter()
        .map(|op| {
            let mut rec = Recorder::default();
            apply(&mut tree, op, &mut rec);
            for step in &rec.steps {
                let broken = check_step(&step.tree, step.meta.transient, step.meta.stale);
                assert!(broken.is_empty(), "{op}: {}: {broken:?}", step.meta.text);
            }
            dump(&tree)
        })
        .collect()
}

/// Reference §5, worked trace at d = 3 (derived by the USFCA rules: split index ⌊d/2⌋, steal
/// left then right, the leftmost child absorbs its right sibling). Exact.
#[test]
fn reference_trace_order_3() {
    let after = run(3, "i:10,i:20,i:30,i:40,i:50,d:10,d:20");
    assert_eq!(
        after,
        [
            "[10]",
            "[10,20]",
            "(20 | [10] [20,30])",
            "(20,30 | [10] [20] [30,40])",
            "(30 | (20 | [10] [20]) (40 | [30] [40,50]))",
            "(30,40 | [20] [30] [40,50])",
            "(40 | [30] [40,50])",
        ]
    );
}

/// Reference §5, second fixture at d = 4: the last delete empties a leaf, which borrows 40
/// from its left sibling. Exact.
#[test]
fn reference_trace_order_4() {
    let after = run(4, "i:10,i:20,i:30,i:40,i:50,i:60,i:70,d:70,d:60,d:50");
    assert_eq!(after[6], "(30,50 | [10,20] [30,40] [50,60,70])");
    assert_eq!(after[9], "(30,40 | [10,20] [30] [40])");
}

/// The step-by-step trace of one sequence at degree 3, to compare with the classic visualiser
/// step by step: the kinds and narration of every step of `+10 +20 +30 +40 +50 −10`.
#[test]
fn trace_snapshot_order_3() {
    let Ok(config) = Config::order(3) else {
        panic!()
    };
    let mut tree = Tree::new(config);
    let mut lines = Vec::new();
    for op in [
        "i:10", "i:20", "i:30", "i:40", "i:50", "d:10", "s:40", "s:45", "r:20..40",
    ] {
        let Ok(cmds) = parse_cmds(op) else { panic!() };
        let sdlab_bptree::ops::Cmd::Op(op) = cmds[0] else {
            panic!()
        };
        let mut rec = Recorder::default();
        apply(&mut tree, op, &mut rec);
        lines.push(format!("{op}"));
        for s in rec.steps {
            lines.push(format!(
                "  {:?} {:?}: {} => {}",
                s.meta.kind,
                s.meta.nodes,
                s.meta.text,
                dump(&s.tree)
            ));
        }
    }
    expect_test::expect_file!["trace_order_3.txt"].assert_eq(&lines.join("\n"));
}

#[derive(Clone, Debug)]
enum TestOp {
    Insert(u64),
    Delete(u64),
    Search(u64),
    Range(u64, u64),
}

fn test_op(keys: u64) -> impl Strategy<Value = TestOp> {
    prop_oneof![
        5 => (0..keys).prop_map(TestOp::Insert),
        3 => (0..keys).prop_map(TestOp::Delete),
        1 => (0..keys).prop_map(TestOp::Search),
        1 => (0..keys, 0..keys).prop_map(|(a, b)| TestOp::Range(a.min(b), a.max(b))),
    ]
}

fn config_strategy() -> impl Strategy<Value = Config> {
    (
        prop_oneof![Just(3u32), Just(4), Just(5), Just(16), Just(255)],
        prop_oneof![Just(None), Just(Some(2u32)), Just(Some(7))],
        prop_oneof![Just(Split::Even), Just(Split::Append)],
        prop_oneof![Just(Borrow::LeftFirst), Just(Borrow::RightFirst)],
    )
        .prop_map(|(order, leaf, split, borrow)| Config {
            order,
            leaf_cap: leaf.unwrap_or(order - 1),
            split,
            borrow,
        })
}

/// Runs `ops` on the tree and on a `BTreeSet`, checking every invariant after every step
/// (with the one transient exemption the step names) and the answers and contents after every
/// operation.
fn against_model(config: Config, ops: &[TestOp]) -> Result<(), TestCaseError> {
    let mut tree = Tree::new(config);
    let mut model = BTreeSet::new();
    for op in ops {
        let mut rec = Recorder::default();
        let height = tree.height();
        let op = match *op {
            TestOp::Insert(k) => Op::Insert(Key(k.into())),
            TestOp::Delete(k) => Op::Delete(Key(k.into())),
            TestOp::Search(k) => Op::Search(Key(k.into())),
            TestOp::Range(a, b) => Op::Range(Key(a.into()), Key(b.into())),
        };
        let answer = apply(&mut tree, op, &mut rec);
        let expected = match op {
            Op::Insert(k) => {
                if model.insert(k) {
                    Answer::Inserted
                } else {
                    Answer::Duplicate
                }
            }
            Op::Delete(k) => {
                if model.remove(&k) {
                    Answer::Deleted
                } else {
                    Answer::Absent
                }
            }
            Op::Search(k) => Answer::Found(model.contains(&k)),
            Op::Range(a, b) => Answer::Range(model.range(a..=b).copied().collect()),
            Op::Rebuild(_) => Answer::Rebuilt,
        };
        prop_assert_eq!(&answer, &expected, "{}", op);
        for step in &rec.steps {
            let broken = check_step(&step.tree, step.meta.transient, step.meta.stale);
            prop_assert!(
                broken.is_empty(),
                "{} at {:?}: {}: {:?}",
                op,
                config,
                step.meta.text,
                broken
            );
        }
        let broken = check(&tree, None);
        prop_assert!(broken.is_empty(), "{} at {:?}: {:?}", op, config, broken);
        prop_assert_eq!(tree.keys(), model.iter().copied().collect::<Vec<_>>());
        prop_assert_eq!(tree.len(), model.len() as u64);
        prop_assert!(tree.height().abs_diff(height) <= 1);
        // The last step leaves the tree as it is.
        if let Some(last) = rec.steps.last() {
            prop_assert!(
                last.tree == tree,
                "{}: the last step's snapshot is not the tree",
                op
            );
        }
        let (lo, hi) = height_bounds(&config, tree.len());
        prop_assert!(
            config.split == Split::Append || (lo..=hi).contains(&tree.height()),
            "height {} outside {}..={} for {} keys",
            tree.height(),
            lo,
            hi,
            tree.len()
        );
    }
    Ok(())
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(96))]

    /// Small key space: many duplicates, many hits on delete, deep trees at low orders.
    #[test]
    fn random_operations_keep_every_invariant(
        config in config_strategy(),
        ops in prop::collection::vec(test_op(300), 0..400),
    ) {
        against_model(config, &ops)?;
    }

    /// Fill up, then delete most keys: every kind of borrow, merge and root collapse.
    #[test]
    fn fill_then_drain(
        config in config_strategy(),
        keys in prop::collection::vec(0u64..5_000, 1..700),
        drain in prop::collection::vec(0usize..700, 0..700),
    ) {
        let mut ops: Vec<TestOp> = keys.iter().map(|&k| TestOp::Insert(k)).collect();
        ops.extend(drain.iter().map(|&i| TestOp::Delete(keys[i % keys.len()])));
        against_model(config, &ops)?;
    }
}

/// §10: a lookup reads exactly h pages; a range scan reads h + (leaves walked − 1).
#[test]
fn page_reads_follow_the_cost_model() {
    let Ok(config) = Config::order(4) else {
        panic!()
    };
    let mut tree = Tree::new(config);
    for k in (1..=200u128).map(|k| Key(k * 10)) {
        tree.insert(k);
    }
    let h = u64::from(tree.height());
    assert!(h >= 4);
    for k in [10u128, 555, 2000, 5] {
        let mut c = Counter::default();
        tree.search_with(Key(k), &mut c);
        assert_eq!(c.reads, h, "search {k}");
        assert_eq!(c.writes, 0);
    }
    let mut rec = Recorder::default();
    let found = tree.range_with(Key(100), Key(400), &mut rec);
    assert_eq!(found.len(), 31);
    let leaves = rec
        .steps
        .iter()
        .filter(|s| s.meta.kind == StepKind::Chain)
        .count() as u64;
    assert_eq!(rec.counter.reads, h + leaves - 1);
    // Keys 100..400 span several leaves of 2–3 keys, plus the one that shows the range ended.
    assert!(leaves >= 11, "{leaves}");
}

/// §10: an insert that splits nothing writes one page; a delete that borrows writes three.
#[test]
fn pages_written_per_operation() {
    let Ok(config) = Config::order(4) else {
        panic!()
    };
    let mut tree = Tree::new(config);
    for k in [10, 20, 30, 40, 50, 60, 70] {
        tree.insert(Key(k));
    }
    let mut c = Counter::default();
    tree.insert_with(Key(15), &mut c);
    assert_eq!((c.writes, c.splits), (1, 0));
    let mut c = Counter::default();
    tree.insert_with(Key(17), &mut c);
    // [10,15,17,20] splits: the leaf, its new right half and the parent.
    assert_eq!((c.writes, c.splits), (3, 1));
}

/// §8: a bulk load of sorted keys at 100% fill reaches the least height possible for n, writes
/// each page once, and keeps every invariant (tight separators included).
#[test]
fn bulk_load_is_minimal_and_valid() {
    for order in [3u32, 4, 5, 16, 255] {
        for n in [0u64, 1, 2, 3, 10, 99, 1000, 4097] {
            let Ok(config) = Config::order(order) else {
                panic!()
            };
            let keys: Vec<Key> = (0..n).map(|k| Key(k.into())).collect();
            for fill in [100, 90, 50] {
                let Ok(tree) = bulk_load(config, keys.clone(), fill) else {
                    panic!()
                };
                let broken = check(&tree, None);
                assert!(broken.is_empty(), "d={order} n={n} f={fill}: {broken:?}");
                assert_eq!(tree.keys(), keys);
                if fill == 100 {
                    assert_eq!(
                        tree.height(),
                        height_bounds(&config, n).0,
                        "d={order} n={n}"
                    );
                }
            }
        }
    }
    let Ok(config) = Config::order(5) else {
        panic!()
    };
    let mut tree = Tree::new(config);
    let mut rec = Recorder::default();
    for k in 0..50u128 {
        tree.insert(Key(k));
    }
    apply(&mut tree, Op::Rebuild(100), &mut rec);
    assert_eq!(rec.counter.writes, shape(&tree).nodes());
    assert_eq!(shape(&tree).leaf_fill, 1.0 * 50.0 / (13.0 * 4.0));
}

#[test]
fn append_split_fills_leaves_on_ascending_keys() {
    for (split, lo, hi) in [(Split::Even, 0.49, 0.52), (Split::Append, 0.99, 1.0)] {
        let config = Config {
            order: 64,
            leaf_cap: 63,
            split,
            borrow: Borrow::LeftFirst,
        };
        let mut tree = Tree::new(config);
        for k in 0..100_000u128 {
            tree.insert(Key(k));
        }
        let s = shape(&tree);
        assert!(
            (lo..=hi).contains(&s.leaf_fill),
            "{split:?}: {}",
            s.leaf_fill
        );
        assert!(check(&tree, None).is_empty());
    }
}

#[test]
fn bad_operation_lists_are_refused_with_a_message() {
    for bad in [
        "i:",
        "x:5",
        "i:5,junk",
        "r:9..1",
        "r:1-9",
        "b:0",
        "b:101",
        "g:random:0:1",
        "g:nope:5:1",
        "g:random:200000:1",
        "i:-1",
        "i:1e3",
    ] {
        let err = parse_cmds(bad).err();
        assert!(
            err.as_ref().is_some_and(|e| !e.is_empty()),
            "{bad}: {err:?}"
        );
    }
    assert!(Config::order(2).is_err());
    assert!(Config::order(sdlab_bptree::tree::MAX_ORDER + 1).is_err());
    assert_eq!(parse_cmds("i:5, d:5\ns:3 r:1..9").map(|c| c.len()), Ok(4));
}
