//! The command line, declared with clap. `main.rs` maps it onto the library.

use std::path::PathBuf;

use clap::{Args, Parser, Subcommand};

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
        after_help = "Examples:\n  folio build\n  folio build --root ~/my-site --output /tmp/out --base-url https://me.github.io/"
    )]
    Build(BuildArgs),
    /// Serve the site locally, rebuild on every save and reload the browser.
    #[command(
        after_help = "Examples:\n  folio serve\n  folio serve --port 8080 --open\n  folio serve --root ~/my-site --drafts"
    )]
    Serve(ServeArgs),
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
}
