//! Property tests of block-diagram analysis over random diagrams (reference §9 invariants):
//! bounds, redundancy and series monotonicity, k-of-n and component monotonicity, conditioning
//! against brute-force enumeration, and no panic from any diagram or any JSON text.

use proptest::collection::vec;
use proptest::prelude::*;
use sdlab_nines::analytic::analyse;
use sdlab_nines::diagram::{Component, Diagram, Node};
use sdlab_nines::presets;

/// Most components in a generated diagram (shared pool plus dedicated standby members), so
/// brute-force enumeration stays at 2⁸ states.
const MAX_COMPONENTS: usize = 8;

/// A diagram shape before component ids are assigned: `u8`s pick components from the pool and
/// k by remainder, so every generated shape maps to a valid diagram.
#[derive(Clone, Debug)]
enum Raw {
    Unit(u8),
    Standby {
        switchover_s: f64,
        failover_success: f64,
        failed_failover_hours: f64,
    },
    Series(Vec<Raw>),
    Parallel(Vec<Raw>),
    KOfN(u8, Vec<Raw>),
    SharedFate(u8, Vec<Raw>),
}

/// Trees of depth ≤ 4 (three levels of blocks over leaves), up to 4 children per block.
fn raw_tree(with_standby: bool) -> BoxedStrategy<Raw> {
    let unit = any::<u8>().prop_map(Raw::Unit);
    let leaf = if with_standby {
        prop_oneof![
            4 => unit,
            1 => (0.0..3_600.0f64, 0.0..=1.0f64, 0.0..24.0f64).prop_map(|(s, c, d)| {
                Raw::Standby {
                    switchover_s: s,
                    failover_success: c,
                    failed_failover_hours: d,
                }
            }),
        ]
        .boxed()
    } else {
        unit.boxed()
    };
    leaf.prop_recursive(3, 32, 4, |inner| {
        prop_oneof![
            vec(inner.clone(), 1..=4).prop_map(Raw::Series),
            vec(inner.clone(), 1..=4).prop_map(Raw::Parallel),
            (any::<u8>(), vec(inner.clone(), 1..=4)).prop_map(|(k, c)| Raw::KOfN(k, c)),
            (any::<u8>(), vec(inner, 1..=4)).prop_map(|(f, c)| Raw::SharedFate(f, c)),
        ]
    })
    .boxed()
}

/// MTBF 1 h – 100,000 h and MTTR 0.01 – 100 h: component unavailabilities from ~1e-7 to ~0.99.
fn rates() -> impl Strategy<Value = Vec<(f64, f64)>> {
    vec((1.0..1e5f64, 0.01..100.0f64), MAX_COMPONENTS)
}

struct Builder<'a> {
    pool: usize,
    rates: &'a [(f64, f64)],
    components: Vec<Component>,
}

impl Builder<'_> {
    fn id(i: usize) -> String {
        format!("c{i}")
    }

    fn add(&mut self, i: usize) {
        let (mtbf, mttr) = self.rates[i];
        self.components
            .push(Component::new(&Self::id(i), &format!("C{i}"), mtbf, mttr));
    }

    fn pooled(&self, raw: u8) -> String {
        Self::id(usize::from(raw) % self.pool)
    }

    fn node(&mut self, raw: &Raw) -> Node {
        let kids = |children: &[Raw], b: &mut Self| -> Vec<Node> {
            children.iter().map(|c| b.node(c)).collect()
        };
        match raw {
            Raw::Unit(i) => Node::Unit {
                component: self.pooled(*i),
            },
            Raw::Standby {
                switchover_s,
                failover_success,
                failed_failover_hours,
            } => {
                // Standby members may not appear elsewhere: give each pair two fresh components,
                // or fall back to a pooled unit when the budget of components is spent.
                let next = self.components.len();
                if next + 2 > MAX_COMPONENTS {
                    return Node::Unit {
                        component: Self::id(0),
                    };
                }
                self.add(next);
                self.add(next + 1);
                Node::Standby {
                    label: format!("pair {next}"),
                    primary: Self::id(next),
                    standby: Self::id(next + 1),
                    switchover_s: *switchover_s,
                    failover_success: *failover_success,
                    failed_failover_hours: *failed_failover_hours,
                }
            }
            Raw::Series(c) => Node::Series {
                label: "series".into(),
                children: kids(c, self),
            },
            Raw::Parallel(c) => Node::Parallel {
                label: "parallel".into(),
                children: kids(c, self),
            },
            Raw::KOfN(k, c) => Node::KOfN {
                label: "k of n".into(),
                k: u32::from(*k) % c.len() as u32 + 1,
                children: kids(c, self),
            },
            Raw::SharedFate(f, c) => Node::SharedFate {
                label: "shared fate".into(),
                fate: self.pooled(*f),
                children: kids(c, self),
            },
        }
    }
}

