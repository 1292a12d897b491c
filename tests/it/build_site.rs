//! What `folio build` makes of small sites: URLs, languages, order, links, outputs.

use crate::support::{TestSite, paper, snapshot};

#[test]
fn pages_get_urls_per_language_and_know_their_translations() {
    let site = TestSite::new();
    site.file("content/papers/sparse.md", &paper("稀疏视图", 2024, ""))
        .file("content/papers/sparse.en.md", &paper("Sparse view", 2024, ""))
        .file("content/about.md", "+++\ntitle = \"关于\"\n+++\n你好\n")
        .file("content/_index.md", "+++\ntitle = \"首页\"\n+++\nbio\n")
        .file("content/_index.en.md", "+++\ntitle = \"Home\"\n+++\nbio\n");
    site.build_ok();

    let zh = site.read("papers/sparse/index.html");
    assert!(zh.starts_with("PAPER 稀疏视图"), "{zh}");
    assert!(zh.contains("T:en=/en/papers/sparse/"), "zh page links to English: {zh}");
    let en = site.read("en/papers/sparse/index.html");
    assert!(en.contains("T:zh=/papers/sparse/"), "English page links back: {en}");
    assert!(site.read("about/index.html").starts_with("PAGE page 关于"));
    assert!(!site.has("en/about/index.html"), "no English about page without about.en.md");
    assert!(site.read("index.html").contains("T:en=/en/"));
    assert!(site.read("en/index.html").starts_with("HOME en Home"));
    assert!(site.read("en/papers/index.html").contains("T:zh=/papers/"));
}

#[test]
fn paper_authors_carry_highlighting_data() {
    let site = TestSite::new();
    site.file(
        "content/papers/a.md",
        "+++\ntitle = \"A\"\nauthors = [\"Ming Li*\", \"J. Zheng* †\", \"others\"]\ntype = \"journal\"\nyear = 2023\n+++\n",
    );
    site.build_ok();
    let page = site.read("papers/a/index.html");
    assert!(page.contains("A:Ming Li,me=false,eq=true,corr=false,others=false;"), "{page}");
    assert!(page.contains("A:J. Zheng,me=true,eq=true,corr=true,others=false;"), "{page}");
    assert!(page.contains("A:others,me=false,eq=false,corr=false,others=true;"), "{page}");
    assert!(page.contains("first=true"), "co-first (both marked *) counts as first author");
    site.file(
        "content/papers/a.md",
        "+++\ntitle = \"A\"\nauthors = [\"Ming Li\", \"J. Zheng\"]\ntype = \"journal\"\nyear = 2023\n+++\n",
    );
    site.build_ok();
    assert!(site.read("papers/a/index.html").contains("first=false"));
}

#[test]
fn collections_are_sorted_as_a_cv_reads() {
    let site = TestSite::new();
    site.file(
        "content/jobs/old.md",
        "+++\norganization = \"A\"\nrole = \"R\"\nstart = \"2020-01\"\nend = \"2021-06\"\n+++\n",
    )
    .file(
        "content/jobs/new.md",
        "+++\norganization = \"B\"\nrole = \"R\"\nstart = \"2024-10\"\nend = \"present\"\n+++\n",
    )
    .file(
        "content/jobs/mid.md",
        "+++\norganization = \"C\"\nrole = \"R\"\nstart = \"2022\"\nend = \"2023\"\n+++\n",
    )
    .file("content/papers/p2022.md", &paper("P2022", 2022, ""))
    .file("content/papers/p2024b.md", &paper("P2024b", 2024, "weight = 2\n"))
    .file("content/papers/p2024a.md", &paper("P2024a", 2024, "weight = 1\n"))
    .file(
        "content/projects/heavy.md",
        "+++\ntitle = \"Heavy\"\nweight = 9\nstart = \"2024\"\n+++\n",
    )
    .file(
        "content/projects/light-old.md",
        "+++\ntitle = \"Light old\"\nweight = 1\nstart = \"2019\"\n+++\n",
    )
    .file(
        "content/projects/light-new.md",
        "+++\ntitle = \"Light new\"\nweight = 1\nstart = \"2023\"\n+++\n",
    )
    .file("content/posts/b.md", "+++\ntitle = \"B\"\ndate = 2024-03-01\n+++\n")
    .file("content/posts/a.md", "+++\ntitle = \"A\"\ndate = 2024-05-01\n+++\n")
    .file("content/posts/c.md", "+++\ntitle = \"C\"\ndate = \"2023\"\n+++\n");
    site.build_ok();
    assert!(site.read("jobs/index.html").contains("|new,mid,old,|"));
    assert!(site.read("papers/index.html").contains("|p2024a,p2024b,p2022,|"));
    assert!(site.read("projects/index.html").contains("|light-new,light-old,heavy,|"));
    assert!(site.read("posts/index.html").contains("|a,b,c,|"));
}

