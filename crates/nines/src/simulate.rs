//! Monte Carlo failure/repair simulation of a block diagram (reference §4): a discrete-event
//! loop over component failures, repairs and standby switch-overs, measured after a warm-up,
//! with a batch-means 95% confidence interval. It is a resumable stepper so a page can run it in
//! slices (with progress and cancel) and the CLI can run it to the end.

use sdlab_sim::events::EventQueue;
use sdlab_sim::rng::Rng;
use sdlab_sim::stats::{self, Estimate, Histogram, TimeSlots};
use serde::{Deserialize, Serialize};

use crate::Availability;
use crate::diagram::{Diagram, Node};

pub const HOURS_PER_YEAR: f64 = sdlab_sim::units::YEAR / 3_600.0;
/// Batches for the confidence interval (reference §4.5: 20–50), shared by every tool.
pub use sdlab_sim::stats::BATCHES;
/// Outage-duration histogram: 1 second to 1 year, 5 bins per decade.
pub const HIST_LO_HOURS: f64 = 1.0 / 3_600.0;
pub const HIST_HI_HOURS: f64 = HOURS_PER_YEAR;
pub const HIST_BINS: usize = 38;
/// Intervals kept per timeline lane.
const MAX_LANE_INTERVALS: usize = 2_000;

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct SimParams {
    pub years: f64,
    pub seed: u64,
    /// The SLO whose per-window budget the run is judged against.
    pub slo: Availability,
    /// The SLO window, and the span of the recorded timeline, in days.
    pub window_days: f64,
    /// Where the recorded timeline starts, in days after warm-up; `None` records the first
    /// window that holds a system outage.
    #[serde(default)]
    pub timeline_start_days: Option<f64>,
}

impl SimParams {
    pub fn validate(&self) -> Result<(), String> {
        if !(self.years.is_finite() && self.years >= 1.0 && self.years <= 1e6) {
            return Err("simulate between 1 and 1,000,000 years".into());
        }
        if !(self.window_days.is_finite() && self.window_days >= 1.0 && self.window_days <= 366.0) {
            return Err("the window must be between 1 and 366 days".into());
        }
        if let Some(d) = self.timeline_start_days
            && !(d.is_finite() && d >= 0.0)
        {
            return Err("the timeline must start on a day ≥ 0".into());
        }
        Ok(())
    }
}

/// Down intervals `(start, end)` in hours from the start of the recorded window.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct Lane {
    pub label: String,
    pub down: Vec<(f64, f64)>,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Report {
    pub years: f64,
    pub seed: u64,
    pub events: u64,
    /// Point estimate and 95% CI of the availability, from batch means.
    pub availability: f64,
    pub ci95: (f64, f64),
    pub unavailability: Estimate,
    pub lag1_autocorrelation: f64,
    pub analytic_unavailability: f64,
    /// Whether the analytic value lies inside the 95% interval.
    pub agrees: bool,
    /// Why the two may differ for this diagram (approximations the analysis makes).
    pub caveat: Option<String>,
    pub outages: u64,
    /// Mean up time between system outages, hours (system MTBF in the book's sense).
    pub mtbf_hours: Option<f64>,
    /// Mean system outage duration, hours.
    pub mttr_hours: Option<f64>,
    /// System outage durations in [`HIST_BINS`] logarithmic bins from [`HIST_LO_HOURS`] to
    /// [`HIST_HI_HOURS`]. The end bins are open: the first also counts outages shorter than
    /// 1 second and the last those longer than a year, so the counts add up to `outages`.
    pub histogram_edges_hours: Vec<f64>,
    pub histogram_counts: Vec<u64>,
    /// Component lanes and the system lane over one window: the first after warm-up that holds
    /// a system outage (or the last window, if none does).
    pub lanes: Vec<Lane>,
    pub system_lane: Lane,
    /// Where that window starts, in hours after warm-up.
    pub timeline_start_hours: f64,
    pub window_hours: f64,
    pub windows: u64,
    pub windows_breached: u64,
    pub worst_window_downtime_hours: f64,
    /// Where the (first) window with the most downtime starts, in hours after warm-up.
    #[serde(default)]
    pub worst_window_start_hours: f64,
    pub window_budget_hours: f64,
}

