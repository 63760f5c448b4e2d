//! An accepted connection that closes itself when it holds no call for too
//! long: `server.header_read_timeout_ms` until its first call's headers have
//! arrived (slowloris: a preface or headers trickled forever), then
//! `server.idle_connection_timeout_ms` after each moment it has no call in
//! flight (idle connections by the thousand).
//!
//! Bytes alone do not count as activity: a peer answering keepalive PINGs,
//! or trickling a header a byte at a time, is still idle. What counts is a
//! call in flight, which [`super::idle_layer`] reports through the
//! [`ConnectionActivity`] found in each request's extensions (as
//! [`GuardedConnectInfo`], this connection's connect info).
//!
//! When the timeout passes, reads return end-of-file: hyper ends the
//! connection and the socket is closed.

use std::{
    io,
    pin::Pin,
    sync::{Arc, Mutex},
    task::{Context, Poll, Waker},
    time::Duration,
};

use tokio::{
    io::{AsyncRead, AsyncWrite, ReadBuf},
    net::TcpStream,
    time::{Instant, Sleep},
};
use tonic::transport::server::{Connected, TcpConnectInfo};

/// The two timeouts of a connection with no call in flight.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct IdleTimeouts {
    /// Before the first call's headers.
    pub first_call: Duration,
    /// After any call, while none is in flight.
    pub between_calls: Duration,
}

/// Calls in flight on one connection, and since when it has had none.
#[derive(Debug)]
pub struct ConnectionActivity {
    state: Mutex<ActivityState>,
}

#[derive(Debug)]
struct ActivityState {
    in_flight: usize,
    idle_since: Instant,
    had_call: bool,
    /// The connection's reader, woken when the last call ends so that it
    /// arms its idle timer again.
    reader: Option<Waker>,
}

impl ConnectionActivity {
    fn new() -> Self {
        Self {
            state: Mutex::new(ActivityState {
                in_flight: 0,
                idle_since: Instant::now(),
                had_call: false,
                reader: None,
            }),
        }
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, ActivityState> {
        self.state.lock().unwrap_or_else(|e| e.into_inner())
    }

    /// A call started on this connection; it counts until the returned
    /// guard is dropped.
    pub fn call_started(self: &Arc<Self>) -> CallOnConnection {
        let mut state = self.lock();
        state.in_flight += 1;
        state.had_call = true;
        CallOnConnection(self.clone())
    }

    /// When the connection becomes too idle, if no call is in flight.
    fn idle_deadline(&self, timeouts: IdleTimeouts, reader: &Waker) -> Option<Instant> {
        let mut state = self.lock();
        if state.in_flight > 0 {
            state.reader = Some(reader.clone());
            return None;
        }
        let timeout = if state.had_call {
            timeouts.between_calls
        } else {
            timeouts.first_call
        };
        Some(state.idle_since + timeout)
    }
}

/// One call in flight on a connection (see
/// [`ConnectionActivity::call_started`]).
#[derive(Debug)]
pub struct CallOnConnection(Arc<ConnectionActivity>);

impl Drop for CallOnConnection {
    fn drop(&mut self) {
        let mut state = self.0.lock();
        state.in_flight -= 1;
        if state.in_flight == 0 {
            state.idle_since = Instant::now();
            if let Some(reader) = state.reader.take() {
                reader.wake();
            }
        }
    }
}

/// What each request on a [`GuardedIo`] connection finds in its extensions:
/// the TCP addresses and the connection's activity.
#[derive(Debug, Clone)]
pub struct GuardedConnectInfo {
    /// The addresses, as tonic gives them for a plain TCP connection.
    pub tcp: TcpConnectInfo,
    /// Calls in flight on the connection.
    pub activity: Arc<ConnectionActivity>,
}

/// An accepted TCP connection that ends itself when idle (see the module
/// documentation).
#[derive(Debug)]
pub struct GuardedIo {
    inner: TcpStream,
    activity: Arc<ConnectionActivity>,
    timeouts: IdleTimeouts,
    timer: Pin<Box<Sleep>>,
    timed_out: bool,
}

impl GuardedIo {
    /// Guards `inner` with `timeouts`, starting now.
    pub fn new(inner: TcpStream, timeouts: IdleTimeouts) -> Self {
        let activity = Arc::new(ConnectionActivity::new());
        let first = Instant::now() + timeouts.first_call;
        Self {
            inner,
            activity,
            timeouts,
            timer: Box::pin(tokio::time::sleep_until(first)),
            timed_out: false,
        }
    }

