//! `cargo xtask setup`: installs every tool the build and tests need, skipping what is present.
//!
//! Versions and traps are the ones in the toolchain notes: Trunk 0.21.14 (0.22 needs a newer
//! rustc), wasm-bindgen-cli equal to Cargo.lock's wasm-bindgen and installed without
//! `--locked`, wasm-opt only from npm binaryen 132 (Debian's binaryen and `cargo install
//! wasm-opt` cannot read wasm-bindgen 0.2.130 output and must never be installed, since Trunk
//! would pick them up), and Debian's chromium with its matching chromedriver.

use std::path::Path;
use std::sync::atomic::{AtomicBool, Ordering};

use crate::util::{Res, cmd, heading, output, root, run};

pub const TRUNK_VERSION: &str = "0.21.14";
pub const WASM_TARGET: &str = "wasm32-unknown-unknown";
pub const CHROMIUM: &str = "/usr/bin/chromium";
pub const CHROMEDRIVER: &str = "/usr/bin/chromedriver";

/// Setup runs once per xtask process even when several subcommands ask for it.
static DONE: AtomicBool = AtomicBool::new(false);

pub fn setup() -> Res {
    if DONE.load(Ordering::Relaxed) {
        return Ok(());
    }
    heading("setup");
    rust_components()?;
    wasm_target()?;
    trunk()?;
    wasm_bindgen_cli()?;
    npm_packages()?;
    chromium()?;
    cargo_fetch()?;
    DONE.store(true, Ordering::Relaxed);
    println!("setup: all tools present");
    Ok(())
}

fn ok(what: &str) {
    println!("  ok    {what}");
}

fn doing(what: &str) {
    println!("  setup {what}");
}

fn rust_components() -> Res {
    let installed = output(cmd("rustup").args(["component", "list", "--installed"]));
    let Some(installed) = installed else {
        // Without rustup the toolchain is whatever is installed; the steps that need a
        // component report it missing themselves.
        println!("  note  rustup not found: using the installed toolchain as it is");
        return Ok(());
    };
    for component in ["rustfmt", "clippy"] {
        if installed.lines().any(|line| line.starts_with(component)) {
            ok(component);
        } else {
            doing(&format!("{component}: rustup component add {component}"));
            run(cmd("rustup").args(["component", "add", component]))?;
        }
    }
    Ok(())
}

fn wasm_target() -> Res {
    let installed = output(cmd("rustup").args(["target", "list", "--installed"]));
    match installed {
        Some(list) if list.lines().any(|line| line.trim() == WASM_TARGET) => {
            ok(&format!("{WASM_TARGET} target"));
            Ok(())
        }
        Some(_) => {
            doing(&format!("{WASM_TARGET} target"));
            run(cmd("rustup").args(["target", "add", WASM_TARGET]))
        }
        None => {
            let sysroot = output(cmd("rustc").args(["--print", "sysroot"])).unwrap_or_default();
            let lib = Path::new(sysroot.trim())
                .join("lib/rustlib")
                .join(WASM_TARGET);
            if lib.is_dir() {
                ok(&format!("{WASM_TARGET} target"));
                Ok(())
            } else {
                Err(format!(
                    "the {WASM_TARGET} target is missing and rustup is not available: \
                     install Rust with rustup, then `rustup target add {WASM_TARGET}`"
                ))
            }
        }
    }
}

/// The version a `tool --version` prints as its second word ("trunk 0.21.14").
fn tool_version(program: &str) -> Option<String> {
    let text = output(cmd(program).arg("--version"))?;
    text.split_whitespace().nth(1).map(str::to_string)
}

fn trunk() -> Res {
    match tool_version("trunk") {
        Some(version) if version == TRUNK_VERSION => {
            ok(&format!("trunk {version}"));
            return Ok(());
        }
        Some(version) => doing(&format!("trunk {TRUNK_VERSION} (found {version}), ~11 min")),
        None => doing(&format!("trunk {TRUNK_VERSION}, ~11 min")),
    }
    run(cmd("cargo").args(["install", "trunk", "--version", TRUNK_VERSION, "--locked"]))
}

/// The `wasm-bindgen` crate version in Cargo.lock: the CLI, the test runner and Trunk.toml's
/// `[tools] wasm_bindgen` must all equal it, or the generated glue won't match the wasm.
pub fn locked_wasm_bindgen() -> Res<String> {
    let lock = crate::util::read_text(&root().join("Cargo.lock"))?;
    let mut lines = lock.lines();
    while let Some(line) = lines.next() {
        if line.trim() == "name = \"wasm-bindgen\""
            && let Some(version) = lines
                .next()
                .and_then(|l| l.trim().strip_prefix("version = \""))
                .and_then(|v| v.strip_suffix('"'))
        {
            return Ok(version.to_string());
        }
    }
    Err("Cargo.lock has no wasm-bindgen package".into())
}

