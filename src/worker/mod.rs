//! Heavy work off the main thread, once for every tool: a job is a serialisable value whose
//! `start` gives a resumable stepper (`sdlab_sim::Job`); the page runs it in a Web Worker that
//! loads this same wasm module (so it also works inside the single offline file) and reports
//! progress. The worker stays warm between jobs: the module is instantiated once, and a later
//! job costs a message, not a start-up. Cancelling (or starting a job while one runs)
//! terminates the busy worker and warms a fresh one. Where no worker can be made, the same
//! stepper runs on the main thread in slices short enough to keep the page responsive.
//!
//! A [`sdlab_sim::Shardable`] job can also run on a pool of workers, one per core
//! ([`use_pool_job`], pool.rs), with the same handle.

use std::cell::RefCell;
use std::rc::Rc;

use wasm_bindgen::prelude::*;
use yew::prelude::*;

pub use sdlab_sim::{Job as WorkerJob, Stepper};

/// One kind of job a worker can run: its name and the function that runs it. Tools list theirs
/// in their registry entry ([`crate::registry::ToolEntry::jobs`]); [`sdlab_worker_run`]
/// dispatches through the registry, so this module names no tool.
#[derive(Clone, Copy, Debug)]
pub struct JobKind {
    pub kind: &'static str,
    /// Runs the job with this id (in a worker), posting its progress and result.
    pub run: fn(u64, JsValue),
}

impl JobKind {
    /// The entry for job type `J`.
    pub const fn of<J: WorkerJob>() -> JobKind {
        JobKind {
            kind: J::KIND,
            run: remote::run_job::<J>,
        }
    }
}

mod pool;
mod remote;

pub use pool::{MAX_WORKERS, pool_size, use_pool_job};
pub use remote::sdlab_worker_run;
use remote::{Message, Warm, decode, now_ms, post_job, spawn_warm};

/// Units of work per main-thread step.
const STEP_WORK: u64 = remote::STEP_WORK;
/// Longest main-thread slice when no worker is available, in ms.
const SLICE_MS: f64 = 30.0;

/// A finished job, kept while later jobs run, so a page can show it (marked out of date when
/// its inputs have changed since).
#[derive(Clone, Debug, PartialEq)]
pub struct Finished<J: WorkerJob> {
    /// How many jobs this slot has finished, this one included.
    pub count: u64,
    pub job: J,
    pub output: J::Output,
    pub in_worker: bool,
    /// From start to result, as the user waited.
    pub elapsed_ms: f64,
    /// Stepping alone; the rest of `elapsed_ms` is start-up and messaging.
    pub compute_ms: f64,
}

impl<J: WorkerJob> Finished<J> {
    /// The part of the wait that was not computing: starting a worker, loading the module,
    /// passing messages.
    pub fn startup_ms(&self) -> f64 {
        (self.elapsed_ms - self.compute_ms).max(0.0)
    }
}

/// Where a job slot stands, as the page shows it.
#[derive(Clone, Debug, PartialEq)]
pub enum JobState {
    Idle,
    Running {
        progress: f64,
        on_main_thread: bool,
    },
    Done,
    /// Cancelled by the user before it finished.
    Cancelled,
    Failed(String),
}

/// Control of one job slot on a page: at most one job runs; starting another replaces it.
#[derive(Clone, PartialEq)]
pub struct JobHandle<J: WorkerJob> {
    pub state: JobState,
    /// The last job that finished, whatever ran since.
    pub last: Option<Rc<Finished<J>>>,
    /// The job running now, if any.
    pub running: Option<J>,
    pub start: Callback<J>,
    pub cancel: Callback<()>,
}

/// What the hook keeps between renders.
struct Slot {
    warm: Option<Warm>,
    /// Bumped by every start and cancel, so messages and slices of an abandoned job are ignored.
    generation: u64,
    /// The worker cannot load here: run on the main thread.
    no_worker: bool,
    /// Jobs finished so far.
    finished: u64,
}

