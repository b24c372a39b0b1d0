//! PDF documents (certificates, opening notices) drawn with printpdf in one embedded CJK face,
//! subsetted on save so a page stays small. Positions are in millimetres from the page's top
//! left corner, as a designer measures them; the PDF's own origin (bottom left) stays in here.

pub mod certificate;
pub mod credit_certificate;
mod font;
mod line_breaks;
pub mod notice;

use font::font;
pub use font::{DEFAULT_FONT, DEFAULT_FONT_INDEX, check_font, font_source};
use line_breaks::words;
use std::sync::Arc;

use crate::error::{AppError, AppResult};
use printpdf::{
    Actions, Color, FontId, ImageCompression, ImageOptimizationOptions, LinkAnnotation, Mm, Op,
    ParsedFont, PdfDocument, PdfFontHandle, PdfPage, PdfSaveOptions, Point, Pt, RawImage, Rect,
    Rgb, TextItem, XObjectId, XObjectTransform,
};

pub const A4_SHORT: f32 = 210.0;
pub const A4_LONG: f32 = 297.0;

pub fn rgb(r: u8, g: u8, b: u8) -> Color {
    Color::Rgb(Rgb {
        r: f32::from(r) / 255.0,
        g: f32::from(g) / 255.0,
        b: f32::from(b) / 255.0,
        icc_profile: None,
    })
}

/// The ink certificates share: body text, the inner gold border, small print.
pub const INK: (u8, u8, u8) = (38, 38, 38);
pub const GOLD: (u8, u8, u8) = (191, 144, 64);
pub const GREY: (u8, u8, u8) = (110, 110, 110);

pub fn tone((r, g, b): (u8, u8, u8)) -> Color {
    rgb(r, g, b)
}

#[derive(Clone, Copy, PartialEq, Eq)]
pub enum Align {
    Left,
    Centre,
    Right,
}

/// One page being drawn.
pub struct Sheet {
    font: Arc<ParsedFont>,
    font_id: FontId,
    width: f32,
    height: f32,
    ops: Vec<Op>,
}

/// A document of one or more pages sharing the face.
pub struct Book {
    doc: PdfDocument,
    font: Arc<ParsedFont>,
    font_id: FontId,
    pages: Vec<PdfPage>,
}

impl Book {
    pub fn new(title: &str) -> AppResult<Self> {
        let font = font()?;
        let mut doc = PdfDocument::new(title);
        let font_id = doc.add_font(&font);
        Ok(Self {
            doc,
            font,
            font_id,
            pages: Vec::new(),
        })
    }

    /// A blank page, `width` × `height` mm.
    pub fn sheet(&self, width: f32, height: f32) -> Sheet {
        Sheet {
            font: self.font.clone(),
            font_id: self.font_id.clone(),
            width,
            height,
            ops: Vec::new(),
        }
    }

    pub fn add(&mut self, s: Sheet) {
        self.pages
            .push(PdfPage::new(Mm(s.width), Mm(s.height), s.ops));
    }

    /// Adds a JPEG or PNG to the document, once however many pages show it; `None` when it
    /// cannot be decoded.
    pub fn image(&mut self, bytes: &[u8]) -> Option<Placed> {
        let img = RawImage::decode_from_bytes(bytes, &mut Vec::new()).ok()?;
        let px = (img.width.max(1), img.height.max(1));
        Some(Placed {
            id: self.doc.add_image(&img),
            px,
        })
    }

    /// The PDF bytes, with the face cut down to the glyphs used and photos stored as JPEG
    /// (raw pixels would make a certificate several hundred KB).
    pub fn finish(mut self) -> Vec<u8> {
        let pages = std::mem::take(&mut self.pages);
        self.doc.with_pages(pages).save(
            &PdfSaveOptions {
                subset_fonts: true,
                image_optimization: Some(ImageOptimizationOptions {
                    quality: Some(0.82),
                    max_image_size: None,
                    auto_optimize: Some(false),
                    format: Some(ImageCompression::Jpeg),
                    ..Default::default()
                }),
                ..Default::default()
            },
            &mut Vec::new(),
        )
    }
}

