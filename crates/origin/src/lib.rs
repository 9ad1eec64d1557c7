//! Preferential origin determination for one product from its bill of materials: RCEP first
//! (Chapter 3 and Annex 3A), other agreements through loaded rule tables.
//!
//! **Invariant:** this crate does no IO and reads no clock or environment. Rule tables,
//! correlation tables, nomenclatures and bills of materials come in as text or bytes; answers,
//! renderings and the worksheet go out as values and bytes.
//!
//! ```
//! use origin::{BomFormat, Context, determine, origin_worksheet, parse_bom, rcep_table};
//!
//! let bill = br#"{"agreement": "RCEP",
//!   "product": {"description": "battery pack", "hs": "850760", "hs_version": "2012",
//!               "fob": "100.00", "currency": "USD", "exporting_party": "CHN",
//!               "importing_party": "JPN", "psr": "CTH or RVC40"},
//!   "materials": [{"description": "cells", "hs": "850790", "value": "30.00",
//!                  "originating": false, "origin_country": "USA"}],
//!   "costs": {"direct_labour": "10.00", "direct_overhead": "5.00", "profit": "8.00", "other": "2.00"},
//!   "operations": ["assembly", "testing"]}"#;
//! let bom = parse_bom(bill, BomFormat::Json).expect("a valid bill");
//! let table = rcep_table().expect("the embedded table reads");
//! let answer = determine(&bom, &Context::new(&table)).expect("a rule is known");
//! assert_eq!(answer.rvc_build_down.to_string(), "70.00");
//! assert_eq!(answer.exit_code(), 0); // CTH fails (same heading), RVC40 passes
//! let _text = answer.render_text(model::Lang::En);
//! let _json = answer.to_json();
//! let _xlsx: Vec<u8> = origin_worksheet(&answer, None).expect("written");
//! ```
//!
//! Inputs the CLI may add: a user's rules file ([`RuleTable::from_csv`] or
//! [`RuleTable::from_json`], then [`RuleTable::overlay`] on [`rcep_table`]), an HS 2022 → HS
//! 2012 correlation ([`Correlation::from_csv`]) and the HS 2022 nomenclature
//! ([`Nomenclature::from_hs_tsv`] over `data/hs/hs2022.tsv`) in [`Context`].
//! [`OriginError`] (exit 2) means no determination was made; [`Determination::exit_code`]
//! gives 0 originating, 1 not originating, 2 undetermined.

mod answer;
mod bom;
mod bom_json;
mod bom_sheet;
mod determine;
mod error;
mod evaluate;
mod hs;
mod lookup;
mod operations;
mod parties;
mod render;
mod rule;
mod rule_parse;
mod rvc;
mod table;
mod table_json;
mod validate;
mod worksheet;

pub use answer::{
    AccumulatedMaterial, AccumulationReport, Conclusion, DeMinimisReport, Determination, Figures,
    MaterialRef, MaterialReport, Note, OperationCheck, OperationsReport, ProductSummary, PsrSource,
    ShiftCheck, Status, TestKind, TestReport, ValueSummary,
};
pub use bom::{BillOfMaterials, BomError, Costs, Material, Places, Product};
pub use bom_json::parse_bom_json;
pub use bom_sheet::{BomFormat, parse_bom, parse_bom_csv, parse_bom_xlsx};
pub use determine::{Context, determine};
pub use error::OriginError;
pub use hs::{
    Correlation, HsCodeProblem, HsLevel, HsSpan, HsVersion, Nomenclature, printed_code,
    subheading_of,
};
pub use operations::{MINIMAL_OPERATIONS, MinimalOperation, minimal_operation};
pub use parties::rcep_party;
pub use rule::{Rule, RvcMethod, shift_code};
pub use rule_parse::{RuleSyntaxError, parse_rule};
pub use rvc::{RvcFigures, percent_of_fob, round2};
pub use table::{Confidence, RuleEntry, RuleTable, RuleTableError};
pub use worksheet::{WorksheetError, origin_worksheet};

/// RCEP Annex 3A product-specific rules (HS 2012): the 60 rows verified against the English
/// treaty text. See `data/origin/rcep-NOTES.md` for coverage.
pub const RCEP_PSR_BASE_CSV: &str = include_str!("../../../data/origin/rcep-psr-hs2012.csv");

/// RCEP Annex 3A product-specific rules (HS 2012): the verified rows plus 17 rows read from an
/// unofficial translation (confidence `medium`/`low`). The default table.
pub const RCEP_PSR_CSV: &str = include_str!("../../../data/origin/rcep-psr-hs2012-extended.csv");

/// The name the default table's rows carry in answers.
pub const RCEP_TABLE_NAME: &str =
    "RCEP Annex 3A (HS 2012), data/origin/rcep-psr-hs2012-extended.csv";

/// The default RCEP rule table, read from [`RCEP_PSR_CSV`].
pub fn rcep_table() -> Result<RuleTable, RuleTableError> {
    RuleTable::from_csv(RCEP_PSR_CSV, "RCEP", RCEP_TABLE_NAME)
}
