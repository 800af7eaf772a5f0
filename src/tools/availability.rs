//! The availability lab page over `sdlab-nines`: a block-diagram editor, live analytic results
//! with each block's share of the downtime, a Monte Carlo failure/repair simulation run in a
//! worker, the error budget with the Workbook's alert tiers, and the published checks.

use std::rc::Rc;

use sdlab_nines::analytic::{Analysis, analyse};
use sdlab_nines::diagram::{Component, Diagram, Node};
use sdlab_nines::lab::{ComponentField, LabEvent, LabState, NewBlock, StandbyField};
use sdlab_nines::simulate::{Report, SimParams};
use sdlab_nines::slo::{self, SloWindow, WORKBOOK_TIERS};
use sdlab_nines::{Availability, incidents, presets};
use sdlab_sim::Check;
use sdlab_sim::dist::Shape;
use sdlab_sim::units::{format_duration, format_grouped, format_sci};
use yew::prelude::*;

use crate::permalink::Query;
use crate::theme::use_palette;
use crate::tool::{Action, ToolModel, use_tool};
use crate::widgets::{ChecksPanel, CommitField, LinkProblems, Select, ShareBar, parse_number};
use crate::widgets::{PlotArea, PlotCanvas};
use crate::worker::{JobState, use_job};
use sdlab_charts::{
    BurnDownChart, HistogramChart, LaneKind, TimelineChart, TimelineLane, draw_burn_down,
    draw_histogram, draw_timeline, timeline_height_css,
};
use sdlab_nines::jobs::{PRESET_CHECK_SEED, PRESET_CHECK_YEARS, PresetChecksJob, SimulateJob};

const SLUG: &str = "availability";
/// Longest diagram accepted from a link.
const MAX_DIAGRAM_CHARS: usize = 60_000;

impl ToolModel for LabState {
    type Event = LabEvent;

    fn update(&mut self, event: LabEvent) {
        LabState::update(self, event);
    }

    fn from_query(q: &Query) -> (Self, Vec<String>) {
        let mut problems = Vec::new();
        let mut state = match q.long_text("d", MAX_DIAGRAM_CHARS, &mut problems) {
            Some(json) => match serde_json::from_str::<Diagram>(&json)
                .map_err(|e| format!("the diagram in the link is not valid JSON ({e})"))
                .and_then(|d| d.validate().map(|()| d))
            {
                Ok(d) => LabState::from_diagram(d),
                Err(message) => {
                    problems.push(message);
                    LabState::default()
                }
            },
            None => {
                let slug = q.text("preset", "web-stack", &mut problems);
                if presets::find(&slug).is_none() {
                    problems.push(format!(
                        "preset=“{}”: no such preset",
                        slug.chars().take(40).collect::<String>()
                    ));
                }
                LabState::from_preset(&slug)
            }
        };
        if let Some(years) = q.get("years") {
            match parse_number(years, 1.0, 1e6) {
                Ok(v) => state.years = v,
                Err(e) => problems.push(format!("years: {e}")),
            }
        }
        if let Some(seed) = q.get("seed") {
            match seed.trim().parse::<u64>() {
                Ok(v) => state.seed = v,
                Err(_) => problems.push("seed: not a whole number".into()),
            }
        }
        if let Some(text) = q.long_text("inc", 4_000, &mut problems) {
            state.incidents_text = text;
        }
        state.incidents_from = q.text("from", &state.incidents_from, &mut problems);
        state.incidents_to = q.text("to", &state.incidents_to, &mut problems);
        state.maintenance_text = q.text("maint", &state.maintenance_text, &mut problems);
        state.burn_text = q.text("burn", &state.burn_text, &mut problems);
        state.timeline_text = q.text("tl", &state.timeline_text, &mut problems);
        let slo_text = q.text("slo", &state.slo_text, &mut problems);
        state.update(LabEvent::SetSlo(slo_text));
        state.window = q.choice("window", state.window, &mut problems);
        (state, problems)
    }

    fn to_query(&self) -> Query {
        let mut q = Query::default();
        match &self.preset {
            Some(slug) => q.push("preset", slug.clone()),
            None => q.push(
                "d",
                serde_json::to_string(&self.diagram).unwrap_or_default(),
            ),
        }
        q.push("years", format_grouped(self.years, 0).replace(',', ""));
        q.push("seed", self.seed.to_string());
        q.push("slo", self.slo_text.clone());
        q.push("window", self.window.to_string());
        q.push("burn", self.burn_text.clone());
        q.push("tl", self.timeline_text.clone());
        let example = LabState::default();
        if self.incidents_text != example.incidents_text
            || self.incidents_from != example.incidents_from
            || self.incidents_to != example.incidents_to
            || self.maintenance_text != example.maintenance_text
        {
            q.push(
                "inc",
                self.incidents_text.chars().take(4_000).collect::<String>(),
            );
            q.push("from", self.incidents_from.clone());
            q.push("to", self.incidents_to.clone());
            q.push("maint", self.maintenance_text.clone());
        }
        q
    }
}

pub fn page() -> Html {
    html! { <AvailabilityLab /> }
}

fn percent(u: f64) -> String {
    Availability::from_unavailability(u.clamp(0.0, 1.0))
        .map_or("—".into(), |a| format!("{}%", a.percent_text()))
}

fn nines_text(u: f64) -> String {
    if u <= 0.0 {
        "∞ nines".into()
    } else {
        format!("{:.2} nines", -u.log10())
    }
}

fn hours(h: f64) -> String {
    format_duration(h * 3_600.0)
}

type Send = Rc<dyn Fn(LabEvent)>;

/// The validate/commit pair a [`CommitField`] needs, from one parser and what to do with the value.
fn field_callbacks<T: 'static>(
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

/// "auto" (the first window with a system outage) or the day the timeline starts on.
fn parse_timeline(text: &str, years: f64) -> Result<Option<f64>, String> {
    if text.trim().eq_ignore_ascii_case("auto") {
        return Ok(None);
    }
    parse_number(text, 0.0, (years * 365.0).floor())
        .map(Some)
        .map_err(|e| format!("“auto” or a day: {e}"))
}

fn non_empty(text: &str) -> Result<String, String> {
    let t = text.trim();
    if t.is_empty() {
        Err("enter a name".to_string())
    } else {
        Ok(t.chars().take(80).collect())
    }
}

