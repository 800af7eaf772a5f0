//! A pool of warm workers for a [`Shardable`] job: one worker per core
//! (`navigator.hardwareConcurrency`, at most [`MAX_WORKERS`], never more than the job's shards),
//! each running whole shards through the same worker script and dispatch as [`super::use_job`]
//! (a shard is a job of the same kind). Shards go out in order as workers free up; progress is
//! the mean over shards; one cancel terminates every busy worker; the outputs are merged in
//! shard order, so the result has the same bits as one worker's (the shards draw from fixed
//! sub-streams). Where no worker can start, the unsharded job runs on the main thread in slices.

use std::cell::RefCell;
use std::collections::VecDeque;
use std::rc::Rc;

use sdlab_sim::Shardable;
use yew::prelude::*;

use super::remote::{Message, Warm, decode, now_ms, post_job, spawn_warm};
use super::{Finished, JobHandle, JobState, STEP_WORK};

/// Most workers a pool starts.
pub const MAX_WORKERS: u32 = 8;
/// Shard ids in worker messages: generation × this + shard index.
const ID_STRIDE: u64 = 1 << 16;
/// Longest main-thread slice when no worker can start, ms.
const SLICE_MS: f64 = 30.0;

/// How many workers a pool uses here: the browser's core count, 1 to [`MAX_WORKERS`].
pub fn pool_size() -> u32 {
    let cores = web_sys::window().map_or(1.0, |w| w.navigator().hardware_concurrency());
    (cores as u32).clamp(1, MAX_WORKERS)
}

struct Member {
    warm: Warm,
    /// The shard it runs, if any.
    busy: Option<u32>,
}

struct Run<J: Shardable> {
    job: J,
    started: f64,
    pending: VecDeque<u32>,
    parts: Vec<Option<J::Output>>,
    progress: Vec<f64>,
    compute_ms: f64,
}

struct Pool<J: Shardable> {
    members: Vec<Option<Member>>,
    generation: u64,
    run: Option<Run<J>>,
    no_worker: bool,
    finished: u64,
}

#[derive(Clone)]
struct Shared<J: Shardable> {
    state: UseStateHandle<JobState>,
    last: UseStateHandle<Option<Rc<Finished<J>>>>,
    running: UseStateHandle<Option<J>>,
    pool: Rc<RefCell<Pool<J>>>,
}

impl<J: Shardable> Shared<J> {
    fn set_progress(&self, progress: f64, on_main_thread: bool) {
        self.state.set(JobState::Running {
            progress,
            on_main_thread,
        });
    }

    fn finish(&self, job: J, output: J::Output, started: f64, compute_ms: f64, in_worker: bool) {
        let count = {
            let mut pool = self.pool.borrow_mut();
            pool.finished += 1;
            pool.finished
        };
        self.last.set(Some(Rc::new(Finished {
            count,
            job,
            output,
            in_worker,
            elapsed_ms: now_ms() - started,
            compute_ms,
        })));
        self.running.set(None);
        self.state.set(JobState::Done);
    }

    fn fail(&self, message: String) {
        {
            let mut pool = self.pool.borrow_mut();
            pool.run = None;
            pool.generation += 1;
            for slot in pool.members.iter_mut() {
                if slot.as_ref().is_some_and(|m| m.busy.is_some()) {
                    *slot = None;
                }
            }
        }
        self.running.set(None);
        self.state.set(JobState::Failed(message));
    }

    /// Member `index` has a message.
    fn on_message(&self, index: usize, message: Message) {
        let generation = self.pool.borrow().generation;
        let ours = |id: u64| id / ID_STRIDE == generation;
        match message {
            Message::Progress { id, value } if ours(id) => {
                let mean = {
                    let mut pool = self.pool.borrow_mut();
                    let Some(run) = pool.run.as_mut() else { return };
                    if let Some(p) = run.progress.get_mut((id % ID_STRIDE) as usize) {
                        *p = value;
                    }
                    run.progress.iter().sum::<f64>() / run.progress.len().max(1) as f64
                };
                self.set_progress(mean, false);
            }
            Message::Done {
                id,
                output,
                compute_ms,
            } if ours(id) => {
                let output = match decode(output) {
                    Ok(output) => output,
                    Err(message) => return self.fail(message),
                };
                let done = {
                    let mut pool = self.pool.borrow_mut();
                    if let Some(Some(member)) = pool.members.get_mut(index) {
                        member.busy = None;
                    }
                    let Some(run) = pool.run.as_mut() else { return };
                    let shard = (id % ID_STRIDE) as usize;
                    if let Some(part) = run.parts.get_mut(shard) {
                        *part = Some(output);
                    }
                    if let Some(p) = run.progress.get_mut(shard) {
                        *p = 1.0;
                    }
                    run.compute_ms += compute_ms;
                    run.parts.iter().all(Option::is_some)
                };
                if done {
                    let run = self.pool.borrow_mut().run.take();
                    if let Some(run) = run {
                        let parts = run.parts.into_iter().flatten().collect();
                        let output = run.job.merge(parts);
                        self.finish(run.job, output, run.started, run.compute_ms, true);
                    }
                } else {
                    self.dispatch();
                    let mean = self.pool.borrow().run.as_ref().map_or(0.0, |r| {
                        r.progress.iter().sum::<f64>() / r.progress.len().max(1) as f64
                    });
                    self.set_progress(mean, false);
                }
            }
            Message::Error { id, message } if ours(id) || id == u64::MAX => self.fail(message),
            _ => {}
        }
    }

