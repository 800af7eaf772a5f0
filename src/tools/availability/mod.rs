//! The availability lab page over `sdlab-nines`: a block-diagram editor, live analytic results
//! with each block's share of the downtime, a Monte Carlo failure/repair simulation that re-runs
//! by itself in a warm worker as the inputs change, the error budget with the Workbook's alert
//! tiers, the incident log, and the published checks. Every number the cards show comes from
//! `sdlab_nines::lab_view`; these modules lay it out.

mod analysis;
mod budget;
mod charts;
mod checks;
mod drawing;
mod editor;
mod incidents;
mod query;
mod simulation;
mod toolbar;

use std::rc::Rc;

use sdlab_nines::analytic::analyse;
use sdlab_nines::jobs::{PresetChecksJob, SimulateJob};
use sdlab_nines::lab::{LabEvent, LabState};
use yew::prelude::*;

use crate::registry::ToolEntry;
use crate::tool::{Action, use_tool};
use crate::widgets::ToolPage;
use crate::worker::{use_auto_run, use_job};

const LEDE: &str = "Build the system as blocks — series, redundant, k-of-n, active-passive, sharing an AZ or \
    region — and see its availability, where the downtime comes from, what outages look like in a Monte Carlo \
    simulation, and what that does to an error budget.";

/// How long the inputs must rest before the simulation re-runs, in ms.
const RERUN_DEBOUNCE_MS: u32 = 250;

pub fn page(entry: &'static ToolEntry) -> Html {
    html! { <AvailabilityLab {entry} /> }
}

/// The page's event sender.
pub(crate) type Send = crate::tool::Send<LabState>;

/// The validate/commit pair a [`crate::widgets::CommitField`] needs, from one parser and what
/// to do with the value.
pub(crate) fn field_callbacks<T: 'static>(
    parse: impl Fn(&str) -> Result<T, String> + 'static,
    on_ok: impl Fn(T) + 'static,
) -> (Callback<String, Result<(), String>>, Callback<String>) {
    let parse = Rc::new(parse);
    let validate = {
        let parse = parse.clone();
        Callback::from(move |text: String| parse(&text).map(|_| ()))
    };
    let commit = Callback::from(move |text: String| {
        if let Ok(v) = parse(&text) {
            on_ok(v);
        }
    });
    (validate, commit)
}

/// "0-2-1" for a block's path, as the lab's element ids spell it.
pub(crate) fn path_id(path: &[usize]) -> String {
    path.iter()
        .map(|i| i.to_string())
        .collect::<Vec<_>>()
        .join("-")
}

/// At most `n` characters (n ≥ 1), with an ellipsis when cut.
pub(crate) fn clip(text: &str, n: usize) -> String {
    if text.chars().count() > n {
        format!(
            "{}…",
            text.chars().take(n.saturating_sub(1)).collect::<String>()
        )
    } else {
        text.to_string()
    }
}

#[derive(Properties, PartialEq)]
struct PageProps {
    entry: &'static ToolEntry,
}

