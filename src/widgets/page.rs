//! The shell every tool page shares: the slug attribute the tests find it by, the title and
//! lede, the notice about a link that was not fully understood, the tool's own content, its
//! "Sources & checks" panel and the share bar. The title comes from the registry entry alone.

use std::rc::Rc;

use sdlab_sim::Check;
use yew::prelude::*;

use crate::permalink::Query;
use crate::registry::ToolEntry;
use crate::widgets::{ChecksPanel, LinkProblems, ShareBar};

#[derive(Properties, PartialEq)]
pub struct ToolPageProps {
    pub entry: &'static ToolEntry,
    /// One paragraph under the title: what the tool answers.
    pub lede: AttrValue,
    pub link_problems: Vec<String>,
    pub ondismiss: Callback<()>,
    /// The published figures this page computes, checked.
    pub checks: Rc<Vec<Check>>,
    /// How the checks are made (sentences above the table), and any controls they need.
    #[prop_or_default]
    pub checks_note: Html,
    /// The state as a query, for the share bar.
    pub query: Query,
    #[prop_or_default]
    pub children: Html,
}

#[component]
pub fn ToolPage(props: &ToolPageProps) -> Html {
    let entry = props.entry;
    html! {
        <div class="tool" data-slug={entry.slug}>
            <header class="tool-header">
                <h1>{ entry.title }</h1>
                <p class="lede">{ props.lede.clone() }</p>
            </header>
            <LinkProblems problems={props.link_problems.clone()} ondismiss={props.ondismiss.clone()} />
            { props.children.clone() }
            <ChecksPanel id={format!("{}-checks", entry.slug)} checks={Rc::clone(&props.checks)}>
                { props.checks_note.clone() }
            </ChecksPanel>
            <ShareBar title={entry.title} slug={entry.slug} query={props.query.clone()} />
        </div>
    }
}
