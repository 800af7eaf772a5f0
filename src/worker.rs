//! Heavy work off the main thread, once for every tool: a job is a serialisable value whose
//! `start` gives a resumable stepper; the page runs it in a Web Worker that loads this same
//! wasm module (so it also works inside the single offline file), reports progress, and is
//! cancelled by terminating the worker. Where no worker can be made, the same stepper runs on
//! the main thread in slices short enough to keep the page responsive.

use std::cell::RefCell;
use std::rc::Rc;

use serde::Serialize;
use wasm_bindgen::JsCast;
use wasm_bindgen::prelude::*;
use yew::prelude::*;

pub use sdlab_sim::{Job as WorkerJob, Stepper};

/// One kind of job a worker can run: its name and the function that runs it. Tools list theirs
/// in their registry entry ([`crate::registry::ToolEntry::jobs`]); [`sdlab_worker_run`]
/// dispatches through the registry, so this module names no tool.
#[derive(Clone, Copy, Debug)]
pub struct JobKind {
    pub kind: &'static str,
    pub run: fn(JsValue),
}

impl JobKind {
    /// The entry for job type `J`.
    pub const fn of<J: WorkerJob>() -> JobKind {
        JobKind {
            kind: J::KIND,
            run: run_job::<J>,
        }
    }
}

/// Units of work per step between progress reports and clock checks.
const STEP_WORK: u64 = 20_000;
/// Longest main-thread slice when no worker is available, in ms.
const SLICE_MS: f64 = 30.0;

#[wasm_bindgen]
extern "C" {
    /// The URL of this module's JavaScript glue (an http URL, or a data: URL in the offline file).
    #[wasm_bindgen(thread_local_v2, js_namespace = ["import", "meta"], js_name = url)]
    static GLUE_URL: String;
}

fn now_ms() -> f64 {
    let global = js_sys::global();
    if let Some(window) = global.dyn_ref::<web_sys::Window>() {
        return window.performance().map_or(0.0, |p| p.now());
    }
    global
        .dyn_ref::<web_sys::WorkerGlobalScope>()
        .and_then(|w| w.performance())
        .map_or(0.0, |p| p.now())
}

fn post(message: &impl Serialize) {
    if let (Ok(value), Some(scope)) = (
        serde_wasm_bindgen::to_value(message),
        js_sys::global().dyn_ref::<web_sys::DedicatedWorkerGlobalScope>(),
    ) {
        let _ = scope.post_message(&value);
    }
}

#[derive(Serialize, serde::Deserialize)]
#[serde(tag = "type", rename_all = "snake_case")]
enum Message<O> {
    Progress {
        value: f64,
    },
    Done {
        output: O,
    },
    Error {
        message: String,
    },
    /// The worker could not load the module; the page runs the job itself.
    Unavailable {
        message: String,
    },
}

fn run_job<J: WorkerJob>(job: JsValue) {
    let job: J = match serde_wasm_bindgen::from_value(job) {
        Ok(job) => job,
        Err(e) => {
            return post(&Message::<()>::Error {
                message: format!("bad job: {e}"),
            });
        }
    };
    let mut stepper = match job.start() {
        Ok(s) => s,
        Err(message) => return post(&Message::<()>::Error { message }),
    };
    let mut last = now_ms();
    while !stepper.step(STEP_WORK) {
        if now_ms() - last > 50.0 {
            post(&Message::<()>::Progress {
                value: stepper.progress(),
            });
            last = now_ms();
        }
    }
    post(&Message::Done {
        output: stepper.finish(),
    });
}

/// Entry point inside a worker: runs one job of the given kind.
#[wasm_bindgen]
pub fn sdlab_worker_run(kind: String, job: JsValue) {
    match crate::registry::job_kind(&kind) {
        Some(entry) => (entry.run)(job),
        None => post(&Message::<()>::Error {
            message: format!("unknown job kind {kind}"),
        }),
    }
}

