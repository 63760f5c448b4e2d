//! The request body of a call, checked on its bytes before tonic buffers or
//! decodes anything (see [`RequestGuardBody`]).
//!
//! gRPC frames each message as a 1-byte compression flag, a 4-byte
//! big-endian length and the message. For every message the guard reads the
//! length first and, before a byte of the message is buffered:
//!
//! - refuses a message over the method's limit (RESOURCE_EXHAUSTED);
//! - reserves that many bytes from `admission.max_request_bytes_in_flight`
//!   (RESOURCE_EXHAUSTED, shed, when they are not available).
//!
//! For a batch-like method ([`ItemLimit`]) it holds the (single) message
//! until it is whole, counts the items' tags in one pass
//! ([`count_length_delimited`]) and refuses too many (INVALID_ARGUMENT, the
//! contract's "batch too large") or reserves them from
//! `admission.max_items_in_flight`, and only then hands the message on. A
//! single-message request must arrive within `server.request_body_timeout_ms`.
//! A refusal is the body's error: tonic ends the call with that status.

use std::{
    pin::Pin,
    sync::Arc,
    task::{Context, Poll},
    time::Duration,
};

use bytes::{Buf, Bytes, BytesMut};
use http_body::{Body, Frame, SizeHint};
use tokio::time::Sleep;
use tonic::Status;

use super::{
    budgets::{Budgets, CallPermits},
    method_policy::{ItemLimit, MethodPolicy},
    shed::{ShedReason, message_too_large, request_body_too_slow, shed, too_many_items},
};
use crate::wire::repeated_field_count::count_length_delimited;

/// Length of a gRPC message prefix: flag and length.
const PREFIX: usize = 5;

/// A request body checked as described in the module documentation.
pub struct RequestGuardBody {
    inner: tonic::body::Body,
    checker: FrameChecker,
    deadline: Option<(Pin<Box<Sleep>>, Duration)>,
    done: bool,
}

impl std::fmt::Debug for RequestGuardBody {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("RequestGuardBody").finish_non_exhaustive()
    }
}

impl RequestGuardBody {
    /// Guards `inner` for a call of `method` under `policy`, reserving from
    /// `budgets` into `permits`; `body_timeout` applies to single-message
    /// requests.
    pub fn new(
        inner: tonic::body::Body,
        method: Arc<str>,
        policy: MethodPolicy,
        budgets: Budgets,
        permits: Arc<CallPermits>,
        body_timeout: Duration,
    ) -> Self {
        let deadline = policy
            .single_request
            .then(|| (Box::pin(tokio::time::sleep(body_timeout)), body_timeout));
        Self {
            inner,
            checker: FrameChecker::new(method, policy, budgets, permits),
            deadline,
            done: false,
        }
    }
}

impl Body for RequestGuardBody {
    type Data = Bytes;
    type Error = Status;

    fn poll_frame(
        mut self: Pin<&mut Self>,
        cx: &mut Context<'_>,
    ) -> Poll<Option<Result<Frame<Bytes>, Status>>> {
        let this = &mut *self;
        loop {
            if this.done {
                return Poll::Ready(None);
            }
            let polled = Pin::new(&mut this.inner).poll_frame(cx);
            let frame = match polled {
                Poll::Pending => {
                    if let Some((sleep, timeout)) = this.deadline.as_mut()
                        && sleep.as_mut().poll(cx).is_ready()
                    {
                        this.done = true;
                        return Poll::Ready(Some(Err(request_body_too_slow(*timeout))));
                    }
                    return Poll::Pending;
                }
                Poll::Ready(frame) => frame,
            };
            match frame {
                None => {
                    this.done = true;
                    // A message cut short: hand on what was held; the
                    // decoder reports the truncation.
                    return Poll::Ready(this.checker.take_held().map(|b| Ok(Frame::data(b))));
                }
                Some(Err(status)) => {
                    this.done = true;
                    return Poll::Ready(Some(Err(status)));
                }
                Some(Ok(frame)) => match frame.into_data() {
                    Ok(data) => match this.checker.on_data(data) {
                        Ok(Some(out)) => {
                            if this.checker.single_message_done() {
                                this.deadline = None;
                            }
                            return Poll::Ready(Some(Ok(Frame::data(out))));
                        }
                        Ok(None) => continue,
                        Err(status) => {
                            this.done = true;
                            return Poll::Ready(Some(Err(status)));
                        }
                    },
                    Err(frame) => return Poll::Ready(Some(Ok(frame))),
                },
            }
        }
    }