#[test]
fn papers_are_grouped_by_year_and_type() {
    let site = TestSite::new();
    site.file(
        "templates/index.html",
        "{% for g in collections.papers_by_type %}{{ g.type }}:{% for p in g.items %}{{ p.slug }},{% endfor %};{% endfor %}|{% for g in collections.papers_by_year %}{{ g.year }}:{{ g.items | length }};{% endfor %}",
    )
    .file("content/papers/j.md", &paper("J", 2023, "").replace("conference", "journal"))
    .file("content/papers/c1.md", &paper("C1", 2024, ""))
    .file("content/papers/c2.md", &paper("C2", 2023, ""));
    site.build_ok();
    let home = site.read("index.html");
    assert!(home.contains("conference:c1,c2,;journal:j,;"), "{home}");
    assert!(home.contains("|2024:1;2023:2;"), "{home}");
}

#[test]
fn internal_links_resolve_to_the_current_language() {
    let site = TestSite::new();
    site.file("content/papers/x.md", &paper("X", 2024, ""))
        .file("content/papers/x.en.md", &paper("X en", 2024, ""))
        .file("content/about.md", "+++\ntitle = \"关于\"\n+++\n见 [论文](@/papers/x.md#abstract) 和 [列表](@/papers/_index.md)\n")
        .file("content/about.en.md", "+++\ntitle = \"About\"\n+++\nSee [the paper](@/papers/x.md) and [home](@/_index.md)\n");
    site.build_ok();
    let zh = site.read("about/index.html");
    assert!(zh.contains("href=\"/papers/x/#abstract\""), "{zh}");
    assert!(zh.contains("href=\"/papers/\""), "{zh}");
    let en = site.read("en/about/index.html");
    assert!(en.contains("href=\"/en/papers/x/\""), "{en}");
    assert!(en.contains("href=\"/en/\""), "{en}");
}

#[test]
fn sitemap_feed_robots_and_404() {
    let site = TestSite::new();
    site.file("content/posts/hello.md", "+++\ntitle = \"你好 & 再见\"\ndate = 2024-05-01\ndescription = \"d\"\n+++\nBody <b>x</b>\n")
        .file("content/posts/hello.en.md", "+++\ntitle = \"Hello\"\ndate = 2024-05-01\n+++\nBody\n");
    site.build_ok();
    let sitemap = site.read("sitemap.xml");
    assert!(sitemap.contains("<loc>https://example.org/posts/hello/</loc>"), "{sitemap}");
    assert!(sitemap.contains("<lastmod>2024-05-01</lastmod>"));
    assert!(sitemap.contains("hreflang=\"en\" href=\"https://example.org/en/posts/hello/\""));
    assert!(sitemap.contains("<loc>https://example.org/en/</loc>"));
    assert!(!sitemap.contains("404"));
    let feed = site.read("atom.xml");
    assert!(feed.contains("<title>你好 &amp; 再见</title>"), "{feed}");
    assert!(feed.contains("<updated>2024-05-01T00:00:00Z</updated>"));
    assert!(feed.contains("Body &lt;b&gt;x&lt;/b&gt;"));
    assert!(site.read("en/atom.xml").contains("<title>Hello</title>"));
    assert!(feed.contains("<published>2024-05-01T00:00:00Z</published>"), "a full date: {feed}");
    assert!(site.read("robots.txt").contains("Sitemap: https://example.org/sitemap.xml"));
    assert_eq!(site.read("404.html"), "404 zh");
    assert_eq!(site.read("en/404.html"), "404 en");
}

