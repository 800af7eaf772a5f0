//! The availability lab as a pure state machine: a block diagram under edit (with undo/redo),
//! the SLO and the simulation settings. The page sends [`LabEvent`]s and draws from the state;
//! analysis and simulation are separate calls (analysis is cheap, simulation runs off the page).

use serde::{Deserialize, Serialize};

use crate::diagram::{Component, Diagram, Node};
use crate::presets;
use crate::slo::SloWindow;
use sdlab_sim::dist::Shape;
use sdlab_sim::history::History;

/// Most undo steps kept.
const HISTORY: usize = 100;

/// Kinds of block the editor can add.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum NewBlock {
    Component,
    Series,
    Parallel,
    KOfN,
    Standby,
    SharedFate,
}

impl NewBlock {
    pub const ALL: [NewBlock; 6] = [
        NewBlock::Component,
        NewBlock::Series,
        NewBlock::Parallel,
        NewBlock::KOfN,
        NewBlock::Standby,
        NewBlock::SharedFate,
    ];

    pub fn name(self) -> &'static str {
        match self {
            NewBlock::Component => "component",
            NewBlock::Series => "series group",
            NewBlock::Parallel => "parallel group",
            NewBlock::KOfN => "k-of-n group",
            NewBlock::Standby => "standby pair",
            NewBlock::SharedFate => "shared-fate group (AZ/region)",
        }
    }
}

/// The kinds a group can be turned into, or wrapped in.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum GroupKind {
    Series,
    Parallel,
    KOfN,
    SharedFate,
}

impl GroupKind {
    pub const ALL: [GroupKind; 4] = [
        GroupKind::Series,
        GroupKind::Parallel,
        GroupKind::KOfN,
        GroupKind::SharedFate,
    ];

    pub fn name(self) -> &'static str {
        match self {
            GroupKind::Series => "series",
            GroupKind::Parallel => "parallel",
            GroupKind::KOfN => "k-of-n",
            GroupKind::SharedFate => "shared fate (AZ/region)",
        }
    }

    /// The kind of this node, if it is a group that can change kind.
    pub fn of(node: &Node) -> Option<GroupKind> {
        match node {
            Node::Series { .. } => Some(GroupKind::Series),
            Node::Parallel { .. } => Some(GroupKind::Parallel),
            Node::KOfN { .. } => Some(GroupKind::KOfN),
            Node::SharedFate { .. } => Some(GroupKind::SharedFate),
            Node::Unit { .. } | Node::Standby { .. } => None,
        }
    }
}

/// Where keyboard focus should go after an edit, so it never drops to the page.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Focus {
    /// The name (or label) field of the block at this path: a block just added.
    BlockName(Vec<usize>),
    /// The row of the block at this path: where a removed block's group is.
    Block(Vec<usize>),
    /// The expand/collapse button of the group at this path.
    Twisty(Vec<usize>),
}

/// A numeric field of a component.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ComponentField {
    MtbfHours,
    MttrHours,
    MttdHours,
}

/// A numeric field of a standby pair.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum StandbyField {
    SwitchoverS,
    FailoverSuccess,
    FailedFailoverHours,
}

#[derive(Clone, Debug, PartialEq)]
pub enum LabEvent {
    LoadPreset(String),
    /// Replaces the diagram (an import); invalid diagrams are refused with a message.
    Import(Diagram),
    Select(Vec<usize>),
    ToggleCollapsed(Vec<usize>),
    Add {
        parent: Vec<usize>,
        kind: NewBlock,
    },
    /// Adds a new block right after the one at `path`, in the same group.
    AddAfter {
        path: Vec<usize>,
        kind: NewBlock,
    },
    Remove(Vec<usize>),
    /// Starts over from one blank component.
    NewBlank,
    /// Turns the group at `path` into another kind of group, keeping its blocks.
    SetGroupKind {
        path: Vec<usize>,
        kind: GroupKind,
    },
    /// Puts the block at `path` inside a new group of this kind.
    Wrap {
        path: Vec<usize>,
        kind: GroupKind,
    },
    RenameDiagram(String),
    MoveUp(Vec<usize>),
    MoveDown(Vec<usize>),
    Rename {
        path: Vec<usize>,
        label: String,
    },
    RenameComponent {
        id: String,
        name: String,
    },
    SetComponent {
        id: String,
        field: ComponentField,
        value: f64,
    },
    /// Sets MTBF so the component has this unavailability, keeping its outage time.
    SetComponentUnavailability {
        id: String,
        unavailability: f64,
    },
    SetRepair {
        id: String,
        shape: Shape,
    },
    SetK {
        path: Vec<usize>,
        k: u32,
    },
    SetStandby {
        path: Vec<usize>,
        field: StandbyField,
        value: f64,
    },
    Undo,
    Redo,
    SetYears(f64),
    SetSeed(u64),
    /// The Simulated years field as typed; a valid whole number of years also sets `years`.
    SetYearsText(String),
    /// The Seed field as typed; a valid seed also sets `seed`.
    SetSeedText(String),
    SetSlo(String),
    SetWindow(SloWindow),
    SetIncidents(String),
    SetIncidentsFrom(String),
    SetIncidentsTo(String),
    SetMaintenance(String),
    SetBurnRate(String),
    SetTimeline(String),
    /// The calendar convention the downtime rows use.
    SetCalendar(crate::Calendar),
}

