//! A published figure next to what a model computes, with the tolerance that decides pass or fail.
//!
//! Every tool's "Sources & checks" panel is a list of these; the page renders them and the tool's
//! golden tests assert that every one passes.

use serde::{Deserialize, Serialize};

/// One published number checked against the model.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Check {
    /// What is being checked, e.g. "99.9% · downtime per year".
    pub label: String,
    /// Where the published figure comes from (book chapter/section, paper section/table).
    pub source: String,
    /// The figure exactly as printed.
    pub published: String,
    /// What the model computes, formatted in the published figure's unit.
    pub computed: String,
    /// The tolerance used, in words, e.g. "± 0.005 hours (half a unit in the last printed digit)".
    pub tolerance: String,
    /// Caveat the reader should see next to the row (a convention the cell needs, a known misprint).
    pub note: Option<String>,
    pub pass: bool,
}

/// A published number as printed, with its value in `unit` and its printed decimals.
#[derive(Clone, Copy, Debug)]
pub struct Figure<'a> {
    pub text: &'a str,
    pub value: f64,
    pub unit: &'a str,
    pub decimals: usize,
}

impl Check {
    /// Compares `computed` (in the figure's unit) with the published figure and records whether
    /// they agree within `tolerance`. Non-finite values never pass.
    pub fn numeric(
        label: impl Into<String>,
        source: impl Into<String>,
        published: Figure<'_>,
        tolerance: f64,
        computed: f64,
    ) -> Self {
        let pass = published.value.is_finite()
            && computed.is_finite()
            && tolerance.is_finite()
            && (computed - published.value).abs() <= tolerance;
        let (unit, decimals) = (published.unit, published.decimals);
        Check {
            label: label.into(),
            source: source.into(),
            published: published.text.into(),
            computed: format!("{computed:.prec$} {unit}", prec = decimals + 2),
            tolerance: format!("± {tolerance:.prec$} {unit}", prec = decimals + 1),
            note: None,
            pass,
        }
    }

    pub fn with_note(mut self, note: impl Into<String>) -> Self {
        self.note = Some(note.into());
        self
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn minutes(text: &str, value: f64) -> Figure<'_> {
        Figure {
            text,
            value,
            unit: "minutes",
            decimals: 1,
        }
    }

    #[test]
    fn passes_inside_and_fails_outside_the_tolerance() {
        let inside = Check::numeric("x", "s", minutes("10.1 minutes", 10.1), 0.05, 10.14);
        assert!(inside.pass);
        assert_eq!(inside.computed, "10.140 minutes");
        assert_eq!(inside.tolerance, "± 0.05 minutes");
        let outside = Check::numeric("x", "s", minutes("10.1 minutes", 10.1), 0.05, 10.16);
        assert!(!outside.pass);
    }

    #[test]
    fn non_finite_never_passes() {
        assert!(!Check::numeric("x", "s", minutes("1", 1.0), f64::INFINITY, 5.0).pass);
        assert!(!Check::numeric("x", "s", minutes("1", 1.0), 0.5, f64::NAN).pass);
    }
}