    /// True once the connection has been closed for idleness.
    fn check_idle(&mut self, cx: &mut Context<'_>) -> bool {
        if self.timed_out {
            return true;
        }
        loop {
            let Some(deadline) = self.activity.idle_deadline(self.timeouts, cx.waker()) else {
                return false;
            };
            if Instant::now() >= deadline {
                tracing::debug!(
                    peer = ?self.inner.peer_addr().ok(),
                    "closing a connection with no call in flight (idle or slow headers)"
                );
                self.timed_out = true;
                return true;
            }
            if self.timer.deadline() != deadline {
                self.timer.as_mut().reset(deadline);
            }
            if self.timer.as_mut().poll(cx).is_pending() {
                return false;
            }
        }
    }
}

impl AsyncRead for GuardedIo {
    fn poll_read(
        mut self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        buf: &mut ReadBuf<'_>,
    ) -> Poll<io::Result<()>> {
        if self.check_idle(cx) {
            // End of file: hyper ends the connection.
            return Poll::Ready(Ok(()));
        }
        Pin::new(&mut self.inner).poll_read(cx, buf)
    }
}

impl AsyncWrite for GuardedIo {
    fn poll_write(
        mut self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        buf: &[u8],
    ) -> Poll<io::Result<usize>> {
        Pin::new(&mut self.inner).poll_write(cx, buf)
    }

    fn poll_flush(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        Pin::new(&mut self.inner).poll_flush(cx)
    }

    fn poll_shutdown(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        Pin::new(&mut self.inner).poll_shutdown(cx)
    }

    fn poll_write_vectored(
        mut self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        bufs: &[io::IoSlice<'_>],
    ) -> Poll<io::Result<usize>> {
        Pin::new(&mut self.inner).poll_write_vectored(cx, bufs)
    }

    fn is_write_vectored(&self) -> bool {
        self.inner.is_write_vectored()
    }
}

impl Connected for GuardedIo {
    type ConnectInfo = GuardedConnectInfo;

    fn connect_info(&self) -> Self::ConnectInfo {
        GuardedConnectInfo {
            tcp: self.inner.connect_info(),
            activity: self.activity.clone(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use tokio::{
        io::{AsyncReadExt, AsyncWriteExt},
        net::TcpListener,
    };

    const TIMEOUTS: IdleTimeouts = IdleTimeouts {
        first_call: Duration::from_millis(100),
        between_calls: Duration::from_millis(200),
    };

    async fn pair() -> (GuardedIo, TcpStream) {
        let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
        let client = TcpStream::connect(listener.local_addr().unwrap())
            .await
            .unwrap();
        let (server, _) = listener.accept().await.unwrap();
        (GuardedIo::new(server, TIMEOUTS), client)
    }

    #[tokio::test]
    async fn a_connection_without_a_call_reads_eof_after_the_first_call_timeout() {
        let (mut io, mut client) = pair().await;
        client.write_all(b"partial").await.unwrap();
        let mut buf = [0u8; 16];
        assert_eq!(io.read(&mut buf).await.unwrap(), 7);
        // Bytes trickling in do not keep it open: only a call does.
        let start = Instant::now();
        assert_eq!(io.read(&mut buf).await.unwrap(), 0);
        assert!(start.elapsed() >= Duration::from_millis(90));
    }

    #[tokio::test]
    async fn a_call_in_flight_keeps_it_open_and_its_end_restarts_the_idle_clock() {
        let (mut io, mut client) = pair().await;
        let call = io.connect_info().activity.call_started();
        let reader = tokio::spawn(async move {
            let mut buf = [0u8; 16];
            let n = io.read(&mut buf).await.unwrap();
            (n, Instant::now())
        });
        tokio::time::sleep(Duration::from_millis(500)).await;
        assert!(!reader.is_finished(), "open while a call is in flight");
        let ended = Instant::now();
        drop(call);
        let (n, closed) = reader.await.unwrap();
        assert_eq!(n, 0);
        assert!(closed - ended >= Duration::from_millis(190));
        drop(client.write_all(b"x").await);
    }
}
