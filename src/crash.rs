//! The panic hook: a panic shows a "something broke — reset this tool" banner instead of
//! leaving a dead page. The banner is plain DOM, because after a panic the app cannot render.

use wasm_bindgen::JsCast;
use wasm_bindgen::closure::Closure;

pub const BANNER_ID: &str = "crash-banner";

pub fn install() {
    std::panic::set_hook(Box::new(|info| {
        web_sys::console::error_1(&format!("sdlab: {info}").into());
        show_banner();
    }));
}

/// The route of the tool on screen (`#/nines?…` → `nines`), or `None` on the home page.
fn current_tool_slug() -> Option<String> {
    let hash = web_sys::window()?.location().hash().ok()?;
    let path = hash.trim_start_matches('#').trim_start_matches('/');
    let slug = path.split(['?', '/']).next().unwrap_or_default();
    (!slug.is_empty()).then(|| slug.to_string())
}

/// Puts the banner on the page (once). "Reset this tool" reloads the page at the tool's route
/// with no query, so the state that broke it is gone.
pub fn show_banner() {
    let Some(document) = web_sys::window().and_then(|w| w.document()) else {
        return;
    };
    if document.get_element_by_id(BANNER_ID).is_some() {
        return;
    }
    let Ok(banner) = document.create_element("div") else {
        return;
    };
    banner.set_id(BANNER_ID);
    let _ = banner.set_attribute("role", "alert");
    let slug = current_tool_slug();
    let what = if slug.is_some() {
        "this tool"
    } else {
        "the page"
    };
    banner.set_inner_html(&format!(
        "<strong>Something broke.</strong> <span>The last change could not be shown. \
         Your other tabs are not affected.</span> <button type=\"button\">Reset {what}</button>"
    ));
    if let Ok(Some(button)) = banner.query_selector("button") {
        let reset = Closure::<dyn FnMut()>::new(move || {
            if let Some(window) = web_sys::window() {
                let location = window.location();
                let hash = slug.as_ref().map_or("#/".to_string(), |s| format!("#/{s}"));
                let _ = location.set_hash(&hash);
                let _ = location.reload();
            }
        });
        let _ = button.add_event_listener_with_callback("click", reset.as_ref().unchecked_ref());
        // The banner lives until the page reloads, and its listener with it.
        reset.forget();
    }
    if let Some(body) = document.body() {
        let _ = body.prepend_with_node_1(&banner);
    }
}
