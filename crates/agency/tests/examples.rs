//! The example files of `examples/agency/` read cleanly, and what the CLI will print from them
//! (reminders, scorecard, qualifications review) is kept as snapshots.

#![expect(
    clippy::unwrap_used,
    reason = "test helpers read the committed example files"
)]

use agency::{
    parse_as_of, parse_history_csv, parse_orders, parse_qualifications, qualification_review_json,
    qualification_review_text, reminders, reminders_json, reminders_text, review_qualifications,
    scorecard, scorecard_html, scorecard_json, scorecard_text,
};
use model::Lang;
use workdays::Calendar;

fn example(name: &str) -> String {
    let path = format!(
        "{}/../../examples/agency/{name}",
        env!("CARGO_MANIFEST_DIR")
    );
    std::fs::read_to_string(path).unwrap()
}

#[test]
fn reminders_over_the_example_orders_and_qualifications() {
    let orders = parse_orders(&example("orders.json"));
    assert!(orders.errors.is_empty(), "{:?}", orders.errors);
    assert_eq!(orders.ledger.len(), 7);
    let qualifications = parse_qualifications(&example("qualifications.json"));
    assert!(
        qualifications.errors.is_empty(),
        "{:?}",
        qualifications.errors
    );
    let calendar = Calendar::china();
    let as_of = parse_as_of("2026-10-09").unwrap();
    let result = reminders(as_of, &orders.ledger, &qualifications.registry, &calendar);
    insta::assert_snapshot!("reminders_zh", reminders_text(&result, Lang::Zh));
    insta::assert_snapshot!("reminders_en", reminders_text(&result, Lang::En));
    insta::assert_snapshot!("reminders_json", reminders_json(&result, Lang::En));
}

#[test]
fn scorecard_of_the_example_history() {
    let history = parse_history_csv(&example("history.csv"));
    assert!(history.errors.is_empty(), "{:?}", history.errors);
    assert_eq!(history.records.len(), 66);
    let card = scorecard(&history.records);
    assert_eq!(card.months.len(), 2);
    insta::assert_snapshot!("scorecard_zh", scorecard_text(&card, Lang::Zh));
    insta::assert_snapshot!("scorecard_en", scorecard_text(&card, Lang::En));
    insta::assert_snapshot!("scorecard_json", scorecard_json(&card));
    insta::assert_snapshot!("scorecard_html_zh", scorecard_html(&card, Lang::Zh));
}

#[test]
fn qualifications_review_of_the_example() {
    let qualifications = parse_qualifications(&example("qualifications.json"));
    let review = review_qualifications(
        &qualifications.registry,
        "2026-10-09".parse().unwrap(),
        &Calendar::china(),
    );
    insta::assert_snapshot!("review_zh", qualification_review_text(&review, Lang::Zh));
    insta::assert_snapshot!("review_en", qualification_review_text(&review, Lang::En));
    insta::assert_snapshot!("review_json", qualification_review_json(&review, Lang::En));
}
