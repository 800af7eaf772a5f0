//! The incident-log card (reference §2.1): availability, MTBF, MTTR and the SLO budget spent,
//! worked back from pasted outages or a CSV export, with maintenance windows excluded; lines that
//! cannot be read are listed beside the field while the others still count.

use std::rc::Rc;

use sdlab_nines::lab::LabEvent;
use sdlab_nines::lab_view::{INCIDENT_DEFINITIONS, IncidentsView};
use yew::prelude::*;

use super::Send;
use crate::widgets::{Downloads, TextField, event_value};

#[derive(Properties, PartialEq)]
pub(crate) struct IncidentsProps {
    pub text: String,
    pub from: String,
    pub to: String,
    pub maintenance: String,
    pub view: Rc<IncidentsView>,
    pub send: Send,
}

#[component]
pub(crate) fn IncidentsCard(props: &IncidentsProps) -> Html {
    let send = &props.send;
    let v = &props.view;
    let on_area = |f: fn(String) -> LabEvent| send.reform(move |e: InputEvent| f(event_value(&e)));
    html! {
        <section class="card incidents-card" aria-labelledby="lab-incidents-title">
            <h2 id="lab-incidents-title">{ "From an incident log" }</h2>
            <p class="muted small">{ "Paste outages, one per line as “start, end” or “start, duration” (2026-03-02 10:15, 37m), or a CSV export with a header row \
                                       (PagerDuty, Opsgenie, Statuspage: the start and end columns are found by name). Times are YYYY-MM-DD HH:MM[:SS], in UTC unless \
                                       they end in an offset (Z, +02:00, -0500). Overlapping and touching outages are merged, maintenance windows are removed from \
                                       both downtime and total time, and failures and repairs are counted separately. A line that cannot be read is skipped and named." }</p>
            <div class="incidents-grid">
                <div class={classes!("field", v.outages_error.is_some().then_some("invalid"))}>
                    <label for="lab-incidents">{ "Outages" }</label>
                    <textarea id="lab-incidents" rows="7" value={props.text.clone()} oninput={on_area(LabEvent::SetIncidents)}
                        aria-invalid={v.outages_error.is_some().to_string()}
                        aria-describedby={v.outages_error.as_ref().map(|_| "lab-incidents-error")} />
                    if let Some(e) = &v.outages_error { <p class="field-error" id="lab-incidents-error" role="alert">{ e.clone() }</p> }
                    if let Some(cut) = &v.link_cut { <p class="stale-note" id="lab-incidents-link-cut">{ cut.clone() }</p> }
                </div>
                <div>
                    <div class="field-row">
                        <TextField id="lab-incidents-from" label="Window start (UTC)" inputmode="text"
                            value={props.from.clone()} error={v.from_error.clone().map(AttrValue::from)} oninput={send.reform(LabEvent::SetIncidentsFrom)} />
                        <TextField id="lab-incidents-to" label="Window end (UTC)" inputmode="text"
                            value={props.to.clone()} error={v.to_error.clone().map(AttrValue::from)} oninput={send.reform(LabEvent::SetIncidentsTo)} />
                    </div>
                    <div class={classes!("field", v.maintenance_error.is_some().then_some("invalid"))}>
                        <label for="lab-maintenance">{ "Declared maintenance (excluded)" }</label>
                        <textarea id="lab-maintenance" rows="2" value={props.maintenance.clone()} oninput={on_area(LabEvent::SetMaintenance)}
                            aria-invalid={v.maintenance_error.is_some().to_string()}
                            aria-describedby={v.maintenance_error.as_ref().map(|_| "lab-maintenance-error")} />
                        if let Some(e) = &v.maintenance_error { <p class="field-error" id="lab-maintenance-error" role="alert">{ e.clone() }</p> }
                    </div>
                </div>
            </div>
            { match &v.result {
                Ok(r) => html! {
                    <>
                    <table class="budget compact-table" id="lab-incident-results">
                        <tbody>
                            <tr><th scope="row">{ "Availability" }</th><td id="lab-incident-availability"><strong>{ r.availability.clone() }</strong>
                                <span class="muted">{ format!(" {}", r.nines) }</span></td></tr>
                            { for r.rows.iter().map(|row| html! {
                                <tr><th scope="row">{ row.label.clone() }</th><td>{ row.value.clone() }</td></tr>
                            }) }
                            <tr id="lab-incident-budget"><th scope="row">{ r.budget.label.clone() }</th>
                                <td class={classes!(r.over_budget.then_some("fail-text"))}>{ r.budget.value.clone() }</td></tr>
                        </tbody>
                    </table>
                    <p class="muted small" id="lab-incident-lines">{ r.lines.clone() }</p>
                    <Downloads name="lab-incident-results" csv={Rc::new(r.table())} />
                    </>
                },
                Err(message) => html! { <p class="field-error" role="alert" id="lab-incident-error">{ message.clone() }</p> },
            } }
            <p class="muted small">{ INCIDENT_DEFINITIONS }</p>
        </section>
    }
}
