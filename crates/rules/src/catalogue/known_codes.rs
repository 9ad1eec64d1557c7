//! What the K rules share: every place a code of one table is written, checked against it.

use super::Rule;
use crate::{CheckInput, Finding};
use model::{DocumentKind, Text};

/// One place where a code is written.
pub(crate) struct Occurrence<'a> {
    pub document: DocumentKind,
    pub path: Place,
    pub code: &'a str,
}

/// The JSON path of an occurrence, written out only when a finding names it.
pub(crate) enum Place {
    /// `document.field`
    Field(&'static str),
    /// `document.lines[index].field`
    Line(usize, &'static str),
}

impl Place {
    fn render(&self, document: DocumentKind) -> String {
        match self {
            Place::Field(field) => format!("{}.{field}", document.key()),
            Place::Line(index, field) => format!("{}.lines[{index}].{field}", document.key()),
        }
    }
}

/// Reports every occurrence whose code `is_known` rejects. `table` names the code table.
pub(crate) fn report_unknown(
    rule: &Rule,
    occurrences: Vec<Occurrence<'_>>,
    is_known: impl Fn(&str) -> bool,
    table: (&str, &str),
    out: &mut Vec<Finding>,
) {
    for occurrence in occurrences {
        if is_known(occurrence.code) {
            continue;
        }
        let code = occurrence.code;
        out.push(
            rule.finding(
                Text::new(
                    format!("{}代码 {code} 不在单一窗口{}代码表中", table.0, table.0),
                    format!(
                        "`{code}` is not a {} code of the Single Window tables",
                        table.1
                    ),
                ),
                vec![occurrence.document],
                occurrence.path.render(occurrence.document),
            )
            .values(
                model::Text::new(
                    format!("有效的{}代码", table.0),
                    format!("a {} code", table.1),
                ),
                code,
            ),
        );
    }
}

/// The declaration's header field `field`, when written.
pub(crate) fn header<'a>(
    input: &CheckInput<'a>,
    field: &'static str,
    value: fn(&'a model::Declaration) -> Option<&'a model::CompactString>,
) -> Vec<Occurrence<'a>> {
    input
        .declaration()
        .and_then(value)
        .map(|code| Occurrence {
            document: DocumentKind::Declaration,
            path: Place::Field(field),
            code: code.as_str(),
        })
        .into_iter()
        .collect()
}

/// The declaration lines' field `field`, where written.
pub(crate) fn line_fields<'a>(
    input: &CheckInput<'a>,
    field: &'static str,
    value: fn(&'a model::DeclarationLine) -> Option<&'a model::CompactString>,
) -> Vec<Occurrence<'a>> {
    let Some(declaration) = input.declaration() else {
        return Vec::new();
    };
    declaration
        .lines
        .iter()
        .enumerate()
        .filter_map(|(index, line)| {
            value(line).map(|code| Occurrence {
                document: DocumentKind::Declaration,
                path: Place::Line(index, field),
                code: code.as_str(),
            })
        })
        .collect()
}
