//! Answers whose Python objects have died are freed on a pool thread, not on the Python thread
//! that let them go. Freeing a batch's answers (some twenty allocations each, made on the
//! answering threads) cost the Python thread 0.7–1.4 µs an answer, a third of what answering
//! them cost it with two threads; now it moves each one into a buffer, and a full buffer goes to
//! the pool. (The freeing itself costs more in all, as the memory is another thread's. But with
//! two threads the Python thread is the bottleneck, and `ask_many` was faster this way in each of
//! six alternating runs of the two builds; with one thread the runs did not tell them apart.)

use std::cell::RefCell;
use zhili::answer::Answer;

/// Answers buffered before the buffer is handed to a pool thread.
const BATCH: usize = 1024;

thread_local! {
    static BURIED: RefCell<Vec<Box<Answer>>> = const { RefCell::new(Vec::new()) };
}

/// Frees `a` later, on a pool thread (at once, here, if no pool thread can take it).
pub fn bury(a: Box<Answer>) {
    let full = BURIED.try_with(|b| {
        let mut b = b.borrow_mut();
        b.push(a);
        (b.len() >= BATCH).then(|| std::mem::replace(&mut *b, Vec::with_capacity(BATCH)))
    });
    // (when the thread is exiting its buffer is gone, and `try_with` has dropped `a` already)
    if let Ok(Some(batch)) = full {
        bury_all(batch);
    }
}

/// Frees `x` (e.g. a batch of answers whose columns have been made) on a pool thread.
pub fn bury_all<T: Send + 'static>(x: T) {
    // if no pool thread can be started, the job and `x` in it are dropped right here
    let _ = crate::pool::run(1, vec![Box::new(move || drop(x))]);
}
