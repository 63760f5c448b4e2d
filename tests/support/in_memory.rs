//! The scoring service over an in-memory transport (`tokio::io::duplex`, as
//! in tonic's `mock` example): for tests of what the handlers answer, which
//! need no socket, no health, reflection or telemetry stack around them.
//! Tests of the server as deployed use [`super::spawn_app`].

use hyper_util::rt::TokioIo;
use stage_scorer::{
    config, grpc::service::StageScoring,
    proto::stage_scoring_service_client::StageScoringServiceClient,
};
use tokio::task::JoinHandle;
use tonic::transport::{Channel, Endpoint, Server, Uri};
use tower::service_fn;

/// Bytes the duplex pipe buffers in each direction.
const PIPE_CAPACITY: usize = 64 * 1024;

/// The scoring service behind an in-memory pipe, and a client on it.
pub struct InMemoryApp {
    /// The scoring client.
    pub client: StageScoringServiceClient<Channel>,
    server: JoinHandle<()>,
}

impl InMemoryApp {
    /// Stops serving.
    pub async fn stop(self) {
        drop(self.client);
        self.server.abort();
        let _ = self.server.await;
    }
}

/// Serves the scoring service with the built-in model and limits over a
/// duplex pipe, and connects a generated client to it.
pub async fn spawn_app() -> InMemoryApp {
    let configuration = config::builtin();
    let scoring = StageScoring::new(configuration.model)
        .with_limits(configuration.settings.limits)
        .into_server();
    let (client_io, server_io) = tokio::io::duplex(PIPE_CAPACITY);
    let server = tokio::spawn(async move {
        Server::builder()
            .add_service(scoring)
            .serve_with_incoming(tokio_stream::once(Ok::<_, std::io::Error>(server_io)))
            .await
            .expect("in-memory server runs");
    });
    let mut client_io = Some(client_io);
    // The address is never dialled: the connector hands over the pipe.
    let channel = Endpoint::from_static("http://in-memory.invalid")
        .connect_with_connector(service_fn(move |_: Uri| {
            let io = client_io.take();
            async move {
                io.map(TokioIo::new)
                    .ok_or_else(|| std::io::Error::other("the in-memory pipe was already taken"))
            }
        }))
        .await
        .expect("client connects over the pipe");
    InMemoryApp {
        client: StageScoringServiceClient::new(channel),
        server,
    }
}
