//! Check-in (签到) codes: the institution's screen shows a code that changes every
//! `WINDOW_SECS`; a teacher's phone may be slow to scan or its clock a little off, so the code
//! of the window before and after the current one is accepted too.

/// How long one code is shown.
pub const WINDOW_SECS: i64 = 30;

/// The window a moment (Unix seconds) falls in.
pub fn window_of(unix: i64) -> i64 {
    unix.div_euclid(WINDOW_SECS)
}

/// Seconds until the code shown at `unix` changes.
pub fn seconds_left(unix: i64) -> i64 {
    WINDOW_SECS - unix.rem_euclid(WINDOW_SECS)
}

/// The windows whose code is accepted at `unix`: the one just rotated out (grace), the
/// current one, and the next (a screen whose clock runs ahead).
pub fn accepted_windows(unix: i64) -> [i64; 3] {
    let w = window_of(unix);
    [w - 1, w, w + 1]
}

/// A code as typed: six digits, spaces ignored.
pub fn read_code(typed: &str) -> Result<String, String> {
    let digits: String = typed.chars().filter(|c| !c.is_whitespace()).collect();
    if digits.len() == 6 && digits.bytes().all(|b| b.is_ascii_digit()) {
        Ok(digits)
    } else {
        Err("请输入屏幕上的 6 位签到码".into())
    }
}

/// A session's title as the institution types it: "第1天上午".
pub fn read_title(typed: &str) -> Result<String, String> {
    let t = typed.trim();
    match t.chars().count() {
        0 => Err("请填写签到名称，如“第1天上午”".into()),
        n if n > 30 => Err("签到名称不超过 30 个字".into()),
        _ => Ok(t.to_string()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_rotated_code_is_still_accepted_for_one_window() {
        let shown_at = 1_700_000_020; // window 56_666_667, 10 s in
        let w = window_of(shown_at);
        // Scanned 35 s later, after the screen rotated: still accepted.
        assert!(accepted_windows(shown_at + 35).contains(&w));
        // Two rotations later: refused.
        assert!(!accepted_windows(shown_at + 65).contains(&w));
        // A screen a little ahead of the server.
        assert!(accepted_windows(shown_at - 25).contains(&w));
        assert_eq!(seconds_left(shown_at), 20);
        assert_eq!(window_of(-1), -1);
    }

    #[test]
    fn codes_and_titles_are_read_with_their_message() {
        assert_eq!(read_code(" 483 920 "), Ok("483920".into()));
        assert!(read_code("48392").is_err());
        assert!(read_code("48392a").is_err());
        assert_eq!(read_title(" 第1天上午 "), Ok("第1天上午".into()));
        assert!(read_title("  ").unwrap_err().contains("签到名称"));
    }
}
