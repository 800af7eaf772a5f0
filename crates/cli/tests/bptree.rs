//! `sdlab bptree` as a user runs it: the JSON shape of `fill`, the dump of `run`, and one-line
//! errors with exit code 2 for bad arguments.

mod common;

use common::{refused, sdlab};

#[test]
fn fill_prints_one_json_object() {
    let out = sdlab(&[
        "bptree", "fill", "--order", "8", "--keys", "5000", "--insert", "sorted", "--seed", "3",
        "--json",
    ]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).expect("JSON");
    let keys: Vec<&str> = v
        .as_object()
        .expect("an object")
        .keys()
        .map(String::as_str)
        .collect();
    assert_eq!(
        keys,
        [
            "height",
            "internal_fill",
            "internal_nodes",
            "leaf_fill",
            "leaves"
        ]
    );
    // Ascending keys, even split at L = 7: every leaf but the last keeps 4 of 7 keys.
    assert_eq!(v["leaves"], 1250);
    assert!((v["leaf_fill"].as_f64().expect("number") - 5000.0 / (1250.0 * 7.0)).abs() < 1e-12);
    let append = sdlab(&[
        "bptree", "fill", "--order", "8", "--keys", "5000", "--insert", "sorted", "--split",
        "append", "--json",
    ]);
    let a: serde_json::Value = serde_json::from_slice(&append.stdout).expect("JSON");
    assert_eq!(a["leaves"], 715, "⌈5000 / 7⌉ full leaves");
    for insert in ["random", "reverse", "uuid4", "uuid7"] {
        let out = sdlab(&[
            "bptree", "fill", "--order", "16", "--keys", "2000", "--insert", insert, "--json",
        ]);
        assert!(out.status.success(), "{insert}");
    }
}

#[test]
fn run_prints_the_tree_after_each_operation() {
    let out = sdlab(&[
        "bptree",
        "run",
        "--order",
        "3",
        "--ops",
        "i:10,i:20,i:30,i:40,i:50,d:10,s:40,r:20..40",
    ]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let text = String::from_utf8_lossy(&out.stdout);
    let lines: Vec<&str> = text.lines().collect();
    assert_eq!(lines.len(), 8);
    assert!(
        lines[4].ends_with("(30 | (20 | [10] [20]) (40 | [30] [40,50]))"),
        "{}",
        lines[4]
    );
    assert!(
        lines[5].ends_with("(30,40 | [20] [30] [40,50])"),
        "{}",
        lines[5]
    );
    assert!(lines[6].contains("found"));
    assert!(lines[7].contains("3 key(s): 20,30,40"), "{}", lines[7]);
}

#[test]
fn bad_arguments_get_one_line_and_exit_code_2() {
    for args in [
        &["bptree", "fill", "--order", "2", "--keys", "10"][..],
        &["bptree", "fill", "--order", "4", "--keys", "1000000000"],
        &[
            "bptree", "fill", "--order", "4", "--keys", "10", "--insert", "zigzag",
        ],
        &["bptree", "fill", "--order", "x", "--keys", "10"],
        &["bptree", "run", "--order", "3", "--ops", "i:5,junk"],
        &["bptree", "run", "--order", "3", "--ops", "r:9..1"],
        &["bptree", "run", "--order", "3", "--ops", ""],
        &["bptree", "run", "--order", "1", "--ops", "i:1"],
    ] {
        refused(args);
    }
}
