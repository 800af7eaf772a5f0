//! The shell: hash routes, site header and footer, the home gallery, embed mode (which reports
//! its height to the embedding page) and theme.

use gloo_events::EventListener;
use wasm_bindgen::JsCast;
use wasm_bindgen::prelude::*;
use yew::prelude::*;
use yew_router::prelude::*;

use crate::permalink::Query;
use crate::registry::{self, TOOLS};
use crate::theme::{Theme, ThemeSetting};

#[derive(Clone, Debug, PartialEq, Routable)]
pub enum Route {
    #[at("/")]
    Home,
    #[at("/:slug")]
    Tool { slug: String },
    /// A short link, `#/nines/99.95`: the tool with its main input set (its registry entry's
    /// `short_link` names the query key).
    #[at("/:slug/:value")]
    ToolValue { slug: String, value: String },
    #[not_found]
    #[at("/404")]
    NotFound,
}

#[component]
pub fn App() -> Html {
    html! {
        <HashRouter>
            <Shell />
        </HashRouter>
    }
}

/// `?embed=1` may sit in the page's own query (`index.html?embed=1#/nines`) or in the tool's
/// (`#/nines?…&embed=1`, which is what the embed snippet writes).
fn embed_mode(location: &Option<Location>) -> bool {
    let in_hash = location
        .as_ref()
        .is_some_and(|l| Query::parse(l.query_str()).is_embed());
    let in_search = web_sys::window()
        .and_then(|w| w.location().search().ok())
        .is_some_and(|s| Query::parse(&s).is_embed());
    in_hash || in_search
}

#[wasm_bindgen]
extern "C" {
    /// The browser's `ResizeObserver` (the web-sys binding sits behind a feature not enabled).
    type ResizeObserver;
    #[wasm_bindgen(constructor, catch)]
    fn new(callback: &js_sys::Function) -> Result<ResizeObserver, JsValue>;
    #[wasm_bindgen(method)]
    fn observe(this: &ResizeObserver, target: &web_sys::Element);
    #[wasm_bindgen(method)]
    fn disconnect(this: &ResizeObserver);
}

/// Posts `{ sdlabHeight: <px> }` to the embedding page whenever the app's height changes (its
/// first render included), so a script there can fit the iframe to the tool (see
/// examples/embed.html). Nothing when the page is not in a frame. Keep the observer and its
/// callback alive while embedded; drop both to stop.
fn report_height(app: web_sys::HtmlElement) -> Option<(ResizeObserver, Closure<dyn FnMut()>)> {
    let window = web_sys::window()?;
    let parent = window.parent().ok().flatten()?;
    if JsValue::from(&parent) == JsValue::from(&window) {
        return None;
    }
    let target = app.clone();
    let post = Closure::<dyn FnMut()>::new(move || {
        let message = js_sys::Object::new();
        let height = JsValue::from(target.offset_height());
        if js_sys::Reflect::set(&message, &"sdlabHeight".into(), &height).is_ok() {
            let _ = parent.post_message(&message, "*");
        }
    });
    let observer = ResizeObserver::new(post.as_ref().unchecked_ref()).ok()?;
    observer.observe(&app);
    Some((observer, post))
}

/// Keeps the current tool's link in view in a nav that scrolls sideways (on a phone).
fn show_current_link(nav: &NodeRef) {
    let Some(nav) = nav.cast::<web_sys::HtmlElement>() else {
        return;
    };
    let current = nav
        .query_selector(".current")
        .ok()
        .flatten()
        .and_then(|e| e.dyn_into::<web_sys::HtmlElement>().ok());
    let left = current.map_or(0, |link| link.offset_left() - nav.offset_left());
    nav.set_scroll_left(left - 8);
}