#[component]
fn AvailabilityLab() -> Html {
    let model = use_tool::<LabState>(SLUG);
    let state = &model.state;
    let analysis = {
        let diagram = state.diagram.clone();
        use_memo(diagram, analyse)
    };
    let job = use_job::<SimulateJob>();
    let palette = use_palette();
    let send: Send = {
        let model = model.clone();
        Rc::new(move |e| model.dispatch(Action::Event(e)))
    };
    let dismiss = {
        let model = model.clone();
        Callback::from(move |()| model.dispatch(Action::DismissLinkProblems))
    };
    let (slo, slo_error) = state.slo();

    html! {
        <div class="tool" data-slug={SLUG}>
            <header class="tool-header">
                <h1>{ "Availability lab" }</h1>
                <p class="lede">
                    { "Build the system as blocks — series, redundant, k-of-n, active-passive, sharing an AZ or region — \
                       and see its availability, where the downtime comes from, what outages look like in a Monte \
                       Carlo simulation, and what that does to an error budget." }
                </p>
            </header>
            <LinkProblems problems={model.link_problems.clone()} ondismiss={dismiss} />
            <Toolbar state={state.clone()} send={SendProp(send.clone())} />
            if let Some(refusal) = &state.refusal {
                <p class="notice" role="alert" id="lab-refusal">{ format!("That change was not made: {refusal}.") }</p>
            }
            <div class="tool-columns">
                <div class="col">
                    <DiagramEditor state={state.clone()} analysis={analysis.clone()} send={SendProp(send.clone())} />
                </div>
                <div class="col">
                    <AnalyticCard analysis={analysis.clone()} />
                </div>
            </div>
            <SimulationCard state={state.clone()} analysis={analysis.clone()} slo={slo}
                job_state={job.state.clone()} start={job.start.clone()} cancel={job.cancel.clone()}
                send={SendProp(send.clone())} />
            <BudgetCard state={state.clone()} slo={slo} slo_error={slo_error} palette={palette.clone()} report={job.state.output().map(|r| Rc::new(r.clone()))}
                send={SendProp(send.clone())} />
            <IncidentsCard state={state.clone()} send={SendProp(send.clone())} />
            <LabChecks report={job.state.output().map(|r| Rc::new(r.clone()))} />
            <ShareBar title="Availability lab" slug={SLUG} query={state.to_query()} />
        </div>
    }
}

/// A dispatcher as a prop: compared by identity.
#[derive(Clone)]
struct SendProp(Send);

impl PartialEq for SendProp {
    fn eq(&self, other: &Self) -> bool {
        Rc::ptr_eq(&self.0, &other.0)
    }
}

#[derive(Properties, PartialEq)]
struct ToolbarProps {
    state: LabState,
    send: SendProp,
}

#[component]
fn Toolbar(props: &ToolbarProps) -> Html {
    let send = props.send.0.clone();
    let import_error = use_state(|| None::<String>);
    let on_preset = {
        let send = send.clone();
        Callback::from(move |slug: String| send(LabEvent::LoadPreset(slug)))
    };
    let undo = {
        let send = send.clone();
        Callback::from(move |_: MouseEvent| send(LabEvent::Undo))
    };
    let redo = {
        let send = send.clone();
        Callback::from(move |_: MouseEvent| send(LabEvent::Redo))
    };
    let export = {
        let diagram = props.state.diagram.clone();
        Callback::from(move |_: MouseEvent| download_json(&diagram))
    };
    let on_import = {
        let send = send.clone();
        let import_error = import_error.clone();
        Callback::from(move |e: Event| {
            let input: Option<web_sys::HtmlInputElement> = e.target_dyn_into();
            let Some(file) = input
                .as_ref()
                .and_then(|i| i.files())
                .and_then(|f| f.get(0))
            else {
                return;
            };
            let send = send.clone();
            let import_error = import_error.clone();
            wasm_bindgen_futures::spawn_local(async move {
                let text = wasm_bindgen_futures::JsFuture::from(file.text()).await;
                let result = text
                    .ok()
                    .and_then(|t| t.as_string())
                    .ok_or_else(|| "the file could not be read".to_string())
                    .and_then(|t| {
                        serde_json::from_str::<Diagram>(&t)
                            .map_err(|e| format!("not a diagram: {e}"))
                    });
                match result {
                    Ok(diagram) => {
                        import_error.set(None);
                        send(LabEvent::Import(diagram));
                    }
                    Err(message) => import_error.set(Some(message)),
                }
            });
            if let Some(input) = input {
                input.set_value("");
            }
        })
    };
    let options: Vec<(String, String)> = presets::all()
        .iter()
        .map(|p| (p.slug.to_string(), p.name.to_string()))
        .chain(std::iter::once((
            String::new(),
            "— edited diagram —".to_string(),
        )))
        .collect();
    let blurb = props
        .state
        .preset
        .as_deref()
        .and_then(presets::find)
        .map(|p| p.blurb);
    html! {
        <section class="card toolbar" aria-label="Diagram">
            <div class="toolbar-row">
                <Select id="lab-preset" label="Preset" options={options}
                    selected={props.state.preset.clone().unwrap_or_default()} onchange={on_preset} />
                <div class="button-row">
                    <button type="button" class="secondary" id="lab-undo" onclick={undo} disabled={!props.state.can_undo()}>{ "↶ Undo" }</button>
                    <button type="button" class="secondary" id="lab-redo" onclick={redo} disabled={!props.state.can_redo()}>{ "↷ Redo" }</button>
                    <button type="button" class="secondary" id="lab-export" onclick={export}>{ "Export JSON" }</button>
                    <input type="file" id="lab-import" class="visually-hidden" accept=".json,application/json" onchange={on_import} />
                    <label class="button secondary" for="lab-import">{ "Import JSON" }</label>
                </div>
            </div>
            if let Some(blurb) = blurb {
                <p class="muted">{ blurb }</p>
            }
            if let Some(message) = &*import_error {
                <p class="field-error" role="alert" id="lab-import-error">{ format!("Import failed: {message}") }</p>
            }
        </section>
    }
}

fn download_json(diagram: &Diagram) {
    let Ok(json) = serde_json::to_string_pretty(diagram) else {
        return;
    };
    let parts = js_sys::Array::of1(&json.into());
    let options = web_sys::BlobPropertyBag::new();
    options.set_type("application/json");
    let Ok(blob) = web_sys::Blob::new_with_str_sequence_and_options(&parts, &options) else {
        return;
    };
    let Ok(url) = web_sys::Url::create_object_url_with_blob(&blob) else {
        return;
    };
    let document = gloo_utils::document();
    if let Ok(a) = document.create_element("a") {
        let _ = a.set_attribute("href", &url);
        let _ = a.set_attribute("download", "sdlab-diagram.json");
        if let Ok(a) = wasm_bindgen::JsCast::dyn_into::<web_sys::HtmlElement>(a) {
            a.click();
        }
    }
    let _ = web_sys::Url::revoke_object_url(&url);
}

#[derive(Properties, PartialEq)]
struct EditorProps {
    state: LabState,
    analysis: Rc<Result<Analysis, String>>,
    send: SendProp,
}

fn kind_badge(node: &Node) -> String {
    match node {
        Node::KOfN { k, children, .. } => format!("{k} of {}", children.len()),
        Node::SharedFate { .. } => "shared fate".into(),
        Node::Standby { .. } => "active-passive".into(),
        other => other.kind().to_string(),
    }
}

