//! A small page layout: A4 pages of drawing operations, a cursor going down the page,
//! paragraphs and tables whose cells wrap their text (Chinese between any two characters,
//! Latin at spaces, slashes and hyphens), page breaks that repeat a table's header row, a
//! running head, and "第 1 / 3 页 Page 1 of 3" footers once the page count is known.

use crate::font::Fonts;

/// A4 width in points.
pub(crate) const PAGE_WIDTH: f32 = 595.28;
/// A4 height in points.
pub(crate) const PAGE_HEIGHT: f32 = 841.89;
const MARGIN_X: f32 = 40.0;
const TOP: f32 = PAGE_HEIGHT - 58.0;
const BOTTOM: f32 = 52.0;
const PAD_X: f32 = 3.5;
const PAD_Y: f32 = 2.5;
const LEADING: f32 = 1.38;

/// An RGB colour, each part 0–1.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(crate) struct Rgb(pub f32, pub f32, pub f32);

impl Rgb {
    pub const BLACK: Rgb = Rgb(0.0, 0.0, 0.0);
    pub const GREY: Rgb = Rgb(0.40, 0.40, 0.40);
    pub const RULE: Rgb = Rgb(0.62, 0.66, 0.72);
    pub const HEADER: Rgb = Rgb(0.867, 0.922, 0.969);
    pub const LABEL: Rgb = Rgb(0.95, 0.95, 0.95);
    pub const GOOD_TEXT: Rgb = Rgb(0.0, 0.38, 0.0);
    pub const GOOD_FILL: Rgb = Rgb(0.776, 0.937, 0.808);
    pub const BAD_TEXT: Rgb = Rgb(0.612, 0.0, 0.024);
    pub const BAD_FILL: Rgb = Rgb(1.0, 0.78, 0.808);
    pub const WARN_FILL: Rgb = Rgb(1.0, 0.922, 0.612);
}

/// One drawing operation, in PDF coordinates (points from the bottom left).
#[derive(Debug, Clone, PartialEq)]
pub(crate) enum Op {
    /// A line of text whose baseline starts at (x, y).
    Text {
        x: f32,
        y: f32,
        size: f32,
        bold: bool,
        color: Rgb,
        text: String,
    },
    /// A filled rectangle.
    Fill {
        x: f32,
        y: f32,
        w: f32,
        h: f32,
        color: Rgb,
    },
    /// A stroked rectangle.
    Frame {
        x: f32,
        y: f32,
        w: f32,
        h: f32,
        width: f32,
        color: Rgb,
    },
}

/// One page's operations.
#[derive(Debug, Default)]
pub(crate) struct Page {
    pub ops: Vec<Op>,
}

/// A table cell.
#[derive(Debug, Clone)]
pub(crate) struct Cell {
    pub text: String,
    pub bold: bool,
    pub color: Rgb,
    pub fill: Option<Rgb>,
    pub right: bool,
}

impl Cell {
    pub fn new(text: impl Into<String>) -> Cell {
        Cell {
            text: text.into(),
            bold: false,
            color: Rgb::BLACK,
            fill: None,
            right: false,
        }
    }

    pub fn bold(mut self) -> Cell {
        self.bold = true;
        self
    }

    pub fn color(mut self, color: Rgb) -> Cell {
        self.color = color;
        self
    }

    pub fn fill(mut self, fill: Rgb) -> Cell {
        self.fill = Some(fill);
        self
    }

    /// Right-aligned (figures).
    pub fn right(mut self) -> Cell {
        self.right = true;
        self
    }
}

/// A table: column widths as shares of the text width, an optional header row repeated on
/// every page the table runs over, and its rows.
pub(crate) struct Table {
    pub widths: Vec<f32>,
    pub header: Option<Vec<Cell>>,
    pub rows: Vec<Vec<Cell>>,
    pub size: f32,
}

/// The document being laid out.
pub(crate) struct Layout<'a> {
    fonts: &'a Fonts<'a>,
    pub pages: Vec<Page>,
    y: f32,
    running_head: String,
}