/// Most years a simulation may cover.
pub const MAX_YEARS: f64 = 1e6;

/// Simulated years: a whole number from 1 to 1,000,000 (thousands separators allowed).
pub fn parse_years(text: &str) -> Result<f64, String> {
    let t = text.trim().replace([',', '_'], "");
    if t.is_empty() {
        return Err("enter a whole number of years, e.g. 1000".into());
    }
    let v: f64 = t.parse().map_err(|_| {
        format!(
            "“{}” is not a number",
            t.chars().take(20).collect::<String>()
        )
    })?;
    if !v.is_finite() || !(1.0..=MAX_YEARS).contains(&v) {
        return Err("must be from 1 to 1,000,000 years".into());
    }
    if v.fract() != 0.0 {
        return Err("whole years only".into());
    }
    Ok(v)
}

/// A seed: a whole number from 0 to 2⁶⁴ − 1.
pub fn parse_seed(text: &str) -> Result<u64, String> {
    text.trim()
        .parse::<u64>()
        .map_err(|_| "enter a whole number ≥ 0".to_string())
}

/// Example incident log (UTC): overlapping and touching outages to show the merging.
pub const EXAMPLE_INCIDENTS: &str = "# start, end (UTC)
2026-03-02 10:15, 2026-03-02 10:52
2026-03-09 22:00, 2026-03-09 22:08
2026-03-09 22:05, 2026-03-09 22:31
2026-03-20 04:40, 2026-03-20 05:10
2026-03-20 05:10, 2026-03-20 05:25";

#[derive(Clone, Debug, PartialEq)]
pub struct LabState {
    /// The diagram under edit: read it freely, change it only through [`LabState::update`],
    /// which keeps the undo history.
    pub diagram: Diagram,
    /// The preset the diagram came from, while unedited.
    pub preset: Option<String>,
    pub selected: Vec<usize>,
    pub collapsed: Vec<Vec<usize>>,
    /// Undo/redo of the diagram: every change to `diagram` goes through it.
    history: History<Diagram>,
    pub years: f64,
    pub seed: u64,
    /// The Simulated years and Seed fields as typed (bad text stops the simulation, with its
    /// message beside the field, while `years` and `seed` keep the last valid values).
    pub years_text: String,
    pub seed_text: String,
    pub slo_text: String,
    /// The last valid SLO, which results keep using while the SLO field holds bad input.
    last_slo: crate::Availability,
    pub window: SloWindow,
    /// The last edit that could not be made, and why.
    pub refusal: Option<String>,
    /// Incident-log mode: pasted outages, the window and maintenance windows.
    pub incidents_text: String,
    pub incidents_from: String,
    pub incidents_to: String,
    pub maintenance_text: String,
    /// A burn rate to explain ("at 14.4× the budget is gone in …").
    pub burn_text: String,
    /// Which simulated window the timeline shows: "worst", "first" or a day.
    pub timeline_text: String,
    /// The calendar convention of the downtime per year, month and week.
    pub calendar: crate::Calendar,
    /// Where focus goes after the last edit, numbered so the same target can be asked twice.
    pub focus: Option<(u64, Focus)>,
}

impl Default for LabState {
    fn default() -> Self {
        LabState::from_preset("web-stack")
    }
}

impl LabState {
    pub fn from_preset(slug: &str) -> Self {
        let preset = presets::find(slug).unwrap_or_else(presets::web_stack);
        LabState {
            diagram: preset.diagram,
            preset: Some(preset.slug.to_string()),
            selected: Vec::new(),
            collapsed: Vec::new(),
            history: History::new(HISTORY),
            years: 1_000.0,
            seed: 1,
            years_text: "1000".into(),
            seed_text: "1".into(),
            slo_text: "99.9".into(),
            last_slo: crate::Availability::parse_percent("99.9")
                .unwrap_or(crate::Availability::PERFECT),
            window: SloWindow::Days30,
            refusal: None,
            incidents_text: EXAMPLE_INCIDENTS.into(),
            incidents_from: "2026-03-01 00:00".into(),
            incidents_to: "2026-03-31 00:00".into(),
            maintenance_text: "2026-03-20 04:00, 2026-03-20 05:00".into(),
            burn_text: "14.4".into(),
            timeline_text: "worst".into(),
            calendar: crate::Calendar::default(),
            focus: None,
        }
    }

