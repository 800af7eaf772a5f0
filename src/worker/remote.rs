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

/// Posts `{type, id, ...fields}` to the page (inside a worker; elsewhere nothing happens).
fn post(kind: &str, id: u64, fields: &[(&str, JsValue)]) {
    let Some(scope) = js_sys::global()
        .dyn_into::<web_sys::DedicatedWorkerGlobalScope>()
        .ok()
    else {
        return;
    };
    let message = js_sys::Object::new();
    let _ = js_sys::Reflect::set(&message, &"type".into(), &kind.into());
    let _ = js_sys::Reflect::set(&message, &"id".into(), &(id as f64).into());
    for (name, value) in fields {
        let _ = js_sys::Reflect::set(&message, &(*name).into(), value);
    }
    let _ = scope.post_message(&message);
}

fn post_error(id: u64, message: &str) {
    post("error", id, &[("message", message.into())]);
}

/// What a worker tells the page. The envelope is read field by field, whatever the job, so one
/// copy of this code serves every job type; only a result's `output` is typed, by its receiver.
pub(super) enum Message {
    /// The module is instantiated; jobs now start at once.
    Ready,
    Progress {
        id: u64,
        value: f64,
    },
    Done {
        id: u64,
        /// The job's output as the worker serialised it.
        output: JsValue,
        /// Time spent stepping inside the worker.
        compute_ms: f64,
    },
    Error {
        id: u64,
        message: String,
    },
    /// The worker could not load the module; the page runs jobs itself.
    Unavailable,
}

impl Message {
    fn read(data: &JsValue) -> Message {
        let field =
            |name: &str| js_sys::Reflect::get(data, &name.into()).unwrap_or(JsValue::UNDEFINED);
        let number = |name: &str| field(name).as_f64().unwrap_or(f64::NAN);
        let id = number("id");
        let id = if id >= 0.0 { id as u64 } else { u64::MAX };
        match field("type").as_string().as_deref() {
            Some("ready") => Message::Ready,
            Some("unavailable") => Message::Unavailable,
            Some("progress") => Message::Progress {
                id,
                value: number("value"),
            },
            Some("done") => Message::Done {
                id,
                output: field("output"),
                compute_ms: number("compute_ms"),
            },
            Some("error") => Message::Error {
                id,
                message: field("message")
                    .as_string()
                    .unwrap_or_else(|| "the worker failed".into()),
            },
            _ => Message::Error {
                id: u64::MAX,
                message: "unreadable message from the worker".into(),
            },
        }
    }
}

/// Decodes a result's output as the receiver's type.
pub(super) fn decode<O: serde::de::DeserializeOwned>(output: JsValue) -> Result<O, String> {
    serde_wasm_bindgen::from_value(output).map_err(|e| format!("unreadable result: {e}"))
}

/// A running job with its type erased, so the worker's loop is one copy for every job.
trait Driven {
    fn step(&mut self, work: u64) -> bool;
    fn progress(&self) -> f64;
    fn finish(self: Box<Self>) -> Result<JsValue, String>;
}

impl<S: Stepper> Driven for S
where
    S::Output: Serialize,
{
    fn step(&mut self, work: u64) -> bool {
        Stepper::step(self, work)
    }
    fn progress(&self) -> f64 {
        Stepper::progress(self)
    }
    fn finish(self: Box<Self>) -> Result<JsValue, String> {
        serde_wasm_bindgen::to_value(&Stepper::finish(*self)).map_err(|e| e.to_string())
    }
}

pub(super) fn run_job<J: WorkerJob>(id: u64, job: JsValue) {
    let started = now_ms();
    let stepper = serde_wasm_bindgen::from_value::<J>(job)
        .map_err(|e| format!("bad job: {e}"))
        .and_then(|job| job.start());
    match stepper {
        Ok(stepper) => drive(id, started, Box::new(stepper)),
        Err(message) => post_error(id, &message),
    }
}

fn drive(id: u64, started: f64, mut stepper: Box<dyn Driven>) {
    let mut last = started;
    while !stepper.step(STEP_WORK) {
        if now_ms() - last > 50.0 {
            post("progress", id, &[("value", stepper.progress().into())]);
            last = now_ms();
        }
    }
    match stepper.finish() {
        Ok(output) => post(
            "done",
            id,
            &[
                ("output", output),
                ("compute_ms", (now_ms() - started).into()),
            ],
        ),
        Err(message) => post_error(id, &message),
    }
}

/// Entry point inside a worker: runs job `id` of the given kind.
#[wasm_bindgen]
pub fn sdlab_worker_run(kind: String, id: f64, job: JsValue) {
    let id = id as u64;
    match crate::registry::job_kind(&kind) {
        Some(entry) => (entry.run)(id, job),
        None => post_error(id, &format!("unknown job kind {kind}")),
    }
}

/// The worker's script: on `init`, import this module's glue and instantiate the module the
/// page already compiled; then run each job it is sent (jobs sent early wait for the module).
fn worker_script() -> String {
    // A classic worker that imports the glue dynamically: module workers made from blob: URLs
    // do not load in a page opened from file://, classic ones do, on http and file alike.
    // The URL as a JavaScript string literal.
    let glue = GLUE_URL.with(|url| js_sys::JSON::stringify(&JsValue::from_str(url)).ok());
    let glue = glue.map(String::from).unwrap_or_default();
    format!(
        "let sdlab = null;\n\
         self.onmessage = async (event) => {{\n\
           const m = event.data;\n\
           if (m.type === 'init') {{\n\
             sdlab = (async () => {{ const s = await import({glue}); await s.default({{ module_or_path: m.module }}); return s; }})();\n\
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
pub(super) fn spawn_warm(
    on_message: Callback<Message>,
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
            match Message::read(&event.data()) {
                Message::Unavailable => on_fail.emit(()),
                message => on_message.emit(message),
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