#[component]
fn Shell() -> Html {
    let location = use_location();
    let route = use_route::<Route>().unwrap_or(Route::Home);
    let embed = embed_mode(&location);
    let setting = use_state(ThemeSetting::load);
    let system_dark = use_state(crate::theme::system_prefers_dark);
    let app_ref = use_node_ref();
    let nav_ref = use_node_ref();
    {
        let app_ref = app_ref.clone();
        use_effect_with(embed, move |&embed| {
            let reporter = app_ref
                .cast::<web_sys::HtmlElement>()
                .filter(|_| embed)
                .and_then(report_height);
            move || {
                if let Some((observer, _post)) = reporter {
                    observer.disconnect();
                }
            }
        });
    }

    {
        let setting = *setting;
        use_effect_with(setting, |setting| setting.apply());
    }
    {
        let system_dark = system_dark.clone();
        use_effect_with((), move |_| {
            let query = web_sys::window()
                .and_then(|w| w.match_media("(prefers-color-scheme: dark)").ok().flatten());
            let listener = query.map(|q| {
                EventListener::new(&q, "change", move |_| {
                    system_dark.set(crate::theme::system_prefers_dark());
                })
            });
            // Time to first render, read by `cargo xtask bench`.
            if let Some(performance) = web_sys::window().and_then(|w| w.performance()) {
                let _ = performance.mark("sdlab-first-render");
            }
            move || drop(listener)
        });
    }
    {
        let title = match &route {
            Route::Tool { slug } | Route::ToolValue { slug, .. } => registry::find(slug)
                .map_or("Not found · sdlab".to_string(), |t| {
                    format!("{} · sdlab", t.title)
                }),
            Route::Home => "sdlab · System Design Lab".to_string(),
            Route::NotFound => "Not found · sdlab".to_string(),
        };
        use_effect_with(title, |title| gloo_utils::document().set_title(title));
    }

    let theme = Theme {
        dark: match *setting {
            ThemeSetting::System => *system_dark,
            other => other.is_dark(),
        },
    };
    let toggle = {
        let setting = setting.clone();
        Callback::from(move |_| setting.set(setting.next()))
    };
    let current_slug = match &route {
        Route::Tool { slug } | Route::ToolValue { slug, .. } => Some(slug.clone()),
        _ => None,
    };
    {
        let nav_ref = nav_ref.clone();
        use_effect_with(current_slug.clone(), move |_| show_current_link(&nav_ref));
    }

    html! {
        <ContextProvider<Theme> context={theme}>
            // Embedded, the app is as tall as its content (not the frame): the height it reports.
            <div class={classes!("app", embed.then_some("embed"))} ref={app_ref}
                style={embed.then_some("min-height: 0")}>
                if !embed {
                    <a class="skip-link" href="#main" onclick={skip_to_main()}>{ "Skip to content" }</a>
                    <header class="site-header">
                        <Link<Route> to={Route::Home} classes="brand">
                            <span class="brand-mark" aria-hidden="true">{ "◆" }</span>
                            <span class="brand-name">{ "sdlab" }</span>
                            <span class="brand-sub">{ "System Design Lab" }</span>
                        </Link<Route>>
                        <nav aria-label="Tools" ref={nav_ref}>
                            { for TOOLS.iter().map(|t| {
                                let current = current_slug.as_deref() == Some(t.slug);
                                html! {
                                    <Link<Route> to={Route::Tool { slug: t.slug.to_string() }}
                                        classes={classes!("nav-link", current.then_some("current"))}>
                                        { t.title }
                                    </Link<Route>>
                                }
                            }) }
                        </nav>
                        <button id="theme-toggle" type="button" class="theme-toggle" onclick={toggle}
                            aria-label={format!("Colour theme: {} (click to change)", setting.name())}>
                            <span aria-hidden="true">{ if theme.dark { "☾" } else { "☀" } }</span>
                            <span class="theme-name">{ format!(" {}", setting.name()) }</span>
                        </button>
                    </header>
                }
                <main id="main" tabindex="-1">
                    <Switch<Route> render={switch} />
                </main>
                if embed {
                    <footer class="embed-footer">
                        <a href={full_site_url()} target="_blank" rel="noopener">{ "Open in sdlab ↗" }</a>
                    </footer>
                } else {
                    <footer class="site-footer">
                        <p>{ "sdlab runs entirely in your browser: no request leaves this page, nothing is tracked. \
                              Every published figure a tool uses is cited and checked in its “Sources & checks” panel." }</p>
                    </footer>
                }
            </div>
        </ContextProvider<Theme>>
    }
}

/// The skip link must not change the hash: the hash is the route.
fn skip_to_main() -> Callback<MouseEvent> {
    Callback::from(|e: MouseEvent| {
        e.prevent_default();
        if let Some(main) = gloo_utils::document().get_element_by_id("main")
            && let Ok(main) = main.dyn_into::<web_sys::HtmlElement>()
        {
            let _ = main.focus();
        }
    })
}

