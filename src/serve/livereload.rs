//! Live reload over Server-Sent Events: the script injected into served pages, and the
//! registry of open event streams that rebuild results are broadcast to.
//!
//! An event stream is a plain HTTP response that never ends; each open tab holds one.
//! Each stream has a small writer thread fed through a bounded queue: a broadcast only
//! queues its message, so the watch loop never waits for a tab, and a tab that stops
//! reading (its queue full) is dropped without holding anyone up.

use std::io::Write;
use std::sync::mpsc::{SyncSender, sync_channel};
use std::sync::{Arc, Mutex};

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
    clients: Mutex<Vec<SyncSender<Arc<str>>>>,
    status: Mutex<Status>,
}

/// Messages a tab may fall behind by before it is dropped as not reading.
const QUEUE: usize = 64;

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
        if stream.write_all(greeting.as_bytes()).and_then(|_| stream.flush()).is_err() {
            return;
        }
        let (sender, messages) = sync_channel::<Arc<str>>(QUEUE);
        let spawned = std::thread::Builder::new().name("folio-events".into()).spawn(move || {
            for message in messages {
                if stream.write_all(message.as_bytes()).and_then(|_| stream.flush()).is_err() {
                    break; // closed: the next broadcast finds the queue gone and drops it
                }
            }
        });
        if spawned.is_ok() {
            if let Ok(mut clients) = self.clients.lock() {
                clients.push(sender);
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
        let message: Arc<str> = Arc::from(message);
        let Ok(mut clients) = self.clients.lock() else { return };
        // Never waits: a full queue is a tab that stopped reading, a closed one is gone.
        clients.retain(|queue| queue.try_send(Arc::clone(&message)).is_ok());
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

    /// A tab: what it was sent, or (stuck) a socket that never takes a byte.
    struct Tab {
        seen: Arc<Mutex<Vec<u8>>>,
        stuck: bool,
    }

    impl Write for Tab {
        fn write(&mut self, bytes: &[u8]) -> std::io::Result<usize> {
            if self.stuck && self.seen.lock().map(|s| !s.is_empty()).unwrap_or(true) {
                std::thread::park(); // after the greeting, blocks for good
            }
            self.seen.lock().map_err(|_| std::io::ErrorKind::Other)?.extend_from_slice(bytes);
            Ok(bytes.len())
        }
        fn flush(&mut self) -> std::io::Result<()> {
            Ok(())
        }
    }

    #[test]
    fn a_tab_that_stops_reading_is_dropped_without_holding_up_the_others() {
        let reloader = Reloader::new("s1".into());
        let stuck = Arc::new(Mutex::new(Vec::new()));
        let good = Arc::new(Mutex::new(Vec::new()));
        reloader.connect(Box::new(Tab { seen: Arc::clone(&stuck), stuck: true }));
        reloader.connect(Box::new(Tab { seen: Arc::clone(&good), stuck: false }));
        assert_eq!(reloader.clients(), 2);
        let received =
            |text: &str| good.lock().is_ok_and(|g| String::from_utf8_lossy(&g).contains(text));
        // Rebuilds come one after another; the reading tab keeps up, the stuck one cannot.
        for n in 0..(QUEUE + 10) {
            let page = format!("\"p{n}/index.html\"");
            reloader.reload(&[format!("p{n}/index.html")], false);
            for _ in 0..500 {
                if received(&page) {
                    break;
                }
                std::thread::sleep(std::time::Duration::from_millis(2));
            }
            assert!(received(&page), "the reading tab got reload {n}");
        }
        assert_eq!(reloader.clients(), 1, "the stuck tab was dropped, the reloads went on");
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
