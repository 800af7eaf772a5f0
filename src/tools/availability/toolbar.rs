//! The diagram's toolbar: presets, a blank start, the diagram's name, undo/redo, and JSON export
//! and import.

use std::rc::Rc;

use sdlab_nines::diagram::Diagram;
use sdlab_nines::lab::LabEvent;
use sdlab_nines::presets;
use yew::prelude::*;

use super::editor::non_empty;
use super::{Send, field_callbacks};
use crate::widgets::{CommitField, Select};

#[derive(Properties, PartialEq)]
pub(crate) struct ToolbarProps {
    pub diagram: Rc<Diagram>,
    pub preset: Option<String>,
    pub can_undo: bool,
    pub can_redo: bool,
    pub send: Send,
}

#[component]
pub(crate) fn Toolbar(props: &ToolbarProps) -> Html {
    let send = props.send.clone();
    let import_error = use_state(|| None::<String>);
    let on_preset = {
        let send = send.clone();
        Callback::from(move |slug: String| send.emit(LabEvent::LoadPreset(slug)))
    };
    let undo = {
        let send = send.clone();
        Callback::from(move |_: MouseEvent| send.emit(LabEvent::Undo))
    };
    let new_blank = {
        let send = send.clone();
        Callback::from(move |_: MouseEvent| send.emit(LabEvent::NewBlank))
    };
    let (name_validate, name_commit) = {
        let send = send.clone();
        field_callbacks(non_empty, move |name| {
            send.emit(LabEvent::RenameDiagram(name))
        })
    };
    let redo = {
        let send = send.clone();
        Callback::from(move |_: MouseEvent| send.emit(LabEvent::Redo))
    };
    let export = {
        let diagram = props.diagram.clone();
        Callback::from(move |_: MouseEvent| {
            if let Ok(json) = serde_json::to_string_pretty(&*diagram) {
                crate::widgets::download("sdlab-diagram.json", "application/json", &json);
            }
        })
    };
    let on_import = {
        let send = send.clone();
        let import_error = import_error.clone();
        Callback::from(move |e: Event| {
            let input: Option<web_sys::HtmlInputElement> = e.target_dyn_into();
            let Some(file) = input
                .as_ref()
                .and_then(|i| i.files())
                .and_then(|f| f.get(0))
            else {
                return;
            };
            let send = send.clone();
            let import_error = import_error.clone();
            wasm_bindgen_futures::spawn_local(async move {
                let text = wasm_bindgen_futures::JsFuture::from(file.text()).await;
                let result = text
                    .ok()
                    .and_then(|t| t.as_string())
                    .ok_or_else(|| "the file could not be read".to_string())
                    .and_then(|t| {
                        serde_json::from_str::<Diagram>(&t)
                            .map_err(|e| format!("not a diagram: {e}"))
                    });
                match result {
                    Ok(diagram) => {
                        import_error.set(None);
                        send.emit(LabEvent::Import(diagram));
                    }
                    Err(message) => import_error.set(Some(message)),
                }
            });
            if let Some(input) = input {
                input.set_value("");
            }
        })
    };
    let options: Vec<(String, String)> = presets::all()
        .iter()
        .map(|p| (p.slug.to_string(), p.name.to_string()))
        .chain(std::iter::once((
            String::new(),
            "— edited diagram —".to_string(),
        )))
        .collect();
    let blurb = props
        .preset
        .as_deref()
        .and_then(presets::find)
        .map(|p| p.blurb);
    html! {
        <section class="card toolbar" aria-label="Diagram">
            <div class="toolbar-row">
                <Select id="lab-preset" label="Preset" options={options}
                    selected={props.preset.clone().unwrap_or_default()} onchange={on_preset} />
                <CommitField id="lab-diagram-name" label="Diagram name" value={props.diagram.name.clone()}
                    validate={name_validate} commit={name_commit} inputmode="text" free_text=true />
                <div class="button-row">
                    <button type="button" class="secondary" id="lab-new-blank" onclick={new_blank}>{ "New blank" }</button>
                    <button type="button" class="secondary" id="lab-undo" onclick={undo} disabled={!props.can_undo}>{ "↶ Undo" }</button>
                    <button type="button" class="secondary" id="lab-redo" onclick={redo} disabled={!props.can_redo}>{ "↷ Redo" }</button>
                    <button type="button" class="secondary" id="lab-export" onclick={export}>{ "Export JSON" }</button>
                    <input type="file" id="lab-import" class="visually-hidden" accept=".json,application/json" onchange={on_import} />
                    <label class="button secondary" for="lab-import">{ "Import JSON" }</label>
                </div>
            </div>
            if let Some(blurb) = blurb {
                <p class="muted">{ blurb }</p>
            }
            if let Some(message) = &*import_error {
                <p class="field-error" role="alert" id="lab-import-error">{ format!("Import failed: {message}") }</p>
            }
        </section>
    }
}
