//! An announcement's attachments: the 红头文件 as a PDF, the forms to fill in as Word or Excel,
//! a picture. The type is read from the content (never the name); each file is at most
//! `ATTACHMENT_MAX_BYTES`, and an announcement carries at most `FILES_MAX`.

pub use super::file_type::{ATTACHMENT_MAX_BYTES, FileRefused, offered_name};
use super::file_type::{FileType, sniff};

/// The most files one announcement carries.
pub const FILES_MAX: usize = 5;

/// Checks an uploaded attachment: not empty, not too big, a known type.
pub fn check_file(bytes: &[u8]) -> Result<FileType, FileRefused> {
    if bytes.is_empty() {
        return Err(FileRefused::Empty);
    }
    if bytes.len() > ATTACHMENT_MAX_BYTES {
        return Err(FileRefused::AttachmentTooLarge);
    }
    sniff(bytes).ok_or(FileRefused::AnnouncementFileType)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn attachments_are_documents_pdfs_or_pictures_by_content() {
        assert_eq!(check_file(b"%PDF-1.7 ..."), Ok(FileType::Pdf));
        assert_eq!(
            check_file(b"PK\x03\x04..[Content_Types].xml..xl/workbook.xml"),
            Ok(FileType::Xlsx)
        );
        assert_eq!(check_file(&[0xFF, 0xD8, 0xFF, 0xE0]), Ok(FileType::Jpeg));
        assert_eq!(
            check_file(b"MZ\x90\x00 an exe renamed form.pdf"),
            Err(FileRefused::AnnouncementFileType)
        );
        assert_eq!(
            check_file(b"<script>alert(1)</script>"),
            Err(FileRefused::AnnouncementFileType)
        );
        assert_eq!(check_file(b""), Err(FileRefused::Empty));
        let big = [b"%PDF-".as_slice(), &vec![b' '; ATTACHMENT_MAX_BYTES]].concat();
        assert_eq!(check_file(&big), Err(FileRefused::AttachmentTooLarge));
        assert_eq!(
            FileRefused::AnnouncementFileType.to_string(),
            "附件须为 PDF、Word、PowerPoint、Excel 文件或 JPG、PNG、GIF 图片"
        );
    }
}
