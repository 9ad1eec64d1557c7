//! The hand-written parser of rule texts: `CTH or RVC40`, `CC except from Chapter 10`,
//! `(CTSH and RVC35 build-up) or WO`, `"free text"` for what cannot be checked.
//!
//! Grammar (keywords are case-insensitive; `或` and `หรือ` also mean `or`, `且` and `并且` `and`):
//!
//! ```text
//! rule    := and ("or" and)*
//! and     := primary ("and" primary)*
//! primary := "(" rule ")" | "WO" | "CR" | shift | rvc | QUOTED
//! shift   := ("CC" | "CTH" | "CTSH") ["except" "from" span ("," span)*]
//! span    := [LEVELWORD] CODE [("-" | "to" | "through") CODE]
//! rvc     := "RVC" NUMBER ["%"] ["build-up" | "build-down"]     (also "RVC" followed by NUMBER)
//! ```
//!
//! A CODE is written with digits and an optional dot (`01`, `10.01`, `1211.20`, `121120`); its
//! number of digits gives its level unless a level word (`Chapter`, `heading`, `subheading`)
//! says so. Every error names the column (1-based, in characters) where it was found.

use crate::hs::{HsLevel, HsSpan};
use crate::rule::{Rule, RvcMethod};
use model::Text;
use rust_decimal::Decimal;
use std::fmt;

/// Why a rule text could not be read, and where.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RuleSyntaxError {
    /// The column (1-based, in characters) of the offending token.
    pub column: usize,
    /// What was expected, in both languages.
    pub message: Text,
}

impl fmt::Display for RuleSyntaxError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "column {}: {}", self.column, self.message.en)
    }
}

impl std::error::Error for RuleSyntaxError {}

/// Parses a rule text into its tree. Never panics; every error names its column.
pub fn parse_rule(text: &str) -> Result<Rule, RuleSyntaxError> {
    let tokens = tokenize(text)?;
    let mut parser = Parser {
        tokens,
        position: 0,
        end_column: text.chars().count() + 1,
        depth: 0,
    };
    let rule = parser.rule()?;
    match parser.peek() {
        None => Ok(rule),
        Some(token) => Err(parser.error_at(
            token.column,
            format!("多余的内容 `{}`：规则之间应以 or / and 连接", token.text()),
            format!(
                "unexpected `{}`: rules are joined with `or` / `and`",
                token.text()
            ),
        )),
    }
}

#[derive(Debug, Clone, PartialEq)]
enum TokenKind {
    Word(String),
    Number(String),
    Quoted(String),
    Open,
    Close,
    Comma,
    Dash,
    Percent,
}

#[derive(Debug, Clone)]
struct Token {
    kind: TokenKind,
    column: usize,
}

impl Token {
    fn text(&self) -> String {
        match &self.kind {
            TokenKind::Word(word) | TokenKind::Number(word) => word.clone(),
            TokenKind::Quoted(text) => format!("\"{text}\""),
            TokenKind::Open => "(".to_string(),
            TokenKind::Close => ")".to_string(),
            TokenKind::Comma => ",".to_string(),
            TokenKind::Dash => "-".to_string(),
            TokenKind::Percent => "%".to_string(),
        }
    }

    fn is_word(&self, words: &[&str]) -> bool {
        matches!(&self.kind, TokenKind::Word(word) if words.iter().any(|w| word.eq_ignore_ascii_case(w)))
    }
}

const OR_WORDS: &[&str] = &["or", "或", "หรือ"];
const AND_WORDS: &[&str] = &["and", "且", "并且"];
/// Nesting deeper than this is refused, so that hostile input cannot exhaust the stack.
const MAX_DEPTH: usize = 64;