#[component]
fn DiagramEditor(props: &EditorProps) -> Html {
    let d = &props.state.diagram;
    let send = props.send.0.clone();
    let shares: Vec<(Vec<usize>, f64)> = match &*props.analysis {
        Ok(a) => a.blocks.iter().map(|b| (b.path.clone(), b.share)).collect(),
        Err(_) => Vec::new(),
    };
    fn rows(
        d: &Diagram,
        node: &Node,
        path: &mut Vec<usize>,
        state: &LabState,
        shares: &[(Vec<usize>, f64)],
        send: &Send,
        out: &mut Vec<Html>,
    ) {
        let selected = state.selected == *path;
        let collapsed = state.collapsed.contains(path);
        let has_children = !node.children().is_empty();
        let share = shares
            .iter()
            .find(|(p, _)| p == path)
            .map_or(0.0, |(_, s)| *s);
        let select = {
            let send = send.clone();
            let p = path.clone();
            Callback::from(move |_: MouseEvent| send(LabEvent::Select(p.clone())))
        };
        let toggle = {
            let send = send.clone();
            let p = path.clone();
            Callback::from(move |_: MouseEvent| send(LabEvent::ToggleCollapsed(p.clone())))
        };
        let id = format!(
            "block-{}",
            path.iter()
                .map(|i| i.to_string())
                .collect::<Vec<_>>()
                .join("-")
        );
        let label = d.label_of(node);
        out.push(html! {
            <li class={classes!("block-row", selected.then_some("selected"))} style={format!("--depth: {}", path.len())}>
                if has_children {
                    <button type="button" class="twisty" onclick={toggle}
                        aria-label={format!("{} {label}", if collapsed { "Expand" } else { "Collapse" })}
                        aria-expanded={(!collapsed).to_string()}>{ if collapsed { "▸" } else { "▾" } }</button>
                } else {
                    <span class="twisty" aria-hidden="true"></span>
                }
                <button type="button" class="block-select" id={id} onclick={select} aria-pressed={selected.to_string()}>
                    <span class="block-label">{ label }</span>
                    <span class={classes!("badge", "kind", node.kind().replace(' ', "-"))}>{ kind_badge(node) }</span>
                </button>
                <span class="share" title="Share of the system's downtime this block accounts for">
                    <span class="share-bar" style={format!("width: {:.0}%", share * 100.0)}></span>
                    <span class="share-text">{ if share >= 0.0005 { format!("{:.1}%", share * 100.0) } else { "<0.1%".into() } }</span>
                </span>
            </li>
        });
        if !collapsed {
            for (i, child) in node.children().iter().enumerate() {
                path.push(i);
                rows(d, child, path, state, shares, send, out);
                path.pop();
            }
        }
    }
    let mut out = Vec::new();
    rows(
        d,
        &d.root,
        &mut Vec::new(),
        &props.state,
        &shares,
        &send,
        &mut out,
    );
    html! {
        <section class="card" aria-labelledby="lab-diagram-title">
            <h2 id="lab-diagram-title">{ "Block diagram" }</h2>
            <p class="muted small">{ "Select a block to edit it. The bar is the block's share of the system's downtime: what would be saved if it never failed." }</p>
            <ul class="block-tree" aria-label="Blocks">{ for out }</ul>
            <BlockEditor state={props.state.clone()} send={props.send.clone()} />
        </section>
    }
}

#[derive(Properties, PartialEq)]
struct BlockEditorProps {
    state: LabState,
    send: SendProp,
}

fn number_field(
    id: String,
    label: &str,
    value: f64,
    suffix: &str,
    (min, max): (f64, f64),
    send: &Send,
    to_event: impl Fn(f64) -> LabEvent + 'static,
) -> Html {
    let send = send.clone();
    let (validate, commit) = field_callbacks(
        move |t| parse_number(t, min, max),
        move |v| send(to_event(v)),
    );
    html! {
        <CommitField id={id} label={label.to_string()} value={format_grouped(value, 6).replace(',', "")}
            suffix={suffix.to_string()} {validate} {commit} />
    }
}

fn component_fields(c: &Component, send: &Send) -> Html {
    let id = c.id.clone();
    let field = |f: ComponentField| {
        let id = id.clone();
        move |v: f64| LabEvent::SetComponent {
            id: id.clone(),
            field: f,
            value: v,
        }
    };
    let (name_validate, name_commit) = {
        let send = send.clone();
        let id = id.clone();
        field_callbacks(non_empty, move |name| {
            send(LabEvent::RenameComponent {
                id: id.clone(),
                name,
            })
        })
    };
    let (a_validate, a_commit) = {
        let send = send.clone();
        let id = id.clone();
        field_callbacks(
            |t| {
                let a = Availability::parse_percent(t)?;
                if a.unavailability() <= 0.0 || a.unavailability() >= 1.0 {
                    return Err("must be above 0% and below 100%".to_string());
                }
                Ok(a.unavailability())
            },
            move |u| {
                send(LabEvent::SetComponentUnavailability {
                    id: id.clone(),
                    unavailability: u,
                })
            },
        )
    };
    let shape_token = match c.repair {
        Shape::Exponential => "exponential".to_string(),
        Shape::Lognormal { .. } => "lognormal".to_string(),
        Shape::Weibull { .. } => "weibull".to_string(),
    };
    let on_shape = {
        let send = send.clone();
        let id = id.clone();
        Callback::from(move |token: String| {
            let shape = match token.as_str() {
                "lognormal" => Shape::Lognormal { cv: 1.0 },
                "weibull" => Shape::Weibull { k: 0.7 },
                _ => Shape::Exponential,
            };
            send(LabEvent::SetRepair {
                id: id.clone(),
                shape,
            });
        })
    };
    let u = c.unavailability();
    let prefix = format!("comp-{}", c.id);
    html! {
        <fieldset class="component-fields">
            <legend>{ format!("Component “{}”", c.name) }</legend>
            <CommitField id={format!("{prefix}-name")} label="Name" value={c.name.clone()} validate={name_validate} commit={name_commit} inputmode="text" free_text=true />
            <div class="field-grid">
                { number_field(format!("{prefix}-mtbf"), "MTBF (mean up time)", c.mtbf_hours, "h", (1e-3, 1e9), send, field(ComponentField::MtbfHours)) }
                { number_field(format!("{prefix}-mttr"), "MTTR (repair)", c.mttr_hours, "h", (1e-4, 1e6), send, field(ComponentField::MttrHours)) }
                { number_field(format!("{prefix}-mttd"), "MTTD (detection)", c.mttd_hours, "h", (0.0, 1e6), send, field(ComponentField::MttdHours)) }
                <CommitField id={format!("{prefix}-availability")} label="Availability" suffix="%"
                    value={Availability::from_unavailability(u).map_or(String::new(), |a| a.percent_text())}
                    hint="derived: MTBF ÷ (MTBF + MTTD + MTTR); editing it sets the MTBF" validate={a_validate} commit={a_commit} />
            </div>
            <Select id={format!("{prefix}-repair")} label="Repair-time shape (same mean)" selected={shape_token}
                options={vec![
                    ("exponential".to_string(), "exponential".to_string()),
                    ("lognormal".to_string(), "lognormal (cv 1)".to_string()),
                    ("weibull".to_string(), "Weibull (shape 0.7, heavy tail)".to_string()),
                ]}
                onchange={on_shape} />
        </fieldset>
    }
}