    pub fn from_diagram(diagram: Diagram) -> Self {
        LabState {
            diagram,
            preset: None,
            ..LabState::from_preset("web-stack")
        }
    }

    /// The SLO the results use (the typed one, or the last valid one) and the field's message.
    pub fn slo(&self) -> (crate::Availability, Option<String>) {
        match crate::Availability::parse_percent(&self.slo_text) {
            Ok(slo) => (slo, None),
            Err(message) => (self.last_slo, Some(message)),
        }
    }

    fn focus_on(&mut self, target: Focus) {
        let n = self.focus.as_ref().map_or(0, |(n, _)| n + 1);
        self.focus = Some((n, target));
    }

    pub fn can_undo(&self) -> bool {
        self.history.can_undo()
    }

    pub fn can_redo(&self) -> bool {
        self.history.can_redo()
    }

    /// Applies `change` to a copy of the diagram; keeps it (with an undo step) only if the result
    /// is still a valid diagram and differs, otherwise records why not.
    fn edit(&mut self, change: impl FnOnce(&mut Diagram) -> Result<(), String>) {
        // Components no block refers to any more go with the edit that changed something, so
        // re-committing a shown value stays no step even if an import left unused components.
        let unedited = self.diagram.clone();
        let outcome = self.history.apply(&mut self.diagram, |d| {
            change(d)?;
            d.validate()?;
            if *d != unedited {
                drop_unused_components(d);
            }
            Ok(())
        });
        match outcome {
            Ok(true) => {
                self.preset = None;
                self.refusal = None;
            }
            Ok(false) => self.refusal = None,
            Err(message) => self.refusal = Some(message),
        }
    }

    /// Replaces the whole diagram (a preset, an import) as one undo step; none if it is the
    /// diagram already.
    fn replace_diagram(&mut self, diagram: Diagram) {
        // Replacing cannot fail, and whether it was a step changes nothing here.
        let _ = self.history.apply(&mut self.diagram, |d| {
            *d = diagram;
            Ok(())
        });
    }

