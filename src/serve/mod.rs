//! `folio serve`: build into memory, serve over HTTP, watch the site's files, rebuild what
//! an edit affects, and tell open tabs to reload (or show the build error).
//!
//! Threads: HTTP workers answer requests from the [`Served`] tables; the watch loop (the
//! caller's thread) owns the [`Session`] and is the only writer of those tables. Event
//! streams are held as writers by the [`Reloader`], not by threads.
//!
//! Owns the dev server, the watcher, live reload and the incremental [`Session`]. Must not
//! write the output folder.

pub mod session;

pub mod http;
pub(crate) mod livereload;
pub(crate) mod watch;

use std::collections::BTreeMap;
use std::net::{IpAddr, SocketAddr};
use std::path::PathBuf;
use std::sync::{Arc, RwLock};
use std::time::{Duration, Instant};

use rayon::prelude::*;

use crate::config::BuildOptions;
use crate::config::theme::Source;
use crate::error::{Error, Result};
use crate::serve::session::{Opening, Record, Session, Update};
use http::{Page, Served};
use livereload::Reloader;
use watch::Watch;

mod gate;
mod handler;
mod hosts;
use handler::*;
use hosts::host_allowed;

/// HTTP worker threads.
const WORKERS: usize = 8;

/// How long a write to a client may block before the connection is given up.
const WRITE_TIMEOUT: Duration = Duration::from_secs(10);

/// A listening socket with no Nagle delay (so the second response on a keep-alive
/// connection is not held back 40 ms waiting for the client's delayed ACK of the first) and
/// a write timeout (so a client that stops reading frees its worker); Linux and the BSDs copy
/// both to accepted sockets, and the gate sets them again on each connection it accepts.
fn listener(
    address: SocketAddr,
) -> std::result::Result<std::net::TcpListener, Box<dyn std::error::Error + Send + Sync>> {
    use socket2::{Domain, Socket, Type};
    let socket = Socket::new(Domain::for_address(address), Type::STREAM, None)?;
    socket.set_reuse_address(true)?;
    socket.set_tcp_nodelay(true)?;
    socket.set_write_timeout(Some(WRITE_TIMEOUT))?;
    socket.bind(&address.into())?;
    socket.listen(128)?;
    Ok(socket.into())
}

/// Options of `folio serve`.
#[derive(Debug, Clone)]
pub struct ServeOptions {
    /// The site's folder.
    pub root: PathBuf,
    /// Preferred port (the next free one is taken when it is busy).
    pub port: u16,
    /// Address to listen on.
    pub bind: IpAddr,
    /// Include drafts.
    pub drafts: bool,
}

/// Something the server wants the user to know (printed by the binary).
#[derive(Debug)]
pub enum Notice {
    /// Listening.
    Listening {
        /// The URL to open.
        url: String,
        /// The port asked for, if a different one was taken.
        busy_port: Option<u16>,
    },
    /// A rebuild succeeded.
    Rebuilt {
        /// Pages rendered again.
        rendered: usize,
        /// Output files changed.
        changed: usize,
        /// How long it took.
        elapsed: Duration,
    },
    /// A build failed; the last good site stays served.
    Failed(Error),
    /// The watcher reported a problem.
    WatchError(String),
}

/// A running server: its address and the tables it serves from.
pub struct Server {
    http: Arc<tiny_http::Server>,
    /// The socket clients connect to, until `start` gives it to the gate.
    public: std::sync::Mutex<Option<std::net::TcpListener>>,
    /// Where tiny_http listens, behind the gate (a loopback port of its own).
    inner: SocketAddr,
    bind: IpAddr,
    served: Arc<RwLock<Served>>,
    reloader: Arc<Reloader>,
    url: String,
    busy_port: Option<u16>,
}

