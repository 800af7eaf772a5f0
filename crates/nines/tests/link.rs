//! The compact link form of diagrams (`sdlab_nines::link`): an exact round trip for random
//! diagrams (any Unicode, every kind of block, every repair shape, extreme numbers) and for
//! diagrams made by random editor events, no panic from any text, every one-character change
//! of a link refused, and the link sizes of the presets, as made and edited, under a budget.

use proptest::collection::vec;
use proptest::prelude::*;
use sdlab_nines::diagram::{Component, Diagram, Node};
use sdlab_nines::lab::{ComponentField, LabEvent, LabState, NewBlock, StandbyField};
use sdlab_nines::link::{decode, encode};
use sdlab_nines::presets;
use sdlab_sim::dist::Shape;

/// Any number but NaN (which equals nothing, itself included): the whole range of f64 with
/// its edges and the values the presets use.
fn number() -> BoxedStrategy<f64> {
    prop_oneof![
        4 => any::<f64>().prop_filter("NaN is never equal", |x| !x.is_nan()),
        2 => 0.001..1e6f64,
        2 => prop::sample::select(vec![
            0.0, -0.0, 1.0, 0.99, 60.0, 8_765.82, 2.0 / 60.0, 1.0 / 3.0, 0.1 + 0.2, 1e9, 1e-9,
            f64::MIN_POSITIVE, 5e-324, f64::MAX, f64::MIN, f64::EPSILON, f64::INFINITY,
            f64::NEG_INFINITY, 123_456_789.012_345_67, 4_294_967_296.0,
        ]),
    ]
    .boxed()
}

/// Any Unicode text, including control characters and NUL, and the empty text.
fn text() -> BoxedStrategy<String> {
    prop_oneof![
        3 => any::<String>(),
        2 => "\\PC{0,24}",
        1 => prop::sample::select(vec!["", "a", "Σ ⚡ 東京 🛰️", "\u{0}\u{7f}\u{ffff}", "a\u{301}", "%&=+#?"])
            .prop_map(String::from),
    ]
    .boxed()
}

fn shape() -> BoxedStrategy<Shape> {
    prop_oneof![
        Just(Shape::Exponential),
        number().prop_map(|cv| Shape::Lognormal { cv }),
        number().prop_map(|k| Shape::Weibull { k }),
    ]
    .boxed()
}

fn component() -> impl Strategy<Value = Component> {
    (text(), text(), number(), number(), number(), shape()).prop_map(
        |(id, name, mtbf_hours, mttr_hours, mttd_hours, repair)| Component {
            id,
            name,
            mtbf_hours,
            mttr_hours,
            mttd_hours,
            repair,
        },
    )
}

/// A tree before component ids are known: `u8`s pick components by remainder.
#[derive(Clone, Debug)]
enum Raw {
    Unit(u8),
    Standby(u8, u8, String, f64, f64, f64),
    Series(String, Vec<Raw>),
    Parallel(String, Vec<Raw>),
    KOfN(String, u32, Vec<Raw>),
    SharedFate(String, u8, Vec<Raw>),
}

/// Trees of depth ≤ 5, up to 5 children per block (empty blocks too: the link form holds
/// diagrams whether or not they validate).
fn raw_tree() -> impl Strategy<Value = Raw> {
    let leaf = prop_oneof![
        3 => any::<u8>().prop_map(Raw::Unit),
        1 => (any::<u8>(), any::<u8>(), text(), number(), number(), number())
            .prop_map(|(p, s, l, a, b, c)| Raw::Standby(p, s, l, a, b, c)),
    ];
    leaf.prop_recursive(4, 48, 5, |inner| {
        prop_oneof![
            (text(), vec(inner.clone(), 0..=5)).prop_map(|(l, c)| Raw::Series(l, c)),
            (text(), vec(inner.clone(), 0..=5)).prop_map(|(l, c)| Raw::Parallel(l, c)),
            (text(), any::<u32>(), vec(inner.clone(), 0..=5))
                .prop_map(|(l, k, c)| Raw::KOfN(l, k, c)),
            (text(), any::<u8>(), vec(inner, 0..=5)).prop_map(|(l, f, c)| Raw::SharedFate(l, f, c)),
        ]
    })
}