/// An image added to a [`Book`], to place on its pages.
pub struct Placed {
    id: XObjectId,
    px: (usize, usize),
}

fn mm_pt(mm: f32) -> Pt {
    Mm(mm).into()
}

impl Sheet {
    pub fn width(&self) -> f32 {
        self.width
    }

    fn point(&self, x: f32, y_from_top: f32) -> Point {
        Point {
            x: mm_pt(x),
            y: mm_pt(self.height - y_from_top),
        }
    }

    /// The width of `text` at `size` pt, in mm.
    pub fn text_width(&self, text: &str, size: f32) -> f32 {
        let upem = f32::from(self.font.pdf_font_metrics.units_per_em.max(1));
        let units: f32 = text
            .chars()
            .map(|c| {
                self.font
                    .lookup_glyph_index(c as u32)
                    .map_or(upem, |g| f32::from(self.font.get_horizontal_advance(g)))
            })
            .sum();
        units / upem * size * 25.4 / 72.0
    }

    /// Text whose baseline sits `y` mm from the top; `x` is its left edge, centre or right
    /// edge as `align` says.
    pub fn text(&mut self, text: &str, x: f32, y: f32, size: f32, align: Align, colour: Color) {
        let w = self.text_width(text, size);
        let left = match align {
            Align::Left => x,
            Align::Centre => x - w / 2.0,
            Align::Right => x - w,
        };
        let pos = self.point(left, y);
        self.ops.extend([
            Op::StartTextSection,
            Op::SetFillColor { col: colour },
            Op::SetFont {
                font: PdfFontHandle::External(self.font_id.clone()),
                size: Pt(size),
            },
            Op::SetTextCursor { pos },
            Op::ShowText {
                items: vec![TextItem::Text(text.to_string())],
            },
            Op::EndTextSection,
        ]);
    }

    /// `text` broken into lines no wider than `width` mm (CJK breaks anywhere; a run of
    /// Latin letters or digits stays whole), drawn from baseline `y` down; returns the
    /// baseline after the last line.
    pub fn paragraph(
        &mut self,
        text: &str,
        (x, y): (f32, f32),
        width: f32,
        size: f32,
        leading: f32,
        colour: Color,
    ) -> f32 {
        let mut y = y;
        for line in self.wrap(text, width, size) {
            self.text(&line, x, y, size, Align::Left, colour.clone());
            y += leading;
        }
        y
    }

    pub fn wrap(&self, text: &str, width: f32, size: f32) -> Vec<String> {
        let mut lines = Vec::new();
        let mut line = String::new();
        for word in words(text) {
            let candidate = format!("{line}{word}");
            if !line.is_empty() && self.text_width(&candidate, size) > width {
                lines.push(std::mem::take(&mut line));
                line = word.trim_start().to_string();
            } else {
                line = candidate;
            }
        }
        if !line.is_empty() {
            lines.push(line);
        }
        lines
    }

    /// A filled rectangle, `x`, `y` its top left corner.
    pub fn fill(&mut self, x: f32, y: f32, w: f32, h: f32, colour: Color) {
        let rect = self.rect(x, y, w, h, printpdf::PaintMode::Fill);
        self.ops.extend([Op::SetFillColor { col: colour }, rect]);
    }

    /// A rectangle's outline.
    pub fn frame(&mut self, x: f32, y: f32, w: f32, h: f32, thickness: f32, colour: Color) {
        let rect = self.rect(x, y, w, h, printpdf::PaintMode::Stroke);
        self.ops.extend([
            Op::SetOutlineColor { col: colour },
            Op::SetOutlineThickness { pt: Pt(thickness) },
            rect,
        ]);
    }

    /// The rectangle `w` by `h` whose top left corner is at `x`, `y`, painted as `mode` says.
    fn rect(&self, x: f32, y: f32, w: f32, h: f32, mode: printpdf::PaintMode) -> Op {
        let corner = self.point(x, y + h);
        Op::DrawRectangle {
            rectangle: Rect {
                x: corner.x,
                y: corner.y,
                width: mm_pt(w),
                height: mm_pt(h),
                mode: Some(mode),
                winding_order: None,
            },
        }
    }