    pub fn update(&mut self, event: LabEvent) {
        match event {
            LabEvent::LoadPreset(slug) => {
                if let Some(preset) = presets::find(&slug) {
                    self.replace_diagram(preset.diagram);
                    self.preset = Some(preset.slug.to_string());
                    self.selected.clear();
                    self.collapsed.clear();
                    self.refusal = None;
                } else {
                    self.refusal = Some(format!("no preset called “{slug}”"));
                }
            }
            LabEvent::Import(diagram) => match diagram.validate() {
                Ok(()) => {
                    self.replace_diagram(diagram);
                    self.preset = None;
                    self.selected.clear();
                    self.refusal = None;
                }
                Err(message) => self.refusal = Some(format!("import refused: {message}")),
            },
            LabEvent::Select(path) => {
                if self.diagram.root.at(&path).is_some() {
                    self.selected = path;
                }
            }
            LabEvent::ToggleCollapsed(path) => {
                if let Some(i) = self.collapsed.iter().position(|p| *p == path) {
                    self.collapsed.remove(i);
                } else {
                    self.collapsed.push(path.clone());
                }
                self.focus_on(Focus::Twisty(path));
            }
            LabEvent::Add { parent, kind } => {
                let mut added = None;
                self.edit(|d| {
                    let block = new_block(d, kind);
                    let node = d.root.at_mut(&parent).ok_or("no such block")?;
                    let children = node
                        .children_mut()
                        .ok_or("only groups can hold blocks: select a series, parallel, k-of-n or shared-fate group")?;
                    children.push(block);
                    added = Some(children.len() - 1);
                    Ok(())
                });
                if let (Some(i), None) = (added, &self.refusal) {
                    let mut path = parent;
                    path.push(i);
                    self.selected = path.clone();
                    self.focus_on(Focus::BlockName(path));
                }
            }
            LabEvent::AddAfter { path, kind } => {
                let Some((&last, parent)) = path.split_last() else {
                    self.refusal = Some("the top block has no group to add next to it in".into());
                    return;
                };
                let parent = parent.to_vec();
                self.edit(|d| {
                    let block = new_block(d, kind);
                    siblings(d, &parent, last)?.insert(last + 1, block);
                    Ok(())
                });
                if self.refusal.is_none() {
                    let mut path = parent;
                    path.push(last + 1);
                    self.selected = path.clone();
                    self.collapsed.clear();
                    self.focus_on(Focus::BlockName(path));
                }
            }
            LabEvent::NewBlank => {
                let mut d = Diagram {
                    name: "Untitled diagram".into(),
                    components: Vec::new(),
                    root: Node::Series {
                        label: "System".into(),
                        children: Vec::new(),
                    },
                };
                let block = new_block(&mut d, NewBlock::Component);
                if let Some(children) = d.root.children_mut() {
                    children.push(block);
                }
                self.replace_diagram(d);
                self.preset = None;
                self.selected = vec![0];
                self.collapsed.clear();
                self.refusal = None;
                self.focus_on(Focus::BlockName(vec![0]));
            }
            LabEvent::SetGroupKind { path, kind } => {
                self.edit(|d| {
                    let fate = (kind == GroupKind::SharedFate).then(|| new_zone(d));
                    let node = d.root.at_mut(&path).ok_or("no such block")?;
                    if GroupKind::of(node).is_none() {
                        return Err("only a series, parallel, k-of-n or shared-fate group can change kind; wrap a block in a group instead".into());
                    }
                    if GroupKind::of(node) == Some(kind) {
                        return Ok(());
                    }
                    let label = d_label(node);
                    let children = node.children_mut().map(std::mem::take).unwrap_or_default();
                    *node = group_of(kind, label, children, fate);
                    Ok(())
                });
                self.focus_on(Focus::Block(path));
            }
            LabEvent::Wrap { path, kind } => {
                self.edit(|d| {
                    let fate = (kind == GroupKind::SharedFate).then(|| new_zone(d));
                    let node = d.root.at_mut(&path).ok_or("no such block")?;
                    let inner = std::mem::replace(
                        node,
                        Node::Unit {
                            component: String::new(),
                        },
                    );
                    *node = group_of(kind, default_label(kind).into(), vec![inner], fate);
                    Ok(())
                });
                if self.refusal.is_none() {
                    self.selected = path.clone();
                    self.collapsed.clear();
                    self.focus_on(Focus::BlockName(path));
                }
            }
            LabEvent::RenameDiagram(name) => self.edit(|d| {
                d.name = name;
                Ok(())
            }),
            LabEvent::Remove(path) => {
                let Some((&last, parent)) = path.split_last() else {
                    self.refusal = Some(
                        "the top block cannot be removed; load a preset or change its blocks"
                            .into(),
                    );
                    return;
                };
                let mut parent = parent.to_vec();
                let mut last = last;
                // A group left empty goes too (an empty group means nothing), up to the top,
                // which then starts over with one blank component.
                while !parent.is_empty()
                    && self
                        .diagram
                        .root
                        .at(&parent)
                        .is_some_and(|p| p.children().len() == 1)
                {
                    last = parent.pop().unwrap_or(0);
                }
                let emptied = parent.is_empty() && self.diagram.root.children().len() == 1;
                self.edit(|d| {
                    if emptied {
                        let block = new_block(d, NewBlock::Component);
                        let children = d.root.children_mut().ok_or("no such block")?;
                        *children = vec![block];
                        return Ok(());
                    }
                    siblings(d, &parent, last)?.remove(last);
                    Ok(())
                });
                if self.refusal.is_none() {
                    self.collapsed.clear();
                    if emptied {
                        self.selected = vec![0];
                        self.focus_on(Focus::BlockName(vec![0]));
                    } else {
                        self.selected = parent.clone();
                        self.focus_on(Focus::Block(parent));
                    }
                }
            }
            LabEvent::MoveUp(path) | LabEvent::MoveDown(path) if path.is_empty() => {}
            LabEvent::MoveUp(path) => self.swap(path, -1),
            LabEvent::MoveDown(path) => self.swap(path, 1),
            LabEvent::Rename { path, label } => self.edit(|d| {
                match d.root.at_mut(&path).ok_or("no such block")? {
                    Node::Unit { component } => {
                        let id = component.clone();
                        let c = d.component_mut(&id)?;
                        c.name = label;
                    }
                    Node::Series { label: l, .. }
                    | Node::Parallel { label: l, .. }
                    | Node::KOfN { label: l, .. }
                    | Node::Standby { label: l, .. }
                    | Node::SharedFate { label: l, .. } => *l = label,
                }
                Ok(())
            }),
            LabEvent::RenameComponent { id, name } => self.edit(|d| {
                let c = d.component_mut(&id)?;
                c.name = name;
                Ok(())
            }),
            LabEvent::SetComponent { id, field, value } => self.edit(|d| {
                let c = d.component_mut(&id)?;
                match field {
                    ComponentField::MtbfHours => c.mtbf_hours = value,
                    ComponentField::MttrHours => c.mttr_hours = value,
                    ComponentField::MttdHours => c.mttd_hours = value,
                }
                Ok(())
            }),
            LabEvent::SetComponentUnavailability { id, unavailability } => self.edit(|d| {
                let c = d.component_mut(&id)?;
                c.mtbf_hours = crate::diagram::mtbf_for(unavailability, c.mean_outage_hours())?;
                Ok(())
            }),
            LabEvent::SetRepair { id, shape } => self.edit(|d| {
                let c = d.component_mut(&id)?;
                c.repair = shape;
                Ok(())
            }),
            LabEvent::SetK { path, k } => self.edit(|d| match d.root.at_mut(&path) {
                Some(Node::KOfN { k: old, .. }) => {
                    *old = k;
                    Ok(())
                }
                _ => Err("not a k-of-n group".into()),
            }),
            LabEvent::SetStandby { path, field, value } => {
                self.edit(|d| match d.root.at_mut(&path) {
                    Some(Node::Standby {
                        switchover_s,
                        failover_success,
                        failed_failover_hours,
                        ..
                    }) => {
                        match field {
                            StandbyField::SwitchoverS => *switchover_s = value,
                            StandbyField::FailoverSuccess => *failover_success = value,
                            StandbyField::FailedFailoverHours => *failed_failover_hours = value,
                        }
                        Ok(())
                    }
                    _ => Err("not a standby pair".into()),
                })
            }
            LabEvent::Undo => {
                if self.history.undo(&mut self.diagram) {
                    self.after_history_move();
                }
            }
            LabEvent::Redo => {
                if self.history.redo(&mut self.diagram) {
                    self.after_history_move();
                }
            }
            LabEvent::SetYears(years) => {
                self.years = years;
                self.years_text = format!("{years}");
            }
            LabEvent::SetSeed(seed) => {
                self.seed = seed;
                self.seed_text = seed.to_string();
            }
            LabEvent::SetYearsText(text) => {
                if let Ok(years) = parse_years(&text) {
                    self.years = years;
                }
                self.years_text = text;
            }
            LabEvent::SetSeedText(text) => {
                if let Ok(seed) = parse_seed(&text) {
                    self.seed = seed;
                }
                self.seed_text = text;
            }
            LabEvent::SetSlo(text) => {
                if let Ok(slo) = crate::Availability::parse_percent(&text) {
                    self.last_slo = slo;
                }
                self.slo_text = text;
            }
            LabEvent::SetWindow(window) => self.window = window,
            LabEvent::SetIncidents(text) => self.incidents_text = text,
            LabEvent::SetIncidentsFrom(text) => self.incidents_from = text,
            LabEvent::SetIncidentsTo(text) => self.incidents_to = text,
            LabEvent::SetMaintenance(text) => self.maintenance_text = text,
            LabEvent::SetBurnRate(text) => self.burn_text = text,
            LabEvent::SetTimeline(text) => self.timeline_text = text,
            LabEvent::SetCalendar(calendar) => self.calendar = calendar,
        }
    }