fn build(raw: &Raw, components: &[Component]) -> Node {
    let id = |i: &u8| components[usize::from(*i) % components.len()].id.clone();
    let kids = |c: &[Raw]| c.iter().map(|r| build(r, components)).collect();
    match raw {
        Raw::Unit(i) => Node::Unit { component: id(i) },
        Raw::Standby(p, s, label, a, b, c) => Node::Standby {
            label: label.clone(),
            primary: id(p),
            standby: id(s),
            switchover_s: *a,
            failover_success: *b,
            failed_failover_hours: *c,
        },
        Raw::Series(label, c) => Node::Series {
            label: label.clone(),
            children: kids(c),
        },
        Raw::Parallel(label, c) => Node::Parallel {
            label: label.clone(),
            children: kids(c),
        },
        Raw::KOfN(label, k, c) => Node::KOfN {
            label: label.clone(),
            k: *k,
            children: kids(c),
        },
        Raw::SharedFate(label, f, c) => Node::SharedFate {
            label: label.clone(),
            fate: id(f),
            children: kids(c),
        },
    }
}

/// A diagram whose blocks all name components it has (ids may repeat: a block then means the
/// first component with that id, as everywhere else).
fn diagram() -> impl Strategy<Value = Diagram> {
    (text(), vec(component(), 1..=12), raw_tree()).prop_map(|(name, components, raw)| {
        let root = build(&raw, &components);
        Diagram {
            name,
            components,
            root,
        }
    })
}

/// One editor action on a block or component picked by index.
fn event(d: &Diagram, pick: usize, op: u8, value: f64, name: &str) -> LabEvent {
    let paths: Vec<Vec<usize>> = d.root.walk().into_iter().map(|(p, _)| p).collect();
    let path = paths[pick % paths.len()].clone();
    let id = d.components[pick % d.components.len()].id.clone();
    match op % 10 {
        0 => LabEvent::Add {
            parent: path,
            kind: NewBlock::ALL[pick % NewBlock::ALL.len()],
        },
        1 => LabEvent::Remove(path),
        2 => LabEvent::MoveUp(path),
        3 => LabEvent::Rename {
            path,
            label: name.into(),
        },
        4 => LabEvent::RenameComponent {
            id,
            name: name.into(),
        },
        5 => LabEvent::SetComponent {
            id,
            field: [
                ComponentField::MtbfHours,
                ComponentField::MttrHours,
                ComponentField::MttdHours,
            ][pick % 3],
            value,
        },
        6 => LabEvent::SetRepair {
            id,
            shape: [
                Shape::Exponential,
                Shape::Lognormal { cv: value },
                Shape::Weibull { k: value },
            ][pick % 3],
        },
        7 => LabEvent::SetK {
            path,
            k: (value as u32) % 4,
        },
        8 => LabEvent::SetStandby {
            path,
            field: [
                StandbyField::SwitchoverS,
                StandbyField::FailoverSuccess,
                StandbyField::FailedFailoverHours,
            ][pick % 3],
            value,
        },
        _ => LabEvent::SetComponentUnavailability {
            id,
            unavailability: value / 1e6,
        },
    }
}

fn round_trips(d: &Diagram) -> Result<(), TestCaseError> {
    let text = encode(d).map_err(|e| TestCaseError::fail(format!("encode: {e}")))?;
    prop_assert!(
        text.bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_'),
        "not URL-safe: {text}"
    );
    prop_assert_eq!(decode(&text), Ok(d.clone()), "{}", text);
    Ok(())
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(256))]

    /// The oracle: decode(encode(d)) == d, and the text needs no percent-encoding.
    #[test]
    fn any_diagram_round_trips(d in diagram()) {
        round_trips(&d)?;
    }

    /// Every diagram the editor makes from a preset by a run of edits round-trips.
    #[test]
    fn edited_presets_round_trip(
        which in any::<prop::sample::Index>(),
        steps in vec((any::<usize>(), any::<u8>(), 0.01..1e6f64, text()), 1..24),
    ) {
        let slug = which.get(&presets::all()).slug;
        let mut state = LabState::from_preset(slug);
        for (pick, op, value, name) in steps {
            let e = event(&state.diagram, pick, op, value, &name);
            state.update(e);
            round_trips(&state.diagram)?;
        }
    }

    /// Arbitrary text, or text that looks like a link, never panics the decoder.
    #[test]
    fn any_text_decodes_or_fails_cleanly(
        text in prop_oneof!["\\PC{0,300}", "1[A-Za-z0-9_-]{0,400}", "[1{ ]?[A-Za-z0-9_=%+.-]{0,80}"],
    ) {
        if let Err(message) = decode(&text) {
            prop_assert!(!message.is_empty());
        }
    }

    /// A link with random characters deleted, replaced or inserted is refused with a message
    /// (or, when nothing that matters changed, gives back the same diagram).
    #[test]
    fn mangled_links_fail_cleanly(
        d in diagram(),
        edits in vec((any::<prop::sample::Index>(), 0u8..3, prop::sample::select(
            b"AZaz09-_Q.%".to_vec())), 1..4),
    ) {
        let mut bytes = encode(&d).map_err(TestCaseError::fail)?.into_bytes();
        for (at, op, byte) in edits {
            let i = at.index(bytes.len());
            match op {
                0 if bytes.len() > 1 => { bytes.remove(i); }
                1 => bytes[i] = byte,
                _ => bytes.insert(i, byte),
            }
        }
        let text = String::from_utf8(bytes).map_err(|e| TestCaseError::fail(e.to_string()))?;
        match decode(&text) {
            Ok(back) => prop_assert_eq!(back, d),
            Err(message) => prop_assert!(!message.is_empty()),
        }
    }
}

