//! The consistency-levels card: replicas per data centre (the book's 3+3), each level's
//! acknowledgements, the failures it tolerates and whether it survives a remote data centre
//! going down, and whether the chosen write and read levels always overlap, with a
//! counterexample when they do not.

use sdlab_quorum::levels::{self, Level};
use sdlab_quorum::model::{Event, Field, State};
use yew::prelude::*;

use super::{GridRow, Send, grid, level_options, set};
use crate::widgets::{Select, TextField};

struct Props {
    dcs: String,
    dcs_error: Option<String>,
    write: Level,
    read: Level,
}

fn counts(c: &[u32]) -> String {
    c.iter()
        .enumerate()
        .map(|(i, n)| format!("{n} in DC{}", i + 1))
        .collect::<Vec<_>>()
        .join(" + ")
}

pub(crate) fn levels_card(state: &State, send: &Send) -> Html {
    let props = Props {
        dcs: state.dcs.clone(),
        dcs_error: state.error(Field::Dcs),
        write: state.write_level,
        read: state.read_level,
    };
    let dcs = levels::parse_dcs(&props.dcs).unwrap_or_else(|_| vec![3, 3]);
    let pick = |f: fn(Level) -> Event| {
        let send = send.clone();
        Callback::from(move |v: String| {
            if let Some(l) = Level::parse(&v) {
                send.emit(f(l));
            }
        })
    };
    let verdict = levels::overlap_counterexample(props.write, props.read, &dcs);
    let rf: u32 = dcs.iter().sum();
    html! {
        <section class="card" aria-labelledby="quorum-levels-title">
            <h2 id="quorum-levels-title">{ "Consistency levels across data centres" }</h2>
            <TextField id="quorum-dcs" label="Replicas per data centre" inputmode="text" value={props.dcs.clone()}
                error={props.dcs_error.clone().map(AttrValue::from)} oninput={set(send, Field::Dcs)}
                hint="e.g. 3+3, the coordinator's data centre first (the book's example keyspace)" />
            { grid("quorum-levels", "Consistency levels", &["Level", "Waits for", "Tolerates", "A remote DC down", "Book's label"], 1,
                Level::ALL.iter().map(|&l| {
                    let f = levels::facts(l, &dcs);
                    let remote = dcs.len() > 1 && f.survives_dc_loss.iter().skip(1).all(|&ok| ok);
                    GridRow::new(vec![
                        l.token().to_string(),
                        if l == Level::Any { "1 node".to_string() } else { format!("{} of {rf}", f.waits_for) },
                        f.tolerates.to_string(),
                        (if dcs.len() < 2 { "—" } else if remote { "succeeds" } else { "fails" }).to_string(),
                        l.book_label().to_string(),
                    ])
                }).collect()) }
            <p class="muted small">{ "ANY is met by any node holding a hint, even with every replica down. Writes are sent to all replicas and wait for the level's acknowledgements; reads wait for as many responses. “Tolerates” is the worst case: any that many replicas down. ONE, TWO, THREE and LOCAL_ONE are Cassandra's levels, not the book's (standard result)." }</p>
            <div class="field-row">
                <Select id="quorum-wl" label="Write level" selected={props.write.token().to_string()} options={level_options()} onchange={pick(Event::WriteLevel)} />
                <Select id="quorum-rl" label="Read level" selected={props.read.token().to_string()} options={level_options()} onchange={pick(Event::ReadLevel)} />
            </div>
            <p class="headline" id="quorum-overlap" aria-live="polite">
                { match &verdict {
                    None => html! { <><strong class="pass-text">{ "Always overlap" }</strong>
                        <span>{ format!("every {} write meets every {} read in a replica", props.write, props.read) }</span></> },
                    Some((w, r)) => html! { <><strong class="fail-text">{ "Can miss" }</strong>
                        <span>{ format!("a {} write acked by {} and a {} read of {} share no replica", props.write, counts(w), props.read, counts(r)) }</span></> },
                } }
            </p>
            if matches!((props.write, props.read), (Level::Quorum, Level::Quorum) | (Level::LocalQuorum, Level::LocalQuorum)) {
                <p class="muted small">{ "The book files QUORUM and LOCAL_QUORUM under “weak consistency”; the overlap rule above is what decides whether a read sees the latest write (LOCAL_QUORUM only for clients in the same data centre)." }</p>
            }
        </section>
    }
}
