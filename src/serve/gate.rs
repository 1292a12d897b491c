//! The gate in front of the HTTP server: it accepts every connection itself, checks each
//! request head against size limits before a byte of it reaches tiny_http, and relays what
//! passes to tiny_http listening on a private loopback port.
//!
//! tiny_http reads a request line and headers without any bound (a 200 MB header line grows
//! the process by 200 MB; tiny-http issue #56) and never hands out the connection's socket,
//! so the limits cannot live inside it. Over a limit, the client gets the status RFC 6585 and
//! RFC 9110 name (414 for the request line, 431 for the head, 413 for a body) once every
//! earlier response on its connection has been sent, and the connection is closed.

use std::io::{Read, Write};
use std::net::{Shutdown, SocketAddr, TcpListener, TcpStream};
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::Duration;

/// Longest request line (method, target and version), in bytes: Apache's and nginx's 8 KB.
pub(super) const MAX_REQUEST_LINE: usize = 8 * 1024;
/// Longest head (request line and every header), in bytes.
pub(super) const MAX_HEAD: usize = 32 * 1024;
/// Most header fields in one request (Apache's `LimitRequestFields`).
const MAX_HEADERS: usize = 100;
/// Largest request body passed on: the preview only answers GET and HEAD.
const MAX_BODY: u64 = 1024 * 1024;

/// Accepts connections on `public` for good, relaying each to `inner`.
pub(super) fn open(public: TcpListener, inner: SocketAddr, write_timeout: Duration) {
    std::thread::spawn(move || {
        for client in public.incoming() {
            let Ok(client) = client else { continue };
            std::thread::spawn(move || {
                let _ = relay(client, inner, write_timeout);
            });
        }
    });
}

/// Why a request was refused.
#[derive(Debug, PartialEq, Eq, Clone, Copy)]
enum Refusal {
    LineTooLong,
    HeadTooLarge,
    BodyTooLarge,
    ChunkedBody,
    Malformed,
}

impl Refusal {
    fn response(self) -> String {
        let (status, reason, why) = match self {
            Refusal::LineTooLong => (
                414,
                "URI Too Long",
                format!("the request line is longer than {MAX_REQUEST_LINE} bytes"),
            ),
            Refusal::HeadTooLarge => (
                431,
                "Request Header Fields Too Large",
                format!(
                    "the request's headers are larger than {MAX_HEAD} bytes or more than {MAX_HEADERS} fields"
                ),
            ),
            Refusal::BodyTooLarge => {
                (413, "Content Too Large", format!("the request body is over {MAX_BODY} bytes"))
            }
            Refusal::ChunkedBody => (
                501,
                "Not Implemented",
                "folio serve does not take chunked request bodies".to_string(),
            ),
            Refusal::Malformed => {
                (400, "Bad Request", "the request is not well-formed HTTP/1.1".to_string())
            }
        };
        let body = format!("{status} {reason}: {why}\n");
        format!(
            "HTTP/1.1 {status} {reason}\r\nContent-Type: text/plain; charset=utf-8\r\nContent-Length: {}\r\nConnection: close\r\n\r\n{body}",
            body.len()
        )
    }
}

/// What the head at the start of `pending` is, as far as it has arrived.
#[derive(Debug, PartialEq, Eq)]
enum Head {
    /// More bytes are needed.
    Partial,
    /// A complete head of this many bytes, followed by a body of this many.
    Complete { head: usize, body: u64 },
    /// Over a limit, or not HTTP.
    Refused(Refusal),
}

fn examine(pending: &[u8]) -> Head {
    let line_end = pending.windows(2).position(|pair| pair == b"\r\n");
    match line_end {
        Some(end) if end > MAX_REQUEST_LINE => return Head::Refused(Refusal::LineTooLong),
        None if pending.len() > MAX_REQUEST_LINE => return Head::Refused(Refusal::LineTooLong),
        _ => {}
    }
    let mut headers = [httparse::EMPTY_HEADER; MAX_HEADERS];
    let mut request = httparse::Request::new(&mut headers);
    match request.parse(pending) {
        Ok(httparse::Status::Partial) if pending.len() > MAX_HEAD => {
            Head::Refused(Refusal::HeadTooLarge)
        }
        Ok(httparse::Status::Partial) => Head::Partial,
        Ok(httparse::Status::Complete(head)) if head > MAX_HEAD => {
            Head::Refused(Refusal::HeadTooLarge)
        }
        Ok(httparse::Status::Complete(head)) => {
            let mut body = 0;
            for header in request.headers.iter() {
                if header.name.eq_ignore_ascii_case("transfer-encoding") {
                    return Head::Refused(Refusal::ChunkedBody);
                }
                if header.name.eq_ignore_ascii_case("content-length") {
                    let Some(length) =
                        std::str::from_utf8(header.value).ok().and_then(|v| v.trim().parse().ok())
                    else {
                        return Head::Refused(Refusal::Malformed);
                    };
                    body = length;
                }
            }
            if body > MAX_BODY {
                return Head::Refused(Refusal::BodyTooLarge);
            }
            Head::Complete { head, body }
        }
        Err(httparse::Error::TooManyHeaders) => Head::Refused(Refusal::HeadTooLarge),
        Err(_) => Head::Refused(Refusal::Malformed),
    }
}

