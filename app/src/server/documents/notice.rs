//! The opening notice (开班通知) a teacher prints and brings: A4 portrait, addressed to the
//! teacher, with the class's dates, place and what the institution asks them to bring.

use super::{A4_LONG, A4_SHORT, Align, Book, long_date, rgb};
use crate::error::AppResult;
use chrono::NaiveDate;

#[derive(Debug, Clone)]
pub struct NoticeText {
    pub teacher_name: String,
    pub school_name: String,
    pub project_name: String,
    pub class_name: String,
    pub starts_on: NaiveDate,
    pub ends_on: NaiveDate,
    pub place: String,
    pub hours: i32,
    pub institution: String,
    pub tutor: String,
    /// The institution's own words: what to bring, where to report.
    pub body: String,
    pub published_on: NaiveDate,
}

pub fn render(n: &NoticeText) -> AppResult<Vec<u8>> {
    let mut book = Book::new(&format!("开班通知 {}", n.class_name))?;
    let mut s = book.sheet(A4_SHORT, A4_LONG);
    let ink = rgb(38, 38, 38);
    let grey = rgb(110, 110, 110);
    let blue = rgb(22, 93, 255);
    let w = s.width();
    s.fill(0.0, 0.0, w, 6.0, blue.clone());
    s.text("开班通知", w / 2.0, 34.0, 24.0, Align::Centre, ink.clone());
    s.text(
        &n.project_name,
        w / 2.0,
        44.0,
        12.0,
        Align::Centre,
        grey.clone(),
    );
    let left = 25.0;
    let width = w - 50.0;
    s.text(
        &format!("{}老师（{}）：", n.teacher_name, n.school_name),
        left,
        62.0,
        13.0,
        Align::Left,
        ink.clone(),
    );
    let mut y = s.paragraph(
        &format!(
            "　　您已被录取参加“{}”{}，请按以下安排准时报到。",
            n.project_name, n.class_name
        ),
        (left, 72.0),
        width,
        12.0,
        7.5,
        ink.clone(),
    );
    y += 4.0;
    let rows = [
        (
            "培训时间",
            format!("{} 至 {}", long_date(n.starts_on), long_date(n.ends_on)),
        ),
        ("培训地点", n.place.clone()),
        ("培训学时", format!("{} 学时", n.hours)),
        ("承办机构", n.institution.clone()),
        ("班主任", n.tutor.clone()),
    ];
    for (label, value) in rows {
        if value.trim().is_empty() {
            continue;
        }
        s.fill(left, y - 5.0, width, 8.0, rgb(245, 247, 250));
        s.text(label, left + 3.0, y, 11.0, Align::Left, grey.clone());
        y = s.paragraph(
            &value,
            (left + 28.0, y),
            width - 31.0,
            11.0,
            8.0,
            ink.clone(),
        ) + 1.0;
    }
    y += 6.0;
    s.text("报到须知", left, y, 13.0, Align::Left, blue);
    y += 9.0;
    for para in n.body.lines().filter(|l| !l.trim().is_empty()) {
        y = s.paragraph(
            &format!("　　{}", para.trim()),
            (left, y),
            width,
            11.0,
            7.0,
            ink.clone(),
        ) + 1.5;
    }
    let right = w - 25.0;
    let sign = (y + 16.0).max(230.0);
    s.text(&n.institution, right, sign, 12.0, Align::Right, ink.clone());
    s.text(
        &long_date(n.published_on),
        right,
        sign + 8.0,
        11.0,
        Align::Right,
        ink,
    );
    s.text(
        "本通知由师训平台生成，请打印后随身携带。",
        w / 2.0,
        A4_LONG - 14.0,
        9.0,
        Align::Centre,
        grey,
    );
    book.add(s);
    Ok(book.finish())
}
