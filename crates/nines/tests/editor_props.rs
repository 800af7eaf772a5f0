//! Random editing sessions in the availability lab's editor: whatever sequence of adds, removes,
//! kind changes, wraps, moves, blank starts, undos and redos a user makes, the diagram stays
//! valid and analysable, and undo walks back through exactly the diagrams the edits made (the
//! oracle is the list of diagrams seen, with a cursor).

use proptest::prelude::*;
use sdlab_nines::analytic::analyse;
use sdlab_nines::lab::{GroupKind, LabEvent, LabState, NewBlock};

/// An edit, with its block picked among the current diagram's blocks by `pick`.
#[derive(Clone, Debug)]
enum Op {
    Add(usize, usize),
    AddAfter(usize, usize),
    Remove(usize),
    SetKind(usize, usize),
    Wrap(usize, usize),
    MoveUp(usize),
    NewBlank,
    Undo,
    Redo,
}

fn op() -> impl Strategy<Value = Op> {
    prop_oneof![
        (any::<usize>(), 0..NewBlock::ALL.len()).prop_map(|(b, k)| Op::Add(b, k)),
        (any::<usize>(), 0..NewBlock::ALL.len()).prop_map(|(b, k)| Op::AddAfter(b, k)),
        any::<usize>().prop_map(Op::Remove),
        (any::<usize>(), 0..GroupKind::ALL.len()).prop_map(|(b, k)| Op::SetKind(b, k)),
        (any::<usize>(), 0..GroupKind::ALL.len()).prop_map(|(b, k)| Op::Wrap(b, k)),
        any::<usize>().prop_map(Op::MoveUp),
        Just(Op::NewBlank),
        Just(Op::Undo),
        Just(Op::Redo),
    ]
}

fn path_of(s: &LabState, pick: usize) -> Vec<usize> {
    let paths: Vec<Vec<usize>> = s.diagram.root.walk().into_iter().map(|(p, _)| p).collect();
    paths[pick % paths.len()].clone()
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 200, ..ProptestConfig::default() })]

    #[test]
    fn every_editing_session_keeps_a_valid_diagram_and_an_exact_undo(ops in proptest::collection::vec(op(), 1..40)) {
        let mut s = LabState::from_preset("web-stack");
        // The oracle: every diagram in the history, and which one is current.
        let mut seen = vec![s.diagram.clone()];
        let mut at = 0usize;
        for op in ops {
            let event = match op {
                Op::Add(b, k) => LabEvent::Add { parent: path_of(&s, b), kind: NewBlock::ALL[k] },
                Op::AddAfter(b, k) => LabEvent::AddAfter { path: path_of(&s, b), kind: NewBlock::ALL[k] },
                Op::Remove(b) => LabEvent::Remove(path_of(&s, b)),
                Op::SetKind(b, k) => LabEvent::SetGroupKind { path: path_of(&s, b), kind: GroupKind::ALL[k] },
                Op::Wrap(b, k) => LabEvent::Wrap { path: path_of(&s, b), kind: GroupKind::ALL[k] },
                Op::MoveUp(b) => LabEvent::MoveUp(path_of(&s, b)),
                Op::NewBlank => LabEvent::NewBlank,
                Op::Undo => LabEvent::Undo,
                Op::Redo => LabEvent::Redo,
            };
            let before = s.diagram.clone();
            let is_undo = matches!(event, LabEvent::Undo);
            let is_redo = matches!(event, LabEvent::Redo);
            s.update(event);
            prop_assert!(s.diagram.validate().is_ok(), "{:?}", s.diagram.validate());
            prop_assert!(analyse(&s.diagram).is_ok());
            prop_assert!(s.diagram.root.at(&s.selected).is_some(), "the selection exists");
            if is_undo {
                at = at.saturating_sub(1);
                prop_assert_eq!(&s.diagram, &seen[at]);
            } else if is_redo {
                if at + 1 < seen.len() { at += 1; }
                prop_assert_eq!(&s.diagram, &seen[at]);
            } else if s.diagram != before {
                seen.truncate(at + 1);
                seen.push(s.diagram.clone());
                at += 1;
            }
            prop_assert_eq!(s.can_undo(), at > 0);
            prop_assert_eq!(s.can_redo(), at + 1 < seen.len());
        }
    }
}
