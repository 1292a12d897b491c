//! Live reload over Server-Sent Events: the script injected into served pages, and the
//! registry of open event streams that rebuild results are broadcast to.
//!
//! An event stream is a plain HTTP response that never ends; each open tab holds one.
//! The streams are kept as raw writers, not as threads, so a hundred open tabs cost a
//! hundred sockets and nothing else: page requests never wait for them.

use std::io::Write;
use std::sync::Mutex;

use crate::error::Diagnostic;

/// The URL path of the event stream.
pub(crate) const EVENTS_PATH: &str = "/__folio/events";

/// Everything a tab needs to know on (re)connecting.
#[derive(Debug, Clone, Default)]
struct Status {
    generation: u64,
    errors: Option<String>,
}

/// Open event streams and the last build's status.
pub struct Reloader {
    server_id: String,
    clients: Mutex<Vec<Box<dyn Write + Send>>>,
    status: Mutex<Status>,
}

impl Reloader {
    /// A registry for one server run; `server_id` tells tabs a restarted server apart.
    pub fn new(server_id: String) -> Reloader {
        Reloader {
            server_id,
            clients: Mutex::new(Vec::new()),
            status: Mutex::new(Status::default()),
        }
    }

    /// The generation of the site currently served (bumped by every successful rebuild).
    pub fn generation(&self) -> u64 {
        self.status.lock().map(|s| s.generation).unwrap_or_default()
    }

    /// Takes over a connection as an event stream and greets it with the current status.
    pub fn connect(&self, mut stream: Box<dyn Write + Send>) {
        let hello = {
            let status = self.status.lock().map(|s| s.clone()).unwrap_or_default();
            format!(
                "{{\"server\":\"{}\",\"generation\":{},\"errors\":{}}}",
                self.server_id,
                status.generation,
                status.errors.as_deref().unwrap_or("null")
            )
        };
        let head = "HTTP/1.1 200 OK\r\nContent-Type: text/event-stream; charset=utf-8\r\nCache-Control: no-cache\r\nConnection: keep-alive\r\nX-Accel-Buffering: no\r\n\r\nretry: 500\n\n";
        let greeting = format!("{head}{}", event("hello", &hello));
        if stream.write_all(greeting.as_bytes()).and_then(|_| stream.flush()).is_ok() {
            if let Ok(mut clients) = self.clients.lock() {
                clients.push(stream);
            }
        }
    }

    /// Tells every tab which outputs a successful rebuild changed.
    pub fn reload(&self, changed: &[String], css_only: bool) {
        let generation = {
            let Ok(mut status) = self.status.lock() else { return };
            let was_broken = status.errors.take().is_some();
            status.generation += 1;
            if was_broken {
                drop(status);
                self.broadcast(&event("build-ok", "{}"));
                self.status.lock().map(|s| s.generation).unwrap_or_default()
            } else {
                status.generation
            }
        };
        let all = changed.len() > 500;
        let list = if all { "[]".to_string() } else { json_strings(changed) };
        let data = format!(
            "{{\"generation\":{generation},\"all\":{all},\"css_only\":{css_only},\"changed\":{list}}}"
        );
        self.broadcast(&event("reload", &data));
    }

    /// Clears an error without anything to reload (the fix changed no output).
    pub fn recovered(&self) {
        let Ok(mut status) = self.status.lock() else { return };
        if status.errors.take().is_some() {
            drop(status);
            self.broadcast(&event("build-ok", "{}"));
        }
    }

    /// Shows a failed build's problems in every tab.
    pub fn failed(&self, diagnostics: &[Diagnostic], fallback: &str) {
        let errors = error_payload(diagnostics, fallback);
        if let Ok(mut status) = self.status.lock() {
            status.errors = Some(errors.clone());
        }
        self.broadcast(&event("build-error", &format!("{{\"errors\":{errors}}}")));
    }

    /// A comment line that keeps connections alive and drops the closed ones.
    pub fn ping(&self) {
        self.broadcast(": ping\n\n");
    }

    /// How many tabs are connected.
    pub fn clients(&self) -> usize {
        self.clients.lock().map(|c| c.len()).unwrap_or_default()
    }

    fn broadcast(&self, message: &str) {
        let Ok(mut clients) = self.clients.lock() else { return };
        clients.retain_mut(|stream| {
            stream.write_all(message.as_bytes()).and_then(|_| stream.flush()).is_ok()
        });
    }

    /// The script injected into every served HTML page.
    pub fn script(&self) -> String {
        SCRIPT
            .replace("__SERVER__", &self.server_id)
            .replace("__GENERATION__", &self.generation().to_string())
    }
}

fn event(name: &str, data: &str) -> String {
    format!("event: {name}\ndata: {data}\n\n")
}

/// `[{"file", "line", "message", "hint"}]` for the overlay.
pub(crate) fn error_payload(diagnostics: &[Diagnostic], fallback: &str) -> String {
    if diagnostics.is_empty() {
        return format!(
            "[{{\"file\":\"\",\"line\":null,\"message\":{},\"hint\":null}}]",
            json_string(fallback)
        );
    }
    let items: Vec<String> = diagnostics
        .iter()
        .map(|d| {
            format!(
                "{{\"file\":{},\"line\":{},\"message\":{},\"hint\":{}}}",
                json_string(&d.file.display().to_string()),
                d.line.map(|l| l.to_string()).unwrap_or_else(|| "null".into()),
                json_string(&d.message),
                d.hint.as_deref().map(json_string).unwrap_or_else(|| "null".into())
            )
        })
        .collect();
    format!("[{}]", items.join(","))
}

fn json_string(text: &str) -> String {
    serde_json::Value::String(text.to_string()).to_string()
}

fn json_strings(items: &[String]) -> String {
    serde_json::Value::from(items.to_vec()).to_string()
}

const SCRIPT: &str = include_str!("livereload.html");

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn overlay_payload_has_file_line_message_hint() {
        let d = Diagnostic::new("content/a.md", "bad \"date\"").at_line(3).hint("write 2024");
        let payload = error_payload(&[d], "");
        let parsed: serde_json::Value = serde_json::from_str(&payload).expect("json");
        assert_eq!(parsed[0]["file"], "content/a.md");
        assert_eq!(parsed[0]["line"], 3);
        assert_eq!(parsed[0]["message"], "bad \"date\"");
        assert_eq!(parsed[0]["hint"], "write 2024");
        let fallback: serde_json::Value =
            serde_json::from_str(&error_payload(&[], "io failed")).expect("json");
        assert_eq!(fallback[0]["message"], "io failed");
    }

    #[test]
    fn reload_events_list_changed_pages_and_bump_the_generation() {
        let reloader = Reloader::new("s1".into());
        assert_eq!(reloader.generation(), 0);
        reloader.reload(&["posts/a/index.html".to_string()], false);
        assert_eq!(reloader.generation(), 1);
        assert!(reloader.script().contains("G=1"));
        assert!(reloader.script().contains("\"s1\""));
    }
}