/// Control characters (tabs, carriage returns) are shown as spaces.
fn visible(c: char) -> char {
    if c.is_control() { ' ' } else { c }
}

fn is_cjk(c: char) -> bool {
    c >= '\u{2E80}'
}

fn no_break_before(c: char) -> bool {
    "，。、；：？！）》」』】’”,.;:!?)]}%".contains(c)
}

fn no_break_after(c: char) -> bool {
    "（《「『【‘“([{".contains(c)
}

fn can_break_before(previous: char, c: char) -> bool {
    if no_break_before(c) || no_break_after(previous) {
        return false;
    }
    previous == ' '
        || c == ' '
        || is_cjk(c)
        || is_cjk(previous)
        || previous == '/'
        || previous == '-'
}

/// The text width available in a page.
pub(crate) fn text_width() -> f32 {
    PAGE_WIDTH - 2.0 * MARGIN_X
}

impl<'a> Layout<'a> {
    /// A document with one empty page.
    pub fn new(fonts: &'a Fonts<'a>, running_head: impl Into<String>) -> Layout<'a> {
        let mut layout = Layout {
            fonts,
            pages: Vec::new(),
            y: TOP,
            running_head: running_head.into(),
        };
        layout.new_page();
        layout
    }

    fn ops(&mut self) -> &mut Vec<Op> {
        if self.pages.is_empty() {
            self.pages.push(Page::default());
        }
        let last = self.pages.len() - 1;
        &mut self.pages[last].ops
    }

    /// Starts a page with its running head.
    pub fn new_page(&mut self) {
        self.pages.push(Page::default());
        let size = 7.5;
        let head = self.fit(&self.running_head, text_width(), size);
        let y = PAGE_HEIGHT - 34.0;
        self.ops().push(Op::Text {
            x: MARGIN_X,
            y,
            size,
            bold: false,
            color: Rgb::GREY,
            text: head,
        });
        self.ops().push(Op::Fill {
            x: MARGIN_X,
            y: y - 5.0,
            w: text_width(),
            h: 0.6,
            color: Rgb::RULE,
        });
        self.y = TOP;
    }

    /// `text` on one line of `width` points, cut with "…" when longer.
    fn fit(&self, text: &str, width: f32, size: f32) -> String {
        let text: String = text.chars().map(visible).collect();
        if self.fonts.width(&text, size) <= width {
            return text;
        }
        let room = width - self.fonts.width("…", size);
        let mut used = 0.0;
        let mut out = String::new();
        for c in text.chars() {
            used += self.fonts.glyph(c).2 * size / 1000.0;
            if used > room {
                break;
            }
            out.push(c);
        }
        out.push('…');
        out
    }

    /// Moves down by `h` points (no page break).
    pub fn space(&mut self, h: f32) {
        self.y -= h;
    }

    /// Breaks the page unless `h` points are left.
    pub fn keep(&mut self, h: f32) {
        if self.y - h < BOTTOM {
            self.new_page();
        }
    }

    /// The lines of `text` wrapped to `width` points at `size`.
    pub fn wrap(&self, text: &str, width: f32, size: f32) -> Vec<String> {
        let mut lines = Vec::new();
        for paragraph in text.split('\n') {
            let chars: Vec<char> = paragraph.chars().map(visible).collect();
            if chars.is_empty() {
                lines.push(String::new());
                continue;
            }
            let mut start = 0;
            while start < chars.len() {
                if start > 0 {
                    while start < chars.len() && chars[start] == ' ' {
                        start += 1;
                    }
                    if start == chars.len() {
                        break;
                    }
                }
                let mut used = 0.0;
                let mut i = start;
                let mut breakpoint = None;
                while i < chars.len() {
                    if i > start && can_break_before(chars[i - 1], chars[i]) {
                        breakpoint = Some(i);
                    }
                    let w = self.fonts.glyph(chars[i]).2 * size / 1000.0;
                    if used + w > width && i > start {
                        break;
                    }
                    used += w;
                    i += 1;
                }
                let end = if i >= chars.len() {
                    chars.len()
                } else {
                    breakpoint.filter(|b| *b > start).unwrap_or(i)
                };
                let line: String = chars[start..end].iter().collect();
                lines.push(line.trim_end().to_string());
                start = end;
            }
        }
        lines
    }

    fn line_height(size: f32) -> f32 {
        size * LEADING
    }

    /// The baseline of line `i` of a block whose top is `top`.
    fn baseline(top: f32, i: usize, size: f32) -> f32 {
        let lh = Self::line_height(size);
        top - lh * (i as f32) - lh / 2.0 - 0.36 * size
    }

    /// A paragraph over the whole text width.
    pub fn paragraph(&mut self, text: &str, size: f32, bold: bool, color: Rgb) {
        let lines = self.wrap(text, text_width(), size);
        let lh = Self::line_height(size);
        for line in lines {
            self.keep(lh);
            let y = Self::baseline(self.y, 0, size);
            self.ops().push(Op::Text {
                x: MARGIN_X,
                y,
                size,
                bold,
                color,
                text: line,
            });
            self.y -= lh;
        }
    }

    /// A section heading, kept with at least three lines of what follows.
    pub fn heading(&mut self, text: &str) {
        let size = 10.5;
        self.space(6.0);
        self.keep(Self::line_height(size) + 3.0 * Self::line_height(8.0) + 2.0 * PAD_Y);
        self.paragraph(text, size, true, Rgb(0.12, 0.23, 0.42));
        self.space(2.0);
    }

    /// A table; rows taller than what is left move to the next page (with the header row
    /// again), and a row taller than a whole page is split between pages.
    pub fn table(&mut self, table: &Table) {
        let total: f32 = table.widths.iter().sum::<f32>().max(f32::EPSILON);
        let widths: Vec<f32> = table
            .widths
            .iter()
            .map(|w| w / total * text_width())
            .collect();
        let wrap_row = |row: &[Cell]| -> Vec<Vec<String>> {
            row.iter()
                .zip(&widths)
                .map(|(cell, w)| self.wrap(&cell.text, w - 2.0 * PAD_X, table.size))
                .collect()
        };
        let header = table.header.as_ref().map(|h| (h, wrap_row(h)));
        let rows: Vec<(&Vec<Cell>, Vec<Vec<String>>)> =
            table.rows.iter().map(|r| (r, wrap_row(r))).collect();
        let lh = Self::line_height(table.size);
        let height = |lines: usize| lines as f32 * lh + 2.0 * PAD_Y;
        let tallest = |wrapped: &[Vec<String>]| wrapped.iter().map(Vec::len).max().unwrap_or(1);
        let header_height = header.as_ref().map_or(0.0, |(_, w)| height(tallest(w)));
        let page_room = TOP - BOTTOM - header_height;
        let draw_header = |layout: &mut Layout<'_>| {
            if let Some((cells, wrapped)) = &header {
                let n = tallest(wrapped);
                layout.draw_row(cells, wrapped, &widths, 0, n, table.size);
            }
        };
        // The header with the first row (or a split part of it) on the same page.
        let first = rows.first().map_or(0.0, |(_, w)| height(tallest(w)));
        self.keep(header_height + first.min(height(3)));
        draw_header(self);
        for (cells, wrapped) in &rows {
            let lines = tallest(wrapped);
            let mut from = 0;
            while from < lines {
                let room = self.y - BOTTOM;
                let need = height(lines - from);
                if need <= room {
                    self.draw_row(cells, wrapped, &widths, from, lines, table.size);
                    break;
                }
                let fits = ((room - 2.0 * PAD_Y) / lh).floor().max(0.0) as usize;
                if fits == 0 || (from == 0 && height(lines) <= page_room) {
                    self.new_page();
                    draw_header(self);
                    continue;
                }
                self.draw_row(cells, wrapped, &widths, from, from + fits, table.size);
                from += fits;
                self.new_page();
                draw_header(self);
            }
        }
    }

    /// Draws lines `from..to` of a row at the cursor and moves below it.
    fn draw_row(
        &mut self,
        cells: &[Cell],
        wrapped: &[Vec<String>],
        widths: &[f32],
        from: usize,
        to: usize,
        size: f32,
    ) {
        let lh = Self::line_height(size);
        let h = (to - from) as f32 * lh + 2.0 * PAD_Y;
        let top = self.y;
        let mut x = MARGIN_X;
        for ((cell, lines), w) in cells.iter().zip(wrapped).zip(widths) {
            if let Some(color) = cell.fill {
                self.ops().push(Op::Fill {
                    x,
                    y: top - h,
                    w: *w,
                    h,
                    color,
                });
            }
            for (i, line) in lines.iter().enumerate().take(to).skip(from) {
                let line_x = if cell.right {
                    x + w - PAD_X - self.fonts.width(line, size)
                } else {
                    x + PAD_X
                };
                self.ops().push(Op::Text {
                    x: line_x,
                    y: Self::baseline(top - PAD_Y, i - from, size),
                    size,
                    bold: cell.bold,
                    color: cell.color,
                    text: line.clone(),
                });
            }
            self.ops().push(Op::Frame {
                x,
                y: top - h,
                w: *w,
                h,
                width: 0.5,
                color: Rgb::RULE,
            });
            x += w;
        }
        self.y -= h;
    }

    /// Writes "第 i / n 页 Page i of n" at the foot of every page.
    pub fn number_pages(&mut self) {
        let n = self.pages.len();
        let size = 8.0;
        for (i, page) in self.pages.iter_mut().enumerate() {
            let text = format!("第 {} / {n} 页   Page {} of {n}", i + 1, i + 1);
            let w = self.fonts.width(&text, size);
            page.ops.push(Op::Text {
                x: (PAGE_WIDTH - w) / 2.0,
                y: 30.0,
                size,
                bold: false,
                color: Rgb::GREY,
                text,
            });
        }
    }
}