#[test]
fn tags_pages_list_their_items() {
    let site = TestSite::new();
    site.file(
        "content/posts/a.md",
        "+++\ntitle = \"A\"\ndate = 2024-01-01\ntags = [\"BEV 感知\", \"CUDA\"]\n+++\n",
    )
    .file("content/posts/b.md", "+++\ntitle = \"B\"\ndate = 2024-02-01\ntags = [\"CUDA\"]\n+++\n");
    site.build_ok();
    assert_eq!(site.read("tags/cuda/index.html"), "TAG CUDA|b,a,");
    assert!(site.read("tags/bev-gan-zhi/index.html").contains("a,"));
    assert!(site.read("tags/index.html").contains("CUDA=2"));
}

#[test]
fn chinese_file_names_give_readable_distinct_slugs() {
    let site = TestSite::new();
    site.file("content/posts/视频分割.md", "+++\ntitle = \"a\"\ndate = 2024\n+++\n")
        .file("content/posts/视频跟踪.md", "+++\ntitle = \"b\"\ndate = 2024\n+++\n");
    site.build_ok();
    assert!(site.has("posts/shi-pin-fen-ge/index.html"));
    assert!(site.has("posts/shi-pin-gen-zong/index.html"));
}

#[test]
fn yaml_front_matter_is_read_like_toml() {
    let site = TestSite::new();
    site.file("content/papers/y.md", "---\ntitle: From Jekyll\nauthors: [Jintu Zheng, others]\ntype: journal\nyear: 2021\nlinks:\n  pdf: https://example.org/y.pdf\n---\nBody\n");
    site.build_ok();
    assert!(site.read("papers/y/index.html").contains("PAPER From Jekyll|first=true"));
}

#[test]
fn drafts_only_with_the_flag() {
    let site = TestSite::new();
    site.file("content/posts/wip.md", "+++\ntitle = \"WIP\"\ndate = 2024\ndraft = true\n+++\n");
    site.build_ok();
    assert!(!site.has("posts/wip/index.html"));
    folio::build(&folio::BuildOptions { drafts: true, ..site.options() })
        .expect("build with drafts");
    assert!(site.has("posts/wip/index.html"));
}

#[test]
fn aliases_write_redirects_and_slug_overrides_file_name() {
    let site = TestSite::new();
    site.file(
        "content/posts/long-file-name.md",
        "+++\ntitle = \"A\"\ndate = 2024\nslug = \"short\"\naliases = [\"/old/place/\"]\n+++\n",
    );
    site.build_ok();
    assert!(site.has("posts/short/index.html"));
    let redirect = site.read("old/place/index.html");
    assert!(redirect.contains("url=/posts/short/"), "{redirect}");
    assert!(redirect.contains("rel=\"canonical\" href=\"https://example.org/posts/short/\""));
}

#[test]
fn sections_paginate_when_asked() {
    let site = TestSite::new();
    let config = format!("{}\n[sections.posts]\npaginate = 2\n", crate::support::BILINGUAL_CONFIG);
    site.file("site.toml", &config);
    for day in 1..=5 {
        site.file(
            &format!("content/posts/p{day}.md"),
            &format!("+++\ntitle = \"P{day}\"\ndate = 2024-01-0{day}\n+++\n"),
        );
    }
    site.build_ok();
    assert!(site.read("posts/index.html").contains("p1/3|p5,p4,|"));
    assert!(site.read("posts/page/2/index.html").contains("p2/3|p3,p2,|"));
    assert!(site.read("posts/page/3/index.html").contains("p3/3|p1,|"));
}

