//! `sdlab nines compose` and `sdlab nines mtbf`: steady-state availability of a block diagram
//! through the same `analyse()` the page uses, from a diagram file or shorthand flags.

use clap::Args;
use sdlab_nines::analytic::{self, Analysis};
use sdlab_nines::diagram::{Component, Diagram, MAX_COMPONENTS, Node};
use sdlab_sim::units::{format_duration, format_sci};

use super::{finite, nines_text, to_json};
use crate::input;

/// Seconds in the book's 365-day year (ch. 1, Table 1-1).
const YEAR_S: f64 = 365.0 * 86_400.0;

#[derive(Args, Debug)]
pub struct ComposeArgs {
    /// A diagram JSON file, as the page exports it (schema: crates/nines/src/diagram.rs); `-`
    /// reads standard input.
    #[arg(long, value_name = "FILE.json")]
    diagram: Option<String>,
    /// Availabilities in % of components in series, e.g. 99.9,99.9.
    #[arg(long, value_name = "A,A,…", allow_hyphen_values = true)]
    series: Option<String>,
    /// Availabilities in % of components in parallel (any one suffices), e.g. 99.9,99.9.
    #[arg(long, value_name = "A,A,…", allow_hyphen_values = true)]
    parallel: Option<String>,
    /// k of n identical components each at A%, e.g. 2/3@99.
    #[arg(long = "k-of-n", value_name = "K/N@A", allow_hyphen_values = true)]
    k_of_n: Option<String>,
    /// Print one JSON object.
    #[arg(long)]
    json: bool,
}

#[derive(Args, Debug)]
pub struct MtbfArgs {
    /// Mean up time per failure in hours (the book's MTBF, ch. 1, "Measuring reliability").
    #[arg(long, allow_hyphen_values = true)]
    mtbf_hours: String,
    /// Mean time to repair in hours.
    #[arg(long, allow_hyphen_values = true)]
    mttr_hours: String,
    #[command(flatten)]
    units: UnitsArgs,
    /// Print one JSON object.
    #[arg(long)]
    json: bool,
}

/// N identical units, in series unless `--parallel`.
#[derive(Args, Debug)]
pub struct UnitsArgs {
    /// Number of identical units.
    #[arg(long, default_value = "1", allow_hyphen_values = true)]
    pub units: String,
    /// The units are redundant (any one suffices); without it they are in series.
    #[arg(long)]
    pub parallel: bool,
}

#[derive(serde::Serialize)]
struct ComposeJson {
    availability: f64,
    /// −log10(U); null for a perfect system.
    nines: Option<f64>,
    per_year_s: f64,
}

#[derive(serde::Serialize)]
struct MtbfJson {
    availability: f64,
}

fn unit(id: &str) -> Node {
    Node::Unit {
        component: id.into(),
    }
}

/// Components `c1…cn` at the given availabilities, built with `Component::with_availability`
/// (one-hour repairs) like the page's quick entry.
fn components_at(flag: &str, percents: &[&str]) -> Result<Vec<Component>, String> {
    if percents.len() > MAX_COMPONENTS {
        return Err(format!("{flag}: at most {MAX_COMPONENTS} components"));
    }
    percents
        .iter()
        .enumerate()
        .map(|(i, p)| {
            let id = format!("c{}", i + 1);
            let name = format!("Component {} ({}%)", i + 1, p.trim());
            Component::with_availability(&id, &name, p)
                .map_err(|e| format!("{flag}: component {} “{}”: {e}", i + 1, p.trim()))
        })
        .collect()
}

fn list<'a>(flag: &str, text: &'a str) -> Result<Vec<&'a str>, String> {
    let items: Vec<&str> = text.split(',').collect();
    if items.iter().all(|s| s.trim().is_empty()) {
        return Err(format!("{flag}: give availabilities in %, e.g. 99.9,99.9"));
    }
    Ok(items)
}

fn group_diagram(flag: &str, text: &str, parallel: bool) -> Result<Diagram, String> {
    let components = components_at(flag, &list(flag, text)?)?;
    let children = components.iter().map(|c| unit(&c.id)).collect();
    let (name, root) = if parallel {
        (
            "Components in parallel",
            Node::Parallel {
                label: "Any one".into(),
                children,
            },
        )
    } else {
        (
            "Components in series",
            Node::Series {
                label: "Every one".into(),
                children,
            },
        )
    };
    Ok(Diagram {
        name: name.into(),
        components,
        root,
    })
}

