//! The lab's state in the link: a preset's name (or, when edited, the whole diagram in its
//! compact form, `d=1…`, see `sdlab_nines::link`), the simulation settings, the SLO, the
//! calendar and, when changed from the example, the incident log. Read field by field: a value
//! that is not understood costs that field only. Older links carry the diagram as JSON
//! (`d={…}`), which is still read.

use sdlab_nines::diagram::Diagram;
use sdlab_nines::lab::{LabEvent, LabState};
use sdlab_nines::lab_view::MAX_LINK_INCIDENT_CHARS;
use sdlab_nines::{link, presets};
use sdlab_sim::units::format_grouped;

use crate::permalink::Query;
use crate::tool::ToolModel;
use crate::widgets::parse_number;

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
            Some(text) => match read_diagram(&text).and_then(|d| d.validate().map(|()| d)) {
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
                // The simulation runs whole years; the link then says what ran.
                Ok(v) if v.fract() != 0.0 => {
                    state.update(LabEvent::SetYears(v.round()));
                    problems.push(format!(
                        "years={years}: whole years only, simulating {}",
                        v.round()
                    ));
                }
                Ok(v) => state.update(LabEvent::SetYears(v)),
                Err(e) => problems.push(format!("years: {e}")),
            }
        }
        if let Some(seed) = q.get("seed") {
            match seed.trim().parse::<u64>() {
                Ok(v) => state.update(LabEvent::SetSeed(v)),
                Err(_) => problems.push("seed: not a whole number".into()),
            }
        }
        if let Some(text) = q.long_text("inc", MAX_LINK_INCIDENT_CHARS, &mut problems) {
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
        state.calendar.year = q.choice("year", state.calendar.year, &mut problems);
        state.calendar.month = q.choice("month", state.calendar.month, &mut problems);
        (state, problems)
    }

    fn to_query(&self) -> Query {
        let mut q = Query::default();
        match &self.preset {
            Some(slug) => q.push("preset", slug.clone()),
            None => q.push("d", write_diagram(&self.diagram)),
        }
        q.push("years", format_grouped(self.years, 0).replace(',', ""));
        q.push("seed", self.seed.to_string());
        q.push("slo", self.slo_text.clone());
        q.push("window", self.window.to_string());
        q.push("burn", self.burn_text.clone());
        q.push("tl", self.timeline_text.clone());
        let default = sdlab_nines::Calendar::default();
        if self.calendar != default {
            q.push("year", self.calendar.year.to_string());
            q.push("month", self.calendar.month.to_string());
        }
        let example = LabState::default();
        if self.incidents_text != example.incidents_text
            || self.incidents_from != example.incidents_from
            || self.incidents_to != example.incidents_to
            || self.maintenance_text != example.maintenance_text
        {
            q.push(
                "inc",
                self.incidents_text
                    .chars()
                    .take(MAX_LINK_INCIDENT_CHARS)
                    .collect::<String>(),
            );
            q.push("from", self.incidents_from.clone());
            q.push("to", self.incidents_to.clone());
            q.push("maint", self.maintenance_text.clone());
        }
        q
    }
}

/// A diagram from a link: JSON (older links, `{…}`) or the compact form.
fn read_diagram(text: &str) -> Result<Diagram, String> {
    if text.trim_start().starts_with('{') {
        serde_json::from_str(text)
            .map_err(|e| format!("the diagram in the link is not valid JSON ({e})"))
    } else {
        link::decode(text).map_err(|e| format!("the diagram in the link is damaged: {e}"))
    }
}