#[test]
fn a_base_url_with_a_path_prefixes_every_link() {
    let site = TestSite::new();
    site.file(
        "site.toml",
        &crate::support::BILINGUAL_CONFIG
            .replace("https://example.org/", "https://me.github.io/site"),
    )
    .file("content/papers/x.md", &paper("X", 2024, ""))
    .file("content/papers/x.en.md", &paper("X", 2024, ""));
    site.build_ok();
    assert!(site.read("papers/x/index.html").contains("T:en=/site/en/papers/x/"));
    assert!(site.read("sitemap.xml").contains("<loc>https://me.github.io/site/papers/x/</loc>"));
}

#[test]
fn static_and_theme_files_are_copied_site_first() {
    let site = TestSite::new();
    site.file("static/cv.pdf", "%PDF")
        .file("static/img/a.svg", "<svg/>")
        .file("content/papers/fig.png", "PNG");
    site.build_ok();
    assert_eq!(site.read("cv.pdf"), "%PDF");
    assert_eq!(site.read("img/a.svg"), "<svg/>");
    assert_eq!(site.read("papers/fig.png"), "PNG");
}

#[test]
fn builds_are_deterministic() {
    let site = TestSite::new();
    site.file("content/papers/a.md", &paper("A", 2024, "tags = [\"x\", \"y\"]\n"))
        .file("content/papers/a.en.md", &paper("A", 2024, "tags = [\"x\"]\n"))
        .file("content/posts/p.md", "+++\ntitle = \"P\"\ndate = 2024-01-01\ntags = [\"y\"]\n+++\n");
    site.build_ok();
    let first = snapshot(&site.public());
    let other = site.root().join("public2");
    folio::build(&folio::BuildOptions { output: Some(other.clone()), ..site.options() })
        .expect("second build");
    assert_eq!(first, snapshot(&other));
}

#[test]
fn a_rebuild_updates_in_place_and_removes_stale_files() {
    let site = TestSite::new();
    site.file("content/posts/keep.md", "+++\ntitle = \"Keep\"\ndate = 2024\n+++\n")
        .file("content/posts/gone.md", "+++\ntitle = \"Gone\"\ndate = 2024\n+++\n");
    let first = site.build_ok();
    assert_eq!(first.write.unchanged, 0);
    std::fs::write(site.public().join(".nojekyll"), "").expect("dotfile");
    let kept = site.public().join("posts/keep/index.html");
    let modified = std::fs::metadata(&kept).and_then(|m| m.modified()).expect("mtime");

    site.remove("content/posts/gone.md");
    let second = site.build_ok();
    assert!(!site.has("posts/gone/index.html"));
    assert!(!site.public().join("posts/gone").exists(), "emptied folders go too");
    assert!(second.write.removed >= 1);
    assert_eq!(
        std::fs::metadata(&kept).and_then(|m| m.modified()).expect("mtime"),
        modified,
        "unchanged file not rewritten"
    );
    assert!(site.public().join(".nojekyll").exists(), "hidden top-level files are kept");

    let third = site.build_ok();
    assert_eq!(third.write.written, 0, "an unchanged site writes nothing");
}

#[test]
fn a_failed_build_leaves_the_previous_output_byte_for_byte() {
    let site = TestSite::new();
    site.file("content/posts/a.md", "+++\ntitle = \"A\"\ndate = 2024\n+++\n");
    site.build_ok();
    let before = snapshot(&site.public());
    site.file("content/posts/a.md", "+++\ntitle = \"A changed\"\ndate = 2024\n+++\n")
        .file("content/posts/b.md", "+++\ntitle = 5\n+++\n");
    site.build_err();
    assert_eq!(before, snapshot(&site.public()));
}

