//! The `folio` binary: parse the command line, call the library, print the outcome.

use std::process::ExitCode;

use anstyle::{AnsiColor, Style};
use clap::Parser;
use folio::cli::{BuildArgs, Cli, Command};
use folio::{BuildOptions, BuildReport, Error};

const ERROR: Style = AnsiColor::Red.on_default().bold();
const HINT: Style = AnsiColor::Cyan.on_default();
const BOLD: Style = Style::new().bold();
const OK: Style = AnsiColor::Green.on_default().bold();

fn main() -> ExitCode {
    let cli = Cli::parse();
    let result = match cli.command {
        Command::Build(args) => build(args),
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(err) => {
            print_error(&err);
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

fn print_error(err: &Error) {
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
                "{ERROR}build failed{ERROR:#}: {} error{} in {} file{}; nothing was written",
                diagnostics.len(),
                if diagnostics.len() == 1 { "" } else { "s" },
                files.len(),
                if files.len() == 1 { "" } else { "s" }
            );
        }
        other => anstream::eprintln!("{ERROR}error{ERROR:#}: {other}"),
    }
}
