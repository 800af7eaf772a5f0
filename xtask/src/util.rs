//! Shared helpers: repository paths, the tool PATH, running commands, sizes and timing.

use std::ffi::OsString;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::Instant;

/// Errors are messages for the person at the terminal.
pub type Res<T = ()> = Result<T, String>;

/// The workspace root (the folder holding the root Cargo.toml).
pub fn root() -> PathBuf {
    let xtask = Path::new(env!("CARGO_MANIFEST_DIR"));
    xtask.parent().unwrap_or(xtask).to_path_buf()
}

/// Cargo's bin folder (`$CARGO_HOME/bin`, else `~/.cargo/bin`), where `cargo install` puts tools.
pub fn cargo_bin() -> Option<PathBuf> {
    if let Some(home) = std::env::var_os("CARGO_HOME") {
        return Some(PathBuf::from(home).join("bin"));
    }
    std::env::var_os("HOME").map(|home| PathBuf::from(home).join(".cargo").join("bin"))
}

/// PATH for every child: npm's `node_modules/.bin` first (binaryen 132's `wasm-opt`, which
/// Trunk must find instead of any other), then cargo's bin folder, then the inherited PATH.
pub fn tool_path() -> OsString {
    let mut dirs = vec![root().join("node_modules").join(".bin")];
    dirs.extend(cargo_bin());
    if let Some(path) = std::env::var_os("PATH") {
        dirs.extend(std::env::split_paths(&path));
    }
    std::env::join_paths(dirs).unwrap_or_default()
}

/// A command run from the workspace root with the tool PATH. Setting PATH on the command also
/// makes Rust look the program up in that PATH.
pub fn cmd(program: &str) -> Command {
    let mut command = Command::new(program);
    command.current_dir(root()).env("PATH", tool_path());
    command
}

fn describe(command: &Command) -> String {
    let mut text = command.get_program().to_string_lossy().into_owned();
    for arg in command.get_args() {
        let arg = arg.to_string_lossy();
        text.push(' ');
        if arg.contains(' ') {
            text.push_str(&format!("'{arg}'"));
        } else {
            text.push_str(&arg);
        }
    }
    text
}

/// Runs a command with inherited stdio, echoing it first; fails on a non-zero exit.
pub fn run(command: &mut Command) -> Res {
    let shown = describe(command);
    println!("$ {shown}");
    flush();
    let status = command
        .status()
        .map_err(|e| format!("could not start `{shown}`: {e}"))?;
    if status.success() {
        Ok(())
    } else {
        Err(format!("`{shown}` failed ({status})"))
    }
}

/// Runs a command quietly and returns its stdout, or None if it can't start or fails.
pub fn output(command: &mut Command) -> Option<String> {
    let out = command
        .stderr(Stdio::null())
        .stdin(Stdio::null())
        .output()
        .ok()?;
    out.status
        .success()
        .then(|| String::from_utf8_lossy(&out.stdout).into_owned())
}

/// Like [`output`] but an error names the command and shows its stderr.
pub fn output_checked(command: &mut Command) -> Res<String> {
    let shown = describe(command);
    let out = command
        .stdin(Stdio::null())
        .output()
        .map_err(|e| format!("could not start `{shown}`: {e}"))?;
    if out.status.success() {
        Ok(String::from_utf8_lossy(&out.stdout).into_owned())
    } else {
        Err(format!(
            "`{shown}` failed ({}):\n{}{}",
            out.status,
            String::from_utf8_lossy(&out.stdout),
            String::from_utf8_lossy(&out.stderr)
        ))
    }
}

pub fn flush() {
    let _ = std::io::stdout().flush();
}

/// A section heading in the log.
pub fn heading(text: &str) {
    println!("\n==> {text}");
    flush();
}

pub fn read(path: &Path) -> Res<Vec<u8>> {
    std::fs::read(path).map_err(|e| format!("cannot read {}: {e}", path.display()))
}

pub fn read_text(path: &Path) -> Res<String> {
    std::fs::read_to_string(path).map_err(|e| format!("cannot read {}: {e}", path.display()))
}

pub fn write(path: &Path, bytes: &[u8]) -> Res {
    std::fs::write(path, bytes).map_err(|e| format!("cannot write {}: {e}", path.display()))
}

/// Size after gzip at the best level: what a static host that compresses would send.
pub fn gzip_len(bytes: &[u8]) -> usize {
    let mut encoder = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::best());
    // Writing into a Vec cannot fail.
    let _ = encoder.write_all(bytes);
    encoder.finish().map(|v| v.len()).unwrap_or(0)
}

/// Bytes in KB (1000) with one decimal, the unit the size budget is stated in.
pub fn kb(bytes: usize) -> String {
    format!("{:.1} KB", bytes as f64 / 1000.0)
}

/// Seconds since `start`, for step timings.
pub fn secs(start: Instant) -> f64 {
    start.elapsed().as_secs_f64()
}

/// Files under `dir`, recursively, sorted, as paths relative to `dir`.
pub fn files_under(dir: &Path) -> Res<Vec<PathBuf>> {
    fn walk(base: &Path, dir: &Path, out: &mut Vec<PathBuf>) -> Res {
        let entries =
            std::fs::read_dir(dir).map_err(|e| format!("cannot list {}: {e}", dir.display()))?;
        for entry in entries {
            let entry = entry.map_err(|e| format!("cannot list {}: {e}", dir.display()))?;
            let path = entry.path();
            if path.is_dir() {
                walk(base, &path, out)?;
            } else if let Ok(relative) = path.strip_prefix(base) {
                out.push(relative.to_path_buf());
            }
        }
        Ok(())
    }
    let mut out = Vec::new();
    walk(dir, dir, &mut out)?;
    out.sort();
    Ok(out)
}
