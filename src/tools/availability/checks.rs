//! The control under the lab's "Sources & checks": rerun every preset's analytic/Monte Carlo
//! agreement in the worker (the same check is a native test with the same seed).

use sdlab_nines::jobs::PresetChecksJob;
use sdlab_nines::presets;
use yew::prelude::*;

use crate::worker::{JobHandle, JobState};

#[derive(Properties, PartialEq)]
pub(crate) struct PresetChecksProps {
    pub job: JobHandle<PresetChecksJob>,
}

#[component]
pub(crate) fn PresetChecks(props: &PresetChecksProps) -> Html {
    let job = &props.job;
    let run = job.start.reform(|_: MouseEvent| PresetChecksJob::default());
    let running = matches!(job.state, JobState::Running { .. });
    html! {
        <>
            <p class="muted">
                { "The book's two worked examples are computed through the same diagram analysis the page uses, within 1e-12. \
                   The analytic/Monte Carlo agreement of every preset is a native test with fixed seeds, and can be rerun here; \
                   the downtime per period is the downtime budget's arithmetic, checked against Table 1-1 on that page." }
            </p>
            <div class="button-row">
                <button type="button" class="secondary" id="lab-check-presets" onclick={run} disabled={running}>
                    { "Check every preset against Monte Carlo" }
                </button>
                { match (&job.state, &job.last) {
                    (JobState::Running { progress, .. }, _) => html! {
                        <progress max="1" value={progress.to_string()} aria-label="Preset checks progress"></progress>
                    },
                    (JobState::Failed(message), _) => html! { <span class="field-error" role="alert">{ message.clone() }</span> },
                    (JobState::Done, Some(f)) => html! {
                        <span class="muted small" id="lab-preset-checks-done">{ format!("{} presets checked in {:.0} ms.", presets::all().len(), f.elapsed_ms) }</span>
                    },
                    _ => html! {},
                } }
            </div>
        </>
    }
}