#[test]
fn a_site_without_a_theme_folder_uses_the_built_in_theme() {
    let site = TestSite::empty();
    site.file("site.toml", "title = \"Solo\"\nbase_url = \"https://solo.example/\"\n")
        .file("content/posts/p.md", "+++\ntitle = \"Post\"\ndate = 2024-02-03\n+++\nHello\n");
    site.build_ok();
    let page = site.read("posts/p/index.html");
    assert!(page.contains("<!DOCTYPE html>") || page.contains("<!doctype html>"), "{page}");
    assert!(page.contains("Hello"));
    assert!(site.has("index.html") && site.has("404.html"));
}

#[test]
fn site_templates_override_the_theme_file_by_file() {
    let site = TestSite::empty();
    site.file("site.toml", "title = \"Solo\"\nbase_url = \"https://solo.example/\"\n")
        .file("templates/post.html", "MINE {{ page.title }}")
        .file("content/posts/p.md", "+++\ntitle = \"Post\"\ndate = 2024\n+++\n");
    site.build_ok();
    assert_eq!(site.read("posts/p/index.html"), "MINE Post");
    assert!(site.read("index.html").contains("<html"), "other pages still use the theme");
}

#[test]
fn an_unchanged_site_is_not_rebuilt_but_any_change_is_noticed() {
    let site = TestSite::new();
    site.file("content/posts/a.md", "+++\ntitle = \"A\"\ndate = 2024\n+++\nOne\n");
    let first = site.build_ok();
    assert!(first.write.written > 0);
    let second = site.build_ok();
    assert_eq!((second.write.written, second.write.unchanged), (0, first.files), "nothing to do");
    assert_eq!(second.pages_by_language, first.pages_by_language, "the summary is the same");

    std::thread::sleep(std::time::Duration::from_millis(20));
    site.file("content/posts/a.md", "+++\ntitle = \"A\"\ndate = 2024\n+++\nTwo\n");
    let third = site.build_ok();
    assert!(third.write.written >= 1, "an edited file is rebuilt");
    assert!(site.read("posts/a/index.html").contains("Two"));

    std::fs::remove_file(site.public().join("posts/a/index.html")).expect("remove");
    let fourth = site.build_ok();
    assert!(fourth.write.written >= 1, "a deleted output page is written again");
    assert!(site.has("posts/a/index.html"));
}

/// With search and feeds off, a page's body is rendered by the page's own
/// render job (nothing else shows it); the page must come out exactly as when the body is
/// rendered with the rest of the site.
#[test]
fn a_body_rendered_with_its_page_gives_the_same_page() {
    let page = "+++\ntitle = \"About\"\n+++\n\nFirst *paragraph* with [a paper](@/papers/p.md).\n\n## Method\n\nText.\n\n## Method\n\nAgain.\n";
    let build = |outputs: &str| {
        let site = TestSite::new();
        site.file("site.toml", &format!("{}\n{outputs}", crate::support::BILINGUAL_CONFIG))
            .file(
                "templates/page.html",
                "{{ page.content | safe }}|{% for h in page.toc %}{{ h.id }},{% endfor %}|{{ page.lead }}",
            )
            .file("content/papers/p.md", &paper("P", 2024, ""))
            .file("content/about.md", page)
            .file("content/projects/tool.md", &page.replace("About", "Tool"));
        site.build_ok();
        // Which bodies a build leaves to their pages (their HTML is not held by the model).
        let prepared =
            folio::build::prepare::prepare(&site.options(), folio::build::prepare::Purpose::Build)
                .expect("prepare");
        let mut late: Vec<&str> = prepared
            .site
            .items
            .iter()
            .filter(|item| item.body_deferred && item.rendered.html.is_empty())
            .map(|item| item.doc.content_path.as_str())
            .collect();
        late.sort();
        assert!(late.iter().all(|path| path.ends_with("about.md") || path.contains("projects/")));
        let pages = (site.read("about/index.html"), site.read("projects/tool/index.html"));
        (pages, late.len())
    };
    let (early, deferred) = build("[outputs]\nsearch = true\nresume = true\n");
    assert_eq!(deferred, 0, "the search index shows every body");
    let (late, deferred) = build("[outputs]\nsearch = false\nresume = false\n");
    assert_eq!(deferred, 2, "the about page and the project");
    assert_eq!(early, late);
    let (about, _) = late;
    assert!(about.contains("<a href=\"/papers/p/\">a paper</a>"), "{about}");
    assert!(about.contains("|method,method-1,|First paragraph with a paper."), "{about}");
}

