//! The service's commands: `serve`, `tenant create`, `audit verify`, `keys rotate`. A thin
//! shell: it decides where the database and the master key are (the key from
//! `DECLARANT_MASTER_KEY`, else a key file created on first start with mode 0600), then calls
//! `server::ops`.

use model::{Lang, Text};
use server::keyfile;
use server::ops::{self, ServeConfig};
use std::path::{Path, PathBuf};
use store::{MasterKey, TenantKind};

/// The environment variable that may hold the master key (64 hex digits).
pub const MASTER_KEY_ENV: &str = "DECLARANT_MASTER_KEY";

/// Where the data lives.
#[derive(Debug, Clone, clap::Args)]
pub struct StorageArgs {
    /// `postgres://USER@HOST/DB` or `sqlite://PATH` (default: a SQLite file in the data directory).
    #[arg(long, value_name = "URL")]
    pub database: Option<String>,
    /// The folder of the embedded database and the generated master key file.
    #[arg(long, value_name = "DIR", default_value = "declarant-data")]
    pub data_dir: PathBuf,
    /// The master key file (default: `master.key` in the data directory); ignored when
    /// `DECLARANT_MASTER_KEY` is set.
    #[arg(long, value_name = "FILE")]
    pub master_key_file: Option<PathBuf>,
}

impl StorageArgs {
    fn database_url(&self) -> String {
        self.database
            .clone()
            .unwrap_or_else(|| format!("sqlite://{}", self.data_dir.join("declarant.db").display()))
    }

    fn key_file(&self) -> PathBuf {
        self.master_key_file
            .clone()
            .unwrap_or_else(|| self.data_dir.join("master.key"))
    }

    /// The master key: from the environment, else the key file (created when `create`).
    fn master_key(&self, create: bool) -> Result<(MasterKey, KeyOrigin), Text> {
        if let Ok(text) = std::env::var(MASTER_KEY_ENV) {
            return keyfile::parse_key(&text, MASTER_KEY_ENV)
                .map(|key| (key, KeyOrigin::Environment))
                .map_err(|e| Text::new(format!("主密钥无效：{e}"), e.to_string()));
        }
        let path = self.key_file();
        let loaded = if create {
            keyfile::load_or_create(&path)
        } else {
            keyfile::read_key_file(&path).map(|key| (key, false))
        };
        match loaded {
            Ok((key, created)) => {
                if created {
                    eprintln!(
                        "declarant: created master key file {} (mode 0600); keep it safe and out of version control",
                        path.display()
                    );
                }
                Ok((key, KeyOrigin::File(path)))
            }
            Err(error) => Err(Text::new(
                format!("无法读取主密钥：{error}"),
                error.to_string(),
            )),
        }
    }
}

/// Where the master key came from.
enum KeyOrigin {
    Environment,
    File(PathBuf),
}

/// `declarant serve`.
#[derive(Debug, clap::Args)]
pub struct ServeArgs {
    /// Address to listen on (port 0 picks a free one).
    #[arg(long, default_value = "127.0.0.1:8080")]
    pub listen: String,
    #[command(flatten)]
    pub storage: StorageArgs,
    /// Do not run the webhook delivery worker (another replica runs it).
    #[arg(long)]
    pub no_webhooks: bool,
    /// Seconds between two passes of the webhook worker (reminders enqueued and delivered).
    #[arg(long, value_name = "SECONDS", default_value_t = 60, value_parser = clap::value_parser!(u64).range(1..))]
    pub webhook_interval: u64,
}

/// `declarant tenant …`.
#[derive(Debug, clap::Subcommand)]
pub enum TenantCommand {
    /// Create a tenant with its first administrator; prints its id and API key.
    Create {
        /// The tenant's name.
        name: String,
        /// An agency (with client enterprises) or an enterprise on its own.
        #[arg(long, value_enum, default_value_t = KindArg::Agency)]
        kind: KindArg,
        #[command(flatten)]
        storage: StorageArgs,
    },
}

/// The kind of a new tenant.
#[derive(Debug, Clone, Copy, clap::ValueEnum)]
pub enum KindArg {
    /// A customs agency.
    Agency,
    /// An enterprise.
    Enterprise,
}

/// `declarant audit …`.
#[derive(Debug, clap::Subcommand)]
pub enum AuditCommand {
    /// Recompute the audit chain and its signed checkpoints: 0 intact, 1 tampered.
    Verify {
        /// Output format.
        #[arg(long, value_enum, default_value_t = VerdictFormat::Text)]
        format: VerdictFormat,
        #[command(flatten)]
        storage: StorageArgs,
    },
}

/// How `audit verify` answers.
#[derive(Debug, Clone, Copy, clap::ValueEnum)]
pub enum VerdictFormat {
    /// One sentence.
    Text,
    /// `{"intact", "entries", "checkpoints", "first_bad_seq", "problem", "message"}`.
    Json,
}

/// `declarant keys …`.
#[derive(Debug, clap::Subcommand)]
pub enum KeysCommand {
    /// Generate a new master key and re-wrap every data key under it.
    Rotate {
        #[command(flatten)]
        storage: StorageArgs,
    },
}

fn fail(message: &Text, lang: Lang) -> u8 {
    eprintln!("declarant: {}", message.get(lang));
    2
}

