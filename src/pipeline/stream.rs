//! The streaming engine under `build`, `extract` and `merge`: an ordered, batched, parallel map.
//!
//! ```text
//!  reader thread ──batches──▶ rayon pool: work(item) in parallel ──results in input order──▶ sink
//!  (reads lazily)   (bounded)  while the previous batch is sunk                              (merge)
//! ```
//!
//! * A reader thread produces items (documents, or facts lines) lazily and cuts them into
//!   batches of at most [`Limits::items`] items or [`Limits::bytes`] bytes. The channel to the
//!   workers holds one batch, so at most about four batches are alive at any time (being read,
//!   queued, worked on, sunk): memory stays constant in the size of the input.
//! * Each batch is mapped in parallel on the given pool; the results are handed to the sink
//!   **in input order**, on one thread at a time, while the pool already works on the next
//!   batch (`rayon::join`). So the sink (merging into a graph, writing lines) sees exactly the
//!   sequence a sequential run would, whatever the number of threads: output is byte-identical.
//! * Warnings travel in the same stream as items ([`Item::Warn`]), so they come out in input
//!   order too, next to the documents they are about.

use crate::input::InputWarning;
use rayon::prelude::*;
use rayon::ThreadPool;
use std::sync::mpsc;

/// One element of the stream.
pub(crate) enum Item<T> {
    /// A unit of work (or its result).
    Value(T),
    /// A problem with one input; passed through unchanged.
    Warn(InputWarning),
    /// Input bytes consumed that gave no value (a skipped file, JSON-lines overhead): only for
    /// progress accounting.
    Skip(u64),
}

/// Batch size limits.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Limits {
    /// Items per batch.
    pub items: usize,
    /// Bytes per batch (as counted by the producer).
    pub bytes: u64,
}

/// Runs `produce` on a reader thread and `work` on `pool`, feeding results to `sink` in input
/// order. `produce` gets an `emit(item, bytes)` function; it returns a value handed back with
/// the end (the reader's own statistics, say).
pub(crate) fn run<I, O, R>(
    pool: &ThreadPool,
    limits: Limits,
    produce: impl FnOnce(&mut dyn FnMut(Item<I>, u64)) -> R + Send,
    work: impl Fn(I) -> Item<O> + Sync,
    mut sink: impl FnMut(Item<O>) + Send,
) -> R
where
    I: Send,
    O: Send,
    R: Send,
{
    let (tx, rx) = mpsc::sync_channel::<Vec<Item<I>>>(1);
    std::thread::scope(|scope| {
        let reader = scope.spawn(move || {
            let mut batch: Vec<Item<I>> = Vec::new();
            let mut bytes = 0u64;
            let mut open = true;
            let mut emit = |item: Item<I>, n: u64| {
                if !open {
                    return;
                }
                batch.push(item);
                bytes += n;
                if batch.len() >= limits.items.max(1) || bytes >= limits.bytes.max(1) {
                    open = tx.send(std::mem::take(&mut batch)).is_ok();
                    bytes = 0;
                }
            };
            let r = produce(&mut emit);
            if !batch.is_empty() && open {
                let _ = tx.send(batch);
            }
            r
        });
        let work = &work;
        let mut done: Option<Vec<Item<O>>> = None;
        for batch in rx {
            let prev = done.take();
            let sink = &mut sink;
            let (_, out) = pool.install(|| {
                rayon::join(
                    move || prev.into_iter().flatten().for_each(sink),
                    move || {
                        batch
                            .into_par_iter()
                            .map(|it| match it {
                                Item::Value(v) => work(v),
                                Item::Warn(w) => Item::Warn(w),
                                Item::Skip(n) => Item::Skip(n),
                            })
                            .collect::<Vec<_>>()
                    },
                )
            });
            done = Some(out);
        }
        done.into_iter().flatten().for_each(&mut sink);
        match reader.join() {
            Ok(r) => r,
            Err(p) => std::panic::resume_unwind(p),
        }
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn order_is_kept_for_any_thread_count_and_batch_size() {
        for threads in [1, 2, 3] {
            for items in [1, 2, 7, 1000] {
                let pool = rayon::ThreadPoolBuilder::new().num_threads(threads).build().unwrap();
                let mut seen = Vec::new();
                let n = run(
                    &pool,
                    Limits { items, bytes: u64::MAX },
                    |emit| {
                        for i in 0..100u64 {
                            if i % 10 == 3 {
                                emit(Item::Warn(InputWarning { path: format!("w{i}"), message: String::new() }), 0);
                            }
                            emit(Item::Value(i), 1);
                        }
                        100
                    },
                    |v: u64| Item::Value(v * 2),
                    |it| match it {
                        Item::Value(v) => seen.push(format!("{v}")),
                        Item::Warn(w) => seen.push(w.path),
                        Item::Skip(_) => {}
                    },
                );
                assert_eq!(n, 100);
                let mut want = Vec::new();
                for i in 0..100u64 {
                    if i % 10 == 3 {
                        want.push(format!("w{i}"));
                    }
                    want.push(format!("{}", i * 2));
                }
                assert_eq!(seen, want, "threads {threads}, batch {items}");
            }
        }
    }
}
