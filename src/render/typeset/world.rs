//! The world a CV is typeset in: the theme's `cv.typ` as the only source, the CV's data
//! as `data.json`, the fonts found once per process, and no clock (two builds give the
//! same bytes).

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
pub(super) const DATA_FILE: &str = "data.json";

/// The fonts of the site's `fonts/` folder and of the system, searched once per folder
/// (a search reads every font file's header: tens of milliseconds).
pub(super) fn fonts_of(folder: PathBuf) -> Arc<Fonts> {
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

pub(super) struct CvWorld {
    main: Source,
    data: Bytes,
    book: LazyHash<FontBook>,
    fonts: Arc<Fonts>,
}

impl CvWorld {
    pub(super) fn new(template: &str, data: Vec<u8>, fonts: Arc<Fonts>) -> CvWorld {
        let id = FileId::new(None, VirtualPath::new("cv.typ"));
        CvWorld {
            main: Source::new(id, template.to_string()),
            data: Bytes::new(data),
            book: LazyHash::new(fonts.book.clone()),
            fonts,
        }
    }

    pub(super) fn main_source(&self) -> &Source {
        &self.main
    }
}

impl World for CvWorld {
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
        if id.package().is_none()
            && id.vpath().as_rootless_path() == std::path::Path::new(DATA_FILE)
        {
            Ok(self.data.clone())
        } else {
            Err(FileError::NotFound(id.vpath().as_rootless_path().into()))
        }
    }

    fn font(&self, index: usize) -> Option<Font> {
        self.fonts.fonts.get(index)?.get()
    }

    // No date: a CV built twice is the same file.
    fn today(&self, _offset: Option<i64>) -> Option<Datetime> {
        None
    }
}
