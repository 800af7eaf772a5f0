//! The error-budget card: the SLO's budget per window, a burn rate explained, the SRE Workbook's
//! multiwindow alert tiers, and a simulated window burning its budget.

use std::rc::Rc;

use sdlab_nines::lab::LabEvent;
use sdlab_nines::lab_view::BudgetView;
use sdlab_nines::slo::SloWindow;
use yew::prelude::*;

use super::Send;
use super::charts::BurnDown;
use crate::theme::use_palette;
use crate::widgets::{Downloads, PlotCanvas, Select, TextField};

#[derive(Properties, PartialEq)]
pub(crate) struct BudgetProps {
    pub slo_text: String,
    pub burn_text: String,
    pub window: SloWindow,
    pub view: Rc<BudgetView>,
    pub send: Send,
}

#[component]
pub(crate) fn BudgetCard(props: &BudgetProps) -> Html {
    let send = &props.send;
    let v = &props.view;
    let palette = use_palette();
    let on_window = send.reform(|token: String| {
        LabEvent::SetWindow(token.parse::<SloWindow>().unwrap_or_default())
    });
    let burn_window = v.window.as_ref().map(|w| {
        let chart = Rc::new(BurnDown {
            window: w.clone(),
            tier_labels: v.tiers.iter().map(|t| t.short.clone()).collect(),
            palette: palette.clone(),
        });
        html! {
            <div id="lab-burn">
                <p>{ w.summary.clone() }</p>
                <PlotCanvas<BurnDown> id="lab-burn-down" height={280} {chart}
                    label="Error budget remaining over the simulated window, with the periods each alert tier fires." />
                <ul class="facts">
                    { for w.tiers.iter().map(|t| html! { <li>{ t.clone() }</li> }) }
                </ul>
            </div>
        }
    });
    html! {
        <section class="card budget-card" aria-labelledby="lab-budget-title">
            <h2 id="lab-budget-title">{ "Error budget" }</h2>
            <div class="field-row">
                <TextField id="lab-slo" label="SLO" suffix="%" value={props.slo_text.clone()}
                    error={v.slo_error.clone().map(AttrValue::from)} oninput={send.reform(LabEvent::SetSlo)} />
                <TextField id="lab-burn-rate" label="Burn rate" suffix="×" value={props.burn_text.clone()}
                    error={v.burn_error.clone().map(AttrValue::from)} oninput={send.reform(LabEvent::SetBurnRate)} />
                <Select id="lab-window" label="Window" selected={props.window.to_string()}
                    options={SloWindow::ALL.iter().map(|w| (w.to_string(), w.label().to_string())).collect::<Vec<_>>()}
                    onchange={on_window} />
            </div>
            if let Some(stale) = &v.stale {
                <p class="stale-note">{ stale.clone() }</p>
            }
            <p class="headline" id="lab-budget"><strong>{ v.budget.clone() }</strong>
                <span>{ v.per_window.clone() }</span></p>
            if let Some(burn) = &v.burn {
                <p id="lab-burn-rate-result">{ burn.clone() }</p>
            }
            <table class="spread" id="lab-tiers">
                <thead><tr><th scope="col">{ "Alert tier" }</th><th scope="col" class="num">{ "Burn rate ≥" }</th><th scope="col">{ "Windows (long / short)" }</th><th scope="col">{ "Budget gone in" }</th></tr></thead>
                <tbody>
                    { for v.tiers.iter().map(|t| html! {
                        <tr>
                            <th scope="row">{ t.name.clone() }</th>
                            <td class="num">{ t.burn_threshold.clone() }</td>
                            <td>{ t.windows.clone() }</td>
                            <td>{ t.gone_in.clone() }</td>
                        </tr>
                    }) }
                </tbody>
            </table>
            <Downloads name="lab-tiers" csv={Rc::new(v.tiers_table())} />
            <p class="muted small">{ "Tiers from the Google SRE Workbook, “Alerting on SLOs” (multiwindow, multi-burn-rate): a tier fires when the burn rate b* = x·W/L is exceeded over both its long window L and its short window L/12. Not in the book." }</p>
            { burn_window.unwrap_or_else(|| html! {
                <p class="muted">{ "Once the simulation has run, a simulated window burns its budget here, with where each alert tier would fire." }</p>
            }) }
        </section>
    }
}
