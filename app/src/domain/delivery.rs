//! Messages that leave the server (issue 17): what kinds there are, which of them a user may
//! turn off, and when a failed send is tried again. Sending itself is the worker's.

crate::stored_enum! {
    /// What a message is about; a user chooses per kind whether it also goes by SMS or e-mail.
    pub enum MessageKind {
        /// A code to unlock the account or reset the password.
        AccountCode = "account_code" => "账号验证码",
        /// A code that proves a new phone or e-mail.
        ContactCode = "contact_code" => "联系方式验证码",
        /// The old contact hears that it was replaced.
        ContactChanged = "contact_changed" => "联系方式变更",
        /// An application decided, a directive participant placed, a class opened.
        EnrolmentStep = "enrolment_step" => "报名进度",
        /// Scores and the completion certificate.
        Results = "results" => "培训成绩",
        /// A hand-entered credit certified or refused.
        Credits = "credits" => "学分认定",
        Leave = "leave" => "请假审批",
        /// A teacher moved out of a school.
        Transfer = "transfer" => "人员调动",
        Announcement = "announcement" => "通知公告",
        /// A publisher's reminder to read an announcement (催办).
        Reminder = "reminder" => "催办提醒",
    }
}

impl MessageKind {
    /// Kinds that always go out: the account's own safety depends on them.
    pub fn mandatory(self) -> bool {
        matches!(
            self,
            Self::AccountCode | Self::ContactCode | Self::ContactChanged
        )
    }
}

/// Whether a message of `kind` also goes by SMS or e-mail, given the user's choice for the
/// kind (None: never chosen, which sends the safety kinds and reminders only).
pub fn goes_out(kind: MessageKind, chosen: Option<bool>) -> bool {
    kind.mandatory() || chosen.unwrap_or(kind == MessageKind::Reminder)
}

impl MessageKind {
    /// How long the message is worth anything: a code expires (10 minutes), so a try after
    /// that would deliver a dead code. None: no end.
    pub fn lifetime_seconds(self) -> Option<i64> {
        matches!(self, Self::AccountCode | Self::ContactCode).then_some(600)
    }

    /// The SMS template the message goes out with: providers send only templates approved in
    /// advance, with their parameters filled in.
    pub fn template(self) -> SmsTemplate {
        match self {
            Self::AccountCode | Self::ContactCode => SmsTemplate::Code,
            _ => SmsTemplate::Notice,
        }
    }
}

/// The two SMS templates the platform registers with its provider.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SmsTemplate {
    /// "您的验证码为{1}，{2}分钟内有效…": the code and its minutes.
    Code,
    /// "您有一条新消息：{1}，请登录师训平台查看。": the title, cut to what a template variable
    /// holds.
    Notice,
}

/// The longest text a notice template's variable takes (providers cap variables; 20 keeps
/// well inside every one's limit).
pub const NOTICE_PARAM_CHARS: usize = 20;

/// A title as the notice template's variable: cut at `NOTICE_PARAM_CHARS` characters, with …
pub fn notice_param(title: &str) -> String {
    let title = title.trim();
    if title.chars().count() <= NOTICE_PARAM_CHARS {
        return title.to_string();
    }
    let mut cut: String = title.chars().take(NOTICE_PARAM_CHARS - 1).collect();
    cut.push('…');
    cut
}

crate::stored_enum! {
    /// Where a message in the outbox stands.
    pub enum SendState {
        /// Waiting for its (next) try.
        Queued = "queued" => "待发送",
        Sent = "sent" => "已发送",
        /// Given up after the last retry, or past its lifetime.
        Failed = "failed" => "发送失败",
    }
}

impl SendState {
    pub fn tone(self) -> &'static str {
        match self {
            Self::Queued => "orange",
            Self::Sent => "green",
            Self::Failed => "red",
        }
    }
}

/// The waits after each failed try, in seconds: a minute, five, half an hour, two hours, half a
/// day. After the last, the message is given up and shown as failed.
pub const RETRY_WAITS: [i64; 5] = [60, 300, 1_800, 7_200, 43_200];

/// After `failures` failed tries, how long until the next one; None: give up.
pub fn retry_after(failures: u32) -> Option<i64> {
    let i = usize::try_from(failures).ok()?.checked_sub(1)?;
    RETRY_WAITS.get(i).copied()
}

/// After `failures` failed tries of a message of `kind` first queued `age` seconds ago, how
/// long until the next try; None: give up (retries spent, or the message would be stale).
pub fn next_try(kind: MessageKind, failures: u32, age: i64) -> Option<i64> {
    let wait = retry_after(failures)?;
    match kind.lifetime_seconds() {
        Some(life) if age + wait >= life => None,
        _ => Some(wait),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_code_is_not_retried_once_it_would_have_expired() {
        assert_eq!(next_try(MessageKind::AccountCode, 1, 0), Some(60));
        assert_eq!(next_try(MessageKind::AccountCode, 2, 61), Some(300));
        assert_eq!(next_try(MessageKind::AccountCode, 3, 400), None);
        assert_eq!(next_try(MessageKind::Announcement, 3, 400), Some(1_800));
        assert_eq!(next_try(MessageKind::Announcement, 6, 0), None);
    }

    #[test]
    fn codes_and_notices_have_their_own_templates() {
        assert_eq!(MessageKind::ContactCode.template(), SmsTemplate::Code);
        assert_eq!(MessageKind::Reminder.template(), SmsTemplate::Notice);
        assert_eq!(notice_param("  关于报名的通知 "), "关于报名的通知");
        let long = "关于做好二〇二七年度全省中小学教师继续教育集中培训报名工作的通知";
        let cut = notice_param(long);
        assert_eq!(cut.chars().count(), NOTICE_PARAM_CHARS);
        assert!(cut.ends_with('…') && long.starts_with(cut.trim_end_matches('…')));
    }

    #[test]
    fn safety_messages_go_out_whatever_the_user_chose() {
        for kind in MessageKind::ALL {
            assert_eq!(goes_out(kind, Some(false)), kind.mandatory(), "{kind:?}");
            assert!(goes_out(kind, Some(true)), "{kind:?}");
        }
        assert!(!goes_out(MessageKind::Announcement, None));
        assert!(goes_out(MessageKind::Reminder, None));
    }

    #[test]
    fn a_failed_send_waits_longer_each_time_then_gives_up() {
        assert_eq!(retry_after(0), None, "nothing failed: nothing to wait for");
        assert_eq!(retry_after(1), Some(60));
        assert_eq!(retry_after(5), Some(43_200));
        assert_eq!(retry_after(6), None);
        assert!(RETRY_WAITS.windows(2).all(|w| w[0] < w[1]));
    }
}
