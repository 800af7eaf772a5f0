//! The animator's state ↔ its link: the settings, every field's text, the operation log (its
//! commands, generators kept compact) and the cursor. Read field by field: a bad token costs
//! that token only and is listed in the link notice.

use sdlab_bptree::animator::State;
use sdlab_bptree::ops::Cmd;

use crate::permalink::Query;
use crate::tool::ToolModel;

/// The longest operation log a link may carry (2,000 operations of up to ~20 characters).
const MAX_OPS_CHARS: usize = 48_000;

/// The commands of a log text, and a problem for each token that is not one.
fn lenient_cmds(text: &str, problems: &mut Vec<String>) -> Vec<Cmd> {
    let mut cmds = Vec::new();
    let mut bad = Vec::new();
    for token in text.split(',').map(str::trim).filter(|t| !t.is_empty()) {
        match sdlab_bptree::ops::parse_cmds(token) {
            Ok(mut c) if c.len() == 1 => cmds.append(&mut c),
            _ => bad.push(token.chars().take(20).collect::<String>()),
        }
    }
    if !bad.is_empty() {
        problems.push(format!(
            "ops: skipped {} token(s) that are not operations: “{}”",
            bad.len(),
            bad.join("”, “")
        ));
    }
    cmds
}

impl ToolModel for State {
    type Event = sdlab_bptree::animator::Event;

    fn update(&mut self, event: Self::Event) {
        State::update(self, event);
    }

    fn from_query(q: &Query) -> (Self, Vec<String>) {
        let mut problems = Vec::new();
        let d = State::default();
        let cmds = match q.long_text("ops", MAX_OPS_CHARS, &mut problems) {
            Some(text) => lenient_cmds(&text, &mut problems),
            None if q.get("ops").is_some() => Vec::new(),
            None => d.cmds().to_vec(),
        };
        let order_text = q.text("d", &d.order_text, &mut problems);
        let mut s = State::new(
            &order_text,
            q.choice("sz", d.sizing, &mut problems),
            q.choice("kt", d.key_type, &mut problems),
            q.choice("split", d.split, &mut problems),
            q.choice("borrow", d.borrow, &mut problems),
            cmds,
        );
        s.key_text = q.text("k", &d.key_text, &mut problems);
        s.range_text = q.text("r", &d.range_text, &mut problems);
        s.list_text = q.text("list", &d.list_text, &mut problems);
        s.workload = q.choice("wl", d.workload, &mut problems);
        s.count_text = q.text("n", &d.count_text, &mut problems);
        s.seed_text = q.text("seed", &d.seed_text, &mut problems);
        s.fill_text = q.text("fill", &d.fill_text, &mut problems);
        s.cmp_keys_text = q.text("cn", &d.cmp_keys_text, &mut problems);
        s.cmp_pair = q.choice("cp", d.cmp_pair, &mut problems);
        s.cmp_seed_text = q.text("cs", &d.cmp_seed_text, &mut problems);
        match q.get("speed").map(str::parse::<u32>) {
            None => {}
            Some(Ok(v)) if sdlab_bptree::animator::SPEEDS.contains(&v) => s.speed = v,
            Some(_) => problems.push("speed: not one of 1, 2, 4, 8 or 16 steps per second".into()),
        }
        if let Some(at) = q.get("at") {
            let parsed = at
                .split_once('.')
                .and_then(|(o, st)| Some((o.parse::<usize>().ok()?, st.parse::<usize>().ok()?)));
            match parsed {
                Some((op, step)) => s.set_cursor(op, step),
                None => problems.push(format!(
                    "at=“{}”: not an operation.step position",
                    at.chars().take(20).collect::<String>()
                )),
            }
        }
        (s, problems)
    }

    fn to_query(&self) -> Query {
        let mut q = Query::default();
        q.push("d", self.order_text.clone());
        q.push("sz", self.sizing.to_string());
        q.push("kt", self.key_type.to_string());
        q.push("split", self.split.to_string());
        q.push("borrow", self.borrow.to_string());
        let ops: Vec<String> = self.cmds().iter().map(ToString::to_string).collect();
        q.push("ops", ops.join(","));
        q.push("at", format!("{}.{}", self.cursor.0, self.cursor.1));
        q.push("speed", self.speed.to_string());
        q.push("k", self.key_text.clone());
        q.push("r", self.range_text.clone());
        q.push("list", self.list_text.clone());
        q.push("wl", self.workload.to_string());
        q.push("n", self.count_text.clone());
        q.push("seed", self.seed_text.clone());
        q.push("fill", self.fill_text.clone());
        q.push("cn", self.cmp_keys_text.clone());
        q.push("cp", self.cmp_pair.to_string());
        q.push("cs", self.cmp_seed_text.clone());
        q
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_state_survives_its_link_and_junk_costs_only_its_field() {
        let mut s = State::default();
        s.update(sdlab_bptree::animator::Event::SetKey("77".into()));
        s.update(sdlab_bptree::animator::Event::Insert);
        s.update(sdlab_bptree::animator::Event::Back);
        let q = s.to_query();
        let (back, problems) = State::from_query(&Query::parse(&q.encode()));
        assert!(problems.is_empty(), "{problems:?}");
        assert_eq!(back.to_query(), q);
        assert_eq!(back.cursor, s.cursor);
        let (mangled, problems) = State::from_query(&Query::parse(
            "d=abc&ops=i:5,zz,i:7&at=x&split=sideways&speed=3",
        ));
        assert_eq!(problems.len(), 4, "{problems:?}");
        assert_eq!(mangled.cmds().len(), 2);
        assert!(mangled.view().order_error.is_some());
    }
}