/// The tree compiled to indices.
enum CNode {
    Unit(usize),
    Series(Vec<CNode>),
    Parallel(Vec<CNode>),
    KOfN(usize, Vec<CNode>),
    Standby(usize),
    Fate(usize, Vec<CNode>),
}

struct Pair {
    members: [usize; 2],
    active: usize,
    serving: bool,
    switching: bool,
    tau_hours: f64,
    success: f64,
    failed_hours: f64,
}

/// What happens at an event: a component fails or is repaired, or a standby pair's switch-over
/// ends. The queue pops simultaneous events in the order they were scheduled.
#[derive(Clone, Copy, Debug, PartialEq)]
enum EventKind {
    Component(usize),
    SwitchDone(usize),
}

pub struct Simulation {
    diagram: Diagram,
    params: SimParams,
    rng: Rng,
    tree: CNode,
    gates: Gates,
    up: Vec<bool>,
    pairs: Vec<Pair>,
    /// Per component: the standby pair it belongs to.
    pair_of: Vec<Option<usize>>,
    queue: EventQueue<EventKind>,
    now: f64,
    warm: f64,
    end: f64,
    system_up: bool,
    down_since: f64,
    events: u64,
    /// System down time per batch, and per SLO window.
    batch_down: TimeSlots,
    window_down: TimeSlots,
    up_time: f64,
    down_time: f64,
    outages: u64,
    hist: Histogram,
    lanes: Vec<Lane>,
    system_lane: Lane,
    /// Start of the window being recorded (absolute hours) and whether a window was kept.
    record_start: f64,
    recorded: bool,
    comp_down_since: Vec<f64>,
    analytic_u: f64,
    caveat: Option<String>,
}

fn compile(node: &Node, diagram: &Diagram, pairs: &mut Vec<Pair>) -> CNode {
    let index = |id: &str| diagram.component_index(id).unwrap_or(0);
    let kids = |children: &[Node], pairs: &mut Vec<Pair>| {
        children
            .iter()
            .map(|c| compile(c, diagram, pairs))
            .collect()
    };
    match node {
        Node::Unit { component } => CNode::Unit(index(component)),
        Node::Series { children, .. } => CNode::Series(kids(children, pairs)),
        Node::Parallel { children, .. } => CNode::Parallel(kids(children, pairs)),
        Node::KOfN { k, children, .. } => CNode::KOfN(*k as usize, kids(children, pairs)),
        Node::SharedFate { fate, children, .. } => CNode::Fate(index(fate), kids(children, pairs)),
        Node::Standby {
            primary,
            standby,
            switchover_s,
            failover_success,
            failed_failover_hours,
            ..
        } => {
            pairs.push(Pair {
                members: [index(primary), index(standby)],
                active: 0,
                serving: true,
                switching: false,
                tau_hours: switchover_s / 3_600.0,
                success: *failover_success,
                failed_hours: *failed_failover_hours,
            });
            CNode::Standby(pairs.len() - 1)
        }
    }
}

/// The system state from scratch. The event loop keeps it incrementally in [`Gates`]; this is the
/// definition, checked against the gates after every event in debug builds.
fn eval(node: &CNode, up: &[bool], pairs: &[Pair]) -> bool {
    match node {
        CNode::Unit(i) => up[*i],
        CNode::Series(c) => c.iter().all(|n| eval(n, up, pairs)),
        CNode::Parallel(c) => c.iter().any(|n| eval(n, up, pairs)),
        CNode::KOfN(k, c) => c.iter().filter(|n| eval(n, up, pairs)).count() >= *k,
        CNode::Standby(p) => pairs[*p].serving,
        CNode::Fate(f, c) => up[*f] && c.iter().all(|n| eval(n, up, pairs)),
    }
}

/// No parent: the root gate.
const ROOT: usize = usize::MAX;

