//! The rules card: N, R and W with the named configurations; strict or partial, the overlap,
//! what reads and writes tolerate, the availability of each quorum, and PBS's closed-form
//! staleness (a partial quorum's stale schedule shown).

use sdlab_quorum::Quorum;
use sdlab_quorum::model::{CONFIGS, Event, Field, State};
use yew::prelude::*;

use super::{GridRow, Send, grid, set};
use crate::widgets::{Select, TextField};

/// An availability from its unavailability U, with the digits U needs: "99.9999999% (U = 1.0e-9)".
fn availability(u: f64) -> String {
    if u.is_nan() || u <= 0.0 {
        return "100% (never unavailable)".into();
    }
    let decimals = ((-u.log10()).ceil() as usize).clamp(1, 14);
    format!("{:.*}% (U = {u:.1e})", decimals, 100.0 * (1.0 - u))
}

fn list(v: &[u32]) -> String {
    v.iter().map(u32::to_string).collect::<Vec<_>>().join(", ")
}

/// The card for `s`, showing `q` (the typed (N, R, W), or the last valid).
pub(crate) fn rules_card(s: &State, q: Quorum, send: &Send) -> Html {
    let err = |f: Field| s.error(f).map(AttrValue::from);
    let a = s.availability();
    let k = s.k();
    let stale_inputs = s.quorum().is_err();
    let config = {
        let send = send.clone();
        Callback::from(move |v: String| {
            if let Some((name, _)) = CONFIGS.iter().find(|(n, _)| *n == v) {
                send.emit(Event::Config(name));
            }
        })
    };
    let mut options = vec![("".to_string(), "Pick one…".to_string())];
    options.extend(CONFIGS.iter().map(|(n, l)| (n.to_string(), l.to_string())));
    let tolerates = q.read_tolerates().min(q.write_tolerates());
    html! {
        <section class="card" aria-labelledby="quorum-rules-title">
            <h2 id="quorum-rules-title">{ "W + R > N, live" }</h2>
            <div class="field-row">
                <TextField id="quorum-n" label="N (replicas per key)" inputmode="numeric" value={s.n.clone()}
                    error={err(Field::N)} oninput={set(send, Field::N)} />
                <TextField id="quorum-r" label="R (read responses)" inputmode="numeric" value={s.r.clone()}
                    error={err(Field::R)} oninput={set(send, Field::R)} />
                <TextField id="quorum-w" label="W (write acks)" inputmode="numeric" value={s.w.clone()}
                    error={err(Field::W)} oninput={set(send, Field::W)} />
            </div>
            <Select id="quorum-config" label="Typical configuration" selected={String::new()} options={options} onchange={config} />
            if stale_inputs {
                <p class="stale-note">{ format!("Showing N = {}, R = {}, W = {}, the last valid values.", q.n, q.r, q.w) }</p>
            }
            <p class="headline" id="quorum-strict" aria-live="polite">
                <strong>{ if q.strict() { "Strict quorum" } else { "Partial quorum" } }</strong>
                <span>{ format!("R + W = {} {} N = {}", q.r + q.w, if q.strict() { ">" } else { "≤" }, q.n) }</span>
            </p>
            <ul class="facts" id="quorum-facts">
                <li>{ if q.strict() {
                    format!("Every read quorum meets every write quorum in at least {} replica{}: a read always sees the latest acknowledged write.",
                        q.min_overlap(), if q.min_overlap() == 1 { "" } else { "s" })
                } else {
                    match q.stale_schedule() {
                        Some((w, r)) => format!("A read can miss the latest write: acked by replicas {} only, the read reaches {}.", list(&w), list(&r)),
                        None => String::new(),
                    }
                } }</li>
                <li>{ format!("Reads survive {} replica failure{}, writes {}; both operations {}. A majority is ⌊N/2⌋ + 1 = {}.",
                    q.read_tolerates(), if q.read_tolerates() == 1 { "" } else { "s" }, q.write_tolerates(), tolerates,
                    Quorum::majority(q.n)) }</li>
                <li>{ if q.writes_intersect() { "2W > N: any two writes share a replica, which can order them.".to_string() }
                      else { "2W ≤ N: two writes can land on disjoint replicas (concurrent writes go unnoticed until read).".to_string() } }</li>
            </ul>
            <h3>{ "Availability (k of N, independent replicas)" }</h3>
            <TextField id="quorum-avail" label="Each replica up" suffix="%" value={s.avail.clone()} error={err(Field::Avail)}
                oninput={set(send, Field::Avail)} hint="the availability lab's vocabulary: the fraction of time a replica answers" />
            { grid("quorum-avail-table", "Quorum availability", &[], 9, vec![
                GridRow { id: Some("quorum-read-avail"), ..GridRow::new(vec![format!("Read quorum ({} of {})", q.r, q.n), availability(q.read_unavailability(a))]) },
                GridRow { id: Some("quorum-write-avail"), ..GridRow::new(vec![format!("Write quorum ({} of {})", q.w, q.n), availability(q.write_unavailability(a))]) },
            ]) }
            <h3>{ "Closed-form staleness (PBS §3)" }</h3>
            <TextField id="quorum-k" label="k (versions tolerated)" inputmode="numeric" value={s.k.clone()} error={err(Field::K)}
                oninput={set(send, Field::K)} />
            { grid("quorum-closed", "Closed-form staleness", &[], 9, vec![
                GridRow { id: Some("quorum-p-stale"), ..GridRow::new(vec!["P(read misses the latest write), p_s = C(N−W, R) / C(N, R)".into(), format!("{:.6}", q.p_stale())]) },
                GridRow { id: Some("quorum-within-k"), ..GridRow::new(vec![format!("P(one of the last {k} versions) = 1 − p_s^{k}"), format!("{:.6}", q.p_consistent_within(k))]) },
            ]) }
            <p class="muted small">{ "Random read and write sets that never grow after the write: the Monte Carlo below adds the write's spread to every replica (expanding quorums), so it is never more stale than this." }</p>
        </section>
    }
}
