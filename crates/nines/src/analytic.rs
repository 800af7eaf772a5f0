//! Steady-state availability of a block diagram, computed in unavailability U = 1 − A so that
//! high nines keep their digits (reference §2.2): series, parallel and k-of-n groups by the shared
//! formulas of [`sdlab_sim::reliability`] (k-of-n by the Poisson-binomial recursion, §2.4),
//! standby pairs by the first-order switch-over model (§2.5), and components that appear more
//! than once by conditioning on their states (pivotal decomposition, §2.3).

use sdlab_sim::reliability::{k_of_n_u, parallel_u, series_u};

use crate::Availability;
use crate::diagram::{Diagram, Node};

/// Active-passive pair, first-order model (reference §2.5):
/// `U ≈ U₁U₂ + f₁(1 − U₂)[cτ + (1 − c)D_f]`, with f₁ the active unit's failure frequency.
pub fn standby_u(u1: f64, u2: f64, f1_per_hour: f64, tau_hours: f64, c: f64, df_hours: f64) -> f64 {
    (u1 * u2 + f1_per_hour * (1.0 - u2) * (c * tau_hours + (1.0 - c) * df_hours)).clamp(0.0, 1.0)
}

/// What one block contributes: how much the system would gain if it never failed.
#[derive(Clone, Debug, PartialEq)]
pub struct BlockImpact {
    pub path: Vec<usize>,
    pub label: String,
    pub kind: &'static str,
    /// The system's U if this block were perfect.
    pub perfect_u: f64,
    /// Nines gained by making the block perfect (∞ when it is the only cause of downtime).
    pub nines_gain: f64,
    /// Share of the system's unavailability this block accounts for, 0–1.
    pub share: f64,
}

/// System failure frequency and mean up/down times by the frequency-and-duration method
/// (reference §4.6), valid for independent components and no standby switch-over.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Frequency {
    pub failures_per_year: f64,
    pub mut_hours: f64,
    pub mdt_hours: f64,
}

#[derive(Clone, Debug, PartialEq)]
pub struct Analysis {
    pub unavailability: f64,
    pub availability: Availability,
    pub blocks: Vec<BlockImpact>,
    /// `None` when the diagram has a standby pair (switch-over gaps are not component states).
    pub frequency: Option<Frequency>,
    /// Components that appear more than once (analysed by conditioning).
    pub repeated: Vec<String>,
}

/// Fixed states and what is made perfect, for one evaluation.
struct Ctx<'a> {
    diagram: &'a Diagram,
    comp_u: Vec<f64>,
    /// Per component: `Some(true)` fixed up, `Some(false)` fixed down.
    fixed: Vec<Option<bool>>,
    perfect_path: Option<&'a [usize]>,
}

impl Ctx<'_> {
    fn component_u(&self, id: &str) -> f64 {
        match self.diagram.component_index(id) {
            Some(i) => match self.fixed[i] {
                Some(true) => 0.0,
                Some(false) => 1.0,
                None => self.comp_u[i],
            },
            None => 1.0,
        }
    }

    fn node_u(&self, node: &Node, path: &mut Vec<usize>) -> f64 {
        if self.perfect_path == Some(path.as_slice()) {
            return 0.0;
        }
        let mut children = |children: &[Node]| -> Vec<f64> {
            children
                .iter()
                .enumerate()
                .map(|(i, c)| {
                    path.push(i);
                    let u = self.node_u(c, path);
                    path.pop();
                    u
                })
                .collect()
        };
        match node {
            Node::Unit { component } => self.component_u(component),
            Node::Series { children: c, .. } => series_u(&children(c)),
            Node::Parallel { children: c, .. } => parallel_u(&children(c)),
            Node::KOfN { k, children: c, .. } => k_of_n_u(*k, &children(c)),
            Node::SharedFate {
                fate, children: c, ..
            } => {
                let mut us = children(c);
                us.push(self.component_u(fate));
                series_u(&us)
            }
            Node::Standby {
                primary,
                standby,
                switchover_s,
                failover_success,
                failed_failover_hours,
                ..
            } => {
                let u1 = self.component_u(primary);
                let u2 = self.component_u(standby);
                let f1 = if u1 == 0.0 {
                    0.0
                } else {
                    self.diagram
                        .component(primary)
                        .map_or(0.0, |c| c.failure_frequency())
                };
                standby_u(
                    u1,
                    u2,
                    f1,
                    switchover_s / 3_600.0,
                    *failover_success,
                    *failed_failover_hours,
                )
            }
        }
    }

    /// U of the system, conditioning on every repeated component not already fixed.
    fn system_u(&mut self, repeated: &[usize]) -> f64 {
        let free: Vec<usize> = repeated
            .iter()
            .copied()
            .filter(|&i| self.fixed[i].is_none())
            .collect();
        let mut total = 0.0;
        for mask in 0u32..(1u32 << free.len()) {
            let mut weight = 1.0;
            for (bit, &i) in free.iter().enumerate() {
                let up = mask & (1 << bit) != 0;
                self.fixed[i] = Some(up);
                weight *= if up {
                    1.0 - self.comp_u[i]
                } else {
                    self.comp_u[i]
                };
            }
            if weight > 0.0 {
                total += weight * self.node_u(&self.diagram.root, &mut Vec::new());
            }
        }
        for &i in &free {
            self.fixed[i] = None;
        }
        total.clamp(0.0, 1.0)
    }
}