/// The worker's script: import this module's glue, initialise it with the module the page
/// already compiled, run the job it is sent.
fn worker_script() -> String {
    // A classic worker that imports the glue dynamically: module workers made from blob: URLs
    // do not load in a page opened from file://, classic ones do, on http and file alike.
    let glue = GLUE_URL.with(|url| url.clone());
    format!(
        "self.onmessage = async (event) => {{\n\
           const {{ module, kind, job }} = event.data;\n\
           let sdlab;\n\
           try {{ sdlab = await import({glue:?}); await sdlab.default({{ module_or_path: module }}); }}\n\
           catch (e) {{ self.postMessage({{ type: 'unavailable', message: String(e) }}); return; }}\n\
           sdlab.sdlab_worker_run(kind, job);\n\
         }};\n"
    )
}

/// A running worker; dropping it terminates the worker (and so cancels the job).
struct Running {
    worker: web_sys::Worker,
    _onmessage: Closure<dyn FnMut(web_sys::MessageEvent)>,
    _onerror: Closure<dyn FnMut(web_sys::Event)>,
}

impl Drop for Running {
    fn drop(&mut self) {
        self.worker.terminate();
    }
}

fn spawn_worker<J: WorkerJob>(
    job: &J,
    on_message: Callback<Message<J::Output>>,
    on_fail: Callback<()>,
) -> Result<Running, JsValue> {
    let parts = js_sys::Array::of1(&JsValue::from_str(&worker_script()));
    let options = web_sys::BlobPropertyBag::new();
    options.set_type("text/javascript");
    let blob = web_sys::Blob::new_with_str_sequence_and_options(&parts, &options)?;
    let url = web_sys::Url::create_object_url_with_blob(&blob)?;
    let worker = web_sys::Worker::new(&url);
    let _ = web_sys::Url::revoke_object_url(&url);
    let worker = worker?;
    let onmessage = {
        let on_fail = on_fail.clone();
        Closure::<dyn FnMut(web_sys::MessageEvent)>::new(move |event: web_sys::MessageEvent| {
            match serde_wasm_bindgen::from_value::<Message<J::Output>>(event.data()) {
                Ok(Message::Unavailable { .. }) => on_fail.emit(()),
                Ok(message) => on_message.emit(message),
                Err(e) => on_message.emit(Message::Error {
                    message: format!("unreadable result: {e}"),
                }),
            }
        })
    };
    let onerror = Closure::<dyn FnMut(web_sys::Event)>::new(move |event: web_sys::Event| {
        event.prevent_default();
        on_fail.emit(());
    });
    worker.set_onmessage(Some(onmessage.as_ref().unchecked_ref()));
    worker.set_onerror(Some(onerror.as_ref().unchecked_ref()));
    let message = js_sys::Object::new();
    js_sys::Reflect::set(&message, &"module".into(), &wasm_bindgen::module())?;
    js_sys::Reflect::set(&message, &"kind".into(), &J::KIND.into())?;
    let job = serde_wasm_bindgen::to_value(job).map_err(JsValue::from)?;
    js_sys::Reflect::set(&message, &"job".into(), &job)?;
    worker.post_message(&message)?;
    Ok(Running {
        worker,
        _onmessage: onmessage,
        _onerror: onerror,
    })
}

/// Where a job stands, as the page shows it.
#[derive(Clone, Debug, PartialEq)]
pub enum JobState<O> {
    Idle,
    Running {
        progress: f64,
        on_main_thread: bool,
    },
    Done {
        output: O,
        in_worker: bool,
        elapsed_ms: f64,
    },
    Failed(String),
}

impl<O> JobState<O> {
    pub fn output(&self) -> Option<&O> {
        match self {
            JobState::Done { output, .. } => Some(output),
            _ => None,
        }
    }
}

/// Control of one job slot on a page: at most one job runs; starting another cancels it.
#[derive(Clone)]
pub struct JobHandle<J: WorkerJob> {
    pub state: JobState<J::Output>,
    pub start: Callback<J>,
    pub cancel: Callback<()>,
}