    /// A certificate's page: the paper, a double border (`border` outside, thin gold inside)
    /// and the number at the top right.
    pub fn certificate_frame(&mut self, paper: Color, border: (u8, u8, u8), number: &str) {
        let (w, h) = (self.width, self.height);
        self.fill(0.0, 0.0, w, h, paper);
        self.frame(8.0, 8.0, w - 16.0, h - 16.0, 3.0, tone(border));
        self.frame(12.0, 12.0, w - 24.0, h - 24.0, 0.8, tone(GOLD));
        self.text(
            &format!("证书编号：{number}"),
            w - 22.0,
            24.0,
            10.0,
            Align::Right,
            tone(GREY),
        );
    }

    /// The verification corner: a QR code of `url`, `size` mm square at (`x`, `y`), with
    /// `caption` and the address itself printed beside its lower half.
    pub fn verify_block(
        &mut self,
        url: &str,
        (x, y): (f32, f32),
        size: f32,
        caption: &str,
    ) -> AppResult<()> {
        self.qr(url, x, y, size)?;
        let left = x + size + 4.0;
        self.text(caption, left, y + 16.0, 9.0, Align::Left, tone(GREY));
        self.text(url, left, y + 22.0, 8.0, Align::Left, tone(GREY));
        Ok(())
    }

    /// An image `w` mm wide with its top left at (`x`, `y`), its height in proportion;
    /// returns that height.
    pub fn image(&mut self, p: &Placed, x: f32, y: f32, w: f32) -> f32 {
        let dpi = p.px.0 as f32 * 25.4 / w;
        let h = p.px.1 as f32 * 25.4 / dpi;
        let corner = self.point(x, y + h);
        self.ops.push(Op::UseXobject {
            id: p.id.clone(),
            transform: XObjectTransform {
                translate_x: Some(corner.x),
                translate_y: Some(corner.y),
                dpi: Some(dpi),
                ..Default::default()
            },
        });
        h
    }

    /// A QR code of `data`, `size` mm square with its top left at (`x`, `y`); clicking it in
    /// a PDF viewer opens `data` when it is a link.
    pub fn qr(&mut self, data: &str, x: f32, y: f32, size: f32) -> AppResult<()> {
        let code = qrcode::QrCode::with_error_correction_level(data, qrcode::EcLevel::M)
            .map_err(AppError::internal)?;
        let n = code.width();
        // A quiet zone of two modules each side.
        let module = size / (n + 4) as f32;
        let dark = code.to_colors();
        self.fill(x, y, size, size, rgb(255, 255, 255));
        for row in 0..n {
            // One rectangle per run of dark modules keeps the page small.
            let mut col = 0;
            while col < n {
                if dark[row * n + col] != qrcode::Color::Dark {
                    col += 1;
                    continue;
                }
                let start = col;
                while col < n && dark[row * n + col] == qrcode::Color::Dark {
                    col += 1;
                }
                self.fill(
                    x + (start + 2) as f32 * module,
                    y + (row + 2) as f32 * module,
                    (col - start) as f32 * module + 0.01,
                    module + 0.01,
                    rgb(0, 0, 0),
                );
            }
        }
        if data.starts_with("http") {
            let corner = self.point(x, y + size);
            self.ops.push(Op::LinkAnnotation {
                link: LinkAnnotation::new(
                    Rect {
                        x: corner.x,
                        y: corner.y,
                        width: mm_pt(size),
                        height: mm_pt(size),
                        mode: None,
                        winding_order: None,
                    },
                    Actions::Uri(data.to_string()),
                    // No box drawn around the code.
                    Some(printpdf::BorderArray::Solid([0.0, 0.0, 0.0])),
                    None,
                    None,
                ),
            });
        }
        Ok(())
    }
}

/// Long dates as printed: 2026年7月1日.
pub fn long_date(d: chrono::NaiveDate) -> String {
    use chrono::Datelike;
    format!("{}年{}月{}日", d.year(), d.month(), d.day())
}
