//! The one list of tools. Navigation, routes, the home gallery, the worker's job dispatch, the
//! browser tests and the end-to-end sweep all iterate it. The end-to-end suite, the CLI's and the
//! bench's completeness tests read it as `tests/registry.json`, which a native test here keeps in
//! step with [`TOOLS`] (it rewrites the file and fails when the two differ).
//!
//! Adding a tool (ARCHITECTURE.md, "Adding a tool"): its crate, its page module, its entry here,
//! its CLI subcommand, its bench entry; `tests/registry_complete.rs` fails when one is missing.

use yew::Html;

use crate::worker::JobKind;

/// One input change and the output it must produce: the smallest proof that a page is alive.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Smoke {
    pub input_id: &'static str,
    pub value: &'static str,
    pub output_id: &'static str,
    pub expect: &'static str,
}

/// What the end-to-end sweeps need of a tool beyond its smoke test.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct E2e {
    /// Ids of results that must not move while a field holds junk (besides the smoke output).
    pub outputs: &'static [&'static str],
    /// `(element id, value)` pairs that move every kind of input away from its default, applied
    /// in order (text fields are filled and committed with Enter, selects pick that option).
    pub edits: &'static [(&'static str, &'static str)],
    /// A query full of values the tool cannot understand.
    pub mangled: &'static str,
    /// Further states whose fields appear only after a click: `(query, id to click)`.
    pub states: &'static [(&'static str, &'static str)],
}

#[derive(Clone, Copy, Debug)]
pub struct ToolEntry {
    /// The route: `#/<slug>`.
    pub slug: &'static str,
    pub title: &'static str,
    pub blurb: &'static str,
    /// The published works the tool is checked against.
    pub sources: &'static [&'static str],
    pub page: fn(&'static ToolEntry) -> Html,
    pub smoke: Smoke,
    /// The model crate the page is a shell over (a member under `crates/`).
    pub model_crate: &'static str,
    /// The CLI subcommand that runs the same models: `sdlab <cli…>`.
    pub cli: &'static [&'static str],
    /// The query key a short link `#/<slug>/<value>` fills, if the tool has one.
    pub short_link: Option<&'static str>,
    /// The tool's benchmarks in the bench registry (`xtask/wasm-bench`).
    pub benches: &'static [&'static str],
    pub e2e: E2e,
    /// The heavy jobs the page hands to a worker; the worker finds them here by kind.
    pub jobs: &'static [JobKind],
}

pub static TOOLS: &[ToolEntry] = &[
    ToolEntry {
        slug: "nines",
        title: "Downtime budget",
        blurb: "Availability ↔ allowed downtime per day, week, month, quarter and year, under an \
            explicit calendar convention. Both directions, every convention side by side.",
        sources: &["System Design on AWS, ch. 1, Table 1-1"],
        page: crate::tools::nines::page,
        smoke: Smoke {
            input_id: "nines-availability",
            value: "99.9",
            output_id: "nines-out-year",
            expect: "8.76 hours",
        },
        jobs: &[],
        model_crate: "sdlab-nines",
        cli: &["nines", "downtime"],
        short_link: Some("a"),
        benches: &["nines_budget"],
        e2e: E2e {
            outputs: &["nines-out-year"],
            edits: &[
                ("nines-availability", "99.995"),
                ("nines-year", "365.2425"),
                ("nines-month", "year/12"),
                ("nines-quarter", "year/4"),
                ("nines-downtime", "1h 30m"),
                ("nines-per", "month"),
            ],
            mangled: "a=%ZZ&year=366&per=fortnight&month=",
            states: &[],
        },
    },
    ToolEntry {
        slug: "availability",
        title: "Availability lab",
        blurb: "Block diagrams of series, redundant, k-of-n, active-passive and shared-fate parts: availability, \
                where the downtime comes from, a Monte Carlo failure/repair simulation with its error, and the \
                error budget with multiwindow burn-rate alerts.",
        sources: &[
            "System Design on AWS, ch. 1 (worked examples, Table 1-1)",
            "Google SRE Workbook, “Alerting on SLOs”",
        ],
        page: crate::tools::availability::page,
        smoke: Smoke {
            input_id: "lab-slo",
            value: "99.99",
            output_id: "lab-budget",
            expect: "4.32 minutes",
        },
        jobs: &[
            JobKind::of::<sdlab_nines::jobs::SimulateJob>(),
            JobKind::of::<sdlab_nines::jobs::PresetChecksJob>(),
        ],
        model_crate: "sdlab-nines",
        cli: &["nines", "simulate"],
        short_link: None,
        benches: &["nines_simulate"],
        e2e: E2e {
            outputs: &["lab-availability", "lab-budget"],
            edits: &[
                ("lab-preset", "quorum"),
                ("lab-years", "500"),
                ("lab-seed", "7"),
                ("lab-slo", "99.95"),
                ("lab-window", "28d"),
            ],
            mangled: "preset=nope&years=abc&seed=-1&window=7d&slo=",
            states: &[
                // web-stack: a component (the load balancer) and the Multi-AZ database standby pair.
                ("preset=web-stack", "block-0"),
                ("preset=web-stack", "block-2"),
                // quorum: the 2-of-3 group's k.
                ("preset=quorum", "block-"),
            ],
        },
    },
    ToolEntry {
        slug: "bptree",
        title: "B+ tree index animator",
        blurb: "Every insert, delete, search and range scan of a B+ tree step by step at any order (or one a page \
                size gives): splits, borrows, merges, the invariants after each step, pages read and written, and \
                the fill factor random and sequential keys (UUIDv4 vs v7) leave behind.",
        sources: &[
            "System Design on AWS, ch. 2, “Indexes”",
            "USFCA B+ tree visualisation (Galles)",
            "Yao, “On Random 2–3 Trees” (1978)",
        ],
        page: crate::tools::bptree::page,
        smoke: Smoke {
            input_id: "bptree-order",
            value: "4",
            output_id: "bptree-shape",
            expect: "d = 4,",
        },
        jobs: &[JobKind::of::<sdlab_bptree::jobs::CompareJob>()],
        model_crate: "sdlab-bptree",
        cli: &["bptree", "fill"],
        short_link: Some("d"),
        benches: &["bptree_insert", "btreemap_insert", "bptree_step_back"],
        e2e: E2e {
            outputs: &["bptree-height", "bptree-leaf-fill", "bptree-keys"],
            edits: &[
                ("bptree-order", "5"),
                ("bptree-split", "append"),
                ("bptree-borrow", "right"),
                ("bptree-key", "77"),
                ("bptree-range", "10..50"),
                ("bptree-workload", "uuid7"),
                ("bptree-count", "12"),
                ("bptree-seed", "9"),
                ("bptree-fill", "90"),
                ("bptree-cmp-pair", "uuid4-uuid7"),
                ("bptree-cmp-keys", "5000"),
                ("bptree-cmp-seed", "3"),
                ("bptree-sizing", "16k"),
                ("bptree-key-type", "uuid"),
            ],
            mangled: "d=two&sz=4k&split=sideways&ops=i:5,i:zz,q:1&at=x&cn=-3",
            states: &[],
        },
    },
];

