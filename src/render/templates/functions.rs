//! The functions and filters folio adds to Tera: `url`, `asset`, `image`, `striptags`, `safe`.

use std::sync::{Arc, PoisonError};
use tera::{Kwargs, State, Tera, Value};

use super::*;

pub(super) fn register_lookup_functions(tera: &mut Tera, lookup: Arc<Lookup>) {
    let for_url = Arc::clone(&lookup);
    tera.register_function("url", move |kwargs: Kwargs, state: &State| {
        url(&for_url, kwargs, state)
    });
    let for_asset = Arc::clone(&lookup);
    tera.register_function("asset", move |kwargs: Kwargs, _: &State| asset(&for_asset, kwargs));
    tera.register_function("image", move |kwargs: Kwargs, _: &State| image(&lookup, kwargs));
}

/// `{{ html | striptags }}`: the text of an HTML fragment (tags removed, the common
/// entities decoded, runs of whitespace collapsed), e.g. for meta descriptions. Block
/// elements become spaces; inline ones vanish, so "<em>视</em>频" stays "视频".
pub(super) fn striptags(input: &str, _: Kwargs, _: &State) -> String {
    crate::markdown::plain_text(input)
}

/// `{{ page.content | safe }}`, as Tera's own `safe` but without copying a string: Tera's
/// copies its input, which for every page's body is the largest copy of its render.
pub(super) fn safe(value: Value, _: Kwargs, _: &State) -> Value {
    if value.as_str().is_some() {
        value.mark_safe()
    } else {
        Value::safe_string(&value.to_string())
    }
}

pub(super) fn url(lookup: &Lookup, kwargs: Kwargs, state: &State) -> tera::TeraResult<String> {
    let path: String = kwargs.must_get("path")?;
    let lang: Option<String> = match kwargs.get::<String>("lang")? {
        Some(lang) => Some(lang),
        None => state.get::<String>("lang")?,
    };
    let absolute = kwargs.get::<bool>("absolute")?.unwrap_or(false);
    let root_relative = if let Some(target) = path.strip_prefix("@/") {
        let lang = lang.unwrap_or_default();
        lookup
            .links
            .resolve(target, &lang)
            .map_err(|reason| tera::Error::message(format!("url(path=\"{path}\"): {reason}")))?
    } else if path.contains("://") || path.starts_with("mailto:") || path.starts_with('#') {
        return Ok(path);
    } else {
        format!("{}{}", lookup.base_path, path.trim_start_matches('/'))
    };
    if absolute {
        let origin = lookup
            .base_url
            .trim_end_matches('/')
            .trim_end_matches(lookup.base_path.trim_end_matches('/'));
        Ok(format!("{origin}{root_relative}"))
    } else {
        Ok(root_relative)
    }
}

/// `asset(path="style.css")`: the URL of a copied file, with `?v=<hash of its bytes>` in
/// builds so that a changed file gets a new URL and browsers may cache it for good.
pub(super) fn asset(lookup: &Lookup, kwargs: Kwargs) -> tera::TeraResult<String> {
    let path: String = kwargs.must_get("path")?;
    let clean = path.trim_start_matches('/');
    let source = lookup.media.as_ref().and_then(|media| media.files.get(clean));
    let Some(source) = source else {
        return Err(tera::Error::message(format!(
            "asset(path=\"{path}\"): there is no such file in static/ or in the theme's static/"
        )));
    };
    let url = format!("{}{}", lookup.base_path, clean);
    if !lookup.fingerprint {
        return Ok(url);
    }
    let mut known = lookup.fingerprints.lock().unwrap_or_else(PoisonError::into_inner);
    if let Some(hash) = known.get(clean) {
        return Ok(format!("{url}?v={hash}"));
    }
    let bytes = source.read().map_err(|err| {
        tera::Error::message(format!("asset(path=\"{path}\"): cannot read the file: {err}"))
    })?;
    let hash = format!("{:016x}", xxhash_rust::xxh3::xxh3_64(&bytes))[..10].to_string();
    known.insert(clean.to_string(), hash.clone());
    Ok(format!("{url}?v={hash}"))
}

/// `image(path=…, widths=[…])`: a picture in several widths, for `<picture>`/`srcset`.
/// `path` is a file of static/ or content/ (as `page.image` gives it, or site-relative).
pub(super) fn image(lookup: &Lookup, kwargs: Kwargs) -> tera::TeraResult<tera::Value> {
    let path: String = kwargs.must_get("path")?;
    let widths: Option<Vec<u32>> =
        kwargs.get::<Vec<u32>>("widths")?.filter(|widths| !widths.is_empty());
    let fail = |why: String| tera::Error::message(format!("image(path=\"{path}\"): {why}"));
    let media = lookup.media.as_ref().ok_or_else(|| fail("no site is loaded".into()))?;
    // A picture on another host, or one folio does not resize, is shown as it is.
    let as_it_is = |src: String| {
        let mut value = crate::render::values::Obj::default();
        value
            .set("src", src)
            .set("width", None::<u32>)
            .set("height", None::<u32>)
            .set("type", None::<String>)
            .set("srcset", None::<String>)
            .set("webp_srcset", None::<String>)
            .set("sizes", media.images.sizes());
        value.into_value()
    };
    if !crate::markdown::is_local(&path) {
        return Ok(as_it_is(path.clone()));
    }
    let clean = path
        .strip_prefix(lookup.base_path.as_str())
        .unwrap_or(&path)
        .trim_start_matches('/')
        .to_string();
    let picture = media.picture(&clean, widths.as_deref(), &lookup.base_path).map_err(&fail)?;
    let Some(picture) = picture else {
        return Ok(as_it_is(format!("{}{clean}", lookup.base_path)));
    };
    let mut value = crate::render::values::Obj::default();
    value
        .set("src", picture.src.clone())
        .set("width", picture.width)
        .set("height", picture.height)
        .set("type", picture.mime)
        .set("srcset", picture.srcset.clone())
        .set("webp_srcset", picture.webp_srcset.clone())
        .set("sizes", media.images.sizes());
    Ok(value.into_value())
}