/// One tree node as a gate: up while at least `need` of its children are up.
#[derive(Clone, Copy)]
struct Gate {
    parent: usize,
    need: usize,
    up_children: usize,
    up: bool,
}

/// The tree as counting gates, so an event re-evaluates only the path from the leaf it changed
/// upward, and only as far as states change: a failure inside a redundant group usually stops
/// at the group. Re-evaluating the whole tree on every event was a third of the run time.
struct Gates {
    /// In preorder: the root is gate 0.
    gates: Vec<Gate>,
    /// Per component: the leaves that read it (its units, and the fate of shared-fate groups).
    component_leaves: Vec<Vec<usize>>,
    /// Per standby pair: the leaves that read whether it serves.
    pair_leaves: Vec<Vec<usize>>,
}

impl Gates {
    fn new(tree: &CNode, up: &[bool], pairs: &[Pair]) -> Self {
        let mut gates = Gates {
            gates: Vec::new(),
            component_leaves: vec![Vec::new(); up.len()],
            pair_leaves: vec![Vec::new(); pairs.len()],
        };
        gates.build(tree, ROOT, up, pairs);
        gates
    }

    /// Adds `node` and its subtree under `parent`; returns whether it is up.
    fn build(&mut self, node: &CNode, parent: usize, up: &[bool], pairs: &[Pair]) -> bool {
        let me = self.gates.len();
        self.gates.push(Gate {
            parent,
            need: 0,
            up_children: 0,
            up: false,
        });
        let leaf = |gates: &mut Self, state: bool| {
            gates.gates[me].up = state;
            state
        };
        let (need, children, mut up_children) = match node {
            CNode::Unit(i) => {
                self.component_leaves[*i].push(me);
                return leaf(self, up[*i]);
            }
            CNode::Standby(p) => {
                self.pair_leaves[*p].push(me);
                return leaf(self, pairs[*p].serving);
            }
            CNode::Series(c) => (c.len(), c, 0),
            CNode::Parallel(c) => (1, c, 0),
            CNode::KOfN(k, c) => (*k, c, 0),
            // The fate is one more child that must be up.
            CNode::Fate(f, c) => {
                let fate_up = self.build(&CNode::Unit(*f), me, up, pairs);
                (c.len() + 1, c, usize::from(fate_up))
            }
        };
        for child in children {
            up_children += usize::from(self.build(child, me, up, pairs));
        }
        let state = up_children >= need;
        self.gates[me] = Gate {
            parent,
            need,
            up_children,
            up: state,
        };
        state
    }

    /// Sets a leaf and carries the change up while it changes gates.
    fn set_leaf(&mut self, leaf: usize, mut state: bool) {
        let gates = &mut self.gates;
        if gates[leaf].up == state {
            return;
        }
        gates[leaf].up = state;
        let mut parent = gates[leaf].parent;
        while parent != ROOT {
            let gate = &mut gates[parent];
            if state {
                gate.up_children += 1;
            } else {
                gate.up_children -= 1;
            }
            state = gate.up_children >= gate.need;
            if state == gate.up {
                return;
            }
            gate.up = state;
            parent = gate.parent;
        }
    }

    fn set_component(&mut self, i: usize, state: bool) {
        for k in 0..self.component_leaves[i].len() {
            self.set_leaf(self.component_leaves[i][k], state);
        }
    }

    fn set_pair(&mut self, p: usize, serving: bool) {
        for k in 0..self.pair_leaves[p].len() {
            self.set_leaf(self.pair_leaves[p][k], serving);
        }
    }

    fn system_up(&self) -> bool {
        self.gates[0].up
    }
}

