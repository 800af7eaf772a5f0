//! Browser tests (wasm-bindgen-test in headless Chromium): every registry page mounts, answers
//! one input, keeps its state in the URL, and shows bad input beside the field.

#![cfg(target_arch = "wasm32")]

use sdlab::registry::TOOLS;
use wasm_bindgen::JsCast;
use wasm_bindgen_test::*;
use web_sys::{Element, HtmlInputElement};

wasm_bindgen_test_configure!(run_in_browser);

fn document() -> web_sys::Document {
    gloo_utils::document()
}

/// Mounts the whole app at `hash` in a fresh root and lets it render.
async fn mount(hash: &str) -> (yew::AppHandle<sdlab::app::App>, Element) {
    let window = web_sys::window().expect("window");
    window.location().set_hash(hash).expect("set hash");
    let root = document().create_element("div").expect("div");
    document()
        .body()
        .expect("body")
        .append_child(&root)
        .expect("append");
    let handle = yew::Renderer::<sdlab::app::App>::with_root(root.clone()).render();
    yew::scheduler::flush().await;
    (handle, root)
}

fn unmount(handle: yew::AppHandle<sdlab::app::App>, root: Element) {
    handle.destroy();
    root.remove();
}

async fn type_into(id: &str, value: &str) {
    let input: HtmlInputElement = document()
        .get_element_by_id(id)
        .unwrap_or_else(|| panic!("no #{id}"))
        .dyn_into()
        .expect("an input");
    input.set_value(value);
    let init = web_sys::InputEventInit::new();
    init.set_bubbles(true);
    let event = web_sys::InputEvent::new_with_event_init_dict("input", &init).expect("event");
    input.dispatch_event(&event).expect("dispatch");
    yew::scheduler::flush().await;
}

fn text_of(id: &str) -> String {
    document()
        .get_element_by_id(id)
        .unwrap_or_else(|| panic!("no #{id}"))
        .text_content()
        .unwrap_or_default()
}

#[wasm_bindgen_test]
async fn every_registry_page_mounts_and_answers_one_input() {
    for tool in TOOLS {
        let (handle, root) = mount(&format!("#/{}", tool.slug)).await;
        assert!(
            root.query_selector(&format!("[data-slug='{}']", tool.slug))
                .ok()
                .flatten()
                .is_some(),
            "{} did not mount",
            tool.slug
        );
        type_into(tool.smoke.input_id, tool.smoke.value).await;
        let out = text_of(tool.smoke.output_id);
        assert!(out.contains(tool.smoke.expect), "{}: {out:?}", tool.slug);
        // The input is now part of the permalink.
        let hash = web_sys::window()
            .expect("window")
            .location()
            .hash()
            .expect("hash");
        let encoded: String =
            form_urlencoded::byte_serialize(tool.smoke.value.as_bytes()).collect();
        assert!(hash.contains(&encoded), "{}: {hash}", tool.slug);
        unmount(handle, root);
    }
}

#[wasm_bindgen_test]
async fn the_home_gallery_lists_every_tool() {
    let (handle, root) = mount("#/").await;
    let cards = root.query_selector_all(".tool-card").expect("query");
    assert_eq!(cards.length() as usize, TOOLS.len());
    for tool in TOOLS {
        assert!(root.text_content().unwrap_or_default().contains(tool.title));
    }
    unmount(handle, root);
}

#[wasm_bindgen_test]
async fn bad_input_shows_a_message_and_keeps_the_last_result() {
    let (handle, root) = mount("#/nines?a=99.9").await;
    assert!(text_of("nines-out-year").contains("8.76 hours"));
    for bad in ["", "abc", "-5", "1e999", "NaN"] {
        type_into("nines-availability", bad).await;
        let message = text_of("nines-availability-error");
        assert!(!message.is_empty(), "no message for {bad:?}");
        // Nothing else is lost: the results still show the last valid availability.
        assert!(text_of("nines-out-year").contains("8.76 hours"), "{bad:?}");
    }
    type_into("nines-availability", "99.99").await;
    assert!(
        document()
            .get_element_by_id("nines-availability-error")
            .is_none()
    );
    assert!(text_of("nines-out-year").contains("52.6 minutes"));
    unmount(handle, root);
}

#[wasm_bindgen_test]
async fn a_mangled_link_is_reported_not_fatal() {
    let (handle, root) = mount("#/nines?a=%ZZ&year=366&month=&per=fortnight&dt=2d").await;
    let notice = root
        .query_selector(".notice")
        .expect("query")
        .expect("a notice");
    let text = notice.text_content().unwrap_or_default();
    assert!(text.contains("year=“366”"), "{text}");
    assert!(text.contains("per=“fortnight”"), "{text}");
    // Defaults stand in for what was not understood; the page still computes.
    assert!(text_of("nines-convention").contains("year = 365 days"));
    assert!(!text_of("nines-availability-error").is_empty());
    unmount(handle, root);
}

#[wasm_bindgen_test]
async fn embed_mode_drops_the_site_chrome() {
    let (handle, root) = mount("#/nines?a=99.9&embed=1").await;
    assert!(
        root.query_selector(".site-header")
            .expect("query")
            .is_none()
    );
    assert!(
        root.query_selector(".embed-footer")
            .expect("query")
            .is_some()
    );
    assert!(text_of("nines-out-year").contains("8.76 hours"));
    unmount(handle, root);
}

#[wasm_bindgen_test]
fn the_crash_banner_offers_a_reset() {
    sdlab::crash::show_banner();
    let banner = document()
        .get_element_by_id(sdlab::crash::BANNER_ID)
        .expect("banner");
    assert_eq!(banner.get_attribute("role").as_deref(), Some("alert"));
    assert!(
        banner
            .text_content()
            .unwrap_or_default()
            .contains("Something broke")
    );
    assert!(banner.query_selector("button").expect("query").is_some());
    banner.remove();
}

/// Waits (yielding to the browser) until `id` exists, or fails after `ms`.
async fn wait_for(id: &str, ms: u32) -> String {
    let mut waited = 0;
    loop {
        yew::scheduler::flush().await;
        if let Some(e) = document().get_element_by_id(id) {
            return e.text_content().unwrap_or_default();
        }
        assert!(waited < ms, "#{id} did not appear within {ms} ms");
        gloo_timers::future::TimeoutFuture::new(50).await;
        waited += 50;
    }
}

#[wasm_bindgen_test]
async fn the_lab_simulates_off_the_page_and_agrees_with_the_analysis() {
    let (handle, root) = mount("#/availability?preset=book-series&years=300&seed=7").await;
    let run: web_sys::HtmlElement = document()
        .get_element_by_id("lab-run")
        .expect("run button")
        .dyn_into()
        .expect("an element");
    run.click();
    let verdict = wait_for("lab-sim-verdict", 20_000).await;
    assert!(verdict.contains('✓'), "{verdict}");
    let place = wait_for("lab-sim-where", 1_000).await;
    assert!(place.contains("in a background worker"), "{place}");
    unmount(handle, root);
}
