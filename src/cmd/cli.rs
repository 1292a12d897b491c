//! The command line, declared with clap. `main.rs` maps it onto the library.

use std::path::PathBuf;

use clap::{Args, Parser, Subcommand, ValueEnum};

/// folio: build a fast, bilingual research homepage from Markdown.
#[derive(Debug, Parser)]
#[command(name = "folio", version, about, long_about = None, propagate_version = true)]
pub struct Cli {
    /// What to do.
    #[command(subcommand)]
    pub command: Command,
}

/// folio's commands.
#[derive(Debug, Subcommand)]
pub enum Command {
    /// Build the site into a folder of static files.
    #[command(
        after_help = "Examples:\n  folio build\n  folio build --minify\n  folio build --root ~/my-site --output /tmp/out --base-url https://me.github.io/"
    )]
    Build(BuildArgs),
    /// Serve the site locally, rebuild on every save and reload the browser.
    #[command(
        after_help = "Examples:\n  folio serve\n  folio serve --port 8080 --open\n  folio serve --root ~/my-site --drafts"
    )]
    Serve(ServeArgs),
    /// Create a new site with example content, ready to build and publish.
    #[command(
        after_help = "Examples:\n  folio init my-site\n  folio init my-site --lang zh\n  cd my-site && folio serve"
    )]
    Init(InitArgs),
    /// Create a content file of a kind, with its front matter filled in.
    #[command(
        after_help = "Examples:\n  folio new paper \"Sparse-view subcellular structure prediction\"\n  folio new post \"论文被 ECCV 录用\"\n  folio new project \"Lane topology\" --lang en"
    )]
    New(NewArgs),
    /// Check the site without writing it: everything a build checks, plus broken links,
    /// missing alt text, malformed URLs, placeholders and missing translations.
    #[command(after_help = "Examples:\n  folio check\n  folio check --format json > problems.json")]
    Check(CheckArgs),
    /// Work with themes.
    #[command(subcommand)]
    Theme(ThemeCommand),
    /// Create content files from a BibTeX file, a JSON Resume, or identifiers (DOI, arXiv,
    /// ORCID, dblp).
    #[command(
        subcommand,
        after_help = "Papers by identifier (several at once; --section, --update, --force, --dry-run and --root as for bibtex):\n  folio import doi:10.1109/CVPR.2016.90 arxiv:1706.03762\n  folio import orcid:0000-0002-1825-0097      all works of an ORCID record\n  folio import dblp:34/7659 --dry-run          all works on a dblp person page\nAnswers are kept in .folio-cache/import/: a rerun works offline."
    )]
    Import(ImportCommand),
    /// Print a shell completion script.
    #[command(
        after_help = "Examples:\n  folio completions bash > ~/.local/share/bash-completion/completions/folio\n  folio completions zsh > ~/.zfunc/_folio\n  folio completions fish > ~/.config/fish/completions/folio.fish"
    )]
    Completions(CompletionsArgs),
    /// The manual pages (roff): folio.1 on standard output, or with --dir one page per
    /// command (folio.1, folio-build.1, …), which folio.1 refers to.
    #[command(
        after_help = "Examples:\n  folio man --dir man/ && man ./man/folio-build.1\n  folio man > folio.1 && man ./folio.1"
    )]
    Man(ManArgs),
}

/// Options of `folio man`.
#[derive(Debug, Args)]
pub struct ManArgs {
    /// Write folio.1 and a page for every command into this folder.
    #[arg(long, value_name = "DIR")]
    pub dir: Option<PathBuf>,
}

/// `folio import ...`
#[derive(Debug, Subcommand)]
pub enum ImportCommand {
    /// One paper file per BibTeX entry (the original entry is kept for citing).
    #[command(
        after_help = "Examples:\n  folio import bibtex my-papers.bib\n  folio import bibtex scholar.bib --section publications\n  folio import bibtex my-papers.bib --update --dry-run"
    )]
    Bibtex(ImportBibtexArgs),
    /// Jobs, education, awards, papers, projects and the profile from a JSON Resume.
    #[command(after_help = "Examples:\n  folio import resume resume.json")]
    Resume(ImportResumeArgs),
    /// Papers by identifier: doi:…, arxiv:…, orcid:…, dblp:… (see `folio import --help`).
    #[command(external_subcommand)]
    Identifiers(Vec<String>),
}

