//! Incremental rebuilds (what `folio serve` does after each save) must give exactly what a
//! clean build of the same files gives, while rendering only what an edit affects.

use std::path::PathBuf;

use folio::serve::session::{Session, output_bytes};

use crate::support::TestSite;

/// A small deterministic PRNG (xorshift), so failures can be replayed from the seed.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }
    fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }
    fn pick<'a>(&mut self, items: &'a [&'a str]) -> &'a str {
        items[self.below(items.len())]
    }
}

const CONFIG: &str = r#"title = "站点"
base_url = "http://127.0.0.1:1111/"
default_language = "zh"
[languages.zh]
title = "站点"
[languages.en]
title = "Site"
[author]
name = { zh = "郑晋图", en = "Jintu Zheng" }
name_variants = ["Jintu Zheng"]
[[menu]]
name = { zh = "论文", en = "Papers" }
url = "@/papers/_index.md"
[sections.posts]
paginate = 2
"#;

fn seed_site() -> TestSite {
    let site = TestSite::empty();
    site.file("site.toml", CONFIG)
        .file("content/_index.md", "+++\ntitle = \"首页\"\ntagline = \"研究员\"\n+++\n你好 [论文](@/papers/p0.md)\n")
        .file("content/_index.en.md", "+++\ntitle = \"Home\"\n+++\nHello\n")
        .file("content/papers/_index.md", "+++\ntitle = \"论文\"\n+++\n")
        .file("content/papers/p0.md", "+++\ntitle = \"P0\"\nauthors = [\"Jintu Zheng\"]\ntype = \"conference\"\nyear = 2024\ntags = [\"a\"]\n+++\nAbstract\n")
        .file("content/papers/p0.en.md", "+++\ntitle = \"P0 en\"\nauthors = [\"Jintu Zheng\"]\ntype = \"conference\"\nyear = 2024\n+++\nAbstract\n")
        .file("content/posts/n0.md", "+++\ntitle = \"N0\"\ndate = 2024-01-01\ntags = [\"a\", \"b\"]\n+++\nNews\n")
        .file("content/posts/n1.md", "+++\ntitle = \"N1\"\ndate = 2024-02-01\n+++\nNews\n")
        .file("content/posts/n2.md", "+++\ntitle = \"N2\"\ndate = 2024-03-01\n+++\nNews [p](@/papers/p0.md)\n")
        .file("content/projects/x.md", "+++\ntitle = \"X\"\nstart = \"2023-01\"\nfeatured = true\n+++\nBody\n")
        .file("content/about.md", "+++\ntitle = \"关于\"\n+++\nAbout\n")
        .file("static/doc.txt", "v1");
    site
}

fn options(site: &TestSite) -> folio::BuildOptions {
    folio::BuildOptions { root: site.root().to_path_buf(), ..Default::default() }
}

fn assert_same_as_fresh(site: &TestSite, session: &Session, step: &str) {
    let fresh = Session::open(&options(site))
        .unwrap_or_else(|err| panic!("{step}: a fresh build failed:\n{err}"));
    let incremental = output_bytes(session);
    let clean = output_bytes(&fresh);
    let mut paths: Vec<&String> = incremental.keys().chain(clean.keys()).collect();
    paths.sort();
    paths.dedup();
    for path in paths {
        assert!(
            incremental.get(path) == clean.get(path),
            "{step}: /{path} differs from a clean build\n--- incremental ---\n{}\n--- clean ---\n{}",
            incremental
                .get(path)
                .map(|b| String::from_utf8_lossy(b).into_owned())
                .unwrap_or_else(|| "(missing)".into()),
            clean
                .get(path)
                .map(|b| String::from_utf8_lossy(b).into_owned())
                .unwrap_or_else(|| "(missing)".into()),
        );
    }
    let copies: Vec<&String> = session.copies().keys().collect();
    let fresh_copies: Vec<&String> = fresh.copies().keys().collect();
    assert_eq!(copies, fresh_copies, "{step}: copied files differ");
}