/// The current address without `embed=1`, for the "Open in sdlab" link of an embedded tool.
fn full_site_url() -> String {
    let Some(location) = web_sys::window().map(|w| w.location()) else {
        return String::new();
    };
    let href = location.href().unwrap_or_default();
    let (base, hash) = href.split_once('#').unwrap_or((&href, ""));
    let base = base.split('?').next().unwrap_or(base);
    let (path, query) = hash.split_once('?').unwrap_or((hash, ""));
    let kept: Vec<_> = Query::parse(query)
        .pairs()
        .iter()
        .filter(|(k, _)| k != "embed")
        .cloned()
        .collect();
    let query = form_urlencoded::Serializer::new(String::new())
        .extend_pairs(kept)
        .finish();
    if query.is_empty() {
        format!("{base}#{path}")
    } else {
        format!("{base}#{path}?{query}")
    }
}

fn switch(route: Route) -> Html {
    match route {
        Route::Home => html! { <Home /> },
        Route::Tool { slug } => match registry::find(&slug) {
            Some(tool) => (tool.page)(tool),
            None => html! { <NotFound what={slug} /> },
        },
        Route::ToolValue { slug, value } => match registry::find(&slug) {
            Some(tool) if tool.short_link.is_some() => html! { <ShortLink {tool} {value} /> },
            _ => html! { <NotFound what={format!("{slug}/{value}")} /> },
        },
        Route::NotFound => html! { <NotFound what={String::new()} /> },
    }
}

#[derive(Properties, PartialEq)]
struct ShortLinkProps {
    tool: &'static registry::ToolEntry,
    value: String,
}

/// `#/<slug>/<value>` becomes `#/<slug>?<key>=<value>`, which the tool reads like any link.
#[component]
fn ShortLink(props: &ShortLinkProps) -> Html {
    let navigator = use_navigator();
    {
        let (tool, value) = (props.tool, props.value.clone());
        use_effect_with((), move |_| {
            if let (Some(navigator), Some(key)) = (navigator, tool.short_link) {
                let route = Route::Tool {
                    slug: tool.slug.to_string(),
                };
                // A list of string pairs always serialises; were it not to, the page stays put.
                let _ = navigator.replace_with_query(&route, &[(key, value)]);
            }
        });
    }
    html! {}
}

#[component]
fn Home() -> Html {
    let from_disk = web_sys::window()
        .and_then(|w| w.location().protocol().ok())
        .is_some_and(|p| p == "file:");
    html! {
        <div class="home">
            <section class="hero">
                <h1>{ "Quantitative system design, in your browser" }</h1>
                <p class="lede">
                    { "Self-contained tools for the numbers behind system design. Every model is checked \
                       against the published figures it comes from and shows those checks, every state is \
                       a link you can share or embed, and everything runs in your browser, offline too." }
                </p>
                <p class="offline-link">
                    if from_disk {
                        { "This is the offline file: it works from disk, with no server and no network." }
                    } else {
                        // Relative: beside index.html, under whatever path the site is hosted.
                        <a href="sdlab-offline.html" download="sdlab-offline.html">{ "Download the offline file" }</a>
                        { ": the whole app in one HTML file that works from disk, with no server and no network." }
                    }
                </p>
            </section>
            <ul class="gallery" aria-label="Tools">
                { for TOOLS.iter().map(|t| html! {
                    <li class="tool-card">
                        <h2>
                            <Link<Route> to={Route::Tool { slug: t.slug.to_string() }}>{ t.title }</Link<Route>>
                        </h2>
                        <p>{ t.blurb }</p>
                        <p class="card-sources">
                            <span class="badge">{ "checked against" }</span>
                            { t.sources.join("; ") }
                        </p>
                    </li>
                }) }
            </ul>
        </div>
    }
}

#[derive(Properties, PartialEq)]
struct NotFoundProps {
    what: String,
}

#[component]
fn NotFound(props: &NotFoundProps) -> Html {
    let shown: String = props.what.chars().take(60).collect();
    html! {
        <div class="not-found">
            <h1>{ "No such page" }</h1>
            if !shown.is_empty() {
                <p>{ format!("There is no tool called “{shown}”.") }</p>
            }
            <p><Link<Route> to={Route::Home}>{ "See all tools" }</Link<Route>></p>
        </div>
    }
}
