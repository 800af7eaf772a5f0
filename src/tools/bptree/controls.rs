//! The settings card (order typed or derived from a page size, split and borrow policies) and
//! the operations card (one key, a range, a pasted list, generated keys, a bottom-up rebuild,
//! undo, redo and clear). Fields keep what was typed; buttons act only on valid text.

use sdlab_bptree::animator::{Event, Field, KeyType, Sizing, State};
use sdlab_bptree::keys::WORKLOADS;
use sdlab_bptree::{Borrow, Split};
use yew::prelude::*;

use super::Send;
use crate::widgets::{Select, TextField};

#[derive(Properties, PartialEq)]
pub(crate) struct ControlsProps {
    pub state: State,
    pub view_error: Option<String>,
    pub sizing_text: String,
    pub can_undo: bool,
    pub can_redo: bool,
    pub send: Send,
}

fn opts(pairs: &[(&str, &str)]) -> Vec<(String, String)> {
    pairs
        .iter()
        .map(|(t, l)| (t.to_string(), l.to_string()))
        .collect()
}

#[component]
pub(crate) fn Controls(props: &ControlsProps) -> Html {
    let s = &props.state;
    let send = &props.send;
    let err = |f: Field| s.error(f).map(AttrValue::from);
    let parse_send = |f: fn(&str) -> Option<Event>| {
        let send = send.clone();
        Callback::from(move |v: String| {
            if let Some(e) = f(&v) {
                send.emit(e);
            }
        })
    };
    let list_oninput = {
        let send = send.clone();
        Callback::from(move |e: InputEvent| {
            send.emit(Event::SetList(crate::widgets::event_value(&e)))
        })
    };
    let list_error = s.error(Field::List);
    let disabled = |f: Field| s.error(f).is_some();
    html! {
        <div class="bptree-controls">
            <section class="card" aria-labelledby="bptree-settings-title">
                <h2 id="bptree-settings-title">{ "Tree" }</h2>
                <div class="field-row">
                    <Select id="bptree-sizing" label="Order from" selected={s.sizing.to_string()}
                        options={opts(&[("order", "a typed order"), ("8k", "8 KiB pages (PostgreSQL)"), ("16k", "16 KiB pages (InnoDB)")])}
                        onchange={parse_send(|v| v.parse::<Sizing>().ok().map(Event::SetSizing))} />
                    <TextField id="bptree-order" label="Order d (most children)" value={s.order_text.clone()}
                        inputmode="numeric" error={props.view_error.clone().map(AttrValue::from)}
                        hint="3 to 1,024 (typing one picks “a typed order”); the classic visualiser offers 3 to 7"
                        oninput={send.reform(Event::SetOrder)} />
                    <Select id="bptree-key-type" label="Key column (for page sizes)" selected={s.key_type.to_string()}
                        options={opts(&[("int", "int (4 bytes)"), ("bigint", "bigint (8 bytes)"), ("uuid", "uuid (16 bytes)")])}
                        onchange={parse_send(|v| v.parse::<KeyType>().ok().map(Event::SetKeyType))} />
                </div>
                <p class={classes!("small", if props.view_error.is_some() { "stale-note" } else { "muted" })} id="bptree-sizing-text">
                    { props.sizing_text.clone() }
                </p>
                <div class="field-row">
                    <Select id="bptree-split" label="Split" selected={s.split.to_string()}
                        options={opts(&[("even", "even (halves)"), ("append", "append (rightmost leaf stays full)")])}
                        onchange={parse_send(|v| v.parse::<Split>().ok().map(Event::SetSplit))} />
                    <Select id="bptree-borrow" label="Underfull node asks" selected={s.borrow.to_string()}
                        options={opts(&[("left", "left sibling first"), ("right", "right sibling first")])}
                        onchange={parse_send(|v| v.parse::<Borrow>().ok().map(Event::SetBorrow))} />
                </div>
                <p class="muted small">{ "Changing the shape replays the same operations on the new tree." }</p>
            </section>
            <section class="card" aria-labelledby="bptree-ops-title">
                <h2 id="bptree-ops-title">{ "Operations" }</h2>
                <div class="bptree-op-row">
                    <TextField id="bptree-key" label="Key" value={s.key_text.clone()} inputmode="numeric"
                        error={err(Field::Key)} oninput={send.reform(Event::SetKey)} />
                    <div class="bptree-buttons">
                        <button id="bptree-insert" onclick={send.click(Event::Insert)} disabled={disabled(Field::Key)}>{ "Insert" }</button>
                        <button id="bptree-delete" class="secondary" onclick={send.click(Event::Delete)} disabled={disabled(Field::Key)}>{ "Delete" }</button>
                        <button id="bptree-search" class="secondary" onclick={send.click(Event::Search)} disabled={disabled(Field::Key)}>{ "Search" }</button>
                    </div>
                </div>
                <div class="bptree-op-row">
                    <TextField id="bptree-range" label="Range scan" value={s.range_text.clone()} inputmode="text"
                        error={err(Field::Range)} oninput={send.reform(Event::SetRange)} />
                    <div class="bptree-buttons">
                        <button id="bptree-scan" class="secondary" onclick={send.click(Event::Range)} disabled={disabled(Field::Range)}>{ "Scan" }</button>
                    </div>
                </div>
                <div class={classes!("field", list_error.is_some().then_some("invalid"))}>
                    <label for="bptree-list">{ "Paste keys" }</label>
                    <textarea id="bptree-list" rows="2" value={s.list_text.clone()} oninput={list_oninput}
                        aria-invalid={list_error.is_some().to_string()}
                        aria-describedby={list_error.as_ref().map(|_| "bptree-list-error")} />
                    if let Some(e) = &list_error {
                        <p class="field-error" id="bptree-list-error" role="alert">{ e.clone() }</p>
                    }
                </div>
                <div class="bptree-buttons">
                    <button id="bptree-insert-list" class="secondary" onclick={send.click(Event::InsertList)}>{ "Insert the list" }</button>
                </div>
                <div class="field-row">
                    <Select id="bptree-workload" label="Generate" selected={s.workload.to_string()}
                        options={WORKLOADS.iter().map(|w| (w.to_string(), w.label().to_string())).collect::<Vec<_>>()}
                        onchange={parse_send(|v| v.parse().ok().map(Event::SetGen))} />
                    <TextField id="bptree-count" label="How many" value={s.count_text.clone()} inputmode="numeric"
                        error={err(Field::Count)} oninput={send.reform(Event::SetCount)} />
                    <TextField id="bptree-seed" label="Seed" value={s.seed_text.clone()} inputmode="numeric"
                        error={err(Field::Seed)} oninput={send.reform(Event::SetSeed)} />
                </div>
                <div class="bptree-buttons">
                    <button id="bptree-generate" class="secondary" onclick={send.click(Event::Generate)}
                        disabled={disabled(Field::Count) || disabled(Field::Seed)}>{ "Insert generated keys" }</button>
                </div>
                <div class="bptree-op-row">
                    <TextField id="bptree-fill" label="Bulk-load fill" value={s.fill_text.clone()} suffix="%"
                        inputmode="numeric" error={err(Field::Fill)} oninput={send.reform(Event::SetFill)} />
                    <div class="bptree-buttons">
                        <button id="bptree-rebuild" class="secondary" onclick={send.click(Event::Rebuild)} disabled={disabled(Field::Fill)}>{ "Rebuild bottom-up" }</button>
                    </div>
                </div>
                <div class="bptree-buttons">
                    <button id="bptree-undo" class="secondary" onclick={send.click(Event::Undo)} disabled={!props.can_undo}>{ "Undo" }</button>
                    <button id="bptree-redo" class="secondary" onclick={send.click(Event::Redo)} disabled={!props.can_redo}>{ "Redo" }</button>
                    <button id="bptree-clear" class="secondary" onclick={send.click(Event::Clear)}>{ "Clear" }</button>
                </div>
                if let Some(m) = &s.message {
                    <p class="stale-note" id="bptree-message" role="status">{ m.clone() }</p>
                }
            </section>
        </div>
    }
}
