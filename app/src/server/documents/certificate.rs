//! The completion certificate (结业证书): A4 landscape, a double frame, the holder and what they
//! completed, the issuer and date, the number, and a QR code to the public verification page.

use super::{A4_LONG, A4_SHORT, Align, Book, GOLD, GREY, INK, Placed, Sheet, long_date, rgb, tone};
use crate::error::AppResult;
use chrono::NaiveDate;

/// What a certificate says, as issued.
#[derive(Debug, Clone)]
pub struct CertificateText {
    pub number: String,
    pub holder_name: String,
    pub id_masked: String,
    pub project_name: String,
    pub class_name: String,
    pub starts_on: NaiveDate,
    pub ends_on: NaiveDate,
    pub hours: i32,
    /// "16.7".
    pub credits: String,
    pub credit_category: String,
    pub level: String,
    pub result: String,
    pub issuer: String,
    pub issued_on: NaiveDate,
    /// The verification page the QR code opens.
    pub verify_url: String,
    pub photo: PhotoSlot,
}

/// The holder's photo on a certificate.
#[derive(Debug, Clone)]
pub enum PhotoSlot {
    /// The project prints none.
    NotUsed,
    /// The project asks for one and the holder has not uploaded it: an empty box to paste
    /// a print into.
    Missing,
    /// The photo's bytes (JPEG or PNG, as uploaded).
    Image(Vec<u8>),
}

const RED: (u8, u8, u8) = (168, 28, 32);

/// Draws one certificate on its own page of `book`.
pub fn draw(book: &mut Book, c: &CertificateText) -> AppResult<()> {
    let photo = match &c.photo {
        PhotoSlot::NotUsed => None,
        PhotoSlot::Missing => Some(None),
        PhotoSlot::Image(bytes) => Some(book.image(bytes)),
    };
    let mut s = book.sheet(A4_LONG, A4_SHORT);
    page(&mut s, c, photo.as_ref().map(Option::as_ref))?;
    book.add(s);
    Ok(())
}

/// One certificate as a PDF.
pub fn render(c: &CertificateText) -> AppResult<Vec<u8>> {
    let mut book = Book::new(&format!("结业证书 {}", c.number))?;
    draw(&mut book, c)?;
    Ok(book.finish())
}

/// The photo box: 1 inch (25 × 35 mm) at the top right of the text, as paper certificates
/// have it.
const PHOTO_W: f32 = 25.0;
const PHOTO_H: f32 = 35.0;

fn page(s: &mut Sheet, c: &CertificateText, photo: Option<Option<&Placed>>) -> AppResult<()> {
    let w = s.width();
    s.certificate_frame(rgb(255, 252, 245), RED, &c.number);
    s.text("结业证书", w / 2.0, 46.0, 34.0, Align::Centre, tone(RED));
    s.text(
        "CERTIFICATE OF COMPLETION",
        w / 2.0,
        55.0,
        9.0,
        Align::Centre,
        tone(GOLD),
    );
    let left = 36.0;
    let mut width = w - 72.0;
    if let Some(placed) = photo {
        let (x, y) = (w - 36.0 - PHOTO_W, 64.0);
        width -= PHOTO_W + 8.0;
        match placed {
            Some(p) => {
                s.image(p, x, y, PHOTO_W);
            }
            None => s.text(
                "贴照片处",
                x + PHOTO_W / 2.0,
                y + PHOTO_H / 2.0,
                9.0,
                Align::Centre,
                tone(GREY),
            ),
        }
        s.frame(x, y, PHOTO_W, PHOTO_H, 0.5, tone(GOLD));
    }
    s.text(
        &format!("{}（身份证号 {}）：", c.holder_name, c.id_masked),
        left,
        76.0,
        16.0,
        Align::Left,
        tone(INK),
    );
    let body = format!(
        "　　于 {} 至 {} 参加“{}”（{}），完成 {} 学时的培训，经考核，成绩{}，计 {} 学分（{}）。",
        long_date(c.starts_on),
        long_date(c.ends_on),
        c.project_name,
        c.class_name,
        c.hours,
        c.result,
        c.credits,
        c.credit_category,
    );
    let after = s.paragraph(&body, (left, 90.0), width, 15.0, 9.5, tone(INK));
    s.paragraph("　　特发此证。", (left, after), width, 15.0, 9.5, tone(INK));
    // Issuer and date, bottom right.
    let right = w - 40.0;
    s.text(&c.issuer, right, 160.0, 14.0, Align::Right, tone(INK));
    s.text(
        &long_date(c.issued_on),
        right,
        169.0,
        12.0,
        Align::Right,
        tone(INK),
    );
    s.text(
        &format!("项目级别：{}", c.level),
        right,
        178.0,
        10.0,
        Align::Right,
        tone(GREY),
    );
    // Verification, bottom left: the QR carries the page's address, printed beside it too.
    s.verify_block(
        &c.verify_url,
        (30.0, 146.0),
        30.0,
        "扫码或访问以下地址验证本证书",
    )?;
    Ok(())
}