/// The compact form of a diagram; JSON for one the compact form cannot hold (a block naming a
/// component the diagram lacks, which the editor never makes).
fn write_diagram(d: &Diagram) -> String {
    link::encode(d).unwrap_or_else(|_| serde_json::to_string(d).unwrap_or_default())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fractional_years_in_a_link_run_what_the_link_then_says() {
        let (state, problems) = LabState::from_query(&Query::parse("years=2.5"));
        assert_eq!(state.years, 3.0);
        assert_eq!(state.to_query().get("years"), Some("3"));
        assert!(problems[0].contains("whole years"), "{problems:?}");
    }

    #[test]
    fn the_calendar_round_trips_and_stays_out_of_default_links() {
        let state = LabState::default();
        assert!(state.to_query().get("year").is_none());
        let (state, problems) = LabState::from_query(&Query::parse("year=365.2425&month=year/12"));
        assert!(problems.is_empty(), "{problems:?}");
        let (back, _) = LabState::from_query(&state.to_query());
        assert_eq!(back.calendar, state.calendar);
        assert_ne!(back.calendar, sdlab_nines::Calendar::default());
    }

    #[test]
    fn a_long_incident_log_survives_a_link_up_to_the_stated_limit() {
        let mut state = LabState::default();
        let line = "2026-03-02 10:15, 2026-03-02 10:52\n";
        let log = line.repeat(200);
        assert!(log.len() > 4_000 && log.len() < MAX_LINK_INCIDENT_CHARS);
        state.update(LabEvent::SetIncidents(log.clone()));
        let (back, problems) = LabState::from_query(&Query::parse(&state.to_query().encode()));
        assert!(problems.is_empty(), "{problems:?}");
        assert_eq!(back.incidents_text, log);
    }

    /// Every preset with a renamed block, a changed MTBF and an added component.
    fn edited_presets() -> Vec<LabState> {
        presets::all()
            .into_iter()
            .map(|p| {
                let mut state = LabState::from_preset(p.slug);
                let id = state.diagram.components[0].id.clone();
                state.update(LabEvent::Rename {
                    path: vec![],
                    label: "Front door ✓".into(),
                });
                state.update(LabEvent::SetComponent {
                    id,
                    field: sdlab_nines::lab::ComponentField::MtbfHours,
                    value: 1_234.5,
                });
                state.update(LabEvent::Add {
                    parent: vec![],
                    kind: sdlab_nines::lab::NewBlock::Component,
                });
                assert_eq!(state.preset, None, "{}", p.slug);
                state
            })
            .collect()
    }

    #[test]
    fn an_edited_diagram_makes_a_short_link_that_opens_the_same_diagram() {
        for state in edited_presets() {
            let link = state.to_query().encode();
            let d = state.to_query().get("d").map(str::to_string);
            assert!(d.is_some_and(|d| d.starts_with(link::VERSION)), "{link}");
            assert!(link.len() < 400, "{} characters: {link}", link.len());
            let (back, problems) = LabState::from_query(&Query::parse(&link));
            assert!(problems.is_empty(), "{problems:?}");
            assert_eq!(back.diagram, state.diagram);
            assert_eq!(
                back.to_query().encode(),
                link,
                "opening a link does not rewrite it"
            );
        }
    }

    #[test]
    fn an_old_json_link_still_opens_and_is_rewritten_compactly() {
        for state in edited_presets() {
            let mut old = Query::default();
            old.push(
                "d",
                serde_json::to_string(&state.diagram).expect("serialises"),
            );
            old.push("years", "300");
            let (back, problems) = LabState::from_query(&Query::parse(&old.encode()));
            assert!(problems.is_empty(), "{problems:?}");
            assert_eq!(back.diagram, state.diagram);
            assert_eq!(back.years, 300.0);
            assert_eq!(back.to_query().get("d"), state.to_query().get("d"));
        }
    }

    #[test]
    fn a_damaged_diagram_costs_the_diagram_only() {
        let state = &edited_presets()[2];
        let d = state.to_query().get("d").unwrap_or_default().to_string();
        let cut = &d[..d.len() / 2];
        for (bad, says, why) in [
            (cut, "the diagram in the link is damaged", "cut short"),
            (
                "9abc",
                "the diagram in the link is damaged",
                "starts with “9”",
            ),
            (
                "{\"name\": 1",
                "the diagram in the link is not valid JSON",
                "JSON",
            ),
        ] {
            let (back, problems) =
                LabState::from_query(&Query::parse(&format!("d={bad}&years=300&seed=7&slo=99.5")));
            assert_eq!(problems.len(), 1, "{problems:?}");
            assert!(problems[0].starts_with(says), "{problems:?}");
            assert!(problems[0].contains(why), "{problems:?}");
            assert_eq!(back.preset.as_deref(), Some("web-stack"));
            assert_eq!((back.years, back.seed), (300.0, 7));
            assert_eq!(back.slo_text, "99.5");
        }
    }

    #[test]
    fn a_compact_diagram_that_breaks_a_rule_is_refused_with_the_rule() {
        let mut d = presets::quorum_store().diagram;
        if let sdlab_nines::diagram::Node::KOfN { k, .. } = &mut d.root {
            *k = 9;
        }
        let text = link::encode(&d).expect("encodes");
        let (_, problems) = LabState::from_query(&Query::parse(&format!("d={text}")));
        assert!(problems[0].contains("k must be"), "{problems:?}");
    }
}
