//! Says which values of an opened link were not understood (and what was used instead).

use yew::prelude::*;

#[derive(Properties, PartialEq)]
pub struct LinkProblemsProps {
    pub problems: Vec<String>,
    pub ondismiss: Callback<()>,
}

#[component]
pub fn LinkProblems(props: &LinkProblemsProps) -> Html {
    if props.problems.is_empty() {
        return html! {};
    }
    let ondismiss = props.ondismiss.reform(|_: MouseEvent| ());
    html! {
        <div class="notice" role="status">
            <p><strong>{ "Some values in this link were not understood; defaults are used for them:" }</strong></p>
            <ul>{ for props.problems.iter().map(|p| html! { <li>{ p.clone() }</li> }) }</ul>
            <button type="button" onclick={ondismiss}>{ "Dismiss" }</button>
        </div>
    }
}
