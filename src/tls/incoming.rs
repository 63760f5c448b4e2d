//! The TLS connections tonic serves: TCP accepted with `TCP_NODELAY`, each
//! handshake in its own task (a slow client never holds up the others)
//! under a timeout, with the configuration current at that moment.

use std::{
    pin::Pin,
    sync::Arc,
    task::{Context, Poll},
    time::Duration,
};

use tokio::{
    net::{TcpListener, TcpStream},
    sync::{Semaphore, mpsc},
    task::JoinHandle,
};
use tokio_rustls::{TlsAcceptor, server::TlsStream};
use tokio_stream::{Stream, StreamExt};
use tonic::transport::server::TcpIncoming;

use super::{reload::CurrentConfig, server_config::TlsFiles};
use crate::config::TlsSettings;

/// Handshakes in progress at most; further connections wait in the
/// listen backlog until one finishes.
const MAX_CONCURRENT_HANDSHAKES: usize = 512;
/// Finished connections waiting for tonic to pick them up.
const READY_QUEUE: usize = 64;
/// Pause after an accept error (e.g. out of file descriptors), so that the
/// loop does not spin.
const ACCEPT_ERROR_PAUSE: Duration = Duration::from_millis(100);

/// A stream of TLS connections for `serve_with_incoming_shutdown`; the
/// accept loop and the certificate reload run in tasks that stop when it is
/// dropped.
#[derive(Debug)]
pub struct TlsIncoming {
    ready: mpsc::Receiver<TlsStream<TcpStream>>,
    tasks: [JoinHandle<()>; 2],
}

impl TlsIncoming {
    /// Serves TLS on `listener` with `config`, reloading it from the files
    /// of `settings` (`loaded`: their content when `config` was built).
    pub fn new(
        listener: TcpListener,
        settings: &TlsSettings,
        config: CurrentConfig,
        loaded: TlsFiles,
    ) -> Self {
        let (ready_tx, ready) = mpsc::channel(READY_QUEUE);
        let tcp = TcpIncoming::from(listener).with_nodelay(Some(true));
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
    type Item = Result<TlsStream<TcpStream>, std::io::Error>;

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
    mut tcp: TcpIncoming,
    config: CurrentConfig,
    handshake_timeout: Duration,
    ready: mpsc::Sender<TlsStream<TcpStream>>,
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
        let stream = match accepted {
            None => return,
            Some(Ok(stream)) => stream,
            Some(Err(e)) => {
                tracing::warn!(error = %e, "cannot accept a connection; pausing");
                tokio::time::sleep(ACCEPT_ERROR_PAUSE).await;
                continue;
            }
        };
        let acceptor = TlsAcceptor::from(config.get());
        let ready = ready.clone();
        tokio::spawn(async move {
            let _permit = permit;
            let peer = stream.peer_addr().ok();
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