fn nines(u: f64) -> f64 {
    -libm::log10(u)
}

/// Analyses a diagram; the error is the validation message.
pub fn analyse(diagram: &Diagram) -> Result<Analysis, String> {
    diagram.validate()?;
    let refs = diagram.references();
    let repeated_ids: Vec<&str> = refs
        .iter()
        .filter(|&(_, &n)| n > 1)
        .map(|(&id, _)| id)
        .collect();
    let repeated: Vec<usize> = repeated_ids
        .iter()
        .filter_map(|id| diagram.component_index(id))
        .collect();
    let mut ctx = Ctx {
        diagram,
        comp_u: diagram
            .components
            .iter()
            .map(|c| c.unavailability())
            .collect(),
        fixed: vec![None; diagram.components.len()],
        perfect_path: None,
    };
    let u = ctx.system_u(&repeated);

    let walk = diagram.root.walk();
    let mut blocks = Vec::with_capacity(walk.len());
    for (path, node) in &walk {
        let mut c = Ctx {
            diagram,
            comp_u: ctx.comp_u.clone(),
            fixed: vec![None; diagram.components.len()],
            perfect_path: Some(path),
        };
        let perfect_u = c.system_u(&repeated);
        let label = diagram.label_of(node);
        blocks.push(BlockImpact {
            path: path.clone(),
            label,
            kind: node.kind(),
            perfect_u,
            nines_gain: nines(perfect_u) - nines(u),
            share: if u > 0.0 {
                ((u - perfect_u) / u).clamp(0.0, 1.0)
            } else {
                0.0
            },
        });
    }

    let has_standby = walk.iter().any(|(_, n)| matches!(n, Node::Standby { .. }));
    let frequency = (!has_standby).then(|| {
        let mut per_hour = 0.0;
        for (i, component) in diagram.components.iter().enumerate() {
            if !refs.contains_key(component.id.as_str()) {
                continue;
            }
            ctx.fixed[i] = Some(false);
            let down = ctx.system_u(&repeated);
            ctx.fixed[i] = Some(true);
            let up = ctx.system_u(&repeated);
            ctx.fixed[i] = None;
            per_hour += (down - up) * component.failure_frequency();
        }
        Frequency {
            failures_per_year: per_hour * crate::simulate::HOURS_PER_YEAR,
            mut_hours: (1.0 - u) / per_hour,
            mdt_hours: u / per_hour,
        }
    });

    Ok(Analysis {
        unavailability: u,
        availability: Availability::from_unavailability(u)?,
        blocks,
        frequency,
        repeated: repeated_ids.iter().map(|s| s.to_string()).collect(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::diagram::Component;
    use crate::presets;

    const U: f64 = 1e-3;

    #[test]
    fn book_worked_examples() {
        // Book, ch. 1, "Availability in parallel versus in sequence": .999 × .999 = .998001 and
        // 1 − (.001 × .001) = .999999. Tolerance 1e-12 on U.
        assert!((1.0 - series_u(&[U, U]) - 0.998_001).abs() < 1e-12);
        assert!((1.0 - parallel_u(&[U, U]) - 0.999_999).abs() < 1e-12);
        let s = analyse(&presets::book_series().diagram).expect("valid");
        assert!(
            (s.unavailability - 0.001_999).abs() < 1e-12,
            "{}",
            s.unavailability
        );
        let p = analyse(&presets::book_parallel().diagram).expect("valid");
        assert!(
            (p.unavailability - 1e-6).abs() < 1e-15,
            "{}",
            p.unavailability
        );
    }

    #[test]
    fn standby_with_certain_instant_failover_is_parallel() {
        // The k-of-n closed forms are checked in sdlab_sim::reliability.
        assert_eq!(standby_u(U, U, 1.0 / 1000.0, 0.0, 1.0, 5.0), U * U);
    }

    #[test]
    fn shared_fate_matches_the_reference_formulas() {
        // Reference §2.6: two replicas in one AZ, A = A_AZ·(1 − U₁U₂); in two AZs,
        // A = 1 − (1 − A_AZ1·A₁)(1 − A_AZ2·A₂).
        let comps = vec![
            Component::with_availability("az", "AZ", "99.9").expect("valid"),
            Component::with_availability("az2", "AZ 2", "99.9").expect("valid"),
            Component::with_availability("r1", "R1", "99").expect("valid"),
            Component::with_availability("r2", "R2", "99").expect("valid"),
        ];
        let unit = |id: &str| Node::Unit {
            component: id.into(),
        };
        let one_az = Diagram {
            name: "one AZ".into(),
            components: comps.clone(),
            root: Node::SharedFate {
                label: "AZ".into(),
                fate: "az".into(),
                children: vec![Node::Parallel {
                    label: "replicas".into(),
                    children: vec![unit("r1"), unit("r2")],
                }],
            },
        };
        let a = 1.0 - analyse(&one_az).expect("valid").unavailability;
        assert!((a - 0.999 * (1.0 - 0.01 * 0.01)).abs() < 1e-12);
        let two_az = Diagram {
            root: Node::Parallel {
                label: "AZs".into(),
                children: vec![
                    Node::SharedFate {
                        label: "a".into(),
                        fate: "az".into(),
                        children: vec![unit("r1")],
                    },
                    Node::SharedFate {
                        label: "b".into(),
                        fate: "az2".into(),
                        children: vec![unit("r2")],
                    },
                ],
            },
            ..one_az.clone()
        };
        let a = 1.0 - analyse(&two_az).expect("valid").unavailability;
        let expected = 1.0 - (1.0 - 0.999 * 0.99) * (1.0 - 0.999 * 0.99);
        assert!((a - expected).abs() < 1e-12);
    }

    #[test]
    fn repeated_components_equal_brute_force_enumeration() {
        // The same AZ under both halves of a parallel: conditioning must equal enumerating all
        // 2⁴ component states (reference §9).
        let comps = vec![
            Component::with_availability("az", "AZ", "99").expect("valid"),
            Component::with_availability("x", "X", "95").expect("valid"),
            Component::with_availability("y", "Y", "90").expect("valid"),
            Component::with_availability("z", "Z", "80").expect("valid"),
        ];
        let unit = |id: &str| Node::Unit {
            component: id.into(),
        };
        let d = Diagram {
            name: "shared".into(),
            components: comps.clone(),
            root: Node::Parallel {
                label: "p".into(),
                children: vec![
                    Node::Series {
                        label: "s1".into(),
                        children: vec![unit("az"), unit("x")],
                    },
                    Node::KOfN {
                        label: "k".into(),
                        k: 2,
                        children: vec![unit("az"), unit("y"), unit("z")],
                    },
                ],
            },
        };
        let analytic = analyse(&d).expect("valid").unavailability;
        let us: Vec<f64> = comps.iter().map(|c| c.unavailability()).collect();
        let mut brute = 0.0;
        for mask in 0..16u32 {
            let up = |i: usize| mask & (1 << i) != 0;
            let p: f64 = (0..4)
                .map(|i| if up(i) { 1.0 - us[i] } else { us[i] })
                .product();
            let s1 = up(0) && up(1);
            let k = [up(0), up(2), up(3)].iter().filter(|&&b| b).count() >= 2;
            if !(s1 || k) {
                brute += p;
            }
        }
        assert!((analytic - brute).abs() < 1e-12, "{analytic} vs {brute}");
        assert_eq!(analyse(&d).expect("valid").repeated, vec!["az".to_string()]);
    }

    #[test]
    fn block_impacts_point_at_the_weakest_link() {
        let a = analyse(&presets::web_stack().diagram).expect("valid");
        let root = &a.blocks[0];
        assert_eq!(root.perfect_u, 0.0);
        assert!(root.nines_gain.is_infinite());
        // In the series path, the single load balancer costs more than the redundant app tier.
        let by_label = |l: &str| a.blocks.iter().find(|b| b.label == l).expect(l).clone();
        let lb = by_label("Region load balancer");
        let apps = by_label("App tier across AZs");
        assert!(lb.share > apps.share, "{lb:?} {apps:?}");
        assert!(a.frequency.is_none(), "standby pair present");
    }

    #[test]
    fn frequency_and_duration_of_a_single_component() {
        // One component: f = 1/(MTBF + MTTR), MUT = MTBF, MDT = MTTR.
        let d = Diagram {
            name: "one".into(),
            components: vec![Component::new("a", "A", 100.0, 2.0)],
            root: Node::Unit {
                component: "a".into(),
            },
        };
        let f = analyse(&d).expect("valid").frequency.expect("no standby");
        assert!((f.failures_per_year - 8_760.0 / 102.0).abs() < 1e-9);
        assert!((f.mut_hours - 100.0).abs() < 1e-9);
        assert!((f.mdt_hours - 2.0).abs() < 1e-9);
    }
}
