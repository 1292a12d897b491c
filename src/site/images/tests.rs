use super::*;

fn settings() -> ImageSettings {
    ImageSettings { widths: vec![100, 200, 400], quality: 80, sizes: "100vw".into() }
}

fn png(width: u32, height: u32) -> Vec<u8> {
    let image = image::RgbImage::from_fn(width, height, |x, y| {
        image::Rgb([(x % 256) as u8, (y % 256) as u8, ((x + y) % 256) as u8])
    });
    let mut out = Vec::new();
    DynamicImage::ImageRgb8(image)
        .write_to(&mut Cursor::new(&mut out), ImageFormat::Png)
        .expect("png");
    out
}

#[test]
fn resizes_to_the_widths_below_its_own_and_caches() {
    let dir = tempfile::tempdir().expect("temp");
    let source = dir.path().join("fig.png");
    std::fs::write(&source, png(300, 150)).expect("write");
    let images = Images::new(dir.path().join("cache"), settings());
    let picture = images
        .picture(&source, stamp(&source).expect("stamp"), "projects/fig.png", None, "/")
        .expect("picture");
    assert_eq!((picture.width, picture.height), (300, 150), "never upscaled");
    assert_eq!(picture.mime, "image/png");
    assert_eq!(picture.files.len(), 6, "100, 200, 300 × png, webp: {:?}", picture.files);
    assert!(picture.srcset.starts_with("/projects/fig-100w."), "{}", picture.srcset);
    assert!(picture.srcset.ends_with(".png 300w"), "{}", picture.srcset);
    let webp = picture.webp_srcset.as_deref().expect("webp");
    assert!(webp.contains(".webp 200w"), "{webp}");
    for (_, cached) in &picture.files {
        let bytes = std::fs::read(cached).expect("cached");
        let decoded = image::load_from_memory(&bytes).expect("decodes");
        assert!([100, 200, 300].contains(&decoded.width()), "{}", decoded.width());
    }
    let stamps: Vec<_> = picture
        .files
        .iter()
        .map(|(_, f)| std::fs::metadata(f).and_then(|m| m.modified()).expect("stamp"))
        .collect();
    let again = Images::new(dir.path().join("cache"), settings());
    let second = again
        .picture(&source, stamp(&source).expect("stamp"), "projects/fig.png", None, "/")
        .expect("picture");
    assert_eq!(second, picture);
    let restamps: Vec<_> = second
        .files
        .iter()
        .map(|(_, f)| std::fs::metadata(f).and_then(|m| m.modified()).expect("stamp"))
        .collect();
    assert_eq!(stamps, restamps, "a second build re-encodes nothing");
}

#[test]
fn a_changed_picture_gets_new_names() {
    let dir = tempfile::tempdir().expect("temp");
    let source = dir.path().join("fig.png");
    std::fs::write(&source, png(120, 60)).expect("write");
    let images = Images::new(dir.path().join("cache"), settings());
    let first = images
        .picture(&source, stamp(&source).expect("stamp"), "fig.png", None, "/")
        .expect("picture");
    std::fs::write(&source, png(121, 60)).expect("write");
    let second = images
        .picture(&source, stamp(&source).expect("stamp"), "fig.png", None, "/")
        .expect("picture");
    assert_ne!(first.src, second.src);
}

#[test]
fn broken_pictures_say_why() {
    let dir = tempfile::tempdir().expect("temp");
    let images = Images::new(dir.path().join("cache"), settings());
    let missing = images.picture(
        &dir.path().join("nope.png"),
        stamp(&dir.path().join("nope.png")).unwrap_or(0),
        "nope.png",
        None,
        "/",
    );
    assert!(missing.expect_err("missing").contains("cannot read"));
    let fake = dir.path().join("fake.jpg");
    std::fs::write(&fake, b"\xFF\xD8\xFF\xE0 not really a jpeg").expect("write");
    let err = images
        .picture(&fake, stamp(&fake).expect("stamp"), "fake.jpg", None, "/")
        .expect_err("corrupt");
    assert!(err.contains("cannot decode"), "{err}");
    let text = dir.path().join("text.png");
    std::fs::write(&text, b"hello").expect("write");
    let err = images
        .picture(&text, stamp(&text).expect("stamp"), "text.png", None, "/")
        .expect_err("not an image");
    assert!(err.contains("not a JPEG, PNG or WebP"), "{err}");
}
