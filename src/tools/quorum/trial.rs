//! One sampled trial as a space-time diagram: lanes for the write coordinator, the replicas and
//! the read coordinator; every message an arrow from its send to its arrival, drawn in order
//! (an animation that respects reduced motion); the commit and the read's start marked; and in
//! words why this read was fresh or stale. "Show me a stale trial" finds the next stale trial by
//! index, so the view stays a permalink.

use std::rc::Rc;

use sdlab_quorum::model::{Event, Field};
use sdlab_quorum::trace::{Trace, first_stale, trace};
use sdlab_quorum::wars::Spec;
use yew::prelude::*;

use super::{Send, ms, set};
use crate::widgets::TextField;

/// Trials searched by "Show me a stale trial".
const SEARCH: u64 = 20_000;
const WIDTH: f64 = 720.0;
const LEFT: f64 = 92.0;
const LANE: f64 = 34.0;

pub(crate) struct TrialProps {
    pub spec: Option<Rc<Spec>>,
    pub seed: u64,
    pub trial: String,
    pub trial_t: String,
    pub trial_error: Option<String>,
    pub trial_t_error: Option<String>,
    pub send: Send,
    /// What "Show me a stale trial" last had to say.
    pub notice: UseStateHandle<Option<String>>,
}

fn why(tr: &Trace) -> String {
    let read: Vec<_> = tr.lanes.iter().filter(|l| l.in_read_set).collect();
    match read.iter().find(|l| l.fresh) {
        Some(l) => format!(
            "Consistent: replica {} answered the read and already had the write (it arrived at {}, the read request at {}).",
            l.replica,
            ms(l.write_at),
            ms(l.read_at)
        ),
        None => format!(
            "Stale: {}, before the write did ({}).",
            if read.len() == 1 {
                format!(
                    "the read's first response came from replica {}, which got the read request",
                    read[0].replica
                )
            } else {
                format!(
                    "the read's first {} responses came from replicas {}, each of which got the read request",
                    read.len(),
                    read.iter()
                        .map(|l| l.replica.to_string())
                        .collect::<Vec<_>>()
                        .join(", ")
                )
            },
            read.iter()
                .map(|l| format!(
                    "replica {}: read at {}, write at {}",
                    l.replica,
                    ms(l.read_at),
                    if l.down {
                        "never (down)".into()
                    } else {
                        ms(l.write_at)
                    }
                ))
                .collect::<Vec<_>>()
                .join("; ")
        ),
    }
}

fn diagram(tr: &Trace) -> Html {
    let n = tr.lanes.len();
    let height = LANE * (n as f64 + 2.0) + 30.0;
    let finite = |v: f64| v.is_finite().then_some(v);
    let end = tr
        .lanes
        .iter()
        .flat_map(|l| [finite(l.ack_at), finite(l.response_at)])
        .flatten()
        .fold(tr.read_done, f64::max)
        .max(1e-9)
        * 1.04;
    let x = |t: f64| LEFT + (WIDTH - LEFT - 12.0) * (t.min(end) / end);
    let y = |lane: usize| 18.0 + LANE * lane as f64;
    let reader = n + 1;
    // Animation: each arrow starts drawing at its send time, scaled to 3 s in all.
    let delay = |t: f64| format!("animation-delay: {:.2}s", 3.0 * t.min(end) / end);
    let arrow = |t0: f64, l0: usize, t1: f64, l1: usize, class: &'static str| {
        let (x1, y1) = (x(t1), y(l1));
        html! {
            <line x1={format!("{:.1}", x(t0))} y1={format!("{:.1}", y(l0))} x2={format!("{x1:.1}")} y2={format!("{y1:.1}")}
                class={classes!("quorum-msg", class)} pathLength="1" style={delay(t0)} marker-end="url(#quorum-arrow)" />
        }
    };
    let mut lines = Vec::new();
    for (i, l) in tr.lanes.iter().enumerate() {
        let lane = i + 1;
        if l.down {
            lines.push(arrow(0.0, 0, end * 0.15, lane, "quorum-lost"));
            lines.push(arrow(
                tr.read_start,
                reader,
                tr.read_start + end * 0.1,
                lane,
                "quorum-lost",
            ));
            continue;
        }
        lines.push(arrow(0.0, 0, l.write_at, lane, "quorum-write"));
        lines.push(arrow(
            l.write_at,
            lane,
            l.ack_at,
            0,
            if l.acked { "quorum-ack" } else { "quorum-late" },
        ));
        lines.push(arrow(
            tr.read_start,
            reader,
            l.read_at,
            lane,
            if l.in_read_set && !l.fresh {
                "quorum-stale"
            } else {
                "quorum-read"
            },
        ));
        lines.push(arrow(
            l.read_at,
            lane,
            l.response_at,
            reader,
            if l.in_read_set {
                "quorum-response"
            } else {
                "quorum-late"
            },
        ));
    }
    let label = |lane: usize, text: String| {
        html! {
            <text x="4" y={format!("{:.1}", y(lane) + 4.0)} class="quorum-lane-label">{ text }</text>
        }
    };
    html! {
        <svg id="quorum-trial-svg" class="quorum-trial" viewBox={format!("0 0 {WIDTH} {height:.0}")} role="img"
            aria-label={format!("Space-time diagram of trial {}: write and read messages between the coordinators and {n} replicas.", tr.index)}>
            <defs>
                <marker id="quorum-arrow" viewBox="0 0 10 10" refX="9" refY="5" markerWidth="6" markerHeight="6" orient="auto-start-reverse">
                    <path d="M 0 0 L 10 5 L 0 10 z" class="quorum-arrowhead" />
                </marker>
            </defs>
            { for (0..=reader).map(|lane| html! {
                <line x1={LEFT.to_string()} x2={(WIDTH - 12.0).to_string()} y1={format!("{:.1}", y(lane))} y2={format!("{:.1}", y(lane))} class="quorum-lane" />
            }) }
            { label(0, "writer".into()) }
            { for tr.lanes.iter().enumerate().map(|(i, l)| label(i + 1, format!("replica {}{}", l.replica, if l.down { " ✕" } else { "" }))) }
            { label(reader, "reader".into()) }
            <line x1={format!("{:.1}", x(tr.commit))} x2={format!("{:.1}", x(tr.commit))} y1="6" y2={format!("{:.1}", y(reader) + 6.0)} class="quorum-mark" />
            <text x={format!("{:.1}", x(tr.commit) + 3.0)} y={format!("{:.1}", y(reader) + 20.0)} class="quorum-mark-label">{ format!("commit {}", ms(tr.commit)) }</text>
            if tr.t > 0.0 {
                <line x1={format!("{:.1}", x(tr.read_start))} x2={format!("{:.1}", x(tr.read_start))} y1="6" y2={format!("{:.1}", y(reader) + 6.0)} class="quorum-mark" />
            }
            { for lines }
        </svg>
    }
}

