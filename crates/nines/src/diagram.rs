//! Reliability block diagrams: components with MTBF/MTTR/MTTD, and a tree of series, parallel,
//! k-of-n, standby-pair and shared-fate blocks that refer to components by id.
//!
//! # JSON schema (what the page exports and `sdlab nines compose --diagram FILE.json` reads)
//!
//! ```json
//! {
//!   "name": "Two 99.9% components in series",
//!   "components": [
//!     { "id": "a", "name": "Web server", "mtbf_hours": 999, "mttr_hours": 1,
//!       "mttd_hours": 0, "repair": { "kind": "exponential" } }
//!   ],
//!   "root": { "series": { "label": "Request path", "children": [
//!     { "unit": { "component": "a" } },
//!     { "parallel": { "label": "Replicas", "children": [] } },
//!     { "k_of_n": { "label": "Quorum", "k": 2, "children": [] } },
//!     { "standby": { "label": "Database", "primary": "db1", "standby": "db2",
//!                    "switchover_s": 60, "failover_success": 0.99,
//!                    "failed_failover_hours": 0.5 } },
//!     { "shared_fate": { "label": "AZ a", "fate": "az-a", "children": [] } }
//!   ] } }
//! }
//! ```
//!
//! - `mtbf_hours` is the book's MTBF: mean *up* time per failure (ch. 1, "Measuring reliability").
//!   `mttd_hours` (detection) and `mttr_hours` (repair) add up to the mean outage of a component,
//!   so its unavailability is `(MTTD + MTTR) / (MTBF + MTTD + MTTR)` [derived].
//! - `repair.kind` is `exponential`, `lognormal` (with `cv`) or `weibull` (with `k`); the analytic
//!   steady state depends on the mean only, the simulated outage shapes do not.
//! - A component may appear in several places (a shared AZ, a shared database): the analysis then
//!   conditions on it (pivotal decomposition), and the simulation reads one shared state.
//! - `shared_fate` is up when its `fate` component (the AZ or region) is up and all its children are.
//! - `standby` is an active-passive pair: when the active unit fails, service stops for
//!   `switchover_s`; the switch succeeds with probability `failover_success`, otherwise service
//!   stays down for `failed_failover_hours` (a manual failover).

use std::collections::{BTreeMap, BTreeSet};

use sdlab_sim::dist::Shape;
use serde::{Deserialize, Serialize};

/// Most components a diagram may hold, and most that may appear more than once (the analysis
/// costs 2^r for r repeated components).
pub const MAX_COMPONENTS: usize = 64;
pub const MAX_REPEATED: usize = 12;
pub const MAX_DEPTH: usize = 16;

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Component {
    pub id: String,
    pub name: String,
    pub mtbf_hours: f64,
    pub mttr_hours: f64,
    #[serde(default)]
    pub mttd_hours: f64,
    #[serde(default)]
    pub repair: Shape,
}

impl Component {
    pub fn new(id: &str, name: &str, mtbf_hours: f64, mttr_hours: f64) -> Self {
        Component {
            id: id.into(),
            name: name.into(),
            mtbf_hours,
            mttr_hours,
            mttd_hours: 0.0,
            repair: Shape::Exponential,
        }
    }

    /// A component with availability `percent`, a one-hour mean repair and no detection delay.
    pub fn with_availability(id: &str, name: &str, percent: &str) -> Result<Self, String> {
        let a = crate::Availability::parse_percent(percent)?;
        let mttr = 1.0;
        Ok(Component::new(
            id,
            name,
            mtbf_for(a.unavailability(), mttr)?,
            mttr,
        ))
    }

    /// Mean outage: detection plus repair.
    pub fn mean_outage_hours(&self) -> f64 {
        self.mttd_hours + self.mttr_hours
    }

    /// U = (MTTD + MTTR) / (MTBF + MTTD + MTTR) [derived from the book's definitions].
    pub fn unavailability(&self) -> f64 {
        let down = self.mean_outage_hours();
        down / (self.mtbf_hours + down)
    }

    /// Failures per hour in steady state: one per cycle of MTBF + MTTD + MTTR.
    pub fn failure_frequency(&self) -> f64 {
        1.0 / (self.mtbf_hours + self.mean_outage_hours())
    }

    fn validate(&self) -> Result<(), String> {
        let who = format!("component “{}”", self.name);
        if !(self.mtbf_hours.is_finite() && self.mtbf_hours > 0.0 && self.mtbf_hours <= 1e9) {
            return Err(format!("{who}: MTBF must be between 0 and 10⁹ hours"));
        }
        if !(self.mttr_hours.is_finite() && self.mttr_hours > 0.0 && self.mttr_hours <= 1e6) {
            return Err(format!("{who}: MTTR must be between 0 and 10⁶ hours"));
        }
        if !(self.mttd_hours.is_finite() && (0.0..=1e6).contains(&self.mttd_hours)) {
            return Err(format!("{who}: MTTD must be between 0 and 10⁶ hours"));
        }
        self.repair.validate().map_err(|e| format!("{who}: {e}"))
    }
}

