//! A labelled select over a fixed set of tokens.

use yew::prelude::*;

#[derive(Properties, PartialEq)]
pub struct SelectProps {
    pub id: AttrValue,
    pub label: AttrValue,
    /// (token, label) pairs; the token is what goes into the URL.
    pub options: Vec<(String, String)>,
    pub selected: String,
    pub onchange: Callback<String>,
}

#[component]
pub fn Select(props: &SelectProps) -> Html {
    let onchange = {
        let cb = props.onchange.clone();
        Callback::from(move |e: Event| cb.emit(super::event_value(&e)))
    };
    html! {
        <div class="field select">
            <label for={props.id.clone()}>{ props.label.clone() }</label>
            <select id={props.id.clone()} onchange={onchange}>
                { for props.options.iter().map(|(token, label)| html! {
                    <option value={token.clone()} selected={*token == props.selected}>{ label.clone() }</option>
                }) }
            </select>
        </div>
    }
}
