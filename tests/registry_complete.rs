//! Every registry tool has what ARCHITECTURE.md's "Adding a tool" checklist asks for, on the
//! app's side: its model crate (a member under `crates/` that the app depends on) and its page
//! module (`src/tools/<slug>.rs` or `src/tools/<slug>/mod.rs`). The CLI subcommand and the bench
//! entry are checked where they live (`crates/cli/tests/registry.rs`,
//! `xtask/wasm-bench/tests/registry.rs`), from the same `tests/registry.json`.

#![cfg(not(target_arch = "wasm32"))]

use std::path::Path;
use std::process::Command;

use sdlab::registry::TOOLS;

fn root() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

/// (member name, manifest path) of every workspace member, and the app's dependency names.
fn workspace() -> (Vec<(String, String)>, Vec<String>) {
    let out = Command::new(env!("CARGO"))
        .args([
            "metadata",
            "--format-version",
            "1",
            "--no-deps",
            "--offline",
        ])
        .current_dir(root())
        .output()
        .expect("cargo metadata runs");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let meta: serde_json::Value = serde_json::from_slice(&out.stdout).expect("valid metadata");
    let packages = meta["packages"].as_array().expect("packages");
    let members = packages
        .iter()
        .map(|p| {
            (
                p["name"].as_str().unwrap_or_default().to_string(),
                p["manifest_path"].as_str().unwrap_or_default().to_string(),
            )
        })
        .collect();
    let app = packages
        .iter()
        .find(|p| p["name"] == "sdlab")
        .expect("the app package");
    let deps = app["dependencies"]
        .as_array()
        .expect("dependencies")
        .iter()
        .map(|d| d["name"].as_str().unwrap_or_default().to_string())
        .collect();
    (members, deps)
}

#[test]
fn every_tool_has_its_model_crate_and_page_module() {
    let (members, app_deps) = workspace();
    let crates_dir = root().join("crates").display().to_string();
    for tool in TOOLS {
        let member = members.iter().find(|(name, _)| name == tool.model_crate);
        let Some((_, manifest)) = member else {
            panic!(
                "{}: its model crate {} is not a workspace member",
                tool.slug, tool.model_crate
            );
        };
        assert!(
            manifest.starts_with(&crates_dir),
            "{}: {} lives outside crates/ ({manifest})",
            tool.slug,
            tool.model_crate
        );
        assert!(
            app_deps.iter().any(|d| d == tool.model_crate),
            "{}: the app does not depend on {}",
            tool.slug,
            tool.model_crate
        );
        let module = tool.slug.replace('-', "_");
        let file = root().join(format!("src/tools/{module}.rs"));
        let folder = root().join(format!("src/tools/{module}/mod.rs"));
        assert!(
            file.exists() || folder.exists(),
            "{}: no page module at {} or {}",
            tool.slug,
            file.display(),
            folder.display()
        );
        assert!(
            !tool.cli.is_empty(),
            "{}: no CLI subcommand listed",
            tool.slug
        );
        assert!(
            !tool.benches.is_empty(),
            "{}: no benchmark listed",
            tool.slug
        );
    }
}