    fn is_end_stream(&self) -> bool {
        self.done
    }

    fn size_hint(&self) -> SizeHint {
        SizeHint::default()
    }
}

/// Walks the gRPC message prefixes of a body, chunk by chunk.
struct FrameChecker {
    method: Arc<str>,
    policy: MethodPolicy,
    budgets: Budgets,
    permits: Arc<CallPermits>,
    prefix: [u8; PREFIX],
    prefix_len: usize,
    /// Bytes of the current message still to come.
    remaining: usize,
    /// Length of the first message (the one counted).
    first_len: usize,
    /// The body so far, held until the first message is whole and counted
    /// (batch-like methods only).
    held: Option<BytesMut>,
    messages_seen: u64,
    /// The first message's items were counted (batch-like methods).
    counted: bool,
}

impl FrameChecker {
    fn new(
        method: Arc<str>,
        policy: MethodPolicy,
        budgets: Budgets,
        permits: Arc<CallPermits>,
    ) -> Self {
        Self {
            held: policy.items.map(|_| BytesMut::new()),
            method,
            policy,
            budgets,
            permits,
            prefix: [0; PREFIX],
            prefix_len: 0,
            remaining: 0,
            first_len: 0,
            messages_seen: 0,
            counted: false,
        }
    }

    /// Whether the single message of a single-message request is whole.
    fn single_message_done(&self) -> bool {
        self.messages_seen >= 1 && self.remaining == 0 && self.prefix_len == 0
    }

    fn take_held(&mut self) -> Option<Bytes> {
        self.held
            .take()
            .filter(|b| !b.is_empty())
            .map(BytesMut::freeze)
    }

    /// Checks `data`; returns what to hand on now (nothing while a batch is
    /// held), or the refusal.
    fn on_data(&mut self, data: Bytes) -> Result<Option<Bytes>, Status> {
        if let Some(held) = self.held.as_mut() {
            held.extend_from_slice(&data);
        }
        let mut rest = &data[..];
        while rest.has_remaining() {
            if self.remaining > 0 {
                let take = self.remaining.min(rest.len());
                rest.advance(take);
                self.remaining -= take;
                if self.remaining == 0 {
                    self.message_complete()?;
                }
                continue;
            }
            let take = (PREFIX - self.prefix_len).min(rest.len());
            self.prefix[self.prefix_len..self.prefix_len + take].copy_from_slice(&rest[..take]);
            self.prefix_len += take;
            rest.advance(take);
            if self.prefix_len == PREFIX {
                self.prefix_len = 0;
                let len = u32::from_be_bytes([
                    self.prefix[1],
                    self.prefix[2],
                    self.prefix[3],
                    self.prefix[4],
                ]);
                self.message_started(len)?;
                if len == 0 {
                    self.message_complete()?;
                }
            }
        }
        match self.held.as_ref() {
            None => Ok(Some(data)),
            // The first message is whole and was counted: hand on all that
            // was held; later chunks pass through.
            Some(_) if self.counted => Ok(self.take_held()),
            Some(_) => Ok(None),
        }
    }

    fn message_started(&mut self, len: u32) -> Result<(), Status> {
        if len > self.policy.max_message_bytes {
            return Err(message_too_large(
                len,
                self.policy.max_message_bytes,
                self.policy.limit_key,
            ));
        }
        // Release the previous message's bytes before reserving these.
        self.permits.hold_request_bytes(None);
        let permit = if len == 0 {
            None
        } else {
            match self
                .budgets
                .request_bytes
                .clone()
                .try_acquire_many_owned(len)
            {
                Ok(permit) => Some(permit),
                Err(_) => {
                    return Err(shed(
                        self.method.clone(),
                        ShedReason::RequestBytesInFlight,
                        self.budgets.retry_after,
                    ));
                }
            }
        };
        self.permits.hold_request_bytes(permit);
        self.messages_seen += 1;
        self.remaining = len as usize;
        if self.messages_seen == 1 {
            self.first_len = len as usize;
            if let Some(held) = self.held.as_mut() {
                held.reserve((PREFIX + self.first_len).saturating_sub(held.len()));
            }
        }
        Ok(())
    }

    fn message_complete(&mut self) -> Result<(), Status> {
        let (Some(limit), Some(held)) = (self.policy.items, self.held.as_ref()) else {
            return Ok(());
        };
        if self.counted {
            return Ok(());
        }
        self.counted = true;
        let compressed = held.first().is_some_and(|flag| *flag != 0);
        let message = &held[PREFIX..PREFIX + self.first_len];
        // A compressed or malformed message is left to the decoder, which
        // refuses it with its own error.
        if !compressed && let Ok(count) = count_length_delimited(message, limit.field_number) {
            self.admit_items(count, limit)?;
        }
        Ok(())
    }