/// A valid diagram: `pool` shared components (which may repeat anywhere in the tree) plus two
/// dedicated components per standby pair, at most [`MAX_COMPONENTS`] in all.
fn build(raw: &Raw, pool: usize, rates: &[(f64, f64)]) -> Diagram {
    let mut b = Builder {
        pool,
        rates,
        components: Vec::new(),
    };
    for i in 0..pool {
        b.add(i);
    }
    let root = b.node(raw);
    Diagram {
        name: "random".into(),
        components: b.components,
        root,
    }
}

fn diagram(with_standby: bool) -> impl Strategy<Value = Diagram> {
    (raw_tree(with_standby), 1..=4usize, rates())
        .prop_map(|(raw, pool, rates)| build(&raw, pool, &rates))
}

fn has_standby(d: &Diagram) -> bool {
    d.root
        .walk()
        .iter()
        .any(|(_, n)| matches!(n, Node::Standby { .. }))
}

fn system_u(d: &Diagram) -> f64 {
    analyse(d)
        .unwrap_or_else(|e| panic!("a built diagram is valid: {e}\n{d:?}"))
        .unavailability
}

/// `a ≤ b` up to rounding: every path through the analysis is a short chain of positive
/// products and sums, so a relative 1e-9 is ample.
fn le(a: f64, b: f64) -> bool {
    a <= b * (1.0 + 1e-9) + 1e-300
}

/// Replaces the node at `path` by `wrapper[node, fresh component]`.
fn wrap(d: &Diagram, path: &[usize], parallel: bool, (mtbf, mttr): (f64, f64)) -> Diagram {
    let mut d = d.clone();
    let fresh = d.fresh_id("fresh");
    d.components
        .push(Component::new(&fresh, "fresh", mtbf, mttr));
    let node = d.root.at_mut(path).expect("the path came from walk()");
    let old = std::mem::replace(
        node,
        Node::Unit {
            component: String::new(),
        },
    );
    let children = vec![
        old,
        Node::Unit {
            component: fresh.clone(),
        },
    ];
    *node = if parallel {
        Node::Parallel {
            label: "wrap".into(),
            children,
        }
    } else {
        Node::Series {
            label: "wrap".into(),
            children,
        }
    };
    d
}

/// The tree as a boolean function of component states (no standby pairs).
fn is_up(node: &Node, up: &dyn Fn(&str) -> bool) -> bool {
    match node {
        Node::Unit { component } => up(component),
        Node::Series { children, .. } => children.iter().all(|c| is_up(c, up)),
        Node::Parallel { children, .. } => children.iter().any(|c| is_up(c, up)),
        Node::KOfN { k, children, .. } => {
            children.iter().filter(|c| is_up(c, up)).count() >= *k as usize
        }
        Node::SharedFate { fate, children, .. } => {
            up(fate) && children.iter().all(|c| is_up(c, up))
        }
        Node::Standby { .. } => panic!("the oracle covers diagrams without standby pairs"),
    }
}

/// U by enumerating all 2ⁿ component states: Σ over states where the system is down of
/// Π (up ? 1 − Uᵢ : Uᵢ).
fn brute_force_u(d: &Diagram) -> f64 {
    let n = d.components.len();
    let us: Vec<f64> = d.components.iter().map(|c| c.unavailability()).collect();
    let mut total = 0.0;
    for mask in 0u32..(1 << n) {
        let state = |i: usize| mask & (1 << i) != 0;
        let up = |id: &str| d.component_index(id).is_some_and(|i| mask & (1 << i) != 0);
        if !is_up(&d.root, &up) {
            total += (0..n)
                .map(|i| if state(i) { 1.0 - us[i] } else { us[i] })
                .product::<f64>();
        }
    }
    total
}

