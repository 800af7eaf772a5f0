//! Export, once for every tool: a file download from text the page already has (JSON, CSV,
//! an SVG drawing) or a canvas's PNG, made in the page as a blob: or data: URL, so nothing
//! leaves the machine.

/// Offers `text` as a file download named `name`.
pub fn download(name: &str, mime: &str, text: &str) {
    let parts = js_sys::Array::of1(&text.into());
    let options = web_sys::BlobPropertyBag::new();
    options.set_type(mime);
    let Ok(blob) = web_sys::Blob::new_with_str_sequence_and_options(&parts, &options) else {
        return;
    };
    download_blob(name, &blob);
}

/// Offers `blob` as a file download named `name`.
pub fn download_blob(name: &str, blob: &web_sys::Blob) {
    let Ok(url) = web_sys::Url::create_object_url_with_blob(blob) else {
        return;
    };
    download_url(name, &url);
    // Revoking at once can cancel the download the click just started; a minute is plenty.
    gloo_timers::callback::Timeout::new(60_000, move || {
        let _ = web_sys::Url::revoke_object_url(&url);
    })
    .forget();
}

/// Offers the resource at `url` (a data: or blob: URL) as a download named `name`.
pub fn download_url(name: &str, url: &str) {
    let document = gloo_utils::document();
    if let Ok(a) = document.create_element("a") {
        let _ = a.set_attribute("href", url);
        let _ = a.set_attribute("download", name);
        if let Ok(a) = wasm_bindgen::JsCast::dyn_into::<web_sys::HtmlElement>(a) {
            a.click();
        }
    }
}

use std::rc::Rc;

use sdlab_sim::Table;
use yew::prelude::*;

#[derive(Properties, PartialEq)]
pub struct DownloadsProps {
    /// The file name's stem and the buttons' id prefix, e.g. `lab-impacts`.
    pub name: AttrValue,
    /// A results table, offered as `<name>.csv`.
    #[prop_or_default]
    pub csv: Option<Rc<Table>>,
    /// Results in the CLI's `--json` schema, offered as `<name>.json`.
    #[prop_or_default]
    pub json: Option<Rc<String>>,
}

/// "Download: CSV · JSON" under a results table.
#[component]
pub fn Downloads(props: &DownloadsProps) -> Html {
    let name = props.name.clone();
    let csv = props.csv.clone().map(|table| {
        let name = name.clone();
        Callback::from(move |_: MouseEvent| {
            download(&format!("{name}.csv"), "text/csv", &table.to_csv())
        })
    });
    let json = props.json.clone().map(|text| {
        let name = name.clone();
        Callback::from(move |_: MouseEvent| {
            download(&format!("{name}.json"), "application/json", &text)
        })
    });
    html! {
        <div class="export-row" role="group" aria-label={format!("Download {name}")}>
            <span class="muted small">{ "Download:" }</span>
            if let Some(onclick) = csv {
                <button type="button" class="link-button" id={format!("{name}-csv")} {onclick}>{ "CSV" }</button>
            }
            if let Some(onclick) = json {
                <button type="button" class="link-button" id={format!("{name}-json")} {onclick}>{ "JSON" }</button>
            }
        </div>
    }
}