fn tokenize(text: &str) -> Result<Vec<Token>, RuleSyntaxError> {
    let chars: Vec<char> = text.chars().collect();
    let mut tokens = Vec::new();
    let mut i = 0;
    while i < chars.len() {
        let c = chars[i];
        let column = i + 1;
        let single = match c {
            '(' | '（' => Some(TokenKind::Open),
            ')' | '）' => Some(TokenKind::Close),
            ',' | '，' | ';' | '；' => Some(TokenKind::Comma),
            '-' | '–' | '—' => Some(TokenKind::Dash),
            '%' | '％' => Some(TokenKind::Percent),
            _ => None,
        };
        if let Some(kind) = single {
            tokens.push(Token { kind, column });
            i += 1;
        } else if c.is_whitespace() {
            i += 1;
        } else if c == '"' {
            let mut content = String::new();
            let mut j = i + 1;
            let mut closed = false;
            while j < chars.len() {
                match chars[j] {
                    '\\' if j + 1 < chars.len() => {
                        content.push(chars[j + 1]);
                        j += 2;
                    }
                    '"' => {
                        closed = true;
                        j += 1;
                        break;
                    }
                    other => {
                        content.push(other);
                        j += 1;
                    }
                }
            }
            if !closed {
                return Err(RuleSyntaxError {
                    column,
                    message: Text::new("引号未闭合", "unclosed quotation mark"),
                });
            }
            tokens.push(Token {
                kind: TokenKind::Quoted(content),
                column,
            });
            i = j;
        } else if c.is_ascii_digit() {
            let start = i;
            while i < chars.len() && (chars[i].is_ascii_digit() || chars[i] == '.') {
                i += 1;
            }
            tokens.push(Token {
                kind: TokenKind::Number(chars[start..i].iter().collect()),
                column,
            });
        } else if c.is_ascii_alphabetic() {
            let start = i;
            // `build-up` is one word; `RVC40` splits into `RVC` and `40` below.
            while i < chars.len()
                && (chars[i].is_ascii_alphabetic()
                    || (chars[i] == '-'
                        && i + 1 < chars.len()
                        && chars[i + 1].is_ascii_alphabetic()
                        && chars[start..i]
                            .iter()
                            .collect::<String>()
                            .eq_ignore_ascii_case("build")))
            {
                i += 1;
            }
            tokens.push(Token {
                kind: TokenKind::Word(chars[start..i].iter().collect()),
                column,
            });
        } else if c.is_alphabetic() {
            // Chinese and Thai connectives: read the run of non-ASCII letters as one word.
            let start = i;
            while i < chars.len() && chars[i].is_alphabetic() && !chars[i].is_ascii() {
                i += 1;
            }
            // Thai vowel signs are marks, not letters: take them along.
            while i < chars.len()
                && !chars[i].is_ascii()
                && !chars[i].is_whitespace()
                && !is_wide_punctuation(chars[i])
            {
                i += 1;
            }
            tokens.push(Token {
                kind: TokenKind::Word(chars[start..i].iter().collect()),
                column,
            });
        } else {
            return Err(RuleSyntaxError {
                column,
                message: Text::new(
                    format!("无法识别的字符 `{c}`"),
                    format!("unexpected character `{c}`"),
                ),
            });
        }
    }
    Ok(tokens)
}

fn is_wide_punctuation(c: char) -> bool {
    matches!(c, '（' | '）' | '，' | '；' | '％' | '–' | '—')
}

struct Parser {
    tokens: Vec<Token>,
    position: usize,
    end_column: usize,
    depth: usize,
}

impl Parser {
    fn peek(&self) -> Option<&Token> {
        self.tokens.get(self.position)
    }

    fn next(&mut self) -> Option<Token> {
        let token = self.tokens.get(self.position).cloned();
        self.position += 1;
        token
    }

    fn column(&self) -> usize {
        self.peek().map_or(self.end_column, |token| token.column)
    }

    fn error_at(&self, column: usize, zh: String, en: String) -> RuleSyntaxError {
        RuleSyntaxError {
            column,
            message: Text::new(zh, en),
        }
    }

    fn rule(&mut self) -> Result<Rule, RuleSyntaxError> {
        let mut parts = vec![self.and()?];
        while self.peek().is_some_and(|token| token.is_word(OR_WORDS)) {
            self.position += 1;
            parts.push(self.and()?);
        }
        Ok(Rule::AnyOf(parts).normalized())
    }

    fn and(&mut self) -> Result<Rule, RuleSyntaxError> {
        let mut parts = vec![self.primary()?];
        while self.peek().is_some_and(|token| token.is_word(AND_WORDS)) {
            self.position += 1;
            parts.push(self.primary()?);
        }
        Ok(Rule::AllOf(parts).normalized())
    }