/// NaN cannot equal itself, so its round trip is checked apart.
#[test]
fn nan_survives_too() {
    let mut d = presets::book_series().diagram;
    d.components[0].mtbf_hours = f64::NAN;
    d.components[1].repair = Shape::Weibull { k: -f64::NAN };
    let back = decode(&encode(&d).expect("encodes")).expect("decodes");
    assert!(back.components[0].mtbf_hours.is_nan());
    assert!(matches!(back.components[1].repair, Shape::Weibull { k } if k.is_nan()));
}

/// Every change of one character of a preset's link is refused, or gives back the very same
/// diagram (a copy redirected to equal bytes elsewhere): never a different diagram.
#[test]
fn no_one_character_change_gives_another_diagram() {
    let alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
    let (mut refused, mut same) = (0, 0);
    for p in presets::all() {
        let text = encode(&p.diagram).expect("encodes");
        for (i, old) in text.char_indices() {
            for new in alphabet.chars().filter(|&c| c != old) {
                let mut changed = text.clone();
                changed.replace_range(i..i + 1, new.encode_utf8(&mut [0; 4]));
                match decode(&changed) {
                    Err(_) => refused += 1,
                    Ok(back) if back == p.diagram => same += 1,
                    Ok(_) => panic!("{}: {changed} decodes to another diagram", p.slug),
                }
            }
        }
    }
    println!("one-character changes: {refused} refused, {same} the same diagram");
    assert!(same * 100 < refused, "{same} of {refused}");
}

/// Length of `key=value` as `form_urlencoded` writes it (what the page puts in its address):
/// ASCII letters, digits and `*-._` as they are, a space as `+`, every other byte as `%XX`.
fn query_len(key: &str, value: &str) -> usize {
    let escaped: usize = value
        .bytes()
        .map(|b| {
            if b.is_ascii_alphanumeric() || b"*-._ ".contains(&b) {
                1
            } else {
                3
            }
        })
        .sum();
    key.len() + 1 + escaped
}

/// A few edits as a person makes them: rename the top block, change the first component's
/// MTBF, add a component to the top block.
fn edited(slug: &str) -> Diagram {
    let mut state = LabState::from_preset(slug);
    let id = state.diagram.components[0].id.clone();
    state.update(LabEvent::Rename {
        path: vec![],
        label: "Checkout — renamed".into(),
    });
    state.update(LabEvent::SetComponent {
        id,
        field: ComponentField::MtbfHours,
        value: 1_234.5,
    });
    state.update(LabEvent::Add {
        parent: vec![],
        kind: NewBlock::Component,
    });
    assert_eq!(state.refusal, None, "{slug}");
    state.diagram
}

/// Most bytes `d=…` may take in the address: a preset as made, and with a few edits.
const BUDGET: usize = 200;
const EDITED_BUDGET: usize = 260;

#[test]
fn link_sizes_stay_within_budget() {
    println!(
        "{:<16} {:>9} {:>9} {:>9} {:>9}",
        "preset", "JSON", "compact", "edited J", "edited c"
    );
    for p in presets::all() {
        let size = |d: &Diagram| {
            let json = serde_json::to_string(d).expect("serialises");
            let compact = encode(d).expect("encodes");
            assert_eq!(decode(&compact).as_ref(), Ok(d), "{}", p.slug);
            (query_len("d", &json), query_len("d", &compact))
        };
        let (json, compact) = size(&p.diagram);
        let (edited_json, edited_compact) = size(&edited(p.slug));
        println!(
            "{:<16} {json:>9} {compact:>9} {edited_json:>9} {edited_compact:>9}",
            p.slug
        );
        assert!(compact <= BUDGET, "{}: {compact} bytes", p.slug);
        assert!(
            edited_compact <= EDITED_BUDGET,
            "{}: {edited_compact} bytes edited",
            p.slug
        );
    }
}
