//! The diagram's editing views: the block tree with each block's share of the downtime, and
//! the editor of the selected block.

use std::rc::Rc;

use sdlab_nines::Availability;
use sdlab_nines::diagram::{Component, Diagram, Node};
use sdlab_nines::lab::{ComponentField, Focus, GroupKind, LabEvent, NewBlock, StandbyField};
use sdlab_sim::dist::Shape;
use sdlab_sim::units::format_grouped;
use yew::prelude::*;

use super::{Send, field_callbacks, path_id};
use crate::widgets::{CommitField, Select, parse_number};

fn group_options() -> Vec<(String, String)> {
    GroupKind::ALL
        .iter()
        .map(|k| (format!("{k:?}"), k.name().to_string()))
        .collect()
}

/// The element a focus request means.
fn focus_id(d: &Diagram, focus: &Focus) -> Option<String> {
    match focus {
        Focus::BlockName(path) => match d.root.at(path)? {
            Node::Unit { component } => Some(format!("comp-{component}-name")),
            _ => Some(format!("edit-{}-label", path_id(path))),
        },
        Focus::Block(path) => Some(format!("block-{}", path_id(path))),
        Focus::Twisty(path) => Some(format!("twisty-{}", path_id(path))),
    }
}

pub(super) fn non_empty(text: &str) -> Result<String, String> {
    let t = text.trim();
    if t.is_empty() {
        Err("enter a name".to_string())
    } else {
        Ok(t.chars().take(80).collect())
    }
}

#[derive(Properties, PartialEq)]
pub(crate) struct EditorProps {
    pub diagram: Rc<Diagram>,
    pub selected: Vec<usize>,
    pub collapsed: Vec<Vec<usize>>,
    /// Each block's share of the system's downtime, by path.
    pub shares: Rc<Vec<(Vec<usize>, f64)>>,
    /// Where focus goes after the last edit.
    pub focus: Option<(u64, Focus)>,
    pub send: Send,
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
pub(crate) fn DiagramEditor(props: &EditorProps) -> Html {
    {
        // After an edit, focus goes where the edit says, never to the page.
        let diagram = props.diagram.clone();
        use_effect_with(props.focus.clone(), move |focus| {
            if let Some(id) = focus.as_ref().and_then(|(_, f)| focus_id(&diagram, f))
                && let Some(el) = gloo_utils::document()
                    .get_element_by_id(&id)
                    .and_then(|e| wasm_bindgen::JsCast::dyn_into::<web_sys::HtmlElement>(e).ok())
            {
                let _ = el.focus();
            }
        });
    }
    let d = &*props.diagram;
    let send = props.send.clone();
    let shares = &props.shares;
    /// What every row needs.
    struct Tree<'a> {
        d: &'a Diagram,
        selected: &'a [usize],
        collapsed: &'a [Vec<usize>],
        shares: &'a [(Vec<usize>, f64)],
        send: &'a Send,
    }
    fn rows(t: &Tree<'_>, node: &Node, path: &mut Vec<usize>, out: &mut Vec<Html>) {
        let Tree {
            d,
            selected,
            collapsed,
            shares,
            send,
        } = *t;
        let is_selected = selected == path.as_slice();
        let is_collapsed = collapsed.contains(path);
        let has_children = !node.children().is_empty();
        let share = shares
            .iter()
            .find(|(p, _)| p == path)
            .map_or(0.0, |(_, s)| *s);
        let select = {
            let send = send.clone();
            let p = path.clone();
            Callback::from(move |_: MouseEvent| send.emit(LabEvent::Select(p.clone())))
        };
        let toggle = {
            let send = send.clone();
            let p = path.clone();
            Callback::from(move |_: MouseEvent| send.emit(LabEvent::ToggleCollapsed(p.clone())))
        };
        let id = format!("block-{}", path_id(path));
        let label = d.label_of(node);
        out.push(html! {
            <li key={id.clone()} class={classes!("block-row", is_selected.then_some("selected"))} style={format!("--depth: {}", path.len())}>
                if has_children {
                    <button type="button" class="twisty" id={format!("twisty-{}", path_id(path))} onclick={toggle}
                        aria-label={format!("{} {label}", if is_collapsed { "Expand" } else { "Collapse" })}
                        aria-expanded={(!is_collapsed).to_string()}>{ if is_collapsed { "▸" } else { "▾" } }</button>
                } else {
                    <span class="twisty" aria-hidden="true"></span>
                }
                <button type="button" class="block-select" id={id} onclick={select} aria-pressed={is_selected.to_string()}>
                    <span class="block-label">{ label }</span>
                    <span class={classes!("badge", "kind", node.kind().replace(' ', "-"))}>{ kind_badge(node) }</span>
                </button>
                <span class="block-share" title="Share of the system's downtime this block accounts for">
                    <span class="block-share-bar" style={format!("width: {:.0}%", share * 100.0)}></span>
                    <span class="block-share-text">{ if share >= 0.0005 { format!("{:.1}%", share * 100.0) } else { "<0.1%".into() } }</span>
                </span>
            </li>
        });
        if !is_collapsed {
            for (i, child) in node.children().iter().enumerate() {
                path.push(i);
                rows(t, child, path, out);
                path.pop();
            }
        }
    }
    let mut out = Vec::new();
    let tree = Tree {
        d,
        selected: &props.selected,
        collapsed: &props.collapsed,
        shares,
        send: &send,
    };
    rows(&tree, &d.root, &mut Vec::new(), &mut out);
    html! {
        <section class="card" aria-labelledby="lab-diagram-title">
            <h2 id="lab-diagram-title">{ "Blocks" }</h2>
            <p class="muted small">{ "Select a block to edit it, in the drawing above or in this list. The bar is the block's share of the system's downtime: what would be saved if it never failed." }</p>
            <ul class="block-tree" aria-label="Blocks">{ for out }</ul>
            <BlockEditor diagram={props.diagram.clone()} selected={props.selected.clone()} send={props.send.clone()} />
        </section>
    }
}