#[component]
fn BlockEditor(props: &BlockEditorProps) -> Html {
    let state = &props.state;
    let send = props.send.0.clone();
    let d = &state.diagram;
    let path = state.selected.clone();
    let Some(node) = d.root.at(&path) else {
        return html! {};
    };
    let add_kind = use_state(|| NewBlock::Component);
    let prefix = format!(
        "edit-{}",
        path.iter()
            .map(|i| i.to_string())
            .collect::<Vec<_>>()
            .join("-")
    );
    let (rename_validate, rename_commit) = {
        let send = send.clone();
        let path = path.clone();
        field_callbacks(non_empty, move |label| {
            send(LabEvent::Rename {
                path: path.clone(),
                label,
            })
        })
    };
    let click = |event: LabEvent| {
        let send = send.clone();
        Callback::from(move |_: MouseEvent| send(event.clone()))
    };
    let on_add_kind = {
        let add_kind = add_kind.clone();
        Callback::from(move |token: String| {
            if let Some(k) = NewBlock::ALL.iter().find(|k| format!("{k:?}") == token) {
                add_kind.set(*k);
            }
        })
    };
    let is_group = node.is_group();
    let specific = match node {
        Node::Unit { component } => d
            .component(component)
            .map_or(html! {}, |c| component_fields(c, &send)),
        Node::KOfN { k, children, .. } => {
            let path = path.clone();
            let n = children.len() as f64;
            number_field(
                format!("{prefix}-k"),
                "k (blocks that must be up)",
                f64::from(*k),
                &format!("of {n}"),
                (1.0, n),
                &send,
                move |v| LabEvent::SetK {
                    path: path.clone(),
                    k: v.round() as u32,
                },
            )
        }
        Node::Standby {
            primary,
            standby,
            switchover_s,
            failover_success,
            failed_failover_hours,
            ..
        } => {
            let f = |field: StandbyField, scale: f64| {
                let path = path.clone();
                move |v: f64| LabEvent::SetStandby {
                    path: path.clone(),
                    field,
                    value: v / scale,
                }
            };
            html! {
                <>
                    <div class="field-grid">
                        { number_field(format!("{prefix}-tau"), "Switch-over time τ", *switchover_s, "s", (0.0, 1e7), &send, f(StandbyField::SwitchoverS, 1.0)) }
                        { number_field(format!("{prefix}-c"), "Failover succeeds", failover_success * 100.0, "%", (0.0, 100.0), &send, f(StandbyField::FailoverSuccess, 100.0)) }
                        { number_field(format!("{prefix}-df"), "Outage if failover fails", *failed_failover_hours, "h", (0.0, 1e6), &send, f(StandbyField::FailedFailoverHours, 1.0)) }
                    </div>
                    { d.component(primary).map_or(html! {}, |c| component_fields(c, &send)) }
                    { d.component(standby).map_or(html! {}, |c| component_fields(c, &send)) }
                </>
            }
        }
        Node::SharedFate { fate, .. } => d
            .component(fate)
            .map_or(html! {}, |c| component_fields(c, &send)),
        _ => html! {},
    };
    html! {
        <div class="block-editor" aria-label="Selected block">
            <h3>{ format!("Selected: {} ({})", d.label_of(node), node.kind()) }</h3>
            if !matches!(node, Node::Unit { .. }) {
                <CommitField id={format!("{prefix}-label")} label="Label" value={d.label_of(node)} validate={rename_validate} commit={rename_commit} inputmode="text" free_text=true />
            }
            { specific }
            <div class="button-row">
                <button type="button" class="secondary" id="lab-move-up" onclick={click(LabEvent::MoveUp(path.clone()))} disabled={path.last().is_none_or(|&i| i == 0)}>{ "↑ Move up" }</button>
                <button type="button" class="secondary" id="lab-move-down" onclick={click(LabEvent::MoveDown(path.clone()))} disabled={path.is_empty()}>{ "↓ Move down" }</button>
                <button type="button" class="secondary danger" id="lab-remove" onclick={click(LabEvent::Remove(path.clone()))} disabled={path.is_empty()}>{ "Remove" }</button>
            </div>
            if is_group {
                <div class="add-row">
                    <Select id="lab-add-kind" label="Add to this group" selected={format!("{:?}", *add_kind)}
                        options={NewBlock::ALL.iter().map(|k| (format!("{k:?}"), k.name().to_string())).collect::<Vec<_>>()}
                        onchange={on_add_kind} />
                    <button type="button" id="lab-add" onclick={click(LabEvent::Add { parent: path.clone(), kind: *add_kind })}>{ "Add" }</button>
                </div>
            }
        </div>
    }
}

#[derive(Properties, PartialEq)]
struct AnalyticProps {
    analysis: Rc<Result<Analysis, String>>,
}

#[component]
fn AnalyticCard(props: &AnalyticProps) -> Html {
    let a = match &*props.analysis {
        Ok(a) => a,
        Err(message) => {
            return html! {
                <section class="card" aria-labelledby="lab-analytic-title">
                    <h2 id="lab-analytic-title">{ "Availability" }</h2>
                    <p class="field-error" role="alert">{ message.clone() }</p>
                </section>
            };
        }
    };
    let u = a.unavailability;
    let year_s = 365.0 * 86_400.0;
    let mut blocks: Vec<_> = a.blocks.iter().filter(|b| !b.path.is_empty()).collect();
    // Where a block sits, so repeated names (two regions' "Multi-AZ database") can be told apart.
    let parent_of = |path: &[usize]| {
        let parent = &path[..path.len().saturating_sub(1)];
        a.blocks
            .iter()
            .find(|p| p.path == parent)
            .map_or(String::new(), |p| p.label.clone())
    };
    blocks.sort_by(|x, y| y.share.total_cmp(&x.share));
    html! {
        <section class="card" aria-labelledby="lab-analytic-title">
            <h2 id="lab-analytic-title">{ "Availability (analytic)" }</h2>
            <p class="headline" id="lab-availability">
                <strong>{ percent(u) }</strong>
                <span>{ nines_text(u) }</span>
                <span class="muted">{ format!("U = {}", format_sci(u, 4)) }</span>
            </p>
            <table class="budget compact-table" id="lab-downtime">
                <tbody>
                    <tr><th scope="row">{ "Downtime per year (365 d)" }</th><td id="lab-per-year">{ format_duration(u * year_s) }</td></tr>
                    <tr><th scope="row">{ "per 30-day month" }</th><td>{ format_duration(u * 30.0 * 86_400.0) }</td></tr>
                    <tr><th scope="row">{ "per week" }</th><td>{ format_duration(u * 7.0 * 86_400.0) }</td></tr>
                    if let Some(f) = a.frequency {
                        <tr><th scope="row">{ "System outages per year" }</th><td>{ format!("{:.3}", f.failures_per_year) }</td></tr>
                        <tr><th scope="row">{ "System MTBF / MTTR" }</th><td>{ format!("{} / {}", hours(f.mut_hours), hours(f.mdt_hours)) }</td></tr>
                    }
                </tbody>
            </table>
            if a.frequency.is_none() {
                <p class="muted small">{ "Outage frequency and duration are not given analytically for diagrams with a standby pair (switch-overs are not component states); the simulation measures them." }</p>
            }
            <h3>{ "Where the downtime comes from" }</h3>
            <div class="table-scroll" tabindex="0" role="region" aria-label="Nines lost per block">
                <table class="spread" id="lab-impacts">
                    <thead><tr><th scope="col">{ "Block" }</th><th scope="col" class="num">{ "Share" }</th><th scope="col" class="num">{ "If perfect" }</th><th scope="col" class="num">{ "Nines gained" }</th></tr></thead>
                    <tbody>
                        { for blocks.iter().take(12).map(|b| html! {
                            <tr>
                                <th scope="row">{ b.label.clone() }<span class="check-source">{ format!("{} in {}", b.kind, parent_of(&b.path)) }</span></th>
                                <td class="num">{ format!("{:.1}%", b.share * 100.0) }</td>
                                <td class="num">{ percent(b.perfect_u) }</td>
                                <td class="num">{ if b.nines_gain.is_finite() { format!("+{:.2}", b.nines_gain) } else { "all".into() } }</td>
                            </tr>
                        }) }
                    </tbody>
                </table>
            </div>
            <ul class="facts">
                <li>{ "Component availability = MTBF ÷ (MTBF + MTTD + MTTR), with the book's MTBF (mean up time per failure) " }<span class="cite">{ "[derived — the book does not state it]" }</span></li>
                <li>{ "Series: availabilities multiply; parallel: 1 − Π(1 − Aᵢ) " }<span class="cite">{ "[book, ch. 1, “Availability in parallel versus in sequence”]" }</span>{ ". Both assume independent failures, instant failover in parallel, and that every request needs every series block." }</li>
                <li>{ "k-of-n: binomial / Poisson-binomial; standby pairs: first-order switch-over model U₁U₂ + f(1 − U₂)[cτ + (1 − c)D]; blocks used twice (a shared AZ): conditioning on their state " }<span class="cite">{ "[derived]" }</span></li>
                if !a.repeated.is_empty() {
                    <li>{ format!("Shared components, analysed by conditioning: {}.", a.repeated.join(", ")) }</li>
                }
            </ul>
        </section>
    }
}