/// Diagrams that may break every rule: unknown or empty ids, duplicate components, k = 0 or
/// k > n, empty blocks, NaN/negative/huge rates, bad standby parameters.
fn wild_diagram() -> impl Strategy<Value = Diagram> {
    let id = prop::sample::select(vec!["a", "b", "c", "d", "zz", ""]).prop_map(String::from);
    let number = prop_oneof![
        6 => 0.001..1e6f64,
        1 => Just(f64::NAN),
        1 => Just(-1.0),
        1 => Just(0.0),
        1 => Just(f64::INFINITY),
        1 => Just(1e12),
    ];
    let component = (id.clone(), number.clone(), number.clone(), number.clone()).prop_map(
        |(id, mtbf, mttr, mttd)| Component {
            mttd_hours: if mttd > 100.0 { 0.0 } else { mttd },
            ..Component::new(&id, &id, mtbf, mttr)
        },
    );
    let leaf = prop_oneof![
        3 => id.clone().prop_map(|component| Node::Unit { component }),
        1 => (id.clone(), id.clone(), number.clone(), -0.5..1.5f64, number).prop_map(
            |(primary, standby, s, c, d)| Node::Standby {
                label: "pair".into(),
                primary,
                standby,
                switchover_s: s,
                failover_success: c,
                failed_failover_hours: d,
            }
        ),
    ];
    let root = leaf.prop_recursive(4, 40, 4, move |inner| {
        prop_oneof![
            vec(inner.clone(), 0..4).prop_map(|children| Node::Series {
                label: "s".into(),
                children
            }),
            vec(inner.clone(), 0..4).prop_map(|children| Node::Parallel {
                label: "p".into(),
                children
            }),
            (0u32..6, vec(inner.clone(), 0..4)).prop_map(|(k, children)| Node::KOfN {
                label: "k".into(),
                k,
                children
            }),
            (id.clone(), vec(inner, 0..4)).prop_map(|(fate, children)| Node::SharedFate {
                label: "f".into(),
                fate,
                children
            }),
        ]
    });
    (vec(component, 0..6), root).prop_map(|(components, root)| Diagram {
        name: "wild".into(),
        components,
        root,
    })
}

/// A JSON scalar of any type: what a corrupted field might hold.
fn json_scalar() -> BoxedStrategy<serde_json::Value> {
    use serde_json::{Value, json};
    prop_oneof![
        Just(Value::Null),
        any::<bool>().prop_map(Value::Bool),
        any::<f64>()
            .prop_filter("JSON has no NaN or infinity", |x| x.is_finite())
            .prop_map(|x| json!(x)),
        any::<i64>().prop_map(|x| json!(x)),
        prop::sample::select(vec![0.0, -1.0, 1e-300, 1e300, 4_294_967_296.0])
            .prop_map(|x| json!(x)),
        Just(json!(u64::MAX)),
        prop::sample::select(vec!["a", "b", "", "zz", "exponential", "weibull"])
            .prop_map(|s| json!(s)),
        Just(json!([])),
        Just(json!({})),
    ]
    .boxed()
}

/// Mostly the right kind of value, sometimes any scalar.
fn field(
    good: impl Strategy<Value = serde_json::Value> + 'static,
) -> BoxedStrategy<serde_json::Value> {
    prop_oneof![30 => good, 1 => json_scalar()].boxed()
}

fn json_number() -> BoxedStrategy<serde_json::Value> {
    prop_oneof![
        4 => (0.001..1e6f64).prop_map(|x| serde_json::json!(x)),
        1 => (0u32..6).prop_map(|x| serde_json::json!(x)),
    ]
    .boxed()
}

fn json_id() -> BoxedStrategy<serde_json::Value> {
    prop::sample::select(vec!["a", "b", "c", "zz"])
        .prop_map(|s| serde_json::json!(s))
        .boxed()
}

