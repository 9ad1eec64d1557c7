//! `declarant`: the command line. A thin shell: it reads files, calls the pure core
//! (model, refdata, rules) and prints what it answers.

mod agency_cmd;
mod check;
mod classify_batch;
mod classify_cmd;
mod data;
mod inputs;
mod origin_cmd;
mod output;
mod rules_cmd;
mod service_cmd;

use clap::{Parser, Subcommand, ValueEnum};
use model::Lang;
use std::path::PathBuf;
use std::process::ExitCode;

/// The check is allocation-bound (one string per field of every document): mimalloc's
/// thread-local free lists serve the parallel batch better than the system allocator.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

/// Checks Chinese customs declarations and their shipment documents before they reach customs.
#[derive(Debug, Parser)]
#[command(name = "declarant", version, about, long_about = None)]
struct Cli {
    /// Language of messages, rule pages and reports.
    #[arg(long, global = true, value_parser = parse_lang, default_value = "zh")]
    lang: Lang,
    /// A directory of reference tables overriding the built-in ones (see data/PROVENANCE.md).
    #[arg(long, global = true, value_name = "DIR")]
    data: Option<PathBuf>,
    /// When to colour the output.
    #[arg(long, global = true, value_enum, default_value_t = ColorWhen::Auto)]
    color: ColorWhen,
    #[command(subcommand)]
    command: Command,
}

#[derive(Debug, Clone, Copy, ValueEnum)]
enum ColorWhen {
    Auto,
    Always,
    Never,
}

#[derive(Debug, Subcommand)]
enum Command {
    /// Check shipment bundles: files, or every shipment in a folder.
    Check(check::CheckArgs),
    /// Convert declaration messages, spreadsheets or bundles into the canonical JSON bundle.
    Import(inputs::ImportArgs),
    /// List the rules.
    Rules(rules_cmd::RulesArgs),
    /// Print one rule's page: what it checks, why, how to fix, an example.
    Explain {
        /// The rule code, e.g. C003.
        code: String,
    },
    /// Serve the web application and REST API (SQLite by default, PostgreSQL with --database).
    Serve(service_cmd::ServeArgs),
    /// Tenants of the service.
    #[command(subcommand)]
    Tenant(service_cmd::TenantCommand),
    /// The tamper-evident audit log of the service.
    #[command(subcommand)]
    Audit(service_cmd::AuditCommand),
    /// The master key of the encrypted store.
    #[command(subcommand)]
    Keys(service_cmd::KeysCommand),
    /// Suggest commodity codes for a product description (or a table of them).
    Classify(classify_cmd::ClassifyArgs),
    /// RCEP origin determination of one product from its bill of materials.
    Origin(origin_cmd::OriginArgs),
    /// China working-day arithmetic (official holidays and make-up working days).
    Workdays(agency_cmd::WorkdaysArgs),
    /// What is due, due soon and overdue: workflow nodes, receipts, qualifications.
    Reminders(agency_cmd::RemindersArgs),
    /// Monthly agent scorecards from shipment history.
    Scorecard(agency_cmd::ScorecardArgs),
}

fn parse_lang(text: &str) -> Result<Lang, String> {
    Lang::parse(text).ok_or_else(|| format!("`{text}` is not a language: use `zh` or `en`"))
}

fn main() -> ExitCode {
    install_panic_message();
    let cli = Cli::parse();
    match cli.color {
        ColorWhen::Auto => {}
        ColorWhen::Always => anstream::ColorChoice::Always.write_global(),
        ColorWhen::Never => anstream::ColorChoice::Never.write_global(),
    }
    let code = match &cli.command {
        Command::Check(args) => check::run(args, cli.lang, cli.data.as_deref()),
        Command::Import(args) => inputs::run_import(args, cli.lang),
        Command::Rules(args) => rules_cmd::list(args, cli.lang),
        Command::Explain { code } => rules_cmd::explain(code, cli.lang),
        Command::Serve(args) => service_cmd::serve(args, cli.lang),
        Command::Tenant(command) => service_cmd::tenant(command, cli.lang),
        Command::Audit(command) => service_cmd::audit(command, cli.lang),
        Command::Keys(command) => service_cmd::keys(command, cli.lang),
        Command::Classify(args) => classify_cmd::run(args, cli.lang, cli.data.as_deref()),
        Command::Origin(args) => origin_cmd::run(args, cli.lang),
        Command::Workdays(args) => agency_cmd::workdays(args, cli.lang),
        Command::Reminders(args) => agency_cmd::reminders(args, cli.lang),
        Command::Scorecard(args) => agency_cmd::scorecard(args, cli.lang),
    };
    ExitCode::from(code)
}

/// A bug must never greet a user with a stack trace: say what happened in one line.
fn install_panic_message() {
    std::panic::set_hook(Box::new(|info| {
        // Output piped into a reader that stopped (`| head`): end quietly, as Unix tools do
        // on SIGPIPE (status 141).
        let payload = info
            .payload()
            .downcast_ref::<String>()
            .map(String::as_str)
            .or_else(|| info.payload().downcast_ref::<&str>().copied())
            .unwrap_or("");
        if payload.contains("Broken pipe") {
            std::process::exit(141);
        }
        let place = info
            .location()
            .map_or_else(String::new, |l| format!(" at {}:{}", l.file(), l.line()));
        eprintln!(
            "declarant: internal error{place}; please report it with the input that caused it"
        );
    }));
}
