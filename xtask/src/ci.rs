//! `cargo xtask ci`: the single definition of green. Each step is timed; the first failure
//! stops the run, and a summary table ends it either way.

use std::io::{BufRead, BufReader};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::Instant;

use crate::util::{Res, cmd, heading, output_checked, root, run, secs};

enum Outcome {
    Ok,
    Skipped(String),
    Failed(String),
}

struct Step {
    name: &'static str,
    outcome: Outcome,
    seconds: f64,
}

/// What a step returns when it ran: `Ok(None)`, or `Ok(Some(note))` when it had nothing to do.
type StepResult = Res<Option<String>>;

type StepFn = fn() -> StepResult;

pub fn ci() -> Res {
    let steps: [(&'static str, StepFn); 7] = [
        ("fmt", fmt),
        ("clippy (host)", clippy_host),
        ("clippy (wasm32)", clippy_wasm),
        ("test (native)", test_native),
        ("test (browser, wasm)", test_browser),
        ("dist", dist),
        ("e2e", e2e),
    ];
    let all = Instant::now();
    let mut done = Vec::new();
    let mut failed = false;
    for (name, step) in steps {
        heading(&format!("ci: {name}"));
        let start = Instant::now();
        let outcome = match step() {
            Ok(None) => Outcome::Ok,
            Ok(Some(note)) => {
                println!("skipped: {note}");
                Outcome::Skipped(note)
            }
            Err(message) => {
                eprintln!("error: {message}");
                failed = true;
                Outcome::Failed(message)
            }
        };
        done.push(Step {
            name,
            outcome,
            seconds: secs(start),
        });
        if failed {
            break;
        }
    }
    summary(&done, steps.len(), secs(all));
    match done
        .iter()
        .find(|s| matches!(s.outcome, Outcome::Failed(_)))
    {
        Some(step) => Err(format!("ci failed at step `{}`", step.name)),
        None => Ok(()),
    }
}

fn summary(done: &[Step], planned: usize, total_s: f64) {
    println!("\nci summary");
    println!("{:<24} {:<8} {:>9}  note", "step", "result", "seconds");
    for step in done {
        let (result, note) = match &step.outcome {
            Outcome::Ok => ("ok", String::new()),
            Outcome::Skipped(note) => ("skipped", note.clone()),
            Outcome::Failed(message) => (
                "FAILED",
                message.lines().next().unwrap_or_default().to_string(),
            ),
        };
        println!(
            "{:<24} {:<8} {:>9.1}  {note}",
            step.name, result, step.seconds
        );
    }
    if done.len() < planned {
        println!("({} later step(s) not run)", planned - done.len());
    }
    println!("{:<24} {:<8} {:>9.1}", "total", "", total_s);
}

fn fmt() -> StepResult {
    run(cmd("cargo").args(["fmt", "--all", "--check"]))?;
    Ok(None)
}

fn clippy_host() -> StepResult {
    run(cmd("cargo").args([
        "clippy",
        "--workspace",
        "--all-targets",
        "--",
        "-D",
        "warnings",
    ]))?;
    Ok(None)
}

/// Packages compiled to wasm: the root app, every crate under crates/ except the CLI, and any
/// other member built as a `cdylib` (the wasm benchmarks). Read from `cargo metadata` so a new
/// tool crate is covered without editing a list.
pub fn wasm_packages() -> Res<Vec<String>> {
    let meta = metadata()?;
    let root = root();
    let crates = root.join("crates");
    let mut names = Vec::new();
    for package in meta["packages"].as_array().into_iter().flatten() {
        let (Some(name), Some(manifest)) =
            (package["name"].as_str(), package["manifest_path"].as_str())
        else {
            continue;
        };
        let dir = Path::new(manifest).parent().unwrap_or(Path::new(""));
        let in_crates = dir.parent() == Some(crates.as_path());
        let is_cli = dir == crates.join("cli");
        let cdylib = package["targets"]
            .as_array()
            .into_iter()
            .flatten()
            .any(|t| {
                t["crate_types"]
                    .as_array()
                    .into_iter()
                    .flatten()
                    .any(|c| c == "cdylib")
            });
        if dir == root || (in_crates && !is_cli) || cdylib {
            names.push(name.to_string());
        }
    }
    names.sort();
    Ok(names)
}

/// The workspace's own packages, from `cargo metadata --no-deps`.
fn metadata() -> Res<serde_json::Value> {
    let text = output_checked(cmd("cargo").args([
        "metadata",
        "--format-version",
        "1",
        "--no-deps",
        "--offline",
    ]))?;
    serde_json::from_str(&text).map_err(|e| format!("cargo metadata: {e}"))
}

/// Binaries that share a name across packages: `cargo test --workspace` writes both to the
/// same target/debug/<name>, and a test that runs one may get the other.
fn bin_collisions(meta: &serde_json::Value) -> Vec<String> {
    let mut owners: std::collections::BTreeMap<&str, Vec<&str>> = Default::default();
    for package in meta["packages"].as_array().into_iter().flatten() {
        let package_name = package["name"].as_str().unwrap_or("?");
        for target in package["targets"].as_array().into_iter().flatten() {
            let is_bin = target["kind"]
                .as_array()
                .into_iter()
                .flatten()
                .any(|k| k == "bin");
            if let (true, Some(name)) = (is_bin, target["name"].as_str()) {
                owners.entry(name).or_default().push(package_name);
            }
        }
    }
    owners
        .into_iter()
        .filter(|(_, packages)| packages.len() > 1)
        .map(|(bin, packages)| format!("bin `{bin}` is in packages {}", packages.join(" and ")))
        .collect()
}

fn clippy_wasm() -> StepResult {
    let mut command = cmd("cargo");
    command.args(["clippy", "--target", crate::setup::WASM_TARGET]);
    for name in wasm_packages()? {
        command.args(["-p", &name]);
    }
    command.args(["--", "-D", "warnings"]);
    run(&mut command)?;
    Ok(None)
}

fn test_native() -> StepResult {
    let collisions = bin_collisions(&metadata()?);
    if !collisions.is_empty() {
        return Err(format!(
            "{}: `cargo test --workspace` builds both to the same file, so a test can run the \
             wrong one; give each binary its own name",
            collisions.join("; ")
        ));
    }
    run(cmd("cargo").args(["test", "--workspace"]))?;
    Ok(None)
}

/// tests/*.rs files that are browser tests (they use wasm-bindgen-test), by target name.
fn browser_tests() -> Res<Vec<String>> {
    let dir = root().join("tests");
    let Ok(entries) = std::fs::read_dir(&dir) else {
        return Ok(Vec::new());
    };
    let mut names = Vec::new();
    for entry in entries.flatten() {
        let path = entry.path();
        if path.extension().and_then(|e| e.to_str()) != Some("rs") {
            continue;
        }
        let text = crate::util::read_text(&path)?;
        if text.contains("wasm_bindgen_test")
            && let Some(stem) = path.file_stem().and_then(|s| s.to_str())
        {
            names.push(stem.to_string());
        }
    }
    names.sort();
    Ok(names)
}

fn test_browser() -> StepResult {
    let tests = browser_tests()?;
    if tests.is_empty() {
        return Ok(Some(
            "no browser tests (tests/*.rs using wasm_bindgen_test) yet".into(),
        ));
    }
    let mut command = cmd("cargo");
    command.args(["test", "--target", crate::setup::WASM_TARGET, "-p", "sdlab"]);
    for test in &tests {
        command.args(["--test", test]);
    }
    // The runner drives Debian's chromium through this chromedriver, with webdriver.json's
    // flags (it is read from the package folder, the workspace root).
    command
        .env("CHROMEDRIVER", crate::setup::CHROMEDRIVER)
        .env("WASM_BINDGEN_TEST_TIMEOUT", "120");
    run(&mut command)?;
    Ok(None)
}

fn dist() -> StepResult {
    crate::dist::dist()?;
    Ok(None)
}

/// tests/e2e/*.test.mjs, as paths relative to the root.
fn e2e_tests() -> Vec<PathBuf> {
    let dir = root().join("tests").join("e2e");
    let mut files: Vec<PathBuf> = std::fs::read_dir(&dir)
        .into_iter()
        .flatten()
        .flatten()
        .map(|entry| entry.path())
        .filter(|path| {
            path.file_name()
                .and_then(|n| n.to_str())
                .is_some_and(|n| n.ends_with(".test.mjs"))
        })
        .filter_map(|path| path.strip_prefix(root()).ok().map(Path::to_path_buf))
        .collect();
    files.sort();
    files
}

/// Base path the e2e server mounts dist/ under: a sub-path, as users host it, so every
/// end-to-end test also checks that the release site works away from `/`.
pub const SITE_PREFIX: &str = "/sdlab/";

/// A static server for dist/ (tests/e2e/serve.mjs), stopped when dropped.
pub struct Server {
    child: Child,
    pub url: String,
}

impl Server {
    pub fn start(dir: &Path) -> Res<Server> {
        let mut child = cmd("node")
            .arg("tests/e2e/serve.mjs")
            .arg(dir)
            .args(["0", "--prefix", SITE_PREFIX])
            .stdout(Stdio::piped())
            .stdin(Stdio::null())
            .spawn()
            .map_err(|e| format!("could not start node tests/e2e/serve.mjs: {e}"))?;
        let mut line = String::new();
        if let Some(stdout) = child.stdout.take() {
            let mut reader = BufReader::new(stdout);
            let _ = reader.read_line(&mut line);
            // Keep reading so a later line from the server never meets a closed pipe.
            std::thread::spawn(move || {
                for line in reader.lines().map_while(Result::ok) {
                    println!("[serve] {line}");
                }
            });
        }
        // The server prints `listening <url>` once it accepts connections.
        match line.trim().strip_prefix("listening ") {
            Some(url) => {
                println!("serving {} at {url}", dir.display());
                Ok(Server {
                    child,
                    url: url.to_string(),
                })
            }
            None => {
                let _ = child.kill();
                let _ = child.wait();
                Err(format!("tests/e2e/serve.mjs did not start (said {line:?})"))
            }
        }
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// The environment contract of the end-to-end suite (documented in tests/e2e/serve.mjs).
pub fn e2e_env(command: &mut Command, server: &Server) {
    let root = root();
    let dist = crate::dist::dist_dir();
    command
        .env("SDLAB_BASE_URL", &server.url)
        .env("SDLAB_DIST", &dist)
        .env("SDLAB_OFFLINE_FILE", dist.join(crate::dist::OFFLINE_FILE))
        .env(
            "SDLAB_ARTIFACTS",
            root.join("tests").join("e2e").join("artifacts"),
        )
        .env("SDLAB_CHROMIUM", crate::setup::CHROMIUM);
}

fn e2e() -> StepResult {
    let tests = e2e_tests();
    if tests.is_empty() {
        return Ok(Some(
            "no end-to-end tests (tests/e2e/*.test.mjs) yet".into(),
        ));
    }
    let artifacts = root().join("tests").join("e2e").join("artifacts");
    std::fs::create_dir_all(&artifacts)
        .map_err(|e| format!("cannot create {}: {e}", artifacts.display()))?;
    let server = Server::start(&crate::dist::dist_dir())?;
    let mut command = cmd("node");
    command
        .args(["--test", "--test-concurrency=1"])
        .args(&tests);
    e2e_env(&mut command, &server);
    run(&mut command)?;
    drop(server);
    Ok(None)
}

/// `cargo xtask e2e`: the end-to-end step alone, for iterating on the suite.
pub fn e2e_only() -> Res {
    if !crate::dist::dist_dir()
        .join(crate::dist::OFFLINE_FILE)
        .is_file()
    {
        return Err("dist/ has no release build: run `cargo xtask dist` first".into());
    }
    match e2e()? {
        Some(note) => println!("skipped: {note}"),
        None => println!("e2e: ok"),
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn wasm_packages_are_the_app_the_model_crates_and_the_benchmarks() -> Res {
        let names = wasm_packages()?;
        for wanted in ["sdlab", "sdlab-sim", "sdlab-nines", "sdlab-wasm-bench"] {
            assert!(
                names.iter().any(|n| n == wanted),
                "{wanted} missing from {names:?}"
            );
        }
        for unwanted in ["sdlab-cli", "xtask"] {
            assert!(
                !names.iter().any(|n| n == unwanted),
                "{unwanted} in {names:?}"
            );
        }
        Ok(())
    }

    #[test]
    fn finds_binaries_sharing_a_name() {
        let meta = serde_json::json!({ "packages": [
            { "name": "app", "targets": [{ "name": "tool", "kind": ["bin"] }] },
            { "name": "cli", "targets": [{ "name": "tool", "kind": ["bin"] },
                                         { "name": "cli", "kind": ["lib"] }] },
            { "name": "other", "targets": [{ "name": "other", "kind": ["bin"] }] },
        ]});
        assert_eq!(
            bin_collisions(&meta),
            ["bin `tool` is in packages app and cli"]
        );
    }
}
