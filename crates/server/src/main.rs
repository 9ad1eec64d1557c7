//! `declarant-server`: the service alone, for deployments and the black-box tests. The same
//! as `declarant serve`; the master key comes from `DECLARANT_MASTER_KEY` or a key file
//! (created on first start, mode 0600).

use clap::Parser;
use server::keyfile;
use server::ops::{self, ServeConfig};
use std::path::PathBuf;
use std::process::ExitCode;

#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

/// Serves the declarant REST API.
#[derive(Debug, Parser)]
#[command(name = "declarant-server", version)]
struct Args {
    /// Address to listen on (port 0 picks a free one).
    #[arg(long, default_value = "127.0.0.1:8080")]
    listen: String,
    /// `postgres://…` or `sqlite://PATH` (default: a SQLite file in the data directory).
    #[arg(long)]
    database: Option<String>,
    /// Where the SQLite database and the generated key file live.
    #[arg(long, default_value = "declarant-data")]
    data_dir: PathBuf,
    /// The master key file (default: `master.key` in the data directory).
    #[arg(long)]
    master_key_file: Option<PathBuf>,
    /// Do not run the webhook delivery worker (another replica runs it).
    #[arg(long)]
    no_webhooks: bool,
    /// Seconds between two passes of the webhook worker.
    #[arg(long, default_value_t = 60, value_parser = clap::value_parser!(u64).range(1..))]
    webhook_interval: u64,
}

fn main() -> ExitCode {
    let args = Args::parse();
    let key = match std::env::var("DECLARANT_MASTER_KEY") {
        Ok(text) => keyfile::parse_key(&text, "DECLARANT_MASTER_KEY"),
        Err(_) => {
            let path = args
                .master_key_file
                .clone()
                .unwrap_or_else(|| args.data_dir.join("master.key"));
            keyfile::load_or_create(&path).map(|(key, _)| key)
        }
    };
    let master_key = match key {
        Ok(key) => key,
        Err(error) => {
            eprintln!("declarant-server: {error}");
            return ExitCode::from(2);
        }
    };
    let database = args
        .database
        .unwrap_or_else(|| format!("sqlite://{}", args.data_dir.join("declarant.db").display()));
    // The classifier judges rule H003, as in `declarant check`.
    let classifier = match classify::Classifier::build(&classify::embedded_tables()) {
        Ok(classifier) => classifier,
        Err(error) => {
            eprintln!("declarant-server: cannot build the classification index: {error}");
            return ExitCode::from(2);
        }
    };
    let config = ServeConfig {
        name_fit: Some(ops::NameFitEngine(std::sync::Arc::new(classifier))),
        listen: args.listen,
        database,
        master_key,
        settings: server::Settings::default(),
        webhooks: server::webhook::WebhookSettings {
            enabled: !args.no_webhooks,
            interval: std::time::Duration::from_secs(args.webhook_interval),
            ..server::webhook::WebhookSettings::default()
        },
    };
    match ops::serve(config, |address| {
        println!("declarant: listening on http://{address}");
    }) {
        Ok(()) => ExitCode::SUCCESS,
        Err(error) => {
            eprintln!("declarant-server: {error}");
            ExitCode::from(2)
        }
    }
}