/// The job of this kind, whichever tool lists it.
pub fn job_kind(kind: &str) -> Option<&'static JobKind> {
    TOOLS.iter().flat_map(|t| t.jobs).find(|j| j.kind == kind)
}

pub fn find(slug: &str) -> Option<&'static ToolEntry> {
    TOOLS.iter().find(|t| t.slug == slug)
}

/// Entries are the same entry when their slugs are (slugs are unique).
impl PartialEq for ToolEntry {
    fn eq(&self, other: &Self) -> bool {
        self.slug == other.slug
    }
}

/// The registry as JSON: what `tests/registry.json` holds.
#[cfg(not(target_arch = "wasm32"))]
pub fn to_json() -> String {
    use serde_json::json;
    let tools: Vec<_> = TOOLS
        .iter()
        .map(|t| {
            json!({
                "slug": t.slug,
                "title": t.title,
                "model_crate": t.model_crate,
                "cli": t.cli,
                "benches": t.benches,
                "short_link": t.short_link,
                "jobs": t.jobs.iter().map(|j| j.kind).collect::<Vec<_>>(),
                "smoke": {
                    "input": t.smoke.input_id,
                    "value": t.smoke.value,
                    "output": t.smoke.output_id,
                    "expect": t.smoke.expect,
                },
                "outputs": t.e2e.outputs,
                "edits": t.e2e.edits.iter().map(|(id, v)| [id, v]).collect::<Vec<_>>(),
                "mangled": t.e2e.mangled,
                "states": t.e2e.states.iter().map(|(query, click)| json!({ "query": query, "click": click })).collect::<Vec<_>>(),
            })
        })
        .collect();
    let mut text = serde_json::to_string_pretty(&json!({
        "_generated": "from src/registry.rs by `cargo test -p sdlab registry`; do not edit",
        "tools": tools,
    }))
    .unwrap_or_default();
    text.push('\n');
    text
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn slugs_are_unique_lowercase_route_segments() {
        let mut seen = std::collections::HashSet::new();
        for tool in TOOLS {
            assert!(seen.insert(tool.slug), "duplicate slug {}", tool.slug);
            assert!(
                !tool.slug.is_empty()
                    && tool
                        .slug
                        .bytes()
                        .all(|b| b.is_ascii_lowercase() || b == b'-'),
                "{}",
                tool.slug
            );
            assert!(!tool.sources.is_empty(), "{} cites no source", tool.slug);
        }
        assert!(find("nines").is_some());
        let mut kinds = std::collections::HashSet::new();
        for job in TOOLS.iter().flat_map(|t| t.jobs) {
            assert!(kinds.insert(job.kind), "two jobs are named {}", job.kind);
        }
        assert!(job_kind("nines-simulate").is_some());
        assert!(find("nope").is_none());
    }

    /// `tests/registry.json` is generated from [`TOOLS`]: when it differs, it is rewritten and
    /// the test fails, so a stale copy never reaches a commit unnoticed.
    #[cfg(not(target_arch = "wasm32"))]
    #[test]
    fn registry_json_is_current() {
        let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/registry.json");
        let wanted = to_json();
        let current = std::fs::read_to_string(&path).unwrap_or_default();
        if current != wanted {
            std::fs::write(&path, &wanted).expect("tests/registry.json is writable");
            panic!(
                "tests/registry.json was out of date with src/registry.rs; it has been rewritten: commit it"
            );
        }
    }
}