/// Carries one connection: heads checked on the way in, responses copied on the way out.
fn relay(client: TcpStream, inner: SocketAddr, write_timeout: Duration) -> std::io::Result<()> {
    client.set_nodelay(true)?;
    client.set_write_timeout(Some(write_timeout))?;
    let upstream = TcpStream::connect(inner)?;
    upstream.set_nodelay(true)?;
    // Set before the gate answers a refusal itself, so that the copier does not close the
    // client when tiny_http ends its side.
    let refusing = Arc::new(AtomicBool::new(false));
    let copier = {
        let mut from_server = upstream.try_clone()?;
        let mut to_client = client.try_clone()?;
        let refusing = Arc::clone(&refusing);
        std::thread::spawn(move || {
            let _ = std::io::copy(&mut from_server, &mut to_client);
            if !refusing.load(Ordering::SeqCst) {
                // tiny_http closed the connection: wake the reader below.
                let _ = to_client.shutdown(Shutdown::Both);
            }
        })
    };
    let outcome = forward_requests(&client, &upstream);
    if let Err(refusal) = outcome {
        refusing.store(true, Ordering::SeqCst);
        // Earlier requests on this connection are answered first, in order.
        let _ = upstream.shutdown(Shutdown::Write);
        let _ = copier.join();
        let mut client = &client;
        let _ = client.write_all(refusal.response().as_bytes());
        linger(client);
    } else {
        let _ = upstream.shutdown(Shutdown::Write);
        let _ = copier.join();
    }
    Ok(())
}

/// Closes a refused connection without losing the refusal: closing a socket with unread
/// bytes makes the kernel send a reset, which can discard the response before the client
/// reads it, so what the client still sends is read and dropped first (for a moment, and
/// no more than a megabyte).
fn linger(mut client: &TcpStream) {
    let _ = client.shutdown(Shutdown::Write);
    let _ = client.set_read_timeout(Some(Duration::from_secs(1)));
    let mut sink = [0u8; 8192];
    let mut drained = 0;
    while drained < MAX_BODY {
        match client.read(&mut sink) {
            Ok(0) | Err(_) => break,
            Ok(read) => drained += read as u64,
        }
    }
}

/// Passes each request from `client` on to `upstream` until the client is done or a
/// request is refused.
fn forward_requests(
    mut client: &TcpStream,
    mut upstream: &TcpStream,
) -> std::result::Result<(), Refusal> {
    let mut pending: Vec<u8> = Vec::with_capacity(4096);
    let mut chunk = [0u8; 8192];
    loop {
        let (head, body) = loop {
            match examine(&pending) {
                Head::Complete { head, body } => break (head, body),
                Head::Refused(refusal) => return Err(refusal),
                Head::Partial => {}
            }
            match client.read(&mut chunk) {
                Ok(0) | Err(_) => return Ok(()),
                Ok(read) => pending.extend_from_slice(&chunk[..read]),
            }
        };
        let whole = (head as u64 + body).min(pending.len() as u64) as usize;
        if upstream.write_all(&pending[..whole]).is_err() {
            return Ok(());
        }
        let mut body_left = head as u64 + body - whole as u64;
        pending.drain(..whole);
        while body_left > 0 {
            let wanted = body_left.min(chunk.len() as u64) as usize;
            match client.read(&mut chunk[..wanted]) {
                Ok(0) | Err(_) => return Ok(()),
                Ok(read) => {
                    if upstream.write_all(&chunk[..read]).is_err() {
                        return Ok(());
                    }
                    body_left -= read as u64;
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn heads_are_measured_before_they_are_passed_on() {
        assert_eq!(examine(b"GET / HTTP/1.1\r\nHo"), Head::Partial);
        assert_eq!(
            examine(b"GET / HTTP/1.1\r\nHost: a\r\n\r\nGET"),
            Head::Complete { head: 27, body: 0 }
        );
        assert_eq!(
            examine(b"POST / HTTP/1.1\r\nContent-Length: 3\r\n\r\nabc"),
            Head::Complete { head: 38, body: 3 }
        );
        let long_line = format!("GET /{} HTTP/1.1\r\n\r\n", "a".repeat(MAX_REQUEST_LINE));
        assert_eq!(examine(long_line.as_bytes()), Head::Refused(Refusal::LineTooLong));
        let unfinished_line = format!("GET /{}", "a".repeat(MAX_REQUEST_LINE));
        assert_eq!(examine(unfinished_line.as_bytes()), Head::Refused(Refusal::LineTooLong));
        let big_header = format!("GET / HTTP/1.1\r\nX: {}\r\n", "a".repeat(MAX_HEAD));
        assert_eq!(examine(big_header.as_bytes()), Head::Refused(Refusal::HeadTooLarge));
        let many: String = (0..=MAX_HEADERS).map(|i| format!("X-{i}: 1\r\n")).collect();
        let many = format!("GET / HTTP/1.1\r\n{many}\r\n");
        assert_eq!(examine(many.as_bytes()), Head::Refused(Refusal::HeadTooLarge));
        assert_eq!(
            examine(b"POST / HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\n"),
            Head::Refused(Refusal::ChunkedBody)
        );
        assert_eq!(
            examine(b"POST / HTTP/1.1\r\nContent-Length: 99999999\r\n\r\n"),
            Head::Refused(Refusal::BodyTooLarge)
        );
        assert_eq!(examine(b"\x01\x02 nonsense\r\n\r\n"), Head::Refused(Refusal::Malformed));
    }
}
