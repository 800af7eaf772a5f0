//! Permalink and embed: copy this exact state as a link, or as an iframe snippet.

use wasm_bindgen_futures::JsFuture;
use yew::prelude::*;

use crate::permalink::Query;
use crate::tool::page_url;

#[derive(Properties, PartialEq)]
pub struct ShareBarProps {
    pub title: AttrValue,
    /// The tool's route.
    pub slug: AttrValue,
    /// The tool's current state as a query (what the address bar holds).
    pub query: Query,
}

/// Writes `text` to the clipboard; `false` when the browser refuses (e.g. a `file://` page).
async fn copy(text: String) -> bool {
    let Some(window) = web_sys::window() else {
        return false;
    };
    let promise = window.navigator().clipboard().write_text(&text);
    JsFuture::from(promise).await.is_ok()
}

#[component]
pub fn ShareBar(props: &ShareBarProps) -> Html {
    let status = use_state(String::new);
    let url = page_url(&props.slug, &props.query.encode());
    let mut embed_query = props.query.clone();
    embed_query.push("embed", "1");
    let embed_url = page_url(&props.slug, &embed_query.encode());
    // 960 px shows a tool's first card whole; the frame scrolls for the rest, unless the host
    // page fits it to the height the tool posts (README, "Embedding a tool").
    let snippet = format!(
        "<iframe src=\"{}\" title=\"{} · sdlab\" width=\"100%\" height=\"960\" style=\"border:0\" loading=\"lazy\"></iframe>",
        embed_url, props.title
    );
    let copy_with = |text: String, done: &'static str| {
        let status = status.clone();
        Callback::from(move |_: MouseEvent| {
            let status = status.clone();
            let text = text.clone();
            wasm_bindgen_futures::spawn_local(async move {
                if copy(text).await {
                    status.set(done.to_string());
                } else {
                    status.set(
                        "The browser blocked the clipboard: select the text below and copy it."
                            .into(),
                    );
                }
            });
        })
    };
    html! {
        <section class="card share" aria-labelledby="share-title">
            <h2 id="share-title">{ "Share & embed" }</h2>
            <p class="muted">{ "The address bar always holds this exact state: copy it, bookmark it, or embed the tool in your docs." }</p>
            <div class="share-buttons">
                <button type="button" id="copy-link" onclick={copy_with(url.clone(), "Link copied.")}>
                    { "Copy link" }
                </button>
                <button type="button" id="copy-embed" onclick={copy_with(snippet.clone(), "Embed snippet copied.")}>
                    { "Copy embed snippet" }
                </button>
                <span class="share-status" role="status" aria-live="polite">{ (*status).clone() }</span>
            </div>
            <label for="embed-snippet" class="snippet-label">{ "Embed snippet (an iframe showing this tool alone, in this state)" }</label>
            <textarea id="embed-snippet" readonly=true rows="3" value={snippet} />
        </section>
    }
}
