//! Image captcha: a noisy raster drawn by captcha-rs (random glyph placement, interference
//! lines and ellipses, gaussian and salt-and-pepper noise), sent as a small JPEG. The answer
//! is never in what the browser receives as text; it lives in the session and is single-use.

use crate::error::{AppError, AppResult};
use rand::Rng;

/// No 0/O, 1/I/L: easy to read for people, and the test switch's "0000" can never be real.
const ALPHABET: &[u8] = b"ABCDEFGHJKMNPQRSTUVWXYZ23456789";

/// Noise level (captcha-rs: 1 to 10): enough to defeat plain OCR, still easy for a person.
const COMPLEXITY: u32 = 4;

/// JPEG quality: ~3 KB an image on a weak network.
const QUALITY: u8 = 70;

pub struct Captcha {
    pub answer: String,
    /// The image, as `image/jpeg`.
    pub jpeg: Vec<u8>,
}

pub fn answer() -> String {
    let mut rng = rand::rng();
    (0..4)
        .map(|_| ALPHABET[rng.random_range(0..ALPHABET.len())] as char)
        .collect()
}

pub fn generate() -> AppResult<Captcha> {
    use image::codecs::jpeg::JpegEncoder;
    let answer = answer();
    let drawn = captcha_rs::CaptchaBuilder::new()
        .text(answer.clone())
        .width(120)
        .height(40)
        .dark_mode(false)
        .complexity(COMPLEXITY)
        .build();
    let mut jpeg = Vec::new();
    JpegEncoder::new_with_quality(&mut jpeg, QUALITY)
        .encode_image(&drawn.image)
        .map_err(|e| {
            tracing::error!(error = %e, "captcha encoding failed");
            AppError::Internal
        })?;
    Ok(Captcha { answer, jpeg })
}

/// Case-insensitive comparison of what was typed with the stored answer.
pub fn matches(answer: &str, typed: &str) -> bool {
    !answer.is_empty() && answer.eq_ignore_ascii_case(typed.trim())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_image_is_a_jpeg_that_does_not_carry_its_answer() {
        let cap = generate().unwrap();
        assert_eq!(cap.answer.len(), 4);
        assert!(cap.answer.bytes().all(|b| ALPHABET.contains(&b)));
        assert_eq!(&cap.jpeg[..3], &[0xFF, 0xD8, 0xFF], "a JPEG");
        assert!(
            !cap.jpeg.windows(4).any(|w| w == cap.answer.as_bytes()),
            "the answer is not in the bytes"
        );
        assert!(cap.jpeg.len() < 12_000, "{} bytes", cap.jpeg.len());
        // Two images of one answer differ: the noise is random.
        let img = |a: &str| {
            let d = captcha_rs::CaptchaBuilder::new()
                .text(a.into())
                .width(120)
                .height(40)
                .complexity(COMPLEXITY)
                .build();
            d.image.to_rgb8().into_raw()
        };
        assert_ne!(img("AB3K"), img("AB3K"));
    }

    #[test]
    fn answers_avoid_look_alikes_and_the_test_switch() {
        for _ in 0..200 {
            let a = answer();
            assert!(!a.contains(['0', 'O', '1', 'I', 'L']), "{a}");
        }
    }

    #[test]
    fn comparison_ignores_case_and_spaces() {
        assert!(matches("AB3K", " ab3k "));
        assert!(!matches("AB3K", "AB3X"));
        assert!(!matches("", ""));
    }
}