/// One random edit: the files it touched (relative paths) and a description.
fn random_edit(site: &TestSite, rng: &mut Rng, step: usize) -> (Vec<String>, String) {
    let root = site.root();
    let existing = |dir: &str| -> Vec<String> {
        let mut files: Vec<String> = walkdir::WalkDir::new(root.join(dir))
            .into_iter()
            .flatten()
            .filter(|e| e.file_type().is_file())
            .map(|e| e.path().strip_prefix(root).expect("inside").to_string_lossy().into_owned())
            .filter(|p| !p.ends_with("_index.md"))
            .collect();
        files.sort();
        files
    };
    match rng.below(11) {
        0 | 1 => {
            let section = rng.pick(&["posts", "papers", "projects"]);
            let lang = rng.pick(&["", ".en"]);
            let path = format!("content/{section}/new{step}{lang}.md");
            let text = match section {
                "posts" => format!(
                    "+++\ntitle = \"New {step}\"\ndate = 2024-0{}-1{}\ntags = [\"{}\"]\n+++\nBody {step}\n",
                    1 + rng.below(9),
                    rng.below(9),
                    rng.pick(&["a", "b", "c"])
                ),
                "papers" => format!(
                    "+++\ntitle = \"Paper {step}\"\nauthors = [\"Jintu Zheng\", \"others\"]\ntype = \"{}\"\nyear = {}\n+++\nAbstract {step}\n",
                    rng.pick(&["conference", "journal"]),
                    2020 + rng.below(6)
                ),
                _ => format!(
                    "+++\ntitle = \"Project {step}\"\nweight = {}\n+++\nBody\n",
                    rng.below(5)
                ),
            };
            site.file(&path, &text);
            (vec![path.clone()], format!("create {path}"))
        }
        2 | 3 => {
            let files = existing("content");
            let path = files[rng.below(files.len())].clone();
            let full = root.join(&path);
            let text = std::fs::read_to_string(&full).expect("read");
            let changed = match rng.below(3) {
                0 => format!("{text}\nAppended {step}.\n"),
                1 => text.replacen("title = \"", &format!("title = \"T{step} "), 1),
                _ => {
                    let without: String = text
                        .lines()
                        .filter(|l| !l.starts_with("description"))
                        .map(|l| format!("{l}\n"))
                        .collect();
                    without.replacen("+++\n", &format!("+++\ndescription = \"d{step}\"\n"), 1)
                }
            };
            std::fs::write(&full, changed).expect("write");
            (vec![path.clone()], format!("modify {path}"))
        }
        4 => {
            let files = existing("content");
            let path = files[rng.below(files.len())].clone();
            if path.ends_with("papers/p0.md") || path.ends_with("about.md") {
                return (vec![], "skip (linked to)".into()); // other pages link to these
            }
            std::fs::remove_file(root.join(&path)).expect("remove");
            (vec![path.clone()], format!("delete {path}"))
        }
        5 => {
            let files = existing("content/posts");
            if files.is_empty() {
                return (vec![], "skip".into());
            }
            let from = files[rng.below(files.len())].clone();
            let to = format!("content/posts/moved{step}.md");
            std::fs::rename(root.join(&from), root.join(&to)).expect("rename");
            (vec![from.clone(), to.clone()], format!("rename {from} -> {to}"))
        }
        6 => {
            let path = "static/doc.txt".to_string();
            site.file(&path, &format!("v{step}"));
            let extra = format!("static/extra{step}.css");
            site.file(&extra, "body{}");
            (vec![path, extra], "touch static files".into())
        }
        7 => {
            let template = "templates/404.html".to_string();
            if root.join(&template).exists() && rng.below(2) == 0 {
                std::fs::remove_file(root.join(&template)).expect("remove");
                (vec![template], "remove template override".into())
            } else {
                site.file(
                    &template,
                    &format!("<!DOCTYPE html><title>x</title>404 {step} {{{{ lang }}}}"),
                );
                (vec![template], "override a template".into())
            }
        }
        8 => {
            // A folder created with a file in it, then the folder is the changed path.
            let dir = format!("content/notes{step}");
            site.file(&format!("{dir}/a.md"), "+++\ntitle = \"Note\"\n+++\nNote\n");
            (vec![dir.clone()], format!("create folder {dir}"))
        }
        9 => {
            let path = "content/_index.md".to_string();
            site.file(&path, &format!("+++\ntitle = \"首页 {step}\"\ntagline = \"研究员\"\n+++\n你好 [论文](@/papers/p0.md)\n"));
            (vec![path], "edit home".into())
        }
        _ => {
            let files = existing("content/posts");
            if files.is_empty() {
                return (vec![], "skip".into());
            }
            let path = files[rng.below(files.len())].clone();
            let full = root.join(&path);
            let text = std::fs::read_to_string(&full).expect("read");
            let without: String = text
                .lines()
                .filter(|l| !l.starts_with("aliases"))
                .map(|l| format!("{l}\n"))
                .collect();
            std::fs::write(
                &full,
                without.replacen("date = ", &format!("aliases = [\"/old{step}/\"]\ndate = "), 1),
            )
            .expect("write");
            (vec![path.clone()], format!("alias in {path}"))
        }
    }
}

