//! A body that keeps a guard alive until the body has ended (or is dropped):
//! "the call is over" for a response, including a stream's last message.

use std::{
    pin::Pin,
    task::{Context, Poll},
};

use http_body::{Body, Frame, SizeHint};
use pin_project_lite::pin_project;

pin_project! {
    /// `inner`, holding `guard` until its end of stream, an error, or drop.
    #[derive(Debug)]
    pub struct HeldBody<B, G> {
        #[pin]
        inner: B,
        guard: Option<G>,
    }
}

impl<B, G> HeldBody<B, G> {
    /// Wraps `inner`; `guard` is dropped when the body ends.
    pub fn new(inner: B, guard: G) -> Self {
        Self {
            inner,
            guard: Some(guard),
        }
    }
}

/// An empty body holding nothing (what a layer above builds a refusal
/// from).
impl<B: Default, G: Default> Default for HeldBody<B, G> {
    fn default() -> Self {
        Self::new(B::default(), G::default())
    }
}

impl<B: Body, G> Body for HeldBody<B, G> {
    type Data = B::Data;
    type Error = B::Error;

    fn poll_frame(
        self: Pin<&mut Self>,
        cx: &mut Context<'_>,
    ) -> Poll<Option<Result<Frame<Self::Data>, Self::Error>>> {
        let this = self.project();
        let polled = this.inner.poll_frame(cx);
        if matches!(polled, Poll::Ready(None) | Poll::Ready(Some(Err(_)))) {
            this.guard.take();
        }
        polled
    }

    fn is_end_stream(&self) -> bool {
        self.inner.is_end_stream()
    }

    fn size_hint(&self) -> SizeHint {
        self.inner.size_hint()
    }
}
