//! Ready-made diagrams: the book's two worked examples (ch. 1, "Availability in parallel versus
//! in sequence") and typical AWS topologies from Part II. The book gives no availability numbers
//! for the topologies; the rates below are illustrative inputs for the user to change.

use crate::diagram::{Component, Diagram, Node};

#[derive(Clone, Debug, PartialEq)]
pub struct Preset {
    pub slug: &'static str,
    pub name: &'static str,
    pub blurb: &'static str,
    pub diagram: Diagram,
}

fn unit(id: &str) -> Node {
    Node::Unit {
        component: id.into(),
    }
}

fn group(kind: fn(String, Vec<Node>) -> Node, label: &str, children: Vec<Node>) -> Node {
    kind(label.into(), children)
}

fn series(label: String, children: Vec<Node>) -> Node {
    Node::Series { label, children }
}

fn parallel(label: String, children: Vec<Node>) -> Node {
    Node::Parallel { label, children }
}

fn zone(label: &str, fate: &str, children: Vec<Node>) -> Node {
    Node::SharedFate {
        label: label.into(),
        fate: fate.into(),
        children,
    }
}

fn standby(label: &str, primary: &str, standby: &str) -> Node {
    Node::Standby {
        label: label.into(),
        primary: primary.into(),
        standby: standby.into(),
        switchover_s: 60.0,
        failover_success: 0.99,
        failed_failover_hours: 0.5,
    }
}

/// A component with MTBF and MTTR in hours and a detection delay in minutes.
fn comp(id: &str, name: &str, mtbf_hours: f64, mttr_hours: f64, mttd_minutes: f64) -> Component {
    Component {
        mttd_hours: mttd_minutes / 60.0,
        ..Component::new(id, name, mtbf_hours, mttr_hours)
    }
}

/// Book, ch. 1: two 99.9% components in sequence, .999 × .999 = .998001.
pub fn book_series() -> Preset {
    Preset {
        slug: "book-series",
        name: "Book: two 99.9% components in series",
        blurb: "The book's worked example: availabilities multiply, .999 × .999 = .998001 (ch. 1).",
        diagram: Diagram {
            name: "Two 99.9% components in series".into(),
            components: vec![
                comp("a", "Component A (99.9%)", 999.0, 1.0, 0.0),
                comp("b", "Component B (99.9%)", 999.0, 1.0, 0.0),
            ],
            root: group(series, "Request path", vec![unit("a"), unit("b")]),
        },
    }
}

/// Book, ch. 1: two 99.9% components in parallel, 1 − .001 × .001 = .999999.
pub fn book_parallel() -> Preset {
    Preset {
        slug: "book-parallel",
        name: "Book: two 99.9% components in parallel",
        blurb: "The book's worked example: from 3 nines to 6, 1 − (.001 × .001) = .999999 (ch. 1).",
        diagram: Diagram {
            name: "Two 99.9% components in parallel".into(),
            components: vec![
                comp("a", "Replica A (99.9%)", 999.0, 1.0, 0.0),
                comp("b", "Replica B (99.9%)", 999.0, 1.0, 0.0),
            ],
            root: group(parallel, "Either replica", vec![unit("a"), unit("b")]),
        },
    }
}

fn region_stack(prefix: &str, region: &str) -> (Vec<Component>, Node) {
    let id = |s: &str| format!("{prefix}{s}");
    let components = vec![
        comp(
            &id("lb"),
            &format!("{region} load balancer"),
            crate::simulate::HOURS_PER_YEAR,
            0.5,
            2.0,
        ),
        comp(&id("az-a"), &format!("{region} AZ a"), 17_520.0, 3.0, 5.0),
        comp(&id("az-b"), &format!("{region} AZ b"), 17_520.0, 3.0, 5.0),
        comp(
            &id("app1"),
            &format!("{region} app server 1"),
            2_190.0,
            0.25,
            2.0,
        ),
        comp(
            &id("app2"),
            &format!("{region} app server 2"),
            2_190.0,
            0.25,
            2.0,
        ),
        comp(
            &id("db1"),
            &format!("{region} database primary"),
            4_380.0,
            1.0,
            1.0,
        ),
        comp(
            &id("db2"),
            &format!("{region} database standby"),
            4_380.0,
            1.0,
            1.0,
        ),
        comp(
            &id("s3"),
            &format!("{region} object store"),
            43_800.0,
            1.0,
            5.0,
        ),
    ];
    let tree = group(
        series,
        &format!("{region} request path"),
        vec![
            unit(&id("lb")),
            group(
                parallel,
                "App tier across AZs",
                vec![
                    zone("AZ a", &id("az-a"), vec![unit(&id("app1"))]),
                    zone("AZ b", &id("az-b"), vec![unit(&id("app2"))]),
                ],
            ),
            standby("Multi-AZ database", &id("db1"), &id("db2")),
            unit(&id("s3")),
        ],
    );
    (components, tree)
}

/// A typical single-region web stack (book Part II: multi-AZ subnets, RDS Multi-AZ standby).
pub fn web_stack() -> Preset {
    let (components, root) = region_stack("", "Region");
    Preset {
        slug: "web-stack",
        name: "Single-region web stack",
        blurb: "Load balancer → app servers in two AZs → Multi-AZ database (60 s failover, 99% success) → object store.",
        diagram: Diagram {
            name: "Single-region web stack".into(),
            components,
            root,
        },
    }
}

/// The same stack in two regions, active-active, each region a shared-fate block.
pub fn multi_region() -> Preset {
    let (mut components, east) = region_stack("e-", "East");
    let (west_components, west) = region_stack("w-", "West");
    components.extend(west_components);
    components.push(comp("r-east", "Region east", 43_800.0, 6.0, 10.0));
    components.push(comp("r-west", "Region west", 43_800.0, 6.0, 10.0));
    components.push(comp("dns", "DNS failover", 87_600.0, 0.5, 1.0));
    Preset {
        slug: "multi-region",
        name: "Multi-region active-active",
        blurb: "Two copies of the web stack in two regions behind DNS failover; each region can fail as a whole.",
        diagram: Diagram {
            name: "Multi-region active-active".into(),
            components,
            root: group(
                series,
                "Global request path",
                vec![
                    unit("dns"),
                    group(
                        parallel,
                        "Either region",
                        vec![
                            zone("Region east", "r-east", vec![east]),
                            zone("Region west", "r-west", vec![west]),
                        ],
                    ),
                ],
            ),
        },
    }
}

/// A 3-replica quorum store: available while 2 of 3 replicas are (majority quorum).
pub fn quorum_store() -> Preset {
    Preset {
        slug: "quorum",
        name: "3-replica quorum store (2-of-3)",
        blurb: "Majority quorum: the store serves while at least 2 of its 3 replicas are up.",
        diagram: Diagram {
            name: "3-replica quorum store".into(),
            components: vec![
                comp("r1", "Replica 1", 2_000.0, 4.0, 5.0),
                comp("r2", "Replica 2", 2_000.0, 4.0, 5.0),
                comp("r3", "Replica 3", 2_000.0, 4.0, 5.0),
            ],
            root: Node::KOfN {
                label: "Majority of 3".into(),
                k: 2,
                children: vec![unit("r1"), unit("r2"), unit("r3")],
            },
        },
    }
}

pub fn all() -> Vec<Preset> {
    vec![
        book_series(),
        book_parallel(),
        web_stack(),
        multi_region(),
        quorum_store(),
    ]
}

pub fn find(slug: &str) -> Option<Preset> {
    all().into_iter().find(|p| p.slug == slug)
}
