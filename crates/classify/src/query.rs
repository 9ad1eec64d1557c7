//! Query analysis: the description's words in groups, each group one concept (a Chinese word
//! with its sub-words and character bigrams, an English word, or a synonym's expansion) so
//! that a concept counts once however many of its keys match; the clauses of the
//! description; and the words that may be its head (the kind of goods).

use crate::analyze::{Analyzer, Token, bigram_key, bigram_weight};
use crate::normalize::{is_cjk, normalize_text};
use crate::synonyms::expansions;

/// The weight of a synonym's words relative to the description's own words, when they stand
/// for one of its words (背包 → rucksacks) and when they stand alone.
const MERGED_SYNONYM_WEIGHT: f32 = 0.8;
const SYNONYM_WEIGHT: f32 = 0.6;
/// The weight of a word the rules infer (a fabric's finish), relative to the description's.
const IMPLIED_WEIGHT: f32 = 1.0;
/// The weight of a known sub-word that does not end its compound (饮料 in 饮料瓶; measured on
/// the tuning sets, 0.4 / 0.6 / 0.8 / 1.0: dev3 97.1 / 97.1 / 96.7 / 96.7 %, dev + dev2 82.7 %
/// at each).
const MODIFIER_SUBWORD_WEIGHT: f32 = 0.6;
/// The weight of a bigram that spans two words ("收纳|盒"), relative to a word.
const SPANNING_BIGRAM_FACTOR: f32 = 0.7;

/// English words that end the clause naming the goods ("knife *with* fixed blade",
/// "backpack *of* polyester").
const CLAUSE_WORDS: &[&str] = &[
    "with",
    "of",
    "for",
    "in",
    "made",
    "from",
    "containing",
    "including",
    "featuring",
    "used",
    "without",
    "suitable",
    "which",
    "that",
    "designed",
    "having",
    "to",
    "on",
    "by",
];

/// Words that frame a weight or a volume ("每平方米重250克", "净重200克", "按重量计"): the
/// figures are read against the lines' thresholds; as words they only match every line that
/// states one. (Dimensions, "宽度", "外径", stay words: they tell flat products and tubes.)
const MEASURE_WORDS: &[&str] = &[
    "每平方米",
    "平方米",
    "每平米",
    "平米",
    "重",
    "克",
    "千克",
    "公斤",
    "毫升",
    "按重量计",
    "重量",
];

/// Words that say how the goods come (imported alone, as an assembly, as a kit of parts),
/// not what they are: "保险杠总成" is a bumper, "书柜全套散件" a bookcase (GRI 2 (a)).
const CIRCUMSTANCE_WORDS: &[&str] = &[
    "总成",
    "散件",
    "全套散件",
    "成套散件",
    "单独进口",
    "单独报验",
    "报验",
    "进口",
    "出口",
];

/// Chinese words that negate the word after them ("未冷冻", "非零售").
const WORD_NEGATIONS: &[&str] = &["未", "非", "未经", "不含"];
/// Words that, opening a later clause of a Chinese description, negate the whole clause.
const CLAUSE_NEGATIONS: &[&str] = &["未", "未经", "非", "不含", "无", "没有", "不带", "不包括"];

/// Words after "not" that belong to a figure ("not less than 85%"), not to the goods.
const NOT_FIGURES: &[&str] = &[
    "less",
    "more",
    "exceeding",
    "over",
    "under",
    "above",
    "below",
    "only",
    "including",
];

/// One concept of the description.
#[derive(Debug, Clone)]
pub(crate) struct QueryGroup {
    pub tokens: Vec<Token>,
    /// From the description itself (not a synonym's expansion).
    pub original: bool,
    /// The clause it stands in (0 = the first); synonyms have none.
    pub clause: Option<usize>,
    /// The share the description gives this constituent ("棉55%", "95% polyester").
    pub percent: Option<f32>,
}

/// Characters after which a share is of what follows ("含35%的锦纶", "由60%丙烯和40%乙烯").
const SHARE_LEADS: &[char] = &[
    '含', '占', '为', '计', '约', '达', '有', '由', '和', '及', '与', '以', '或', '另',
];