/// `K/N@A`: at least k of n identical components, each at A%.
fn k_of_n_diagram(text: &str) -> Result<Diagram, String> {
    const FLAG: &str = "--k-of-n";
    let shape = || format!("{FLAG}: expected K/N@A, e.g. 2/3@99, got “{text}”");
    let (kn, percent) = text.split_once('@').ok_or_else(shape)?;
    let (k, n) = kn.split_once('/').ok_or_else(shape)?;
    let n = input::count(&format!("{FLAG} n"), n, 1, MAX_COMPONENTS as u32)?;
    let k = input::count(&format!("{FLAG} k"), k, 1, MAX_COMPONENTS as u32)?;
    if k > n {
        return Err(format!(
            "{FLAG}: k = {k} exceeds n = {n} (k is how many of the n components must be up)"
        ));
    }
    let percents = vec![percent; n as usize];
    let components = components_at(FLAG, &percents)?;
    let children = components.iter().map(|c| unit(&c.id)).collect();
    Ok(Diagram {
        name: format!("{k} of {n} identical components"),
        components,
        root: Node::KOfN {
            label: format!("{k} of {n}"),
            k,
            children,
        },
    })
}

/// Reads and parses a diagram file; serde's message already names the line and column.
pub fn read_diagram(path: &str) -> Result<Diagram, String> {
    let text = input::read_source("--diagram", path)?;
    serde_json::from_str(&text).map_err(|e| format!("--diagram: not a valid diagram: {e}"))
}

fn compose_diagram(args: &ComposeArgs) -> Result<Diagram, String> {
    let given = [
        args.diagram.is_some(),
        args.series.is_some(),
        args.parallel.is_some(),
        args.k_of_n.is_some(),
    ];
    if given.iter().filter(|&&g| g).count() != 1 {
        return Err("give exactly one of --diagram, --series, --parallel or --k-of-n".into());
    }
    if let Some(path) = &args.diagram {
        return read_diagram(path);
    }
    if let Some(text) = &args.series {
        return group_diagram("--series", text, false);
    }
    if let Some(text) = &args.parallel {
        return group_diagram("--parallel", text, true);
    }
    k_of_n_diagram(args.k_of_n.as_deref().unwrap_or_default())
}

/// Analyses with the validation message prefixed, so the user knows the diagram is at fault.
pub fn analyse(diagram: &Diagram) -> Result<Analysis, String> {
    analytic::analyse(diagram).map_err(|e| format!("invalid diagram: {e}"))
}

pub fn compose(args: &ComposeArgs) -> Result<String, String> {
    let diagram = compose_diagram(args)?;
    let analysis = analyse(&diagram)?;
    let a = analysis.availability;
    if args.json {
        return to_json(&ComposeJson {
            availability: a.availability(),
            nines: finite(a.nines()),
            per_year_s: a.unavailability() * YEAR_S,
        });
    }
    Ok(compose_text(&diagram, &analysis))
}

fn compose_text(diagram: &Diagram, analysis: &Analysis) -> String {
    let a = analysis.availability;
    let mut out = format!(
        "{}: {} component{}\navailability {}% ({}; U = {})\ndowntime {} per 365-day year\n",
        diagram.name,
        diagram.components.len(),
        if diagram.components.len() == 1 {
            ""
        } else {
            "s"
        },
        a.percent_text(),
        nines_text(a),
        format_sci(a.unavailability(), 4),
        format_duration(a.unavailability() * YEAR_S)
    );
    if let Some(f) = analysis.frequency {
        out += &format!(
            "system failures {:.3} per year, mean up {}, mean outage {} (frequency and duration, derived)\n",
            f.failures_per_year,
            format_duration(f.mut_hours * 3_600.0),
            format_duration(f.mdt_hours * 3_600.0)
        );
    }
    if !analysis.repeated.is_empty() {
        out += &format!(
            "components used more than once, analysed by conditioning: {}\n",
            analysis.repeated.join(", ")
        );
    }
    out += "assumes independent failures, instant certain failover outside standby pairs, \
            and that a series needs every element (book, ch. 1)\n\n";
    out += &format!(
        "{:<44} {:<13} {:>12} {:>18} {:>9}\n",
        "block", "kind", "U if perfect", "nines gained", "share"
    );
    for block in &analysis.blocks {
        let indent = "  ".repeat(block.path.len());
        let label: String = format!("{indent}{}", block.label)
            .chars()
            .take(44)
            .collect();
        let gain = if block.nines_gain.is_infinite() {
            "∞ (all downtime)".to_string()
        } else {
            format!("{:+.3}", block.nines_gain)
        };
        out += &format!(
            "{label:<44} {:<13} {:>12} {gain:>18} {:>8.1}%\n",
            block.kind,
            format_sci(block.perfect_u, 3),
            block.share * 100.0
        );
    }
    out.trim_end().to_string()
}

