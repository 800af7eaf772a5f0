//! The one adapter between a pure tool model and a page: the state lives in `use_reducer`, its
//! inputs live in the URL query (every state is a permalink), and a link opened later restores it.

use std::rc::Rc;

use yew::prelude::*;
use yew_router::prelude::*;

use crate::app::Route;
use crate::permalink::Query;

/// What a page needs from a tool model. Implemented in the page module for the tool crate's
/// `State`, so the tool crates stay free of browser and permalink concerns.
pub trait ToolModel: Clone + PartialEq + 'static {
    type Event;
    fn update(&mut self, event: Self::Event);
    /// The state a link describes, and the values in it that were not understood.
    fn from_query(query: &Query) -> (Self, Vec<String>);
    fn to_query(&self) -> Query;
}

/// A tool's state plus what the page must say about the link it came from.
#[derive(Clone, PartialEq)]
pub struct Model<S> {
    pub state: S,
    pub link_problems: Vec<String>,
}

pub enum Action<S: ToolModel> {
    Event(S::Event),
    /// Replace the state with the one a (new) link describes.
    Load(Query),
    DismissLinkProblems,
}

impl<S: ToolModel> Reducible for Model<S> {
    type Action = Action<S>;

    fn reduce(self: Rc<Self>, action: Self::Action) -> Rc<Self> {
        let mut next = (*self).clone();
        match action {
            Action::Event(event) => next.state.update(event),
            Action::Load(query) => {
                let (state, problems) = S::from_query(&query);
                next = Model {
                    state,
                    link_problems: problems,
                };
            }
            Action::DismissLinkProblems => next.link_problems.clear(),
        }
        if next == *self { self } else { Rc::new(next) }
    }
}

/// A page's event sender: its reducer's dispatcher, stable for the page's whole life, so cards
/// that take it re-render only when their own data changes.
pub struct Send<S: ToolModel>(UseReducerDispatcher<Model<S>>);

impl<S: ToolModel> Clone for Send<S> {
    fn clone(&self) -> Self {
        Send(self.0.clone())
    }
}

impl<S: ToolModel> PartialEq for Send<S> {
    fn eq(&self, other: &Self) -> bool {
        self.0 == other.0
    }
}

impl<S: ToolModel> Send<S> {
    pub fn new(dispatcher: UseReducerDispatcher<Model<S>>) -> Self {
        Send(dispatcher)
    }

    pub fn emit(&self, event: S::Event) {
        self.0.dispatch(Action::Event(event));
    }

    /// A callback that sends the event `f` makes of its argument.
    pub fn reform<T: 'static>(&self, f: impl Fn(T) -> S::Event + 'static) -> Callback<T> {
        let send = self.clone();
        Callback::from(move |v: T| send.emit(f(v)))
    }

    /// A button's click sending one event.
    pub fn click(&self, event: S::Event) -> Callback<MouseEvent>
    where
        S::Event: Clone,
    {
        let send = self.clone();
        Callback::from(move |_: MouseEvent| send.emit(event.clone()))
    }
}

/// The query the page shows for `state`, keeping `embed=1` when the page is embedded.
fn query_for<S: ToolModel>(state: &S, embed: bool) -> String {
    let mut query = state.to_query();
    if embed {
        query.push("embed", "1");
    }
    query.encode()
}

/// The current location's query (`a=1&b=2`, no `?`).
fn current_query(location: &Option<Location>) -> String {
    location
        .as_ref()
        .map(|l| l.query_str().trim_start_matches('?').to_string())
        .unwrap_or_default()
}

/// Holds a tool's state for the page at `#/<slug>` and keeps it and the URL in step: edits
/// replace the query (no history spam); a different link opened on the same route reloads it.
#[hook]
pub fn use_tool<S: ToolModel>(slug: &'static str) -> UseReducerHandle<Model<S>> {
    let location = use_location();
    let navigator = use_navigator();
    let model = {
        let query = Query::parse(&current_query(&location));
        use_reducer(move || {
            let (state, link_problems) = S::from_query(&query);
            Model {
                state,
                link_problems,
            }
        })
    };
    // The query this hook last wrote, so its own writes are not mistaken for a new link.
    let written = use_mut_ref(String::new);

    {
        let model = model.clone();
        let written = written.clone();
        let seen = current_query(&location);
        use_effect_with(seen, move |seen| {
            let is_own_write = *written.borrow() == *seen;
            if !is_own_write && !written.borrow().is_empty() {
                model.dispatch(Action::Load(Query::parse(seen)));
            }
        });
    }
    {
        let embed = Query::parse(&current_query(&location)).is_embed();
        let wanted = query_for(&model.state, embed);
        let seen = current_query(&location);
        use_effect_with(wanted, move |wanted| {
            *written.borrow_mut() = wanted.clone();
            if *wanted != seen
                && let Some(navigator) = navigator
            {
                let pairs = Query::parse(wanted).pairs().to_vec();
                let route = Route::Tool {
                    slug: slug.to_string(),
                };
                // Serialising a list of string pairs cannot fail; if it ever did, the only
                // loss would be an out-of-date address bar.
                let _ = navigator.replace_with_query(&route, &pairs);
            }
        });
    }
    model
}

/// The address of the page for `query` (the current document, with `#/<slug>?<query>`).
pub fn page_url(slug: &str, query: &str) -> String {
    let base = web_sys::window()
        .and_then(|w| w.location().href().ok())
        .map(|href| href.split('#').next().unwrap_or_default().to_string())
        .unwrap_or_default();
    if query.is_empty() {
        format!("{base}#/{slug}")
    } else {
        format!("{base}#/{slug}?{query}")
    }
}
