//! Layering, read from `cargo metadata`'s resolve graph (ARCHITECTURE.md, invariants 1 and 2).
//!
//! Invariant 1, checked transitively on wasm32, on the host and on any target: `sim` and every tool
//! crate reach no browser crate through their normal and build dependencies; `charts` reaches one
//! only through `plotters` (which brings wasm-bindgen and web-sys on wasm32); the CLI, a native
//! program, reaches none on the host. Each
//! member under crates/ is walked on its own, so a tool that draws through `charts` is fine, and
//! one that uses `plotters` directly is not. Dev-dependencies are test tools that run natively and
//! are not followed (on wasm32, proptest would reach wasm-bindgen through getrandom).
//!
//! Invariant 2: a tool crate depends on no workspace crate but `sim` and `charts`. Which members
//! are tools is derived: every member under crates/ except `sim`, `charts` and `cli`.

#![cfg(not(target_arch = "wasm32"))]

use std::collections::{BTreeMap, BTreeSet, VecDeque};
use std::path::{Path, PathBuf};
use std::process::Command;

/// Crates that only make sense in a browser page, matched by name or `name-` prefix.
const BROWSER_CRATES: [&str; 7] = [
    "yew",
    "web-sys",
    "js-sys",
    "wasm-bindgen",
    "serde-wasm-bindgen",
    "gloo",
    "plotters-canvas",
];

/// The members under crates/ that are not tools, by folder.
const SHARED: &str = "sim";
const CHARTS: &str = "charts";
const CLI: &str = "cli";

/// The crate through which `charts` may reach the browser on wasm32.
const CHARTS_BACKEND: &str = "plotters";

fn is_browser_crate(name: &str) -> bool {
    BROWSER_CRATES
        .iter()
        .any(|b| name == *b || name.starts_with(&format!("{b}-")))
}

/// One resolve graph: package names, and the edges cargo would build with.
struct Graph {
    /// What the graph is for, e.g. "wasm32-unknown-unknown".
    target: String,
    names: BTreeMap<String, String>,
    /// Normal and build edges (what a crate is compiled with), by package id.
    shipped: BTreeMap<String, Vec<String>>,
    /// Every edge, dev-dependencies included, by package id.
    all: BTreeMap<String, Vec<String>>,
    /// Package ids of the workspace's members.
    members: BTreeSet<String>,
    /// Workspace members under crates/: folder name → package id.
    crates: BTreeMap<String, String>,
}

impl Graph {
    fn load(platform: Option<&str>) -> Graph {
        let root = Path::new(env!("CARGO_MANIFEST_DIR"));
        let mut args = vec!["metadata", "--format-version", "1", "--offline"];
        if let Some(platform) = platform {
            args.extend(["--filter-platform", platform]);
        }
        let out = Command::new(env!("CARGO"))
            .args(&args)
            .current_dir(root)
            .output()
            .expect("cargo metadata runs");
        assert!(
            out.status.success(),
            "cargo {}: {}",
            args.join(" "),
            String::from_utf8_lossy(&out.stderr)
        );
        let meta: serde_json::Value = serde_json::from_slice(&out.stdout).expect("valid metadata");

        let mut names = BTreeMap::new();
        let mut crates = BTreeMap::new();
        let members: BTreeSet<String> = meta["workspace_members"]
            .as_array()
            .expect("workspace_members")
            .iter()
            .filter_map(|m| m.as_str().map(str::to_string))
            .collect();
        for package in meta["packages"].as_array().expect("packages") {
            let id = package["id"].as_str().expect("id").to_string();
            let name = package["name"].as_str().expect("name").to_string();
            let dir = PathBuf::from(package["manifest_path"].as_str().expect("manifest"))
                .parent()
                .map(Path::to_path_buf)
                .unwrap_or_default();
            if members.contains(&id) && dir.parent() == Some(&root.join("crates")) {
                let folder = dir.file_name().expect("folder").to_string_lossy();
                crates.insert(folder.into_owned(), id.clone());
            }
            names.insert(id, name);
        }

        let mut shipped = BTreeMap::new();
        let mut all = BTreeMap::new();
        for node in meta["resolve"]["nodes"].as_array().expect("resolve nodes") {
            let id = node["id"].as_str().expect("node id").to_string();
            let mut normal = Vec::new();
            let mut any = Vec::new();
            for dep in node["deps"].as_array().expect("deps") {
                let pkg = dep["pkg"].as_str().expect("dep pkg").to_string();
                let kinds = dep["dep_kinds"].as_array().expect("dep_kinds");
                if kinds.iter().any(|k| k["kind"].as_str() != Some("dev")) {
                    normal.push(pkg.clone());
                }
                any.push(pkg);
            }
            shipped.insert(id.clone(), normal);
            all.insert(id, any);
        }
        Graph {
            target: platform.unwrap_or("any target").to_string(),
            names,
            shipped,
            all,
            members,
            crates,
        }
    }