#[test]
fn random_edit_sequences_give_the_same_site_as_a_clean_build() {
    for seed in [1u64, 7, 42, 2026] {
        let site = seed_site();
        let mut session = Session::open(&options(&site)).expect("initial build");
        let mut rng = Rng(seed.wrapping_mul(0x9E37_79B9_7F4A_7C15) | 1);
        for step in 0..30 {
            let (touched, what) = random_edit(&site, &mut rng, step);
            if touched.is_empty() {
                continue;
            }
            let paths: Vec<PathBuf> = touched.iter().map(|p| site.root().join(p)).collect();
            let label = format!("seed {seed}, step {step}: {what}");
            session.apply(&paths).unwrap_or_else(|err| panic!("{label}: rebuild failed:\n{err}"));
            assert_same_as_fresh(&site, &session, &label);
        }
    }
}

/// Gives the seed site's project `x` the body `body` (front matter unchanged) and applies it.
fn edit_project_body(
    site: &TestSite,
    session: &mut Session,
    body: &str,
) -> folio::serve::session::Update {
    let path = site.root().join("content/projects/x.md");
    let front = "+++\ntitle = \"X\"\nstart = \"2023-01\"\nfeatured = true\n+++\n";
    std::fs::write(&path, format!("{front}{body}")).expect("write");
    session.apply(std::slice::from_ref(&path)).expect("rebuild")
}

#[test]
fn a_body_edit_renders_only_that_page() {
    let site = seed_site();
    let mut session = Session::open(&options(&site)).expect("initial build");
    let update = edit_project_body(&site, &mut session, "Body, edited\n");
    // The page, and the search index, which quotes the body's first paragraph.
    assert_eq!(update.rendered, 2, "{update:?}");
    assert_eq!(
        update.changed,
        vec!["projects/x/index.html".to_string(), "search/index.json".to_string()]
    );
    assert_same_as_fresh(&site, &session, "body edit");
}

#[test]
fn a_body_edit_past_the_first_paragraph_leaves_the_search_index_alone() {
    let site = seed_site();
    let mut session = Session::open(&options(&site)).expect("initial build");
    let update = edit_project_body(&site, &mut session, "Body\n\nA second paragraph.\n");
    assert_eq!(update.changed, vec!["projects/x/index.html".to_string()], "{update:?}");
    assert_same_as_fresh(&site, &session, "second paragraph");
}

