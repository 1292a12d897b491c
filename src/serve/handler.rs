//! Answering one request: from the served tables, with the live-reload script injected
//! into HTML and the event stream handed to the reloader.

use http::{Resolved, Served, content_type, inject_before_body_end, resolve};
use livereload::{EVENTS_PATH, Reloader};
use std::sync::{Arc, RwLock};

use super::*;

// Long because it is the request router: one branch per kind of response, in the
// order they are tried.
pub(super) fn handle(request: tiny_http::Request, served: &RwLock<Served>, reloader: &Reloader) {
    let url = request.url().to_string();
    if url == EVENTS_PATH || url.starts_with(&format!("{EVENTS_PATH}?")) {
        reloader.connect(request.into_writer());
        return;
    }
    let method = request.method().clone();
    if method != tiny_http::Method::Get && method != tiny_http::Method::Head {
        let _ = request.respond(text_response(405, "method not allowed"));
        return;
    }
    let if_none_match = request
        .headers()
        .iter()
        .find(|h| h.field.equiv("If-None-Match"))
        .map(|h| h.value.as_str().to_string());
    let (status, path) = {
        let Ok(served) = served.read() else {
            let _ = request.respond(text_response(500, "server error"));
            return;
        };
        match resolve(&served, &url) {
            Resolved::Found(path) => (200, path),
            Resolved::Redirect(location) => {
                let response =
                    text_response(301, "moved").with_header(header("Location", &location));
                let _ = request.respond(response);
                return;
            }
            Resolved::NotFound(Some(page)) => (404, page),
            Resolved::NotFound(None) => {
                let _ = request.respond(text_response(404, "not found"));
                return;
            }
            Resolved::BadRequest(why) => {
                let _ = request.respond(text_response(400, why));
                return;
            }
        }
    };
    let (page, source, opening) = {
        let Ok(served) = served.read() else { return };
        match served.pages.get(&path) {
            Some(page) => (Some((Arc::clone(&page.bytes), Some(page.etag.clone()))), None, None),
            None => (None, served.file(&path), served.opening.clone()),
        }
    };
    // Files are read and pages of an opening session rendered without holding the lock.
    let body = match (page, source, opening) {
        (Some(page), ..) => Some(page),
        (None, Some(source), _) => {
            source.read().ok().map(|bytes| (Arc::new(bytes.into_owned()), None))
        }
        (None, None, Some(opening)) => match opening.page(&path) {
            Some(Ok(bytes)) => Some((Arc::new(bytes), None)),
            Some(Err(err)) => {
                let _ = request.respond(text_response(500, &err.to_string()));
                return;
            }
            None => None,
        },
        (None, None, None) => None,
    };
    let Some((bytes, etag)) = body else {
        let _ = request.respond(text_response(404, "not found"));
        return;
    };
    let etag = etag.unwrap_or_else(|| http::etag_of(&bytes));
    if status == 200
        && if_none_match
            .as_deref()
            .is_some_and(|tags| tags.split(',').any(|t| t.trim() == etag || t.trim() == "*"))
    {
        let response = tiny_http::Response::empty(304).with_header(header("ETag", &etag));
        let _ = request.respond(response);
        return;
    }
    let kind = content_type(&path);
    let body = if kind.starts_with("text/html") {
        inject_before_body_end(&bytes, &reloader.script())
    } else {
        bytes.as_ref().clone()
    };
    let response = tiny_http::Response::from_data(body)
        .with_status_code(status)
        .with_header(header("Content-Type", kind))
        .with_header(header("ETag", &etag))
        .with_header(header("Cache-Control", "no-cache"))
        // A `Range` request gets the whole file (RFC 9110 lets a server ignore it); this
        // says so up front, so a client does not ask for parts.
        .with_header(header("Accept-Ranges", "none"));
    let _ = request.respond(response);
}

pub(super) fn header(name: &str, value: &str) -> tiny_http::Header {
    tiny_http::Header::from_bytes(name.as_bytes(), value.as_bytes()).unwrap_or_else(|_| {
        tiny_http::Header::from_bytes(&b"X-Folio"[..], &b"invalid-header"[..])
            .expect("static header")
    })
}

pub(super) fn text_response(
    status: u16,
    text: &str,
) -> tiny_http::Response<std::io::Cursor<Vec<u8>>> {
    tiny_http::Response::from_string(text)
        .with_status_code(status)
        .with_header(header("Content-Type", "text/plain; charset=utf-8"))
}