    fn primary(&mut self) -> Result<Rule, RuleSyntaxError> {
        let column = self.column();
        let Some(token) = self.next() else {
            return Err(self.error_at(
                column,
                "此处缺少规则（WO、CC、CTH、CTSH、RVC40、CR）".to_string(),
                "expected a rule (WO, CC, CTH, CTSH, RVC40, CR) here".to_string(),
            ));
        };
        match &token.kind {
            TokenKind::Open => {
                self.depth += 1;
                if self.depth > MAX_DEPTH {
                    return Err(self.error_at(
                        column,
                        "括号嵌套过深".to_string(),
                        "parentheses nested too deeply".to_string(),
                    ));
                }
                let inner = self.rule()?;
                self.depth -= 1;
                match self.next() {
                    Some(Token {
                        kind: TokenKind::Close,
                        ..
                    }) => Ok(inner),
                    _ => Err(self.error_at(
                        column,
                        "括号未闭合".to_string(),
                        "this parenthesis is never closed".to_string(),
                    )),
                }
            }
            TokenKind::Quoted(text) => Ok(Rule::NotMachineReadable(text.clone())),
            TokenKind::Word(word) => match word.to_ascii_uppercase().as_str() {
                "WO" => Ok(Rule::WhollyObtained),
                "CR" => Ok(Rule::ChemicalReaction),
                "CC" => self.shift(HsLevel::Chapter),
                "CTH" => self.shift(HsLevel::Heading),
                "CTSH" => self.shift(HsLevel::Subheading),
                "RVC" => self.rvc(column),
                _ => Err(unknown_rule(&token)),
            },
            _ => Err(unknown_rule(&token)),
        }
    }

    fn shift(&mut self, level: HsLevel) -> Result<Rule, RuleSyntaxError> {
        let mut except = Vec::new();
        if self.peek().is_some_and(|token| token.is_word(&["except"])) {
            self.position += 1;
            if self.peek().is_some_and(|token| token.is_word(&["from"])) {
                self.position += 1;
            } else {
                return Err(self.error_at(
                    self.column(),
                    "`except` 后应为 `from`".to_string(),
                    "expected `from` after `except`".to_string(),
                ));
            }
            loop {
                let span = self.span()?;
                except.push(span);
                if self
                    .peek()
                    .is_some_and(|token| token.kind == TokenKind::Comma)
                {
                    self.position += 1;
                } else {
                    break;
                }
            }
        }
        Ok(Rule::TariffShift { level, except })
    }

    /// One excepted code or range; a level word, when given, must fit the code's digits.
    fn span(&mut self) -> Result<HsSpan, RuleSyntaxError> {
        let word_level = self.peek().and_then(level_word);
        if word_level.is_some() {
            self.position += 1;
        }
        let column = self.column();
        let from = self.code(word_level)?;
        let is_range = self.peek().is_some_and(|token| {
            token.kind == TokenKind::Dash || token.is_word(&["to", "through", "至"])
        });
        let to = if is_range {
            self.position += 1;
            if self.peek().and_then(level_word).is_some() {
                self.position += 1;
            }
            self.code(word_level)?
        } else {
            from.clone()
        };
        HsSpan::range(&from, &to).ok_or_else(|| {
            self.error_at(
                column,
                format!("编码范围 `{from}`–`{to}` 无效：两端位数应相同且由小到大"),
                format!(
                    "`{from}`-`{to}` is not a valid range: both ends need the same number of digits, in order"
                ),
            )
        })
    }

    fn code(&mut self, word_level: Option<HsLevel>) -> Result<String, RuleSyntaxError> {
        let column = self.column();
        let Some(Token {
            kind: TokenKind::Number(written),
            ..
        }) = self.next()
        else {
            return Err(self.error_at(
                column,
                "此处应为 HS 编码（如 01、10.01、1211.20）".to_string(),
                "expected an HS code here (01, 10.01, 1211.20)".to_string(),
            ));
        };
        let digits: String = written.chars().filter(char::is_ascii_digit).collect();
        let dots_ok = match written.find('.') {
            None => true,
            Some(dot) => written.matches('.').count() == 1 && (dot == 2 || dot == 4),
        };
        let level_ok = match word_level {
            Some(level) => level.digits() == digits.len(),
            None => HsLevel::from_digits(digits.len()).is_some(),
        };
        if dots_ok && level_ok {
            Ok(digits)
        } else {
            Err(self.error_at(
                column,
                format!("`{written}` 不是章（2 位）、品目（4 位）或子目（6 位）编码"),
                format!(
                    "`{written}` is not a chapter (2 digits), heading (4) or subheading (6) code"
                ),
            ))
        }
    }

