//! Citations and profiles from the same content: BibTeX out and in, JSON Resume out and
//! in, schema.org JSON-LD and Google Scholar tags.

use crate::support::{TestSite, folio_command};

const BIB: &str = r#"@string{eccv = "European Conference on Computer Vision"}

@inproceedings{zheng2024sparse,
  title     = {Sparse-View {Subcellular} Structure Prediction: 87.5\% Less Imaging},
  author    = {Zheng, Jintu and M{\"u}ller, J{\'e}r{\^o}me and others},
  booktitle = eccv,
  year      = {2024},
  pages     = {1--10},
  doi       = {10.1000/xyz123},
  eprint    = {2401.01234},
  archiveprefix = {arXiv},
  abstract  = {We predict {FPGA}-style structures -- fast.},
}

@article{li2023journal,
  title   = {A Journal Paper on R\&D},
  author  = {Li, Ming and Zheng, Jintu},
  journal = {Journal of Things},
  year    = {2023},
  url     = {https://example.org/li.pdf},
}

@misc{chen2022preprint,
  title  = {视频对象分割},
  author = {陈明 and others},
  year   = {2022},
}
"#;

fn site_with_author() -> TestSite {
    let site = TestSite::empty();
    site.file(
        "site.toml",
        "title = \"T\"\nbase_url = \"https://me.example/\"\n[author]\nname = \"Jintu Zheng\"\nname_variants = [\"Jintu Zheng\", \"Zheng, Jintu\"]\nemail = \"me@example.org\"\n[[author.profiles]]\nkind = \"github\"\nurl = \"https://github.com/example\"\n",
    );
    site
}

fn run(site: &TestSite, args: &[&str]) -> std::process::Output {
    folio_command().args(args).current_dir(site.root()).output().expect("run folio")
}

/// Entries of a .bib as (type, key, sorted field names).
fn entries(bib: &str) -> Vec<(String, String, Vec<String>)> {
    let parsed = biblatex::RawBibliography::parse(bib).expect("the .bib parses");
    parsed
        .entries
        .iter()
        .map(|e| {
            let mut fields: Vec<String> =
                e.v.fields.iter().map(|f| f.key.v.to_ascii_lowercase()).collect();
            fields.sort();
            (e.v.kind.v.to_ascii_lowercase(), e.v.key.v.to_string(), fields)
        })
        .collect()
}

#[test]
fn bibtex_import_then_build_gives_the_same_entries() {
    let site = site_with_author();
    site.file("refs.bib", BIB);
    let out = run(&site, &["import", "bibtex", "refs.bib"]);
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let paper = std::fs::read_to_string(site.root().join("content/papers/zheng2024sparse.md"))
        .expect("paper");
    assert!(
        paper.contains(
            "title = \"Sparse-View Subcellular Structure Prediction: 87.5% Less Imaging\""
        ),
        "{paper}"
    );
    assert!(paper.contains("\"Jérôme Müller\""), "accents decoded for display: {paper}");
    assert!(paper.contains("venue = \"European Conference on Computer Vision\""), "{paper}");
    assert!(paper.contains("arxiv = \"https://arxiv.org/abs/2401.01234\""), "{paper}");
    assert!(paper.contains("doi = \"https://doi.org/10.1000/xyz123\""), "{paper}");
    assert!(
        paper.contains("We predict FPGA-style structures – fast."),
        "braces stripped, -- to an en dash: {paper}"
    );
    site.build_ok();
    let generated = site.read("papers.bib");
    let mut got = entries(&generated);
    let mut want = entries(&BIB.replace("booktitle = eccv", "booktitle = {x}"));
    got.sort();
    want.sort();
    assert_eq!(got, want, "the same types, keys and fields:\n{generated}");
    assert!(site.read("papers/zheng2024sparse.bib").contains("@inproceedings{zheng2024sparse,"));
    assert!(
        generated.contains("European Conference on Computer Vision"),
        "the @string is written out"
    );
}

#[test]
fn generated_entries_escape_and_keep_utf8() {
    let site = site_with_author();
    site.file(
        "content/papers/p.md",
        "+++\ntitle = \"Fast & {Robust}: 50% of C_n in 郑晋图's Müller-style\"\nauthors = [\"Jintu Zheng*\", \"郑晋图†\", \"others\"]\nvenue = \"ICML\"\ntype = \"conference\"\nyear = 2024\n+++\n",
    )
    .file("content/papers/q.md", "+++\ntitle = \"Under review\"\nauthors = [\"Jintu Zheng\"]\nvenue = \"ACL\"\ntype = \"conference\"\nyear = 2025\nstatus = \"under-review\"\n+++\n");
    site.build_ok();
    let bib = site.read("papers/p.bib");
    assert!(
        bib.contains(
            "title     = {{Fast \\& \\{Robust\\}: 50\\% of C\\_n in 郑晋图's Müller-style}},"
        ),
        "{bib}"
    );
    assert!(bib.contains("author    = {Jintu Zheng and 郑晋图 and others},"), "{bib}");
    assert!(bib.starts_with("@inproceedings{zheng2024fast,"), "{bib}");
    assert_eq!(entries(&bib).len(), 1, "it parses");
    let review = site.read("papers/q.bib");
    assert!(review.starts_with("@unpublished{zheng2025under,"), "{review}");
    assert!(review.contains("note   = {Under review at ACL}"), "{review}");
}

#[test]
fn bad_bibtex_is_reported_with_lines_and_the_rest_imported() {
    let site = site_with_author();
    site.file(
        "content/papers/zheng2024sparse.md",
        "+++\ntitle = \"Mine\"\nauthors = [\"A\"]\ntype = \"journal\"\nyear = 2020\n+++\nkeep me\n",
    );
    site.file("bad.bib", &format!("{BIB}\n@article{{unclosed2020,\n  title = {{Never closed,\n  year = {{2020}}\n\n@article{{notitle2021,\n  author = {{X}},\n  year = {{2021}},\n}}\n"));
    let out = run(&site, &["import", "bibtex", "bad.bib"]);
    assert_eq!(out.status.code(), Some(1));
    let stderr = String::from_utf8_lossy(&out.stderr);
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(stderr.contains("bad.bib:29: the entry `@article` is never closed"), "{stderr}");
    assert!(stderr.contains("bad.bib:33: entry `notitle2021`: it has no title"), "{stderr}");
    assert!(stdout.contains("skipped ./content/papers/zheng2024sparse.md"), "{stdout}");
    assert!(
        site.root().join("content/papers/li2023journal.md").is_file(),
        "the good entries are imported"
    );
    let kept = std::fs::read_to_string(site.root().join("content/papers/zheng2024sparse.md"))
        .expect("kept");
    assert!(kept.contains("keep me"), "an existing file is not overwritten without --force");
    let forced = run(&site, &["import", "bibtex", "bad.bib", "--force"]);
    assert_eq!(forced.status.code(), Some(1));
    assert!(
        std::fs::read_to_string(site.root().join("content/papers/zheng2024sparse.md"))
            .expect("read")
            .contains("Sparse-View")
    );
}

const RESUME: &str = r#"{
  "basics": {"name": "Ada Lovelace", "label": "Analyst", "email": "ada@example.org", "summary": "First programmer."},
  "work": [
    {"name": "Analytical Engine Co", "position": "Programmer", "startDate": "1842-09", "endDate": "1843-08", "highlights": ["Wrote note G"]},
    {"name": "Royal Society", "position": "Fellow", "startDate": "1844"}
  ],
  "education": [{"institution": "Home tutoring", "studyType": "Mathematics", "area": "Calculus", "startDate": "1830", "endDate": "1835", "score": "A"}],
  "awards": [{"title": "Honorary mention", "date": "1843-10-01", "awarder": "Society"}],
  "publications": [{"name": "Sketch of the Analytical Engine", "publisher": "Memoirs", "releaseDate": "1843-09", "url": "https://example.org/sketch.pdf"}],
  "projects": [{"name": "Note G", "description": "An algorithm.", "startDate": "1843", "roles": ["Author"], "keywords": ["algorithms"]}],
  "skills": [{"name": "Math", "keywords": ["Calculus"]}],
  "interests": [{"name": "Poetical science"}]
}"#;

#[test]
fn resume_import_then_build_carries_the_same_work_education_and_publications() {
    let site = site_with_author();
    site.file("resume.json", RESUME);
    let out = run(&site, &["import", "resume", "resume.json"]);
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    site.build_ok();
    let got: serde_json::Value = serde_json::from_str(&site.read("resume.json")).expect("JSON");
    let want: serde_json::Value = serde_json::from_str(RESUME).expect("JSON");
    let pick = |v: &serde_json::Value, list: &str, fields: &[&str]| -> Vec<Vec<String>> {
        let mut rows: Vec<Vec<String>> = v[list]
            .as_array()
            .expect("list")
            .iter()
            .map(|e| fields.iter().map(|f| e[*f].as_str().unwrap_or("").to_string()).collect())
            .collect();
        rows.sort();
        rows
    };
    for (list, fields) in [
        ("work", &["name", "position", "startDate", "endDate"][..]),
        ("education", &["institution", "studyType", "area", "startDate", "endDate", "score"][..]),
        ("publications", &["name", "publisher", "releaseDate", "url"][..]),
        ("awards", &["title", "date", "awarder"][..]),
    ] {
        assert_eq!(pick(&got, list, fields), pick(&want, list, fields), "{list}");
    }
    assert_eq!(got["work"][1]["highlights"][0], "Wrote note G");
    assert_eq!(got["basics"]["label"], "Analyst");
    assert_eq!(got["basics"]["profiles"][0]["url"], "https://github.com/example");
    assert_eq!(got["skills"][0]["keywords"][0], "Calculus");
}

#[test]
fn bad_resumes_are_reported_with_lines_and_nothing_is_written() {
    let site = site_with_author();
    site.file(
        "broken.json",
        "{\n  \"work\": [\n    {\"name\": \"A\", \"position\": \"B\",, }\n  ]\n}\n",
    );
    let out = run(&site, &["import", "resume", "broken.json"]);
    assert_eq!(out.status.code(), Some(1));
    assert!(
        String::from_utf8_lossy(&out.stderr).contains("broken.json:3: not a JSON Resume"),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    site.file(
        "missing.json",
        "{\n  \"work\": [\n    {\"name\": \"A\", \"startDate\": \"2020\"}\n  ]\n}\n",
    );
    let out = run(&site, &["import", "resume", "missing.json"]);
    assert_eq!(out.status.code(), Some(1));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stderr.contains("missing.json: /work/0: missing field `position`"), "{stderr}");
    assert!(!site.root().join("content").exists(), "nothing was written");
}

#[test]
fn json_ld_and_scholar_tags_cannot_be_broken_out_of() {
    let site = site_with_author();
    site.file(
        "content/papers/x.md",
        "+++\ntitle = \"Break </script><script>alert(1)</script> out\"\nauthors = [\"Jintu Zheng\", \"Ming Li*\"]\nvenue = \"Journal of Things\"\ntype = \"journal\"\nyear = 2024\n[links]\npdf = \"/x.pdf\"\n+++\nAbstract.\n",
    )
    .file("static/x.pdf", "%PDF")
    .file("content/_index.md", "+++\ntitle = \"Home\"\n+++\nBio\n")
    .file("content/education/phd.md", "+++\nschool = \"Some University\"\ndegree = \"PhD\"\nstart = \"2020\"\n+++\n")
    .file("content/projects/p.md", "+++\ntitle = \"Project\"\nsummary = \"What it is\"\nstart = \"2023\"\n+++\n");
    site.build_ok();
    let page = site.read("papers/x/index.html");
    let script = page
        .split("<script type=\"application/ld+json\">")
        .nth(1)
        .and_then(|s| s.split("</script>").next())
        .expect("JSON-LD");
    let value: serde_json::Value = serde_json::from_str(script).expect("valid JSON");
    assert_eq!(value["@type"], "ScholarlyArticle");
    assert_eq!(value["headline"], "Break </script><script>alert(1)</script> out");
    assert_eq!(value["isPartOf"]["name"], "Journal of Things");
    assert_eq!(value["author"][0]["name"], "Jintu Zheng");
    assert_eq!(value["author"][1]["name"], "Ming Li", "marks are not part of a name");
    assert!(
        page.contains("<meta name=\"citation_journal_title\" content=\"Journal of Things\">"),
        "{page}"
    );
    assert!(
        page.contains("<meta name=\"citation_pdf_url\" content=\"https://me.example/x.pdf\">"),
        "{page}"
    );
    assert!(page.contains("<meta name=\"citation_author\" content=\"Jintu Zheng\">"));
    let home = site.read("index.html");
    let person = home
        .split("<script type=\"application/ld+json\">")
        .nth(1)
        .and_then(|s| s.split("</script>").next())
        .expect("Person");
    let person: serde_json::Value = serde_json::from_str(person).expect("JSON");
    assert_eq!(person["@type"], "Person");
    assert_eq!(person["email"], "me@example.org");
    assert_eq!(person["sameAs"][0], "https://github.com/example");
    assert_eq!(person["alumniOf"][0]["name"], "Some University");
    let project = site.read("projects/p/index.html");
    assert!(project.contains("\"@type\":\"CreativeWork\""), "{project}");
}

#[test]
fn a_paper_with_unnamed_authors_under_review_or_described_tells_citation_indexes_nothing() {
    let site = site_with_author();
    let paper = |authors: &str, extra: &str| {
        format!(
            "+++\ntitle = \"A Paper Title\"\nauthors = {authors}\nvenue = \"ACL\"\ntype = \"conference\"\nyear = 2025\n{extra}+++\nAbstract.\n"
        )
    };
    site.file("content/papers/complete.md", &paper("[\"Jintu Zheng\", \"Ming Li\"]", ""))
        .file("content/papers/others.md", &paper("[\"Jintu Zheng\", \"others\"]", ""))
        .file("content/papers/etal.md", &paper("[\"Jintu Zheng\", \"et al.\"]", ""))
        .file(
            "content/papers/review.md",
            &paper("[\"Jintu Zheng\"]", "status = \"under-review\"\n"),
        )
        .file(
            "content/papers/described.md",
            &paper("[\"Jintu Zheng\"]", "title_is_description = true\n"),
        );
    site.build_ok();
    let complete = site.read("papers/complete/index.html");
    assert!(complete.contains("<meta name=\"citation_title\" content=\"A Paper Title\">"));
    assert!(complete.contains("\"@type\":\"ScholarlyArticle\""));
    for name in ["others", "etal", "review", "described"] {
        let page = site.read(&format!("papers/{name}/index.html"));
        assert!(!page.contains("citation_"), "{name}: no Scholar tags");
        assert!(!page.contains("ScholarlyArticle"), "{name}: no ScholarlyArticle");
    }
    let review = site.read("papers/review/index.html");
    assert!(
        review.contains("<span class=\"venue\">ACL</span>"),
        "no year for a paper under review: {review}"
    );
    let review_bib = site.read("papers/review.bib");
    assert!(review_bib.starts_with("@unpublished{"), "{review_bib}");
    assert!(review_bib.contains("note   = {Under review at ACL}"), "{review_bib}");
    let described = site.read("papers/described/index.html");
    assert!(described.contains("class=\"pill desc\""), "the title is marked as a description");
    assert!(!site.has("papers/described.bib"), "no citation for a paper without its title");
    assert!(!described.contains("class=\"cite\""), "and no Cite box");
    assert!(!site.read("papers.bib").contains("/papers/described/"));
    let resume: serde_json::Value =
        serde_json::from_str(&site.read("resume.json")).expect("resume.json");
    let publications = resume["publications"].as_array().expect("publications");
    let described = publications
        .iter()
        .find(|p| p["url"].as_str().is_some_and(|u| u.contains("/papers/described/")))
        .expect("the described paper is listed");
    assert!(described.get("name").is_none(), "a description is not a name: {described}");
    let complete = publications
        .iter()
        .find(|p| p["url"].as_str().is_some_and(|u| u.contains("/papers/complete/")))
        .expect("the complete paper is listed");
    assert_eq!(complete["name"], "A Paper Title");
}
