//! The consistent-hashing lab's state ↔ URL query, field by field: an unknown token costs that
//! field only and is listed in the link-problems notice.
//!
//! Nodes are `n=0,1,2:2,5` (ids in position order, `:w` a weight other than 1); `prev` is the
//! node list before the last change, so a shared link shows the same movement.

use sdlab_ring::Node;
use sdlab_ring::algo::Algo;
use sdlab_ring::model::{Event, LIVE_MAX_NODES, State, ZOOMS};
use sdlab_sim::hash::KeyHash;

use crate::permalink::Query;
use crate::tool::ToolModel;

/// `0,1,2:2` → nodes, or why not.
pub(crate) fn parse_nodes(text: &str) -> Result<Vec<Node>, String> {
    let mut nodes = Vec::new();
    for token in text.split(',').filter(|t| !t.trim().is_empty()) {
        let (id, weight) = match token.split_once(':') {
            Some((id, w)) => (
                id,
                w.trim()
                    .parse::<f64>()
                    .map_err(|_| format!("bad weight in “{token}”"))?,
            ),
            None => (token, 1.0),
        };
        let id: u32 = id
            .trim()
            .parse()
            .ok()
            .filter(|&id| id < 100_000)
            .ok_or_else(|| format!("bad node id in “{token}”"))?;
        if !(weight.is_finite() && weight > 0.0 && weight <= 1_000.0) {
            return Err(format!("bad weight in “{token}”"));
        }
        if nodes.iter().any(|n: &Node| n.id == id) {
            return Err(format!("node {id} is listed twice"));
        }
        nodes.push(Node { id, weight });
    }
    if nodes.is_empty() || nodes.len() > LIVE_MAX_NODES {
        return Err(format!("1 to {LIVE_MAX_NODES} nodes"));
    }
    Ok(nodes)
}

/// Nodes → `0,1,2:2`.
pub(crate) fn nodes_text(nodes: &[Node]) -> String {
    nodes
        .iter()
        .map(|n| {
            if n.weight == 1.0 {
                n.id.to_string()
            } else {
                format!("{}:{}", n.id, n.weight)
            }
        })
        .collect::<Vec<_>>()
        .join(",")
}

impl ToolModel for State {
    type Event = Event;

    fn update(&mut self, event: Event) {
        State::update(self, event);
    }

