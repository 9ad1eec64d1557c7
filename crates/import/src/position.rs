//! Places in a file as people name them: `line L, column C` in text, `row R, column D` in
//! sheets.

/// The 1-based line and column (in characters) of byte `offset` in `text`. An offset past the
/// end or inside a character is clamped to the nearest character boundary before it.
pub fn line_column(text: &str, offset: usize) -> (usize, usize) {
    let mut end = offset.min(text.len());
    while end > 0 && !text.is_char_boundary(end) {
        end -= 1;
    }
    let before = &text[..end];
    let line = before.bytes().filter(|b| *b == b'\n').count() + 1;
    let line_start = before.rfind('\n').map_or(0, |i| i + 1);
    let column = before[line_start..].chars().count() + 1;
    (line, column)
}

/// The 1-based line and column of each of `offsets` (ascending), found in one pass over the
/// text: the cost is the text's length, however many places are asked for.
pub fn line_columns(text: &str, offsets: &[usize]) -> Vec<(usize, usize)> {
    let mut places = Vec::with_capacity(offsets.len());
    let (mut line, mut column) = (1, 1);
    let mut chars = text.char_indices().peekable();
    for &offset in offsets {
        while let Some(&(index, c)) = chars.peek() {
            // A character that ends after the offset is not before it (offsets inside a
            // character count from its start, as in `line_column`).
            if index + c.len_utf8() > offset {
                break;
            }
            if c == '\n' {
                line += 1;
                column = 1;
            } else {
                column += 1;
            }
            chars.next();
        }
        places.push((line, column));
    }
    places
}

/// `line L, column C` for byte `offset` in `text`.
pub fn text_place(text: &str, offset: usize) -> String {
    let (line, column) = line_column(text, offset);
    format!("line {line}, column {column}")
}

/// The spreadsheet letters of a 0-based column index: 0 → `A`, 25 → `Z`, 26 → `AA`.
pub fn column_letters(index: usize) -> String {
    let mut letters = Vec::new();
    let mut rest = index + 1;
    while rest > 0 {
        let digit = (rest - 1) % 26;
        letters.push(char::from(b'A' + digit as u8));
        rest = (rest - 1) / 26;
    }
    letters.iter().rev().collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lines_and_columns() {
        let text = "ab\n中文x\ny";
        let cases = [
            (0, (1, 1)),
            (2, (1, 3)),
            (3, (2, 1)),
            (9, (2, 3)),
            (11, (3, 1)),
        ];
        for (offset, expected) in cases {
            assert_eq!(line_column(text, offset), expected, "offset {offset}");
        }
        assert_eq!(line_column(text, 4), (2, 1), "inside a character");
        assert_eq!(line_column(text, 999), (3, 2));
    }

    #[test]
    fn many_places_in_one_pass() {
        let text = "ab\n中文x\ny";
        let offsets = [0, 2, 3, 4, 9, 11, 999];
        let expected: Vec<(usize, usize)> = offsets.iter().map(|&o| line_column(text, o)).collect();
        assert_eq!(line_columns(text, &offsets), expected);
    }

    #[test]
    fn letters() {
        let cases = [
            (0, "A"),
            (3, "D"),
            (25, "Z"),
            (26, "AA"),
            (27, "AB"),
            (701, "ZZ"),
            (702, "AAA"),
        ];
        for (index, expected) in cases {
            assert_eq!(column_letters(index), expected);
        }
    }
}
