//! Phone numbers and email addresses.

crate::stored_enum! {
    /// Where a code or a message goes.
    pub enum Channel {
        Phone = "phone" => "手机号",
        Email = "email" => "邮箱",
    }
}

crate::stored_enum! {
    /// What a one-time code is for: a code proves only what it was sent for.
    pub enum CodePurpose {
        Reset = "reset",
        Unlock = "unlock",
        ContactPhone = "contact_phone",
        ContactEmail = "contact_email",
    }
}

impl CodePurpose {
    /// The code that proves a new phone or email.
    pub fn contact(channel: Channel) -> Self {
        match channel {
            Channel::Phone => Self::ContactPhone,
            Channel::Email => Self::ContactEmail,
        }
    }
}

impl Channel {
    /// What a message by this channel is called: 短信 or 邮件.
    pub fn medium(self) -> &'static str {
        match self {
            Self::Phone => "短信",
            Self::Email => "邮件",
        }
    }

    /// A destination of this channel as typed, checked and trimmed (the field's error text
    /// otherwise).
    pub fn validate(self, input: &str) -> Result<String, &'static str> {
        match self {
            Self::Phone => validate_phone(input),
            Self::Email => validate_email(input),
        }
    }

    /// A destination with most of it hidden, to show whom a message reached.
    pub fn masked(self, destination: &str) -> String {
        match self {
            Self::Phone => super::mask::mask_phone(destination),
            Self::Email => super::mask::mask_email(destination),
        }
    }
}

/// Mainland mobile numbers: 11 digits starting 13–19.
pub fn validate_phone(input: &str) -> Result<String, &'static str> {
    let s = input.trim();
    if s.is_empty() {
        return Err("请填写手机号");
    }
    let b = s.as_bytes();
    if b.len() != 11 || !b.iter().all(u8::is_ascii_digit) || b[0] != b'1' || b[1] < b'3' {
        return Err("手机号应为 1 开头的 11 位数字");
    }
    Ok(s.to_string())
}

/// A deliberately plain check: one `@`, a dotted domain, no spaces, sane length. The code sent
/// to the address is the real proof.
pub fn validate_email(input: &str) -> Result<String, &'static str> {
    let s = input.trim();
    if s.is_empty() {
        return Err("请填写邮箱");
    }
    let ok = s.len() <= 254
        && !s.chars().any(char::is_whitespace)
        && match s.split_once('@') {
            Some((local, domain)) => {
                !local.is_empty()
                    && !domain.contains('@')
                    && domain.contains('.')
                    && !domain.starts_with('.')
                    && !domain.ends_with('.')
                    && !domain.contains("..")
            }
            None => false,
        };
    if ok {
        Ok(s.to_ascii_lowercase())
    } else {
        Err("邮箱格式不正确")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn phones() {
        assert_eq!(validate_phone(" 13812345678 "), Ok("13812345678".into()));
        for bad in [
            "",
            "1381234567",
            "23812345678",
            "12812345678",
            "1381234567a",
        ] {
            assert!(validate_phone(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn emails() {
        assert_eq!(
            validate_email("Li@Example.com"),
            Ok("li@example.com".into())
        );
        for bad in [
            "", "a", "a@b", "a@@b.cn", "a b@c.cn", "@c.cn", "a@.cn", "a@c.cn.",
        ] {
            assert!(validate_email(bad).is_err(), "{bad}");
        }
    }
}
