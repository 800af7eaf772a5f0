//! `sdlab nines compose` and `sdlab nines mtbf`: steady-state availability of a block diagram
//! through the same `analyse()` the page uses, and of the shorthand flags' components through
//! the same series, parallel and k-of-n formulas, in U = 1 − A from the digits as typed.

use clap::Args;
use sdlab_nines::Availability;
use sdlab_nines::analytic::{self, Analysis};
use sdlab_nines::diagram::{Component, Diagram, MAX_COMPONENTS, Node};
use sdlab_sim::reliability;
use sdlab_sim::units::{format_duration, format_sci};

use super::{nines, nines_text, percent_text, to_json};
use crate::input;

/// Seconds in the book's 365-day year (ch. 1, Table 1-1).
const YEAR_S: f64 = 365.0 * 86_400.0;

#[derive(Args, Debug)]
pub struct ComposeArgs {
    /// A diagram JSON file, as the page exports it (schema: crates/nines/src/diagram.rs); `-`
    /// reads standard input.
    #[arg(long, value_name = "FILE.json")]
    diagram: Option<String>,
    /// Availabilities in % of components in series, e.g. 99.9,99.9 (every digit counts).
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
    /// Number of identical units, 1 to 64.
    #[arg(long, default_value = "1", allow_hyphen_values = true)]
    pub units: String,
    /// The units are redundant (any one suffices); without it they are in series.
    #[arg(long)]
    pub parallel: bool,
}

#[derive(serde::Serialize)]
struct ComposeJson {
    /// A = 1 − U; rounds to 1 beyond about 16 nines, so read `unavailability` for those.
    availability: f64,
    /// U, computed as such from the typed digits (no 1 − A round trip).
    unavailability: f64,
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

/// How the shorthand flags combine their components.
#[derive(Clone, Copy, Debug)]
enum Arrangement {
    Series,
    Parallel,
    /// At least k of the components up.
    KOfN(u32),
}

impl Arrangement {
    /// System U from the components' U, without cancellation (reference §2.2).
    fn unavailability(self, us: &[f64]) -> f64 {
        match self {
            Arrangement::Series => reliability::series_u(us),
            Arrangement::Parallel => reliability::parallel_u(us),
            Arrangement::KOfN(k) => reliability::k_of_n_u(k, us),
        }
    }
}

/// Components at typed availabilities, composed in U = 1 − A straight from the typed digits:
/// no MTBF or repair time is derived, so any precision the input carries is kept, and 0% and
/// 100% components are allowed.
struct Shorthand {
    name: String,
    arrangement: Arrangement,
    /// (label, U) of each component.
    components: Vec<(String, f64)>,
}

impl Shorthand {
    fn unavailability(&self) -> f64 {
        let us: Vec<f64> = self.components.iter().map(|(_, u)| *u).collect();
        self.arrangement.unavailability(&us)
    }

