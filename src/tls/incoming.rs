//! The TLS connections tonic serves: TCP accepted by the guarded accept loop
//! ([`GuardedIncoming`]: `TCP_NODELAY`, idle and first-call timeouts, back-off
//! on accept errors), each handshake in its own task (a slow client never holds up the others)
//! under a timeout, with the configuration current at that moment.

use std::{
    pin::Pin,
    sync::Arc,
    task::{Context, Poll},
    time::Duration,
};

use tokio::{
    sync::{Semaphore, mpsc},
    task::JoinHandle,
};
use tokio_rustls::{TlsAcceptor, server::TlsStream};
use tokio_stream::{Stream, StreamExt};
use tonic::transport::server::Connected;

use super::{reload::CurrentConfig, server_config::TlsFiles};
use crate::{
    config::TlsSettings,
    transport::{guarded_io::GuardedIo, incoming::GuardedIncoming},
};

/// Handshakes in progress at most; further connections wait in the
/// listen backlog until one finishes.
const MAX_CONCURRENT_HANDSHAKES: usize = 512;
/// Finished connections waiting for tonic to pick them up.
const READY_QUEUE: usize = 64;

/// A stream of TLS connections for `serve_with_incoming_shutdown`; the
/// accept loop and the certificate reload run in tasks that stop when it is
/// dropped.
#[derive(Debug)]
pub struct TlsIncoming {
    ready: mpsc::Receiver<TlsStream<GuardedIo>>,
    tasks: [JoinHandle<()>; 2],
}

impl TlsIncoming {
    /// Serves TLS on the connections `tcp` accepts, with `config`,
    /// reloading it from the files of `settings` (`loaded`: their content
    /// when `config` was built).
    pub fn new(
        tcp: GuardedIncoming,
        settings: &TlsSettings,
        config: CurrentConfig,
        loaded: TlsFiles,
    ) -> Self {
        let (ready_tx, ready) = mpsc::channel(READY_QUEUE);
        let accept = tokio::spawn(accept_loop(
            tcp,
            config.clone(),
            settings.handshake_timeout,
            ready_tx,
        ));
        let reload = tokio::spawn(config.reload_on_change(settings.clone(), loaded));
        Self {
            ready,
            tasks: [accept, reload],
        }
    }
}

impl Stream for TlsIncoming {
    type Item = Result<TlsStream<GuardedIo>, std::io::Error>;

    fn poll_next(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Option<Self::Item>> {
        self.ready.poll_recv(cx).map(|stream| stream.map(Ok))
    }
}

impl Drop for TlsIncoming {
    fn drop(&mut self) {
        for task in &self.tasks {
            task.abort();
        }
    }
}

async fn accept_loop(
    mut tcp: GuardedIncoming,
    config: CurrentConfig,
    handshake_timeout: Duration,
    ready: mpsc::Sender<TlsStream<GuardedIo>>,
) {
    let handshakes = Arc::new(Semaphore::new(MAX_CONCURRENT_HANDSHAKES));
    loop {
        let permit = tokio::select! {
            () = ready.closed() => return,
            permit = handshakes.clone().acquire_owned() => match permit {
                Ok(permit) => permit,
                Err(_) => return,
            },
        };
        let accepted = tokio::select! {
            () = ready.closed() => return,
            accepted = tcp.next() => accepted,
        };
        // GuardedIncoming logs accept errors and backs off itself.
        let stream = match accepted {
            None => return,
            Some(Ok(stream)) => stream,
            Some(Err(_)) => continue,
        };
        let acceptor = TlsAcceptor::from(config.get());
        let ready = ready.clone();
        tokio::spawn(async move {
            let _permit = permit;
            let peer = stream.connect_info().tcp.remote_addr();
            match tokio::time::timeout(handshake_timeout, acceptor.accept(stream)).await {
                Ok(Ok(tls)) => {
                    let _ = ready.send(tls).await;
                }
                Ok(Err(e)) => {
                    tracing::debug!(peer = ?peer, error = %e, "TLS handshake failed");
                }
                Err(_) => {
                    tracing::debug!(
                        peer = ?peer,
                        timeout_ms = handshake_timeout.as_millis(),
                        "TLS handshake timed out"
                    );
                }
            }
        });
    }
}
