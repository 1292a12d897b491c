//! The world a theme's Typst document is typeset in: the document as the only source, its
//! data as `data.json` (and any picture it was given, such as the avatar), the fonts found
//! once per process, and no clock (two builds give the same bytes).

use std::path::PathBuf;
use std::sync::{Arc, Mutex, OnceLock};

use typst::diag::{FileError, FileResult};
use typst::foundations::{Bytes, Datetime};
use typst::syntax::{FileId, Source, VirtualPath};
use typst::text::{Font, FontBook};
use typst::utils::LazyHash;
use typst::{Library, World};
use typst_kit::fonts::{FontSearcher, Fonts};

/// The file name the template reads its data from (`json("data.json")`).
pub(crate) const DATA_FILE: &str = "data.json";

/// The fonts of the site's `fonts/` folder and of the system, searched once per folder
/// (a search reads every font file's header: tens of milliseconds).
pub(crate) fn fonts_of(folder: PathBuf) -> Arc<Fonts> {
    type Found = Vec<(PathBuf, Arc<Fonts>)>;
    static FOUND: OnceLock<Mutex<Found>> = OnceLock::new();
    let found = FOUND.get_or_init(|| Mutex::new(Vec::new()));
    let mut found = found.lock().unwrap_or_else(std::sync::PoisonError::into_inner);
    if let Some((_, fonts)) = found.iter().find(|(path, _)| *path == folder) {
        return fonts.clone();
    }
    let fonts = Arc::new(FontSearcher::new().include_system_fonts(true).search_with([&folder]));
    found.push((folder, fonts.clone()));
    fonts
}

/// The standard library, made once.
fn library() -> &'static LazyHash<Library> {
    static LIBRARY: OnceLock<LazyHash<Library>> = OnceLock::new();
    LIBRARY.get_or_init(|| LazyHash::new(Library::default()))
}

pub(super) struct DocumentWorld {
    main: Source,
    data: Bytes,
    /// Other files the document may read, by name.
    files: Vec<(String, Bytes)>,
    book: LazyHash<FontBook>,
    fonts: Arc<Fonts>,
}

impl DocumentWorld {
    pub(super) fn new(
        name: &str,
        template: &str,
        data: Vec<u8>,
        files: Vec<(String, Vec<u8>)>,
        fonts: Arc<Fonts>,
    ) -> DocumentWorld {
        let id = FileId::new(None, VirtualPath::new(name));
        DocumentWorld {
            main: Source::new(id, template.to_string()),
            data: Bytes::new(data),
            files: files.into_iter().map(|(name, bytes)| (name, Bytes::new(bytes))).collect(),
            book: LazyHash::new(fonts.book.clone()),
            fonts,
        }
    }

    pub(super) fn main_source(&self) -> &Source {
        &self.main
    }
}

impl World for DocumentWorld {
    fn library(&self) -> &LazyHash<Library> {
        library()
    }

    fn book(&self) -> &LazyHash<FontBook> {
        &self.book
    }

    fn main(&self) -> FileId {
        self.main.id()
    }

    fn source(&self, id: FileId) -> FileResult<Source> {
        if id == self.main.id() {
            Ok(self.main.clone())
        } else {
            Err(FileError::NotFound(id.vpath().as_rootless_path().into()))
        }
    }

    fn file(&self, id: FileId) -> FileResult<Bytes> {
        let path = id.vpath().as_rootless_path();
        if id.package().is_some() {
            return Err(FileError::NotFound(path.into()));
        }
        if path == std::path::Path::new(DATA_FILE) {
            return Ok(self.data.clone());
        }
        self.files
            .iter()
            .find(|(name, _)| path == std::path::Path::new(name))
            .map(|(_, bytes)| bytes.clone())
            .ok_or_else(|| FileError::NotFound(path.into()))
    }

    fn font(&self, index: usize) -> Option<Font> {
        self.fonts.fonts.get(index)?.get()
    }

    // No date: a document built twice is the same file.
    fn today(&self, _offset: Option<i64>) -> Option<Datetime> {
        None
    }
}
