//! `agora check` and `agora guide`: checking a post against a voice guide, and testing, linting,
//! importing and exporting guide files. A stable interface for scripts: `check` exits 0 without
//! error-level findings, 1 with, 2 on bad usage or a bad guide.

use std::io::Read;
use std::path::{Path, PathBuf};

use chrono::{DateTime, Utc};
use clap::{Args, Subcommand};
use serde::Serialize;

use super::{parse_network, Printer};
use crate::error::{Error, Result};
use crate::language::Language;
use crate::profile::Network;
use crate::store::Store;
use crate::voice::check::{check, CheckReport, DraftCheck};
use crate::voice::compiled::CompiledGuide;
use crate::voice::examples::{self, ExampleOutcome};
use crate::voice::guide::{self, Level};
use crate::voice::networks::NetworkLimits;
use crate::voice::stored;

#[derive(Debug, Args)]
pub(super) struct CheckArgs {
    /// The voice guide to check with (default: the starter guide).
    #[arg(long, value_name = "FILE")]
    guide: Option<PathBuf>,
    /// A network to count for (repeatable; default: all of them).
    #[arg(long = "network", value_name = "NAME", value_parser = parse_network)]
    networks: Vec<Network>,
    /// The post's language (default: detected).
    #[arg(long, value_parser = str::parse::<Language>)]
    lang: Option<Language>,
    /// The post to check, or `-` for standard input.
    #[arg(default_value = "-")]
    file: PathBuf,
}

#[derive(Debug, Subcommand)]
pub(super) enum GuideCommand {
    /// Checks that every rule's bad examples trigger it and its good examples do not.
    Test { file: PathBuf },
    /// Validates a guide file and points out rules without examples and unknown placeholders.
    Lint { file: PathBuf },
    /// Makes a guide file the library's guide (after validating it).
    Import { file: PathBuf },
    /// Writes the library's guide to a file.
    Export { file: PathBuf },
}

fn read_guide(path: &Path) -> Result<CompiledGuide> {
    let source = read_text(path)?;
    CompiledGuide::compile(guide::parse(&path.display().to_string(), &source)?)
}

/// Reads a file (or standard input for `-`) as UTF-8 text.
fn read_text(path: &Path) -> Result<String> {
    let (name, bytes) = if path == Path::new("-") {
        let mut bytes = Vec::new();
        std::io::stdin()
            .read_to_end(&mut bytes)
            .map_err(Error::io("standard input"))?;
        ("standard input".to_owned(), bytes)
    } else {
        (
            path.display().to_string(),
            std::fs::read(path).map_err(Error::io(path))?,
        )
    };
    String::from_utf8(bytes).map_err(|e| {
        Error::invalid(
            "input",
            format!(
                "{name} is not UTF-8 text (invalid byte at offset {})",
                e.utf8_error().valid_up_to()
            ),
        )
    })
}

/// Runs `agora check`; returns the exit code.
pub(super) fn run_check(args: CheckArgs, printer: Printer) -> Result<i32> {
    let guide = match &args.guide {
        Some(path) => read_guide(path)?,
        None => CompiledGuide::starter(),
    };
    let text = read_text(&args.file)?;
    let draft = DraftCheck {
        text: text.clone(),
        lang: args.lang,
        networks: args.networks,
        ..DraftCheck::default()
    };
    let report = check(&guide, &draft, &NetworkLimits::default());
    let code = i32::from(report.has_errors());
    printer.print(&report, |r| text_report(r, &text))?;
    Ok(code)
}

/// `line:column` (1-based, in characters) of a character offset.
fn position(text: &str, offset: u32) -> String {
    let before: String = text.chars().take(offset as usize).collect();
    let line = before.matches('\n').count() + 1;
    let column = before.rsplit('\n').next().map_or(0, |l| l.chars().count()) + 1;
    format!("{line}:{column}")
}

fn text_report(report: &CheckReport, text: &str) -> String {
    let mut out = String::new();
    for f in &report.findings {
        let level = match f.level {
            Level::Error => "error",
            Level::Warning => "warning",
            Level::Suggestion => "suggestion",
        };
        out.push_str(&format!(
            "{} {level} [{}] {}\n",
            position(text, f.start),
            f.rule,
            f.message
        ));
        if let Some(suggestion) = &f.suggestion {
            out.push_str(&format!("    suggestion: {suggestion}\n"));
        }
    }
    if report.findings.is_empty() {
        out.push_str("no findings\n");
    }
    let m = &report.metrics;
    let score = match (m.gulpease, m.flesch) {
        (Some(g), _) => format!(", Gulpease {g}"),
        (_, Some(f)) => format!(", Flesch {f}"),
        _ => String::new(),
    };
    out.push_str(&format!(
        "language {}; {} words, {} sentences{score}\n",
        report.lang, m.words, m.sentences
    ));
    for (network, count) in &report.networks {
        let thread = match count.parts.len() {
            0 | 1 => String::new(),
            n => format!(" (thread of {n}: its longest post)"),
        };
        out.push_str(&format!(
            "{:<10} {}/{} {}{thread}\n",
            network.code(),
            count.length,
            count.limit,
            if count.fits { "fits" } else { "too long" }
        ));
    }
    out
}

#[derive(Serialize)]
struct TestSummary {
    passed: usize,
    failed: Vec<ExampleOutcome>,
}

#[derive(Serialize)]
struct LintSummary {
    rules: usize,
    warnings: Vec<String>,
}

/// Runs `agora guide …`; returns the exit code.
pub(super) fn run_guide(
    command: GuideCommand,
    data_dir: impl FnOnce() -> Result<PathBuf>,
    printer: Printer,
    now: DateTime<Utc>,
) -> Result<i32> {
    match command {
        GuideCommand::Test { file } => {
            let outcomes = examples::run(&read_guide(&file)?);
            let (passed, failed): (Vec<_>, Vec<_>) = outcomes.into_iter().partition(ExampleOutcome::passed);
            let summary = TestSummary {
                passed: passed.len(),
                failed,
            };
            let code = i32::from(!summary.failed.is_empty());
            printer.print(&summary, |s| {
                let mut out = String::new();
                for o in &s.failed {
                    let expected = if o.bad {
                        "should trigger"
                    } else {
                        "should not trigger"
                    };
                    out.push_str(&format!("FAIL {}: {expected} on {:?}\n", o.rule, o.example));
                }
                out.push_str(&format!(
                    "{} examples passed, {} failed\n",
                    s.passed,
                    s.failed.len()
                ));
                out
            })?;
            Ok(code)
        }
        GuideCommand::Lint { file } => {
            let compiled = read_guide(&file)?;
            let summary = LintSummary {
                rules: compiled.guide.rules.len(),
                warnings: guide::lint_warnings(&compiled.guide),
            };
            printer.print(&summary, |s| {
                let mut out: String = s.warnings.iter().map(|w| format!("warning: {w}\n")).collect();
                out.push_str(&format!(
                    "valid: {} rules, {} warnings\n",
                    s.rules,
                    s.warnings.len()
                ));
                out
            })?;
            Ok(0)
        }
        GuideCommand::Import { file } => {
            let store = Store::open_dir(&data_dir()?)?;
            let document = stored::import_file(&store, &file, now)?;
            printer.print(&document.guide.rules.len(), |n| {
                format!("imported {} ({n} rules)\n", file.display())
            })?;
            Ok(0)
        }
        GuideCommand::Export { file } => {
            let store = Store::open_dir(&data_dir()?)?;
            stored::export_file(&store, &file)?;
            printer.print(&file.display().to_string(), |f| format!("wrote {f}\n"))?;
            Ok(0)
        }
    }
}