impl Simulation {
    pub fn new(diagram: &Diagram, params: &SimParams) -> Result<Self, String> {
        params.validate()?;
        let analysis = crate::analytic::analyse(diagram)?;
        let mut pairs = Vec::new();
        let tree = compile(&diagram.root, diagram, &mut pairs);
        let n = diagram.components.len();
        let up = vec![true; n];
        let gates = Gates::new(&tree, &up, &pairs);
        let mut pair_of = vec![None; n];
        for (p, pair) in pairs.iter().enumerate() {
            for &m in &pair.members {
                pair_of[m] = Some(p);
            }
        }
        let longest_cycle = diagram
            .components
            .iter()
            .map(|c| c.mtbf_hours + c.mean_outage_hours())
            .fold(0.0, f64::max);
        let horizon = params.years * HOURS_PER_YEAR;
        // Reference §4.4: discard a warm-up of several component cycles, at most a tenth of the run.
        let warm = (10.0 * longest_cycle).min(0.1 * horizon);
        let caveat = (!pairs.is_empty()).then(|| {
            "standby pairs are analysed with the first-order switch-over model (reference §2.5), \
             which ignores failures during a switch-over; the simulation does not"
                .to_string()
        });
        let window = params.window_days * 24.0;
        let windows = (horizon / window).floor().max(0.0) as usize;
        let mut sim = Simulation {
            rng: Rng::seeded(params.seed),
            tree,
            gates,
            up,
            pairs,
            pair_of,
            queue: EventQueue::new(),
            now: 0.0,
            warm,
            end: warm + horizon,
            system_up: true,
            down_since: 0.0,
            events: 0,
            batch_down: TimeSlots::batches(warm, horizon)?,
            window_down: TimeSlots::new(warm, window, windows)?,
            up_time: 0.0,
            down_time: 0.0,
            outages: 0,
            hist: Histogram::log(HIST_LO_HOURS, HIST_HI_HOURS, HIST_BINS)?,
            lanes: diagram
                .components
                .iter()
                .map(|c| Lane {
                    label: c.name.clone(),
                    down: Vec::new(),
                })
                .collect(),
            record_start: warm
                + params.timeline_start_days.map_or(0.0, |d| {
                    (d * 24.0).min(horizon - params.window_days * 24.0).max(0.0)
                }),
            recorded: false,
            system_lane: Lane {
                label: "System".into(),
                down: Vec::new(),
            },
            comp_down_since: vec![0.0; n],
            analytic_u: analysis.unavailability,
            caveat,
            diagram: diagram.clone(),
            params: params.clone(),
        };
        for i in 0..n {
            let t = sim.rng.exponential(sim.diagram.components[i].mtbf_hours);
            sim.queue.push(t, EventKind::Component(i));
        }
        Ok(sim)
    }

    pub fn progress(&self) -> f64 {
        (self.now / self.end).clamp(0.0, 1.0)
    }

    pub fn is_done(&self) -> bool {
        self.now >= self.end
    }

    /// Adds the span [from, to) of the current system state to the measurements.
    fn account(&mut self, from: f64, to: f64) {
        // Not `f64::max`: its NaN rule has no wasm instruction, so it is a call there, on every
        // event. Times are never NaN, and for numbers the two agree.
        let from = if from > self.warm { from } else { self.warm };
        if to <= from {
            return;
        }
        let span = to - from;
        if self.system_up {
            self.up_time += span;
            return;
        }
        self.down_time += span;
        self.batch_down.add(from, to);
        self.window_down.add(from, to);
    }

    fn in_window(&self, t: f64) -> f64 {
        t - self.record_start
    }

    /// Moves the recording window forward to the one holding `t`, keeping the first window
    /// that saw a system outage.
    fn roll_window(&mut self, t: f64) {
        if self.recorded || self.params.timeline_start_days.is_some() {
            return;
        }
        let window = self.params.window_days * 24.0;
        while t >= self.record_start + window && self.record_start + window < self.end {
            if !self.system_lane.down.is_empty() {
                self.recorded = true;
                return;
            }
            self.record_start += window;
            for lane in &mut self.lanes {
                lane.down.clear();
            }
        }
    }

    fn record_lane(recorded: bool, lane: &mut Lane, start: f64, end: f64, window: f64) {
        if recorded {
            return;
        }
        let (s, e) = (start.max(0.0), end.min(window));
        if e > s && lane.down.len() < MAX_LANE_INTERVALS {
            lane.down.push((s, e));
        }
    }

