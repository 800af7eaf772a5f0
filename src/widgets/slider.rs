//! A controlled range input: the value comes from props, moves go out as a callback.

use yew::prelude::*;

#[derive(Properties, PartialEq)]
pub struct SliderProps {
    pub id: AttrValue,
    pub label: AttrValue,
    pub min: f64,
    pub max: f64,
    pub step: f64,
    pub value: f64,
    /// What a screen reader announces for the value, e.g. "99.95%".
    pub value_text: AttrValue,
    pub oninput: Callback<f64>,
}

#[component]
pub fn Slider(props: &SliderProps) -> Html {
    let oninput = {
        let cb = props.oninput.clone();
        Callback::from(move |e: InputEvent| {
            if let Ok(v) = super::event_value(&e).parse::<f64>() {
                cb.emit(v);
            }
        })
    };
    html! {
        <div class="field slider">
            <label for={props.id.clone()}>{ props.label.clone() }</label>
            <div class="slider-row">
                <input id={props.id.clone()} type="range"
                    min={props.min.to_string()} max={props.max.to_string()}
                    step={props.step.to_string()} value={props.value.to_string()}
                    aria-valuetext={props.value_text.clone()} oninput={oninput} />
                <output for={props.id.clone()} class="slider-value">{ props.value_text.clone() }</output>
            </div>
        </div>
    }
}
