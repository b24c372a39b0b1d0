//! The one CJK face every PDF is set in: where it comes from, checked at start-up, parsed once.

use crate::error::{AppError, AppResult};
use printpdf::ParsedFont;
use std::sync::{Arc, OnceLock};

/// Noto Sans CJK from Debian's fonts-noto-cjk; face 2 of the collection is Simplified Chinese.
pub const DEFAULT_FONT: &str = "/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc";
pub const DEFAULT_FONT_INDEX: usize = 2;

/// Where the face comes from: `SHIXUN_FONT` and `SHIXUN_FONT_INDEX`, or the Debian default.
pub fn font_source() -> (String, usize) {
    let path = std::env::var("SHIXUN_FONT")
        .ok()
        .filter(|p| !p.trim().is_empty())
        .unwrap_or_else(|| DEFAULT_FONT.into());
    let index = std::env::var("SHIXUN_FONT_INDEX")
        .ok()
        .and_then(|i| i.trim().parse().ok())
        .unwrap_or(DEFAULT_FONT_INDEX);
    (path, index)
}

/// Says at start-up what PDFs will need, so a missing font is found before the first teacher
/// asks for a certificate.
pub fn check_font() -> Result<(), String> {
    let (path, _) = font_source();
    if std::path::Path::new(&path).is_file() {
        Ok(())
    } else {
        Err(format!(
            "the CJK font for PDFs is missing: {path} (install fonts-noto-cjk, or set SHIXUN_FONT to a .ttf/.ttc and SHIXUN_FONT_INDEX to its face)"
        ))
    }
}

/// The face, parsed once per process (parsing the 20 MB collection takes tens of ms).
pub(super) fn font() -> AppResult<Arc<ParsedFont>> {
    static FONT: OnceLock<Result<Arc<ParsedFont>, String>> = OnceLock::new();
    FONT.get_or_init(|| {
        let (path, index) = font_source();
        let bytes = std::fs::read(&path).map_err(|e| format!("{path}: {e}"))?;
        ParsedFont::from_bytes(&bytes, index, &mut Vec::new())
            .map(Arc::new)
            .ok_or_else(|| format!("{path}: face {index} is not a font printpdf can read"))
    })
    .clone()
    .map_err(|e| {
        tracing::error!("PDF font: {e}");
        AppError::Internal
    })
}
