//! The worker's side of a job, and the page's handle on one worker: the script a worker runs
//! (import this module's glue, instantiate the module once, then run each job it is sent), the
//! messages it posts back, and spawning, feeding and terminating it.

use serde::Serialize;
use wasm_bindgen::JsCast;
use wasm_bindgen::prelude::*;
use yew::prelude::*;

use super::{Stepper, WorkerJob};

/// Units of work per step between progress reports and clock checks.
pub(super) const STEP_WORK: u64 = 20_000;

#[wasm_bindgen]
extern "C" {
    /// The URL of this module's JavaScript glue (an http URL, or a data: URL in the offline file).
    #[wasm_bindgen(thread_local_v2, js_namespace = ["import", "meta"], js_name = url)]
    static GLUE_URL: String;
}

pub(super) fn now_ms() -> f64 {
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

/// What a worker tells the page.
#[derive(Serialize, serde::Deserialize)]
#[serde(tag = "type", rename_all = "snake_case")]
pub(super) enum Message<O> {
    /// The module is instantiated; jobs now start at once.
    Ready,
    Progress {
        id: u64,
        value: f64,
    },
    Done {
        id: u64,
        output: O,
        /// Time spent stepping inside the worker.
        compute_ms: f64,
    },
    Error {
        id: u64,
        message: String,
    },
    /// The worker could not load the module; the page runs jobs itself.
    Unavailable {
        message: String,
    },
}

pub(super) fn run_job<J: WorkerJob>(id: u64, job: JsValue) {
    let job: J = match serde_wasm_bindgen::from_value(job) {
        Ok(job) => job,
        Err(e) => {
            return post(&Message::<()>::Error {
                id,
                message: format!("bad job: {e}"),
            });
        }
    };
    let started = now_ms();
    let mut stepper = match job.start() {
        Ok(s) => s,
        Err(message) => return post(&Message::<()>::Error { id, message }),
    };
    let mut last = started;
    while !stepper.step(STEP_WORK) {
        if now_ms() - last > 50.0 {
            post(&Message::<()>::Progress {
                id,
                value: stepper.progress(),
            });
            last = now_ms();
        }
    }
    let output = stepper.finish();
    post(&Message::Done {
        id,
        output,
        compute_ms: now_ms() - started,
    });
}

/// Entry point inside a worker: runs job `id` of the given kind.
#[wasm_bindgen]
pub fn sdlab_worker_run(kind: String, id: f64, job: JsValue) {
    let id = id as u64;
    match crate::registry::job_kind(&kind) {
        Some(entry) => (entry.run)(id, job),
        None => post(&Message::<()>::Error {
            id,
            message: format!("unknown job kind {kind}"),
        }),
    }
}

/// The worker's script: on `init`, import this module's glue and instantiate the module the
/// page already compiled; then run each job it is sent (jobs sent early wait for the module).
fn worker_script() -> String {
    // A classic worker that imports the glue dynamically: module workers made from blob: URLs
    // do not load in a page opened from file://, classic ones do, on http and file alike.
    let glue = GLUE_URL.with(|url| url.clone());
    format!(
        "let sdlab = null;\n\
         self.onmessage = async (event) => {{\n\
           const m = event.data;\n\
           if (m.type === 'init') {{\n\
             sdlab = (async () => {{ const s = await import({glue:?}); await s.default({{ module_or_path: m.module }}); return s; }})();\n\
             try {{ await sdlab; self.postMessage({{ type: 'ready' }}); }}\n\
             catch (e) {{ self.postMessage({{ type: 'unavailable', message: String(e) }}); }}\n\
             return;\n\
           }}\n\
           let s;\n\
           try {{ s = await sdlab; }} catch (e) {{ return; }}\n\
           s.sdlab_worker_run(m.kind, m.id, m.job);\n\
         }};\n"
    )
}

/// A worker with this module loaded (or loading); dropping it terminates the worker.
pub(super) struct Warm {
    pub(super) worker: web_sys::Worker,
    /// Nothing running: a new job can be posted without terminating it.
    pub(super) idle: bool,
    _onmessage: Closure<dyn FnMut(web_sys::MessageEvent)>,
    _onerror: Closure<dyn FnMut(web_sys::Event)>,
}

impl Drop for Warm {
    fn drop(&mut self) {
        self.worker.terminate();
    }
}

/// Starts a worker and sends it the compiled module; its messages go to `on_message`, a failure
/// to load to `on_fail`.
pub(super) fn spawn_warm<O: serde::de::DeserializeOwned + 'static>(
    on_message: Callback<Message<O>>,
    on_fail: Callback<()>,
) -> Result<Warm, JsValue> {
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
            match serde_wasm_bindgen::from_value::<Message<O>>(event.data()) {
                Ok(Message::Unavailable { .. }) => on_fail.emit(()),
                Ok(message) => on_message.emit(message),
                Err(e) => on_message.emit(Message::Error {
                    id: u64::MAX,
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
    let init = js_sys::Object::new();
    js_sys::Reflect::set(&init, &"type".into(), &"init".into())?;
    js_sys::Reflect::set(&init, &"module".into(), &wasm_bindgen::module())?;
    worker.post_message(&init)?;
    Ok(Warm {
        worker,
        idle: true,
        _onmessage: onmessage,
        _onerror: onerror,
    })
}

pub(super) fn post_job<J: WorkerJob>(
    worker: &web_sys::Worker,
    id: u64,
    job: &J,
) -> Result<(), JsValue> {
    let message = js_sys::Object::new();
    js_sys::Reflect::set(&message, &"type".into(), &"job".into())?;
    js_sys::Reflect::set(&message, &"kind".into(), &J::KIND.into())?;
    js_sys::Reflect::set(&message, &"id".into(), &(id as f64).into())?;
    let job = serde_wasm_bindgen::to_value(job).map_err(JsValue::from)?;
    js_sys::Reflect::set(&message, &"job".into(), &job)?;
    worker.post_message(&message)
}