pub(crate) fn trial_card(props: TrialProps) -> Html {
    let send = &props.send;
    let notice = props.notice.clone();
    let index = sdlab_quorum::model::whole(&props.trial, 0, u64::MAX).unwrap_or(0);
    let t = sdlab_quorum::model::number(&props.trial_t, 0.0, 1e9).unwrap_or(0.0);
    let find = {
        let (spec, seed, send, notice) =
            (props.spec.clone(), props.seed, send.clone(), notice.clone());
        Callback::from(move |_: MouseEvent| {
            let Some(spec) = &spec else { return };
            match first_stale(spec, seed, index + 1, t, SEARCH) {
                Some(i) => {
                    notice.set(None);
                    send.emit(Event::Set(Field::Trial, i.to_string()));
                }
                None => notice.set(Some(format!(
                    "No stale trial among the next {SEARCH} at t = {}.",
                    ms(t)
                ))),
            }
        })
    };
    let tr = props
        .spec
        .as_ref()
        .map(|spec| trace(spec, props.seed, index, t));
    html! {
        <section class="card" aria-labelledby="quorum-trial-title">
            <h2 id="quorum-trial-title">{ "One sampled trial, message by message" }</h2>
            <div class="field-row">
                <TextField id="quorum-trial" label="Trial" inputmode="numeric" value={props.trial.clone()}
                    error={props.trial_error.clone().map(AttrValue::from)} oninput={set(send, Field::Trial)} />
                <TextField id="quorum-trial-t" label="Read starts after commit" suffix="ms" value={props.trial_t.clone()}
                    error={props.trial_t_error.clone().map(AttrValue::from)} oninput={set(send, Field::TrialT)} />
            </div>
            <div class="button-row">
                <button type="button" class="secondary" id="quorum-stale" onclick={find} disabled={props.spec.is_none()}>{ "Show me a stale trial" }</button>
                if let Some(n) = &*notice { <span class="muted small">{ n.clone() }</span> }
            </div>
            { match &tr {
                Some(tr) => html! {
                    <>
                        <div class="quorum-trial-frame" key={format!("{}-{}", tr.index, tr.t)}>{ diagram(tr) }</div>
                        <ul class="legend quorum-legend" aria-label="Arrows">
                            <li><span class="swatch quorum-key-write"></span>{ "write, and the W acks that commit it" }</li>
                            <li><span class="swatch quorum-key-read"></span>{ "read request, and the R responses it returns" }</li>
                            <li><span class="swatch quorum-key-stale"></span>{ "read request that beat the write (stale)" }</li>
                            <li><span class="swatch quorum-key-late"></span>{ "arrived after it was needed" }</li>
                        </ul>
                        <p id="quorum-trial-why" class={if tr.consistent { "pass-text" } else { "fail-text" }}>{ why(tr) }</p>
                    </>
                },
                None => html! { <p class="warn-text">{ "Fix the fields above to draw a trial." }</p> },
            } }
        </section>
    }
}