    fn rvc(&mut self, column: usize) -> Result<Rule, RuleSyntaxError> {
        let number_column = self.column();
        let threshold = match self.next() {
            Some(Token {
                kind: TokenKind::Number(number),
                ..
            }) => number.parse::<Decimal>().ok(),
            _ => None,
        };
        let Some(threshold) =
            threshold.filter(|t| *t >= Decimal::ZERO && *t <= Decimal::ONE_HUNDRED)
        else {
            return Err(self.error_at(
                number_column.max(column),
                "RVC 后应为 0 到 100 的百分比（如 RVC40）".to_string(),
                "expected a percentage from 0 to 100 after RVC (as in RVC40)".to_string(),
            ));
        };
        if self
            .peek()
            .is_some_and(|token| token.kind == TokenKind::Percent)
        {
            self.position += 1;
        }
        let method = if self
            .peek()
            .is_some_and(|token| token.is_word(&["build-up"]))
        {
            self.position += 1;
            RvcMethod::BuildUp
        } else if self
            .peek()
            .is_some_and(|token| token.is_word(&["build-down"]))
        {
            self.position += 1;
            RvcMethod::BuildDown
        } else {
            RvcMethod::Either
        };
        Ok(Rule::RegionalValueContent { threshold, method })
    }
}

fn level_word(token: &Token) -> Option<HsLevel> {
    if token.is_word(&["chapter", "chapters", "章"]) {
        Some(HsLevel::Chapter)
    } else if token.is_word(&["heading", "headings", "品目"]) {
        Some(HsLevel::Heading)
    } else if token.is_word(&["subheading", "subheadings", "子目"]) {
        Some(HsLevel::Subheading)
    } else {
        None
    }
}

