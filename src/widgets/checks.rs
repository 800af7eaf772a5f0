//! The "Sources & checks" panel: a summary line that reads at a glance, then each source's
//! published figures next to what the model computes, with the tolerance and a pass/fail mark,
//! in groups collapsed by default (a group with a failing check opens by itself).

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

/// The checks grouped by source, in first-seen order.
fn groups(checks: &[Check]) -> Vec<(&str, Vec<&Check>)> {
    let mut out: Vec<(&str, Vec<&Check>)> = Vec::new();
    for c in checks {
        match out.iter_mut().find(|(s, _)| *s == c.source) {
            Some((_, list)) => list.push(c),
            None => out.push((&c.source, vec![c])),
        }
    }
    out
}

/// "Table 1-1" with a non-breaking hyphen between digits, so a narrow screen never splits it.
fn unbroken_ranges(text: &str) -> String {
    let chars: Vec<char> = text.chars().collect();
    chars
        .iter()
        .enumerate()
        .map(|(i, &c)| {
            let digits_around = i > 0
                && chars[i - 1].is_ascii_digit()
                && chars.get(i + 1).is_some_and(char::is_ascii_digit);
            if c == '-' && digits_around {
                '\u{2011}'
            } else {
                c
            }
        })
        .collect()
}

#[component]
pub fn ChecksPanel(props: &ChecksPanelProps) -> Html {
    let total = props.checks.len();
    let passed = props.checks.iter().filter(|c| c.pass).count();
    let all_pass = passed == total;
    html! {
        <section class="card checks" id={props.id.clone()} aria-labelledby={format!("{}-title", props.id)}>
            <h2 id={format!("{}-title", props.id)}>{ "Sources & checks" }</h2>
            <p class={classes!("checks-summary", if all_pass { "pass" } else { "fail" })}>
                <span aria-hidden="true">{ if all_pass { "✓ " } else { "✗ " } }</span>
                { format!("{passed} of {total} published figures reproduced within tolerance") }
            </p>
            { props.children.clone() }
            { for groups(&props.checks).into_iter().map(|(source, checks)| {
                let group_passed = checks.iter().filter(|c| c.pass).count();
                let group_pass = group_passed == checks.len();
                html! {
                    <details class={classes!("checks-group", if group_pass { "pass" } else { "fail" })} open={!group_pass}>
                        <summary>
                            <span class="checks-group-source">{ unbroken_ranges(source) }</span>
                            <span class="checks-group-count">{ format!("{} {group_passed} of {}", if group_pass { "✓" } else { "✗" }, checks.len()) }</span>
                        </summary>
                        <div class="table-scroll" tabindex="0" role="region" aria-label={format!("Checks from {source}")}>
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
                                    { for checks.iter().map(|c| html! {
                                        <tr class={if c.pass { "pass" } else { "fail" }}>
                                            <th scope="row">
                                                { c.label.clone() }
                                                if let Some(note) = &c.note {
                                                    <span class="check-note">{ note.clone() }</span>
                                                }
                                            </th>
                                            <td>{ c.published.clone() }</td>
                                            <td class="num">{ c.computed.clone() }</td>
                                            <td>{ c.tolerance.clone() }</td>
                                            <td class="mark"><span aria-hidden="true">{ if c.pass { "✓" } else { "✗" } }</span><span class="mark-word">{ if c.pass { " pass" } else { " fail" } }</span></td>
                                        </tr>
                                    }) }
                                </tbody>
                            </table>
                        </div>
                    </details>
                }
            }) }
        </section>
    }
}
