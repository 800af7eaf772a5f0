//! The skew page's state in the link: the preset, every choice and every field's text, read
//! field by field (an unknown token costs that field only and is reported).

use sdlab_skew::capacity::{CapSource, ThrottleModel};
use sdlab_skew::dist::DistKind;
use sdlab_skew::place::Scheme;
use sdlab_skew::state::{Event, Field, Preset, State};

use crate::permalink::Query;
use crate::tool::ToolModel;

/// `map=clustered|scattered`.
#[derive(Clone, Copy, PartialEq)]
pub(crate) struct Scattered(pub bool);

impl std::str::FromStr for Scattered {
    type Err = String;
    fn from_str(s: &str) -> Result<Self, String> {
        match s {
            "clustered" => Ok(Scattered(false)),
            "scattered" => Ok(Scattered(true)),
            _ => Err("map is clustered or scattered".into()),
        }
    }
}

/// `burst=off|on`.
#[derive(Clone, Copy, PartialEq)]
pub(crate) struct Burst(pub bool);

impl std::str::FromStr for Burst {
    type Err = String;
    fn from_str(s: &str) -> Result<Self, String> {
        match s {
            "off" => Ok(Burst(false)),
            "on" => Ok(Burst(true)),
            _ => Err("burst is off or on".into()),
        }
    }
}

/// `compare=none|<scheme>`.
#[derive(Clone, Copy, PartialEq)]
pub(crate) struct Compare(pub Option<Scheme>);

impl std::str::FromStr for Compare {
    type Err = String;
    fn from_str(s: &str) -> Result<Self, String> {
        if s == "none" {
            Ok(Compare(None))
        } else {
            s.parse().map(|v| Compare(Some(v)))
        }
    }
}

pub(crate) fn compare_token(c: Option<Scheme>) -> String {
    c.map_or_else(|| "none".to_string(), |s| s.token().to_string())
}

impl ToolModel for State {
    type Event = Event;

    fn update(&mut self, event: Event) {
        State::update(self, event);
    }

    fn from_query(q: &Query) -> (Self, Vec<String>) {
        let mut problems = Vec::new();
        let preset = q.choice("preset", Preset::Zipf, &mut problems);
        let base = if preset == Preset::Custom {
            Preset::Zipf
        } else {
            preset
        };
        let mut state = State::from_config(base, &base.config());
        let dist: DistKind = q.choice("dist", state.dist, &mut problems);
        state.update(Event::Dist(dist));
        state.update(Event::Scattered(
            q.choice("map", Scattered(state.scattered), &mut problems).0,
        ));
        state.update(Event::Scheme(q.choice(
            "scheme",
            state.scheme,
            &mut problems,
        )));
        state.update(Event::Compare(
            q.choice("compare", Compare(state.compare), &mut problems).0,
        ));
        state.update(Event::Model(q.choice::<ThrottleModel>(
            "model",
            state.model,
            &mut problems,
        )));
        state.update(Event::Caps(q.choice::<CapSource>(
            "caps",
            state.caps,
            &mut problems,
        )));
        state.update(Event::Burst(
            q.choice("burst", Burst(state.burst), &mut problems).0,
        ));
        for f in Field::ALL {
            if q.get(f.key()).is_some() {
                let text = q.text(f.key(), state.text(f), &mut problems);
                state.update(Event::Text(f, text));
            }
        }
        // The preset's name survives when the link holds exactly its values.
        let mut pristine = State::from_config(base, &base.config());
        pristine.preset = state.preset;
        state.preset = if state == pristine {
            base
        } else {
            Preset::Custom
        };
        (state, problems)
    }

    fn to_query(&self) -> Query {
        let mut q = Query::default();
        q.push("preset", self.preset.token());
        q.push("dist", self.dist.token());
        q.push(
            "map",
            if self.scattered {
                "scattered"
            } else {
                "clustered"
            },
        );
        q.push("scheme", self.scheme.token());
        q.push("compare", compare_token(self.compare));
        q.push("model", self.model.token());
        q.push("caps", self.caps.token());
        q.push("burst", if self.burst { "on" } else { "off" });
        for f in Field::ALL {
            q.push(f.key(), self.text(f).to_string());
        }
        q
    }
}
