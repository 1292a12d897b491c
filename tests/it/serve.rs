//! `folio serve` over real HTTP: routing, content types, caching, traversal attempts,
//! live-reload events, the error overlay's payload, and many open tabs.

use std::io::{BufRead, BufReader, Read, Write};
use std::net::{TcpListener, TcpStream};
use std::process::{Child, Stdio};
use std::time::{Duration, Instant};

use crate::support::{TestSite, folio_command};

/// A `folio serve` process, stopped when dropped.
pub struct ServeProcess {
    child: Child,
    /// The port it listens on.
    pub port: u16,
}

impl Drop for ServeProcess {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// A port that was free a moment ago.
pub fn free_port() -> u16 {
    TcpListener::bind("127.0.0.1:0")
        .and_then(|l| l.local_addr())
        .map(|a| a.port())
        .expect("free port")
}

impl ServeProcess {
    /// Starts `folio serve` in `site` and waits until it answers.
    pub fn start(site: &TestSite) -> ServeProcess {
        let port = free_port();
        let child = folio_command()
            .args(["serve", "--port", &port.to_string()])
            .current_dir(site.root())
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .expect("start folio serve");
        let server = ServeProcess { child, port };
        let deadline = Instant::now() + Duration::from_secs(20);
        while Instant::now() < deadline {
            if TcpStream::connect(("127.0.0.1", port)).is_ok() {
                return server;
            }
            std::thread::sleep(Duration::from_millis(20));
        }
        panic!("folio serve did not start on port {port}");
    }
}

/// A response: status, lowercase headers, body.
pub struct Response {
    pub status: u16,
    pub headers: Vec<(String, String)>,
    pub body: Vec<u8>,
}

impl Response {
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers.iter().find(|(n, _)| n == name).map(|(_, v)| v.as_str())
    }
    pub fn text(&self) -> String {
        String::from_utf8_lossy(&self.body).into_owned()
    }
}

/// Sends a raw request line (and headers) and reads the whole response.
pub fn raw(port: u16, method: &str, target: &str, headers: &[(&str, &str)]) -> Response {
    let mut stream = TcpStream::connect(("127.0.0.1", port)).expect("connect");
    stream.set_read_timeout(Some(Duration::from_secs(10))).expect("timeout");
    let mut request =
        format!("{method} {target} HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n");
    for (name, value) in headers {
        request.push_str(&format!("{name}: {value}\r\n"));
    }
    request.push_str("\r\n");
    stream.write_all(request.as_bytes()).expect("send");
    let mut bytes = Vec::new();
    let _ = stream.read_to_end(&mut bytes);
    parse_response(&bytes)
}

fn parse_response(bytes: &[u8]) -> Response {
    let split = bytes.windows(4).position(|w| w == b"\r\n\r\n").expect("end of headers");
    let head = String::from_utf8_lossy(&bytes[..split]).into_owned();
    let mut lines = head.lines();
    let status = lines
        .next()
        .and_then(|l| l.split_whitespace().nth(1))
        .and_then(|s| s.parse().ok())
        .expect("status");
    let headers: Vec<(String, String)> = lines
        .filter_map(|l| {
            l.split_once(':').map(|(n, v)| (n.trim().to_ascii_lowercase(), v.trim().to_string()))
        })
        .collect();
    let mut body = bytes[split + 4..].to_vec();
    if headers.iter().any(|(n, v)| n == "transfer-encoding" && v.contains("chunked")) {
        body = dechunk(&body);
    }
    Response { status, headers, body }
}

fn dechunk(mut data: &[u8]) -> Vec<u8> {
    let mut out = Vec::new();
    while let Some(line_end) = data.windows(2).position(|w| w == b"\r\n") {
        let size =
            usize::from_str_radix(std::str::from_utf8(&data[..line_end]).unwrap_or("0").trim(), 16)
                .unwrap_or(0);
        if size == 0 {
            break;
        }
        out.extend_from_slice(&data[line_end + 2..line_end + 2 + size]);
        data = &data[line_end + 2 + size + 2..];
    }
    out
}

pub fn get(port: u16, path: &str) -> Response {
    raw(port, "GET", path, &[])
}

/// An open event stream.
pub struct Events {
    reader: BufReader<TcpStream>,
}

