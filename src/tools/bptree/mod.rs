//! The B+ tree index animator over `sdlab-bptree`: the settings and the operation inputs, the
//! tree drawn as SVG with the current step highlighted, narrated and matched to its pseudo-code
//! line, a player and a timeline across every operation, the statistics a DBA reads, the
//! random-vs-sorted comparison in a worker, and the published checks. Every number comes from
//! `sdlab_bptree::animator::State::view`; these modules lay it out.

mod compare;
mod controls;
mod query;
mod stage;
mod stats;

use std::rc::Rc;

use sdlab_bptree::animator::{Event, State};
use sdlab_bptree::jobs::CompareJob;
use yew::prelude::*;

use crate::registry::ToolEntry;
use crate::tool::{Action, use_tool};
use crate::widgets::ToolPage;
use crate::worker::use_job;

const LEDE: &str = "A relational index is a B+ tree: separators inside, every key in linked leaves. Insert, delete, \
    search and scan a range, and watch each step — splits, borrows, merges, the root growing and shrinking — with the \
    invariants checked after every one, the pages each operation touches, and the fill factor that random and \
    sequential keys leave behind.";

pub fn page(entry: &'static ToolEntry) -> Html {
    html! { <BptreePage {entry} /> }
}

/// The page's event sender.
pub(crate) type Send = crate::tool::Send<State>;

/// The view a render derived, shared by the cards (a new one every render).
#[derive(Clone)]
pub(crate) struct Shown(pub Rc<sdlab_bptree::animator::View>);

impl PartialEq for Shown {
    fn eq(&self, other: &Self) -> bool {
        Rc::ptr_eq(&self.0, &other.0)
    }
}

#[derive(Properties, PartialEq)]
struct PageProps {
    entry: &'static ToolEntry,
}

#[component]
fn BptreePage(props: &PageProps) -> Html {
    let model = use_tool::<State>(props.entry.slug);
    let state = &model.state;
    let send = Send::new(model.dispatcher());
    let job = use_job::<CompareJob>();
    let static_checks = use_memo((), |_| sdlab_bptree::checks::static_checks());

    // Playback: one step per tick at the chosen speed while playing.
    {
        let send = send.clone();
        use_effect_with((state.playing, state.speed), move |&(playing, speed)| {
            let interval = playing.then(|| {
                gloo_timers::callback::Interval::new(1_000 / speed.max(1), move || {
                    send.emit(Event::Tick)
                })
            });
            move || drop(interval)
        });
    }

    let view = Rc::new(state.view());
    let checks = {
        let mut all = (*static_checks).clone();
        all.extend(sdlab_bptree::checks::tree_checks(
            &view.tree,
            view.steps_in_op,
            &view.broken_op,
        ));
        Rc::new(all)
    };
    let dismiss = {
        let model = model.clone();
        Callback::from(move |()| model.dispatch(Action::DismissLinkProblems))
    };
    let checks_note = html! {
        <p class="muted">
            { "The book (System Design on AWS, ch. 2, “Indexes”) gives the B+ tree's structure — separators inside, \
               records or row pointers in linked leaves, logarithmic height, a cost on every write — but no rules; \
               everything checked here is a standard result, not from the book. The traces use the classic USFCA \
               visualisation's rules (max degree d, split at ⌊d/2⌋, steal from the left sibling first, merge into the \
               left sibling), so a sequence can be compared with it step by step. The fill factors are measured on \
               20,000 keys at order 64 when the page opens; the rest follow the tree on screen." }
        </p>
    };
    html! {
        <ToolPage entry={props.entry} lede={LEDE} link_problems={model.link_problems.clone()} ondismiss={dismiss}
            {checks} {checks_note} query={crate::tool::ToolModel::to_query(state)}>
            <div class="bptree-layout">
                <controls::Controls state={state.clone()} view_error={view.order_error.clone()}
                    sizing_text={view.sizing_text.clone()} can_undo={view.can_undo} can_redo={view.can_redo}
                    send={send.clone()} />
                <div class="bptree-main">
                    <stage::Stage view={Shown(view.clone())} playing={state.playing} speed={state.speed} send={send.clone()} />
                    <stats::Stats view={Shown(view)} />
                </div>
            </div>
            <compare::Compare state={state.clone()} job={job} send={send} />
        </ToolPage>
    }
}
