//! `folio import doi:… arxiv:… orcid:… dblp:…` against recorded answers of the real
//! services (tests/fixtures/identifiers/SOURCES.md says where each was recorded), served
//! from a local port: no test needs the internet.

use std::io::{BufRead, BufReader, Write};
use std::net::TcpListener;
use std::path::Path;
use std::process::Output;

use crate::support::{TestSite, folio_command};

fn fixture(name: &str) -> String {
    let path = crate::support::repository().join("tests/fixtures/identifiers").join(name);
    std::fs::read_to_string(&path).unwrap_or_else(|err| panic!("{}: {err}", path.display()))
}

/// A local stand-in for doi.org, the arXiv API, ORCID and dblp, answering the recorded
/// bodies (404 for anything else). Returns its address.
fn recorded_services() -> String {
    let listener = TcpListener::bind("127.0.0.1:0").expect("bind");
    let address = format!("http://{}", listener.local_addr().expect("address"));
    std::thread::spawn(move || {
        for stream in listener.incoming().flatten() {
            let mut reader = BufReader::new(&stream);
            let mut request = String::new();
            if reader.read_line(&mut request).is_err() {
                continue;
            }
            let mut accept = String::new();
            loop {
                let mut line = String::new();
                if reader.read_line(&mut line).unwrap_or(0) == 0 || line.trim().is_empty() {
                    break;
                }
                if line.to_ascii_lowercase().starts_with("accept:") {
                    accept = line[7..].trim().to_string();
                }
            }
            let path = request.split_whitespace().nth(1).unwrap_or_default().to_string();
            let body = match path.as_str() {
                "/doi/10.1890/0012-9623-90.2.205" if accept.contains("csl+json") => {
                    Some(fixture("doi-csl.json"))
                }
                p if p.starts_with("/arxiv/query?id_list=astro-ph/0601001&") => {
                    Some(fixture("arxiv-atom.xml"))
                }
                p if p.starts_with("/arxiv/query?id_list=1605.08386&") => {
                    Some(fixture("arxiv-atom-1605.08386.xml"))
                }
                "/orcid/0000-0003-1444-9135/works" if accept.contains("json") => {
                    Some(fixture("orcid-works.json"))
                }
                "/dblp/pid/95/7448-1.xml" => Some(fixture("dblp-person.xml")),
                _ => None,
            };
            let (status, body) = match body {
                Some(body) => ("200 OK", body),
                None => ("404 Not Found", "not found".to_string()),
            };
            let mut stream = &stream;
            let _ = write!(
                stream,
                "HTTP/1.1 {status}\r\nContent-Length: {}\r\nConnection: close\r\n\r\n{body}",
                body.len()
            );
        }
    });
    address
}

/// An address where nothing answers (a port that was free a moment ago): offline.
fn nowhere() -> String {
    let listener = TcpListener::bind("127.0.0.1:0").expect("bind");
    let address = format!("http://{}", listener.local_addr().expect("address"));
    drop(listener);
    address
}

fn import(site: &TestSite, services: &str, args: &[&str]) -> Output {
    folio_command()
        .arg("import")
        .args(args)
        .current_dir(site.root())
        .env("FOLIO_DOI_URL", format!("{services}/doi"))
        .env("FOLIO_ARXIV_URL", format!("{services}/arxiv"))
        .env("FOLIO_ORCID_URL", format!("{services}/orcid"))
        .env("FOLIO_DBLP_URL", format!("{services}/dblp"))
        .output()
        .expect("run folio")
}

fn text(output: &Output) -> String {
    format!(
        "{}{}",
        String::from_utf8_lossy(&output.stdout),
        String::from_utf8_lossy(&output.stderr)
    )
}

fn papers(site: &TestSite) -> Vec<String> {
    let folder = site.root().join("content/papers");
    let mut names: Vec<String> = std::fs::read_dir(folder)
        .map(|entries| {
            entries.flatten().map(|e| e.file_name().to_string_lossy().into_owned()).collect()
        })
        .unwrap_or_default();
    names.sort();
    names
}

fn paper(site: &TestSite, name: &str) -> String {
    std::fs::read_to_string(site.root().join("content/papers").join(name))
        .unwrap_or_else(|err| panic!("{name}: {err}; papers: {:?}", papers(site)))
}