    /// Runs up to `max_events` events; returns whether the run is complete.
    pub fn step(&mut self, max_events: u64) -> bool {
        let window = self.params.window_days * 24.0;
        for _ in 0..max_events {
            let Some((time, kind)) = self.queue.pop() else {
                self.now = self.end;
                return true;
            };
            // Not `f64::min`, for the reason given in `account`.
            let t_next = if time < self.end { time } else { self.end };
            self.account(self.now, t_next);
            if time >= self.end {
                self.now = self.end;
                return true;
            }
            self.now = time;
            self.events += 1;
            self.roll_window(self.now);
            // An event changes one component's state and at most the pair it belongs to.
            let pair = match kind {
                EventKind::Component(i) => {
                    self.toggle(i, window);
                    self.gates.set_component(i, self.up[i]);
                    self.pair_of[i]
                }
                EventKind::SwitchDone(p) => {
                    self.switch_done(p);
                    Some(p)
                }
            };
            if let Some(p) = pair {
                self.gates.set_pair(p, self.pairs[p].serving);
            }
            let new_up = self.gates.system_up();
            debug_assert_eq!(new_up, eval(&self.tree, &self.up, &self.pairs));
            if new_up != self.system_up {
                let t = self.now;
                if !new_up {
                    self.down_since = t;
                    if t >= self.warm {
                        self.outages += 1;
                    }
                } else {
                    if self.down_since >= self.warm {
                        self.hist.add(t - self.down_since);
                    }
                    let (s, e) = (self.in_window(self.down_since), self.in_window(t));
                    Self::record_lane(self.recorded, &mut self.system_lane, s, e, window);
                }
                self.system_up = new_up;
            }
        }
        self.is_done()
    }

    fn toggle(&mut self, i: usize, window: f64) {
        let c = &self.diagram.components[i];
        if self.up[i] {
            self.up[i] = false;
            self.comp_down_since[i] = self.now;
            let repair = c.mttd_hours + c.repair.sample(c.mttr_hours, &mut self.rng);
            self.queue.push(self.now + repair, EventKind::Component(i));
            if let Some(p) = self.pair_of[i] {
                self.member_failed(p, i);
            }
        } else {
            self.up[i] = true;
            let (s, e) = (
                self.in_window(self.comp_down_since[i]),
                self.in_window(self.now),
            );
            Self::record_lane(self.recorded, &mut self.lanes[i], s, e, window);
            let next = self.now + self.rng.exponential(c.mtbf_hours);
            self.queue.push(next, EventKind::Component(i));
            if let Some(p) = self.pair_of[i] {
                self.member_repaired(p, i);
            }
        }
    }

    fn member_failed(&mut self, p: usize, i: usize) {
        let pair = &self.pairs[p];
        let active = pair.members[pair.active];
        if i != active || !pair.serving {
            return;
        }
        let other = pair.members[1 - pair.active];
        let (tau, success, failed) = (pair.tau_hours, pair.success, pair.failed_hours);
        self.pairs[p].serving = false;
        if self.up[other] {
            let delay = if self.rng.bernoulli(success) {
                tau
            } else {
                failed
            };
            self.pairs[p].switching = true;
            self.queue.push(self.now + delay, EventKind::SwitchDone(p));
        }
    }

    fn member_repaired(&mut self, p: usize, i: usize) {
        let pair = &mut self.pairs[p];
        if !pair.serving && !pair.switching {
            pair.active = usize::from(pair.members[1] == i);
            pair.serving = true;
        }
    }

    fn switch_done(&mut self, p: usize) {
        let pair = &mut self.pairs[p];
        pair.switching = false;
        let other = 1 - pair.active;
        if self.up[pair.members[other]] {
            pair.active = other;
            pair.serving = true;
        } else {
            pair.serving = self.up[pair.members[pair.active]];
        }
    }