/// The page-side state the callbacks update.
#[derive(Clone)]
struct Shared<J: WorkerJob> {
    state: UseStateHandle<JobState>,
    last: UseStateHandle<Option<Rc<Finished<J>>>>,
    running: UseStateHandle<Option<J>>,
    slot: Rc<RefCell<Slot>>,
    /// The job in flight and when it was started.
    current: Rc<RefCell<Option<(J, f64)>>>,
}

impl<J: WorkerJob> Shared<J> {
    fn finish(&self, output: J::Output, in_worker: bool, compute_ms: f64) {
        if let Some((job, started)) = self.current.borrow_mut().take() {
            let count = {
                let mut slot = self.slot.borrow_mut();
                slot.finished += 1;
                slot.finished
            };
            self.last.set(Some(Rc::new(Finished {
                count,
                job,
                output,
                in_worker,
                elapsed_ms: now_ms() - started,
                compute_ms,
            })));
        }
        self.running.set(None);
        self.state.set(JobState::Done);
    }

    fn fail(&self, message: String) {
        self.current.borrow_mut().take();
        self.running.set(None);
        self.state.set(JobState::Failed(message));
    }

    /// Handles a message from the worker.
    fn on_message(&self, message: Message) {
        let generation = self.slot.borrow().generation;
        match message {
            Message::Ready | Message::Unavailable => {}
            Message::Progress { id, value } if id == generation => {
                self.state.set(JobState::Running {
                    progress: value,
                    on_main_thread: false,
                })
            }
            Message::Done {
                id,
                output,
                compute_ms,
            } if id == generation => {
                if let Some(warm) = self.slot.borrow_mut().warm.as_mut() {
                    warm.idle = true;
                }
                match decode(output) {
                    Ok(output) => self.finish(output, true, compute_ms),
                    Err(message) => self.fail(message),
                }
            }
            Message::Error { id, message } if id == generation || id == u64::MAX => {
                if let Some(warm) = self.slot.borrow_mut().warm.as_mut() {
                    warm.idle = true;
                }
                self.fail(message);
            }
            _ => {}
        }
    }

    /// The worker cannot load: drop it and run the job in flight on the main thread.
    fn on_fail(&self) {
        let job = {
            let mut slot = self.slot.borrow_mut();
            slot.warm = None;
            slot.no_worker = true;
            self.current.borrow().as_ref().map(|(j, _)| j.clone())
        };
        if let Some(job) = job {
            let generation = self.slot.borrow().generation;
            run_sliced(job, self.clone(), generation);
        }
    }

    /// A warm worker, made now if there is none.
    fn ensure_warm(&self) -> bool {
        if self.slot.borrow().warm.is_some() {
            return true;
        }
        if self.slot.borrow().no_worker {
            return false;
        }
        let on_message = {
            let me = self.clone();
            Callback::from(move |m| me.on_message(m))
        };
        let on_fail = {
            let me = self.clone();
            Callback::from(move |()| me.on_fail())
        };
        match spawn_warm(on_message, on_fail) {
            Ok(warm) => {
                self.slot.borrow_mut().warm = Some(warm);
                true
            }
            Err(_) => {
                self.slot.borrow_mut().no_worker = true;
                false
            }
        }
    }

    fn start(&self, job: J) {
        let generation = {
            let mut slot = self.slot.borrow_mut();
            slot.generation += 1;
            // A busy worker cannot be interrupted: replace it.
            if slot.warm.as_ref().is_some_and(|w| !w.idle) {
                slot.warm = None;
            }
            slot.generation
        };
        *self.current.borrow_mut() = Some((job.clone(), now_ms()));
        self.running.set(Some(job.clone()));
        if self.ensure_warm() {
            let posted = {
                let mut slot = self.slot.borrow_mut();
                slot.warm.as_mut().map(|warm| {
                    warm.idle = false;
                    post_job(&warm.worker, generation, &job).is_ok()
                })
            };
            if posted == Some(true) {
                self.state.set(JobState::Running {
                    progress: 0.0,
                    on_main_thread: false,
                });
                return;
            }
            self.slot.borrow_mut().warm = None;
        }
        run_sliced(job, self.clone(), generation);
    }

