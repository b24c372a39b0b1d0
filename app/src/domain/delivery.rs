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
        EnrolmentStep = "enrolment_step" => "报名进度",
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

/// The waits after each failed try, in seconds: a minute, five, half an hour, two hours, half a
/// day. After the last, the message is given up and shown as failed.
pub const RETRY_WAITS: [i64; 5] = [60, 300, 1_800, 7_200, 43_200];

/// After `failures` failed tries, how long until the next one; None: give up.
pub fn retry_after(failures: u32) -> Option<i64> {
    let i = usize::try_from(failures).ok()?.checked_sub(1)?;
    RETRY_WAITS.get(i).copied()
}

#[cfg(test)]
mod tests {
    use super::*;

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
