//! A new user's first hour: the commands do what the README says in the situations a first
//! try meets (no site yet, a fresh clone, another time zone, the manual).

use crate::support::{TestSite, folio_command};

#[test]
fn serve_without_a_site_fails_like_build() {
    let site = TestSite::empty();
    let build = site.run(&["build"]);
    let serve = folio_command()
        .args(["serve", "--port", "0"])
        .current_dir(site.root())
        .output()
        .expect("run folio serve");
    assert_eq!(serve.status.code(), Some(1));
    assert_eq!(build.status.code(), Some(1));
    let said = |out: &std::process::Output| {
        String::from_utf8_lossy(&out.stderr).lines().next().unwrap_or_default().to_string()
    };
    assert!(said(&serve).contains("no site.toml"), "{}", said(&serve));
    assert_eq!(said(&serve), said(&build), "the same message");
}

#[test]
fn init_takes_a_fresh_clone_and_keeps_its_git() {
    let site = TestSite::empty();
    site.file(".git/HEAD", "ref: refs/heads/main\n");
    let out = site.run(&["init", "."]);
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    assert!(String::from_utf8_lossy(&out.stdout).contains(".git (it was there before)"));
    assert!(site.root().join("site.toml").is_file());
    assert_eq!(
        std::fs::read_to_string(site.root().join(".git/HEAD")).ok().as_deref(),
        Some("ref: refs/heads/main\n")
    );
    // Visible files still need --force.
    let other = TestSite::empty();
    other.file("notes.txt", "mine");
    assert_eq!(other.run(&["init", "."]).status.code(), Some(1));
}

#[test]
fn new_dates_in_the_user_s_time_zone_or_as_told() {
    let site = TestSite::new();
    let date_in = |tz: &str, title: &str| {
        let out = folio_command()
            .args(["new", "post", title])
            .env("TZ", tz)
            .current_dir(site.root())
            .output()
            .expect("run folio new");
        assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
        let path = String::from_utf8_lossy(&out.stdout).trim().to_string();
        let text = std::fs::read_to_string(site.root().join(&path)).expect("new file");
        text.lines().find(|l| l.starts_with("date = ")).unwrap_or_default().to_string()
    };
    // UTC+14 and UTC-12 are 26 hours apart: their dates always differ, a UTC date would not.
    assert_ne!(date_in("Etc/GMT-14", "East"), date_in("Etc/GMT+12", "West"));
    let out = site.run(&["new", "post", "Leap", "--date", "2024-02-29"]);
    assert!(out.status.success());
    let path = String::from_utf8_lossy(&out.stdout).trim().to_string();
    let text = std::fs::read_to_string(site.root().join(path)).expect("file");
    assert!(text.contains("date = \"2024-02-29\""), "{text}");
    let out = site.run(&["new", "post", "Bad", "--date", "2024-02-30"]);
    assert_eq!(out.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&out.stderr).contains("YYYY-MM-DD"));
}

#[test]
fn every_manual_page_the_manual_cites_is_written() {
    let site = TestSite::empty();
    let out = site.run(&["man", "--dir", "man"]);
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let dir = site.root().join("man");
    let main = std::fs::read_to_string(dir.join("folio.1")).expect("folio.1");
    let cited: Vec<String> = main
        .split("folio\\-")
        .skip(1)
        .filter_map(|rest| rest.split_once("(1)").map(|(name, _)| name.to_string()))
        .collect();
    assert!(cited.iter().any(|name| name == "build"), "{main}");
    for name in cited {
        assert!(dir.join(format!("folio-{name}.1")).is_file(), "folio-{name}.1 is cited");
    }
}

#[test]
#[cfg(unix)]
fn a_release_archive_holds_the_binary_its_license_and_readme_with_a_checksum() {
    let out_dir = tempfile::tempdir().expect("temp dir");
    let binary = out_dir.path().join("folio");
    std::fs::write(&binary, b"\x7fELF not really").expect("binary");
    let package = |dir: &std::path::Path| {
        let output = std::process::Command::new(crate::support::repository().join(".ci/package"))
            .args(["x86_64-unknown-linux-gnu"])
            .arg(&binary)
            .arg(dir)
            .arg("9.9.9")
            .output()
            .expect("run .ci/package");
        assert!(output.status.success(), "{}", String::from_utf8_lossy(&output.stderr));
    };
    let first = out_dir.path().join("first");
    package(&first);
    let archive = "folio-9.9.9-x86_64-unknown-linux-gnu.tar.gz";
    let listing = std::process::Command::new("tar")
        .args(["-tzf", archive])
        .current_dir(&first)
        .output()
        .expect("tar");
    let names = String::from_utf8_lossy(&listing.stdout).into_owned();
    for name in ["folio", "LICENSE", "README.md"] {
        assert!(
            names.lines().any(|l| l == format!("folio-9.9.9-x86_64-unknown-linux-gnu/{name}")),
            "{name} in\n{names}"
        );
    }
    let check = std::process::Command::new("sha256sum")
        .args(["--check", &format!("{archive}.sha256")])
        .current_dir(&first)
        .output()
        .expect("sha256sum");
    assert!(check.status.success(), "{}", String::from_utf8_lossy(&check.stdout));
    let second = out_dir.path().join("second");
    package(&second);
    assert_eq!(
        std::fs::read(first.join(archive)).expect("first"),
        std::fs::read(second.join(archive)).expect("second"),
        "the same files make the same archive"
    );
}