#[derive(Properties, PartialEq)]
struct SimulationProps {
    state: LabState,
    analysis: Rc<Result<Analysis, String>>,
    slo: Availability,
    job_state: JobState<Report>,
    start: Callback<SimulateJob>,
    cancel: Callback<()>,
    send: SendProp,
}

#[component]
fn SimulationCard(props: &SimulationProps) -> Html {
    let state = &props.state;
    let send = props.send.0.clone();
    let timeline = parse_timeline(&state.timeline_text, state.years);
    let run = {
        let start = props.start.clone();
        let job = SimulateJob {
            diagram: state.diagram.clone(),
            params: SimParams {
                years: state.years,
                seed: state.seed,
                slo: props.slo,
                window_days: state.window.days(),
                timeline_start_days: timeline.clone().ok().flatten(),
            },
        };
        Callback::from(move |_: MouseEvent| start.emit(job.clone()))
    };
    let cancel = props.cancel.reform(|_: MouseEvent| ());
    let new_seed = {
        let send = send.clone();
        Callback::from(move |_: MouseEvent| {
            let mut bytes = [0u8; 8];
            if getrandom::fill(&mut bytes).is_ok() {
                send(LabEvent::SetSeed(u64::from_le_bytes(bytes) % 1_000_000_000));
            }
        })
    };
    let (years_validate, years_commit) = {
        let send = send.clone();
        field_callbacks(
            |t| parse_number(&t.replace(',', ""), 1.0, 1e6),
            move |v| send(LabEvent::SetYears(v.round())),
        )
    };
    let (seed_validate, seed_commit) = {
        let send = send.clone();
        field_callbacks(
            |t| {
                t.trim()
                    .parse::<u64>()
                    .map_err(|_| "enter a whole number ≥ 0".to_string())
            },
            move |v| send(LabEvent::SetSeed(v)),
        )
    };
    let running = matches!(props.job_state, JobState::Running { .. });
    let can_run = props.analysis.is_ok() && timeline.is_ok();
    html! {
        <section class="card sim-card" aria-labelledby="lab-sim-title">
            <h2 id="lab-sim-title">{ "Monte Carlo failure/repair simulation" }</h2>
            <p class="muted small">
                { "Each component alternates between up (exponential, mean MTBF) and down (detection delay + repair of the chosen shape, mean MTTR); \
                   standby pairs switch over, shared zones take their blocks down. Seeded: the same seed gives the same run here, in any browser and in the CLI." }
            </p>
            <div class="field-row">
                <CommitField id="lab-years" label="Simulated years" value={format_grouped(state.years, 0).replace(',', "")} validate={years_validate} commit={years_commit} />
                <CommitField id="lab-seed" label="Seed" value={state.seed.to_string()} validate={seed_validate} commit={seed_commit} inputmode="numeric" />
                <crate::widgets::TextField id="lab-timeline-day" label="Timeline starts on day" inputmode="text"
                    value={state.timeline_text.clone()} error={timeline.clone().err().map(AttrValue::from)}
                    hint="“auto”: the first window with a system outage"
                    oninput={{ let send = send.clone(); Callback::from(move |v: String| send(LabEvent::SetTimeline(v))) }} />
            </div>
            <div class="button-row">
                <button type="button" id="lab-run" onclick={run} disabled={running || !can_run}>{ "Run simulation" }</button>
                <button type="button" class="secondary" id="lab-new-seed" onclick={new_seed} disabled={running}>{ "New seed" }</button>
                if running {
                    <button type="button" class="secondary" id="lab-cancel" onclick={cancel}>{ "Cancel" }</button>
                }
            </div>
            { match &props.job_state {
                JobState::Idle => html! { <p class="muted" id="lab-sim-status">{ "Not run yet: press Run simulation." }</p> },
                JobState::Running { progress, on_main_thread } => html! {
                    <div id="lab-sim-status">
                        <progress max="1" value={progress.to_string()} aria-label="Simulation progress"></progress>
                        <span class="muted">{ format!(" {:.0}%{}", progress * 100.0, if *on_main_thread { " (on the page: workers are unavailable)" } else { "" }) }</span>
                    </div>
                },
                JobState::Failed(message) => html! { <p class="field-error" role="alert" id="lab-sim-status">{ message.clone() }</p> },
                JobState::Done { output, in_worker, elapsed_ms } => html! {
                    <>
                        <SimResults report={Rc::new(output.clone())} />
                        <p class="muted small" id="lab-sim-where">{ format!("{} simulated years in {:.0} ms {}.", format_grouped(output.years, 0), elapsed_ms,
                            if *in_worker { "in a background worker" } else { "on the page, in slices (workers are unavailable here)" }) }</p>
                    </>
                },
            } }
        </section>
    }
}

#[derive(Properties, PartialEq)]
struct SimResultsProps {
    report: Rc<Report>,
}