impl Events {
    pub fn connect(port: u16) -> Events {
        let mut stream = TcpStream::connect(("127.0.0.1", port)).expect("connect");
        stream.set_read_timeout(Some(Duration::from_secs(20))).expect("timeout");
        stream.write_all(b"GET /__folio/events HTTP/1.1\r\nHost: 127.0.0.1\r\nAccept: text/event-stream\r\n\r\n").expect("send");
        let mut events = Events { reader: BufReader::new(stream) };
        let mut line = String::new();
        loop {
            line.clear();
            events.reader.read_line(&mut line).expect("headers");
            if line == "\r\n" || line.is_empty() {
                break;
            }
        }
        events
    }

    /// The next event's name and data (comments skipped).
    pub fn next(&mut self) -> (String, String) {
        let (mut name, mut data) = (String::new(), String::new());
        loop {
            let mut line = String::new();
            let read = self.reader.read_line(&mut line).expect("event stream");
            assert!(read > 0, "event stream closed");
            let line = line.trim_end_matches(['\r', '\n']);
            if line.is_empty() {
                if !name.is_empty() {
                    return (name, data);
                }
                continue;
            }
            if let Some(value) = line.strip_prefix("event: ") {
                name = value.to_string();
            } else if let Some(value) = line.strip_prefix("data: ") {
                data = value.to_string();
            }
        }
    }

    /// The next event, or `None` when the read times out.
    pub fn try_next(&mut self) -> Option<(String, String)> {
        let (mut name, mut data) = (String::new(), String::new());
        loop {
            let mut line = String::new();
            if self.reader.read_line(&mut line).ok()? == 0 {
                return None;
            }
            let line = line.trim_end_matches(['\r', '\n']);
            if line.is_empty() && !name.is_empty() {
                return Some((name, data));
            }
            if let Some(value) = line.strip_prefix("event: ") {
                name = value.to_string();
            } else if let Some(value) = line.strip_prefix("data: ") {
                data = value.to_string();
            }
        }
    }

    /// Skips events until one named `name` arrives.
    pub fn until(&mut self, name: &str) -> String {
        let deadline = Instant::now() + Duration::from_secs(30);
        loop {
            assert!(Instant::now() < deadline, "no `{name}` event within 30 s");
            let (event, data) = self.next();
            if event == name {
                return data;
            }
        }
    }
}

fn small_site() -> TestSite {
    let site = TestSite::empty();
    site.file("site.toml", "title = \"Serve\"\nbase_url = \"https://example.org/\"\ndefault_language = \"zh\"\n[languages.zh]\n[languages.en]\n")
        .file("content/posts/hello.md", "+++\ntitle = \"Hello\"\ndate = 2024-01-01\n+++\nFirst version.\n")
        .file("content/posts/视频.md", "+++\ntitle = \"视频\"\ndate = 2024-01-02\n+++\n视频\n")
        .file("content/posts/hello.en.md", "+++\ntitle = \"Hello\"\ndate = 2024-01-01\n+++\nEnglish.\n");
    for (name, bytes) in [
        ("a.css", "x"),
        ("a.js", "x"),
        ("a.svg", "<svg/>"),
        ("a.png", "x"),
        ("a.jpg", "x"),
        ("a.webp", "x"),
        ("a.avif", "x"),
        ("a.gif", "x"),
        ("a.ico", "x"),
        ("a.woff2", "x"),
        ("a.json", "{}"),
        ("a.txt", "x"),
        ("a.pdf", "x"),
        ("a.bib", "x"),
    ] {
        site.file(&format!("static/{name}"), bytes);
    }
    site
}

#[test]
fn routes_pages_folders_redirects_and_404() {
    let site = small_site();
    let server = ServeProcess::start(&site);
    let home = get(server.port, "/");
    assert_eq!(home.status, 200);
    assert!(home.text().contains("/__folio/events"), "live reload injected");
    assert_eq!(get(server.port, "/posts/hello/").status, 200);
    let redirect = get(server.port, "/posts/hello");
    assert_eq!(redirect.status, 301);
    assert_eq!(redirect.header("location"), Some("/posts/hello/"));
    let chinese = get(server.port, "/posts/shi-pin/");
    assert_eq!(chinese.status, 200, "a Chinese file name gets a pinyin slug");
    let missing = get(server.port, "/en/nope/");
    assert_eq!(missing.status, 404);
    assert!(missing.text().contains("lang=\"en\""), "the English 404 page for /en/ paths");
    let head = raw(server.port, "HEAD", "/posts/hello/", &[]);
    assert_eq!(head.status, 200);
    assert!(head.body.is_empty());
    assert!(head.header("content-length").is_some_and(|len| len != "0"));
}

