//! The one list of tools. Navigation, routes, the home gallery, the browser tests and the
//! end-to-end sweep all iterate it; a new tool is one crate, one page module and one entry here.

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

#[derive(Clone, Copy, Debug)]
pub struct ToolEntry {
    /// The route: `#/<slug>`.
    pub slug: &'static str,
    pub title: &'static str,
    pub blurb: &'static str,
    /// The published works the tool is checked against.
    pub sources: &'static [&'static str],
    pub page: fn() -> Html,
    pub smoke: Smoke,
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
    },
];

/// The job of this kind, whichever tool lists it.
pub fn job_kind(kind: &str) -> Option<&'static JobKind> {
    TOOLS.iter().flat_map(|t| t.jobs).find(|j| j.kind == kind)
}

pub fn find(slug: &str) -> Option<&'static ToolEntry> {
    TOOLS.iter().find(|t| t.slug == slug)
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
}
