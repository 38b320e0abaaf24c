//! Answers the HTTP library gives on its own, explained.
//!
//! hyper refuses some requests before truce sees them: a request line over 64 KB (414),
//! headers over its buffer (431), bytes that are not HTTP (400). It answers those with a
//! status and an empty body. [`Explained`] wraps a connection and, when hyper writes one
//! of those bodiless answers, writes truce's instead: the same status, with a JSON body
//! that says what the bound is and what to do, like every other error of the API.
//! Everything else passes through untouched.

use std::io;
use std::pin::Pin;
use std::task::{Context, Poll};

use tokio::io::{AsyncRead, AsyncWrite, ReadBuf};

/// A connection whose library-made error answers carry truce's explanation.
pub(crate) struct Explained<S> {
    inner: S,
    /// An answer being written in place of hyper's: its bytes, how many are written, and
    /// how many of hyper's bytes it stands for (reported written once it is all out).
    replacing: Option<(Vec<u8>, usize, usize)>,
}

impl<S> Explained<S> {
    pub(crate) fn new(inner: S) -> Self {
        Explained {
            inner,
            replacing: None,
        }
    }
}

/// truce's answer for one of hyper's own, or `None` for anything else.
fn explanation(written: &[u8]) -> Option<Vec<u8>> {
    let text = std::str::from_utf8(written).ok()?;
    let bodiless = text.ends_with("\r\n\r\n") && text.contains("\r\ncontent-length: 0\r\n");
    let status_line = text.lines().next()?;
    let message = match status_line {
        "HTTP/1.1 414 URI Too Long" => format!(
            "the address is over 64 KB, more than truce reads; an address may be at most {} bytes: ask for less (a search takes at most {} different words)",
            crate::limits::MAX_ADDRESS,
            truce_store::MAX_SEARCH_WORDS
        ),
        "HTTP/1.1 431 Request Header Fields Too Large" => {
            "the request's headers are too large to read; send fewer or shorter headers".into()
        }
        "HTTP/1.1 400 Bad Request" => {
            "the request is not well-formed HTTP/1.1; check the client that sent it".into()
        }
        _ => return None,
    };
    if !bodiless {
        return None;
    }
    let body = serde_json::json!({ "error": message, "parameter": null }).to_string();
    Some(
        format!(
            "{status_line}\r\nconnection: close\r\ncontent-type: application/json\r\nx-content-type-options: nosniff\r\ncontent-length: {}\r\n\r\n{body}",
            body.len()
        )
        .into_bytes(),
    )
}

impl<S: AsyncWrite + Unpin> Explained<S> {
    /// Writes what is left of a replacing answer; ready with the count of hyper's bytes
    /// it stands for once it is all written.
    fn drain(&mut self, cx: &mut Context<'_>) -> Poll<io::Result<Option<usize>>> {
        while let Some((bytes, done, _)) = self.replacing.as_mut() {
            if *done == bytes.len() {
                let (_, _, claimed) = self.replacing.take().expect("checked above");
                return Poll::Ready(Ok(Some(claimed)));
            }
            match Pin::new(&mut self.inner).poll_write(cx, &bytes[*done..]) {
                Poll::Ready(Ok(0)) => return Poll::Ready(Err(io::ErrorKind::WriteZero.into())),
                Poll::Ready(Ok(n)) => *done += n,
                Poll::Ready(Err(e)) => return Poll::Ready(Err(e)),
                Poll::Pending => return Poll::Pending,
            }
        }
        Poll::Ready(Ok(None))
    }

    /// `then` on the connection once a replacing answer is all written.
    fn drained_then(
        &mut self,
        cx: &mut Context<'_>,
        then: impl FnOnce(Pin<&mut S>, &mut Context<'_>) -> Poll<io::Result<()>>,
    ) -> Poll<io::Result<()>> {
        match self.drain(cx) {
            Poll::Ready(Ok(_)) => then(Pin::new(&mut self.inner), cx),
            Poll::Ready(Err(e)) => Poll::Ready(Err(e)),
            Poll::Pending => Poll::Pending,
        }
    }
}

impl<S: AsyncRead + Unpin> AsyncRead for Explained<S> {
    fn poll_read(
        mut self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        buf: &mut ReadBuf<'_>,
    ) -> Poll<io::Result<()>> {
        Pin::new(&mut self.inner).poll_read(cx, buf)
    }
}

impl<S: AsyncWrite + Unpin> AsyncWrite for Explained<S> {
    fn poll_write(
        mut self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        buf: &[u8],
    ) -> Poll<io::Result<usize>> {
        let this = &mut *self;
        if this.replacing.is_none() {
            match explanation(buf) {
                Some(answer) => this.replacing = Some((answer, 0, buf.len())),
                None => return Pin::new(&mut this.inner).poll_write(cx, buf),
            }
        }
        match this.drain(cx) {
            Poll::Ready(Ok(Some(claimed))) => Poll::Ready(Ok(claimed)),
            Poll::Ready(Ok(None)) => Poll::Ready(Ok(buf.len())),
            Poll::Ready(Err(e)) => Poll::Ready(Err(e)),
            Poll::Pending => Poll::Pending,
        }
    }

    fn poll_flush(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        self.drained_then(cx, |inner, cx| inner.poll_flush(cx))
    }

    fn poll_shutdown(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        self.drained_then(cx, |inner, cx| inner.poll_shutdown(cx))
    }

    /// One buffer at a time, so that an answer of hyper's arrives whole in one write.
    fn is_write_vectored(&self) -> bool {
        false
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_the_librarys_bodiless_error_answers_are_explained() {
        let bare = b"HTTP/1.1 414 URI Too Long\r\nconnection: close\r\ncontent-length: 0\r\ndate: Sun, 06 Dec 2026 23:46:14 GMT\r\n\r\n";
        let answer = String::from_utf8(explanation(bare).unwrap()).unwrap();
        assert!(
            answer.starts_with("HTTP/1.1 414 URI Too Long\r\n"),
            "{answer}"
        );
        assert!(
            answer.contains("content-type: application/json"),
            "{answer}"
        );
        assert!(answer.contains("at most 8192 bytes"), "{answer}");
        let ours = b"HTTP/1.1 414 URI Too Long\r\ncontent-type: application/json\r\ncontent-length: 40\r\n\r\n";
        assert!(explanation(ours).is_none());
        let fine = b"HTTP/1.1 200 OK\r\ncontent-length: 0\r\n\r\n";
        assert!(explanation(fine).is_none());
        assert!(explanation(b"{\"documents\": []}").is_none());
    }
}
