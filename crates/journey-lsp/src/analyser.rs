//! The analysis thread: every open document version's parse and checker
//! model is made here, one after the other, in the order asked for. A
//! request or a check that needs a version's model asks this thread for it
//! and awaits the answer; it does not build the model on its own thread.
//!
//! Why one thread: the allocator keeps freed memory per thread. Models
//! built on whichever thread asked first (a request's, a check's) left the
//! memory of the last one in every such thread: over the latency bench's
//! random edits the resident set was 74–159 MB, on one thread 21–35 MB. With
//! the 10 ms purge delay of the other commands, such a model also took fresh
//! pages from the system (about a thousand page faults for the 10k-line
//! bench document, which doubled its 1.2 ms build); `journey lsp` keeps
//! freed memory for a second (`journey-alloc`), which one thread makes
//! cheap (BENCHMARKS.md, "Language server").

use std::panic::{catch_unwind, AssertUnwindSafe};
use std::sync::mpsc;

type Job = Box<dyn FnOnce() + Send>;

/// The analysis thread's queue. The thread ends when the last handle is
/// dropped (with the server).
#[derive(Clone, Debug)]
pub(crate) struct Analyser {
    jobs: mpsc::Sender<Job>,
}

impl Analyser {
    pub(crate) fn start() -> Analyser {
        let (jobs, queue) = mpsc::channel::<Job>();
        // Should the thread not start, its queue is gone with it: every job
        // is dropped unrun, and `run` answers `None`.
        let _ = std::thread::Builder::new()
            .name("journey-analysis".to_string())
            .spawn(move || {
                for job in queue {
                    // A panicking job drops its answer: the one who asked
                    // sees the failure.
                    let _ = catch_unwind(AssertUnwindSafe(job));
                }
            });
        Analyser { jobs }
    }

    /// Runs `job` on the analysis thread after every job queued before it.
    pub(crate) fn spawn(&self, job: impl FnOnce() + Send + 'static) {
        let _ = self.jobs.send(Box::new(job));
    }

    /// Runs `job` on the analysis thread after every job queued before it,
    /// and returns its result; `None` when it panicked.
    pub(crate) async fn run<R: Send + 'static>(
        &self,
        job: impl FnOnce() -> R + Send + 'static,
    ) -> Option<R> {
        let (answer, result) = tokio::sync::oneshot::channel();
        self.spawn(move || {
            let _ = answer.send(job());
        });
        result.await.ok()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Jobs run one after the other, in the order they were queued, on the
    /// one analysis thread; a job that panics answers `None` and the next
    /// runs all the same.
    #[tokio::test]
    async fn jobs_run_in_order_on_the_analysis_thread() {
        let analyser = Analyser::start();
        let order = std::sync::Arc::new(std::sync::Mutex::new(Vec::new()));
        for i in 0..3 {
            let order = order.clone();
            analyser.spawn(move || order.lock().unwrap().push(i));
        }
        let name = analyser
            .run(|| std::thread::current().name().map(str::to_string))
            .await;
        assert_eq!(name, Some(Some("journey-analysis".to_string())));
        assert_eq!(*order.lock().unwrap(), [0, 1, 2]);
        assert_eq!(
            analyser.run(|| -> u8 { panic!("a job panics") }).await,
            None
        );
        assert_eq!(analyser.run(|| 7).await, Some(7));
    }
}