/// A diagram of `n` identical units, in series or parallel, each with the given MTBF and MTTR.
pub fn units_diagram(
    mtbf_hours: f64,
    mttr_hours: f64,
    units: &UnitsArgs,
) -> Result<Diagram, String> {
    let n = input::count("--units", &units.units, 1, MAX_COMPONENTS as u32)?;
    let components: Vec<Component> = (1..=n)
        .map(|i| {
            Component::new(
                &format!("u{i}"),
                &format!("Unit {i}"),
                mtbf_hours,
                mttr_hours,
            )
        })
        .collect();
    let children: Vec<Node> = components.iter().map(|c| unit(&c.id)).collect();
    let root = match (n, units.parallel) {
        (1, _) => unit("u1"),
        (_, true) => Node::Parallel {
            label: format!("{n} units, any one"),
            children,
        },
        (_, false) => Node::Series {
            label: format!("{n} units, all needed"),
            children,
        },
    };
    Ok(Diagram {
        name: match (n, units.parallel) {
            (1, _) => "One unit".into(),
            (_, true) => format!("{n} identical units in parallel"),
            (_, false) => format!("{n} identical units in series"),
        },
        components,
        root,
    })
}

/// MTBF and MTTR flags as hours, within the ranges the diagram accepts.
pub fn mtbf_mttr(mtbf: &str, mttr: &str) -> Result<(f64, f64), String> {
    Ok((
        input::positive("--mtbf-hours", mtbf, 1e9)?,
        input::positive("--mttr-hours", mttr, 1e6)?,
    ))
}

pub fn mtbf(args: &MtbfArgs) -> Result<String, String> {
    let (mtbf_hours, mttr_hours) = mtbf_mttr(&args.mtbf_hours, &args.mttr_hours)?;
    let diagram = units_diagram(mtbf_hours, mttr_hours, &args.units)?;
    let analysis = analyse(&diagram)?;
    let a = analysis.availability;
    if args.json {
        return to_json(&MtbfJson {
            availability: a.availability(),
        });
    }
    let one = diagram.components[0].unavailability();
    let n = diagram.components.len();
    let mut out = format!(
        "one unit: A = MTBF / (MTBF + MTTR) = {mtbf_hours} / ({mtbf_hours} + {mttr_hours}) = {} \
         [derived, not from the book]\n\
         MTBF here is the book's: mean up time per failure (ch. 1, \"Measuring reliability\"); \
         where MTBF means the whole cycle, use A = (MTBF − MTTR) / MTBF instead\n",
        1.0 - one
    );
    if n > 1 {
        let formula = if args.units.parallel {
            format!("A = 1 − U^{n}, U = {}", format_sci(one, 4))
        } else {
            format!("A = (1 − U)^{n}, U = {}", format_sci(one, 4))
        };
        let arrangement = if args.units.parallel {
            "in parallel"
        } else {
            "in series"
        };
        out +=
            &format!("{n} independent units {arrangement}, each repaired on its own: {formula}\n");
    }
    out += &format!(
        "availability {}% ({}; U = {})\ndowntime {} per 365-day year",
        a.percent_text(),
        nines_text(a),
        format_sci(a.unavailability(), 4),
        format_duration(a.unavailability() * YEAR_S)
    );
    Ok(out)
}
