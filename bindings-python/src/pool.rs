//! Long-lived answering threads, shared by every call of the module. Threads spawned for each
//! call would each start a fresh allocator heap and abandon it on exit, so every batch would fault
//! in new memory and free its answers (on the Python thread) into heaps nobody owns any more: on
//! the 2-core machine two such threads answered more slowly than one.

use std::panic::{catch_unwind, AssertUnwindSafe};
use std::sync::{mpsc, Arc, Mutex};

/// Work for a pool thread.
pub type Job = Box<dyn FnOnce() + Send + 'static>;

struct Pool {
    /// The process the threads run in: a child made by `fork` has none of them.
    pid: u32,
    jobs: mpsc::Sender<Job>,
    queue: Arc<Mutex<mpsc::Receiver<Job>>>,
    size: usize,
}

static POOL: Mutex<Option<Pool>> = Mutex::new(None);

/// Hands each job to a pool thread, first growing the pool to `threads` threads (it never
/// shrinks). Jobs beyond the free threads wait for one. Fails only when no thread can be started.
pub fn run(threads: usize, jobs: Vec<Job>) -> Result<(), String> {
    let mut guard = POOL.lock().unwrap_or_else(|e| e.into_inner());
    if guard.as_ref().is_some_and(|p| p.pid != std::process::id()) {
        // forked (multiprocessing's default on Linux): the parent's threads did not come along,
        // and its queue may be locked by one of them; start afresh, leaving the old one alone
        std::mem::forget(guard.take());
    }
    let pool = guard.get_or_insert_with(|| {
        let (jobs, queue) = mpsc::channel();
        Pool {
            pid: std::process::id(),
            jobs,
            queue: Arc::new(Mutex::new(queue)),
            size: 0,
        }
    });
    while pool.size < threads {
        let queue = Arc::clone(&pool.queue);
        let started = std::thread::Builder::new()
            .name("zhili-answer".into())
            .spawn(move || work(&queue));
        match started {
            Ok(_) => pool.size += 1,
            Err(e) if pool.size == 0 => return Err(format!("cannot start a thread: {e}")),
            Err(_) => break, // fewer threads than asked: the jobs take turns
        }
    }
    for job in jobs {
        pool.jobs
            .send(job)
            .map_err(|_| "the answering threads stopped".to_string())?;
    }
    Ok(())
}

/// A pool thread: runs jobs as they come. A job that panics ends alone (its caller sees its
/// results missing); the thread goes on.
fn work(queue: &Mutex<mpsc::Receiver<Job>>) {
    loop {
        let job = match queue.lock() {
            Ok(q) => q.recv(),
            Err(_) => return,
        };
        match job {
            Ok(job) => {
                let _ = catch_unwind(AssertUnwindSafe(job));
            }
            Err(_) => return,
        }
    }
}
