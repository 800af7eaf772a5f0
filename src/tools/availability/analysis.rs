//! The analytic card: the diagram's availability, its downtime per period under the chosen
//! calendar, and which blocks the downtime comes from.

use std::rc::Rc;

use sdlab_nines::lab::LabEvent;
use sdlab_nines::lab_view::AnalyticView;
use sdlab_nines::{Calendar, MonthLen, YearDays};
use yew::prelude::*;

use super::Send;
use crate::widgets::{Downloads, Select};

#[derive(Properties, PartialEq)]
pub(crate) struct AnalyticProps {
    pub view: Rc<Result<AnalyticView, String>>,
    pub calendar: Calendar,
    pub send: Send,
}

#[component]
pub(crate) fn AnalyticCard(props: &AnalyticProps) -> Html {
    let a = match &*props.view {
        Ok(a) => a,
        Err(message) => {
            return html! {
                <section class="card" aria-labelledby="lab-analytic-title">
                    <h2 id="lab-analytic-title">{ "Availability" }</h2>
                    <p class="field-error" role="alert">{ message.clone() }</p>
                </section>
            };
        }
    };
    let calendar = props.calendar;
    let on_year = props.send.reform(move |token: String| {
        LabEvent::SetCalendar(Calendar {
            year: token.parse().unwrap_or(calendar.year),
            ..calendar
        })
    });
    let on_month = props.send.reform(move |token: String| {
        LabEvent::SetCalendar(Calendar {
            month: token.parse().unwrap_or(calendar.month),
            ..calendar
        })
    });
    html! {
        <section class="card" aria-labelledby="lab-analytic-title">
            <h2 id="lab-analytic-title">{ "Availability (analytic)" }</h2>
            <p class="headline" id="lab-availability">
                <strong>{ a.percent.clone() }</strong>
                <span>{ a.nines.clone() }</span>
                <span class="muted">{ a.unavailability.clone() }</span>
            </p>
            <table class="budget compact-table" id="lab-downtime">
                <tbody>
                    { for a.rows.iter().enumerate().map(|(i, r)| html! {
                        <tr><th scope="row">{ r.label.clone() }</th>
                            <td id={(i == 0).then_some("lab-per-year")}>{ r.value.clone() }</td></tr>
                    }) }
                </tbody>
            </table>
            <Downloads name="lab-downtime" csv={Rc::new(a.summary_table())} />
            <div class="field-row">
                <Select id="lab-year" label="Year" selected={calendar.year.to_string()}
                    options={YearDays::ALL.iter().map(|y| (y.to_string(), y.label().to_string())).collect::<Vec<_>>()}
                    onchange={on_year} />
                <Select id="lab-month" label="Month" selected={calendar.month.to_string()}
                    options={MonthLen::ALL.iter().map(|m| (m.to_string(), m.label().to_string())).collect::<Vec<_>>()}
                    onchange={on_month} />
            </div>
            if a.no_frequency {
                <p class="muted small">{ "Outage frequency and duration are not given analytically for diagrams with a standby pair (switch-overs are not component states); the simulation measures them." }</p>
            }
            <h3>{ "Where the downtime comes from" }</h3>
            <div class="table-scroll" tabindex="0" role="region" aria-label="Nines lost per block">
                <table class="spread" id="lab-impacts">
                    <thead><tr><th scope="col">{ "Block" }</th><th scope="col" class="num">{ "Share" }</th><th scope="col" class="num">{ "If perfect" }</th><th scope="col" class="num">{ "Nines gained" }</th></tr></thead>
                    <tbody>
                        { for a.impacts.iter().map(|b| html! {
                            <tr>
                                <th scope="row">{ b.label.clone() }<span class="check-source">{ b.place.clone() }</span></th>
                                <td class="num">{ b.share.clone() }</td>
                                <td class="num">{ b.perfect.clone() }</td>
                                <td class="num">{ b.gain.clone() }</td>
                            </tr>
                        }) }
                    </tbody>
                </table>
            </div>
            <Downloads name="lab-impacts" csv={Rc::new(a.impacts_table())} />
            <ul class="facts">
                <li>{ "Component availability = MTBF ÷ (MTBF + MTTD + MTTR), with the book's MTBF (mean up time per failure) " }<span class="cite">{ "[derived — the book does not state it]" }</span></li>
                <li>{ "Series: availabilities multiply; parallel: 1 − Π(1 − Aᵢ) " }<span class="cite">{ "[book, ch. 1, “Availability in parallel versus in sequence”]" }</span>{ ". Both assume independent failures, instant failover in parallel, and that every request needs every series block." }</li>
                <li>{ "k-of-n: binomial / Poisson-binomial; standby pairs: first-order switch-over model U₁U₂ + f(1 − U₂)[cτ + (1 − c)D]; blocks used twice (a shared AZ): conditioning on their state " }<span class="cite">{ "[derived]" }</span></li>
                if let Some(shared) = &a.shared {
                    <li>{ format!("Shared components, analysed by conditioning: {shared}.") }</li>
                }
            </ul>
        </section>
    }
}