/// Words that stand between a constituent and its share without being one ("苯乙烯单体单元为
/// 65%").
const SHARE_FILLERS: &[&str] = &[
    "单体单元",
    "单体",
    "单元",
    "含量",
    "成分",
    "重量",
    "含有",
    "含",
    "占",
];

struct Builder<'a> {
    analyzer: &'a Analyzer,
    groups: Vec<QueryGroup>,
    clause: usize,
    /// The clause has words in it (a boundary after nothing starts no new clause).
    clause_used: bool,
    /// A share read before its constituent ("95% polyester", "35%的锦纶").
    pending_percent: Option<f32>,
    /// The last English word was "not": the next one says what the goods are not.
    negated: bool,
    /// In a clause opened by "without".
    lacking: bool,
}

impl Builder<'_> {
    fn boundary(&mut self) {
        if self.clause_used {
            self.clause += 1;
            self.clause_used = false;
        }
    }

    fn push(&mut self, tokens: Vec<Token>) {
        if tokens.is_empty() {
            return;
        }
        self.clause_used = true;
        let percent = self.pending_percent.take();
        self.groups.push(QueryGroup {
            tokens,
            original: true,
            clause: Some(self.clause),
            percent,
        });
    }

    /// A share read after its constituent ("棉55%") goes to the last constituent named.
    fn share_after(&mut self, percent: f32) {
        if let Some(group) = self.groups.iter_mut().rev().find(|group| {
            group.original
                && group.tokens.first().is_some_and(|first| {
                    !crate::analyze::is_bigram(&first.key)
                        && !SHARE_FILLERS.contains(&first.surface.as_str())
                })
        }) && group.percent.is_none()
        {
            group.percent = Some(percent);
        }
    }

    fn english(&mut self, word: &str) {
        // "not decaffeinated", "not frozen": what the goods are not is left out, as the
        // tariff texts rule it out ("Coffee, roasted, not decaffeinated"); "not less than"
        // and the like are figures, read elsewhere.
        if word == "not" {
            self.negated = true;
            return;
        }
        if std::mem::take(&mut self.negated) && !NOT_FIGURES.contains(&word) {
            return;
        }
        // "without outer soles", "without added sugar": what the goods lack, to the end of
        // the clause.
        if self.lacking && !CLAUSE_WORDS.contains(&word) {
            return;
        }
        self.lacking = word == "without";
        if CLAUSE_WORDS.contains(&word) {
            self.boundary();
            return;
        }
        if let Some(key) = self.analyzer.english_key(word) {
            self.push(vec![token(key, word, 1.0)]);
        }
    }

    fn chinese(&mut self, run: &str) {
        let mut previous: Option<&str> = None;
        let mut negated = false;
        // A later clause that starts with a negation ("，未经包覆镀层", "，无内燃发动机",
        // "，不含生物柴油") says what the goods are not, to its end (or to "的").
        let trailing = !self.groups.is_empty();
        let mut negated_clause = false;
        for (position, word) in self.analyzer.chinese_words(run).into_iter().enumerate() {
            if negated_clause {
                if word == "的" {
                    negated_clause = false;
                }
                previous = None;
                continue;
            }
            if trailing && position == 0 && CLAUSE_NEGATIONS.contains(&word) {
                negated_clause = true;
                previous = None;
                continue;
            }
            let stripped = if word.chars().count() >= 2 {
                word.strip_suffix('制').unwrap_or(word)
            } else {
                word
            };
            // "未冷冻", "非零售": the word after a negation is what the goods are not; it
            // is left out (the tariff texts rule it out the same way, see `analyze`).
            if WORD_NEGATIONS.contains(&word) {
                previous = None;
                negated = true;
                continue;
            }
            if std::mem::take(&mut negated) {
                continue;
            }
            if stripped.is_empty()
                || self.analyzer.is_chinese_stop(stripped)
                || MEASURE_WORDS.contains(&word)
                || CIRCUMSTANCE_WORDS.contains(&word)
            {
                previous = None;
                continue;
            }
            if let (Some(before), Some(first)) = (previous, word.chars().next())
                && let Some(last) = before.chars().last()
            {
                let bigram: String = [last, first].iter().collect();
                self.push(vec![token(
                    bigram_key(&bigram),
                    &bigram,
                    bigram_weight() * SPANNING_BIGRAM_FACTOR,
                )]);
            }
            previous = Some(word);
            let mut tokens = vec![token(stripped.to_string(), word, 1.0)];
            let chars: Vec<(usize, char)> = word.char_indices().collect();
            // Sub-words the lexicon knows (电动汽车 → 电动, 汽车), as search-mode
            // segmentation gives them for the tariff texts; not those a negation starts
            // ("非合金钢" does not say "合金钢").
            let first = usize::from(word.starts_with(['未', '非']));
            for length in 2..chars.len() {
                for start in first..=chars.len() - length {
                    let from = chars[start].0;
                    let to = chars
                        .get(start + length)
                        .map_or(word.len(), |(index, _)| *index);
                    let sub = &word[from..to];
                    if self.analyzer.knows(sub) && !self.analyzer.is_chinese_stop(sub) {
                        // A Chinese compound names its kind last (饮料瓶 is a bottle, 电动汽车 a
                        // car): a sub-word that does not end it only says what kind.
                        let weight = if to == word.len() {
                            1.0
                        } else {
                            MODIFIER_SUBWORD_WEIGHT
                        };
                        tokens.push(token(sub.to_string(), sub, weight));
                    }
                }
            }
            // "纯棉", "全棉": all cotton, the constituent the tariff names "棉".
            if let Some(fibre) = ["纯", "全"]
                .iter()
                .find_map(|pure| word.strip_prefix(pure))
                .filter(|fibre| ["棉", "毛", "麻", "丝"].contains(fibre))
            {
                tokens.push(token(fibre.to_string(), fibre, 1.0));
                self.pending_percent = Some(100.0);
            }
            for pair in chars[first..].windows(2) {
                let from = pair[0].0;
                let to = pair[1].0 + pair[1].1.len_utf8();
                let bigram = &word[from..to];
                tokens.push(token(bigram_key(bigram), bigram, bigram_weight()));
            }
            self.push(tokens);
        }
    }
}