    fn name<'a>(&'a self, id: &'a str) -> &'a str {
        self.names.get(id).map_or(id, String::as_str)
    }

    /// The shortest shipped path from `start` to each browser crate it reaches, never passing
    /// through a crate named `avoid` nor into another member under crates/ (checked on its own).
    fn browser_paths(&self, start: &str, avoid: Option<&str>) -> Vec<String> {
        let mut parent: BTreeMap<&str, &str> = BTreeMap::new();
        let mut queue = VecDeque::from([start]);
        let mut found = Vec::new();
        while let Some(id) = queue.pop_front() {
            for next in self.shipped.get(id).into_iter().flatten() {
                let name = self.name(next);
                if next == start
                    || parent.contains_key(next.as_str())
                    || Some(name) == avoid
                    || self.crates.values().any(|c| c == next)
                {
                    continue;
                }
                parent.insert(next, id);
                if is_browser_crate(name) {
                    let mut path = vec![name];
                    let mut at = id;
                    while at != start {
                        path.push(self.name(at));
                        at = parent[at];
                    }
                    path.push(self.name(start));
                    path.reverse();
                    found.push(path.join(" → "));
                } else {
                    queue.push_back(next);
                }
            }
        }
        found
    }

    fn crate_id(&self, folder: &str) -> &str {
        self.crates.get(folder).unwrap_or_else(|| {
            panic!(
                "no workspace member in crates/{folder}/ (found {:?}): tests/layering.rs names \
                 crates/{SHARED}, crates/{CHARTS} and crates/{CLI} as the members that are not tools",
                self.crates.keys().collect::<Vec<_>>()
            )
        })
    }

    /// Folders under crates/ whose member is a tool: all but sim, charts and cli.
    fn tools(&self) -> Vec<&str> {
        self.crates
            .keys()
            .map(String::as_str)
            .filter(|folder| ![SHARED, CHARTS, CLI].contains(folder))
            .collect()
    }
}

/// The graphs invariant 1 is checked on: the page's target, the host (tests and the CLI), and
/// every target cargo knows (no filter).
fn graphs() -> Vec<Graph> {
    let host = host();
    vec![
        Graph::load(Some("wasm32-unknown-unknown")),
        Graph::load(Some(&host)),
        Graph::load(None),
    ]
}

/// The host's target triple.
fn host() -> String {
    String::from_utf8(
        Command::new("rustc")
            .arg("-vV")
            .output()
            .expect("rustc -vV runs")
            .stdout,
    )
    .expect("utf-8")
    .lines()
    .find_map(|l| l.strip_prefix("host: ").map(str::to_string))
    .expect("rustc -vV names the host")
}

#[test]
fn model_crates_reach_the_browser_only_through_plotters_in_charts() {
    // path → the targets it is found on
    let mut problems: BTreeMap<String, Vec<String>> = BTreeMap::new();
    let host = host();
    for graph in graphs() {
        assert!(!graph.tools().is_empty(), "no tool crate under crates/");
        for folder in graph.crates.keys() {
            // The CLI is a native program, never built for the page: it is held to the rule on
            // the host, where it runs (its progress bar's clock reaches js-sys on wasm32 only).
            if folder == CLI && graph.target != host {
                continue;
            }
            let avoid = (folder == CHARTS).then_some(CHARTS_BACKEND);
            for path in graph.browser_paths(graph.crate_id(folder), avoid) {
                problems.entry(path).or_default().push(graph.target.clone());
            }
        }
    }
    let problems: Vec<String> = problems
        .into_iter()
        .map(|(path, targets)| format!("{path}  (on {})", targets.join(", ")))
        .collect();
    assert!(
        problems.is_empty(),
        "crates/ must stay out of the browser: sim and the tools reach no browser crate on any target, \
         the CLI none on the host, \
         charts reaches one only through {CHARTS_BACKEND} (ARCHITECTURE.md, invariant 1), but:\n  {}",
        problems.join("\n  ")
    );
}

#[test]
fn tools_depend_on_no_workspace_crate_but_sim_and_charts() {
    // Workspace dependencies do not vary by target: the unfiltered graph has them all.
    let graph = Graph::load(None);
    let allowed = [graph.crate_id(SHARED), graph.crate_id(CHARTS)];
    let tools = graph.tools();
    assert!(!tools.is_empty(), "no tool crate under crates/");
    let mut problems = Vec::new();
    for folder in tools {
        let id = graph.crate_id(folder);
        for dep in graph.all.get(id).into_iter().flatten() {
            if graph.members.contains(dep) && !allowed.contains(&dep.as_str()) {
                problems.push(format!(
                    "tool {} (crates/{folder}) depends on {}",
                    graph.name(id),
                    graph.name(dep)
                ));
            }
        }
    }
    assert!(
        problems.is_empty(),
        "a tool crate may depend only on sdlab-sim and sdlab-charts among the workspace's crates; \
         move code two tools need to crates/sim (ARCHITECTURE.md, invariant 2):\n  {}",
        problems.join("\n  ")
    );
}
