//! What an uploaded file is, read from its bytes (never from its name): the office formats
//! (old OLE2 .doc/.xls/.ppt, new OOXML .docx/.xlsx/.pptx), PDF, and the common images.

crate::stored_enum! {
    /// What a stored file is for: it decides who may read it and which form may use it.
    pub enum FilePurpose {
        /// A project's plan document (申报书).
        Plan = "plan",
        /// A growth record's attachment.
        Growth = "growth",
        /// A user's avatar.
        Avatar = "avatar",
        /// A teacher's ID photo for certificates.
        CertPhoto = "cert",
        /// An announcement's attachment.
        Announcement = "announcement",
    }
}

/// The largest attachment (an achievement's file, an announcement's).
pub const ATTACHMENT_MAX_BYTES: usize = 10 * 1024 * 1024;

/// What is wrong with an uploaded document (text: `error::text`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub enum FileRefused {
    Empty,
    PlanTooLarge,
    PlanType,
    AttachmentTooLarge,
    AttachmentType,
    /// An announcement's attachment is not a document, a spreadsheet, a PDF or a picture.
    AnnouncementFileType,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FileType {
    Pdf,
    /// .doc, .xls or .ppt: the OLE2 container does not say which without parsing it.
    Ole2,
    Docx,
    Xlsx,
    Pptx,
    Jpeg,
    Png,
    Gif,
}

impl FileType {
    pub fn mime(self) -> &'static str {
        match self {
            Self::Pdf => "application/pdf",
            Self::Ole2 => "application/x-ole-storage",
            Self::Docx => "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
            Self::Xlsx => "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
            Self::Pptx => {
                "application/vnd.openxmlformats-officedocument.presentationml.presentation"
            }
            Self::Jpeg => "image/jpeg",
            Self::Png => "image/png",
            Self::Gif => "image/gif",
        }
    }

    pub fn ext(self) -> &'static str {
        match self {
            Self::Pdf => "pdf",
            Self::Ole2 => "doc",
            Self::Docx => "docx",
            Self::Xlsx => "xlsx",
            Self::Pptx => "pptx",
            Self::Jpeg => "jpg",
            Self::Png => "png",
            Self::Gif => "gif",
        }
    }
}

impl FileType {
    const ALL: [FileType; 8] = [
        Self::Pdf,
        Self::Ole2,
        Self::Docx,
        Self::Xlsx,
        Self::Pptx,
        Self::Jpeg,
        Self::Png,
        Self::Gif,
    ];
}

/// The extension of the type a stored file's `mime` names.
pub fn ext_of_mime(mime: &str) -> Option<&'static str> {
    FileType::ALL
        .iter()
        .find(|t| t.mime() == mime)
        .map(|t| t.ext())
}

/// The type of `bytes`, if it is one of the known ones. An OOXML file is a zip whose entries
/// name `word/`, `xl/` or `ppt/`; any other zip is not.
pub fn sniff(bytes: &[u8]) -> Option<FileType> {
    const OLE2: [u8; 8] = [0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1];
    let has = |needle: &[u8]| bytes.windows(needle.len()).any(|w| w == needle);
    Some(if bytes.starts_with(b"%PDF-") {
        FileType::Pdf
    } else if bytes.starts_with(&OLE2) {
        FileType::Ole2
    } else if bytes.starts_with(b"PK\x03\x04") && has(b"[Content_Types].xml") {
        if has(b"word/") {
            FileType::Docx
        } else if has(b"xl/") {
            FileType::Xlsx
        } else if has(b"ppt/") {
            FileType::Pptx
        } else {
            return None;
        }
    } else if bytes.starts_with(&[0xFF, 0xD8, 0xFF]) {
        FileType::Jpeg
    } else if bytes.starts_with(b"\x89PNG\r\n\x1a\n") {
        FileType::Png
    } else if bytes.starts_with(b"GIF87a") || bytes.starts_with(b"GIF89a") {
        FileType::Gif
    } else {
        return None;
    })
}

/// The name a file is offered under: the sent name without a path, its extension the one its
/// content has.
pub fn offered_name(sent: &str, ext: &str) -> String {
    let base = sent.rsplit(['/', '\\']).next().unwrap_or(sent).trim();
    let stem = base.rsplit_once('.').map_or(base, |(s, _)| s);
    format!("{}.{ext}", safe_stem(stem))
}

/// Text fit for a file name in a Content-Disposition header: no control characters, quotes,
/// `;` or slashes, at most 80 characters; "附件" when nothing is left.
pub fn safe_stem(text: &str) -> String {
    let s: String = text
        .chars()
        .filter(|c| !c.is_control() && !matches!(c, '"' | ';' | '/' | '\\'))
        .take(80)
        .collect();
    match s.trim() {
        "" => "附件".into(),
        kept => kept.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn types_are_read_from_the_content() {
        let table: [(&[u8], Option<FileType>); 10] = [
            (
                b"PK\x03\x04..[Content_Types].xml..word/document.xml",
                Some(FileType::Docx),
            ),
            (
                b"PK\x03\x04..[Content_Types].xml..xl/workbook.xml",
                Some(FileType::Xlsx),
            ),
            (
                b"PK\x03\x04..[Content_Types].xml..ppt/slides/slide1.xml",
                Some(FileType::Pptx),
            ),
            (b"PK\x03\x04 any other zip", None),
            (b"%PDF-1.7", Some(FileType::Pdf)),
            (
                &[0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1, 0],
                Some(FileType::Ole2),
            ),
            (&[0xFF, 0xD8, 0xFF, 0xE0], Some(FileType::Jpeg)),
            (b"\x89PNG\r\n\x1a\n....", Some(FileType::Png)),
            (b"GIF89a..", Some(FileType::Gif)),
            (b"MZ\x90\x00 an exe renamed paper.docx", None),
        ];
        for (bytes, want) in table {
            assert_eq!(sniff(bytes), want, "{:?}", String::from_utf8_lossy(bytes));
            if let Some(t) = want {
                assert_eq!(ext_of_mime(t.mime()), Some(t.ext()));
            }
        }
        assert_eq!(ext_of_mime("text/html"), None);
    }

    #[test]
    fn offered_names_lose_paths_and_quotes_and_take_the_real_extension() {
        assert_eq!(offered_name("C:\\通知\\报名表.exe", "xlsx"), "报名表.xlsx");
        assert_eq!(offered_name("a\"b;c\r\n.pdf", "pdf"), "abc.pdf");
        assert_eq!(offered_name("  ", "png"), "附件.png");
        assert_eq!(offered_name("../../etc/passwd", "pdf"), "passwd.pdf");
    }
}
