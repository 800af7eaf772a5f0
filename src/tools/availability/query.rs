//! The lab's state in the link: a preset's name (or the whole diagram as JSON when edited), the
//! simulation settings, the SLO, the calendar and, when changed from the example, the incident
//! log. Read field by field: a value that is not understood costs that field only.

use sdlab_nines::diagram::Diagram;
use sdlab_nines::lab::{LabEvent, LabState};
use sdlab_nines::lab_view::MAX_LINK_INCIDENT_CHARS;
use sdlab_nines::presets;
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
}