#[component]
fn SimResults(props: &SimResultsProps) -> Html {
    let r = &props.report;
    let u = r.unavailability;
    let palette = use_palette();
    let histogram = {
        let r = r.clone();
        let palette = palette.clone();
        Callback::from(move |plot: PlotArea| {
            let budget = r.window_budget_hours;
            // Show the bins that hold outages (one empty bin either side), not 1 s to 1 year.
            let counts = &r.histogram_counts;
            let first = counts
                .iter()
                .position(|&c| c > 0)
                .unwrap_or(0)
                .saturating_sub(1);
            let last = counts
                .iter()
                .rposition(|&c| c > 0)
                .map_or(counts.len(), |i| (i + 2).min(counts.len()));
            let (edges, counts) = if first < last && last < r.histogram_edges_hours.len() {
                (&r.histogram_edges_hours[first..=last], &counts[first..last])
            } else {
                (&r.histogram_edges_hours[..], &counts[..])
            };
            let ticks: &[(f64, &str)] = if plot.css_width < 520.0 {
                &[
                    (1.0 / 3_600.0, "1 s"),
                    (1.0 / 60.0, "1 min"),
                    (1.0, "1 h"),
                    (24.0, "1 d"),
                ]
            } else {
                &[
                    (1.0 / 3_600.0, "1 s"),
                    (1.0 / 60.0, "1 min"),
                    (1.0, "1 h"),
                    (24.0, "1 day"),
                    (168.0, "1 week"),
                ]
            };
            let _ = draw_histogram(
                &plot.area,
                &HistogramChart {
                    x_label: "outage duration",
                    y_label: "outages",
                    edges,
                    counts,
                    x_ticks: ticks,
                    highlight_above: (budget > 0.0).then(|| {
                        (
                            budget,
                            format!("whole {}-day budget", r.window_hours / 24.0),
                        )
                    }),
                    palette: &palette,
                    scale: plot.scale,
                },
            );
        })
    };
    let timeline = {
        let r = r.clone();
        let palette = palette.clone();
        Callback::from(move |plot: PlotArea| {
            let max_chars = if plot.css_width < 520.0 { 14 } else { 24 };
            let labels: Vec<String> = r
                .lanes
                .iter()
                .map(|l| {
                    if l.label.chars().count() > max_chars {
                        format!(
                            "{}…",
                            l.label.chars().take(max_chars - 1).collect::<String>()
                        )
                    } else {
                        l.label.clone()
                    }
                })
                .collect();
            let mut lanes: Vec<TimelineLane<'_>> = r
                .lanes
                .iter()
                .zip(&labels)
                .map(|(l, label)| TimelineLane {
                    label,
                    down: &l.down,
                    kind: LaneKind::Component,
                })
                .collect();
            lanes.push(TimelineLane {
                label: "System",
                down: &r.system_lane.down,
                kind: LaneKind::System,
            });
            let _ = draw_timeline(
                &plot.area,
                &TimelineChart {
                    lanes: &lanes,
                    window_hours: r.window_hours,
                    palette: &palette,
                    scale: plot.scale,
                },
            );
        })
    };
    let verdict = if r.agrees {
        "✓ the analytic value lies inside the 95% interval".to_string()
    } else {
        format!(
            "✗ the analytic value lies outside the 95% interval{}",
            r.caveat
                .as_deref()
                .map_or(String::new(), |c| format!(": {c}"))
        )
    };
    html! {
        <div id="lab-sim-results">
            <table class="budget compact-table">
                <tbody>
                    <tr><th scope="row">{ "Simulated availability" }</th>
                        <td id="lab-sim-availability"><strong>{ percent(u.mean) }</strong>
                            <span class="muted">{ format!(" 95% CI {} – {}", percent(u.hi), percent(u.lo)) }</span></td></tr>
                    <tr><th scope="row">{ "Analytic" }</th><td>{ percent(r.analytic_unavailability) }</td></tr>
                    <tr><th scope="row">{ "Agreement" }</th><td class={if r.agrees { "pass-text" } else { "fail-text" }} id="lab-sim-verdict">{ verdict }</td></tr>
                    <tr><th scope="row">{ "System outages observed" }</th><td>{ format_grouped(r.outages as f64, 0) }
                        if r.outages < 30 { <span class="warn-text">{ " — fewer than 30: the interval is rough; simulate more years" }</span> }</td></tr>
                    <tr><th scope="row">{ "System MTBF (mean up time between outages)" }</th><td>{ r.mtbf_hours.map_or("—".into(), hours) }</td></tr>
                    <tr><th scope="row">{ "System MTTR (mean outage)" }</th><td>{ r.mttr_hours.map_or("—".into(), hours) }</td></tr>
                    <tr><th scope="row">{ format!("{}-day windows over budget", r.window_hours / 24.0) }</th>
                        <td>{ format!("{} of {} ({:.2}%), worst {}", format_grouped(r.windows_breached as f64, 0), format_grouped(r.windows as f64, 0),
                            if r.windows > 0 { r.windows_breached as f64 / r.windows as f64 * 100.0 } else { 0.0 }, hours(r.worst_window_downtime_hours)) }</td></tr>
                    <tr><th scope="row">{ "Events simulated" }</th><td>{ format_grouped(r.events as f64, 0) }</td></tr>
                </tbody>
            </table>
            <div class="sim-charts">
                <div>
                    <h3>{ "Outage durations" }</h3>
                    <PlotCanvas id="lab-histogram" height={240} draw={histogram}
                        label={format!("Histogram of {} simulated system outage durations, on a logarithmic time axis.", r.outages)} />
                </div>
                <div>
                    <h3>{ format!("Up/down timeline: days {:.0}–{:.0}", r.timeline_start_hours / 24.0, (r.timeline_start_hours + r.window_hours) / 24.0) }</h3>
                    <PlotCanvas id="lab-timeline" height={timeline_height_css(r.lanes.len() + 1)} draw={timeline}
                        label="Timeline of component and system outages over one simulated window." />
                </div>
            </div>
            if r.caveat.is_some() && r.agrees {
                <p class="muted small">{ format!("Note: {}.", r.caveat.clone().unwrap_or_default()) }</p>
            }
        </div>
    }
}

#[derive(Properties, PartialEq)]
struct BudgetProps {
    state: LabState,
    slo: Availability,
    slo_error: Option<String>,
    palette: sdlab_charts::Palette,
    report: Option<Rc<Report>>,
    send: SendProp,
}

