//! Live counters of `StreamClassifyPartners`, shared by every call of one
//! server: how many streams are open, how many requests were read and
//! answered, and how often a stream had to wait for its client to read.
//! They let operators (and tests) see that flow control and cancellation
//! work without looking inside a call.

use std::sync::{
    Arc,
    atomic::{AtomicU64, Ordering},
};

use tokio::sync::watch;

/// A point-in-time view of the counters.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct StreamActivitySnapshot {
    /// Streams whose server-side work is still running.
    pub open_streams: u64,
    /// Streams whose server-side work has ended, for whatever reason.
    pub ended_streams: u64,
    /// Streams that ended because the client went away (cancelled, reset or
    /// stopped reading) before it had finished sending.
    pub cancelled_streams: u64,
    /// Request messages read from clients, over all streams.
    pub requests_read: u64,
    /// Results handed to the transport, over all streams.
    pub results_sent: u64,
    /// Times a stream found its buffer of unread results full and waited for
    /// the client before reading another request.
    pub backpressure_waits: u64,
}

/// How a stream's server-side work ended.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum StreamEnd {
    /// The client closed its side and every result was handed over.
    Completed,
    /// The client went away first.
    Cancelled,
    /// The request stream failed (a transport or decoding error).
    Failed,
}

impl StreamEnd {
    /// A short lower-case name, for logs.
    pub fn as_str(self) -> &'static str {
        match self {
            StreamEnd::Completed => "completed",
            StreamEnd::Cancelled => "cancelled",
            StreamEnd::Failed => "failed",
        }
    }
}

/// The shared counters. Cloning gives another handle on the same counters.
#[derive(Debug, Clone)]
pub struct StreamActivity {
    inner: Arc<Inner>,
}

#[derive(Debug)]
struct Inner {
    /// Rare events (open, end, wait), which callers may wait for.
    events: watch::Sender<StreamActivitySnapshot>,
    /// Frequent events, counted without waking anyone.
    requests_read: AtomicU64,
    results_sent: AtomicU64,
}

impl Default for StreamActivity {
    fn default() -> Self {
        Self {
            inner: Arc::new(Inner {
                events: watch::Sender::new(StreamActivitySnapshot::default()),
                requests_read: AtomicU64::new(0),
                results_sent: AtomicU64::new(0),
            }),
        }
    }
}

impl StreamActivity {
    /// The counters now.
    pub fn snapshot(&self) -> StreamActivitySnapshot {
        let mut s = *self.inner.events.borrow();
        s.requests_read = self.inner.requests_read.load(Ordering::Relaxed);
        s.results_sent = self.inner.results_sent.load(Ordering::Relaxed);
        s
    }

    /// Waits until `condition` holds for the rare-event counters
    /// (`open_streams`, `ended_streams`, `cancelled_streams`,
    /// `backpressure_waits`), then returns a full snapshot.
    pub async fn wait_until(
        &self,
        mut condition: impl FnMut(&StreamActivitySnapshot) -> bool,
    ) -> StreamActivitySnapshot {
        let mut rx = self.inner.events.subscribe();
        // The sender lives as long as `self`, so this cannot fail.
        let _ = rx.wait_for(|s| condition(s)).await;
        self.snapshot()
    }

    /// Records that a stream started; the guard records its end when dropped.
    pub fn open_stream(&self) -> OpenStream {
        self.inner.events.send_modify(|s| s.open_streams += 1);
        OpenStream {
            activity: self.clone(),
            end: StreamEnd::Failed,
        }
    }

    pub(crate) fn request_read(&self) {
        self.inner.requests_read.fetch_add(1, Ordering::Relaxed);
    }

    pub(crate) fn result_sent(&self) {
        self.inner.results_sent.fetch_add(1, Ordering::Relaxed);
    }

    pub(crate) fn backpressure_wait(&self) {
        self.inner.events.send_modify(|s| s.backpressure_waits += 1);
    }
}

/// One open stream; dropping it records the end (as `Failed` unless
/// [`OpenStream::ended`] said otherwise), so a panic or an early return
/// cannot leave the stream counted as open.
#[derive(Debug)]
pub struct OpenStream {
    activity: StreamActivity,
    end: StreamEnd,
}

impl OpenStream {
    /// Sets how the stream ended.
    pub fn ended(&mut self, end: StreamEnd) {
        self.end = end;
    }
}

impl Drop for OpenStream {
    fn drop(&mut self) {
        let cancelled = self.end == StreamEnd::Cancelled;
        self.activity.inner.events.send_modify(|s| {
            s.open_streams -= 1;
            s.ended_streams += 1;
            if cancelled {
                s.cancelled_streams += 1;
            }
        });
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_stream_is_counted_open_until_its_guard_drops() {
        let activity = StreamActivity::default();
        let mut guard = activity.open_stream();
        activity.request_read();
        activity.result_sent();
        activity.backpressure_wait();
        let s = activity.snapshot();
        assert_eq!(
            (
                s.open_streams,
                s.requests_read,
                s.results_sent,
                s.backpressure_waits
            ),
            (1, 1, 1, 1)
        );
        guard.ended(StreamEnd::Cancelled);
        drop(guard);
        let s = activity.snapshot();
        assert_eq!(
            (s.open_streams, s.ended_streams, s.cancelled_streams),
            (0, 1, 1)
        );
    }
}
