//! Where a line of Chinese text may break: between any two characters, never before closing
//! punctuation, and not inside a run of Latin letters or digits.

/// Break points: each CJK character alone; a run of other non-space characters together,
/// with the space before it.
pub(super) fn words(text: &str) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    let mut run = String::new();
    for c in text.chars() {
        if c.is_ascii_alphanumeric() || matches!(c, '.' | '-' | '/' | ':' | '*') {
            run.push(c);
            continue;
        }
        if !run.is_empty() {
            out.push(std::mem::take(&mut run));
        }
        if c == ' ' {
            run.push(c);
        } else if is_closing(c) && !out.is_empty() {
            // Chinese punctuation never starts a line.
            if let Some(last) = out.last_mut() {
                last.push(c);
            }
        } else {
            out.push(c.to_string());
        }
    }
    if !run.is_empty() {
        out.push(run);
    }
    out
}

fn is_closing(c: char) -> bool {
    matches!(
        c,
        '，' | '。' | '、' | '；' | '：' | '）' | '”' | '！' | '？' | '》' | ','
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn punctuation_stays_with_the_character_before_it() {
        let w = words("参加“教学”培训，合格 SX2026ABC 证书。");
        assert!(w.contains(&"训，".to_string()), "{w:?}");
        assert!(w.contains(&" SX2026ABC".to_string()), "{w:?}");
        assert!(w.contains(&"书。".to_string()), "{w:?}");
    }
}
