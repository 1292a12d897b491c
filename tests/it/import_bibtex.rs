//! `folio import bibtex` loses nothing a homepage shows: al-folio's own `papers.bib` and
//! entries written to be awkward (LaTeX, Chinese names, macros, crossref, arXiv, DOIs as
//! URLs), imported, built, and read back as a visitor and a citation manager would.

use crate::support::TestSite;

fn stdout(out: &std::process::Output) -> String {
    String::from_utf8_lossy(&out.stdout).into_owned()
}

fn stderr(out: &std::process::Output) -> String {
    String::from_utf8_lossy(&out.stderr).into_owned()
}

/// A one-language site with the default theme.
fn site() -> TestSite {
    let site = TestSite::empty();
    site.file(
        "site.toml",
        "title = \"T\"\nbase_url = \"https://me.example/\"\n[author]\nname = \"Jintu Zheng\"\nemail = \"me@example.org\"\n",
    );
    site
}

fn al_folio() -> String {
    std::fs::read_to_string(
        crate::support::repository().join("../shared/import/al-folio-papers.bib"),
    )
    .expect("the al-folio fixture")
}

#[test]
fn al_folio_s_papers_keep_every_link_flag_and_picture() {
    let site = site();
    site.file("papers.bib", &al_folio());
    let out = site.run(&["import", "bibtex", "papers.bib"]);
    assert!(out.status.success(), "{}{}", stdout(&out), stderr(&out));
    let report = stdout(&out);
    assert!(
        report.contains("copy example_pdf.pdf (al-folio kept it as assets/pdf/example_pdf.pdf) into content/papers/ (`pdf`"),
        "the report says which file goes where: {report}"
    );
    assert!(
        report.contains("google_scholar_id") && report.contains("kept under [extra]"),
        "{report}"
    );
    let paper = std::fs::read_to_string(site.root().join("content/papers/physrev-47-777new.md"))
        .expect("the paper");
    for expected in [
        "authors = [\"A. Einstein*†\", \"B. Podolsky*\", \"N. Rosen*\"]",
        "abbr = \"PhysRev\"",
        "month = 5",
        "featured = true",
        "doi = \"https://doi.org/10.1103/PhysRev.47.777\"",
        "html = \"https://journals.aps.org/pr/abstract/10.1103/PhysRev.47.777\"",
        "pdf = \"example_pdf.pdf\"",
        "supp = \"example_pdf.pdf\"",
        "video = \"https://www.youtube-nocookie.com/embed/aqz-KE-bpKQ\"",
        "annotation = ",
        "google_scholar_id = \"qyhmnyLat1gC\"",
    ] {
        assert!(paper.contains(expected), "{expected} in\n{paper}");
    }
    let book =
        std::fs::read_to_string(site.root().join("content/papers/einstein1956investigations.md"))
            .expect("book");
    assert!(book.contains("type = \"book\""), "a @book is a book, not a preprint: {book}");
    assert!(book.contains("image = \"brownian-motion.gif\""), "{book}");
    assert!(book.contains("venue = \"Courier Corporation\""), "{book}");
    let abstracted = std::fs::read_to_string(site.root().join("content/papers/physrev-47-777.md"))
        .expect("paper");
    assert!(abstracted.contains("\n+++\nIn a complete theory there is an element"), "{abstracted}");
    assert!(abstracted.contains("venue = \"Phys. Rev.\""), "{abstracted}");

    // Before the files are copied, the build says which picture is missing.
    assert!(site.build_err().contains("brownian-motion.gif"));
    for file in ["brownian-motion.gif", "wave-mechanics.gif", "example_pdf.pdf", "relativity.html"]
    {
        let bytes: Vec<u8> = if file.ends_with(".gif") {
            crate::support::png(8, 8)
        } else {
            b"%PDF-1.4 test".to_vec()
        };
        site.bytes(&format!("content/papers/{file}"), &bytes);
    }
    site.build_ok();
    let page = site.read("papers/physrev-47-777new/index.html");
    assert!(page.contains("href=\"/papers/example_pdf.pdf\""), "{page}");
    assert!(site.has("papers/example_pdf.pdf"), "the PDF is published");
    let list = site.read("papers/index.html");
    assert!(list.contains("href=\"/papers/example_pdf.pdf\""), "lists link the file too");
    assert!(list.contains("<span class=\"pill abbr\">PhysRev</span>"), "{list}");
    let published = site.read("papers.bib");
    let entry = published
        .split("\n@")
        .find(|e| e.contains("PhysRev.47.777new"))
        .expect("the entry is published");
    assert!(entry.contains("author={Einstein, A. and Podolsky, B. and Rosen, N.}"), "{entry}");
    for site_only in
        ["selected", "abbr", "preview", "google_scholar_id", "altmetric", "pdf=", "bibtex_show"]
    {
        assert!(!entry.contains(site_only), "{site_only} left out of\n{entry}");
    }
    assert!(entry.contains("doi={10.1103/PhysRev.47.777}"), "{entry}");
}

