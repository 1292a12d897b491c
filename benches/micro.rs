//! Micro-benchmarks of the hot parts (criterion): front matter, Markdown, rendering a page
//! and a long list page, and an incremental rebuild after a one-page edit.
//!
//! `cargo bench --bench micro`; the site is generated into a temporary folder.

use std::hint::black_box;
use std::path::Path;

use criterion::{Criterion, criterion_group, criterion_main};
use folio::BuildOptions;
use folio::build::prepare::{Purpose, prepare};
use folio::serve::session::Session;
use folio::{Job, render_job};
use folio::{Kind, front_matter};

// The same allocator as the `folio` binary, so the figures match what a build does.
#[cfg(not(windows))]
#[global_allocator]
static ALLOCATOR: tikv_jemallocator::Jemalloc = tikv_jemallocator::Jemalloc;

const BODY: &str = include_str!("sample-body.md");

const PAPER: &str = "+++\ntitle = \"Sparse-view subcellular structure prediction\"\nauthors = [\"Jintu Zheng\", \"A. Author*\", \"others\"]\nvenue = \"ECCV 2024\"\ntype = \"conference\"\nyear = 2024\nstatus = \"published\"\nbadges = [\"Oral\"]\ntags = [\"microscopy\", \"vision\"]\nfeatured = true\n[links]\npdf = \"https://example.org/p.pdf\"\ncode = \"https://example.org/code\"\n+++\n";

/// A site with `posts` posts using the bench theme (the pages the peers are compared on).
fn site(posts: usize) -> tempfile::TempDir {
    let dir = tempfile::tempdir().expect("temp dir");
    let root = dir.path();
    std::fs::write(
        root.join("site.toml"),
        "title = \"Bench\"\nbase_url = \"http://localhost/\"\ntheme = \"bench\"\n[sections.posts]\nsort_by = \"date\"\nfeed = false\n",
    )
    .expect("config");
    copy_dir(
        &Path::new(env!("CARGO_MANIFEST_DIR")).join("benches/theme"),
        &root.join("themes/bench"),
    );
    std::fs::create_dir_all(root.join("content/posts")).expect("mkdir");
    for i in 0..posts {
        let text = format!(
            "+++\ntitle = \"Post {i}\"\ndate = 20{:02}-{:02}-{:02}\ndescription = \"About {i}\"\ntags = [\"t{}\", \"t{}\"]\n+++\n{BODY}",
            10 + i % 15,
            1 + i % 12,
            1 + i % 28,
            i % 20,
            i % 7
        );
        std::fs::write(root.join(format!("content/posts/post-{i:05}.md")), text).expect("write");
    }
    dir
}

fn copy_dir(from: &Path, to: &Path) {
    for entry in walkdir::WalkDir::new(from) {
        let entry = entry.expect("walk");
        let target = to.join(entry.path().strip_prefix(from).expect("inside"));
        if entry.file_type().is_dir() {
            std::fs::create_dir_all(&target).expect("mkdir");
        } else {
            std::fs::copy(entry.path(), &target).expect("copy");
        }
    }
}

fn benches(c: &mut Criterion) {
    let file = Path::new("content/papers/p.md");
    c.bench_function("front matter: split and check a paper", |b| {
        b.iter(|| {
            let split = front_matter::split(black_box(PAPER), file).expect("split");
            front_matter::parse(&split, file, Kind::Paper).expect("parse")
        })
    });

    let no_links = |_: &str| Err::<String, String>("none".into());
    c.bench_function("markdown: a 2.5 KB body with a table, code and a list", |b| {
        b.iter(|| folio::markdown::render(black_box(BODY), 1, &no_links))
    });
    let plain = folio::markdown::RenderOptions { highlight: false, ..Default::default() };
    c.bench_function("markdown: the same body, code not highlighted", |b| {
        b.iter(|| folio::markdown::render_with(black_box(BODY), 1, &no_links, plain))
    });

    let dir = site(2000);
    let options = BuildOptions { root: dir.path().to_path_buf(), ..BuildOptions::default() };
    let prepared = prepare(&options, Purpose::Serve).expect("prepare");
    let item = prepared.site.items.iter().position(|i| i.doc.stem == "post-00042").expect("item");
    let section = prepared.site.sections.iter().position(|s| s.name == "posts").expect("section");
    c.bench_function("render: one post page", |b| {
        b.iter(|| {
            render_job(&prepared.site, &prepared.values, &prepared.templates, &Job::Item(item))
                .expect("render")
        })
    });
    c.bench_function("render: the list page of 2000 posts", |b| {
        b.iter(|| {
            render_job(
                &prepared.site,
                &prepared.values,
                &prepared.templates,
                &Job::Section(section, 1),
            )
            .expect("render")
        })
    });

    let mut session = Session::open(&options).expect("open");
    let page = dir.path().join("content/posts/post-00042.md");
    let original = std::fs::read_to_string(&page).expect("read");
    let mut round = 0u64;
    c.bench_function("incremental: rebuild after a one-page body edit (2000 pages)", |b| {
        b.iter(|| {
            round += 1;
            std::fs::write(&page, format!("{original}\nEdit {round}.\n")).expect("write");
            session.apply(std::slice::from_ref(&page)).expect("apply")
        })
    });
}

criterion_group!(micro, benches);
criterion_main!(micro);
