//! Workers of one shape: a named thread serving requests newest-first, answering through a sink.

use std::io;
use std::ops::ControlFlow;
use std::sync::mpsc::{Receiver, Sender, channel};

/// Where a worker sends its answers. `Break` means nobody listens any more: the worker stops.
/// (`ControlFlow` is `#[must_use]`, so that answer cannot be dropped unread.)
pub type Flow = ControlFlow<()>;

/// The newest of the requests waiting on `requests`, blocking until there is one; the older
/// ones are dropped, since only the newest still matters. `None` once every sender is gone.
pub fn newest<R>(requests: &Receiver<R>) -> Option<R> {
    let first = requests.recv().ok()?;
    Some(requests.try_iter().last().unwrap_or(first))
}

/// A thread that serves requests one at a time, skipping to the newest when several wait.
#[derive(Debug)]
pub struct Worker<R> {
    requests: Sender<R>,
}

impl<R: Send + 'static> Worker<R> {
    /// Starts thread `name`, which calls `serve` for each request it takes, until `serve`
    /// breaks (its answers have nobody to go to) or the `Worker` is dropped.
    pub fn spawn(name: &str, mut serve: impl FnMut(R) -> Flow + Send + 'static) -> io::Result<Worker<R>> {
        let (requests, incoming) = channel::<R>();
        std::thread::Builder::new().name(name.to_owned()).spawn(move || {
            while let Some(request) = newest(&incoming) {
                if serve(request).is_break() {
                    break;
                }
            }
        })?;
        Ok(Worker { requests })
    }

    /// Queues `request`. A worker that stopped because nobody listens has nobody to answer
    /// either, so a request to it is dropped.
    pub fn request(&self, request: R) {
        let _ = self.requests.send(request);
    }
}

/// A sink that forwards answers, wrapped by `wrap`, into a channel; it breaks once the
/// channel's receiver is gone.
pub fn forward<A, M, W>(to: &Sender<M>, wrap: W) -> impl Fn(A) -> Flow + Send + Sync + 'static
where
    M: Send + 'static,
    W: Fn(A) -> M + Send + Sync + 'static,
{
    let to = to.clone();
    move |answer| match to.send(wrap(answer)) {
        Ok(()) => ControlFlow::Continue(()),
        Err(_) => ControlFlow::Break(()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::sync::mpsc::channel;

    #[test]
    fn only_the_newest_waiting_request_is_served() {
        let (tx, rx) = channel();
        for i in 0..5 {
            tx.send(i).unwrap();
        }
        assert_eq!(newest(&rx), Some(4));
        drop(tx);
        assert_eq!(newest(&rx), None);
    }

    #[test]
    fn a_worker_answers_and_stops_when_nobody_listens() {
        let (answers, received) = channel();
        let sink = forward(&answers, |n: u32| n * 10);
        drop(answers);
        // The worker reports each request it serves; this channel closes when its thread ends.
        let (served_tx, served) = channel();
        let worker = Worker::spawn("folio-test-worker", move |n: u32| {
            served_tx.send(n).unwrap();
            sink(n + 1)
        })
        .unwrap();
        worker.request(1);
        assert_eq!(received.recv(), Ok(20));
        drop(received);
        worker.request(2);
        assert_eq!(served.recv(), Ok(1));
        assert_eq!(served.recv(), Ok(2));
        // Its answer to 2 found nobody: the thread ended, and a later request is dropped.
        let ended = served.recv_timeout(std::time::Duration::from_secs(10));
        assert_eq!(ended, Err(std::sync::mpsc::RecvTimeoutError::Disconnected), "the worker stopped");
        worker.request(3);
    }
}