#[component]
fn AvailabilityLab(props: &PageProps) -> Html {
    let model = use_tool::<LabState>(props.entry.slug);
    let state = &model.state;
    let send = Send::new(model.dispatcher());
    let analysis = use_memo(state.diagram.clone(), analyse);
    let presets_job = use_job::<PresetChecksJob>();
    let wanted = state.simulate_job();
    // Results follow the inputs: a new valid job re-runs once the inputs have rested.
    let job = use_job::<SimulateJob>();
    let job = use_auto_run(job, wanted.clone().ok(), RERUN_DEBOUNCE_MS);

    // Ctrl+Z / Ctrl+Y (⌘ on a Mac) undo and redo diagram edits, except inside a text field,
    // which keeps its own undo.
    {
        let send = send.clone();
        use_effect_with((), move |_| {
            let listener = gloo_events::EventListener::new_with_options(
                &gloo_utils::document(),
                "keydown",
                gloo_events::EventListenerOptions::enable_prevent_default(),
                move |e| {
                    let Some(e) = wasm_bindgen::JsCast::dyn_ref::<web_sys::KeyboardEvent>(e) else {
                        return;
                    };
                    if !(e.ctrl_key() || e.meta_key()) || e.alt_key() {
                        return;
                    }
                    let in_field = e
                        .target()
                        .and_then(|t| wasm_bindgen::JsCast::dyn_into::<web_sys::Element>(t).ok())
                        .is_some_and(|t| {
                            matches!(t.tag_name().as_str(), "INPUT" | "TEXTAREA" | "SELECT")
                        });
                    if in_field {
                        return;
                    }
                    let event = match (e.key().to_ascii_lowercase().as_str(), e.shift_key()) {
                        ("z", false) => LabEvent::Undo,
                        ("z", true) | ("y", _) => LabEvent::Redo,
                        _ => return,
                    };
                    e.prevent_default();
                    send.emit(event);
                },
            );
            move || drop(listener)
        });
    }
    let report = job.last.as_ref().map(|f| &f.output);
    let view = state.view(&analysis, report);
    let dismiss = {
        let model = model.clone();
        Callback::from(move |()| model.dispatch(Action::DismissLinkProblems))
    };
    let checks = Rc::new(sdlab_nines::lab_view::checks(
        report,
        presets_job.last.as_ref().map(|f| f.output.as_slice()),
    ));
    let shares = Rc::new(match &*analysis {
        Ok(a) => a.blocks.iter().map(|b| (b.path.clone(), b.share)).collect(),
        Err(_) => Vec::new(),
    });

    html! {
        <ToolPage entry={props.entry} lede={LEDE} link_problems={model.link_problems.clone()} ondismiss={dismiss}
            checks={checks} query={<LabState as crate::tool::ToolModel>::to_query(state)}
            checks_note={html! { <checks::PresetChecks job={presets_job} /> }}>
            <toolbar::Toolbar diagram={Rc::new(state.diagram.clone())} preset={state.preset.clone()}
                can_undo={state.can_undo()} can_redo={state.can_redo()} send={send.clone()} />
            if let Some(refusal) = &state.refusal {
                <p class="notice" role="alert" id="lab-refusal">{ format!("That change was not made: {refusal}.") }</p>
            }
            <section class="card" aria-labelledby="lab-drawing-title">
                <h2 id="lab-drawing-title">{ "Reliability block diagram" }</h2>
                <drawing::DiagramDrawing diagram={Rc::new(state.diagram.clone())} selected={state.selected.clone()}
                    shares={shares.clone()} send={send.clone()} />
            </section>
            <div class="tool-columns">
                <div class="col">
                    <editor::DiagramEditor diagram={Rc::new(state.diagram.clone())} selected={state.selected.clone()}
                        collapsed={state.collapsed.clone()} shares={shares} focus={state.focus.clone()} send={send.clone()} />
                </div>
                <div class="col">
                    <analysis::AnalyticCard view={Rc::new(view.analytic)} calendar={state.calendar} send={send.clone()} />
                </div>
            </div>
            <simulation::SimulationCard years_text={state.years_text.clone()} seed_text={state.seed_text.clone()} timeline_text={state.timeline_text.clone()}
                timeline_error={state.timeline().err()} wanted={Rc::new(wanted)} job={job} send={send.clone()} />
            <budget::BudgetCard slo_text={state.slo_text.clone()} burn_text={state.burn_text.clone()} window={state.window}
                view={Rc::new(view.budget)} send={send.clone()} />
            <incidents::IncidentsCard text={state.incidents_text.clone()} from={state.incidents_from.clone()}
                to={state.incidents_to.clone()} maintenance={state.maintenance_text.clone()}
                view={Rc::new(view.incidents)} send={send} />
        </ToolPage>
    }
}
