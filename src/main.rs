//! The `folio` binary: parse the command line, call the library, print the outcome.

use std::process::ExitCode;

use anstyle::{AnsiColor, Style};
use clap::CommandFactory;
use clap::Parser;
use folio::cmd::check::Severity;
use folio::cmd::cli::{
    BuildArgs, CheckArgs, CheckFormat, Cli, Command, ImportCommand, ImportIdentifiersArgs,
    InitArgs, NewArgs, ServeArgs, ThemeCommand,
};
use folio::serve::{Notice, ServeOptions};
use folio::{BuildOptions, BuildReport, Error};

const ERROR: Style = AnsiColor::Red.on_default().bold();
const HINT: Style = AnsiColor::Cyan.on_default();
const BOLD: Style = Style::new().bold();
const OK: Style = AnsiColor::Green.on_default().bold();
const WARN: Style = AnsiColor::Yellow.on_default().bold();

// A build makes millions of short-lived strings and maps on every core at once; jemalloc
// serves them faster than glibc's malloc for about the same peak memory
// (docs/performance.md has the measurements, mimalloc's too).
#[cfg(not(windows))]
#[global_allocator]
static ALLOCATOR: tikv_jemallocator::Jemalloc = tikv_jemallocator::Jemalloc;

fn main() -> ExitCode {
    let cli = Cli::parse();
    let result = match cli.command {
        Command::Build(args) => build(args),
        Command::Serve(args) => serve(args),
        Command::Init(args) => init(args),
        Command::New(args) => new(args),
        Command::Check(args) => return check(args),
        Command::Theme(ThemeCommand::Eject(args)) => eject(args.root, &args.name),
        Command::Import(ImportCommand::Bibtex(args)) => {
            let mode = args.writing.mode();
            let imported =
                folio::import::bibtex::import(&args.writing.root, &args.file, &args.section, mode);
            return report_import(imported, &args.writing.root, mode.dry_run);
        }
        Command::Import(ImportCommand::Resume(args)) => {
            let mode = args.writing.mode();
            let imported = folio::import::resume::import(&args.writing.root, &args.file, mode);
            return report_import(imported, &args.writing.root, mode.dry_run);
        }
        Command::Import(ImportCommand::Identifiers(words)) => {
            let args = ImportIdentifiersArgs::parse_from(
                std::iter::once("folio import".to_string()).chain(words),
            );
            let identifiers: Result<Vec<_>, String> = args
                .identifiers
                .iter()
                .map(|text| folio::import::identifiers::Identifier::parse(text))
                .collect();
            let identifiers = match identifiers {
                Ok(identifiers) => identifiers,
                Err(why) => {
                    print_failure(&Error::Refused(why), "import failed", "no file was written");
                    return ExitCode::from(2);
                }
            };
            let mode = args.writing.mode();
            let imported = folio::import::identifiers::import(
                &args.writing.root,
                &identifiers,
                &args.section,
                mode,
            );
            return report_import(imported, &args.writing.root, mode.dry_run);
        }
        Command::Completions(args) => {
            clap_complete::generate(
                args.shell,
                &mut Cli::command(),
                "folio",
                &mut std::io::stdout(),
            );
            Ok(())
        }
        Command::Man(args) => man(args.dir.as_deref()),
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(Error::Interrupted) => {
            anstream::eprintln!("{WARN}interrupted{WARN:#}: the output folder was left as it was");
            ExitCode::from(130)
        }
        Err(err) => {
            print_error(&err, "the output folder was left as it was");
            ExitCode::from(1)
        }
    }
}

fn man(dir: Option<&std::path::Path>) -> Result<(), Error> {
    let Some(dir) = dir else {
        return clap_mangen::Man::new(Cli::command())
            .render(&mut std::io::stdout())
            .map_err(|err| Error::io("stdout", err));
    };
    std::fs::create_dir_all(dir).map_err(|err| Error::io(dir, err))?;
    clap_mangen::generate_to(Cli::command(), dir).map_err(|err| Error::io(dir, err))?;
    anstream::println!("{OK}Wrote{OK:#} the manual pages into {}", dir.display());
    Ok(())
}

fn build(args: BuildArgs) -> Result<(), Error> {
    let options = BuildOptions {
        root: args.root,
        output: args.output,
        base_url: args.base_url,
        drafts: args.drafts,
        minify: args.minify,
        force: args.force,
    };
    // Ctrl-C and SIGTERM stop the build before it commits (or once its commit is done),
    // so the output folder is always the old site or the new one.
    let _ = ctrlc::set_handler(folio::request_stop);
    let report = folio::build(&options)?;
    anstream::println!("{OK}Built{OK:#} {}", summary(&report));
    Ok(())
}

fn init(args: InitArgs) -> Result<(), Error> {
    let created = folio::cmd::init::init(&args.dir, args.lang.code(), args.force)?;
    for path in &created.written {
        anstream::println!("  created {}", args.dir.join(path).display());
    }
    for path in &created.skipped {
        anstream::println!("  kept    {} (it already exists)", args.dir.join(path).display());
    }
    for name in &created.hidden {
        anstream::println!("  kept    {} (it was there before)", args.dir.join(name).display());
    }
    anstream::println!(
        "{OK}Created{OK:#} a new site in {}. Next: cd {} && folio serve",
        args.dir.display(),
        args.dir.display()
    );
    Ok(())
}

