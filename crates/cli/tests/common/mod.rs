//! What the CLI's integration tests share: the built `sdlab` binary run as a user runs it.
//! Each test file uses what it needs of it, so the rest is dead code there.
#![allow(dead_code)]

use std::process::{Command, Output};

/// Runs `sdlab` with `args`.
pub fn sdlab(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_sdlab"))
        .args(args)
        .output()
        .expect("the sdlab binary runs")
}

/// Runs `sdlab` with `args`, which must succeed, and reads its stdout as one JSON value.
pub fn json(args: &[&str]) -> serde_json::Value {
    let out = sdlab(args);
    assert!(
        out.status.success(),
        "{args:?}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    serde_json::from_slice(&out.stdout).expect("valid JSON")
}

/// Runs `sdlab` with `args`, which it must refuse as the house rule says: exit code 2, nothing
/// on stdout, one line on stderr. Returns that line.
pub fn refused(args: &[&str]) -> String {
    let out = sdlab(args);
    assert_eq!(out.status.code(), Some(2), "{args:?}");
    assert!(out.stdout.is_empty(), "{args:?} printed to stdout");
    let err = String::from_utf8_lossy(&out.stderr).trim_end().to_string();
    assert_eq!(err.lines().count(), 1, "{args:?}: {err}");
    err
}