#[test]
fn a_title_edit_renders_the_lists_that_show_it() {
    let site = seed_site();
    let mut session = Session::open(&options(&site)).expect("initial build");
    let path = site.root().join("content/posts/n1.md");
    std::fs::write(&path, "+++\ntitle = \"N1 renamed\"\ndate = 2024-02-01\n+++\nNews\n")
        .expect("write");
    let update = session.apply(std::slice::from_ref(&path)).expect("rebuild");
    assert!(update.changed.contains(&"posts/n1/index.html".to_string()), "{update:?}");
    assert!(
        update.changed.contains(&"posts/index.html".to_string()),
        "the list page shows the title: {update:?}"
    );
    assert!(update.changed.contains(&"atom.xml".to_string()), "{update:?}");
    assert!(!update.changed.contains(&"papers/p0/index.html".to_string()) || update.rendered > 1);
    assert_same_as_fresh(&site, &session, "title edit");
}

#[test]
fn a_broken_edit_keeps_the_last_good_site_until_fixed() {
    let site = seed_site();
    let mut session = Session::open(&options(&site)).expect("initial build");
    let before = output_bytes(&session);
    let path = site.root().join("content/posts/n1.md");
    std::fs::write(&path, "+++\ntitle = \"N1\"\ndate = \"someday\"\n+++\n").expect("write");
    let err = session.apply(std::slice::from_ref(&path)).expect_err("broken front matter");
    assert!(err.to_string().contains("content/posts/n1.md:3: invalid date"), "{err}");
    assert_eq!(before, output_bytes(&session), "the last good site stays");
    std::fs::write(&path, "+++\ntitle = \"N1 fixed\"\ndate = 2024-02-01\n+++\nNews\n")
        .expect("write");
    session.apply(&[path]).expect("fixed");
    assert!(
        String::from_utf8_lossy(&output_bytes(&session)["posts/n1/index.html"])
            .contains("N1 fixed")
    );
    assert_same_as_fresh(&site, &session, "after the fix");
}

#[test]
fn config_and_template_changes_rebuild_everything_they_affect() {
    let site = seed_site();
    let mut session = Session::open(&options(&site)).expect("initial build");
    site.file(
        "site.toml",
        &CONFIG.replace("title = \"站点\"\nbase_url", "title = \"新站点\"\nbase_url"),
    );
    session.apply(&[site.root().join("site.toml")]).expect("config change");
    assert_same_as_fresh(&site, &session, "config change");
    site.file("templates/post.html", "POST {{ page.title }}");
    let update =
        session.apply(&[site.root().join("templates/post.html")]).expect("template change");
    assert!(update.changed.contains(&"posts/n1/index.html".to_string()));
    assert_same_as_fresh(&site, &session, "template change");
}

#[test]
fn classify_sorts_paths_and_ignores_droppings() {
    use folio::serve::session::{Change, classify};
    let root = std::path::Path::new("/site");
    let c = |p: &str| classify(root, "default", &root.join(p));
    assert_eq!(c("site.toml"), Some(Change::Config));
    assert_eq!(c("content/posts/a.md"), Some(Change::Content("posts/a.md".into())));
    assert_eq!(c("static/x.css"), Some(Change::Static));
    assert_eq!(c("themes/default/static/style.css"), Some(Change::Static));
    assert_eq!(c("themes/default/templates/base.html"), Some(Change::Templates));
    assert_eq!(c("themes/default/theme.toml"), Some(Change::Config));
    assert_eq!(c("templates/page.html"), Some(Change::Templates));
    assert_eq!(c("themes/other/templates/base.html"), None);
    assert_eq!(c("public/index.html"), None);
    for dropping in [
        "content/posts/.a.md.swp",
        "content/posts/a.md~",
        "content/posts/4913",
        "content/posts/.#a.md",
        "content/.git/x",
    ] {
        assert_eq!(c(dropping), None, "{dropping}");
    }
}