impl Server {
    /// Binds to `bind:port`, or the next free port up to ten above it.
    pub fn bind(bind: IpAddr, port: u16) -> Result<Server> {
        let mut last_error = String::new();
        for candidate in port..=port.saturating_add(10) {
            match listener(SocketAddr::new(bind, candidate)) {
                Ok(public) => {
                    let inner = listener(SocketAddr::new([127, 0, 0, 1].into(), 0))
                        .and_then(|inner| Ok((inner.local_addr()?, inner)))
                        .and_then(|(address, inner)| {
                            Ok((address, tiny_http::Server::from_listener(inner, None)?))
                        });
                    let (inner, http) = inner.map_err(|err| {
                        Error::Refused(format!("cannot open the preview's own port: {err}"))
                    })?;
                    let host = if bind.is_unspecified() {
                        "127.0.0.1".to_string()
                    } else {
                        bind.to_string()
                    };
                    let host = if host.contains(':') { format!("[{host}]") } else { host };
                    let server_id = format!(
                        "{:x}",
                        std::time::SystemTime::now()
                            .duration_since(std::time::UNIX_EPOCH)
                            .map(|d| d.as_nanos())
                            .unwrap_or_default()
                    );
                    return Ok(Server {
                        http: Arc::new(http),
                        public: std::sync::Mutex::new(Some(public)),
                        inner,
                        bind,
                        served: Arc::new(RwLock::new(Served::default())),
                        reloader: Arc::new(Reloader::new(server_id)),
                        url: format!("http://{host}:{candidate}/"),
                        busy_port: (candidate != port).then_some(port),
                    });
                }
                Err(err) => last_error = err.to_string(),
            }
        }
        Err(Error::Refused(format!(
            "cannot listen on {bind} ports {port}–{}: {last_error}; pass another --port",
            port.saturating_add(10)
        )))
    }

    /// The address pages are served at (the site's base URL while serving).
    pub fn url(&self) -> &str {
        &self.url
    }

    /// Opens the gate and starts the HTTP worker threads.
    pub fn start(&self) {
        if let Some(public) = self.public.lock().ok().and_then(|mut public| public.take()) {
            gate::open(public, self.inner, WRITE_TIMEOUT);
        }
        for _ in 0..WORKERS {
            let http = Arc::clone(&self.http);
            let served = Arc::clone(&self.served);
            let reloader = Arc::clone(&self.reloader);
            let bind = self.bind;
            std::thread::spawn(move || {
                for request in http.incoming_requests() {
                    if !host_allowed(&request, bind) {
                        let _ = request.respond(text_response(
                            403,
                            "folio serve answers only requests for localhost or the address it listens on",
                        ));
                        continue;
                    }
                    handle(request, &served, &reloader);
                }
            });
        }
        let reloader = Arc::clone(&self.reloader);
        std::thread::spawn(move || {
            loop {
                std::thread::sleep(Duration::from_secs(15));
                reloader.ping();
            }
        });
    }

    /// Replaces the served site with the session's outputs.
    pub fn publish_all(&self, session: &Session) {
        self.publish_site(session.outputs(), session.copies());
    }

    /// Replaces the served site (and the opening session, if one was served) with these
    /// outputs and copies.
    fn publish_site(&self, outputs: &BTreeMap<String, Record>, copies: &BTreeMap<String, Source>) {
        let pages = outputs
            .par_iter()
            .map(|(path, record)| (path.clone(), Page::new(Arc::clone(&record.bytes))))
            .collect();
        let fresh = Served { pages, files: copies.clone().into_iter().collect(), opening: None };
        if let Ok(mut served) = self.served.write() {
            *served = fresh;
        }
    }

    /// Serves a session still rendering its pages: each request renders its page alone.
    fn publish_opening(&self, opening: &Arc<Opening>) {
        if let Ok(mut served) = self.served.write() {
            *served = Served { opening: Some(Arc::clone(opening)), ..Served::default() };
        }
    }

    /// Serves nothing (the first build failed).
    fn publish_nothing(&self) {
        if let Ok(mut served) = self.served.write() {
            *served = Served::default();
        }
    }

    /// Renders the pages of the opening session being served, then serves them instead.
    fn finish_opening(&self, opening: Arc<Opening>) -> Result<Session> {
        let first = opening.render()?;
        self.publish_site(first.outputs(), first.copies());
        // A request that took the opening before it was replaced still renders from it.
        let mut opening = opening;
        let opening = loop {
            match Arc::try_unwrap(opening) {
                Ok(opening) => break opening,
                Err(shared) => {
                    opening = shared;
                    std::thread::sleep(Duration::from_millis(1));
                }
            }
        };
        Ok(opening.into_session(first))
    }