/// Trunk.toml's `[tools] wasm_bindgen` pin.
fn trunk_toml_wasm_bindgen() -> Res<Option<String>> {
    let text = crate::util::read_text(&root().join("Trunk.toml"))?;
    Ok(text.lines().find_map(|line| {
        let (key, value) = line.split_once('=')?;
        (key.trim() == "wasm_bindgen").then(|| value.trim().trim_matches('"').to_string())
    }))
}

fn wasm_bindgen_cli() -> Res {
    let wanted = locked_wasm_bindgen()?;
    match trunk_toml_wasm_bindgen()? {
        Some(pinned) if pinned == wanted => {}
        Some(pinned) => {
            return Err(format!(
                "Trunk.toml pins wasm_bindgen = \"{pinned}\" but Cargo.lock has wasm-bindgen \
                 {wanted}: make them equal"
            ));
        }
        None => return Err("Trunk.toml has no [tools] wasm_bindgen pin".into()),
    }
    let cli = tool_version("wasm-bindgen");
    let runner = output(cmd("wasm-bindgen-test-runner").arg("--version"));
    match cli {
        Some(version) if version == wanted && runner.is_some() => {
            ok(&format!(
                "wasm-bindgen-cli {version} (with wasm-bindgen-test-runner)"
            ));
            return Ok(());
        }
        Some(version) => doing(&format!(
            "wasm-bindgen-cli {wanted} (found {version}), ~3 min"
        )),
        None => doing(&format!("wasm-bindgen-cli {wanted}, ~3 min")),
    }
    // Not --locked: one of its locked dependencies is no longer on the registry.
    run(cmd("cargo").args(["install", "wasm-bindgen-cli", "--version", &wanted]))
}

fn modified(path: &Path) -> Option<std::time::SystemTime> {
    std::fs::metadata(path).and_then(|m| m.modified()).ok()
}

fn npm_packages() -> Res {
    let root = root();
    let lock = root.join("package-lock.json");
    // npm writes node_modules/.package-lock.json on every install: its age is the install's.
    let installed = root.join("node_modules").join(".package-lock.json");
    let fresh = match (modified(&installed), modified(&lock)) {
        (Some(installed), Some(lock)) => installed >= lock,
        _ => false,
    };
    let wasm_opt = root.join("node_modules/.bin/wasm-opt");
    if fresh && wasm_opt.exists() {
        ok("npm packages (node_modules up to date with package-lock.json)");
    } else {
        if output(cmd("npm").arg("--version")).is_none() {
            return Err("npm is missing: install Node.js 20 or newer with npm".into());
        }
        doing("npm packages: npm ci");
        run(cmd("npm").args(["ci", "--no-audit", "--no-fund"]))?;
    }
    // Trunk takes the first wasm-opt on PATH; ours comes first, and it must be binaryen 132.
    let version = output(cmd(&wasm_opt.to_string_lossy()).arg("--version")).unwrap_or_default();
    if !version.contains("version 132") {
        return Err(format!(
            "node_modules/.bin/wasm-opt is not binaryen 132 ({})",
            version.trim()
        ));
    }
    Ok(())
}

fn is_root() -> bool {
    output(std::process::Command::new("id").arg("-u")).is_some_and(|uid| uid.trim() == "0")
}

fn chromium() -> Res {
    if Path::new(CHROMIUM).exists() && Path::new(CHROMEDRIVER).exists() {
        ok("chromium and chromedriver");
        return Ok(());
    }
    if !(is_root() && Path::new("/etc/debian_version").exists()) {
        return Err(format!(
            "{CHROMIUM} or {CHROMEDRIVER} is missing: install Debian's `chromium` and \
             `chromium-driver` packages (as root: apt-get update && apt-get install -y \
             chromium chromium-driver)"
        ));
    }
    doing("chromium and chromium-driver from Debian, ~1 min");
    run(cmd("apt-get").arg("update"))?;
    run(cmd("apt-get")
        .args(["install", "-y", "chromium", "chromium-driver"])
        .env("DEBIAN_FRONTEND", "noninteractive"))
}

fn cargo_fetch() -> Res {
    // Trunk builds with --offline, which it passes on to cargo: every crate must be local.
    doing("crates: cargo fetch");
    run(cmd("cargo").arg("fetch").arg("--quiet"))
}