const TRICKY: &str = r#"
@string{eccv = "European Conference on Computer Vision"}
@preamble{"\newcommand{\noopsort}[1]{}"}
@comment{An old note that is not an entry.}

@inproceedings{garcia2024,
  title = {On \emph{Fast} {BERT}~Models: an $\alpha$-approximation},
  author = {Garc{\'\i}a, Jos{\'e} and M{\"u}ller, J{\"o}rg and {\L}ukasz, Anna and Fran\c{c}ois~Dupont},
  booktitle = eccv # " (ECCV)",
  year = 2024,
  month = apr,
  doi = {https://doi.org/10.1000/a--b_c},
  abstract = {We \textbf{prove} it with \emph{style} in $O(n^2)$ time.},
}

@article{zheng2023,
  title = {稀疏视角下的亚细胞结构预测},
  author = {郑, 晋图 and Li, Ming},
  journal = {arXiv preprint arXiv:2301.01234},
  year = {2023},
  month = april,
}

@misc{eprinted,
  title = {A Preprint},
  author = {Smith, Ann},
  eprint = {2402.05678},
  archivePrefix = {arXiv},
  year = {2024},
  doi = {doi:10.48550/arXiv.2402.05678},
}

@proceedings{conf2022,
  title = {Proceedings of the Fortieth Conference},
  editor = {Editor, Ed},
  year = {2022},
  publisher = {PMLR},
}

@inproceedings{child2022,
  title = {A Child Paper},
  author = {Doe, Jane},
  crossref = {conf2022},
}

@article{broken,
  title = {Broken entry
  author = {Nobody},

@article{survivor,
  title = {After the Broken One},
  author = {Last, First},
  journal = unknownmacro,
  year = {2021},
  year = {2020},
}
"#;

#[test]
fn awkward_entries_are_read_as_bibtex_reads_them() {
    let site = site();
    site.file("refs.bib", TRICKY);
    let out = site.run(&["import", "bibtex", "refs.bib"]);
    let report = format!("{}{}", stdout(&out), stderr(&out));
    assert_eq!(out.status.code(), Some(1), "one entry could not be read: {report}");
    assert!(report.contains("refs.bib:"), "{report}");
    assert!(report.contains("unknownmacro"), "a warning names the unknown macro: {report}");
    assert!(report.contains("`year` twice"), "{report}");
    assert!(report.contains("crossref parent"), "{report}");
    let read = |name: &str| {
        std::fs::read_to_string(site.root().join("content/papers").join(name))
            .unwrap_or_else(|_| panic!("{name} was written: {report}"))
    };
    let garcia = read("garcia2024.md");
    for expected in [
        "title = 'On Fast BERT Models: an $\\alpha$-approximation'",
        "\"José García\"",
        "\"Jörg Müller\"",
        "\"Anna Łukasz\"",
        "\"François Dupont\"",
        "venue = \"European Conference on Computer Vision (ECCV)\"",
        "month = 4",
        "doi = \"https://doi.org/10.1000/a--b_c\"",
    ] {
        assert!(garcia.contains(expected), "{expected} in\n{garcia}");
    }
    assert!(garcia.contains("We **prove** it with *style* in $O(n^2)$ time."), "{garcia}");
    let zheng = read("zheng2023.md");
    assert!(zheng.contains("authors = [\"郑晋图\", \"Ming Li\"]"), "{zheng}");
    assert!(zheng.contains("type = \"preprint\""), "an arXiv 'journal' is a preprint: {zheng}");
    assert!(zheng.contains("arxiv = \"https://arxiv.org/abs/2301.01234\""), "{zheng}");
    assert!(zheng.contains("month = 4"), "{zheng}");
    let eprinted = read("eprinted.md");
    assert!(eprinted.contains("type = \"preprint\""), "{eprinted}");
    assert!(eprinted.contains("arxiv = \"https://arxiv.org/abs/2402.05678\""), "{eprinted}");
    assert!(eprinted.contains("doi = \"https://doi.org/10.48550/arXiv.2402.05678\""), "{eprinted}");
    let child = read("child2022.md");
    assert!(child.contains("year = 2022"), "the year comes from the crossref parent: {child}");
    assert!(child.contains("venue = \"Proceedings of the Fortieth Conference\""), "{child}");
    assert!(!site.root().join("content/papers/conf2022.md").exists());
    let survivor = read("survivor.md");
    assert!(survivor.contains("year = 2021"), "{survivor}");

    site.build_ok();
    let page = site.read("papers/garcia2024/index.html");
    assert!(page.contains("José García"), "names are shown decoded");
    assert!(!page.contains("\\́"), "no stray accent marks");
    assert!(page.contains("content=\"José García\"") || page.contains("José García"));
}

#[test]
fn published_entries_keep_the_work_and_drop_the_marks() {
    let site = site();
    site.file(
        "refs.bib",
        "@inproceedings{marked,\n  title = {Marked},\n  author = {Zheng*, Jintu and Li\\dag, Ming},\n  booktitle = {ICML},\n  year = {2024},\n  selected = {true},\n  code = {https://github.com/x/y},\n}\n",
    );
    let out = site.run(&["import", "bibtex", "refs.bib"]);
    assert!(out.status.success(), "{}", stderr(&out));
    site.build_ok();
    let bib = site.read("papers/marked.bib");
    assert!(bib.contains("author = {Zheng, Jintu and Li, Ming}"), "{bib}");
    assert!(!bib.contains("selected") && !bib.contains("code"), "{bib}");
    let page = site.read("papers/marked/index.html");
    assert!(page.contains("href=\"https://github.com/x/y\""), "the code link is a button: {page}");
}

#[test]
fn importing_again_updates_what_it_wrote_and_never_an_edited_file() {
    let site = site();
    let first = "@inproceedings{zheng2024,\n  title = {Sparse-View Prediction},\n  author = {Zheng, Jintu},\n  booktitle = {ECCV},\n  year = {2024},\n  doi = {10.1/abc},\n}\n@article{li2023,\n  title = {Another Paper Entirely},\n  author = {Li, Ming},\n  journal = {TPAMI},\n  year = {2023},\n}\n";
    site.file("refs.bib", first);
    let out = site.run(&["import", "bibtex", "refs.bib"]);
    assert!(stdout(&out).contains("2 files new"), "{}", stdout(&out));
    let again = site.run(&["import", "bibtex", "refs.bib"]);
    assert!(stdout(&again).contains("0 files new, 0 updated, 2 unchanged"), "{}", stdout(&again));

    // A newer export: a new key for the same DOI, a corrected venue.
    let newer = first
        .replace("zheng2024,", "Zheng2024Sparse,")
        .replace("{ECCV}", "{ECCV 2024 (Oral)}")
        .replace("{TPAMI}", "{IEEE TPAMI}");
    site.file("refs.bib", &newer);
    let plain = site.run(&["import", "bibtex", "refs.bib"]);
    let report = stdout(&plain);
    assert!(report.contains("--update refreshes it"), "{report}");
    assert!(!site.root().join("content/papers/zheng2024sparse.md").exists(), "no second copy");
    let dry = site.run(&["import", "bibtex", "refs.bib", "--update", "--dry-run"]);
    assert!(stdout(&dry).contains("would update"), "{}", stdout(&dry));
    let zheng =
        std::fs::read_to_string(site.root().join("content/papers/zheng2024.md")).expect("zheng");
    assert!(zheng.contains("venue = \"ECCV\""), "a dry run writes nothing");

    // The user edits one paper; --update refreshes the other only.
    let li_path = site.root().join("content/papers/li2023.md");
    let li = std::fs::read_to_string(&li_path).expect("li");
    std::fs::write(
        &li_path,
        li.replace("+++\n\n", "+++\nMy own note.\n")
            .replace("status = ", "featured = true\nstatus = "),
    )
    .expect("edit");
    let update = site.run(&["import", "bibtex", "refs.bib", "--update"]);
    let report = stdout(&update);
    assert!(report.contains("you edited it"), "{report}");
    assert!(report.contains("is already in the site as content/papers/zheng2024.md"), "{report}");
    let zheng =
        std::fs::read_to_string(site.root().join("content/papers/zheng2024.md")).expect("zheng");
    assert!(zheng.contains("venue = \"ECCV 2024 (Oral)\""), "{zheng}");
    assert!(
        std::fs::read_to_string(&li_path).expect("li").contains("featured = true"),
        "the edit is kept"
    );
    let forced = site.run(&["import", "bibtex", "refs.bib", "--force"]);
    assert!(forced.status.success());
    assert!(
        std::fs::read_to_string(&li_path).expect("li").contains("IEEE TPAMI"),
        "--force overwrites"
    );
    let papers = std::fs::read_dir(site.root().join("content/papers")).expect("papers").count();
    assert_eq!(papers, 2, "still one file per paper");
}

#[test]
fn check_names_papers_without_the_owner_and_co_authors_spelt_two_ways() {
    let site = TestSite::empty();
    site.file(
        "site.toml",
        "title = \"T\"\nbase_url = \"https://jintu.dev/\"\n[author]\nname = \"Jintu Zheng\"\nname_variants = [\"Jintu Zheng\", \"J. Zheng\"]\n",
    );
    let paper = |authors: &str| {
        format!(
            "+++\ntitle = \"P\"\nauthors = {authors}\nvenue = \"V\"\ntype = \"conference\"\nyear = 2024\n+++\n"
        )
    };
    site.file("content/papers/a.md", &paper("[\"Jintu Zheng*\", \"Ming Li\"]"))
        .file("content/papers/b.md", &paper("[\"J. Zheng\", \"Ming Li\", \"Wei Zhang\"]"))
        .file("content/papers/c.md", &paper("[\"M. Li\", \"Jintu Zheng\"]"))
        .file("content/papers/d.md", &paper("[\"Someone Else\", \"Wei Zhang\"]"))
        .file("content/papers/e.md", &paper("[\"Someone Else\", \"others\"]"));
    let out = site.run(&["check"]);
    let text =
        String::from_utf8_lossy(&out.stdout).into_owned() + &String::from_utf8_lossy(&out.stderr);
    assert!(
        text.contains("content/papers/d.md:3: none of the authors is you"),
        "a paper without the owner is named with its line: {text}"
    );
    assert!(!text.contains("content/papers/e.md"), "\"others\" may hide the owner: {text}");
    assert!(
        text.contains(
            "content/papers/c.md:3: co-author `M. Li` is written `Ming Li` in other papers"
        ),
        "{text}"
    );
    assert!(!text.contains("`Wei Zhang` is written"), "{text}");
    assert!(!text.contains("a.md") && !text.contains("b.md"), "{text}");
}