/// Options of `folio import <identifier>…`, read after clap has seen an identifier where a
/// subcommand would be.
#[derive(Debug, Parser)]
#[command(name = "folio import", about = "Papers by identifier from doi.org, arXiv, ORCID or dblp")]
pub struct ImportIdentifiersArgs {
    /// doi:10.…/…, arxiv:2401.01234, orcid:0000-0000-0000-0000 or dblp:<pid>.
    #[arg(required = true, value_name = "IDENTIFIER")]
    pub identifiers: Vec<String>,
    /// The section folder to write into (under content/).
    #[arg(long, default_value = "papers")]
    pub section: String,
    // What it may change where (--update, --force, --dry-run, --root).
    #[allow(missing_docs)]
    #[command(flatten)]
    pub writing: ImportWriteArgs,
}

/// How every import writes: into which site, and what it may change there.
#[derive(Debug, Args)]
pub struct ImportWriteArgs {
    /// Refresh the files of entries already imported (matched by key, DOI, arXiv id or
    /// title), unless you edited them since.
    #[arg(long)]
    pub update: bool,
    /// Overwrite existing files, edited or not.
    #[arg(long)]
    pub force: bool,
    /// Only say what would be written.
    #[arg(long)]
    pub dry_run: bool,
    /// The site's folder.
    #[arg(long, short = 'r', value_name = "DIR", default_value = ".")]
    pub root: PathBuf,
}

impl ImportWriteArgs {
    /// What the import may change.
    pub fn mode(&self) -> crate::import::Mode {
        crate::import::Mode { update: self.update, force: self.force, dry_run: self.dry_run }
    }
}

/// Options of `folio import bibtex`.
#[derive(Debug, Args)]
pub struct ImportBibtexArgs {
    /// The .bib file.
    pub file: PathBuf,
    /// The section folder to write into (under content/).
    #[arg(long, default_value = "papers")]
    pub section: String,
    // What it may change where (--update, --force, --dry-run, --root).
    #[allow(missing_docs)]
    #[command(flatten)]
    pub writing: ImportWriteArgs,
}

/// Options of `folio import resume`.
#[derive(Debug, Args)]
pub struct ImportResumeArgs {
    /// The resume.json file.
    pub file: PathBuf,
    // What it may change where (--update, --force, --dry-run, --root).
    #[allow(missing_docs)]
    #[command(flatten)]
    pub writing: ImportWriteArgs,
}

/// `folio theme ...`
#[derive(Debug, Subcommand)]
pub enum ThemeCommand {
    /// Copy the built-in default theme into themes/NAME to edit it.
    #[command(
        after_help = "Examples:\n  folio theme eject\n  folio theme eject mine   # then set theme = \"mine\" in site.toml"
    )]
    Eject(EjectArgs),
}

/// Options of `folio init`.
#[derive(Debug, Args)]
pub struct InitArgs {
    /// The folder to create the site in.
    #[arg(value_name = "DIR", default_value = ".")]
    pub dir: PathBuf,
    /// The language of the example content.
    #[arg(long, value_enum, default_value = "en")]
    pub lang: InitLanguage,
    /// Add the missing files to a folder that is not empty (existing files are kept).
    #[arg(long)]
    pub force: bool,
}

/// Languages `folio init` has example content in.
#[derive(Debug, Clone, Copy, ValueEnum)]
pub enum InitLanguage {
    /// English.
    En,
    /// Chinese.
    Zh,
}

impl InitLanguage {
    /// The language code.
    pub fn code(self) -> &'static str {
        match self {
            InitLanguage::En => "en",
            InitLanguage::Zh => "zh",
        }
    }
}

/// The kinds `folio new` can create.
#[derive(Debug, Clone, Copy, ValueEnum)]
#[allow(missing_docs)]
pub enum NewKind {
    Paper,
    Project,
    Job,
    Education,
    Award,
    Volunteer,
    Certificate,
    Talk,
    Teaching,
    Service,
    Post,
    Page,
}

