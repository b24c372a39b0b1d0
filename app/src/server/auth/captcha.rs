//! Image captcha as SVG: characters drawn as glyph paths with per-character rotation, offset
//! and noise, so the answer is not in the markup as text. The answer lives in the session and
//! is single-use.

use rand::Rng;

/// No 0/O, 1/I/L: easy to read for people, and the test switch's "0000" can never be real.
const ALPHABET: &[u8] = b"ABCDEFGHJKMNPQRSTUVWXYZ23456789";

/// Stroke paths for each glyph on a 10×16 grid.
fn glyph(c: u8) -> &'static str {
    match c {
        b'A' => "M0 16 L5 0 L10 16 M2 10 L8 10",
        b'B' => "M0 0 L0 16 L7 16 Q10 12 7 8 L0 8 M0 0 L6 0 Q9 4 6 8",
        b'C' => "M10 2 Q5 -2 1 3 Q-1 8 1 13 Q5 18 10 14",
        b'D' => "M0 0 L0 16 L5 16 Q10 13 10 8 Q10 3 5 0 Z",
        b'E' => "M10 0 L0 0 L0 16 L10 16 M0 8 L7 8",
        b'F' => "M10 0 L0 0 L0 16 M0 8 L7 8",
        b'G' => "M10 2 Q5 -2 1 3 Q-1 8 1 13 Q5 18 10 14 L10 9 L6 9",
        b'H' => "M0 0 L0 16 M10 0 L10 16 M0 8 L10 8",
        b'J' => "M8 0 L8 12 Q7 16 4 16 Q1 16 0 13",
        b'K' => "M0 0 L0 16 M10 0 L0 9 M3 7 L10 16",
        b'M' => "M0 16 L0 0 L5 9 L10 0 L10 16",
        b'N' => "M0 16 L0 0 L10 16 L10 0",
        b'P' => "M0 16 L0 0 L7 0 Q10 4 7 8 L0 8",
        b'Q' => "M5 0 Q0 0 0 8 Q0 16 5 16 Q10 16 10 8 Q10 0 5 0 M6 11 L10 16",
        b'R' => "M0 16 L0 0 L7 0 Q10 4 7 8 L0 8 M4 8 L10 16",
        b'S' => "M10 2 Q5 -1 1 2 Q-1 6 5 8 Q11 10 9 14 Q5 17 0 14",
        b'T' => "M0 0 L10 0 M5 0 L5 16",
        b'U' => "M0 0 L0 11 Q0 16 5 16 Q10 16 10 11 L10 0",
        b'V' => "M0 0 L5 16 L10 0",
        b'W' => "M0 0 L2 16 L5 6 L8 16 L10 0",
        b'X' => "M0 0 L10 16 M10 0 L0 16",
        b'Y' => "M0 0 L5 8 L10 0 M5 8 L5 16",
        b'Z' => "M0 0 L10 0 L0 16 L10 16",
        b'2' => "M0 4 Q2 -1 6 0 Q11 2 8 7 L0 16 L10 16",
        b'3' => "M0 1 Q6 -2 9 3 Q9 7 4 8 Q10 9 9 13 Q6 18 0 15",
        b'4' => "M7 16 L7 0 L0 11 L10 11",
        b'5' => "M9 0 L1 0 L0 7 Q6 5 9 9 Q10 15 5 16 Q2 16 0 14",
        b'6' => "M8 0 Q0 3 0 11 Q1 16 5 16 Q10 15 9 10 Q7 6 1 9",
        b'7' => "M0 0 L10 0 L4 16",
        b'8' => {
            "M5 8 Q0 6 1 3 Q3 0 5 0 Q7 0 9 3 Q10 6 5 8 Q0 10 0 13 Q2 16 5 16 Q8 16 10 13 Q10 10 5 8"
        }
        b'9' => "M9 7 Q3 10 1 5 Q1 0 5 0 Q10 0 10 6 Q10 13 2 16",
        _ => "",
    }
}

pub struct Captcha {
    pub answer: String,
    pub svg: String,
}

pub fn generate() -> Captcha {
    let mut rng = rand::rng();
    let answer: String = (0..4)
        .map(|_| ALPHABET[rng.random_range(0..ALPHABET.len())] as char)
        .collect();
    let mut svg = String::from(
        r##"<svg xmlns="http://www.w3.org/2000/svg" width="120" height="40" viewBox="0 0 120 40"><rect width="120" height="40" fill="#f2f5fa"/>"##,
    );
    for _ in 0..5 {
        let (x1, y1, x2, y2) = (
            rng.random_range(0..120),
            rng.random_range(0..40),
            rng.random_range(0..120),
            rng.random_range(0..40),
        );
        let hue = rng.random_range(0..360);
        svg.push_str(&format!(
            r#"<path d="M{x1} {y1} Q60 {} {x2} {y2}" stroke="hsl({hue},45%,65%)" fill="none" stroke-width="1"/>"#,
            rng.random_range(0..40)
        ));
    }
    for (i, c) in answer.bytes().enumerate() {
        let x = 12 + i as i32 * 26 + rng.random_range(-3..4);
        let y = 10 + rng.random_range(-3..4);
        let rot = rng.random_range(-25..26);
        let scale = rng.random_range(100..125) as f32 / 100.0;
        let hue = rng.random_range(190..260);
        svg.push_str(&format!(
            r#"<path transform="translate({x} {y}) rotate({rot} 5 8) scale({scale})" d="{}" stroke="hsl({hue},60%,30%)" stroke-width="2.2" fill="none" stroke-linecap="round" stroke-linejoin="round"/>"#,
            glyph(c)
        ));
    }
    for _ in 0..30 {
        svg.push_str(&format!(
            r##"<circle cx="{}" cy="{}" r="1" fill="#7a8aa6"/>"##,
            rng.random_range(0..120),
            rng.random_range(0..40)
        ));
    }
    svg.push_str("</svg>");
    Captcha { answer, svg }
}

/// Case-insensitive comparison of what was typed with the stored answer.
pub fn matches(answer: &str, typed: &str) -> bool {
    !answer.is_empty() && answer.eq_ignore_ascii_case(typed.trim())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_character_has_a_glyph_and_answers_hide_from_the_markup() {
        for &c in ALPHABET {
            assert!(!glyph(c).is_empty(), "{}", c as char);
        }
        let cap = generate();
        assert_eq!(cap.answer.len(), 4);
        assert!(!cap.svg.contains(&format!(">{}<", cap.answer)));
        assert!(!cap.answer.contains('0'));
    }

    #[test]
    fn comparison_ignores_case_and_spaces() {
        assert!(matches("AB3K", " ab3k "));
        assert!(!matches("AB3K", "AB3X"));
        assert!(!matches("", ""));
    }
}