#[test]
fn percent_encoded_utf8_paths() {
    let site = small_site();
    site.file("static/图片/说明.txt", "说明");
    let server = ServeProcess::start(&site);
    let response = get(server.port, "/%E5%9B%BE%E7%89%87/%E8%AF%B4%E6%98%8E.txt");
    assert_eq!(response.status, 200);
    assert_eq!(response.text(), "说明");
}

#[test]
fn content_types_for_every_kind_of_file() {
    let site = small_site();
    let server = ServeProcess::start(&site);
    for (path, expected) in [
        ("/", "text/html; charset=utf-8"),
        ("/a.css", "text/css; charset=utf-8"),
        ("/a.js", "text/javascript; charset=utf-8"),
        ("/a.svg", "image/svg+xml"),
        ("/a.png", "image/png"),
        ("/a.jpg", "image/jpeg"),
        ("/a.webp", "image/webp"),
        ("/a.avif", "image/avif"),
        ("/a.gif", "image/gif"),
        ("/a.ico", "image/x-icon"),
        ("/a.woff2", "font/woff2"),
        ("/a.json", "application/json"),
        ("/sitemap.xml", "application/xml"),
        ("/a.txt", "text/plain; charset=utf-8"),
        ("/a.pdf", "application/pdf"),
        ("/a.bib", "application/x-bibtex; charset=utf-8"),
    ] {
        let response = get(server.port, path);
        assert_eq!(response.status, 200, "{path}");
        assert_eq!(response.header("content-type"), Some(expected), "{path}");
    }
}

#[test]
fn etags_give_304() {
    let site = small_site();
    let server = ServeProcess::start(&site);
    for path in ["/posts/hello/", "/a.css"] {
        let first = get(server.port, path);
        let etag = first.header("etag").expect("etag").to_string();
        let again = raw(server.port, "GET", path, &[("If-None-Match", &etag)]);
        assert_eq!(again.status, 304, "{path}");
        assert!(again.body.is_empty());
        let stale = raw(server.port, "GET", path, &[("If-None-Match", "\"other\"")]);
        assert_eq!(stale.status, 200);
    }
}

#[test]
fn nothing_outside_the_site_is_served() {
    let site = small_site();
    site.file("secret.txt", "secret");
    let server = ServeProcess::start(&site);
    for target in [
        "/../secret.txt",
        "/posts/../../secret.txt",
        "/%2e%2e/secret.txt",
        "/%2E%2E%2Fsecret.txt",
        "/posts%2f..%2f..%2fsecret.txt",
        "/..%5csecret.txt",
        "/posts\\..\\..\\secret.txt",
        "/site.toml",
        "//etc/passwd",
        "/etc/passwd",
        "/a.css%00.html",
        "/secret.txt",
        &format!("/{}", "a/".repeat(3000)),
    ] {
        let response = get(server.port, target);
        assert!(response.status == 400 || response.status == 404, "{target}: {}", response.status);
        assert!(
            !response.text().contains("secret")
                || response.status == 404 && !response.text().contains("secret"),
            "{target}"
        );
    }
}

/// Sends `head` as it is and reads what comes back (status 0 when nothing did).
fn send_raw(port: u16, head: &[u8]) -> u16 {
    let mut stream = TcpStream::connect(("127.0.0.1", port)).expect("connect");
    stream.set_read_timeout(Some(Duration::from_secs(10))).expect("timeout");
    stream.write_all(head).expect("send");
    let mut bytes = Vec::new();
    let _ = stream.read_to_end(&mut bytes);
    if bytes.is_empty() { 0 } else { parse_response(&bytes).status }
}

