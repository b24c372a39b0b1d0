//! 成长轨迹 (DOMAIN.md §8): the honours and teaching achievements a teacher records, an
//! achievement with its file (doc/docx/ppt/pptx/xls/xlsx/jpg/jpeg/png/gif, read from the
//! content). Fake entries are an ethics offence, so an entry is never edited: it is added, and
//! withdrawn with a trace.

use super::file_type::{FileRefused, FileType, sniff};
use super::project::LEVELS;
use crate::error::FieldError;
use serde::{Deserialize, Serialize};

pub const ACHIEVEMENT_KINDS: [&str; 7] = [
    "论文",
    "著作",
    "课题",
    "教学案例",
    "教学设计",
    "课件",
    "其他",
];
/// Where an achievement was published (出版级别).
pub const PUBLISHER_LEVELS: [&str; 5] = ["国家级", "省级", "市级", "县级", "未出版"];
pub use super::file_type::ATTACHMENT_MAX_BYTES;

crate::stored_enum! {
    pub enum GrowthKind {
        Honour = "honour",
        Achievement = "achievement",
    }
}

/// A new entry as the form holds it. Honours use year, level, title and issuer; achievements
/// the rest too.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct GrowthDraft {
    pub kind: Option<GrowthKind>,
    pub year: String,
    pub level: String,
    pub title: String,
    /// Honours: who awarded it (授予单位).
    pub issuer: String,
    /// Achievements: 论文, 著作 ….
    pub category: String,
    /// Achievements: the authors as printed, the teacher among them (作者).
    pub authors: String,
    pub publisher_level: String,
    /// 出版单位 / 刊物.
    pub publisher: String,
    /// ISBN, ISSN, CN number or a link.
    pub reference: String,
    /// The uploaded file, if any.
    pub file_id: Option<i64>,
}

/// Every field's problem; years run from 30 years back to this one.
pub fn validate(d: &GrowthDraft, this_year: i32) -> Vec<FieldError> {
    let mut errs = Vec::new();
    let mut push = |field: &str, message: String| {
        errs.push(FieldError {
            field: field.into(),
            message,
        })
    };
    let Some(kind) = d.kind else {
        push("kind", "请选择荣誉或教学成果".into());
        return errs;
    };
    match d.year.trim().parse::<i32>() {
        Ok(y) if (this_year - 30..=this_year).contains(&y) => {}
        _ => push(
            "year",
            format!("年度须在 {} 至 {this_year} 之间", this_year - 30),
        ),
    }
    if !LEVELS.contains(&d.level.as_str()) {
        push("level", "请选择级别".into());
    }
    let mut text = |field: &str, value: &str, label: &str, max: usize, required: bool| {
        let n = value.trim().chars().count();
        if required && n == 0 {
            push(field, format!("请填写{label}"));
        } else if n > max {
            push(field, format!("{label}不能超过 {max} 个字"));
        }
    };
    text("title", &d.title, "名称", 100, true);
    match kind {
        GrowthKind::Honour => text("issuer", &d.issuer, "授予单位", 60, true),
        GrowthKind::Achievement => {
            text("authors", &d.authors, "作者", 60, true);
            text("publisher", &d.publisher, "出版单位或刊物", 60, false);
            text("reference", &d.reference, "书号、刊号或链接", 200, false);
            if !ACHIEVEMENT_KINDS.contains(&d.category.as_str()) {
                push("category", "请选择成果类别".into());
            }
            if !PUBLISHER_LEVELS.contains(&d.publisher_level.as_str()) {
                push("publisher_level", "请选择出版级别".into());
            }
        }
    }
    errs
}

/// Checks an achievement's file: size and type, read from the content.
pub fn check_attachment(bytes: &[u8]) -> Result<FileType, FileRefused> {
    if bytes.is_empty() {
        return Err(FileRefused::Empty);
    }
    if bytes.len() > ATTACHMENT_MAX_BYTES {
        return Err(FileRefused::AttachmentTooLarge);
    }
    match sniff(bytes) {
        Some(t) if t != FileType::Pdf => Ok(t),
        _ => Err(FileRefused::AttachmentType),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn honour() -> GrowthDraft {
        GrowthDraft {
            kind: Some(GrowthKind::Honour),
            year: "2025".into(),
            level: "市级".into(),
            title: "优秀班主任".into(),
            issuer: "石家庄市教育局".into(),
            ..Default::default()
        }
    }

    #[test]
    fn an_honour_and_an_achievement_need_their_own_fields() {
        assert!(validate(&honour(), 2026).is_empty());
        let fields = |d: &GrowthDraft| {
            validate(d, 2026)
                .into_iter()
                .map(|e| e.field)
                .collect::<Vec<_>>()
        };
        assert_eq!(
            fields(&GrowthDraft {
                issuer: String::new(),
                year: "1990".into(),
                ..honour()
            }),
            ["year", "issuer"]
        );
        let paper = GrowthDraft {
            kind: Some(GrowthKind::Achievement),
            category: "论文".into(),
            authors: "郑老师（第一作者）".into(),
            publisher_level: "省级".into(),
            publisher: "河北教育".into(),
            reference: "ISSN 1005-1234".into(),
            issuer: String::new(),
            ..honour()
        };
        assert!(validate(&paper, 2026).is_empty());
        assert_eq!(
            fields(&GrowthDraft {
                category: "小说".into(),
                authors: String::new(),
                ..paper.clone()
            }),
            ["authors", "category"]
        );
        assert_eq!(fields(&GrowthDraft::default()), ["kind"]);
        let long = GrowthDraft {
            title: "题".repeat(101),
            ..honour()
        };
        assert_eq!(validate(&long, 2026)[0].message, "名称不能超过 100 个字");
    }

    #[test]
    fn attachments_are_office_files_or_images_by_content() {
        assert_eq!(
            check_attachment(&[0xFF, 0xD8, 0xFF, 0xE0]),
            Ok(FileType::Jpeg)
        );
        assert_eq!(
            check_attachment(b"MZ\x90 renamed.docx"),
            Err(FileRefused::AttachmentType)
        );
        assert!(
            check_attachment(b"%PDF-1.7").is_err(),
            "PDF is not on the list"
        );
        assert_eq!(check_attachment(b""), Err(FileRefused::Empty));
        let big = [b"GIF89a".as_slice(), &vec![0; ATTACHMENT_MAX_BYTES]].concat();
        assert_eq!(check_attachment(&big), Err(FileRefused::AttachmentTooLarge));
        assert_eq!(
            FileRefused::AttachmentTooLarge.to_string(),
            "附件不能超过 10 MB"
        );
    }
}
