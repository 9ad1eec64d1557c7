//! Rebuilds `data/lexicon.txt`, the compact Chinese segmentation dictionary of the classifier.
//!
//! jieba's full dictionary (350 000 words) takes about 130 ms to load, most of the 200 ms
//! budget for building the classifier. The tariff's Chinese texts use far fewer words, so
//! this command segments every Chinese text of the reference tables, and every Chinese name of
//! the product-name lexicon (`data/lexicon/*.tsv`), with the full dictionary and keeps the
//! words it finds, each with its count in those texts (sub-words of long words included, as
//! search-mode segmentation yields them).
//!
//! Run from the workspace root: `cargo run -p classify --release --example build_lexicon`.

use std::collections::BTreeMap;
use std::fmt::Write as _;

fn chinese_texts(tsv: &str, columns: &[usize]) -> Vec<String> {
    tsv.lines()
        .filter(|line| !line.starts_with('#'))
        .flat_map(|line| {
            let fields: Vec<&str> = line.split('\t').collect();
            columns
                .iter()
                .filter_map(|&column| fields.get(column).map(|text| text.to_string()))
                .collect::<Vec<_>>()
        })
        .collect()
}

fn main() -> std::io::Result<()> {
    let tables = classify::embedded_tables();
    let mut texts = chinese_texts(tables.tariff_tsv, &[1]);
    texts.extend(chinese_texts(tables.ciq_tsv, &[1]));
    texts.extend(chinese_texts(tables.elements_tsv, &[1]));
    // The Chinese product names of the lexicon files, so that the words brokers use
    // (阿司匹林, 保温杯) are words here too and not split into characters.
    let mut files: Vec<std::path::PathBuf> = std::fs::read_dir("crates/classify/data/lexicon")?
        .filter_map(|entry| entry.ok().map(|entry| entry.path()))
        .filter(|path| path.extension().is_some_and(|ext| ext == "tsv"))
        .collect();
    files.sort();
    for file in files {
        let tsv = std::fs::read_to_string(&file)?;
        for names in chinese_texts(&tsv, &[1]) {
            texts.extend(names.split('；').map(str::to_string));
        }
    }
    let jieba = jieba_rs::Jieba::new();
    let mut counts: BTreeMap<String, usize> = BTreeMap::new();
    for text in &texts {
        let normalized = classify::normalize_text(text);
        for token in jieba.cut_for_search(&normalized, false) {
            let word = token.word;
            if word.chars().any(classify::is_cjk) && word.chars().all(|c| !c.is_whitespace()) {
                *counts.entry(word.to_string()).or_default() += 1;
            }
        }
    }
    let mut out = String::new();
    for (word, count) in &counts {
        let _ = writeln!(out, "{word} {count}");
    }
    std::fs::write("crates/classify/data/lexicon.txt", out)?;
    println!("{} words from {} texts", counts.len(), texts.len());
    Ok(())
}