    fn cancel(&self) {
        let had_job = self.current.borrow_mut().take().is_some();
        {
            let mut slot = self.slot.borrow_mut();
            slot.generation += 1;
            if slot.warm.as_ref().is_some_and(|w| !w.idle) {
                slot.warm = None;
            }
        }
        self.running.set(None);
        if had_job {
            self.state.set(JobState::Cancelled);
            // Warm a fresh worker in the background for the next job.
            self.ensure_warm();
        }
    }
}

/// Runs jobs of type `J` off the main thread in a warm worker (or in main-thread slices if no
/// worker can start).
#[hook]
pub fn use_job<J: WorkerJob>() -> JobHandle<J> {
    let shared = Shared::<J> {
        state: use_state(|| JobState::Idle),
        last: use_state(|| None),
        running: use_state(|| None),
        slot: use_mut_ref(|| Slot {
            warm: None,
            generation: 0,
            no_worker: false,
            finished: 0,
        }),
        current: use_mut_ref(|| None),
    };
    let start = {
        let shared = shared.clone();
        use_callback((), move |job: J, _| shared.start(job))
    };
    let cancel = {
        let shared = shared.clone();
        use_callback((), move |(), _| shared.cancel())
    };
    {
        let slot = shared.slot.clone();
        use_effect_with((), move |_| move || drop(slot.borrow_mut().warm.take()));
    }
    JobHandle {
        state: (*shared.state).clone(),
        last: (*shared.last).clone(),
        running: (*shared.running).clone(),
        start,
        cancel,
    }
}

/// Results that follow their inputs: starts `wanted` by itself once it has rested for `rest_ms`,
/// unless it is the job running or the one last finished (inputs put back as they were), and
/// gives the handle back with a Cancel that also drops a start still waiting, so an edit just
/// before Cancel does not start a run after it.
#[hook]
pub fn use_auto_run<J: WorkerJob>(
    job: JobHandle<J>,
    wanted: Option<J>,
    rest_ms: u32,
) -> JobHandle<J> {
    let mut job = job;
    let timer = use_mut_ref(|| None::<gloo_timers::callback::Timeout>);
    {
        let timer = timer.clone();
        let start = job.start.clone();
        let have = job
            .running
            .clone()
            .or_else(|| job.last.as_ref().map(|f| f.job.clone()));
        use_effect_with(wanted, move |wanted| {
            *timer.borrow_mut() = wanted
                .clone()
                .filter(|w| have.as_ref() != Some(w))
                .map(|w| gloo_timers::callback::Timeout::new(rest_ms, move || start.emit(w)));
        });
    }
    job.cancel = use_callback(job.cancel.clone(), move |(), cancel| {
        timer.borrow_mut().take();
        cancel.emit(());
    });
    job
}

/// The fallback: the stepper on the main thread, in slices of at most `SLICE_MS`.
fn run_sliced<J: WorkerJob>(job: J, shared: Shared<J>, generation: u64) {
    let mut stepper = match job.start() {
        Ok(s) => s,
        Err(message) => return shared.fail(message),
    };
    shared.state.set(JobState::Running {
        progress: 0.0,
        on_main_thread: true,
    });
    wasm_bindgen_futures::spawn_local(async move {
        let mut compute_ms = 0.0;
        loop {
            // Yield to the browser between slices; a newer start or a cancel ends this run.
            gloo_timers::future::TimeoutFuture::new(0).await;
            if shared.slot.borrow().generation != generation {
                return;
            }
            let slice_start = now_ms();
            let mut finished = false;
            while now_ms() - slice_start < SLICE_MS {
                if stepper.step(STEP_WORK / 4) {
                    finished = true;
                    break;
                }
            }
            compute_ms += now_ms() - slice_start;
            if finished {
                return shared.finish(stepper.finish(), false, compute_ms);
            }
            shared.state.set(JobState::Running {
                progress: stepper.progress(),
                on_main_thread: true,
            });
        }
    });
}