#[component]
fn BudgetCard(props: &BudgetProps) -> Html {
    let send = props.send.0.clone();
    let on_window = {
        let send = send.clone();
        Callback::from(move |token: String| {
            if let Ok(w) = token.parse::<SloWindow>() {
                send(LabEvent::SetWindow(w));
            }
        })
    };
    let window = props.state.window;
    let window_h = window.days() * 24.0;
    let burn = parse_number(&props.state.burn_text, 0.0, 1e6);
    let on_burn = {
        let send = props.send.0.clone();
        Callback::from(move |v: String| send(LabEvent::SetBurnRate(v)))
    };
    html! {
        <section class="card budget-card" aria-labelledby="lab-budget-title">
            <h2 id="lab-budget-title">{ "Error budget" }</h2>
            <div class="field-row">
                <crate::widgets::TextField id="lab-slo" label="SLO" suffix="%" value={props.state.slo_text.clone()}
                    error={props.slo_error.clone().map(AttrValue::from)} oninput={Callback::from(move |v: String| send(LabEvent::SetSlo(v)))} />
                <crate::widgets::TextField id="lab-burn-rate" label="Burn rate" suffix="×" value={props.state.burn_text.clone()}
                    error={burn.clone().err().map(AttrValue::from)} oninput={on_burn} />
                <Select id="lab-window" label="Window" selected={window.to_string()}
                    options={SloWindow::ALL.iter().map(|w| (w.to_string(), w.label().to_string())).collect::<Vec<_>>()}
                    onchange={on_window} />
            </div>
            if props.slo_error.is_some() {
                <p class="stale-note">{ format!("Showing the budget for {}%, the last valid SLO.", props.slo.percent_text()) }</p>
            }
            { {
                let slo = props.slo;
                {
                    let budget = slo::budget_s(slo, window.seconds());
                    html! {
                        <>
                            <p class="headline" id="lab-budget"><strong>{ format_duration(budget) }</strong>
                                <span>{ format!("of downtime per {} window", window.label()) }</span></p>
                            if let Ok(b) = burn {
                                <p id="lab-burn-rate-result">{ format!("At a burn rate of {b}× the whole budget is gone in {}, {:.2}% of it per hour.",
                                    if b > 0.0 { format_duration(slo::exhausted_after_s(window.seconds(), b)) } else { "never".to_string() },
                                    slo::consumed_per_hour_fraction(window.seconds(), b) * 100.0) }</p>
                            }
                            <table class="spread" id="lab-tiers">
                                <thead><tr><th scope="col">{ "Alert tier" }</th><th scope="col" class="num">{ "Burn rate ≥" }</th><th scope="col">{ "Windows (long / short)" }</th><th scope="col">{ "Budget gone in" }</th></tr></thead>
                                <tbody>
                                    { for WORKBOOK_TIERS.iter().map(|t| html! {
                                        <tr>
                                            <th scope="row">{ format!("{}% of budget in {} → {}", t.budget_fraction * 100.0, hours(t.long_hours), t.severity) }</th>
                                            <td class="num">{ format!("{:.1}", t.burn_threshold(window_h)) }</td>
                                            <td>{ format!("{} / {}", hours(t.long_hours), hours(t.short_hours())) }</td>
                                            <td>{ hours(window_h / t.burn_threshold(window_h)) }</td>
                                        </tr>
                                    }) }
                                </tbody>
                            </table>
                            <p class="muted small">{ "Tiers from the Google SRE Workbook, “Alerting on SLOs” (multiwindow, multi-burn-rate): a tier fires when the burn rate b* = x·W/L is exceeded over both its long window L and its short window L/12. Not in the book." }</p>
                            { match &props.report {
                                Some(r) => {
                                    let outages = &r.system_lane.down;
                                    let spent: f64 = outages.iter().map(|(s, e)| e - s).sum();
                                    let tiers = slo::evaluate_tiers(outages, r.window_hours, slo);
                                    let burn = {
                                        let points = slo::burn_down(outages, r.window_hours, slo);
                                        let firings: Vec<(f64, f64, usize)> = tiers
                                            .iter()
                                            .enumerate()
                                            .flat_map(|(i, t)| t.firings.iter().map(move |&(a, b)| (a, b, i)))
                                            .collect();
                                        let window_hours = r.window_hours;
                                        let palette = props.palette.clone();
                                        Callback::from(move |plot: PlotArea| {
                                            let _ = draw_burn_down(
                                                &plot.area,
                                                &BurnDownChart {
                                                    points: &points,
                                                    window_hours,
                                                    firings: &firings,
                                                    tier_labels: &["2%/1h", "5%/6h", "10%/3d"],
                                                    palette: &palette,
                                                    scale: plot.scale,
                                                },
                                            );
                                        })
                                    };
                                    html! {
                                        <div id="lab-burn">
                                            <p>{ format!("Simulated window from day {:.0}: {} outage{}, {} of downtime — {:.0}% of the budget.",
                                                r.timeline_start_hours / 24.0, outages.len(), if outages.len() == 1 { "" } else { "s" }, hours(spent), (spent / (slo.unavailability() * r.window_hours).max(f64::MIN_POSITIVE) * 100.0).abs()) }</p>
                                            <PlotCanvas id="lab-burn-down" height={280} draw={burn}
                                                label="Error budget remaining over the simulated window, with the periods each alert tier fires." />
                                            <ul class="facts">
                                                { for tiers.iter().map(|t| html! {
                                                    <li>{ format!("{}% / {}: {}", t.tier.budget_fraction * 100.0, hours(t.tier.long_hours),
                                                        if t.firings.is_empty() { "never fired".to_string() } else {
                                                            t.firings.iter().map(|(a, b)| format!("fired day {:.1} for {}", a / 24.0, hours(b - a))).collect::<Vec<_>>().join("; ")
                                                        }) }</li>
                                                }) }
                                            </ul>
                                        </div>
                                    }
                                }
                                None => html! { <p class="muted">{ "Run the simulation to see a simulated window burn its budget and where each alert tier would fire." }</p> },
                            } }
                        </>
                    }
                }
            } }
        </section>
    }
}

#[derive(Properties, PartialEq)]
struct LabChecksProps {
    report: Option<Rc<Report>>,
}

/// The book's worked examples and Table 1-1, plus the current run's agreement.
fn lab_checks(report: Option<&Report>) -> Vec<Check> {
    const SOURCE: &str =
        "System Design on AWS, ch. 1, “Availability in parallel versus in sequence”";
    let mut checks = Vec::new();
    for (preset, published, label) in [
        (
            presets::book_series(),
            0.998_001,
            "two 99.9% in series: .999 × .999 = .998001",
        ),
        (
            presets::book_parallel(),
            0.999_999,
            "two 99.9% in parallel: 1 − (.001 × .001) = .999999",
        ),
    ] {
        let computed = analyse(&preset.diagram).map_or(f64::NAN, |a| 1.0 - a.unavailability);
        let mut check = Check::numeric(
            label,
            SOURCE,
            sdlab_sim::Figure {
                text: &format!("{published}"),
                value: published,
                unit: "",
                decimals: 6,
            },
            1e-12,
            computed,
        );
        check.computed = format!("{computed:.12}");
        check.tolerance = "± 1e-12".into();
        checks.push(check);
    }
    if let Some(r) = report {
        checks.push(Check {
            label: "this run: analytic availability inside the Monte Carlo 95% CI".into(),
            source: "derived: steady-state insensitivity (reference §4.6)".into(),
            published: percent(r.analytic_unavailability),
            computed: format!(
                "{} – {}",
                percent(r.unavailability.hi),
                percent(r.unavailability.lo)
            ),
            tolerance: "95% CI (batch means, 30 batches)".into(),
            note: r.caveat.clone(),
            pass: r.agrees,
        });
    }
    checks.extend(sdlab_nines::book::table_1_1_checks());
    checks
}

#[component]
fn LabChecks(props: &LabChecksProps) -> Html {
    let presets_job = use_job::<PresetChecksJob>();
    let mut checks = lab_checks(props.report.as_deref());
    if let Some(results) = presets_job.state.output() {
        let at = usize::from(props.report.is_some()) + 2;
        for (k, c) in results.iter().enumerate() {
            checks.insert(
                at + k,
                Check {
                    label: format!(
                        "preset “{}”: analytic inside the Monte Carlo 95% CI",
                        c.name
                    ),
                    source: format!(
                        "derived: steady-state insensitivity (reference §4.6); {} years, seed {}",
                        format_grouped(PRESET_CHECK_YEARS, 0),
                        PRESET_CHECK_SEED
                    ),
                    published: percent(c.analytic_u),
                    computed: format!(
                        "{} – {} ({} outages)",
                        percent(c.hi),
                        percent(c.lo),
                        c.outages
                    ),
                    tolerance: "95% CI (batch means, 30 batches)".into(),
                    note: None,
                    pass: c.agrees,
                },
            );
        }
    }
    let run = {
        let start = presets_job.start.clone();
        Callback::from(move |_: MouseEvent| start.emit(PresetChecksJob::default()))
    };
    let running = matches!(presets_job.state, JobState::Running { .. });
    html! {
        <ChecksPanel id="lab-checks" checks={Rc::new(checks)}>
            <p class="muted">
                { "The book's two worked examples are computed through the same diagram analysis the page uses, within 1e-12; \
                   the Table 1-1 cells as in the downtime tool. The analytic/Monte Carlo agreement of every preset is a native \
                   test with fixed seeds, and can be rerun here." }
            </p>
            <div class="button-row">
                <button type="button" class="secondary" id="lab-check-presets" onclick={run} disabled={running}>
                    { "Check every preset against Monte Carlo" }
                </button>
                { match &presets_job.state {
                    JobState::Running { progress, .. } => html! {
                        <progress max="1" value={progress.to_string()} aria-label="Preset checks progress"></progress>
                    },
                    JobState::Failed(message) => html! { <span class="field-error" role="alert">{ message.clone() }</span> },
                    JobState::Done { elapsed_ms, .. } => html! { <span class="muted small" id="lab-preset-checks-done">{ format!("{} presets checked in {:.0} ms.", presets::all().len(), elapsed_ms) }</span> },
                    JobState::Idle => html! {},
                } }
            </div>
        </ChecksPanel>
    }
}