    fn after_history_move(&mut self) {
        self.preset = presets::all()
            .into_iter()
            .find(|p| p.diagram == self.diagram)
            .map(|p| p.slug.to_string());
        if self.diagram.root.at(&self.selected).is_none() {
            self.selected.clear();
        }
        self.refusal = None;
    }

    fn swap(&mut self, path: Vec<usize>, delta: isize) {
        let Some((&last, parent)) = path.split_last() else {
            return;
        };
        let parent = parent.to_vec();
        let target = last as isize + delta;
        let mut moved = false;
        self.edit(|d| {
            let children = d
                .root
                .at_mut(&parent)
                .and_then(Node::children_mut)
                .ok_or("no such block")?;
            if target < 0 || target as usize >= children.len() || last >= children.len() {
                return Ok(());
            }
            children.swap(last, target as usize);
            moved = true;
            Ok(())
        });
        if moved {
            let mut path = parent;
            path.push(target as usize);
            self.selected = path;
        }
    }
}

/// Drops the components no block refers to.
fn drop_unused_components(d: &mut Diagram) {
    let used: Vec<String> = d.references().keys().map(|s| s.to_string()).collect();
    d.components.retain(|c| used.contains(&c.id));
}

/// A new block of `kind`, with fresh components added to the diagram as needed.
/// The blocks of the group at `parent`, which must hold a block at `index`.
fn siblings<'a>(
    d: &'a mut Diagram,
    parent: &[usize],
    index: usize,
) -> Result<&'a mut Vec<Node>, String> {
    d.root
        .at_mut(parent)
        .and_then(Node::children_mut)
        .filter(|children| index < children.len())
        .ok_or_else(|| "no such block".to_string())
}