#[test]
fn pages_rendered_alone_while_opening_equal_the_full_render() {
    // `folio serve` answers from an opening session before all its pages are rendered.
    let site = seed_site();
    let opening = folio::serve::session::Opening::begin(&options(&site)).expect("opening");
    let alone: Vec<(String, Vec<u8>)> = ["index.html", "posts/n1/index.html", "en/index.html"]
        .iter()
        .map(|path| {
            let bytes = opening.page(path).unwrap_or_else(|| panic!("/{path} is an output"));
            (path.to_string(), bytes.unwrap_or_else(|err| panic!("/{path}: {err}")))
        })
        .collect();
    assert!(opening.page("posts/missing/index.html").is_none());
    assert!(opening.copied("doc.txt").is_some(), "static files are served while opening");
    assert!(!opening.generates("doc.txt"));
    let first = opening.render().expect("render");
    assert_eq!(
        first.outputs().len(),
        first.outputs().keys().filter(|p| opening.generates(p)).count()
    );
    for (path, bytes) in &alone {
        assert_eq!(
            first.outputs()[path].bytes.as_slice(),
            bytes.as_slice(),
            "/{path} rendered alone differs from the full render"
        );
    }
    let session = opening.into_session(first);
    assert_same_as_fresh(&site, &session, "opened in two steps");
}

/// A theme that names none of the fields folio makes only for themes that show them
/// (`lead`, `json_ld`, `toc`, `bibtex`).
fn plain_theme_site() -> TestSite {
    let site = TestSite::empty();
    site.file("site.toml", "title = \"Plain\"\nbase_url = \"https://example.org/\"\ntheme = \"plain\"\n")
        .file("themes/plain/theme.toml", "name = \"plain\"\n")
        .file("themes/plain/templates/index.html", "home")
        .file("themes/plain/templates/section.html", "{% for p in section.items %}{{ p.title }};{% endfor %}")
        .file("themes/plain/templates/page.html", "{{ page.title }}")
        .file("content/papers/p.md", "+++\ntitle = \"Sparse Things\"\nauthors = [\"Ada Lovelace\"]\ntype = \"conference\"\nyear = 2024\nvenue = \"Conf\"\n+++\nWe study sparse things.\n\n## Method\n\nCarefully.\n");
    site
}

#[test]
fn fields_a_theme_starts_to_name_are_made_from_then_on() {
    let site = plain_theme_site();
    let mut session = Session::open(&options(&site)).expect("initial build");
    assert_eq!(
        String::from_utf8_lossy(&output_bytes(&session)["papers/index.html"]),
        "Sparse Things;"
    );
    // An edit of the list template that names `bibtex` and `content`, and of the page template that
    // names `lead`, `json_ld` and `toc`: the summaries made without them are not reused.
    site.file(
        "themes/plain/templates/section.html",
        "{% for p in section.items %}{{ p.title }}={{ p.bibtex }}={{ p.content | safe }};{% endfor %}",
    );
    site.file(
        "themes/plain/templates/page.html",
        "{{ page.title }}|{{ page.lead }}|{{ page.json_ld | safe }}|{% for h in page.toc %}#{{ h.id }}{% endfor %}",
    );
    session
        .apply(&[
            site.root().join("themes/plain/templates/section.html"),
            site.root().join("themes/plain/templates/page.html"),
        ])
        .expect("template edit");
    let outputs = output_bytes(&session);
    let list = String::from_utf8_lossy(&outputs["papers/index.html"]);
    assert!(list.contains("Sparse Things=@inproceedings{"), "{list}");
    assert!(list.contains("author    = {Ada Lovelace}"), "{list}");
    assert!(list.contains("<p>We study sparse things.</p>"), "the body, once named: {list}");
    let page = String::from_utf8_lossy(&outputs["papers/p/index.html"]);
    assert!(page.contains("|We study sparse things.|"), "{page}");
    assert!(page.contains("\"@type\":\"ScholarlyArticle\""), "{page}");
    assert!(page.contains("|#method"), "{page}");
    assert_same_as_fresh(&site, &session, "template now names bibtex, content, lead, json_ld");
}