#[test]
fn oversized_requests_are_refused_with_their_status_and_the_server_goes_on() {
    let site = small_site();
    let server = ServeProcess::start(&site);
    let long_target = format!("GET /{} HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n", "a".repeat(9000));
    assert_eq!(send_raw(server.port, long_target.as_bytes()), 414);
    let big_cookie =
        format!("GET / HTTP/1.1\r\nHost: 127.0.0.1\r\nCookie: {}\r\n\r\n", "c=1; ".repeat(8000));
    assert_eq!(send_raw(server.port, big_cookie.as_bytes()), 431);
    let many: String = (0..150).map(|i| format!("X-{i}: 1\r\n")).collect();
    let many = format!("GET / HTTP/1.1\r\nHost: 127.0.0.1\r\n{many}\r\n");
    assert_eq!(send_raw(server.port, many.as_bytes()), 431);
    // A header line that never ends: refused once it passes the limit, not buffered.
    let endless = format!("GET / HTTP/1.1\r\nHost: 127.0.0.1\r\nX: {}", "a".repeat(40_000));
    assert_eq!(send_raw(server.port, endless.as_bytes()), 431);
    // Requests answered before the refused one on the same connection keep their answers.
    let pipelined = format!(
        "GET / HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\nGET /{} HTTP/1.1\r\n\r\n",
        "b".repeat(9000)
    );
    let mut stream = TcpStream::connect(("127.0.0.1", server.port)).expect("connect");
    stream.set_read_timeout(Some(Duration::from_secs(10))).expect("timeout");
    stream.write_all(pipelined.as_bytes()).expect("send");
    let mut bytes = Vec::new();
    let _ = stream.read_to_end(&mut bytes);
    let text = String::from_utf8_lossy(&bytes);
    let first = text.find("HTTP/1.1 200").expect("the first request answered");
    let second = text.find("HTTP/1.1 414").expect("the second refused");
    assert!(first < second, "{text}");
    // A large header of normal size and an ordinary request still work.
    let ok = raw(server.port, "GET", "/", &[("Cookie", &"c=1; ".repeat(1000))]);
    assert_eq!(ok.status, 200);
}

#[test]
fn edits_are_served_and_announced() {
    let site = small_site();
    let server = ServeProcess::start(&site);
    let mut events = Events::connect(server.port);
    let hello = events.until("hello");
    assert!(hello.contains("\"errors\":null"), "{hello}");

    site.file(
        "content/posts/hello.md",
        "+++\ntitle = \"Hello\"\ndate = 2024-01-01\n+++\nSecond version.\n",
    );
    let reload = events.until("reload");
    assert!(reload.contains("posts/hello/index.html"), "{reload}");
    assert!(get(server.port, "/posts/hello/").text().contains("Second version."));

    site.file("static/a.css", "body { color: red }");
    let css = events.until("reload");
    assert!(css.contains("\"css_only\":true"), "{css}");

    site.file("content/posts/hello.md", "+++\ntitle = \"Hello\"\ndate = \"not a date\"\n+++\n");
    let error = events.until("build-error");
    assert!(error.contains("content/posts/hello.md"), "{error}");
    assert!(error.contains("\"line\":3"), "{error}");
    assert!(error.contains("invalid date"), "{error}");
    assert!(
        get(server.port, "/posts/hello/").text().contains("Second version."),
        "the last good page stays served"
    );
    let late = Events::connect(server.port).until("hello");
    assert!(late.contains("invalid date"), "a tab opened during the error sees it: {late}");

    site.file(
        "content/posts/hello.md",
        "+++\ntitle = \"Hello\"\ndate = 2024-01-01\n+++\nThird version.\n",
    );
    events.until("build-ok");
    assert!(get(server.port, "/posts/hello/").text().contains("Third version."));
}

#[test]
fn deleting_and_renaming_files() {
    let site = small_site();
    let server = ServeProcess::start(&site);
    let mut events = Events::connect(server.port);
    events.until("hello");
    std::fs::rename(
        site.root().join("content/posts/hello.md"),
        site.root().join("content/posts/renamed.md"),
    )
    .expect("rename");
    events.until("reload");
    assert_eq!(get(server.port, "/posts/renamed/").status, 200);
    assert_eq!(get(server.port, "/posts/hello/").status, 404);
    // write-to-temp-then-rename, as many editors save
    site.file(
        "content/posts/.renamed.md.tmp",
        "+++\ntitle = \"Atomic\"\ndate = 2024-01-01\n+++\nSaved atomically.\n",
    );
    std::fs::rename(
        site.root().join("content/posts/.renamed.md.tmp"),
        site.root().join("content/posts/renamed.md"),
    )
    .expect("rename");
    events.until("reload");
    assert!(get(server.port, "/posts/renamed/").text().contains("Saved atomically."));
}

