//! The credit certificate (学分证明): A4 landscape like the completion certificate; it states
//! the credits certified in one cycle as of a date, with the category × year table of 我的学分,
//! the number, and a QR code to the public verification page.

use super::{A4_LONG, A4_SHORT, Align, Book, GOLD, INK, Sheet, long_date, rgb, tone};
use crate::domain::credits::CreditTable;
use crate::error::AppResult;
use chrono::NaiveDate;

/// What a credit certificate says, as issued.
#[derive(Debug, Clone)]
pub struct CreditText {
    pub number: String,
    pub holder_name: String,
    pub id_masked: String,
    /// "十五五".
    pub cycle: String,
    pub first_year: i32,
    pub last_year: i32,
    pub as_of: NaiveDate,
    /// "26.5".
    pub credits: String,
    pub hours: i32,
    pub required: String,
    pub table: CreditTable,
    pub issuer: String,
    pub verify_url: String,
}

const BLUE: (u8, u8, u8) = (23, 78, 166);
const LINE: (u8, u8, u8) = (170, 170, 170);

/// One credit certificate as a PDF.
pub fn render(t: &CreditText) -> AppResult<Vec<u8>> {
    let mut book = Book::new(&format!("学分证明 {}", t.number))?;
    let mut s = book.sheet(A4_LONG, A4_SHORT);
    page(&mut s, t)?;
    book.add(s);
    Ok(book.finish())
}

fn page(s: &mut Sheet, t: &CreditText) -> AppResult<()> {
    let w = s.width();
    s.certificate_frame(rgb(250, 252, 255), BLUE, &t.number);
    s.text("学分证明", w / 2.0, 42.0, 32.0, Align::Centre, tone(BLUE));
    s.text(
        "CERTIFICATE OF CONTINUING EDUCATION CREDITS",
        w / 2.0,
        50.0,
        9.0,
        Align::Centre,
        tone(GOLD),
    );
    let left = 36.0;
    let body = format!(
        "　　兹证明 {}（身份证号 {}）在“{}”继续教育周期（{}—{} 年）内，截至 {}，经认定累计取得继续教育学分 {} 学分、{} 学时（周期要求 {} 学分）。各类别、各年度学分如下：",
        t.holder_name,
        t.id_masked,
        t.cycle,
        t.first_year,
        t.last_year,
        long_date(t.as_of),
        t.credits,
        t.hours,
        t.required,
    );
    let after = s.paragraph(&body, (left, 64.0), w - 72.0, 12.5, 8.0, tone(INK));
    grid(s, &t.table, after + 1.0);
    let right = w - 40.0;
    s.text(&t.issuer, right, 168.0, 13.0, Align::Right, tone(INK));
    s.text(
        &long_date(t.as_of),
        right,
        176.0,
        12.0,
        Align::Right,
        tone(INK),
    );
    s.verify_block(
        &t.verify_url,
        (30.0, 158.0),
        28.0,
        "扫码或访问以下地址验证本证明",
    )?;
    Ok(())
}

/// The table: a row per category and the totals row; a column per year and the cycle; each
/// cell done/required.
fn grid(s: &mut Sheet, t: &CreditTable, top: f32) {
    let row_h = 7.5;
    let first = 36.0;
    let cols = t.years.len() + 1;
    let col_w = ((s.width() - 72.0 - first) / cols as f32).min(36.0);
    let left = (s.width() - first - col_w * cols as f32) / 2.0;
    let mut y = top;
    let header: Vec<String> = t
        .years
        .iter()
        .map(|y| format!("{y} 年"))
        .chain(std::iter::once("周期合计".to_string()))
        .collect();
    s.fill(
        left,
        y,
        first + col_w * cols as f32,
        row_h,
        rgb(232, 240, 252),
    );
    cell(s, "类别＼年度", left, y, first, row_h, true);
    for (i, h) in header.iter().enumerate() {
        cell(s, h, left + first + col_w * i as f32, y, col_w, row_h, true);
    }
    y += row_h;
    let rows = t
        .rows
        .iter()
        .map(|(category, cells, total)| (category.as_str(), cells, total))
        .chain(std::iter::once(("合计", &t.totals.0, &t.totals.1)));
    for (label, cells, total) in rows {
        cell(s, label, left, y, first, row_h, true);
        for (i, v) in cells.iter().chain(std::iter::once(total)).enumerate() {
            cell(
                s,
                &v.text(),
                left + first + col_w * i as f32,
                y,
                col_w,
                row_h,
                false,
            );
        }
        y += row_h;
    }
}

fn cell(s: &mut Sheet, text: &str, x: f32, y: f32, w: f32, h: f32, strong: bool) {
    s.frame(x, y, w, h, 0.4, tone(LINE));
    let colour = if strong { tone(BLUE) } else { tone(INK) };
    s.text(text, x + w / 2.0, y + h - 2.3, 9.5, Align::Centre, colour);
}