    /// Applies an update from the session to the served tables.
    pub fn publish(&self, session: &Session, update: &Update) {
        let pages: Vec<(String, Page)> = update
            .changed
            .iter()
            .filter_map(|path| {
                session
                    .outputs()
                    .get(path)
                    .map(|record| (path.clone(), Page::new(Arc::clone(&record.bytes))))
            })
            .collect();
        let Ok(mut served) = self.served.write() else { return };
        for (path, page) in pages {
            served.pages.insert(path, page);
        }
        for path in &update.changed {
            if let Some(source) = session.copies().get(path) {
                served.files.insert(path.clone(), source.clone());
            }
        }
        for path in &update.removed {
            served.pages.remove(path);
            served.files.remove(path);
        }
    }

    /// The live-reload registry.
    pub fn reloader(&self) -> &Reloader {
        &self.reloader
    }
}

/// Runs `folio serve` until the process is stopped. `notify` hears about what happens.
// Long because it is the serve loop in its order: bind, answer from the opening site while
// the first build renders, then watch → rebuild → publish → notify, for good.
pub fn serve(options: &ServeOptions, mut notify: impl FnMut(Notice)) -> Result<()> {
    // A folder that is no site at all fails as `folio build` does; a site with errors is
    // served with the error shown until it is fixed.
    if !options.root.join(crate::config::CONFIG_FILE).is_file() {
        crate::config::Config::load(&options.root)?;
    }
    let server = Server::bind(options.bind, options.port)?;
    let build = BuildOptions {
        root: options.root.clone(),
        output: None,
        base_url: Some(server.url().to_string()),
        drafts: options.drafts,
        minify: false,
        force: false,
    };
    // Watch before the first build, so that nothing saved during it is missed.
    let mut watcher = Watch::new(&options.root)?;
    let started = Instant::now();
    // Requests are answered as soon as the site is loaded: while every page renders, a
    // requested page renders on its own.
    let opening = Opening::begin(&build).map(Arc::new);
    if let Ok(opening) = &opening {
        server.publish_opening(opening);
    }
    server.start();
    notify(Notice::Listening { url: server.url().to_string(), busy_port: server.busy_port });
    let mut session = match opening.and_then(|opening| server.finish_opening(opening)) {
        Ok(session) => {
            notify(Notice::Rebuilt {
                rendered: session.outputs().len(),
                changed: session.outputs().len(),
                elapsed: started.elapsed(),
            });
            Some(session)
        }
        Err(err) => {
            server.publish_nothing();
            server.reloader.failed(err.diagnostics(), &err.to_string());
            notify(Notice::Failed(err));
            None
        }
    };

    loop {
        let Some(paths) = watcher.next_batch() else { return Ok(()) };
        let started = Instant::now();
        let result = match session.as_mut() {
            Some(session) => session.apply(&paths).map(|update| (update, false)),
            None => Session::open(&build).map(|fresh| {
                session = Some(fresh);
                (Update::default(), true)
            }),
        };
        let Some(current) = session.as_ref() else { continue };
        match result {
            Ok((_, true)) => {
                server.publish_all(current);
                let everything: Vec<String> = current.outputs().keys().cloned().collect();
                server.reloader.reload(&everything, false);
                notify(Notice::Rebuilt {
                    rendered: everything.len(),
                    changed: everything.len(),
                    elapsed: started.elapsed(),
                });
            }
            Ok((update, false)) => {
                if update.changed.is_empty() && update.removed.is_empty() {
                    server.reloader.recovered();
                    continue;
                }
                server.publish(current, &update);
                server.reloader.reload(&update.changed, update.css_only());
                notify(Notice::Rebuilt {
                    rendered: update.rendered,
                    changed: update.changed.len() + update.removed.len(),
                    elapsed: started.elapsed(),
                });
            }
            Err(err) => {
                server.reloader.failed(err.diagnostics(), &err.to_string());
                notify(Notice::Failed(err));
            }
        }
    }
}