#[derive(Properties, PartialEq)]
struct IncidentsProps {
    state: LabState,
    send: SendProp,
}

/// Incident-log mode (reference §2.1): availability, MTBF and MTTR worked back from outages.
#[component]
fn IncidentsCard(props: &IncidentsProps) -> Html {
    let s = &props.state;
    let send = props.send.0.clone();
    let on = |f: fn(String) -> LabEvent| {
        let send = send.clone();
        Callback::from(move |v: String| send(f(v)))
    };
    let on_area = |f: fn(String) -> LabEvent| {
        let send = send.clone();
        Callback::from(move |e: InputEvent| send(f(crate::widgets::event_value(&e))))
    };
    let from = incidents::parse_timestamp(&s.incidents_from);
    let to = incidents::parse_timestamp(&s.incidents_to);
    let outages = incidents::parse_intervals(&s.incidents_text);
    let maintenance = incidents::parse_intervals(&s.maintenance_text);
    let line_errors = |r: &Result<Vec<incidents::Interval>, Vec<incidents::LineError>>| match r {
        Ok(_) => None,
        Err(errors) => Some(
            errors
                .iter()
                .take(5)
                .map(|e| format!("line {}: {}", e.line, e.message))
                .collect::<Vec<_>>()
                .join("; "),
        ),
    };
    let outage_error = line_errors(&outages);
    let maintenance_error = line_errors(&maintenance);
    let report = match (&outages, &maintenance, &from, &to) {
        (Ok(o), Ok(m), Ok(f), Ok(t)) => Some(incidents::analyse(o, Some(*f), Some(*t), m)),
        _ => None,
    };
    let days = |secs: f64| format_duration(secs);
    html! {
        <section class="card incidents-card" aria-labelledby="lab-incidents-title">
            <h2 id="lab-incidents-title">{ "From an incident log" }</h2>
            <p class="muted small">{ "Paste outages, one per line as “start, end” in UTC (YYYY-MM-DD HH:MM[:SS]). Overlapping and touching outages are merged, \
                                       maintenance windows are removed from both downtime and total time, and failures and repairs are counted separately." }</p>
            <div class="incidents-grid">
                <div class={classes!("field", outage_error.is_some().then_some("invalid"))}>
                    <label for="lab-incidents">{ "Outages" }</label>
                    <textarea id="lab-incidents" rows="7" value={s.incidents_text.clone()} oninput={on_area(LabEvent::SetIncidents)}
                        aria-invalid={outage_error.is_some().to_string()}
                        aria-describedby={outage_error.as_ref().map(|_| "lab-incidents-error")} />
                    if let Some(e) = &outage_error { <p class="field-error" id="lab-incidents-error" role="alert">{ e.clone() }</p> }
                </div>
                <div>
                    <div class="field-row">
                        <crate::widgets::TextField id="lab-incidents-from" label="Window start (UTC)" inputmode="text"
                            value={s.incidents_from.clone()} error={from.clone().err().map(AttrValue::from)} oninput={on(LabEvent::SetIncidentsFrom)} />
                        <crate::widgets::TextField id="lab-incidents-to" label="Window end (UTC)" inputmode="text"
                            value={s.incidents_to.clone()} error={to.clone().err().map(AttrValue::from)} oninput={on(LabEvent::SetIncidentsTo)} />
                    </div>
                    <div class={classes!("field", maintenance_error.is_some().then_some("invalid"))}>
                        <label for="lab-maintenance">{ "Declared maintenance (excluded)" }</label>
                        <textarea id="lab-maintenance" rows="2" value={s.maintenance_text.clone()} oninput={on_area(LabEvent::SetMaintenance)}
                            aria-invalid={maintenance_error.is_some().to_string()}
                            aria-describedby={maintenance_error.as_ref().map(|_| "lab-maintenance-error")} />
                        if let Some(e) = &maintenance_error { <p class="field-error" id="lab-maintenance-error" role="alert">{ e.clone() }</p> }
                    </div>
                </div>
            </div>
            { match report {
                Some(Ok(r)) => html! {
                    <table class="budget compact-table" id="lab-incident-results">
                        <tbody>
                            <tr><th scope="row">{ "Availability" }</th><td id="lab-incident-availability"><strong>{ format!("{}%", r.availability.percent_text()) }</strong>
                                <span class="muted">{ format!(" {}", nines_text(r.availability.unavailability())) }</span></td></tr>
                            <tr><th scope="row">{ "Downtime / total time" }</th><td>{ format!("{} of {} (maintenance excluded: {})", days(r.downtime_s), days(r.total_s), days(r.maintenance_s)) }</td></tr>
                            <tr><th scope="row">{ "Failures / repairs in the window" }</th><td>{ format!("{} / {}", r.failures, r.repairs) }</td></tr>
                            <tr><th scope="row">{ "MTBF = uptime ÷ failures" }</th><td>{ match (r.mtbf_s, r.uptime_lower_bound_s) {
                                (Some(m), _) => days(m),
                                (None, Some(up)) => format!("> {} (no failure observed)", days(up)),
                                (None, None) => "—".into(),
                            } }</td></tr>
                            <tr><th scope="row">{ "MTTR = downtime ÷ repairs" }</th><td>{ r.mttr_s.map_or("— (no repair completed in the window)".into(), days) }</td></tr>
                            <tr><th scope="row">{ "Merged outages" }</th><td class="small">{ r.outages.iter().map(|o| format!("{} → {}{}",
                                incidents::format_timestamp(o.interval.start_s), incidents::format_timestamp(o.interval.end_s),
                                if o.repair { "" } else { " (open)" })).collect::<Vec<_>>().join("; ") }</td></tr>
                        </tbody>
                    </table>
                },
                Some(Err(message)) => html! { <p class="field-error" role="alert" id="lab-incident-error">{ message }</p> },
                None => html! { <p class="muted">{ "Fix the fields marked above to see the result." }</p> },
            } }
            <p class="muted small">{ "MTBF and MTTR by the book's definitions (ch. 1, “Measuring reliability”): MTBF = (total time − downtime) ÷ failures, MTTR = maintenance time ÷ repairs." }</p>
        </section>
    }
}