#[test]
fn open_event_streams_never_starve_page_requests() {
    let site = small_site();
    let server = ServeProcess::start(&site);
    let tabs: Vec<Events> = (0..60).map(|_| Events::connect(server.port)).collect();
    let started = Instant::now();
    for _ in 0..50 {
        assert_eq!(get(server.port, "/posts/hello/").status, 200);
    }
    assert!(
        started.elapsed() < Duration::from_secs(10),
        "requests answered while 60 streams are open"
    );
    drop(tabs);
}

#[test]
fn a_busy_port_moves_to_the_next_one() {
    let site = small_site();
    let blocker = TcpListener::bind("127.0.0.1:0").expect("bind");
    let port = blocker.local_addr().expect("addr").port();
    let mut child = folio_command()
        .args(["serve", "--port", &port.to_string()])
        .current_dir(site.root())
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .expect("start");
    let mut out = BufReader::new(child.stdout.take().expect("stdout"));
    let mut text = String::new();
    for _ in 0..4 {
        let mut line = String::new();
        if out.read_line(&mut line).unwrap_or(0) == 0 {
            break;
        }
        text.push_str(&line);
        if line.contains("Serving") {
            break;
        }
    }
    let _ = child.kill();
    let _ = child.wait();
    assert!(text.contains(&format!("Port {port} is busy")), "{text}");
    assert!(
        text.contains(&format!("127.0.0.1:{}", port + 1)) || text.contains("127.0.0.1:"),
        "{text}"
    );
}

#[test]
fn a_burst_of_changes_is_one_rebuild() {
    let site = small_site();
    let server = ServeProcess::start(&site);
    let mut events = Events::connect(server.port);
    events.until("hello");
    // Like `git checkout` of another branch: many files written back to back.
    for i in 0..150 {
        site.file(
            &format!("content/posts/burst{i}.md"),
            &format!("+++\ntitle = \"Burst {i}\"\ndate = 2024-02-01\n+++\nx\n"),
        );
    }
    events.until("reload");
    events.reader.get_ref().set_read_timeout(Some(Duration::from_millis(800))).expect("timeout");
    let mut extra = 0;
    while let Some((name, _)) = events.try_next() {
        if name == "reload" {
            extra += 1;
        }
    }
    // The stream still works: a later edit is announced (so the count above is not vacuous).
    events.reader.get_ref().set_read_timeout(Some(Duration::from_secs(20))).expect("timeout");
    site.file("content/posts/burst0.md", "+++\ntitle = \"Again\"\ndate = 2024-02-01\n+++\ny\n");
    events.until("reload");
    assert!(extra <= 2, "150 files written at once gave {} rebuilds", extra + 1);
    assert_eq!(get(server.port, "/posts/burst149/").status, 200);
}

#[test]
fn pages_are_served_while_a_large_site_still_renders() {
    // The server answers once the site is loaded, rendering a requested page on its own
    // until every page is rendered; either way the page is the same.
    let site = small_site();
    for i in 0..1500 {
        site.file(
            &format!("content/posts/p{i}.md"),
            &format!(
                "+++\ntitle = \"Post number {i}\"\ndate = 2024-02-01\n+++\nBody of post {i}.\n"
            ),
        );
    }
    let server = ServeProcess::start(&site);
    let page = get(server.port, "/posts/p1234/");
    assert_eq!(page.status, 200);
    assert!(page.text().contains("Post number 1234"), "{}", page.text());
    assert!(page.text().contains("/__folio/events"), "live reload injected");
    assert_eq!(get(server.port, "/a.css").status, 200);
    assert_eq!(get(server.port, "/posts/p1234").status, 301);
    assert_eq!(get(server.port, "/posts/nope/").status, 404);
    let etag = page.header("etag").expect("etag").to_string();
    let again = raw(server.port, "GET", "/posts/p1234/", &[("If-None-Match", &etag)]);
    assert_eq!(again.status, 304, "the page rendered alone has the ETag of the full render");
}
