use super::*;

#[test]
fn identifiers_are_read_in_every_usual_form() {
    let doi = Identifier::Doi("10.1109/CVPR.2016.90".into());
    for text in
        ["doi:10.1109/CVPR.2016.90", "https://doi.org/10.1109/CVPR.2016.90", "10.1109/CVPR.2016.90"]
    {
        assert_eq!(Identifier::parse(text), Ok(doi.clone()), "{text}");
    }
    for text in ["arxiv:1706.03762v5", "https://arxiv.org/abs/1706.03762", "arXiv:1706.03762"] {
        assert_eq!(Identifier::parse(text), Ok(Identifier::Arxiv("1706.03762".into())), "{text}");
    }
    assert_eq!(
        Identifier::parse("arxiv:hep-th/9901001v2"),
        Ok(Identifier::Arxiv("hep-th/9901001".into()))
    );
    assert_eq!(
        Identifier::parse("https://orcid.org/0000-0002-1694-233x"),
        Ok(Identifier::Orcid("0000-0002-1694-233X".into()))
    );
    assert_eq!(
        Identifier::parse("https://dblp.org/pid/34/7659.html"),
        Ok(Identifier::Dblp("34/7659".into()))
    );
    // The checksum is ISO 7064 11,2: one digit off is refused.
    assert!(Identifier::parse("orcid:0000-0002-1825-0097").is_ok());
    assert!(Identifier::parse("orcid:0000-0002-1825-0098").is_err());
    assert!(Identifier::parse("pmid:123").is_err());
    assert!(Identifier::parse("orcid:ééé-0002-1825-0097").is_err(), "no panic on non-ASCII");
}

#[test]
fn names_are_written_as_papers_print_them() {
    assert_eq!(display_name("Kaiming", "He"), "Kaiming He");
    assert_eq!(display_name("晋图", "郑"), "郑晋图");
    assert_eq!(display_name("", "Consortium"), "Consortium");
    assert_eq!(plain("<jats:p>A &lt; B &amp; C</jats:p>"), "A < B & C");
}