/// The MTBF that gives unavailability `u` with mean outage `outage_hours`.
pub fn mtbf_for(u: f64, outage_hours: f64) -> Result<f64, String> {
    if !(u > 0.0 && u < 1.0) {
        return Err("availability must be strictly between 0% and 100% to derive an MTBF".into());
    }
    Ok(outage_hours * (1.0 - u) / u)
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Node {
    Unit {
        component: String,
    },
    Series {
        label: String,
        children: Vec<Node>,
    },
    Parallel {
        label: String,
        children: Vec<Node>,
    },
    KOfN {
        label: String,
        k: u32,
        children: Vec<Node>,
    },
    Standby {
        label: String,
        primary: String,
        standby: String,
        switchover_s: f64,
        failover_success: f64,
        failed_failover_hours: f64,
    },
    SharedFate {
        label: String,
        fate: String,
        children: Vec<Node>,
    },
}

impl Node {
    pub fn children(&self) -> &[Node] {
        match self {
            Node::Series { children, .. }
            | Node::Parallel { children, .. }
            | Node::KOfN { children, .. }
            | Node::SharedFate { children, .. } => children,
            Node::Unit { .. } | Node::Standby { .. } => &[],
        }
    }

    pub fn children_mut(&mut self) -> Option<&mut Vec<Node>> {
        match self {
            Node::Series { children, .. }
            | Node::Parallel { children, .. }
            | Node::KOfN { children, .. }
            | Node::SharedFate { children, .. } => Some(children),
            Node::Unit { .. } | Node::Standby { .. } => None,
        }
    }

    /// Whether blocks can be added to this one.
    pub fn is_group(&self) -> bool {
        matches!(
            self,
            Node::Series { .. }
                | Node::Parallel { .. }
                | Node::KOfN { .. }
                | Node::SharedFate { .. }
        )
    }

    pub fn kind(&self) -> &'static str {
        match self {
            Node::Unit { .. } => "component",
            Node::Series { .. } => "series",
            Node::Parallel { .. } => "parallel",
            Node::KOfN { .. } => "k-of-n",
            Node::Standby { .. } => "standby pair",
            Node::SharedFate { .. } => "shared fate",
        }
    }

    /// The component ids this node refers to itself (not its children's).
    pub fn own_components(&self) -> Vec<&str> {
        match self {
            Node::Unit { component } => vec![component],
            Node::Standby {
                primary, standby, ..
            } => vec![primary, standby],
            Node::SharedFate { fate, .. } => vec![fate],
            _ => vec![],
        }
    }

    /// The node at `path` (child indices from here).
    pub fn at(&self, path: &[usize]) -> Option<&Node> {
        match path.split_first() {
            None => Some(self),
            Some((&i, rest)) => self.children().get(i)?.at(rest),
        }
    }

    pub fn at_mut(&mut self, path: &[usize]) -> Option<&mut Node> {
        match path.split_first() {
            None => Some(self),
            Some((&i, rest)) => self.children_mut()?.get_mut(i)?.at_mut(rest),
        }
    }

    /// Every node with its path, depth first, parents before children.
    pub fn walk(&self) -> Vec<(Vec<usize>, &Node)> {
        fn go<'a>(node: &'a Node, path: &mut Vec<usize>, out: &mut Vec<(Vec<usize>, &'a Node)>) {
            out.push((path.clone(), node));
            for (i, child) in node.children().iter().enumerate() {
                path.push(i);
                go(child, path, out);
                path.pop();
            }
        }
        let mut out = Vec::new();
        go(self, &mut Vec::new(), &mut out);
        out
    }
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Diagram {
    pub name: String,
    pub components: Vec<Component>,
    pub root: Node,
}

impl Diagram {
    pub fn component(&self, id: &str) -> Option<&Component> {
        self.components.iter().find(|c| c.id == id)
    }

    /// The component `id`, to edit; the error is a message for the page.
    pub fn component_mut(&mut self, id: &str) -> Result<&mut Component, String> {
        self.components
            .iter_mut()
            .find(|c| c.id == id)
            .ok_or_else(|| format!("no component “{id}”"))
    }

    /// A block's name as shown: a component block shows its component's name.
    pub fn label_of(&self, node: &Node) -> String {
        match node {
            Node::Unit { component } => self
                .component(component)
                .map_or(component.clone(), |c| c.name.clone()),
            Node::Series { label, .. }
            | Node::Parallel { label, .. }
            | Node::KOfN { label, .. }
            | Node::Standby { label, .. }
            | Node::SharedFate { label, .. } => label.clone(),
        }
    }

    pub fn component_index(&self, id: &str) -> Option<usize> {
        self.components.iter().position(|c| c.id == id)
    }

    /// How many times each component is referenced in the tree.
    pub fn references(&self) -> BTreeMap<&str, usize> {
        let mut counts = BTreeMap::new();
        for (_, node) in self.root.walk() {
            for id in node.own_components() {
                *counts.entry(id).or_insert(0) += 1;
            }
        }
        counts
    }

    /// Checks every rule the analysis and the simulation rely on. The message names the block
    /// or component at fault.
    pub fn validate(&self) -> Result<(), String> {
        if self.components.len() > MAX_COMPONENTS {
            return Err(format!("at most {MAX_COMPONENTS} components"));
        }
        let mut ids = BTreeSet::new();
        for c in &self.components {
            if c.id.trim().is_empty() {
                return Err(format!("component “{}” has an empty id", c.name));
            }
            if !ids.insert(c.id.as_str()) {
                return Err(format!("two components share the id “{}”", c.id));
            }
            c.validate()?;
        }
        let refs = self.references();
        let mut standby_members = BTreeSet::new();
        for (path, node) in self.root.walk() {
            if path.len() > MAX_DEPTH {
                return Err(format!(
                    "the diagram is nested deeper than {MAX_DEPTH} levels"
                ));
            }
            for id in node.own_components() {
                if self.component(id).is_none() {
                    return Err(format!(
                        "a {} block refers to unknown component “{id}”",
                        node.kind()
                    ));
                }
            }
            match node {
                Node::Series { label, children }
                | Node::Parallel { label, children }
                | Node::SharedFate {
                    label, children, ..
                } if children.is_empty() => {
                    return Err(format!("the {} block “{label}” is empty", node.kind()));
                }
                Node::KOfN { label, k, children } if *k == 0 || *k as usize > children.len() => {
                    return Err(format!(
                        "“{label}”: k must be between 1 and the number of blocks ({})",
                        children.len()
                    ));
                }
                Node::Standby {
                    label,
                    primary,
                    standby,
                    switchover_s,
                    failover_success,
                    failed_failover_hours,
                } => {
                    if primary == standby {
                        return Err(format!(
                            "“{label}”: the primary and the standby must differ"
                        ));
                    }
                    for id in [primary, standby] {
                        if refs.get(id.as_str()).copied().unwrap_or(0) > 1 {
                            return Err(format!(
                                "“{label}”: standby member “{id}” may not appear elsewhere in the diagram"
                            ));
                        }
                        standby_members.insert(id.as_str());
                    }
                    if !(switchover_s.is_finite() && (0.0..=1e7).contains(switchover_s)) {
                        return Err(format!(
                            "“{label}”: switchover time must be between 0 and 10⁷ s"
                        ));
                    }
                    if !(failover_success.is_finite() && (0.0..=1.0).contains(failover_success)) {
                        return Err(format!(
                            "“{label}”: failover success must be between 0 and 1"
                        ));
                    }
                    if !(failed_failover_hours.is_finite()
                        && (0.0..=1e6).contains(failed_failover_hours))
                    {
                        return Err(format!(
                            "“{label}”: a failed failover's outage must be between 0 and 10⁶ hours"
                        ));
                    }
                }
                _ => {}
            }
        }
        let repeated = refs.values().filter(|&&n| n > 1).count();
        if repeated > MAX_REPEATED {
            return Err(format!(
                "{repeated} components appear more than once; at most {MAX_REPEATED} can be analysed exactly"
            ));
        }
        Ok(())
    }

    /// A fresh component id not used yet, like `c7`.
    pub fn fresh_id(&self, prefix: &str) -> String {
        (1..)
            .map(|i| format!("{prefix}{i}"))
            .find(|id| self.component(id).is_none())
            .unwrap_or_else(|| prefix.to_string())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::presets;

    #[test]
    fn every_preset_is_valid_and_round_trips_through_json() {
        for preset in presets::all() {
            preset
                .diagram
                .validate()
                .unwrap_or_else(|e| panic!("{}: {e}", preset.name));
            let json = serde_json::to_string(&preset.diagram).expect("serialises");
            let back: Diagram = serde_json::from_str(&json).expect("parses");
            assert_eq!(back, preset.diagram);
        }
    }

    #[test]
    fn validation_names_the_problem() {
        let mut d = presets::book_series().diagram;
        d.components[0].mttr_hours = f64::NAN;
        assert!(d.validate().expect_err("nan").contains("MTTR"));
        let mut d = presets::book_series().diagram;
        d.root = Node::KOfN {
            label: "q".into(),
            k: 3,
            children: vec![Node::Unit {
                component: "a".into(),
            }],
        };
        assert!(d.validate().expect_err("k").contains("k must be"));
        let mut d = presets::book_series().diagram;
        d.root = Node::Unit {
            component: "zz".into(),
        };
        assert!(
            d.validate()
                .expect_err("unknown")
                .contains("unknown component")
        );
    }

    #[test]
    fn mtbf_for_inverts_unavailability() {
        let c = Component::with_availability("a", "A", "99.9").expect("valid");
        assert!((c.unavailability() - 1e-3).abs() < 1e-15);
        assert!(mtbf_for(0.0, 1.0).is_err());
    }
}