#[cfg(test)]
mod tests {
    #![allow(
        clippy::unwrap_used,
        clippy::expect_used,
        clippy::panic,
        reason = "test code"
    )]

    use super::*;
    use proptest::prelude::*;

    fn wrap(text: &str, chars: f32) -> Vec<String> {
        let fonts = Fonts::new(None).unwrap();
        let layout = Layout::new(&fonts, "");
        // The standard font: CJK 1 em, ASCII ½ em; at size 10, `chars` CJK characters.
        layout.wrap(text, chars * 10.0, 10.0)
    }

    #[test]
    fn lines_break_between_chinese_characters_and_at_spaces() {
        let cases: &[(&str, f32, &[&str])] = &[
            ("原产地计算工作表", 3.0, &["原产地", "计算工", "作表"]),
            ("CTH or RVC40", 3.0, &["CTH or", "RVC40"]),
            ("a/b/c", 1.0, &["a/", "b/", "c"]),
            ("是，否。好", 2.0, &["是，", "否。", "好"]),
            ("是否，好", 2.0, &["是", "否，", "好"]),
            ("（累积）", 2.0, &["（累", "积）"]),
            ("one\ntwo", 10.0, &["one", "two"]),
            ("tab\there\r", 10.0, &["tab here"]),
            ("", 10.0, &[""]),
            (
                "supercalifragilistic",
                2.0,
                &["supe", "rcal", "ifra", "gili", "stic"],
            ),
        ];
        for (text, width, lines) in cases {
            assert_eq!(wrap(text, *width), *lines, "{text:?} in {width}");
        }
    }

    proptest! {
        /// Wrapping loses nothing but spaces at the breaks, and every line fits unless it is one
        /// character wider than the width.
        #[test]
        fn wrapping_keeps_the_text_and_fits(
            text in "[a-z 原产地计算，。/()-]{0,80}",
            width in 1.0f32..20.0,
        ) {
            let fonts = Fonts::new(None).unwrap();
            let lines = wrap(&text, width);
            let squeeze = |s: &str| s.chars().filter(|c| *c != ' ').collect::<String>();
            prop_assert_eq!(squeeze(&lines.concat()), squeeze(&text));
            for line in &lines {
                prop_assert!(
                    fonts.width(line, 10.0) <= width * 10.0 + 0.01 || line.chars().count() == 1,
                    "{:?} wider than {}", line, width
                );
            }
        }
    }
}