#[test]
fn a_doi_an_arxiv_id_and_a_dblp_page_become_papers_and_a_rerun_works_offline() {
    let site = TestSite::new();
    let services = recorded_services();
    let out = import(
        &site,
        &services,
        &["doi:10.1890/0012-9623-90.2.205", "arxiv:astro-ph/0601001v1", "dblp:95/7448-1"],
    );
    assert!(out.status.success(), "{}", text(&out));

    let doi = paper(&site, "borer2009some.md");
    for expected in [
        "title = \"Some Simple Guidelines for Effective Data Management\"",
        "\"Elizabeth T. Borer\"",
        "\"Mark Schildhauer\"",
        "venue = \"Bulletin of the Ecological Society of America\"",
        "type = \"journal\"",
        "year = 2009",
        "month = 4",
        "doi = \"https://doi.org/10.1890/0012-9623-90.2.205\"",
    ] {
        assert!(doi.contains(expected), "{expected} in\n{doi}");
    }
    assert!(!doi.contains("others"), "a DOI's record names every author:\n{doi}");

    let arxiv = papers(&site)
        .into_iter()
        .map(|name| paper(&site, &name))
        .find(|text| text.contains("arxiv.org/abs/astro-ph/0601001"))
        .expect("the arXiv paper");
    for expected in ["type = \"preprint\"", "venue = \"arXiv\"", "year = 2006"] {
        assert!(arxiv.contains(expected), "{expected} in\n{arxiv}");
    }
    assert!(!arxiv.contains("0601001v1"), "one paper for every version:\n{arxiv}");

    // dblp: its eight records, homonym numbers and final full stops taken off.
    let from_dblp: Vec<String> = papers(&site)
        .into_iter()
        .map(|name| paper(&site, &name))
        .filter(|text| text.contains("dblp = "))
        .collect();
    assert_eq!(from_dblp.len(), 8, "{:?}", papers(&site));
    let reframing = from_dblp
        .iter()
        .find(|t| t.contains("Automatic stereoscopic 3D video reframing\""))
        .expect("a title without dblp's full stop");
    assert!(reframing.contains("\"Di Xu\""), "{reframing}");
    assert!(!reframing.contains("0001"), "{reframing}");
    assert!(reframing.contains("venue = \"3DTV-Conference\""), "{reframing}");
    assert!(reframing.contains("https://doi.org/10.1109/3DTV.2012.6365428"), "{reframing}");
    site.build_ok();

    // Offline, the same import reads what it kept: nothing changes, nothing fails.
    let before: Vec<(String, String)> =
        papers(&site).into_iter().map(|n| (n.clone(), paper(&site, &n))).collect();
    let offline = import(
        &site,
        &nowhere(),
        &["doi:10.1890/0012-9623-90.2.205", "arxiv:astro-ph/0601001", "dblp:95/7448-1"],
    );
    let report = text(&offline);
    assert!(offline.status.success(), "{report}");
    assert!(report.contains("used the cached copy"), "{report}");
    assert!(report.contains("0 files new, 0 updated, 10 unchanged"), "{report}");
    let after: Vec<(String, String)> =
        papers(&site).into_iter().map(|n| (n.clone(), paper(&site, &n))).collect();
    assert_eq!(before, after);
}

#[test]
fn offline_with_nothing_cached_fails_and_writes_nothing() {
    let site = TestSite::new();
    let out = import(&site, &nowhere(), &["doi:10.1890/0012-9623-90.2.205", "dblp:95/7448-1"]);
    let report = text(&out);
    assert_eq!(out.status.code(), Some(1), "{report}");
    assert!(report.contains("cannot reach doi"), "{report}");
    assert!(report.contains("nothing was written"), "{report}");
    assert!(papers(&site).is_empty(), "{:?}", papers(&site));
    assert!(!site.root().join(folio::CACHE_DIR).join("import/doi").exists());
}

#[test]
fn an_orcid_record_imports_every_work_and_again_adds_nothing() {
    let site = TestSite::new();
    let services = recorded_services();
    let out = import(&site, &services, &["orcid:0000-0003-1444-9135"]);
    let report = text(&out);
    assert!(out.status.success(), "{report}");
    // Ten works; two of them share a title (a figshare item and its first version).
    assert_eq!(papers(&site).len(), 10, "{report}\n{:?}", papers(&site));
    let lawn = papers(&site)
        .into_iter()
        .map(|name| paper(&site, &name))
        .find(|t| t.contains("lawn: An R client for the Turf Javascript Library"))
        .expect("a work of the record");
    // ORCID's summary names no co-authors: the owner and "others", never a guess.
    assert!(lawn.contains("authors = [\"郑晋图\", \"others\"]"), "{lawn}");
    assert!(lawn.contains("https://doi.org/10.21105/joss.00194"), "{lawn}");
    assert!(lawn.contains("type = \"journal\""), "{lawn}");
    assert!(report.contains("ORCID's own summary was used"), "{report}");

    let again = import(&site, &services, &["orcid:0000-0003-1444-9135", "--update"]);
    let report = text(&again);
    assert!(again.status.success(), "{report}");
    assert!(report.contains("0 files new, 0 updated, 10 unchanged"), "{report}");
    // Offline too: the DOIs doi.org did not know are remembered as such.
    let offline = import(&site, &nowhere(), &["orcid:0000-0003-1444-9135"]);
    let report = text(&offline);
    assert!(offline.status.success(), "{report}");
    assert!(report.contains("0 files new, 0 updated, 10 unchanged"), "{report}");
    site.build_ok();
}

#[test]
fn an_unknown_doi_is_reported_and_the_others_are_still_imported() {
    let site = TestSite::new();
    let services = recorded_services();
    let out = import(&site, &services, &["doi:10.9999/not-a-paper", "arxiv:1605.08386"]);
    let report = text(&out);
    assert_eq!(out.status.code(), Some(1), "{report}");
    assert!(report.contains("doi does not know doi:10.9999/not-a-paper"), "{report}");
    assert_eq!(papers(&site).len(), 1, "{report}");
}

#[test]
fn malformed_identifiers_are_refused_before_any_request() {
    let site = TestSite::new();
    for (bad, says) in [
        ("orcid:0000-0002-1825-0098", "not a well-formed ORCID identifier"),
        ("isbn:978-3-16-148410-0", "is not an identifier folio reads"),
        ("doi:11.1/x", "not a well-formed DOI identifier"),
    ] {
        let out = import(&site, &nowhere(), &[bad]);
        let report = text(&out);
        assert_eq!(out.status.code(), Some(2), "{bad}: {report}");
        assert!(report.contains(says), "{bad}: {report}");
    }
    assert!(!Path::new(&site.root().join("content")).exists());
}