    pub fn report(&self) -> Report {
        let batch_u = self.batch_down.fractions();
        let u = stats::estimate(&batch_u);
        let measured = self.up_time + self.down_time;
        let point_u = if measured > 0.0 {
            self.down_time / measured
        } else {
            f64::NAN
        };
        let budget = self.params.slo.unavailability() * self.params.window_days * 24.0;
        let windows = self.window_down.totals();
        let breached = windows.iter().filter(|&&d| d > budget).count() as u64;
        // The first of the windows with the most downtime.
        let (worst_index, worst) =
            windows
                .iter()
                .copied()
                .enumerate()
                .fold(
                    (0, 0.0),
                    |best, (i, d)| if d > best.1 { (i, d) } else { best },
                );
        // Outages shorter or longer than the bins are counted in the end bins (see `Report`).
        let mut counts = self.hist.counts().to_vec();
        counts[0] += self.hist.underflow();
        counts[HIST_BINS - 1] += self.hist.overflow();
        Report {
            years: self.params.years,
            seed: self.params.seed,
            events: self.events,
            availability: 1.0 - point_u,
            ci95: ((1.0 - u.hi).max(0.0), (1.0 - u.lo).min(1.0)),
            unavailability: u,
            lag1_autocorrelation: stats::lag1_autocorrelation(&batch_u),
            analytic_unavailability: self.analytic_u,
            agrees: u.lo <= self.analytic_u && self.analytic_u <= u.hi,
            caveat: self.caveat.clone(),
            outages: self.outages,
            mtbf_hours: (self.outages > 0).then(|| self.up_time / self.outages as f64),
            mttr_hours: (self.outages > 0).then(|| self.down_time / self.outages as f64),
            histogram_edges_hours: self.hist.edges().to_vec(),
            histogram_counts: counts,
            lanes: self.lanes.clone(),
            system_lane: self.system_lane.clone(),
            timeline_start_hours: self.record_start - self.warm,
            window_hours: self.params.window_days * 24.0,
            windows: windows.len() as u64,
            windows_breached: breached,
            worst_window_downtime_hours: worst,
            worst_window_start_hours: worst_index as f64 * self.params.window_days * 24.0,
            window_budget_hours: budget,
        }
    }
}

