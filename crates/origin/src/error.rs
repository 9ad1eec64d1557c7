//! Why an origin determination could not be made: the bill or a rules file cannot be read,
//! the bill is inconsistent, or no rule is known for the product. Each problem names its
//! place and reads in both languages; the CLI maps every variant to exit status 2.

use model::{InputError, Lang};
use thiserror::Error;

/// Why no determination was made.
#[derive(Debug, Clone, PartialEq, Eq, Error)]
pub enum OriginError {
    /// The bill of materials cannot be read (not JSON/CSV/xlsx, bad fields).
    #[error("the bill of materials cannot be read")]
    Unreadable(Vec<InputError>),
    /// The bill reads, but its figures or codes are not acceptable (values above the FOB,
    /// currency mismatch, unknown HS code…).
    #[error("the bill of materials is not acceptable")]
    Invalid(Vec<InputError>),
    /// No product-specific rule is known for the product: never taken as originating.
    #[error("no product-specific rule is known for the product")]
    RuleUnknown(Vec<InputError>),
    /// The product's code corresponds to several codes of the rule's HS edition with
    /// different rules.
    #[error("the product's rule depends on how its code converts between HS editions")]
    RuleAmbiguous(Vec<InputError>),
    /// A rules, correlation or nomenclature file cannot be read.
    #[error("a rules or correlation file cannot be read")]
    ReferenceFile(Vec<InputError>),
}

impl OriginError {
    /// Every problem, each with its place.
    pub fn problems(&self) -> &[InputError] {
        match self {
            OriginError::Unreadable(problems)
            | OriginError::Invalid(problems)
            | OriginError::RuleUnknown(problems)
            | OriginError::RuleAmbiguous(problems)
            | OriginError::ReferenceFile(problems) => problems,
        }
    }

    /// The exit status of `declarant origin` for this error: always 2 (bad input).
    pub fn exit_code(&self) -> i32 {
        2
    }

    /// The headline in `lang`.
    pub fn headline(&self, lang: Lang) -> &'static str {
        match (self, lang) {
            (OriginError::Unreadable(_), Lang::Zh) => "物料清单无法读取",
            (OriginError::Invalid(_), Lang::Zh) => "物料清单有误，无法判定原产地",
            (OriginError::RuleUnknown(_), Lang::Zh) => {
                "规则未知：产品特定原产地规则表中没有该产品的规则，不能判定为原产"
            }
            (OriginError::RuleAmbiguous(_), Lang::Zh) => {
                "规则不确定：该编码在不同 HS 版本间对应的规则不同"
            }
            (OriginError::ReferenceFile(_), Lang::Zh) => "规则表或对照表无法读取",
            (OriginError::Unreadable(_), Lang::En) => "the bill of materials cannot be read",
            (OriginError::Invalid(_), Lang::En) => {
                "the bill of materials is not acceptable: no determination was made"
            }
            (OriginError::RuleUnknown(_), Lang::En) => {
                "rule unknown: the product-specific rule table has no rule for the product, so it is not taken as originating"
            }
            (OriginError::RuleAmbiguous(_), Lang::En) => {
                "rule ambiguous: the code corresponds to codes with different rules in the rule's HS edition"
            }
            (OriginError::ReferenceFile(_), Lang::En) => {
                "a rules or correlation file cannot be read"
            }
        }
    }

    /// The headline and every problem as lines of text in `lang`, for the terminal.
    pub fn render(&self, lang: Lang) -> String {
        let mut out = format!("{}\n", self.headline(lang));
        for problem in self.problems() {
            out.push_str(&format!(
                "  {}: {}\n",
                problem.path,
                problem.message.get(lang)
            ));
        }
        out
    }
}