/// Runs `serve` until interrupted.
pub fn serve(args: &ServeArgs, lang: Lang) -> u8 {
    let (master_key, _) = match args.storage.master_key(true) {
        Ok(key) => key,
        Err(message) => return fail(&message, lang),
    };
    // The classifier judges rule H003, as in `check`: the API reports what the command line does.
    let classifier =
        match crate::data::read(None).and_then(|files| crate::classify_cmd::build(&files)) {
            Ok(classifier) => classifier,
            Err(message) => return fail(&message, lang),
        };
    let config = ServeConfig {
        name_fit: Some(ops::NameFitEngine(std::sync::Arc::new(classifier))),
        listen: args.listen.clone(),
        database: args.storage.database_url(),
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
        Ok(()) => 0,
        Err(error) => fail(
            &Text::new(format!("服务启动失败：{error}"), error.to_string()),
            lang,
        ),
    }
}

/// Runs `tenant create`.
pub fn tenant(command: &TenantCommand, lang: Lang) -> u8 {
    let TenantCommand::Create {
        name,
        kind,
        storage,
    } = command;
    let (master_key, _) = match storage.master_key(true) {
        Ok(key) => key,
        Err(message) => return fail(&message, lang),
    };
    let kind = match kind {
        KindArg::Agency => TenantKind::Agency,
        KindArg::Enterprise => TenantKind::Enterprise,
    };
    match ops::create_tenant(&storage.database_url(), master_key, name, kind) {
        Ok(tenant) => {
            println!(
                "{}",
                serde_json::json!({"tenant_id": tenant.tenant_id, "api_key": tenant.api_key})
            );
            0
        }
        Err(error) => fail(
            &Text::new(format!("无法创建租户：{error}"), error.to_string()),
            lang,
        ),
    }
}

/// Runs `audit verify`: 0 intact, 1 tampered (naming the first bad entry), 2 unreadable.
pub fn audit(command: &AuditCommand, lang: Lang) -> u8 {
    let AuditCommand::Verify { format, storage } = command;
    let (master_key, _) = match storage.master_key(false) {
        Ok(key) => key,
        Err(message) => return fail(&message, lang),
    };
    let verdict = match ops::verify_audit(&storage.database_url(), master_key) {
        Ok(verdict) => verdict,
        Err(error) => {
            return fail(
                &Text::new(format!("无法验证审计日志：{error}"), error.to_string()),
                lang,
            );
        }
    };
    let message = verdict.describe();
    match format {
        VerdictFormat::Text => println!("{}", message.get(lang)),
        VerdictFormat::Json => {
            let (seq, problem) = match &verdict.first_bad {
                Some((seq, tamper)) => (Some(*seq), serde_json::to_value(tamper).ok()),
                None => (None, None),
            };
            println!(
                "{}",
                serde_json::json!({"intact": verdict.intact(), "entries": verdict.entries,
                    "checkpoints": verdict.checkpoints, "first_bad_seq": seq,
                    "problem": problem, "message": message.get(lang)})
            );
        }
    }
    if verdict.intact() { 0 } else { 1 }
}

/// Runs `keys rotate`. With a key file: the new key is written beside it first
/// (`….new`), the database re-wrapped, then the new file replaces the old. With the
/// environment variable: the new key is printed, to be put in its place.
pub fn keys(command: &KeysCommand, lang: Lang) -> u8 {
    let KeysCommand::Rotate { storage } = command;
    let (current, origin) = match storage.master_key(false) {
        Ok(key) => key,
        Err(message) => return fail(&message, lang),
    };
    let new_key = match MasterKey::generate() {
        Ok(key) => key,
        Err(error) => {
            return fail(
                &Text::new(format!("无法生成新密钥：{error}"), error.to_string()),
                lang,
            );
        }
    };
    let staged = match &origin {
        KeyOrigin::File(path) => {
            let staged = staged_path(path);
            if let Err(error) = keyfile::write_key_file(&staged, &new_key) {
                return fail(
                    &Text::new(format!("无法写入新密钥：{error}"), error.to_string()),
                    lang,
                );
            }
            Some((path.clone(), staged))
        }
        KeyOrigin::Environment => None,
    };
    let rewrapped = match ops::rotate_keys(&storage.database_url(), current, new_key.clone()) {
        Ok(count) => count,
        Err(error) => {
            if let Some((_, staged)) = &staged {
                let _ = std::fs::remove_file(staged);
            }
            return fail(
                &Text::new(format!("密钥轮换失败：{error}"), error.to_string()),
                lang,
            );
        }
    };
    match staged {
        Some((path, staged)) => {
            if let Err(error) = std::fs::rename(&staged, &path) {
                return fail(
                    &Text::new(
                        format!(
                            "数据库已改用新密钥，但无法替换密钥文件：请手动将 {} 改名为 {}（{error}）",
                            staged.display(),
                            path.display()
                        ),
                        format!(
                            "the database now uses the new key, but the key file could not be replaced: rename {} to {} by hand ({error})",
                            staged.display(),
                            path.display()
                        ),
                    ),
                    lang,
                );
            }
            println!(
                "{}",
                serde_json::json!({"rewrapped": rewrapped, "master_key_id": new_key.id(), "key_file": path.display().to_string()})
            );
        }
        None => {
            eprintln!(
                "declarant: {}",
                Text::new(
                    format!("请将 {MASTER_KEY_ENV} 改为下面的新主密钥"),
                    format!("set {MASTER_KEY_ENV} to the new master key below"),
                )
                .get(lang)
            );
            println!(
                "{}",
                serde_json::json!({"rewrapped": rewrapped, "master_key_id": new_key.id(), "master_key": new_key.to_hex()})
            );
        }
    }
    0
}

fn staged_path(path: &Path) -> PathBuf {
    let mut name = path
        .file_name()
        .map(|n| n.to_os_string())
        .unwrap_or_default();
    name.push(".new");
    path.with_file_name(name)
}