    fn admit_items(&mut self, count: usize, limit: ItemLimit) -> Result<(), Status> {
        if count > limit.max_items as usize {
            return Err(too_many_items(count, limit));
        }
        if count > 0 {
            // count <= max_items, a u32.
            let permit = self
                .budgets
                .items
                .clone()
                .try_acquire_many_owned(count as u32)
                .map_err(|_| {
                    shed(
                        self.method.clone(),
                        ShedReason::ItemsInFlight,
                        self.budgets.retry_after,
                    )
                })?;
            self.permits.hold_items(permit);
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::{
        admission::method_policy::MethodPolicies,
        config::{AdmissionSettings, LimitSettings},
    };
    use http_body_util::BodyExt;

    fn frame(message: &[u8]) -> Vec<u8> {
        let mut out = vec![0];
        out.extend_from_slice(&(message.len() as u32).to_be_bytes());
        out.extend_from_slice(message);
        out
    }

    async fn run(path: &str, chunks: Vec<Vec<u8>>, budgets: &Budgets) -> Result<Vec<u8>, Status> {
        let frames: Vec<Result<Frame<Bytes>, Status>> = chunks
            .into_iter()
            .map(|chunk| Ok(Frame::data(Bytes::from(chunk))))
            .collect();
        let inner =
            tonic::body::Body::new(http_body_util::StreamBody::new(tokio_stream::iter(frames)));
        let policy = MethodPolicies::new(LimitSettings::default()).for_path(path);
        let permit = budgets.calls.clone().try_acquire_owned().unwrap();
        let body = RequestGuardBody::new(
            inner,
            "M".into(),
            policy,
            budgets.clone(),
            Arc::new(CallPermits::new(permit)),
            Duration::from_secs(5),
        );
        body.collect().await.map(|c| c.to_bytes().to_vec())
    }

    const BATCH: &str = "/stage_scoring.v1.StageScoringService/BatchClassifyPartners";
    const CLASSIFY: &str = "/stage_scoring.v1.StageScoringService/ClassifyPartner";

    #[tokio::test]
    async fn a_batch_within_limits_passes_unchanged_whatever_the_chunking() {
        let budgets = Budgets::new(&AdmissionSettings::default());
        let body = frame(&[0x0a, 0x00].repeat(1000));
        for split in [1, 3, 5, 6, 1000, body.len()] {
            let chunks = body.chunks(split).map(<[u8]>::to_vec).collect();
            assert_eq!(run(BATCH, chunks, &budgets).await.unwrap(), body, "{split}");
        }
    }

    #[tokio::test]
    async fn a_batch_over_its_item_limit_is_refused_as_the_contract_says() {
        let budgets = Budgets::new(&AdmissionSettings::default());
        let body = frame(&[0x0a, 0x00].repeat(1001));
        let status = run(BATCH, vec![body], &budgets).await.unwrap_err();
        assert_eq!(status.code(), tonic::Code::InvalidArgument);
        assert!(status.message().contains("1001 partners"), "{status:?}");
    }

    #[tokio::test]
    async fn a_message_over_its_method_limit_is_refused_from_its_prefix_alone() {
        let budgets = Budgets::new(&AdmissionSettings::default());
        // Only the prefix is sent: the refusal needs nothing more.
        let prefix = [0, 0, 1, 0, 1].to_vec(); // 65537 bytes announced
        let status = run(CLASSIFY, vec![prefix], &budgets).await.unwrap_err();
        assert_eq!(status.code(), tonic::Code::ResourceExhausted);
        assert!(status.message().contains("65537"), "{status:?}");
    }

    #[tokio::test]
    async fn items_over_the_budget_in_flight_are_shed_and_released_after() {
        let budgets = Budgets::new(&AdmissionSettings {
            max_items_in_flight: 1500,
            ..AdmissionSettings::default()
        });
        let held = budgets.items.clone().try_acquire_many_owned(1000).unwrap();
        let body = frame(&[0x0a, 0x00].repeat(600));
        let status = run(BATCH, vec![body.clone()], &budgets).await.unwrap_err();
        assert_eq!(status.code(), tonic::Code::ResourceExhausted);
        drop(held);
        assert!(run(BATCH, vec![body], &budgets).await.is_ok());
        assert_eq!(budgets.items.available_permits(), 1500);
    }
}