/// An object from optional fields: a missing field (`None`) is left out.
fn object(pairs: Vec<(&'static str, Option<serde_json::Value>)>) -> serde_json::Value {
    serde_json::Value::Object(
        pairs
            .into_iter()
            .filter_map(|(k, v)| v.map(|v| (k.to_string(), v)))
            .collect(),
    )
}

/// Diagram-shaped JSON with corrupted fields, missing keys and wrong types, so that much of it
/// deserialises and reaches validation with odd values.
fn diagram_json() -> impl Strategy<Value = serde_json::Value> {
    use serde_json::json;
    let opt = |s: BoxedStrategy<serde_json::Value>| prop::option::weighted(0.98, s);
    let repair = field(prop_oneof![
        Just(json!({ "kind": "exponential" })),
        json_number().prop_map(|cv| json!({ "kind": "lognormal", "cv": cv })),
        json_number().prop_map(|k| json!({ "kind": "weibull", "k": k })),
    ]);
    let component = (
        opt(field(json_id())),
        opt(field(json_id())),
        opt(field(json_number())),
        opt(field(json_number())),
        prop::option::of(field(json_number())),
        prop::option::of(repair),
    )
        .prop_map(|(id, name, mtbf, mttr, mttd, repair)| {
            object(vec![
                ("id", id),
                ("name", name),
                ("mtbf_hours", mtbf),
                ("mttr_hours", mttr),
                ("mttd_hours", mttd),
                ("repair", repair),
            ])
        });
    let unit = field(json_id()).prop_map(|c| json!({ "unit": { "component": c } }));
    let standby = (
        field(json_id()),
        field(json_id()),
        field(json_number()),
        field(json_number()),
        field(json_number()),
    )
        .prop_map(|(p, s, t, c, d)| {
            json!({ "standby": { "label": "pair", "primary": p, "standby": s,
                "switchover_s": t, "failover_success": c, "failed_failover_hours": d } })
        });
    let leaf = prop_oneof![3 => unit, 1 => standby];
    let root = leaf.prop_recursive(4, 40, 4, |inner| {
        let children = field(vec(inner, 0..4).prop_map(serde_json::Value::Array));
        (
            prop::sample::select(vec![
                "series",
                "parallel",
                "k_of_n",
                "shared_fate",
                "series",
                "parallel",
                "k_of_n",
                "shared_fate",
                "nonsense",
            ]),
            children,
            field((0u32..6).prop_map(|k| json!(k))),
            field(json_id()),
        )
            .prop_map(|(kind, children, k, fate)| {
                json!({ kind: { "label": kind, "children": children, "k": k, "fate": fate } })
            })
    });
    (
        opt(field(Just(json!("random")).boxed())),
        opt(field(
            vec(component, 0..6).prop_map(serde_json::Value::Array),
        )),
        opt(field(root)),
    )
        .prop_map(|(name, components, root)| {
            object(vec![
                ("name", name),
                ("components", components),
                ("root", root),
            ])
        })
}

/// A diagram parsed from JSON must validate or fail with a message, and a valid one analyse.
fn parse_validate_analyse(text: &str) {
    if let Ok(d) = serde_json::from_str::<Diagram>(text) {
        match d.validate() {
            Ok(()) => {
                let a = analyse(&d).expect("a validated diagram analyses");
                assert!((0.0..=1.0).contains(&a.unavailability));
            }
            Err(message) => assert!(!message.is_empty()),
        }
    }
}

proptest! {
    /// Any diagram, valid or not: analyse() returns, Ok exactly when validate() passes, and an
    /// Ok result has U in [0, 1].
    #[test]
    fn analyse_never_panics(d in prop_oneof![wild_diagram(), diagram(true)]) {
        let valid = d.validate().is_ok();
        match analyse(&d) {
            Ok(a) => {
                prop_assert!(valid);
                prop_assert!((0.0..=1.0).contains(&a.unavailability), "{}", a.unavailability);
            }
            Err(message) => {
                prop_assert!(!valid);
                prop_assert!(!message.is_empty());
            }
        }
    }

    /// Reference §9: 0 ≤ A ≤ 1 everywhere, for the system and for every "if this block were
    /// perfect" figure, and making a block perfect never lowers availability.
    #[test]
    fn availability_lies_in_the_unit_interval(d in diagram(true)) {
        let a = analyse(&d).expect("valid");
        prop_assert!((0.0..=1.0).contains(&a.unavailability));
        prop_assert!((0.0..=1.0).contains(&a.availability.availability()));
        for block in &a.blocks {
            prop_assert!((0.0..=1.0).contains(&block.perfect_u), "{block:?}");
            prop_assert!(le(block.perfect_u, a.unavailability), "{block:?}");
            prop_assert!((0.0..=1.0).contains(&block.share), "{block:?}");
        }
    }

    /// Reference §9: adding a parallel replica never lowers A; adding a series element never
    /// raises it, wherever in the tree it is added.
    #[test]
    fn redundancy_helps_and_dependencies_hurt(
        d in diagram(true),
        at in any::<prop::sample::Index>(),
        fresh in (1.0..1e5f64, 0.01..100.0f64),
    ) {
        let paths: Vec<Vec<usize>> = d.root.walk().into_iter().map(|(p, _)| p).collect();
        let path = at.get(&paths);
        let u = system_u(&d);
        let redundant = system_u(&wrap(&d, path, true, fresh));
        let dependent = system_u(&wrap(&d, path, false, fresh));
        prop_assert!(le(redundant, u), "parallel at {path:?}: {redundant:e} > {u:e}");
        prop_assert!(le(u, dependent), "series at {path:?}: {dependent:e} < {u:e}");
    }

    /// Reference §9: k-of-n is non-increasing in k (needing more of the blocks never helps).
    #[test]
    fn k_of_n_is_non_increasing_in_k(
        children in vec(raw_tree(true), 1..=5),
        pool in 1..=4usize,
        rates in rates(),
    ) {
        let mut d = build(&Raw::KOfN(0, children), pool, &rates);
        let n = d.root.children().len() as u32;
        let mut last = 0.0;
        for k in 1..=n {
            if let Node::KOfN { k: slot, .. } = &mut d.root {
                *slot = k;
            }
            let u = system_u(&d);
            prop_assert!(le(last, u), "k = {k}: {u:e} < {last:e}");
            last = u;
        }
    }

    /// A coherent system: a better component (higher MTBF) never lowers availability. Standby
    /// pairs are left out, because a longer MTBF there also changes how often switch-overs
    /// happen, which the first-order model counts separately.
    #[test]
    fn a_better_component_never_hurts(
        d in diagram(false),
        which in any::<prop::sample::Index>(),
        factor in 1.0..100.0f64,
    ) {
        prop_assume!(!has_standby(&d));
        let i = which.index(d.components.len());
        let mut better = d.clone();
        better.components[i].mtbf_hours = (d.components[i].mtbf_hours * factor).min(1e9);
        let (u, improved) = (system_u(&d), system_u(&better));
        prop_assert!(le(improved, u), "component {i}: {improved:e} > {u:e}");
    }

    /// Reference §2.3/§9: conditioning on repeated components equals brute-force enumeration
    /// over all 2ⁿ component states.
    #[test]
    fn conditioning_equals_enumeration(d in diagram(false)) {
        let analytic = system_u(&d);
        let brute = brute_force_u(&d);
        prop_assert!(
            (analytic - brute).abs() <= 1e-9 * analytic.max(brute) + 1e-300,
            "analytic {analytic:e} vs enumeration {brute:e}, repeated {:?}",
            d.references().iter().filter(|&(_, &n)| n > 1).collect::<Vec<_>>()
        );
    }

    /// Arbitrary text never panics the parser or the validation.
    #[test]
    fn any_text_parses_or_fails_cleanly(text in "\\PC{0,200}") {
        parse_validate_analyse(&text);
    }

    /// Diagram-shaped JSON with wrong types, missing keys and odd values never panics either.
    #[test]
    fn any_diagram_json_parses_or_fails_cleanly(value in diagram_json()) {
        parse_validate_analyse(&value.to_string());
    }

    /// A preset's JSON with random bytes deleted, replaced or inserted: most edits leave valid
    /// JSON with odd values, which is where validation has to hold.
    #[test]
    fn mutated_presets_parse_or_fail_cleanly(
        which in any::<prop::sample::Index>(),
        edits in vec((any::<prop::sample::Index>(), 0u8..3, prop::sample::select(
            b"0123456789-.e\"{}[],:ak ".to_vec())), 1..6),
    ) {
        let all = presets::all();
        let preset = which.get(&all);
        let mut bytes = serde_json::to_string(&preset.diagram).expect("serialises").into_bytes();
        for (at, op, byte) in edits {
            if bytes.is_empty() {
                break;
            }
            let i = at.index(bytes.len());
            match op {
                0 => { bytes.remove(i); }
                1 => bytes[i] = byte,
                _ => bytes.insert(i, byte),
            }
        }
        // Edits can split a multi-byte character; only valid UTF-8 is text to parse.
        if let Ok(text) = String::from_utf8(bytes) {
            parse_validate_analyse(&text);
        }
    }
}

#[test]
fn the_oracle_agrees_with_the_books_worked_examples() {
    // Book, ch. 1: .999 × .999 = .998001 and 1 − (.001 × .001) = .999999, so the brute-force
    // oracle itself is checked before it judges the analysis.
    let s = brute_force_u(&presets::book_series().diagram);
    let p = brute_force_u(&presets::book_parallel().diagram);
    assert!((s - 0.001_999).abs() < 1e-12, "{s}");
    assert!((p - 1e-6).abs() < 1e-15, "{p}");
}