fn new_zone(d: &mut Diagram) -> String {
    let fate = d.fresh_id("z");
    d.components.push(Component::new(
        &fate,
        &format!("Zone {}", &fate[1..]),
        17_520.0,
        3.0,
    ));
    fate
}

fn d_label(node: &Node) -> String {
    match node {
        Node::Series { label, .. }
        | Node::Parallel { label, .. }
        | Node::KOfN { label, .. }
        | Node::SharedFate { label, .. }
        | Node::Standby { label, .. } => label.clone(),
        Node::Unit { .. } => String::new(),
    }
}

fn default_label(kind: GroupKind) -> &'static str {
    match kind {
        GroupKind::Series => "Series group",
        GroupKind::Parallel => "Parallel group",
        GroupKind::KOfN => "k-of-n group",
        GroupKind::SharedFate => "Availability zone",
    }
}

/// A group of `kind` around `children`; a k-of-n group asks for a majority.
fn group_of(kind: GroupKind, label: String, children: Vec<Node>, fate: Option<String>) -> Node {
    match kind {
        GroupKind::Series => Node::Series { label, children },
        GroupKind::Parallel => Node::Parallel { label, children },
        GroupKind::KOfN => Node::KOfN {
            label,
            k: (children.len() as u32 / 2 + 1)
                .min(children.len() as u32)
                .max(1),
            children,
        },
        GroupKind::SharedFate => Node::SharedFate {
            label,
            fate: fate.unwrap_or_default(),
            children,
        },
    }
}

