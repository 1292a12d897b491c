//! BibTeX written by folio: an entry generated from each paper's front matter (or the
//! paper's own `bibtex`), for a paper's page and `/papers.bib`.
//!
//! Generated entries escape what LaTeX treats specially and keep every other character
//! (accents, Chinese) as UTF-8, which BibTeX tools with UTF-8 input and biber read as is.

use crate::content::{FrontMatter, PaperStatus, PaperType};

/// Escapes text for a BibTeX field value (inside braces).
pub(crate) fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 8);
    for c in text.chars() {
        match c {
            '&' | '%' | '$' | '#' | '_' | '{' | '}' => {
                out.push('\\');
                out.push(c);
            }
            '\\' => out.push_str("\\textbackslash{}"),
            '~' => out.push_str("\\textasciitilde{}"),
            '^' => out.push_str("\\textasciicircum{}"),
            c => out.push(c),
        }
    }
    out
}

/// Escapes a URL-like field (`url`, `doi`, `eprint`): verbatim except braces.
fn escape_verbatim(text: &str) -> String {
    text.replace('{', "\\{").replace('}', "\\}")
}

/// [`entry`] of item `id` under `key`, linking to its page.
pub(crate) fn item_entry(site: &crate::site::Site, id: crate::site::ItemId, key: &str) -> String {
    let item = &site.items[id];
    entry(&item.doc.front, key, &crate::site::Links::permalink_of(&site.config, &item.path))
}

/// Fields that lay out a homepage (al-folio's and folio's import's), not the work: a
/// published entry leaves them out.
const SITE_ONLY_FIELDS: &[&str] = &[
    "abbr",
    "altmetric",
    "annotation",
    "award",
    "award_name",
    "bibtex_show",
    "blog",
    "code",
    "dimensions",
    "google_scholar_id",
    "html",
    "inspirehep_id",
    "pdf",
    "poster",
    "preview",
    "selected",
    "slides",
    "supp",
    "video",
    "website",
    "additional_info",
];

/// A stored entry as published: site-only fields left out and the equal-contribution and
/// corresponding marks taken out of names (`Einstein*†, A.` → `Einstein, A.`). An entry
/// the BibTeX parser cannot read is published as written.
pub(crate) fn clean(own: &str) -> String {
    let own = own.trim();
    let Ok(parsed) = biblatex::RawBibliography::parse(own) else { return own.to_string() };
    let Some(entry) = parsed.entries.first() else { return own.to_string() };
    let mut cuts: Vec<(std::ops::Range<usize>, String)> = Vec::new();
    for pair in &entry.v.fields {
        let name = pair.key.v.to_ascii_lowercase();
        if SITE_ONLY_FIELDS.contains(&name.as_str()) {
            // From the field's name to the start of the next one (or the entry's end).
            let start = own[..pair.key.span.start].trim_end_matches([' ', '\t']).len();
            let start = if own[..start].ends_with('\n') { start - 1 } else { start };
            let span = pair.value.span.clone();
            let mut end = span.start + own[span].trim_end().len();
            let rest = &own[end..];
            let after_comma = rest.trim_start().strip_prefix(',').map(|r| own.len() - r.len());
            if let Some(after) = after_comma {
                end = after;
            }
            cuts.push((start..end, String::new()));
        } else if matches!(name.as_str(), "author" | "editor") {
            let span = pair.value.span.clone();
            let value = &own[span.clone()];
            if value.contains(['*', '†', '‡']) || value.contains("\\dag") {
                let cleaned =
                    value.replace("\\ddag", "").replace("\\dag", "").replace(['*', '†', '‡'], "");
                cuts.push((span, cleaned));
            }
        }
    }
    let mut out = own.to_string();
    for (range, text) in cuts.into_iter().rev() {
        if out.get(range.clone()).is_some() {
            out.replace_range(range, &text);
        }
    }
    out
}