/// Runs jobs of type `J` off the main thread (or in main-thread slices if no worker can start).
#[hook]
pub fn use_job<J: WorkerJob>() -> JobHandle<J> {
    let state = use_state(|| JobState::<J::Output>::Idle);
    // The running worker, and a generation counter that a new start or a cancel bumps, so
    // messages and slices of an abandoned run are ignored.
    let running = use_mut_ref(|| None::<Running>);
    let generation = use_mut_ref(|| 0u64);

    let cancel = {
        let state = state.clone();
        let running = running.clone();
        let generation = generation.clone();
        Callback::from(move |()| {
            running.borrow_mut().take();
            *generation.borrow_mut() += 1;
            state.set(JobState::Idle);
        })
    };
    let start = {
        let state = state.clone();
        let running = running.clone();
        let generation = generation.clone();
        Callback::from(move |job: J| {
            running.borrow_mut().take();
            *generation.borrow_mut() += 1;
            let gen_now = *generation.borrow();
            let started = now_ms();
            let on_message = {
                let state = state.clone();
                let running = running.clone();
                let generation = generation.clone();
                Callback::from(move |message: Message<J::Output>| {
                    if *generation.borrow() != gen_now {
                        return;
                    }
                    match message {
                        Message::Progress { value } => state.set(JobState::Running {
                            progress: value,
                            on_main_thread: false,
                        }),
                        Message::Done { output } => {
                            running.borrow_mut().take();
                            state.set(JobState::Done {
                                output,
                                in_worker: true,
                                elapsed_ms: now_ms() - started,
                            });
                        }
                        Message::Error { message } => {
                            running.borrow_mut().take();
                            state.set(JobState::Failed(message));
                        }
                        Message::Unavailable { .. } => {}
                    }
                })
            };
            // A worker that cannot load (no module workers, a locked-down page) hands the
            // job to the main-thread fallback.
            let on_fail = {
                let state = state.clone();
                let running = running.clone();
                let generation = generation.clone();
                let job = job.clone();
                Callback::from(move |()| {
                    if *generation.borrow() == gen_now {
                        running.borrow_mut().take();
                        run_sliced(job.clone(), state.clone(), generation.clone(), gen_now);
                    }
                })
            };
            match spawn_worker(&job, on_message, on_fail) {
                Ok(worker) => {
                    *running.borrow_mut() = Some(worker);
                    state.set(JobState::Running {
                        progress: 0.0,
                        on_main_thread: false,
                    });
                }
                Err(_) => run_sliced(job, state.clone(), generation.clone(), gen_now),
            }
        })
    };
    {
        let running = running.clone();
        use_effect_with((), move |_| move || drop(running.borrow_mut().take()));
    }
    JobHandle {
        state: (*state).clone(),
        start,
        cancel,
    }
}

/// The fallback: the stepper on the main thread, in slices of at most `SLICE_MS`.
fn run_sliced<J: WorkerJob>(
    job: J,
    state: UseStateHandle<JobState<J::Output>>,
    generation: Rc<RefCell<u64>>,
    gen_now: u64,
) {
    let mut stepper = match job.start() {
        Ok(s) => s,
        Err(message) => return state.set(JobState::Failed(message)),
    };
    let started = now_ms();
    state.set(JobState::Running {
        progress: 0.0,
        on_main_thread: true,
    });
    wasm_bindgen_futures::spawn_local(async move {
        loop {
            // Yield to the browser between slices; a newer start or a cancel ends this run.
            gloo_timers::future::TimeoutFuture::new(0).await;
            if *generation.borrow() != gen_now {
                return;
            }
            let slice_start = now_ms();
            while now_ms() - slice_start < SLICE_MS {
                if stepper.step(STEP_WORK / 4) {
                    state.set(JobState::Done {
                        output: stepper.finish(),
                        in_worker: false,
                        elapsed_ms: now_ms() - started,
                    });
                    return;
                }
            }
            state.set(JobState::Running {
                progress: stepper.progress(),
                on_main_thread: true,
            });
        }
    });
}
