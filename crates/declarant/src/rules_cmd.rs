//! `declarant rules` and `declarant explain CODE`.

use model::Lang;

/// Arguments of `rules`.
#[derive(Debug, clap::Args)]
pub struct RulesArgs {
    /// Output format.
    #[arg(long, value_enum, default_value_t = ListFormat::Text)]
    pub format: ListFormat,
}

/// Formats of the rule list.
#[derive(Debug, Clone, Copy, clap::ValueEnum)]
pub enum ListFormat {
    /// A table.
    Text,
    /// JSON: `[{"code", "severity", "title"}]`.
    Json,
}

pub fn list(args: &RulesArgs, lang: Lang) -> u8 {
    match args.format {
        ListFormat::Json => {
            let rules: Vec<serde_json::Value> = rules::RULES
                .iter()
                .map(|r| serde_json::json!({"code": r.code, "severity": r.severity.as_str(), "title": r.title(lang)}))
                .collect();
            println!("{}", serde_json::Value::Array(rules));
        }
        ListFormat::Text => {
            let mut table = comfy_table::Table::new();
            table.load_style(comfy_table::presets::NOTHING);
            let header = if lang == Lang::Zh {
                ["代码", "级别", "规则"]
            } else {
                ["code", "severity", "rule"]
            };
            table.set_header(header);
            for rule in rules::RULES {
                table.add_row([rule.code, rule.severity.label(lang), rule.title(lang)]);
            }
            println!("{table}");
        }
    }
    0
}

pub fn explain(code: &str, lang: Lang) -> u8 {
    match rules::rule(code) {
        Some(rule) => {
            println!("{}", rule.page(lang).trim_end());
            0
        }
        None => {
            let message = if lang == Lang::Zh {
                format!("没有代码为 `{code}` 的规则；`declarant rules` 列出全部规则")
            } else {
                format!("no rule has code `{code}`; `declarant rules` lists them all")
            };
            eprintln!("declarant: {message}");
            2
        }
    }
}
