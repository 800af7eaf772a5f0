//! Every tool in the app's registry (`tests/registry.json`, generated from `src/registry.rs`)
//! names at least one benchmark, and every benchmark it names is in [`BENCHES`]
//! (ARCHITECTURE.md, "Adding a tool").

#![cfg(not(target_arch = "wasm32"))]

use sdlab_wasm_bench::find;

#[test]
fn every_registry_tool_has_its_benchmarks() {
    let path = concat!(env!("CARGO_MANIFEST_DIR"), "/../../tests/registry.json");
    let text = std::fs::read_to_string(path).expect("tests/registry.json exists");
    let registry: serde_json::Value = serde_json::from_str(&text).expect("valid JSON");
    let tools = registry["tools"].as_array().expect("a tools list");
    assert!(!tools.is_empty());
    for tool in tools {
        let slug = tool["slug"].as_str().unwrap_or_default();
        let benches: Vec<&str> = tool["benches"]
            .as_array()
            .map(|a| a.iter().filter_map(|v| v.as_str()).collect())
            .unwrap_or_default();
        assert!(
            !benches.is_empty(),
            "{slug}: the registry names no benchmark"
        );
        for name in benches {
            assert!(
                find(name).is_some(),
                "{slug}: benchmark {name} is not in xtask/wasm-bench's BENCHES"
            );
        }
    }
}