impl NewKind {
    /// The content kind.
    pub fn kind(self) -> crate::content::Kind {
        use crate::content::Kind;
        match self {
            NewKind::Paper => Kind::Paper,
            NewKind::Project => Kind::Project,
            NewKind::Job => Kind::Job,
            NewKind::Education => Kind::Education,
            NewKind::Award => Kind::Award,
            NewKind::Volunteer => Kind::Volunteer,
            NewKind::Certificate => Kind::Certificate,
            NewKind::Talk => Kind::Talk,
            NewKind::Teaching => Kind::Teaching,
            NewKind::Service => Kind::Service,
            NewKind::Post => Kind::Post,
            NewKind::Page => Kind::Page,
        }
    }
}

/// Options of `folio new`.
#[derive(Debug, Args)]
pub struct NewArgs {
    /// What to create.
    #[arg(value_enum)]
    pub kind: NewKind,
    /// Its title (the file name is made from it; Chinese becomes pinyin).
    pub title: String,
    /// The language to write it in [default: the site's default language].
    #[arg(long)]
    pub lang: Option<String>,
    /// The date to write (YYYY-MM-DD) [default: today, in your time zone].
    #[arg(long, value_name = "YYYY-MM-DD")]
    pub date: Option<String>,
    /// The site's folder.
    #[arg(long, short = 'r', value_name = "DIR", default_value = ".")]
    pub root: PathBuf,
}

/// Options of `folio check`.
#[derive(Debug, Args)]
pub struct CheckArgs {
    /// The site's folder.
    #[arg(long, short = 'r', value_name = "DIR", default_value = ".")]
    pub root: PathBuf,
    /// How to print the findings.
    #[arg(long, value_enum, default_value = "text")]
    pub format: CheckFormat,
    /// Check drafts as well.
    #[arg(long)]
    pub drafts: bool,
}

/// Output formats of `folio check`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum CheckFormat {
    /// For people.
    Text,
    /// For editors and CI.
    Json,
}

/// Options of `folio theme eject`.
#[derive(Debug, Args)]
pub struct EjectArgs {
    /// The new theme's folder name under themes/.
    #[arg(default_value = "default")]
    pub name: String,
    /// The site's folder.
    #[arg(long, short = 'r', value_name = "DIR", default_value = ".")]
    pub root: PathBuf,
}

/// Options of `folio completions`.
#[derive(Debug, Args)]
pub struct CompletionsArgs {
    /// The shell.
    #[arg(value_enum)]
    pub shell: clap_complete::Shell,
}

/// Options of `folio serve`.
#[derive(Debug, Args)]
pub struct ServeArgs {
    /// The site's folder (the one holding site.toml).
    #[arg(long, short = 'r', value_name = "DIR", default_value = ".")]
    pub root: PathBuf,
    /// The port to listen on (the next free one is taken if it is busy).
    #[arg(long, short = 'p', default_value_t = 1111)]
    pub port: u16,
    /// The address to listen on; anything but loopback exposes the site to your network.
    #[arg(long, default_value = "127.0.0.1")]
    pub bind: std::net::IpAddr,
    /// Open the site in the default browser.
    #[arg(long)]
    pub open: bool,
    /// Include pages marked draft = true.
    #[arg(long)]
    pub drafts: bool,
}

/// Options of `folio build`.
#[derive(Debug, Args)]
pub struct BuildArgs {
    /// The site's folder (the one holding site.toml).
    #[arg(long, short = 'r', value_name = "DIR", default_value = ".")]
    pub root: PathBuf,
    /// Where to write the site [default: <root>/public].
    #[arg(long, short = 'o', value_name = "DIR")]
    pub output: Option<PathBuf>,
    /// The address the site will be published at (overrides base_url in site.toml).
    #[arg(long, value_name = "URL")]
    pub base_url: Option<String>,
    /// Include pages marked draft = true.
    #[arg(long)]
    pub drafts: bool,
    /// Minify HTML, CSS and JavaScript (the pages stay valid HTML). Needs a folio built
    /// with the `minify` cargo feature.
    #[arg(long)]
    pub minify: bool,
    /// Write into an output folder that holds files folio did not write. They are kept:
    /// folio only ever deletes files its own earlier builds wrote.
    #[arg(long)]
    pub force: bool,
}
