//! The "Sources & checks" panel: each published figure next to what the model computes, with
//! the tolerance and a pass/fail mark.

use std::rc::Rc;

use sdlab_sim::Check;
use yew::prelude::*;

#[derive(Properties, PartialEq)]
pub struct ChecksPanelProps {
    pub id: AttrValue,
    pub checks: Rc<Vec<Check>>,
    /// Sentences about where the figures come from and how they are compared.
    #[prop_or_default]
    pub children: Html,
}

#[component]
pub fn ChecksPanel(props: &ChecksPanelProps) -> Html {
    let total = props.checks.len();
    let passed = props.checks.iter().filter(|c| c.pass).count();
    let all_pass = passed == total;
    // One source for every row is said once, above the table.
    let common_source = props
        .checks
        .first()
        .map(|c| c.source.clone())
        .filter(|s| props.checks.iter().all(|c| c.source == *s));
    html! {
        <section class="card checks" id={props.id.clone()} aria-labelledby={format!("{}-title", props.id)}>
            <h2 id={format!("{}-title", props.id)}>{ "Sources & checks" }</h2>
            <p class={classes!("checks-summary", if all_pass { "pass" } else { "fail" })}>
                <span aria-hidden="true">{ if all_pass { "✓ " } else { "✗ " } }</span>
                { format!("{passed} of {total} published figures reproduced within tolerance") }
            </p>
            if let Some(source) = &common_source {
                <p class="checks-source"><strong>{ "Source: " }</strong>{ source.clone() }</p>
            }
            { props.children.clone() }
            <div class="table-scroll" tabindex="0" role="region" aria-label="Published figures and computed values">
                <table class="checks-table">
                    <thead>
                        <tr>
                            <th scope="col">{ "Figure" }</th>
                            <th scope="col">{ "Published" }</th>
                            <th scope="col">{ "sdlab computes" }</th>
                            <th scope="col">{ "Tolerance" }</th>
                            <th scope="col">{ "Result" }</th>
                        </tr>
                    </thead>
                    <tbody>
                        { for props.checks.iter().map(|c| html! {
                            <tr class={if c.pass { "pass" } else { "fail" }}>
                                <th scope="row">
                                    { c.label.clone() }
                                    if common_source.is_none() {
                                        <span class="check-source">{ c.source.clone() }</span>
                                    }
                                    if let Some(note) = &c.note {
                                        <span class="check-note">{ note.clone() }</span>
                                    }
                                </th>
                                <td>{ c.published.clone() }</td>
                                <td class="num">{ c.computed.clone() }</td>
                                <td>{ c.tolerance.clone() }</td>
                                <td class="mark">{ if c.pass { "✓ pass" } else { "✗ fail" } }</td>
                            </tr>
                        }) }
                    </tbody>
                </table>
            </div>
        </section>
    }
}