fn token(key: String, surface: &str, weight: f32) -> Token {
    Token {
        key,
        surface: surface.to_string(),
        weight,
        excluded: false,
    }
}

/// Splits a normalised description into concept groups, in order, then the synonyms'
/// expansions (one group each).
pub(crate) fn analyze_query(
    analyzer: &Analyzer,
    normalized: &str,
    implied: &[&str],
) -> Vec<QueryGroup> {
    let mut builder = Builder {
        analyzer,
        groups: Vec::new(),
        clause: 0,
        clause_used: false,
        pending_percent: None,
        negated: false,
        lacking: false,
    };
    let mut chars = normalized.char_indices().peekable();
    let mut after_cjk = false;
    while let Some((start, c)) = chars.next() {
        if c.is_ascii_digit() {
            // A number: a share when "%" follows.
            let mut end = start + 1;
            while let Some(&(index, next)) = chars.peek() {
                let decimal = next == '.'
                    && normalized[index + 1..]
                        .chars()
                        .next()
                        .is_some_and(|d| d.is_ascii_digit());
                if next.is_ascii_digit() || decimal {
                    end = index + next.len_utf8();
                    chars.next();
                } else {
                    break;
                }
            }
            let rest = normalized[end..].trim_start();
            if let Some(after) = rest.strip_prefix('%')
                && let Ok(value) = normalized[start..end].parse::<f32>()
            {
                // "35%的锦纶", "含35%的锦纶": the share of what follows; "涤纶15%的长裤",
                // "棉55%": of the constituent just named.
                let after_word = normalized[..start]
                    .chars()
                    .next_back()
                    .is_some_and(|c| is_cjk(c) && !SHARE_LEADS.contains(&c));
                let before_constituent = !after_word && (!after_cjk || after.starts_with('的'));
                if before_constituent {
                    builder.pending_percent = Some(value);
                } else {
                    builder.share_after(value);
                }
                continue;
            }
            if chars
                .peek()
                .is_some_and(|(_, next)| next.is_ascii_alphabetic())
            {
                // A model number or a unit glued to the figure ("200gsm"): read as a word.
                let mut word_end = end;
                while let Some(&(index, next)) = chars.peek() {
                    if next.is_ascii_alphanumeric() {
                        word_end = index + next.len_utf8();
                        chars.next();
                    } else {
                        break;
                    }
                }
                builder.english(&normalized[start..word_end]);
            }
            after_cjk = false;
        } else if c.is_ascii_alphanumeric() {
            let mut end = start + c.len_utf8();
            while let Some(&(index, next)) = chars.peek() {
                if next.is_ascii_alphanumeric() {
                    end = index + next.len_utf8();
                    chars.next();
                } else {
                    break;
                }
            }
            builder.english(&normalized[start..end]);
            after_cjk = false;
        } else if is_cjk(c) {
            let mut end = start + c.len_utf8();
            while let Some(&(index, next)) = chars.peek() {
                if is_cjk(next) {
                    end = index + next.len_utf8();
                    chars.next();
                } else {
                    break;
                }
            }
            builder.chinese(&normalized[start..end]);
            after_cjk = true;
        } else if matches!(c, ',' | ';' | ':' | '(' | ')' | '。' | '、' | '/' | '\n')
            || (c == ' ' && after_cjk)
        {
            builder.lacking = false;
            builder.negated = false;
            builder.boundary();
        }
    }
    let mut groups = builder.groups;
    // A synonym that stands for one of the description's words joins that word's group: it
    // is another way to match the same concept, not a second concept.
    for (pattern, expansion) in expansions(normalized) {
        let target = groups.iter().position(|group| {
            group.original
                && group.tokens.first().is_some_and(|first| {
                    !first.surface.is_empty()
                        && (pattern.contains(first.surface.as_str())
                            || first.surface.contains(pattern))
                })
        });
        let weight = if target.is_some() {
            MERGED_SYNONYM_WEIGHT
        } else {
            SYNONYM_WEIGHT
        };
        let mut tokens = Vec::new();
        analyzer.tokens(&normalize_text(expansion), weight, &mut tokens);
        match target {
            Some(position) => groups[position].tokens.extend(tokens),
            None if !tokens.is_empty() => groups.push(QueryGroup {
                tokens,
                original: false,
                clause: None,
                percent: None,
            }),
            None => {}
        }
    }
    // Tariff words the description implies without saying them (a pink fabric is dyed):
    // one group each, like a synonym that stands for no word of the description.
    for word in implied {
        let mut tokens = Vec::new();
        analyzer.tokens(&normalize_text(word), IMPLIED_WEIGHT, &mut tokens);
        if !tokens.is_empty() {
            groups.push(QueryGroup {
                tokens,
                original: false,
                clause: None,
                percent: None,
            });
        }
    }
    groups
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Every key of the description's own words.
    fn keys_of(text: &str) -> Vec<String> {
        groups(text)
            .into_iter()
            .flat_map(|(keys, _)| keys)
            .collect()
    }

    fn groups(text: &str) -> Vec<(Vec<String>, Option<usize>)> {
        let analyzer = Analyzer::new(crate::tables::LEXICON).unwrap();
        analyze_query(&analyzer, &normalize_text(text), &[])
            .into_iter()
            .filter(|group| group.original)
            .map(|group| {
                (
                    group
                        .tokens
                        .iter()
                        .filter(|t| !crate::analyze::is_bigram(&t.key))
                        .map(|t| t.key.clone())
                        .collect(),
                    group.clause,
                )
            })
            .collect()
    }

    #[test]
    fn one_group_per_concept_with_clauses() {
        let found = groups("stainless steel kitchen knife with fixed blade");
        let keys: Vec<&str> = found.iter().map(|(keys, _)| keys[0].as_str()).collect();
        assert_eq!(
            keys,
            ["stainless", "steel", "kitchen", "knife", "fix", "blade"]
        );
        let clauses: Vec<Option<usize>> = found.iter().map(|(_, clause)| *clause).collect();
        assert_eq!(clauses[3], Some(0));
        assert_eq!(clauses[4], Some(1));
    }

    #[test]
    fn shares_go_to_the_constituent_they_belong_to() {
        let analyzer = Analyzer::new(crate::tables::LEXICON).unwrap();
        let shares = |text: &str| -> Vec<(String, Option<f32>)> {
            analyze_query(&analyzer, &normalize_text(text), &[])
                .into_iter()
                .filter(|group| group.original)
                .filter_map(|group| {
                    let first = group.tokens.first()?;
                    (!crate::analyze::is_bigram(&first.key))
                        .then(|| (first.surface.clone(), group.percent))
                })
                .collect()
        };
        let trousers = shares("按重量计含棉85%、涤纶15%的男式机织长裤，每平方米重250克");
        assert!(
            trousers.contains(&("涤纶".to_string(), Some(15.0))),
            "{trousers:?}"
        );
        assert!(
            trousers.contains(&("男式".to_string(), None)),
            "{trousers:?}"
        );
        // Weights are figures, not words.
        assert!(
            !trousers.iter().any(|(word, _)| word == "克"),
            "{trousers:?}"
        );
        let fabric = shares("机织物，按重量计含有35%的锦纶长丝，25%的涤纶短纤");
        assert!(
            fabric
                .iter()
                .any(|(word, share)| word.starts_with("锦纶") && *share == Some(35.0)),
            "{fabric:?}"
        );
        assert!(
            fabric
                .iter()
                .any(|(word, share)| word.starts_with("涤纶") && *share == Some(25.0)),
            "{fabric:?}"
        );
    }

    #[test]
    fn how_the_goods_come_is_not_what_they_are() {
        let keys: Vec<String> = keys_of("小轿车用塑料前保险杠总成，单独进口");
        assert!(
            !keys.iter().any(|key| key == "总成" || key == "进口"),
            "{keys:?}"
        );
        assert!(keys.iter().any(|key| key.contains("保险杠")), "{keys:?}");
    }

    #[test]
    fn a_negated_word_is_left_out() {
        let keys: Vec<String> = keys_of("未冷冻的橙汁");
        assert!(!keys.contains(&"冷冻".to_string()), "{keys:?}");
        assert!(keys.contains(&"橙汁".to_string()), "{keys:?}");
        // A later clause opened by a negation is left out whole; a first clause is not.
        let keys: Vec<String> = keys_of("冷轧钢板，未经包覆镀层，无内燃发动机");
        for gone in ["包覆", "镀层", "内燃", "发动机"] {
            assert!(!keys.contains(&gone.to_string()), "{gone}: {keys:?}");
        }
        assert!(keys.contains(&"钢板".to_string()), "{keys:?}");
        let keys: Vec<String> = keys_of("无线耳机");
        assert!(keys.contains(&"耳机".to_string()), "{keys:?}");
        // English: the word after "not" goes, a figure after it stays.
        let english: Vec<Vec<String>> =
            groups("roasted coffee, not decaffeinated, not less than 5 kg")
                .into_iter()
                .map(|(keys, _)| keys)
                .collect();
        let all: Vec<&String> = english.iter().flatten().collect();
        assert!(!all.iter().any(|key| key.starts_with("decaf")), "{all:?}");
        assert!(all.iter().any(|key| key.starts_with("coffe")), "{all:?}");
        // "without ..." to the end of its clause.
        let keys: Vec<String> = keys_of("slippers without outer soles, of felt");
        assert!(!keys.iter().any(|key| key.starts_with("sole")), "{keys:?}");
        assert!(keys.iter().any(|key| key.starts_with("felt")), "{keys:?}");
    }

    #[test]
    fn chinese_words_keep_their_sub_words_together() {
        let found = groups("纯电动汽车用锂离子蓄电池");
        assert!(
            found
                .iter()
                .any(|(keys, _)| keys.contains(&"锂离子".to_string())),
            "{found:?}"
        );
        let found = groups("绿茶 小包装");
        assert_eq!(found.first().map(|(_, clause)| *clause), Some(Some(0)));
        assert_eq!(found.last().map(|(_, clause)| *clause), Some(Some(1)));
    }
}
