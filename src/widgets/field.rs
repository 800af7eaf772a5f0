//! A text field for a number or a duration: the model validates, this shows the message beside
//! the field (linked with aria-describedby) and keeps whatever was typed.

use yew::prelude::*;

#[derive(Properties, PartialEq)]
pub struct TextFieldProps {
    pub id: AttrValue,
    pub label: AttrValue,
    pub value: AttrValue,
    /// The model's message for the current text, shown beside the field.
    #[prop_or_default]
    pub error: Option<AttrValue>,
    /// A short hint under the field, e.g. the accepted units.
    #[prop_or_default]
    pub hint: Option<AttrValue>,
    /// A unit shown after the input, e.g. "%".
    #[prop_or_default]
    pub suffix: Option<AttrValue>,
    #[prop_or(AttrValue::Static("decimal"))]
    pub inputmode: AttrValue,
    pub oninput: Callback<String>,
    /// Any text is a value (a key, a name): marked `data-free-text` for the bad-input sweep.
    #[prop_or_default]
    pub free_text: bool,
}

#[component]
pub fn TextField(props: &TextFieldProps) -> Html {
    let oninput = {
        let cb = props.oninput.clone();
        Callback::from(move |e: InputEvent| cb.emit(super::event_value(&e)))
    };
    let error_id = format!("{}-error", props.id);
    let hint_id = format!("{}-hint", props.id);
    let described_by = [
        props.error.as_ref().map(|_| error_id.clone()),
        props.hint.as_ref().map(|_| hint_id.clone()),
    ]
    .into_iter()
    .flatten()
    .collect::<Vec<_>>()
    .join(" ");
    let invalid = props.error.is_some();
    html! {
        <div class={classes!("field", invalid.then_some("invalid"))}>
            <label for={props.id.clone()}>{ props.label.clone() }</label>
            <div class="field-control">
                <input id={props.id.clone()} type="text" inputmode={props.inputmode.clone()}
                    autocomplete="off" spellcheck="false" data-free-text={props.free_text.then_some("true")}
                    value={props.value.clone()} oninput={oninput}
                    aria-invalid={invalid.to_string()}
                    aria-describedby={(!described_by.is_empty()).then_some(described_by)} />
                if let Some(suffix) = &props.suffix {
                    <span class="field-suffix" aria-hidden="true">{ suffix.clone() }</span>
                }
            </div>
            if let Some(error) = &props.error {
                <p class="field-error" id={error_id} role="alert">{ error.clone() }</p>
            }
            if let Some(hint) = &props.hint {
                <p class="field-hint" id={hint_id}>{ hint.clone() }</p>
            }
        </div>
    }
}