fn new_block(d: &mut Diagram, kind: NewBlock) -> Node {
    let component = |d: &mut Diagram, name: &str| {
        let id = d.fresh_id("c");
        d.components.push(Component::new(
            &id,
            &format!("{name} {}", &id[1..]),
            4_380.0,
            1.0,
        ));
        id
    };
    match kind {
        NewBlock::Component => Node::Unit {
            component: component(d, "Component"),
        },
        NewBlock::Series => Node::Series {
            label: "Series group".into(),
            children: vec![Node::Unit {
                component: component(d, "Component"),
            }],
        },
        NewBlock::Parallel => Node::Parallel {
            label: "Parallel group".into(),
            children: vec![
                Node::Unit {
                    component: component(d, "Replica"),
                },
                Node::Unit {
                    component: component(d, "Replica"),
                },
            ],
        },
        NewBlock::KOfN => Node::KOfN {
            label: "2 of 3".into(),
            k: 2,
            children: (0..3)
                .map(|_| Node::Unit {
                    component: component(d, "Replica"),
                })
                .collect(),
        },
        NewBlock::Standby => Node::Standby {
            label: "Standby pair".into(),
            primary: component(d, "Primary"),
            standby: component(d, "Standby"),
            switchover_s: 60.0,
            failover_success: 0.99,
            failed_failover_hours: 0.5,
        },
        NewBlock::SharedFate => {
            let fate = new_zone(d);
            Node::SharedFate {
                label: "Availability zone".into(),
                fate,
                children: vec![Node::Unit {
                    component: component(d, "Component"),
                }],
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn add_remove_move_and_undo_redo() {
        let mut s = LabState::from_preset("book-series");
        let original = s.diagram.clone();
        s.update(LabEvent::Add {
            parent: vec![],
            kind: NewBlock::Parallel,
        });
        assert_eq!(s.diagram.root.children().len(), 3);
        assert_eq!(s.selected, vec![2]);
        assert_eq!(s.preset, None);
        assert_eq!(s.diagram.components.len(), 4);
        s.update(LabEvent::MoveUp(vec![2]));
        assert_eq!(s.selected, vec![1]);
        assert!(matches!(
            s.diagram.root.children()[1],
            Node::Parallel { .. }
        ));
        s.update(LabEvent::Remove(vec![1]));
        assert_eq!(s.diagram.root.children().len(), 2);
        assert_eq!(
            s.diagram.components.len(),
            2,
            "orphaned components are dropped"
        );
        s.update(LabEvent::Undo);
        assert_eq!(s.diagram.root.children().len(), 3);
        s.update(LabEvent::Undo);
        s.update(LabEvent::Undo);
        assert_eq!(s.diagram, original);
        assert_eq!(s.preset.as_deref(), Some("book-series"));
        s.update(LabEvent::Redo);
        assert_eq!(s.diagram.root.children().len(), 3);
    }

    #[test]
    fn edits_that_would_break_the_diagram_are_refused_with_a_reason() {
        let mut s = LabState::from_preset("quorum");
        let before = s.diagram.clone();
        s.update(LabEvent::SetK { path: vec![], k: 4 });
        assert_eq!(s.diagram, before);
        assert!(
            s.refusal
                .as_deref()
                .is_some_and(|r| r.contains("k must be"))
        );
        s.update(LabEvent::SetComponent {
            id: "r1".into(),
            field: ComponentField::MttrHours,
            value: -1.0,
        });
        assert!(s.refusal.as_deref().is_some_and(|r| r.contains("MTTR")));
        s.update(LabEvent::Add {
            parent: vec![0],
            kind: NewBlock::Component,
        });
        assert!(
            s.refusal
                .as_deref()
                .is_some_and(|r| r.contains("only groups"))
        );
        s.update(LabEvent::Remove(vec![]));
        assert!(s.refusal.is_some());
        assert_eq!(s.diagram, before);
        assert!(!s.can_undo());
    }

    #[test]
    fn every_new_block_kind_keeps_the_diagram_valid() {
        for kind in NewBlock::ALL {
            let mut s = LabState::from_preset("web-stack");
            s.update(LabEvent::Add {
                parent: vec![],
                kind,
            });
            assert_eq!(s.refusal, None, "{kind:?}");
            s.diagram.validate().expect("valid");
        }
    }

    #[test]
    fn setting_unavailability_keeps_the_outage_time() {
        let mut s = LabState::from_preset("book-parallel");
        s.update(LabEvent::SetComponentUnavailability {
            id: "a".into(),
            unavailability: 1e-2,
        });
        let c = s.diagram.component("a").expect("exists");
        assert!((c.unavailability() - 1e-2).abs() < 1e-15);
        assert_eq!(c.mttr_hours, 1.0);
    }

    #[test]
    fn renames_reach_components_and_groups() {
        let mut s = LabState::from_preset("book-series");
        s.update(LabEvent::Rename {
            path: vec![0],
            label: "Web".into(),
        });
        assert_eq!(
            s.diagram.component("a").map(|c| c.name.as_str()),
            Some("Web")
        );
        s.update(LabEvent::Rename {
            path: vec![],
            label: "Path".into(),
        });
        assert!(matches!(&s.diagram.root, Node::Series { label, .. } if label == "Path"));
    }

    fn set_mtbf(id: &str, value: f64) -> LabEvent {
        LabEvent::SetComponent {
            id: id.into(),
            field: ComponentField::MtbfHours,
            value,
        }
    }

    #[test]
    fn unchanged_and_refused_edits_are_no_steps_and_keep_redo() {
        let mut s = LabState::from_preset("book-series");
        s.update(set_mtbf("a", 500.0));
        s.update(LabEvent::Undo);
        assert!(s.can_redo());
        let shown = s.diagram.component("a").expect("exists").mtbf_hours;
        s.update(set_mtbf("a", shown));
        s.update(set_mtbf("a", -1.0));
        assert!(s.refusal.is_some());
        assert!(!s.can_undo(), "neither edit is a step");
        s.update(LabEvent::Redo);
        assert_eq!(s.diagram.component("a").map(|c| c.mtbf_hours), Some(500.0));
        // Loading the preset the diagram already is changes nothing either.
        let mut fresh = LabState::from_preset("quorum");
        fresh.update(LabEvent::LoadPreset("quorum".into()));
        assert!(!fresh.can_undo());
        fresh.update(LabEvent::LoadPreset("web-stack".into()));
        fresh.update(LabEvent::Undo);
        assert_eq!(fresh.preset.as_deref(), Some("quorum"));
    }

    #[test]
    fn undo_keeps_the_last_hundred_steps() {
        let mut s = LabState::from_preset("book-series");
        for i in 0..(HISTORY + 20) {
            s.update(set_mtbf("a", 1_000.0 + i as f64));
        }
        let mut undone = 0;
        while s.can_undo() {
            s.update(LabEvent::Undo);
            undone += 1;
        }
        assert_eq!(undone, HISTORY);
        assert_eq!(
            s.diagram.component("a").map(|c| c.mtbf_hours),
            Some(1_019.0)
        );
    }

    #[test]
    fn unused_components_go_with_the_first_real_edit_of_an_import() {
        let mut d = presets::book_series().diagram;
        d.components
            .push(Component::new("spare", "Spare", 100.0, 1.0));
        let mut s = LabState::from_preset("book-series");
        s.update(LabEvent::Import(d.clone()));
        assert_eq!(s.diagram, d, "an import is kept as it is");
        s.update(LabEvent::Undo);
        s.update(LabEvent::Redo);
        let shown = s.diagram.component("a").expect("exists").mtbf_hours;
        s.update(set_mtbf("a", shown));
        assert!(
            s.diagram.component("spare").is_some(),
            "no edit, nothing dropped"
        );
        s.update(set_mtbf("a", shown + 1.0));
        assert!(s.diagram.component("spare").is_none());
        s.update(LabEvent::Undo);
        assert_eq!(s.diagram, d);
    }

    #[test]
    fn adding_next_to_a_new_group_makes_siblings_not_nesting() {
        let mut s = LabState::from_preset("book-series");
        let top = s.diagram.root.children().len();
        s.update(LabEvent::Add {
            parent: vec![],
            kind: NewBlock::Parallel,
        });
        assert_eq!(s.selected, vec![top], "the new group is selected");
        s.update(LabEvent::AddAfter {
            path: s.selected.clone(),
            kind: NewBlock::Parallel,
        });
        assert_eq!(
            s.diagram.root.children().len(),
            top + 2,
            "two groups side by side"
        );
        assert_eq!(s.selected, vec![top + 1]);
        assert!(matches!(s.focus, Some((_, Focus::BlockName(ref p))) if *p == vec![top + 1]));
        assert!(s.diagram.validate().is_ok());
    }

    #[test]
    fn a_blank_start_and_removing_everything_leave_one_blank_component() {
        let mut s = LabState::default();
        s.update(LabEvent::NewBlank);
        assert_eq!(s.diagram.root.children().len(), 1);
        assert_eq!(s.diagram.components.len(), 1);
        assert_eq!(s.preset, None);
        assert!(s.can_undo(), "a blank start is one undo step");
        // The root's last child can go: the top starts over with a blank component.
        s.update(LabEvent::Remove(vec![0]));
        assert_eq!(s.refusal, None);
        assert_eq!(s.diagram.root.children().len(), 1);
        assert!(s.diagram.validate().is_ok());
        // A group's only block takes its group with it.
        let mut s = LabState::from_preset("web-stack");
        s.update(LabEvent::Wrap {
            path: vec![0],
            kind: GroupKind::Parallel,
        });
        let before = s.diagram.root.children().len();
        s.update(LabEvent::Remove(vec![0, 0]));
        assert_eq!(s.refusal, None);
        assert_eq!(s.diagram.root.children().len(), before - 1);
        assert_eq!(s.selected, Vec::<usize>::new());
        assert!(matches!(s.focus, Some((_, Focus::Block(ref p))) if p.is_empty()));
    }

    #[test]
    fn a_group_changes_kind_and_a_block_is_wrapped() {
        let mut s = LabState::from_preset("book-series");
        let u_series = crate::analytic::analyse(&s.diagram)
            .expect("valid")
            .unavailability;
        s.update(LabEvent::SetGroupKind {
            path: vec![],
            kind: GroupKind::Parallel,
        });
        assert_eq!(s.refusal, None);
        let u_parallel = crate::analytic::analyse(&s.diagram)
            .expect("valid")
            .unavailability;
        assert!(u_parallel < u_series / 100.0, "{u_parallel} vs {u_series}");
        s.update(LabEvent::SetGroupKind {
            path: vec![],
            kind: GroupKind::KOfN,
        });
        assert!(
            matches!(s.diagram.root, Node::KOfN { k: 2, .. }),
            "{:?}",
            s.diagram.root
        );
        s.update(LabEvent::SetGroupKind {
            path: vec![],
            kind: GroupKind::SharedFate,
        });
        assert!(matches!(s.diagram.root, Node::SharedFate { .. }));
        assert!(s.diagram.validate().is_ok());
        s.update(LabEvent::Wrap {
            path: vec![0],
            kind: GroupKind::Series,
        });
        assert_eq!(s.diagram.root.at(&[0]).map(Node::kind), Some("series"));
        assert_eq!(
            s.diagram.root.at(&[0, 0]).map(Node::kind),
            Some("component")
        );
        assert_eq!(s.selected, vec![0]);
        // A standby pair has no blocks to keep: it cannot change kind, and says so.
        let mut s = LabState::from_preset("web-stack");
        let standby = s
            .diagram
            .root
            .walk()
            .into_iter()
            .find(|(_, n)| matches!(n, Node::Standby { .. }))
            .map(|(p, _)| p)
            .expect("web-stack has a standby pair");
        s.update(LabEvent::SetGroupKind {
            path: standby,
            kind: GroupKind::Series,
        });
        assert!(
            s.refusal.as_deref().is_some_and(|r| r.contains("wrap")),
            "{:?}",
            s.refusal
        );
    }

    #[test]
    fn the_diagram_can_be_renamed() {
        let mut s = LabState::default();
        s.update(LabEvent::RenameDiagram("Checkout".into()));
        assert_eq!(s.diagram.name, "Checkout");
        assert_eq!(s.preset, None);
    }
}