fn new(args: NewArgs) -> Result<(), Error> {
    let path = folio::cmd::new::new_content(
        &args.root,
        args.kind.kind(),
        &args.title,
        args.lang.as_deref(),
        args.date.as_deref(),
    )?;
    anstream::println!("{}", args.root.join(path).display());
    Ok(())
}

fn report_import(
    result: Result<folio::import::Imported, Error>,
    root: &std::path::Path,
    dry_run: bool,
) -> ExitCode {
    let imported = match result {
        Ok(imported) => imported,
        Err(err) => {
            print_failure(&err, "import failed", "no file was written");
            return ExitCode::from(1);
        }
    };
    for note in &imported.renamed {
        anstream::println!("  {WARN}note{WARN:#}: {note}");
    }
    for warning in &imported.warnings {
        anstream::println!("  {WARN}warning{WARN:#}: {warning}");
    }
    for note in &imported.notes {
        anstream::println!("  {HINT}note{HINT:#}: {note}");
    }
    let (wrote, updated) =
        if dry_run { ("would write ", "would update") } else { ("wrote  ", "updated") };
    for path in &imported.written {
        anstream::println!("  {wrote} {}", root.join(path).display());
    }
    for path in &imported.updated {
        anstream::println!("  {updated} {}", root.join(path).display());
    }
    for (path, why) in &imported.skipped {
        anstream::println!("  skipped {} ({why})", root.join(path).display());
    }
    let count = |n: usize| format!("{n} file{}", if n == 1 { "" } else { "s" });
    anstream::println!(
        "{OK}{}{OK:#} {} new, {} updated, {} unchanged, {} skipped",
        if dry_run { "Dry run, nothing written:" } else { "Imported" },
        count(imported.written.len()),
        imported.updated.len(),
        imported.unchanged.len(),
        imported.skipped.len()
    );
    if imported.problems.is_empty() {
        return ExitCode::SUCCESS;
    }
    print_failure(
        &Error::Site(imported.problems),
        "import incomplete",
        "the other entries were imported",
    );
    ExitCode::from(1)
}

fn eject(root: std::path::PathBuf, name: &str) -> Result<(), Error> {
    let created = folio::cmd::init::eject_theme(&root, name)?;
    anstream::println!(
        "{OK}Copied{OK:#} the default theme ({} files) to {}",
        created.written.len(),
        root.join("themes").join(name).display()
    );
    if let Some(hint) = folio::cmd::init::eject_hint(name) {
        anstream::println!("  {HINT}hint{HINT:#}: {hint}");
    }
    Ok(())
}

fn check(args: CheckArgs) -> ExitCode {
    let options = BuildOptions { root: args.root, drafts: args.drafts, ..BuildOptions::default() };
    let report = match folio::cmd::check::check(&options) {
        Ok(report) => report,
        Err(err) => {
            print_failure(&err, "check failed", "the check could not finish");
            return ExitCode::from(1);
        }
    };
    if args.format == CheckFormat::Json {
        match serde_json::to_string_pretty(&report) {
            Ok(json) => anstream::println!("{json}"),
            Err(err) => anstream::eprintln!("{ERROR}error{ERROR:#}: {err}"),
        }
    } else {
        for finding in &report.findings {
            let (label, style) = match finding.severity {
                Severity::Error => ("error", ERROR),
                Severity::Warning => ("warning", WARN),
                Severity::Note => ("note", HINT),
            };
            let location = match finding.line {
                Some(line) => format!("{}:{line}", finding.file),
                None => finding.file.clone(),
            };
            anstream::println!(
                "{style}{label}{style:#}: {BOLD}{location}{BOLD:#}: {}",
                finding.message
            );
            if let Some(hint) = &finding.hint {
                anstream::println!("  {HINT}hint{HINT:#}: {hint}");
            }
        }
        let (style, verdict) =
            if report.errors > 0 { (ERROR, "problems found") } else { (OK, "OK") };
        anstream::println!(
            "{style}{verdict}{style:#}: {} error{}, {} warning{}",
            report.errors,
            if report.errors == 1 { "" } else { "s" },
            report.warnings,
            if report.warnings == 1 { "" } else { "s" }
        );
    }
    if report.errors > 0 { ExitCode::from(1) } else { ExitCode::SUCCESS }
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
    print_failure(err, "build failed", consequence);
}

fn print_failure(err: &Error, headline: &str, consequence: &str) {
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
                "{ERROR}{headline}{ERROR:#}: {} error{} in {} file{}; {consequence}",
                diagnostics.len(),
                if diagnostics.len() == 1 { "" } else { "s" },
                files.len(),
                if files.len() == 1 { "" } else { "s" }
            );
        }
        other => anstream::eprintln!("{ERROR}error{ERROR:#}: {other}"),
    }
}
