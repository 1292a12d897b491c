//! The `folio` binary: parse the command line, call the library, print the outcome.

use std::process::ExitCode;

use anstyle::{AnsiColor, Style};
use clap::Parser;
use folio::cli::{BuildArgs, Cli, Command, ServeArgs};
use folio::serve::{Notice, ServeOptions};
use folio::{BuildOptions, BuildReport, Error};

const ERROR: Style = AnsiColor::Red.on_default().bold();
const HINT: Style = AnsiColor::Cyan.on_default();
const BOLD: Style = Style::new().bold();
const OK: Style = AnsiColor::Green.on_default().bold();
const WARN: Style = AnsiColor::Yellow.on_default().bold();

fn main() -> ExitCode {
    let cli = Cli::parse();
    let result = match cli.command {
        Command::Build(args) => build(args),
        Command::Serve(args) => serve(args),
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(err) => {
            print_error(&err, "nothing was written");
            ExitCode::from(1)
        }
    }
}

fn build(args: BuildArgs) -> Result<(), Error> {
    let options = BuildOptions {
        root: args.root,
        output: args.output,
        base_url: args.base_url,
        drafts: args.drafts,
    };
    let report = folio::build(&options)?;
    anstream::println!("{OK}Built{OK:#} {}", summary(&report));
    Ok(())
}

fn serve(args: ServeArgs) -> Result<(), Error> {
    if !args.bind.is_loopback() {
        anstream::eprintln!(
            "{WARN}warning{WARN:#}: listening on {} makes the site reachable from other machines; the default is 127.0.0.1",
            args.bind
        );
    }
    let root = std::fs::canonicalize(&args.root).map_err(|err| Error::io(&args.root, err))?;
    let options = ServeOptions { root, port: args.port, bind: args.bind, drafts: args.drafts };
    let _ = ctrlc::set_handler(|| {
        anstream::println!("\nStopped.");
        std::process::exit(0);
    });
    let open = args.open;
    folio::serve::serve(&options, move |notice| match notice {
        Notice::Listening { url, busy_port } => {
            if let Some(port) = busy_port {
                anstream::println!("Port {port} is busy; using the next free one.");
            }
            anstream::println!(
                "{OK}Serving{OK:#} {BOLD}{url}{BOLD:#} (Ctrl-C to stop); watching for changes."
            );
            if open {
                open_browser(&url);
            }
        }
        Notice::Rebuilt { rendered, changed, elapsed } => {
            anstream::println!(
                "{OK}Rebuilt{OK:#} {rendered} page{}, {changed} file{} changed, in {:.1} ms",
                if rendered == 1 { "" } else { "s" },
                if changed == 1 { "" } else { "s" },
                elapsed.as_secs_f64() * 1000.0
            );
        }
        Notice::Failed(err) => print_error(&err, "the last good version stays served"),
        Notice::WatchError(message) => anstream::eprintln!("{WARN}warning{WARN:#}: {message}"),
    })
}

fn open_browser(url: &str) {
    let command = if cfg!(target_os = "macos") {
        std::process::Command::new("open").arg(url).spawn()
    } else if cfg!(windows) {
        std::process::Command::new("cmd").args(["/C", "start", "", url]).spawn()
    } else {
        std::process::Command::new("xdg-open").arg(url).spawn()
    };
    if command.is_err() {
        anstream::eprintln!("{WARN}warning{WARN:#}: could not open a browser; open {url} yourself");
    }
}

fn summary(report: &BuildReport) -> String {
    let languages: Vec<String> =
        report.pages_by_language.iter().map(|(lang, n)| format!("{lang} {n}")).collect();
    let kinds: Vec<String> =
        report.pages_by_kind.iter().map(|(kind, n)| format!("{kind} {n}")).collect();
    let total: usize = report.pages_by_language.values().sum();
    format!(
        "{total} pages ({}; {}), {} files: {} written, {} unchanged, {} removed, in {} ms → {}",
        languages.join(", "),
        kinds.join(", "),
        report.files,
        report.write.written,
        report.write.unchanged,
        report.write.removed,
        report.elapsed.as_millis(),
        report.output.display()
    )
}

fn print_error(err: &Error, consequence: &str) {
    match err {
        Error::Site(diagnostics) => {
            for d in diagnostics {
                anstream::eprintln!(
                    "{ERROR}error{ERROR:#}: {BOLD}{}{BOLD:#}: {}",
                    d.location(),
                    d.message
                );
                if let Some(hint) = &d.hint {
                    anstream::eprintln!("  {HINT}hint{HINT:#}: {hint}");
                }
            }
            let files: std::collections::BTreeSet<_> =
                diagnostics.iter().map(|d| &d.file).collect();
            anstream::eprintln!(
                "{ERROR}build failed{ERROR:#}: {} error{} in {} file{}; {consequence}",
                diagnostics.len(),
                if diagnostics.len() == 1 { "" } else { "s" },
                files.len(),
                if files.len() == 1 { "" } else { "s" }
            );
        }
        other => anstream::eprintln!("{ERROR}error{ERROR:#}: {other}"),
    }
}