/// The BibTeX entry of a paper (its own `bibtex`, cleaned, when it has one).
pub(crate) fn entry(front: &FrontMatter, key: &str, url: &str) -> String {
    if let Some(own) = front.bibtex.as_ref().filter(|b| !b.trim().is_empty()) {
        return format!("{}\n", clean(own));
    }
    let status = front.status.unwrap_or_default();
    let venue = front.venue.clone().unwrap_or_default();
    let (entry_type, venue_field) = match (front.r#type, status) {
        (_, PaperStatus::UnderReview) => ("unpublished", None),
        (_, PaperStatus::Preprint) | (Some(PaperType::Preprint), _) => {
            ("misc", Some("howpublished"))
        }
        (Some(PaperType::Journal), _) => ("article", Some("journal")),
        (Some(PaperType::Conference | PaperType::Workshop), _) => {
            ("inproceedings", Some("booktitle"))
        }
        (Some(PaperType::Thesis), _) => ("thesis", Some("school")),
        (Some(PaperType::Patent), _) => ("patent", Some("howpublished")),
        (Some(PaperType::Book), _) => ("book", Some("publisher")),
        (Some(PaperType::Chapter), _) => ("incollection", Some("booktitle")),
        (Some(PaperType::Report), _) => ("techreport", Some("institution")),
        (Some(PaperType::Other) | None, _) => ("misc", Some("howpublished")),
    };
    let authors: Vec<String> = front
        .authors
        .iter()
        .flatten()
        .map(|a| {
            let name = a.trim().trim_end_matches(['*', '†', ' ']).trim();
            if name.eq_ignore_ascii_case("others") { "others".to_string() } else { escape(name) }
        })
        .collect();
    let mut fields: Vec<(&str, String)> = vec![
        ("title", format!("{{{}}}", escape(front.title.as_deref().unwrap_or("")))),
        ("author", authors.join(" and ")),
    ];
    if let (Some(field), false) = (venue_field, venue.is_empty()) {
        fields.push((field, escape(&venue)));
    }
    if let Some(year) = front.year {
        fields.push(("year", year.to_string()));
    }
    let note = match status {
        PaperStatus::UnderReview if !venue.is_empty() => Some(format!("Under review at {venue}")),
        PaperStatus::UnderReview => Some("Under review".to_string()),
        PaperStatus::Accepted => Some("Accepted".to_string()),
        _ => None,
    };
    if let Some(note) = note {
        fields.push(("note", escape(&note)));
    }
    let links = front.links.clone().unwrap_or_default();
    if let Some(doi) = links.get("doi") {
        let doi =
            doi.trim_start_matches("https://doi.org/").trim_start_matches("http://dx.doi.org/");
        fields.push(("doi", escape_verbatim(doi)));
    }
    if let Some(arxiv) = links.get("arxiv") {
        let id = arxiv
            .trim_end_matches('/')
            .rsplit('/')
            .next()
            .unwrap_or(arxiv)
            .trim_end_matches(".pdf");
        fields.push(("eprint", escape_verbatim(id)));
        fields.push(("archiveprefix", "arXiv".to_string()));
    }
    let link = links.get("pdf").or_else(|| links.get("project")).map(String::as_str).unwrap_or(url);
    if !link.is_empty() {
        fields.push(("url", escape_verbatim(link)));
    }
    let width = fields.iter().map(|(name, _)| name.len()).max().unwrap_or(0);
    let mut out = format!("@{entry_type}{{{key},\n");
    for (name, value) in fields {
        out.push_str(&format!("  {name:width$} = {{{value}}},\n"));
    }
    out.push_str("}\n");
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::site::citation_keys::key_of;

    #[test]
    fn escaping_golden() {
        assert_eq!(escape("R&D 100% on_top #1 $5 {x}"), "R\\&D 100\\% on\\_top \\#1 \\$5 \\{x\\}");
        assert_eq!(
            escape("a\\b ~ ^"),
            "a\\textbackslash{}b \\textasciitilde{} \\textasciicircum{}"
        );
        assert_eq!(escape("Müller, Éva — 郑晋图"), "Müller, Éva — 郑晋图");
    }

    #[test]
    fn entries_by_type_and_status() {
        let mut front = FrontMatter {
            title: Some("Fast & {Robust} 50% Pruning".into()),
            authors: Some(vec!["Jintu Zheng*".into(), "Ming Li†".into(), "others".into()]),
            venue: Some("NeurIPS 2024".into()),
            r#type: Some(PaperType::Conference),
            year: Some(2024),
            ..FrontMatter::default()
        };
        let e = entry(&front, "zheng2024fast", "https://x.org/p/");
        assert!(e.starts_with("@inproceedings{zheng2024fast,\n"), "{e}");
        assert!(e.contains("title     = {{Fast \\& \\{Robust\\} 50\\% Pruning}},"), "{e}");
        assert!(e.contains("author    = {Jintu Zheng and Ming Li and others},"), "{e}");
        assert!(e.contains("booktitle = {NeurIPS 2024},"), "{e}");
        assert!(e.contains("url       = {https://x.org/p/},"), "{e}");
        front.status = Some(PaperStatus::UnderReview);
        front.venue = Some("ACL".into());
        let e = entry(&front, "k", "");
        assert!(e.starts_with("@unpublished{k,"), "{e}");
        assert!(e.contains("note   = {Under review at ACL}"), "{e}");
        front.bibtex = Some("@article{mine, title={T}}".into());
        assert_eq!(entry(&front, "k", ""), "@article{mine, title={T}}\n");
        assert_eq!(key_of("@article{mine, title={T}}").as_deref(), Some("mine"));
    }

    #[test]
    fn stored_entries_are_published_without_site_fields_or_marks() {
        let own = "@article{PhysRev.47.777new,\n  abbr={PhysRev},\n  title={Can Quantum-Mechanical Description Be Complete?},\n  author={Einstein*\u{2020}, A. and Podolsky*, B. and Rosen\\dag, N.},\n  selected={true}, pdf={example_pdf.pdf},\n  year={1935},\n  preview = {x.gif}\n}";
        let published = clean(own);
        assert_eq!(
            published,
            "@article{PhysRev.47.777new,\n  title={Can Quantum-Mechanical Description Be Complete?},\n  author={Einstein, A. and Podolsky, B. and Rosen, N.},\n  year={1935},\n}"
        );
        assert_eq!(clean("@article{broken, title={T}"), "@article{broken, title={T}");
    }
}