fn unknown_rule(token: &Token) -> RuleSyntaxError {
    RuleSyntaxError {
        column: token.column,
        message: Text::new(
            format!(
                "`{}` 不是已知规则：应为 WO、CC、CTH、CTSH、RVC40、CR 或带引号的文字",
                token.text()
            ),
            format!(
                "`{}` is not a known rule: expected WO, CC, CTH, CTSH, RVC40, CR or a quoted text",
                token.text()
            ),
        ),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn check(text: &str, rendered: &str) {
        let rule = parse_rule(text).unwrap_or_else(|e| panic!("{text}: {e}"));
        assert_eq!(rule.to_string(), rendered, "{text}");
        assert_eq!(parse_rule(rendered).unwrap(), rule, "{rendered}");
    }

    #[test]
    fn reads_the_table_forms() {
        let cases = [
            ("WO", "WO"),
            ("CC", "CC"),
            ("cth or rvc40", "CTH or RVC40"),
            ("CTSH or RVC40", "CTSH or RVC40"),
            ("CC except from 01", "CC except from Chapter 01"),
            ("CC except from 121120", "CC except from subheading 1211.20"),
            (
                "CTH except from heading 10.01",
                "CTH except from heading 10.01",
            ),
            ("CC except from Chapter 10", "CC except from Chapter 10"),
            (
                "CTH except from headings 10.01 through 10.04, 1211.20",
                "CTH except from heading 10.01-10.04, subheading 1211.20",
            ),
            ("CC 或 RVC40", "CC or RVC40"),
            ("CTH หรือ RVC40", "CTH or RVC40"),
            ("RVC 35 % build-up", "RVC35 build-up"),
            ("RVC45 build-down or CTSH", "RVC45 build-down or CTSH"),
            ("RVC40.5", "RVC40.5"),
            ("CR or (CTH and RVC40)", "CR or CTH and RVC40"),
            ("(CR or CTH) and RVC40", "(CR or CTH) and RVC40"),
            ("((WO))", "WO"),
            ("WO or (CC or CTH)", "WO or CC or CTH"),
            ("\"focused value\" or CTH", "\"focused value\" or CTH"),
        ];
        for (text, rendered) in cases {
            check(text, rendered);
        }
    }

    #[test]
    fn errors_name_the_column() {
        let cases: &[(&str, usize, &str)] = &[
            ("", 1, "expected a rule"),
            ("CTH or", 7, "expected a rule"),
            ("CTH RVC40", 5, "unexpected `RVC`"),
            ("XYZ", 1, "`XYZ` is not a known rule"),
            ("(CTH or RVC40", 1, "never closed"),
            ("RVC", 4, "percentage"),
            ("RVC140", 4, "percentage"),
            ("CTH except 10.01", 12, "expected `from`"),
            ("CTH except from", 16, "expected an HS code"),
            ("CTH except from 123", 17, "not a chapter"),
            ("CTH except from heading 01", 25, "not a chapter"),
            ("CTH except from 10.04-10.01", 17, "not a valid range"),
            ("CTH \"open", 5, "unclosed"),
            ("CTH # RVC40", 5, "unexpected character"),
        ];
        for (text, column, fragment) in cases {
            let error = parse_rule(text).expect_err(text);
            assert_eq!(error.column, *column, "{text}: {error}");
            assert!(
                error.message.en.contains(fragment),
                "{text}: {}",
                error.message.en
            );
            assert!(!error.message.zh.is_empty());
        }
    }

    #[test]
    fn deep_nesting_is_refused_not_overflowed() {
        let text = format!("{}WO{}", "(".repeat(10_000), ")".repeat(10_000));
        assert!(parse_rule(&text).is_err());
    }

    fn any_span() -> impl Strategy<Value = HsSpan> {
        prop_oneof![
            (1u32..97, 0u32..5).prop_map(|(a, d)| (format!("{a:02}"), format!("{:02}", a + d))),
            (100u32..9600, 0u32..5).prop_map(|(a, d)| (format!("{a:04}"), format!("{:04}", a + d))),
            (10000u32..960000, 0u32..5)
                .prop_map(|(a, d)| (format!("{a:06}"), format!("{:06}", a + d))),
        ]
        .prop_filter_map("valid span", |(from, to)| HsSpan::range(&from, &to))
    }

    fn any_rule() -> impl Strategy<Value = Rule> {
        let level = prop_oneof![
            Just(HsLevel::Chapter),
            Just(HsLevel::Heading),
            Just(HsLevel::Subheading)
        ];
        let method = prop_oneof![
            Just(RvcMethod::Either),
            Just(RvcMethod::BuildUp),
            Just(RvcMethod::BuildDown)
        ];
        let leaf = prop_oneof![
            Just(Rule::WhollyObtained),
            Just(Rule::ChemicalReaction),
            (level, prop::collection::vec(any_span(), 0..3))
                .prop_map(|(level, except)| Rule::TariffShift { level, except }),
            (0u32..=1000, method).prop_map(|(tenths, method)| Rule::RegionalValueContent {
                threshold: Decimal::new(i64::from(tenths), 1),
                method
            }),
            "[a-z \"\\\\]{0,12}".prop_map(Rule::NotMachineReadable),
        ];
        leaf.prop_recursive(4, 24, 4, |inner| {
            prop_oneof![
                prop::collection::vec(inner.clone(), 2..4).prop_map(Rule::AnyOf),
                prop::collection::vec(inner, 2..4).prop_map(Rule::AllOf),
            ]
        })
    }

    proptest! {
        #[test]
        fn never_panics(text in "\\PC{0,60}") {
            let _ = parse_rule(&text);
        }

        #[test]
        fn never_panics_on_rule_like_text(text in "[()CTHSRVOW0-9., \"a-z%-]{0,40}") {
            if let Ok(rule) = parse_rule(&text) {
                prop_assert_eq!(parse_rule(&rule.to_string()).unwrap(), rule);
            }
        }

        #[test]
        fn round_trips_its_rendering(rule in any_rule()) {
            let rule = rule.normalized();
            let rendered = rule.to_string();
            prop_assert_eq!(parse_rule(&rendered).unwrap(), rule, "{}", rendered);
        }
    }
}