    fn from_query(q: &Query) -> (Self, Vec<String>) {
        let mut problems = Vec::new();
        let d = State::default();
        let algo: Algo = q.choice("algo", d.algo, &mut problems);
        let hash = match q.get("hash") {
            None => d.hash,
            Some(v) => KeyHash::from_name(v).unwrap_or_else(|| {
                problems.push(format!(
                    "hash=“{}”: use xxh64, murmur3, fnv1a or md5",
                    clip(v)
                ));
                d.hash
            }),
        };
        let nodes = match q.get("n") {
            None => d.nodes.clone(),
            Some(v) => parse_nodes(v).unwrap_or_else(|e| {
                problems.push(format!("n=“{}”: {e}", clip(v)));
                d.nodes.clone()
            }),
        };
        let prev = q.get("prev").and_then(|v| {
            parse_nodes(v)
                .map_err(|e| problems.push(format!("prev=“{}”: {e}", clip(v))))
                .ok()
        });
        let number = |key: &str, default: u32, problems: &mut Vec<String>| match q.get(key) {
            None => default,
            Some(v) => v.parse().unwrap_or_else(|_| {
                problems.push(format!("{key}=“{}”: not a whole number", clip(v)));
                default
            }),
        };
        let zoom = number("zoom", d.zoom, &mut problems);
        let zoom = if ZOOMS.contains(&zoom) {
            zoom
        } else {
            problems.push(format!("zoom={zoom}: use 1, 4, 16 or 64"));
            d.zoom
        };
        let pan = number("pan", d.pan, &mut problems) % 360;
        let down = q
            .get("down")
            .map(|v| {
                v.split(',')
                    .filter(|t| !t.is_empty())
                    .filter_map(|t| {
                        t.parse::<u32>()
                            .ok()
                            .filter(|id| nodes.iter().any(|n| n.id == *id))
                            .or_else(|| {
                                problems.push(format!("down=“{}”: not a node", clip(t)));
                                None
                            })
                    })
                    .collect()
            })
            .unwrap_or_default();
        let mut s = d.clone();
        s.algo = algo;
        s.hash = hash;
        s.prev = prev;
        s.vnodes_text = q.text("v", &d.vnodes_text, &mut problems);
        s.keys_text = q.text("keys", &d.keys_text, &mut problems);
        s.seed_text = q.text("seed", &d.seed_text, &mut problems);
        s.probes_text = q.text("k", &d.probes_text, &mut problems);
        s.table_text = q.text("m", &d.table_text, &mut problems);
        s.epsilon_text = q.text("eps", &d.epsilon_text, &mut problems);
        s.replicas_text = q.text("r", &d.replicas_text, &mut problems);
        s.zones_text = q.text("zones", &d.zones_text, &mut problems);
        s.theta_text = q.text("theta", &d.theta_text, &mut problems);
        s.lookup_text = q.text("key", &d.lookup_text, &mut problems);
        s.servers_text = q
            .long_text("servers", 2_000, &mut problems)
            .unwrap_or(d.servers_text.clone());
        s.client_key_text = q.text("ckey", &d.client_key_text, &mut problems);
        s.down = down;
        s.zoom = zoom;
        s.pan = pan;
        s.nodes = nodes;
        let state = State::from_parts(s);
        (state, problems)
    }

    fn to_query(&self) -> Query {
        let mut q = Query::default();
        q.push("algo", self.algo.name());
        q.push("n", nodes_text(&self.nodes));
        if let Some(prev) = &self.prev {
            q.push("prev", nodes_text(prev));
        }
        q.push("v", self.vnodes_text.clone());
        q.push("keys", self.keys_text.clone());
        q.push("seed", self.seed_text.clone());
        q.push("hash", self.hash.name());
        q.push("k", self.probes_text.clone());
        q.push("m", self.table_text.clone());
        q.push("eps", self.epsilon_text.clone());
        q.push("r", self.replicas_text.clone());
        q.push("zones", self.zones_text.clone());
        q.push("theta", self.theta_text.clone());
        q.push("key", self.lookup_text.clone());
        q.push("servers", self.servers_text.clone());
        q.push("ckey", self.client_key_text.clone());
        if !self.down.is_empty() {
            q.push(
                "down",
                self.down
                    .iter()
                    .map(u32::to_string)
                    .collect::<Vec<_>>()
                    .join(","),
            );
        }
        if self.zoom != 1 {
            q.push("zoom", self.zoom.to_string());
            q.push("pan", self.pan.to_string());
        }
        q
    }
}

fn clip(v: &str) -> String {
    v.chars().take(40).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn links_round_trip_and_bad_fields_cost_only_themselves() {
        let mut s = State::default();
        s.update(Event::AddNode);
        s.update(Event::SetWeight(2, 2.0));
        s.update(Event::SetAlgo(Algo::Maglev));
        s.update(Event::ToggleDown(3));
        let (back, problems) = State::from_query(&Query::parse(&s.to_query().encode()));
        assert!(problems.is_empty(), "{problems:?}");
        assert_eq!(back, s);
        let (bad, problems) = State::from_query(&Query::parse(
            "algo=nope&n=1,1&v=abc&zoom=3&down=99&hash=sha",
        ));
        assert_eq!(problems.len(), 5, "{problems:?}");
        assert_eq!(bad.algo, Algo::Ring);
        assert_eq!(bad.nodes.len(), 6);
        assert_eq!(bad.vnodes_text, "abc");
        assert!(bad.stale());
    }
}
