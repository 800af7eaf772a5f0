//! A field that edits a model value on commit (Enter or leaving the field), not per keystroke:
//! one edit is one undo step. It keeps what was typed and shows why it was refused.

use yew::prelude::*;

#[derive(Properties, PartialEq)]
pub struct CommitFieldProps {
    pub id: AttrValue,
    pub label: AttrValue,
    /// The model's current value, formatted.
    pub value: AttrValue,
    #[prop_or_default]
    pub suffix: Option<AttrValue>,
    #[prop_or_default]
    pub hint: Option<AttrValue>,
    /// Checks the text as it is typed; `Err` is shown beside the field.
    pub validate: Callback<String, Result<(), String>>,
    /// Receives valid text on commit (Enter or leaving the field).
    pub commit: Callback<String>,
    /// Any non-empty text is valid (a name): tells the bad-input sweep to skip the field.
    #[prop_or_default]
    pub free_text: bool,
    #[prop_or(AttrValue::Static("decimal"))]
    pub inputmode: AttrValue,
}

#[component]
pub fn CommitField(props: &CommitFieldProps) -> Html {
    let text = use_state(|| props.value.to_string());
    let error = use_state(|| None::<String>);
    {
        // A new model value (undo, another block selected) replaces whatever was typed.
        let text = text.clone();
        let error = error.clone();
        use_effect_with(props.value.clone(), move |value| {
            text.set(value.to_string());
            error.set(None);
        });
    }
    let oninput = {
        let text = text.clone();
        let error = error.clone();
        let validate = props.validate.clone();
        Callback::from(move |e: InputEvent| {
            let value = super::event_value(&e);
            error.set(validate.emit(value.clone()).err());
            text.set(value);
        })
    };
    let onchange = {
        let validate = props.validate.clone();
        let commit = props.commit.clone();
        let error = error.clone();
        let shown = props.value.clone();
        Callback::from(move |e: Event| {
            let value = super::event_value(&e);
            // The field shows the model's value rounded; committing that text unchanged must not
            // move the model (or add an undo step).
            if value.trim() == shown.as_str() {
                error.set(None);
                return;
            }
            match validate.emit(value.clone()) {
                Ok(()) => commit.emit(value),
                Err(message) => error.set(Some(message)),
            }
        })
    };
    let error_id = format!("{}-error", props.id);
    let invalid = error.is_some();
    html! {
        <div class={classes!("field", "compact", invalid.then_some("invalid"))}>
            <label for={props.id.clone()}>{ props.label.clone() }</label>
            <div class="field-control">
                <input id={props.id.clone()} type="text" inputmode={props.inputmode.clone()} autocomplete="off"
                    spellcheck="false" value={(*text).clone()} {oninput} {onchange}
                    data-free-text={props.free_text.then_some("true")}
                    aria-invalid={invalid.to_string()}
                    aria-describedby={invalid.then(|| error_id.clone())} />
                if let Some(suffix) = &props.suffix {
                    <span class="field-suffix" aria-hidden="true">{ suffix.clone() }</span>
                }
            </div>
            if let Some(message) = &*error {
                <p class="field-error" id={error_id} role="alert">{ message.clone() }</p>
            }
            if let Some(hint) = &props.hint {
                <p class="field-hint">{ hint.clone() }</p>
            }
        </div>
    }
}

/// Parses a finite number in `[min, max]`, with a message naming the bounds.
pub fn parse_number(text: &str, min: f64, max: f64) -> Result<f64, String> {
    let t = text.trim();
    if t.is_empty() {
        return Err("enter a number".into());
    }
    let v: f64 = t.parse().map_err(|_| format!("“{t}” is not a number"))?;
    if !v.is_finite() {
        return Err("enter a finite number".into());
    }
    if v < min || v > max {
        return Err(format!("must be between {min} and {max}"));
    }
    Ok(v)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parse_number_rejects_bad_input_with_a_message() {
        assert_eq!(parse_number(" 12.5 ", 0.0, 100.0), Ok(12.5));
        for bad in ["", "abc", "-5", "1e999", "NaN", "inf"] {
            assert!(parse_number(bad, 0.0, 100.0).is_err(), "{bad}");
        }
    }
}
