//! Check-in (签到) codes: the institution's screen shows a code that changes every
//! `WINDOW_SECS`; a teacher's phone may be slow to scan or its clock a little off, so the code
//! of the window before and after the current one is accepted too.

crate::stored_enum! {
    /// How a teacher came to be checked in.
    pub enum CheckinSource {
        /// The teacher scanned or typed the screen's code.
        Code = "code",
        /// The institution ticked the teacher on the roster.
        Roster = "roster",
    }
}

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

/// How long a check-in queued on a phone without network may wait to be sent.
pub const QUEUED_MAX_SECS: i64 = 7 * 24 * 3600;

/// Whether a check-in scanned at `scanned` (sent later, from a phone's queue) may count at
/// `now`: it is not from the future (beyond one window of clock difference), not older than
/// `QUEUED_MAX_SECS`, and the session was open then — from `opened` to `closed`, with one
/// window of grace each side as for a live scan. The code is checked against the windows of
/// `scanned`, not of `now`.
pub fn scan_counts(scanned: i64, now: i64, opened: i64, closed: Option<i64>) -> bool {
    scanned <= now + WINDOW_SECS
        && now - scanned <= QUEUED_MAX_SECS
        && scanned >= opened - WINDOW_SECS
        && closed.is_none_or(|c| scanned <= c + WINDOW_SECS)
}

/// What is wrong with a typed check-in code or session title (text: `error::text`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub enum CheckinTyping {
    /// Not six digits.
    Code,
    TitleMissing,
    TitleTooLong,
}

/// The longest session title.
pub const MAX_TITLE_CHARS: usize = 30;

/// A code as typed: six digits, spaces ignored.
pub fn read_code(typed: &str) -> Result<String, CheckinTyping> {
    let digits: String = typed.chars().filter(|c| !c.is_whitespace()).collect();
    if digits.len() == 6 && digits.bytes().all(|b| b.is_ascii_digit()) {
        Ok(digits)
    } else {
        Err(CheckinTyping::Code)
    }
}

/// A session's title as the institution types it: "第1天上午".
pub fn read_title(typed: &str) -> Result<String, CheckinTyping> {
    let t = typed.trim();
    match t.chars().count() {
        0 => Err(CheckinTyping::TitleMissing),
        n if n > MAX_TITLE_CHARS => Err(CheckinTyping::TitleTooLong),
        _ => Ok(t.to_string()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_queued_scan_counts_when_the_session_was_open_then() {
        let opened = 1_700_000_000;
        let closed = Some(opened + 1800);
        // Scanned while open, sent an hour after the session closed.
        assert!(scan_counts(opened + 600, opened + 5400, opened, closed));
        // Scanned before it opened or after it closed (beyond the grace window).
        assert!(!scan_counts(opened - 60, opened + 5400, opened, closed));
        assert!(!scan_counts(
            opened + 1800 + 60,
            opened + 5400,
            opened,
            closed
        ));
        assert!(scan_counts(
            opened + 1800 + 20,
            opened + 5400,
            opened,
            closed
        ));
        // From the future, or too old.
        assert!(!scan_counts(opened + 600, opened + 500, opened, None));
        assert!(!scan_counts(
            opened + 600,
            opened + 600 + QUEUED_MAX_SECS + 1,
            opened,
            None
        ));
        // Still open: any time since it opened.
        assert!(scan_counts(opened + 600, opened + 700, opened, None));
    }

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
        assert_eq!(read_code("48392"), Err(CheckinTyping::Code));
        assert_eq!(read_code("48392a"), Err(CheckinTyping::Code));
        assert_eq!(read_title(" 第1天上午 "), Ok("第1天上午".into()));
        assert_eq!(read_title("  "), Err(CheckinTyping::TitleMissing));
        assert_eq!(
            read_title(&"长".repeat(31)),
            Err(CheckinTyping::TitleTooLong)
        );
        assert_eq!(
            CheckinTyping::TitleTooLong.to_string(),
            "签到名称不超过 30 个字"
        );
    }
}
