//! Layering, read from `cargo metadata`: the model crates under `crates/` never depend on the
//! browser stack (ARCHITECTURE.md, invariant 1), and tool crates never depend on each other
//! (invariant 2).

#![cfg(not(target_arch = "wasm32"))]

use std::process::Command;

const BROWSER_CRATES: [&str; 7] = [
    "yew",
    "web-sys",
    "js-sys",
    "wasm-bindgen",
    "gloo",
    "plotters-canvas",
    "yew-router",
];

/// Crates under crates/ that are not tools: shared code and the CLI.
const NOT_TOOLS: [&str; 3] = ["sdlab-sim", "sdlab-charts", "sdlab-cli"];

fn metadata() -> serde_json::Value {
    let out = Command::new(env!("CARGO"))
        .args([
            "metadata",
            "--format-version",
            "1",
            "--no-deps",
            "--offline",
        ])
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .output()
        .expect("cargo metadata runs");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    serde_json::from_slice(&out.stdout).expect("valid metadata")
}

/// (package name, its direct dependency names) for every member under crates/.
fn crate_members() -> Vec<(String, Vec<String>)> {
    let meta = metadata();
    let root = format!("{}/crates/", env!("CARGO_MANIFEST_DIR"));
    meta["packages"]
        .as_array()
        .expect("packages")
        .iter()
        .filter(|p| {
            p["manifest_path"]
                .as_str()
                .is_some_and(|m| m.starts_with(&root))
        })
        .map(|p| {
            let name = p["name"].as_str().expect("name").to_string();
            let deps = p["dependencies"]
                .as_array()
                .expect("dependencies")
                .iter()
                .map(|d| d["name"].as_str().expect("dep name").to_string())
                .collect();
            (name, deps)
        })
        .collect()
}

#[test]
fn model_crates_never_depend_on_the_browser_stack() {
    let members = crate_members();
    assert!(members.len() >= 4, "found only {members:?}");
    for (name, deps) in &members {
        for dep in deps {
            let banned = BROWSER_CRATES
                .iter()
                .any(|b| dep == b || dep.starts_with(&format!("{b}-")) || dep.starts_with("gloo"));
            assert!(
                !banned,
                "{name} depends on {dep}: crates/ must stay free of the browser"
            );
        }
    }
}

#[test]
fn tools_never_import_each_other() {
    let members = crate_members();
    let tools: Vec<&String> = members
        .iter()
        .map(|(n, _)| n)
        .filter(|n| !NOT_TOOLS.contains(&n.as_str()))
        .collect();
    for (name, deps) in &members {
        if !tools.contains(&name) {
            continue;
        }
        for dep in deps {
            assert!(
                !tools.contains(&dep),
                "tool {name} depends on tool {dep}: move the shared code to crates/sim"
            );
        }
    }
}
