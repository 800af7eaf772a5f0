//! `sdlab ring …` as a user runs it: the JSON shapes the issue names, the published values
//! (jump's reference outputs, Cassandra's token), and one-line errors with exit code 2.

mod common;

use common::{json, refused, sdlab};

fn stdout(args: &[&str]) -> String {
    let out = sdlab(args);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8_lossy(&out.stdout).trim().to_string()
}

#[test]
fn stats_json_has_spread_and_loads() {
    for algo in [
        "ring",
        "jump",
        "rendezvous",
        "maglev",
        "multiprobe",
        "bounded",
        "modulo",
    ] {
        let v = json(&[
            "ring", "stats", "--algo", algo, "--nodes", "8", "--vnodes", "50", "--keys", "20000",
            "--seed", "3", "--json",
        ]);
        let loads = v["loads"].as_array().expect("loads");
        assert_eq!(loads.len(), 8, "{algo}");
        let total: u64 = loads.iter().filter_map(|l| l.as_u64()).sum();
        assert_eq!(total, 20_000, "{algo}");
        assert!(v["rel_stddev"].as_f64().is_some_and(|x| x >= 0.0), "{algo}");
        assert!(
            v["max_over_mean"].as_f64().is_some_and(|x| x >= 1.0),
            "{algo}"
        );
        assert_eq!(v["algo"], algo);
    }
}

#[test]
fn move_json_shows_mod_n_moving_almost_everything() {
    let v = json(&[
        "ring", "move", "--algo", "modulo", "--from", "9", "--to", "10", "--keys", "50000",
        "--seed", "1", "--json",
    ]);
    // n/(n+1) = 0.9 of the keys move under mod-N [derived], the ideal is 1/10.
    let f = v["moved_fraction"].as_f64().expect("number");
    assert!((f - 0.9).abs() < 0.01, "{v}");
    let ring = json(&[
        "ring", "move", "--algo", "ring", "--vnodes", "200", "--from", "9", "--to", "10", "--keys",
        "50000", "--seed", "1", "--json",
    ]);
    assert!(
        ring["moved_fraction"]
            .as_f64()
            .is_some_and(|f| (0.05..0.15).contains(&f))
    );
}

/// Golden: jump hash's reference outputs (ClickHouse's test “00580_consistent_hashing_functions”,
/// and Gryski's go-jump table “Generated from the reference C++ code”).
#[test]
fn jump_golden_reference_outputs() {
    assert_eq!(
        stdout(&["ring", "jump", "--key", "42", "--buckets", "57"]),
        "43"
    );
    assert_eq!(
        stdout(&[
            "ring",
            "jump",
            "--key",
            "16045690984833335023",
            "--buckets",
            "255"
        ]),
        "237"
    );
    assert_eq!(
        stdout(&["ring", "jump", "--key", "3735928559", "--buckets", "19"]),
        "16"
    );
}

/// Golden: Cassandra's token for an ASCII key equals the reference MurmurHash3's first half
/// (SMHasher “MurmurHash3_x64_128”, seed 0), here 2680261686609811218 for "jim".
#[test]
fn token_golden_murmur3() {
    assert_eq!(
        stdout(&["ring", "token", "--partitioner", "murmur3", "--key", "jim"]),
        "2680261686609811218"
    );
}

#[test]
fn ketama_picks_one_of_the_servers_stably() {
    let servers = "10.0.0.1:11211,10.0.0.2:11211,10.0.0.3:11211";
    let a = stdout(&["ring", "ketama", "--servers", servers, "--key", "user:42"]);
    assert!(servers.split(',').any(|s| s == a), "{a}");
    assert_eq!(
        stdout(&["ring", "ketama", "--servers", servers, "--key", "user:42"]),
        a
    );
}

#[test]
fn bad_arguments_are_one_line_and_exit_2() {
    let cases: [&[&str]; 10] = [
        &[
            "ring", "stats", "--algo", "ring", "--nodes", "0", "--keys", "10", "--seed", "1",
        ],
        &[
            "ring",
            "stats",
            "--algo",
            "ring",
            "--nodes",
            "3",
            "--vnodes",
            "1000000000",
            "--keys",
            "10",
            "--seed",
            "1",
        ],
        &[
            "ring",
            "stats",
            "--algo",
            "maglev",
            "--table-size",
            "65536",
            "--nodes",
            "3",
            "--keys",
            "10",
            "--seed",
            "1",
        ],
        &[
            "ring",
            "stats",
            "--algo",
            "bounded",
            "--epsilon",
            "0",
            "--nodes",
            "3",
            "--keys",
            "10",
            "--seed",
            "1",
        ],
        &[
            "ring",
            "stats",
            "--algo",
            "bounded",
            "--epsilon",
            "NaN",
            "--nodes",
            "3",
            "--keys",
            "10",
            "--seed",
            "1",
        ],
        &[
            "ring", "stats", "--algo", "nope", "--nodes", "3", "--keys", "10", "--seed", "1",
        ],
        &[
            "ring", "move", "--algo", "ring", "--from", "3", "--to", "x", "--keys", "10", "--seed",
            "1",
        ],
        &["ring", "jump", "--key", "-1", "--buckets", "3"],
        &["ring", "ketama", "--servers", "", "--key", "x"],
        &["ring", "token", "--partitioner", "random", "--key", "x"],
    ];
    for args in cases {
        refused(args);
    }
}