#[derive(Properties, PartialEq)]
struct BlockEditorProps {
    diagram: Rc<Diagram>,
    selected: Vec<usize>,
    send: Send,
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
        move |v| send.emit(to_event(v)),
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
            send.emit(LabEvent::RenameComponent {
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
                send.emit(LabEvent::SetComponentUnavailability {
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
            send.emit(LabEvent::SetRepair {
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
    // Hooks first, before any early return: Yew needs the same hooks in the same order on
    // every render.
    let add_kind = use_state(|| NewBlock::Component);
    let wrap_kind = use_state(|| GroupKind::Parallel);
    let send = props.send.clone();
    let d = &*props.diagram;
    let path = props.selected.clone();
    let Some(node) = d.root.at(&path) else {
        return html! {};
    };
    let prefix = format!("edit-{}", path_id(&path));
    let (rename_validate, rename_commit) = {
        let send = send.clone();
        let path = path.clone();
        field_callbacks(non_empty, move |label| {
            send.emit(LabEvent::Rename {
                path: path.clone(),
                label,
            })
        })
    };
    let click = |event: LabEvent| {
        let send = send.clone();
        Callback::from(move |_: MouseEvent| send.emit(event.clone()))
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
    let on_group_kind = {
        let send = send.clone();
        let path = path.clone();
        Callback::from(move |token: String| {
            if let Some(kind) = GroupKind::ALL.iter().find(|k| format!("{k:?}") == token) {
                send.emit(LabEvent::SetGroupKind {
                    path: path.clone(),
                    kind: *kind,
                });
            }
        })
    };
    let on_wrap_kind = {
        let wrap_kind = wrap_kind.clone();
        Callback::from(move |token: String| {
            if let Some(k) = GroupKind::ALL.iter().find(|k| format!("{k:?}") == token) {
                wrap_kind.set(*k);
            }
        })
    };
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
            <div class="add-row">
                <Select id="lab-add-kind" label="New block" selected={format!("{:?}", *add_kind)}
                    options={NewBlock::ALL.iter().map(|k| (format!("{k:?}"), k.name().to_string())).collect::<Vec<_>>()}
                    onchange={on_add_kind} />
                if is_group {
                    <button type="button" id="lab-add" onclick={click(LabEvent::Add { parent: path.clone(), kind: *add_kind })}>{ "Add inside" }</button>
                }
                if !path.is_empty() {
                    <button type="button" class={if is_group { "secondary" } else { "" }} id="lab-add-after" onclick={click(LabEvent::AddAfter { path: path.clone(), kind: *add_kind })}>{ "Add after" }</button>
                }
            </div>
            <div class="add-row">
                if let Some(kind) = GroupKind::of(node) {
                    <Select id="lab-group-kind" label="Group kind" selected={format!("{kind:?}")}
                        options={group_options()} onchange={on_group_kind} />
                }
                <Select id="lab-wrap-kind" label="Wrap in a new group" selected={format!("{:?}", *wrap_kind)}
                    options={group_options()} onchange={on_wrap_kind} />
                <button type="button" class="secondary" id="lab-wrap" onclick={click(LabEvent::Wrap { path: path.clone(), kind: *wrap_kind })}>{ "Wrap" }</button>
            </div>
        </div>
    }
}
