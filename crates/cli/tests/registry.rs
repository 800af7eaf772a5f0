//! Every tool in the app's registry (`tests/registry.json`, generated from `src/registry.rs`)
//! has the CLI subcommand its entry names, answering `--help` (ARCHITECTURE.md, "Adding a tool").

use std::process::Command;

#[test]
fn every_registry_tool_has_its_subcommand() {
    let path = concat!(env!("CARGO_MANIFEST_DIR"), "/../../tests/registry.json");
    let text = std::fs::read_to_string(path).expect("tests/registry.json exists");
    let registry: serde_json::Value = serde_json::from_str(&text).expect("valid JSON");
    let tools = registry["tools"].as_array().expect("a tools list");
    assert!(!tools.is_empty());
    for tool in tools {
        let slug = tool["slug"].as_str().unwrap_or_default();
        let args: Vec<&str> = tool["cli"]
            .as_array()
            .map(|a| a.iter().filter_map(|v| v.as_str()).collect())
            .unwrap_or_default();
        assert!(
            !args.is_empty(),
            "{slug}: the registry names no CLI subcommand"
        );
        let out = Command::new(env!("CARGO_BIN_EXE_sdlab"))
            .args(&args)
            .arg("--help")
            .output()
            .expect("the CLI runs");
        assert!(
            out.status.success(),
            "{slug}: `sdlab {} --help` failed: {}",
            args.join(" "),
            String::from_utf8_lossy(&out.stderr)
        );
    }
}