/// A build into an empty folder fingerprints its inputs while it reads them; it keeps that
/// fingerprint for the next build only if no input changed shortly before or during it (a
/// file edited mid-build could otherwise make the next build skip wrongly).
#[test]
fn a_fingerprint_taken_during_a_build_is_kept_only_for_inputs_older_than_it() {
    let site = TestSite::new();
    site.file("content/posts/a.md", "+++\ntitle = \"A\"\ndate = 2024\n+++\nOne\n");
    let states = || {
        std::fs::read_dir(site.root().join(folio::CACHE_DIR))
            .map(|entries| {
                entries
                    .flatten()
                    .filter(|e| e.file_name().to_string_lossy().starts_with("build-"))
                    .count()
            })
            .unwrap_or(0)
    };
    site.build_ok();
    assert_eq!(states(), 0, "inputs written just now are not trusted");

    let a_minute_ago = std::time::SystemTime::now() - std::time::Duration::from_secs(60);
    for entry in walkdir::WalkDir::new(site.root()).into_iter().flatten() {
        if entry.file_type().is_file() {
            let file = std::fs::File::options().write(true).open(entry.path()).expect("open");
            file.set_modified(a_minute_ago).expect("set time");
        }
    }
    std::fs::remove_dir_all(site.public()).expect("remove output");
    site.build_ok();
    assert_eq!(states(), 1, "older inputs are fingerprinted for the next build");
    let again = site.build_ok();
    assert_eq!(again.write.written, 0);
    assert!(site.read("posts/a/index.html").contains("One"));
}

/// Template maps keep one order on every build (Tera's ordered maps): `extra` by key name.
#[test]
fn looping_over_a_map_in_a_template_goes_in_a_fixed_order() {
    let site = TestSite::new();
    site.file(
        "templates/page.html",
        "{% for key, value in page.extra %}{{ key }}={{ value }},{% endfor %}",
    )
    .file(
        "content/about.md",
        "+++\ntitle = \"About\"\n[extra]\nzeta = 1\nalpha = 2\nmid = 3\nbeta = 4\n+++\n",
    );
    site.build_ok();
    assert_eq!(site.read("about/index.html"), "alpha=2,beta=4,mid=3,zeta=1,");
}

#[test]
fn item_pages_that_read_collections_see_every_item_and_the_others_render_too() {
    // Posts render before the other items' summaries exist; projects read `collections`
    // and so render after all of them: both must come out whole.
    let site = TestSite::new();
    site.file(
        "templates/project.html",
        "PROJECT {{ page.title }}|{% for p in collections.posts %}{{ p.slug }},{% endfor %}|{{ page.content | safe }}",
    )
    .file("content/_index.md", "+++\ntitle = \"首页\"\n+++\nbio\n")
    .file("content/posts/one.md", "+++\ntitle = \"One\"\ndate = 2024-01-02\n+++\nFirst *body*.\n")
    .file("content/posts/two.md", "+++\ntitle = \"Two\"\ndate = 2024-01-03\n+++\nSecond body.\n")
    .file("content/projects/tool.md", "+++\ntitle = \"Tool\"\n+++\nTool *body*.\n");
    site.build_ok();

    let post = site.read("posts/one/index.html");
    assert!(post.starts_with("PAGE post One"), "{post}");
    assert!(post.contains("First <em>body</em>."), "the post's own body: {post}");
    let project = site.read("projects/tool/index.html");
    assert!(project.starts_with("PROJECT Tool|two,one,|"), "every post, newest first: {project}");
    assert!(project.contains("Tool <em>body</em>."), "the project's own body: {project}");
    assert!(site.read("posts/index.html").contains("two,one,"), "the list has both posts");
}