    /// The system's U with component `i` made perfect.
    fn perfect_u(&self, i: usize) -> f64 {
        let mut us: Vec<f64> = self.components.iter().map(|(_, u)| *u).collect();
        us[i] = 0.0;
        self.arrangement.unavailability(&us)
    }
}

/// Availabilities in %, one per component, each parsed exactly (`Availability::parse_percent`).
fn components_at(flag: &str, percents: &[&str]) -> Result<Vec<(String, f64)>, String> {
    if percents.len() > MAX_COMPONENTS {
        return Err(format!("{flag}: at most {MAX_COMPONENTS} components"));
    }
    percents
        .iter()
        .enumerate()
        .map(|(i, p)| {
            let a = Availability::parse_percent(p)
                .map_err(|e| format!("{flag}: component {} “{}”: {e}", i + 1, p.trim()))?;
            Ok((
                format!("Component {} ({}%)", i + 1, p.trim()),
                a.unavailability(),
            ))
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

fn group(flag: &str, text: &str, arrangement: Arrangement) -> Result<Shorthand, String> {
    let components = components_at(flag, &list(flag, text)?)?;
    let name = match arrangement {
        Arrangement::Parallel => "Components in parallel (any one suffices)",
        _ => "Components in series (every one needed)",
    };
    Ok(Shorthand {
        name: name.into(),
        arrangement,
        components,
    })
}

/// `K/N@A`: at least k of n identical components, each at A%.
fn k_of_n(text: &str) -> Result<Shorthand, String> {
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
    Ok(Shorthand {
        name: format!("At least {k} of {n} identical components"),
        arrangement: Arrangement::KOfN(k),
        components: components_at(FLAG, &percents)?,
    })
}

/// Reads and parses a diagram file; serde's message already names the line and column.
pub fn read_diagram(path: &str) -> Result<Diagram, String> {
    let text = input::read_source("--diagram", path)?;
    serde_json::from_str(&text).map_err(|e| format!("--diagram: not a valid diagram: {e}"))
}

/// Analyses with the validation message prefixed, so the user knows the diagram is at fault.
pub fn analyse(diagram: &Diagram) -> Result<Analysis, String> {
    analytic::analyse(diagram).map_err(|e| format!("invalid diagram: {e}"))
}

pub fn compose(args: &ComposeArgs) -> Result<String, String> {
    let given = [
        args.diagram.is_some(),
        args.series.is_some(),
        args.parallel.is_some(),
        args.k_of_n.is_some(),
    ];
    if given.iter().filter(|&&g| g).count() != 1 {
        return Err("give exactly one of --diagram, --series, --parallel or --k-of-n".into());
    }
    let shorthand = if let Some(text) = &args.series {
        group("--series", text, Arrangement::Series)?
    } else if let Some(text) = &args.parallel {
        group("--parallel", text, Arrangement::Parallel)?
    } else if let Some(text) = &args.k_of_n {
        k_of_n(text)?
    } else {
        let diagram = read_diagram(args.diagram.as_deref().unwrap_or_default())?;
        let analysis = analyse(&diagram)?;
        if args.json {
            return compose_json(analysis.availability);
        }
        return Ok(compose_text(&diagram, &analysis));
    };
    let a = Availability::from_unavailability(shorthand.unavailability())?;
    if args.json {
        return compose_json(a);
    }
    Ok(shorthand_text(&shorthand, a))
}

fn compose_json(a: Availability) -> Result<String, String> {
    to_json(&ComposeJson {
        availability: a.availability(),
        unavailability: a.unavailability(),
        nines: nines(a),
        per_year_s: a.unavailability() * YEAR_S,
    })
}

/// The headline shared by diagrams and shorthand: availability, U and yearly downtime.
fn headline(name: &str, components: usize, a: Availability) -> String {
    format!(
        "{name}: {components} component{}\navailability {}% ({}; U = {})\ndowntime {} per 365-day year\n",
        if components == 1 { "" } else { "s" },
        percent_text(a),
        nines_text(a),
        format_sci(a.unavailability(), 4),
        format_duration(a.unavailability() * YEAR_S)
    )
}

/// One row of the "what if this block were perfect" table.
fn block_row(label: &str, kind: &str, u: f64, perfect_u: f64) -> String {
    let label: String = label.chars().take(44).collect();
    let (gain, share) = if u == 0.0 {
        ("— (no downtime)".to_string(), 0.0)
    } else if perfect_u == 0.0 {
        ("∞ (all downtime)".to_string(), 1.0)
    } else {
        (
            format!("{:+.3}", (u / perfect_u).log10()),
            ((u - perfect_u) / u).clamp(0.0, 1.0),
        )
    };
    format!(
        "{label:<44} {kind:<13} {:>12} {gain:>18} {:>8.1}%\n",
        format_sci(perfect_u, 3),
        share * 100.0
    )
}

const BLOCK_HEADER: [&str; 5] = ["block", "kind", "U if perfect", "nines gained", "share"];

fn block_header() -> String {
    let [block, kind, perfect, gained, share] = BLOCK_HEADER;
    format!("{block:<44} {kind:<13} {perfect:>12} {gained:>18} {share:>9}\n")
}

fn shorthand_text(s: &Shorthand, a: Availability) -> String {
    let u = a.unavailability();
    let mut out = headline(&s.name, s.components.len(), a);
    out += "composed from the availabilities alone (no failure rates, so no outage frequency); \
            assumes independent failures and instant, certain failover (book, ch. 1)\n\n";
    out += &block_header();
    out += &block_row(
        "System",
        match s.arrangement {
            Arrangement::Series => "series",
            Arrangement::Parallel => "parallel",
            Arrangement::KOfN(_) => "k-of-n",
        },
        u,
        0.0,
    );
    for (i, (label, _)) in s.components.iter().enumerate() {
        out += &block_row(&format!("  {label}"), "component", u, s.perfect_u(i));
    }
    out.trim_end().to_string()
}

fn compose_text(diagram: &Diagram, analysis: &Analysis) -> String {
    let a = analysis.availability;
    let mut out = headline(&diagram.name, diagram.components.len(), a);
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
    out += &block_header();
    for block in &analysis.blocks {
        let indent = "  ".repeat(block.path.len());
        out += &block_row(
            &format!("{indent}{}", block.label),
            block.kind,
            analysis.unavailability,
            block.perfect_u,
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
        percent_text(a),
        nines_text(a),
        format_sci(a.unavailability(), 4),
        format_duration(a.unavailability() * YEAR_S)
    );
    Ok(out)
}