/// Runs a whole simulation.
pub fn simulate(diagram: &Diagram, params: &SimParams) -> Result<Report, String> {
    let mut sim = Simulation::new(diagram, params)?;
    while !sim.step(100_000) {}
    Ok(sim.report())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::presets;
    use sdlab_sim::dist::Shape;

    fn params(years: f64, seed: u64) -> SimParams {
        SimParams {
            years,
            seed,
            slo: Availability::parse_percent("99.9").expect("valid"),
            window_days: 30.0,
            timeline_start_days: None,
        }
    }

    /// Reference §4.6: with independent components the simulated availability converges to the
    /// analytic value; on every preset the analytic U must lie inside the 95% batch-means CI.
    /// The seed is fixed, so this is deterministic: for it every preset's interval holds the
    /// analytic value. A 95% interval misses for about one seed in twenty (measured over 100
    /// seeds: 92–96% coverage per preset); `the_interval_covers_about_95_percent_of_seeds` checks
    /// that rate.
    #[test]
    fn monte_carlo_agrees_with_analytic_on_every_preset() {
        for preset in presets::all() {
            let years = match preset.slug {
                "book-series" | "book-parallel" => 2_000.0,
                _ => 3_000.0,
            };
            let r = simulate(&preset.diagram, &params(years, 20_261_127)).expect("runs");
            assert!(
                r.agrees,
                "{}: analytic U {:e} outside [{:e}, {:e}] ({} outages)",
                preset.slug,
                r.analytic_unavailability,
                r.unavailability.lo,
                r.unavailability.hi,
                r.outages
            );
            assert!(
                r.outages > 30,
                "{}: only {} outages",
                preset.slug,
                r.outages
            );
        }
    }

    /// Insensitivity (reference §2.4, §4.6): lognormal and Weibull repairs with the same means
    /// give the same availability, within the intervals. Seed 8 is fixed deliberately: for it all
    /// three intervals hold the analytic value. Over seeds 0–99 each shape's interval holds it
    /// 94–95 times in 100, as a 95% interval should, so about one seed in seven misses for one
    /// of the three shapes (seed 7 did, for the lognormal).
    #[test]
    fn repair_shape_does_not_change_the_steady_state() {
        for shape in [
            Shape::Lognormal { cv: 2.0 },
            Shape::Weibull { k: 0.6 },
            Shape::Weibull { k: 3.0 },
        ] {
            let mut d = presets::quorum_store().diagram;
            for c in &mut d.components {
                c.repair = shape;
            }
            let r = simulate(&d, &params(4_000.0, 8)).expect("runs");
            assert!(
                r.agrees,
                "{shape:?}: {:e} vs [{:e}, {:e}]",
                r.analytic_unavailability, r.unavailability.lo, r.unavailability.hi
            );
        }
    }

    /// The batch-means interval is a 95% interval, so across seeds it should hold the analytic
    /// value about 95% of the time (measured on this preset: 380 of 400 seeds). Over 40 seeds at
    /// least 32 must: a true 95% interval falls below that with probability 0.01% (binomial),
    /// while one that covered only 90% would still pass 98.5% of the time, so this catches a
    /// broken interval, not a slightly optimistic one.
    #[test]
    fn the_interval_covers_about_95_percent_of_seeds() {
        let d = presets::book_series().diagram;
        let inside = (0..40)
            .filter(|&seed| simulate(&d, &params(300.0, seed)).expect("runs").agrees)
            .count();
        assert!(
            inside >= 32,
            "{inside} of 40 intervals hold the analytic value"
        );
    }

    #[test]
    fn system_mtbf_and_mttr_match_frequency_and_duration() {
        // One component (MTBF 100 h, MTTR 2 h): system MUT → 100 h, MDT → 2 h.
        let d = Diagram {
            name: "one".into(),
            components: vec![crate::diagram::Component::new("a", "A", 100.0, 2.0)],
            root: Node::Unit {
                component: "a".into(),
            },
        };
        let r = simulate(&d, &params(200.0, 3)).expect("runs");
        let n = r.outages as f64;
        let mut_h = r.mtbf_hours.expect("outages");
        let mdt_h = r.mttr_hours.expect("outages");
        // Exponential up and down times: standard errors MUT/√n and MDT/√n; 4 of them.
        assert!((mut_h - 100.0).abs() < 4.0 * 100.0 / n.sqrt(), "{mut_h}");
        assert!((mdt_h - 2.0).abs() < 4.0 * 2.0 / n.sqrt(), "{mdt_h}");
        assert_eq!(r.histogram_counts.iter().sum::<u64>(), r.outages);
    }

    /// Steps event by event and checks the incrementally kept system state against evaluating
    /// the whole tree, on a diagram with every kind of node, nesting, a component that appears
    /// twice, a shared fate and a standby pair, with short MTBFs so every combination occurs.
    #[test]
    fn gates_agree_with_the_whole_tree_after_every_event() {
        use crate::diagram::Component;
        let unit = |id: &str| Node::Unit {
            component: id.into(),
        };
        let group = |kind: &str, children: Vec<Node>| {
            let label = kind.to_string();
            match kind {
                "series" => Node::Series { label, children },
                "parallel" => Node::Parallel { label, children },
                _ => Node::KOfN {
                    label,
                    k: 2,
                    children,
                },
            }
        };
        let d = Diagram {
            name: "every node".into(),
            components: ["a", "b", "c", "d", "e", "f", "g", "h", "z"]
                .iter()
                .enumerate()
                .map(|(i, id)| Component::new(id, id, 5.0 + 3.0 * i as f64, 1.0 + i as f64 / 4.0))
                .collect(),
            root: group(
                "series",
                vec![
                    group(
                        "parallel",
                        vec![
                            unit("a"),
                            group("kofn", vec![unit("b"), unit("c"), unit("d")]),
                        ],
                    ),
                    Node::SharedFate {
                        label: "zone".into(),
                        fate: "z".into(),
                        children: vec![
                            group("parallel", vec![unit("e"), unit("a")]),
                            Node::Standby {
                                label: "pair".into(),
                                primary: "g".into(),
                                standby: "h".into(),
                                switchover_s: 600.0,
                                failover_success: 0.8,
                                failed_failover_hours: 2.0,
                            },
                        ],
                    },
                    group(
                        "kofn",
                        vec![unit("f"), unit("b"), group("series", vec![unit("c")])],
                    ),
                ],
            ),
        };
        let mut sim = Simulation::new(&d, &params(50.0, 11)).expect("valid");
        let (mut downs, mut ups) = (0, 0);
        while !sim.step(1) {
            let whole = eval(&sim.tree, &sim.up, &sim.pairs);
            assert_eq!(sim.gates.system_up(), whole, "after event {}", sim.events);
            if whole {
                ups += 1;
            } else {
                downs += 1;
            }
        }
        assert!(downs > 1_000 && ups > 1_000, "{downs} {ups}");
    }

    #[test]
    fn a_seed_reproduces_a_run_exactly_and_steps_do_not_matter() {
        let d = presets::web_stack().diagram;
        let a = simulate(&d, &params(50.0, 99)).expect("runs");
        let mut sim = Simulation::new(&d, &params(50.0, 99)).expect("valid");
        while !sim.step(7) {}
        assert_eq!(a, sim.report());
        let c = simulate(&d, &params(50.0, 100)).expect("runs");
        assert_ne!(a.events, c.events);
    }

    #[test]
    fn a_chosen_timeline_window_is_recorded_there() {
        let p = SimParams {
            timeline_start_days: Some(300.0),
            ..params(20.0, 5)
        };
        let r = simulate(&presets::quorum_store().diagram, &p).expect("runs");
        assert_eq!(r.timeline_start_hours, 300.0 * 24.0);
        for lane in r.lanes.iter().chain(std::iter::once(&r.system_lane)) {
            for &(s, e) in &lane.down {
                assert!(0.0 <= s && s < e && e <= r.window_hours);
            }
        }
        // Past the end it is the last whole window; a negative day is refused.
        let late = SimParams {
            timeline_start_days: Some(1e9),
            ..params(20.0, 5)
        };
        let r = simulate(&presets::quorum_store().diagram, &late).expect("runs");
        assert!((r.timeline_start_hours - (20.0 * HOURS_PER_YEAR - 30.0 * 24.0)).abs() < 1e-6);
        let bad = SimParams {
            timeline_start_days: Some(-1.0),
            ..params(20.0, 5)
        };
        assert!(simulate(&presets::quorum_store().diagram, &bad).is_err());
    }

    #[test]
    fn timeline_lanes_stay_inside_the_window() {
        let r = simulate(&presets::quorum_store().diagram, &params(20.0, 5)).expect("runs");
        for lane in r.lanes.iter().chain(std::iter::once(&r.system_lane)) {
            for &(s, e) in &lane.down {
                assert!(
                    0.0 <= s && s < e && e <= r.window_hours,
                    "{} {s} {e}",
                    lane.label
                );
            }
        }
        assert!(r.windows > 200);
        // The recorded window is one that holds a system outage.
        assert!(!r.system_lane.down.is_empty());
        assert!(r.timeline_start_hours >= 0.0);
    }

    #[test]
    fn bad_parameters_are_messages() {
        let d = presets::book_series().diagram;
        assert!(
            simulate(
                &d,
                &SimParams {
                    years: 0.0,
                    ..params(1.0, 1)
                }
            )
            .is_err()
        );
        assert!(
            simulate(
                &d,
                &SimParams {
                    years: f64::NAN,
                    ..params(1.0, 1)
                }
            )
            .is_err()
        );
        assert!(
            simulate(
                &d,
                &SimParams {
                    window_days: 0.0,
                    ..params(1.0, 1)
                }
            )
            .is_err()
        );
    }
}
