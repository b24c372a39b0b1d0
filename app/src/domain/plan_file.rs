//! A project's plan document (实施方案): Word, Excel or PDF, at most 500 KB, its type read from
//! the content rather than the name.

pub use super::file_type::FileRefused;

pub const PLAN_MAX_BYTES: usize = 500 * 1024;

/// The type of a plan document read from its bytes (not its name): PDF, Word or Excel, old
/// (OLE2 .doc/.xls) or new (.docx/.xlsx).
pub fn plan_type(bytes: &[u8]) -> Option<(&'static str, &'static str)> {
    use super::file_type::{FileType, sniff};
    match sniff(bytes)? {
        t @ (FileType::Pdf | FileType::Ole2 | FileType::Docx | FileType::Xlsx) => {
            Some((t.mime(), t.ext()))
        }
        _ => None,
    }
}

/// Checks an uploaded plan: size and type.
pub fn check_plan(bytes: &[u8]) -> Result<(&'static str, &'static str), FileRefused> {
    if bytes.is_empty() {
        return Err(FileRefused::Empty);
    }
    if bytes.len() > PLAN_MAX_BYTES {
        return Err(FileRefused::PlanTooLarge);
    }
    plan_type(bytes).ok_or(FileRefused::PlanType)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn plans_are_recognised_by_content() {
        let mut docx = b"PK\x03\x04....[Content_Types].xml....word/document.xml".to_vec();
        assert_eq!(plan_type(&docx).map(|t| t.1), Some("docx"));
        docx = b"PK\x03\x04....[Content_Types].xml....xl/workbook.xml".to_vec();
        assert_eq!(plan_type(&docx).map(|t| t.1), Some("xlsx"));
        assert_eq!(plan_type(b"PK\x03\x04 any zip").map(|t| t.1), None);
        assert_eq!(plan_type(b"%PDF-1.7 ...").map(|t| t.1), Some("pdf"));
        let ole = [0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1, 0, 0];
        assert_eq!(plan_type(&ole).map(|t| t.1), Some("doc"));
        assert_eq!(plan_type(b"MZ\x90\x00 an exe renamed plan.pdf"), None);
        assert_eq!(check_plan(b""), Err(FileRefused::Empty));
        let big = [b"%PDF-".as_slice(), &vec![b' '; PLAN_MAX_BYTES]].concat();
        assert_eq!(check_plan(&big), Err(FileRefused::PlanTooLarge));
        assert_eq!(
            FileRefused::PlanTooLarge.to_string(),
            "实施方案不能超过 500 KB"
        );
        assert_eq!(check_plan(b"<html>"), Err(FileRefused::PlanType));
    }
}
