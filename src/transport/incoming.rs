//! The accepted connections the server serves: `TCP_NODELAY` on each, each
//! wrapped in a [`GuardedIo`], and an accept loop that backs off and logs
//! when accepting fails.
//!
//! tonic's serve loop retries a failed accept at once and logs it at TRACE:
//! out of file descriptors (EMFILE/ENFILE) the listener stays readable, so
//! the loop spins a core and nothing says why. Here a failed accept is
//! logged (WARN, at most once per back-off step) and the next accept waits
//! 5 ms, doubling up to 1 s, until one succeeds.

use std::{
    io,
    pin::Pin,
    task::{Context, Poll},
    time::Duration,
};

use tokio::{
    net::{TcpListener, TcpStream},
    time::Sleep,
};
use tokio_stream::Stream;
use tonic::transport::server::TcpIncoming;

use super::guarded_io::{GuardedIo, IdleTimeouts};

/// First wait after a failed accept.
const FIRST_BACKOFF: Duration = Duration::from_millis(5);
/// Longest wait between accepts while they fail.
const MAX_BACKOFF: Duration = Duration::from_secs(1);

/// The stream of accepted connections (see the module documentation).
#[derive(Debug)]
pub struct GuardedIncoming {
    inner: TcpIncoming,
    timeouts: IdleTimeouts,
    backoff: Duration,
    waiting: Option<Pin<Box<Sleep>>>,
    failures: u64,
}

impl GuardedIncoming {
    /// Accepts on `listener`, guarding each connection with `timeouts`.
    ///
    /// `TCP_NODELAY` is set on every connection: without it a unary answer's
    /// trailer frame waits for the client's delayed ACK (about 40 ms).
    pub fn new(listener: TcpListener, timeouts: IdleTimeouts) -> Self {
        Self {
            inner: TcpIncoming::from(listener).with_nodelay(Some(true)),
            timeouts,
            backoff: FIRST_BACKOFF,
            waiting: None,
            failures: 0,
        }
    }
}

impl Stream for GuardedIncoming {
    type Item = Result<GuardedIo, io::Error>;

    fn poll_next(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Option<Self::Item>> {
        let this = &mut *self;
        loop {
            if let Some(waiting) = this.waiting.as_mut() {
                std::task::ready!(waiting.as_mut().poll(cx));
                this.waiting = None;
            }
            match std::task::ready!(Pin::new(&mut this.inner).poll_next(cx)) {
                Some(Ok(stream)) => {
                    if this.failures > 0 {
                        tracing::info!(
                            failed_accepts = this.failures,
                            "accepting connections again"
                        );
                        this.failures = 0;
                        this.backoff = FIRST_BACKOFF;
                    }
                    return Poll::Ready(Some(Ok(guard(stream, this.timeouts))));
                }
                Some(Err(error)) => {
                    this.failures += 1;
                    tracing::warn!(
                        error = %error,
                        out_of_file_descriptors = is_out_of_descriptors(&error),
                        retry_in_ms = this.backoff.as_millis(),
                        failed_accepts = this.failures,
                        "cannot accept a connection; backing off"
                    );
                    this.waiting = Some(Box::pin(tokio::time::sleep(this.backoff)));
                    this.backoff = (this.backoff * 2).min(MAX_BACKOFF);
                }
                None => return Poll::Ready(None),
            }
        }
    }
}

fn guard(stream: TcpStream, timeouts: IdleTimeouts) -> GuardedIo {
    GuardedIo::new(stream, timeouts)
}

/// EMFILE or ENFILE: the process or the system is out of file descriptors.
fn is_out_of_descriptors(error: &io::Error) -> bool {
    const EMFILE: i32 = 24;
    const ENFILE: i32 = 23;
    matches!(error.raw_os_error(), Some(EMFILE | ENFILE))
}