    /// A worker could not load: run the job on the main thread instead.
    fn on_fail(&self) {
        let job = {
            let mut pool = self.pool.borrow_mut();
            pool.no_worker = true;
            pool.members.iter_mut().for_each(|m| *m = None);
            pool.run.take().map(|r| (r.job, r.started))
        };
        if let Some((job, started)) = job {
            let generation = self.pool.borrow().generation;
            run_sliced(job, started, self.clone(), generation);
        }
    }

    /// Starts members up to `size`; false when none can start.
    fn ensure_members(&self, size: usize) -> bool {
        if self.pool.borrow().no_worker {
            return false;
        }
        for index in 0..size {
            let missing = self
                .pool
                .borrow()
                .members
                .get(index)
                .is_none_or(Option::is_none);
            if !missing {
                continue;
            }
            let on_message = {
                let me = self.clone();
                Callback::from(move |m| me.on_message(index, m))
            };
            let on_fail = {
                let me = self.clone();
                Callback::from(move |()| me.on_fail())
            };
            match spawn_warm(on_message, on_fail) {
                Ok(warm) => {
                    let mut pool = self.pool.borrow_mut();
                    if pool.members.len() <= index {
                        pool.members.resize_with(index + 1, || None);
                    }
                    pool.members[index] = Some(Member { warm, busy: None });
                }
                Err(_) if index == 0 => {
                    self.pool.borrow_mut().no_worker = true;
                    return false;
                }
                Err(_) => break,
            }
        }
        true
    }

    /// Posts pending shards to idle members.
    fn dispatch(&self) {
        let mut failed = false;
        {
            let mut guard = self.pool.borrow_mut();
            let pool = &mut *guard;
            let generation = pool.generation;
            let Some(run) = pool.run.as_mut() else { return };
            for member in pool.members.iter_mut().flatten() {
                if member.busy.is_some() {
                    continue;
                }
                let Some(shard) = run.pending.pop_front() else {
                    break;
                };
                let id = generation * ID_STRIDE + u64::from(shard);
                if post_job(&member.warm.worker, id, &run.job.shard(shard)).is_err() {
                    failed = true;
                    break;
                }
                member.busy = Some(shard);
                member.warm.idle = false;
            }
        }
        if failed {
            self.on_fail();
        }
    }

    fn start(&self, job: J) {
        let shards = job.shard_count().max(1);
        {
            let mut pool = self.pool.borrow_mut();
            pool.generation += 1;
            // Busy workers cannot be interrupted: replace them.
            for slot in pool.members.iter_mut() {
                if slot.as_ref().is_some_and(|m| m.busy.is_some()) {
                    *slot = None;
                }
            }
            pool.run = Some(Run {
                job: job.clone(),
                started: now_ms(),
                pending: (0..shards).collect(),
                parts: (0..shards).map(|_| None).collect(),
                progress: vec![0.0; shards as usize],
                compute_ms: 0.0,
            });
        }
        self.running.set(Some(job.clone()));
        let size = pool_size().min(shards) as usize;
        if self.ensure_members(size) {
            self.set_progress(0.0, false);
            self.dispatch();
        } else {
            let generation = self.pool.borrow().generation;
            let started = now_ms();
            self.pool.borrow_mut().run = None;
            run_sliced(job, started, self.clone(), generation);
        }
    }

    fn cancel(&self) {
        let had = {
            let mut pool = self.pool.borrow_mut();
            pool.generation += 1;
            for slot in pool.members.iter_mut() {
                if slot.as_ref().is_some_and(|m| m.busy.is_some()) {
                    *slot = None;
                }
            }
            pool.run.take().is_some() || self.running.is_some()
        };
        self.running.set(None);
        if had {
            self.state.set(JobState::Cancelled);
        }
    }
}

/// Runs shardable jobs of type `J` on a pool of workers, one per core; the same handle as
/// [`super::use_job`] gives.
#[hook]
pub fn use_pool_job<J: Shardable>() -> JobHandle<J> {
    let shared = Shared::<J> {
        state: use_state(|| JobState::Idle),
        last: use_state(|| None),
        running: use_state(|| None),
        pool: use_mut_ref(|| Pool {
            members: Vec::new(),
            generation: 0,
            run: None,
            no_worker: false,
            finished: 0,
        }),
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
        let pool = shared.pool.clone();
        use_effect_with((), move |_| move || pool.borrow_mut().members.clear());
    }
    JobHandle {
        state: (*shared.state).clone(),
        last: (*shared.last).clone(),
        running: (*shared.running).clone(),
        start,
        cancel,
    }
}

/// The fallback: the unsharded job on the main thread, in slices of at most [`SLICE_MS`].
fn run_sliced<J: Shardable>(job: J, started: f64, shared: Shared<J>, generation: u64) {
    let mut stepper = match job.start() {
        Ok(s) => s,
        Err(message) => return shared.fail(message),
    };
    shared.set_progress(0.0, true);
    wasm_bindgen_futures::spawn_local(async move {
        use sdlab_sim::Stepper;
        let mut compute_ms = 0.0;
        loop {
            gloo_timers::future::TimeoutFuture::new(0).await;
            if shared.pool.borrow().generation != generation {
                return;
            }
            let slice = now_ms();
            let mut finished = false;
            while now_ms() - slice < SLICE_MS {
                if stepper.step(STEP_WORK / 4) {
                    finished = true;
                    break;
                }
            }
            compute_ms += now_ms() - slice;
            if finished {
                return shared.finish(job, stepper.finish(), started, compute_ms, false);
            }
            shared.set_progress(stepper.progress(), true);
        }
    });
}
