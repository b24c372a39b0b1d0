//! Uploaded photos: the type is read from the bytes (never trusted from the name), and the
//! size and shape are checked against what each use needs.

use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ImageFormat {
    Jpeg,
    Png,
}

impl ImageFormat {
    pub fn mime(self) -> &'static str {
        match self {
            Self::Jpeg => "image/jpeg",
            Self::Png => "image/png",
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ImageInfo {
    pub format: ImageFormat,
    pub width: u32,
    pub height: u32,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PhotoKind {
    Avatar,
    /// 一寸蓝底证件照 printed on some certificates.
    Certificate,
}

impl PhotoKind {
    pub fn parse(s: &str) -> Option<Self> {
        match s {
            "avatar" => Some(Self::Avatar),
            "cert" => Some(Self::Certificate),
            _ => None,
        }
    }

    pub fn as_str(self) -> &'static str {
        match self {
            Self::Avatar => "avatar",
            Self::Certificate => "cert",
        }
    }

    /// What the photo is stored as.
    pub fn purpose(self) -> super::file_type::FilePurpose {
        match self {
            Self::Avatar => super::file_type::FilePurpose::Avatar,
            Self::Certificate => super::file_type::FilePurpose::CertPhoto,
        }
    }

    pub fn max_bytes(self) -> usize {
        match self {
            Self::Avatar => 2 * 1024 * 1024,
            Self::Certificate => 500 * 1024,
        }
    }
}

/// Reads format and pixel size from a JPEG or PNG header; None for anything else.
pub fn inspect(bytes: &[u8]) -> Option<ImageInfo> {
    if bytes.len() >= 24 && bytes.starts_with(b"\x89PNG\r\n\x1a\n") && &bytes[12..16] == b"IHDR" {
        let width = u32::from_be_bytes([bytes[16], bytes[17], bytes[18], bytes[19]]);
        let height = u32::from_be_bytes([bytes[20], bytes[21], bytes[22], bytes[23]]);
        return Some(ImageInfo {
            format: ImageFormat::Png,
            width,
            height,
        });
    }
    if bytes.starts_with(&[0xFF, 0xD8]) {
        // Walk the segments to the first start-of-frame marker.
        let mut i = 2;
        while i + 9 < bytes.len() {
            if bytes[i] != 0xFF {
                return None;
            }
            let marker = bytes[i + 1];
            let len = usize::from(u16::from_be_bytes([bytes[i + 2], bytes[i + 3]]));
            let is_sof = matches!(marker, 0xC0..=0xCF) && !matches!(marker, 0xC4 | 0xC8 | 0xCC);
            if is_sof {
                let height = u32::from(u16::from_be_bytes([bytes[i + 5], bytes[i + 6]]));
                let width = u32::from(u16::from_be_bytes([bytes[i + 7], bytes[i + 8]]));
                return Some(ImageInfo {
                    format: ImageFormat::Jpeg,
                    width,
                    height,
                });
            }
            i += 2 + len;
        }
    }
    None
}

/// What is wrong with an uploaded photo (text: `error::text`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum PhotoRefused {
    Missing,
    TooLarge { max_kb: usize },
    NotAnImage,
    AvatarTooSmall,
    CertificateTooSmall,
    CertificateNotUpright,
}

/// Checks an upload for `kind`; the error names what is wrong.
pub fn check(kind: PhotoKind, bytes: &[u8]) -> Result<ImageInfo, PhotoRefused> {
    if bytes.is_empty() {
        return Err(PhotoRefused::Missing);
    }
    if bytes.len() > kind.max_bytes() {
        return Err(PhotoRefused::TooLarge {
            max_kb: kind.max_bytes() / 1024,
        });
    }
    let info = inspect(bytes).ok_or(PhotoRefused::NotAnImage)?;
    match kind {
        PhotoKind::Avatar if info.width < 64 || info.height < 64 => {
            Err(PhotoRefused::AvatarTooSmall)
        }
        PhotoKind::Certificate => {
            // 一寸照 25 mm × 35 mm: height / width ≈ 1.4.
            let ratio = f64::from(info.height) / f64::from(info.width.max(1));
            if info.width < 250 || info.height < 350 {
                Err(PhotoRefused::CertificateTooSmall)
            } else if !(1.3..=1.5).contains(&ratio) {
                Err(PhotoRefused::CertificateNotUpright)
            } else {
                Ok(info)
            }
        }
        _ => Ok(info),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn png(w: u32, h: u32) -> Vec<u8> {
        let mut b = b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR".to_vec();
        b.extend_from_slice(&w.to_be_bytes());
        b.extend_from_slice(&h.to_be_bytes());
        b.extend_from_slice(&[8, 2, 0, 0, 0]);
        b
    }

    fn jpeg(w: u16, h: u16) -> Vec<u8> {
        let mut b = vec![0xFF, 0xD8, 0xFF, 0xE0, 0x00, 0x10];
        b.extend_from_slice(&[0; 14]);
        b.extend_from_slice(&[0xFF, 0xC0, 0x00, 0x11, 0x08]);
        b.extend_from_slice(&h.to_be_bytes());
        b.extend_from_slice(&w.to_be_bytes());
        b.extend_from_slice(&[0; 12]);
        b
    }

    #[test]
    fn formats_and_sizes_come_from_the_bytes() {
        assert_eq!(
            inspect(&png(295, 413)),
            Some(ImageInfo {
                format: ImageFormat::Png,
                width: 295,
                height: 413
            })
        );
        assert_eq!(
            inspect(&jpeg(295, 413)),
            Some(ImageInfo {
                format: ImageFormat::Jpeg,
                width: 295,
                height: 413
            })
        );
        assert_eq!(inspect(b"GIF89a......................"), None);
        assert_eq!(inspect(b"%PDF-1.4 not an image at all"), None);
    }

    #[test]
    fn certificate_photos_must_be_one_inch_portraits() {
        assert!(check(PhotoKind::Certificate, &png(295, 413)).is_ok());
        assert!(check(PhotoKind::Certificate, &jpeg(390, 567)).is_ok());
        assert_eq!(
            check(PhotoKind::Certificate, &png(600, 400)),
            Err(PhotoRefused::CertificateNotUpright)
        );
        assert_eq!(
            check(PhotoKind::Certificate, &png(100, 140)),
            Err(PhotoRefused::CertificateTooSmall)
        );
        assert_eq!(
            check(PhotoKind::Certificate, b"hello"),
            Err(PhotoRefused::NotAnImage)
        );
        assert_eq!(
            check(PhotoKind::Certificate, &[]),
            Err(PhotoRefused::Missing)
        );
        let mut big = png(295, 413);
        big.resize(600 * 1024, 0);
        let e = check(PhotoKind::Certificate, &big).unwrap_err();
        assert_eq!(e, PhotoRefused::TooLarge { max_kb: 500 });
        assert_eq!(e.to_string(), "照片不能超过 500 KB");
    }

    #[test]
    fn avatars_are_any_reasonable_image() {
        assert!(check(PhotoKind::Avatar, &png(200, 200)).is_ok());
        assert!(check(PhotoKind::Avatar, &png(16, 16)).is_err());
    }
}
