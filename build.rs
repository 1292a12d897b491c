//! Links the `folio` binary as a position-dependent executable on Linux.
//!
//! The HTML minifier's entity tables are ~9 MB of pointer-laden read-only data. In a
//! position-independent executable the dynamic loader must relocate (and so copy) every
//! page of it at start-up: ~10 ms and ~10 MB of memory on every run, `folio --version`
//! included. A position-dependent executable has those addresses fixed at link time.
fn main() {
    if std::env::var("CARGO_CFG_TARGET_OS").as_deref() == Ok("linux") {
        println!("cargo:rustc-link-arg-bins=-no-pie");
    }
    println!("cargo:rerun-if-changed=build.rs");
}