/// A theme whose lists never show a paper's or a job's body (only `page.content`): those
/// bodies are rendered with their own pages, and must come out as whole and as strictly
/// checked as when lists carry them.
#[test]
fn cv_bodies_that_no_list_shows_are_still_on_their_pages_and_checked() {
    let site = TestSite::empty();
    site.file(
        "site.toml",
        "title = \"Plain\"\nbase_url = \"https://example.org/\"\ntheme = \"plain\"\n\
         [outputs]\nsearch = false\nresume = false\n",
    )
    .file("themes/plain/theme.toml", "name = \"plain\"\n")
    .file("themes/plain/templates/index.html", "{% block content %}home{% endblock content %}")
    .file("themes/plain/templates/section.html", "{% for p in section.items %}{{ p.title }};{% endfor %}")
    .file("themes/plain/templates/page.html", "<div class=\"content\">{{ page.content | safe }}</div>")
    .file(
        "content/papers/p.md",
        "+++\ntitle = \"Sparse\"\nauthors = [\"A B\"]\ntype = \"conference\"\nyear = 2024\n+++\nWe study *sparse* things.\n",
    )
    .file(
        "content/jobs/lab.md",
        "+++\nrole = \"Researcher\"\norganization = \"Lab\"\nstart = 2020-01-01\n+++\nBuilt **tools**.\n",
    );
    site.build_ok();
    assert!(site.read("papers/p/index.html").contains("We study <em>sparse</em> things."));
    assert!(site.read("jobs/lab/index.html").contains("Built <strong>tools</strong>."));
    assert_eq!(site.read("papers/index.html"), "Sparse;");

    site.file("content/jobs/lab.md", "+++\nrole = \"R\"\norganization = \"Lab\"\nstart = 2020-01-01\n+++\n\nSee [x](@/nowhere.md).\n");
    let err = site.build_err();
    assert!(err.contains("content/jobs/lab.md:7: link to `@/nowhere.md`"), "{err}");

    // A list that names `p.content` shows the body again.
    site.file(
        "content/jobs/lab.md",
        "+++\nrole = \"R\"\norganization = \"Lab\"\nstart = 2020-01-01\n+++\nBuilt **tools**.\n",
    )
    .file(
        "themes/plain/templates/section.html",
        "{% for p in section.items %}{{ p.content | safe }}{% endfor %}",
    );
    site.build_ok();
    assert!(site.read("jobs/index.html").contains("Built <strong>tools</strong>."));
}

#[test]
fn a_feed_entry_dated_to_the_year_claims_no_day_of_publication() {
    let site = TestSite::new();
    site.file("content/posts/_index.md", "+++\ntitle = \"News\"\n+++\n")
        .file("content/posts/year.md", "+++\ntitle = \"Year only\"\ndate = \"2023\"\n+++\nBody\n");
    site.build_ok();
    let feed = site.read("atom.xml");
    let entry = feed.split("<entry").nth(1).expect("an entry");
    assert!(!entry.contains("<published>"), "{entry}");
    assert!(entry.contains("<updated>2023-01-01T00:00:00Z</updated>"), "{entry}");
}

#[test]
fn llms_txt_can_be_turned_off() {
    let site = TestSite::new();
    site.file("content/posts/a.md", "+++\ntitle = \"A\"\ndate = 2024-05-01\n+++\n");
    site.build_ok();
    assert!(site.read("llms.txt").contains("- [A](https://example.org/posts/a/): 2024"));
    let config = std::fs::read_to_string(site.root().join("site.toml")).expect("site.toml");
    site.file("site.toml", &format!("{config}\n[outputs]\nllms = false\n"));
    site.build_ok();
    assert!(!site.has("llms.txt"), "off when [outputs] llms = false");
}
