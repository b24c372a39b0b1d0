//! Password strength: the rule every new password must pass (first-login change, reset by
//! code, voluntary change).

use chrono::NaiveDate;

/// Passwords people pick first; checked case-insensitively.
const COMMON: &[&str] = &[
    "12345678",
    "123456789",
    "1234567890",
    "87654321",
    "11111111",
    "88888888",
    "66666666",
    "00000000",
    "12341234",
    "11223344",
    "password",
    "password1",
    "password123",
    "passw0rd",
    "qwerty123",
    "qwertyui",
    "qwer1234",
    "1qaz2wsx",
    "1q2w3e4r",
    "q1w2e3r4",
    "abc12345",
    "abcd1234",
    "a1234567",
    "a12345678",
    "aa123456",
    "aa123456789",
    "abc123456",
    "asdf1234",
    "zxcv1234",
    "iloveyou",
    "woaini1314",
    "woaini520",
    "5201314520",
    "1314520520",
    "admin123",
    "admin888",
    "admin@123",
    "root1234",
    "test1234",
    "welcome1",
    "sunshine1",
    "p@ssw0rd",
    "p@ssword",
    "shixun123",
    "teacher1",
    "teacher123",
    "jiaoshi123",
    "xuexiao123",
    "123qweasd",
    "qweasdzxc",
    "qazwsxedc",
    "1qazxsw2",
    "zaq12wsx",
    "a123456789",
    "qq123456",
    "wang1234",
    "li123456",
    "zhang123",
    "abcdefg1",
    "abcdefgh1",
];

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PasswordError {
    TooShort,
    TooLong,
    NeedsLettersAndDigits,
    ContainsIdNumber,
    ContainsBirthDate,
    TooCommon,
}

impl PasswordError {
    pub fn message(self) -> &'static str {
        match self {
            Self::TooShort => "密码至少 8 位",
            Self::TooLong => "密码不能超过 64 位",
            Self::NeedsLettersAndDigits => "密码需同时包含字母和数字",
            Self::ContainsIdNumber => "密码不能包含身份证号或其后 6 位",
            Self::ContainsBirthDate => "密码不能包含出生日期",
            Self::TooCommon => "密码过于常见，请换一个",
        }
    }
}

/// Checks a new password. `id_number` and `birth` are the account holder's, when known.
pub fn check_password(
    password: &str,
    id_number: Option<&str>,
    birth: Option<NaiveDate>,
) -> Result<(), PasswordError> {
    let len = password.chars().count();
    if len < 8 {
        return Err(PasswordError::TooShort);
    }
    if len > 64 {
        return Err(PasswordError::TooLong);
    }
    let has_letter = password.chars().any(|c| c.is_ascii_alphabetic());
    let has_digit = password.chars().any(|c| c.is_ascii_digit());
    if !has_letter || !has_digit {
        return Err(PasswordError::NeedsLettersAndDigits);
    }
    let lower = password.to_ascii_lowercase();
    if let Some(id) = id_number.filter(|id| id.len() >= 6) {
        let id = id.to_ascii_lowercase();
        if lower.contains(&id) || lower.contains(&id[id.len() - 6..]) {
            return Err(PasswordError::ContainsIdNumber);
        }
    }
    if let Some(b) = birth {
        let forms = [
            b.format("%Y%m%d").to_string(),
            b.format("%Y-%m-%d").to_string(),
        ];
        if forms.iter().any(|f| lower.contains(f.as_str())) {
            return Err(PasswordError::ContainsBirthDate);
        }
    }
    if COMMON.contains(&lower.as_str()) {
        return Err(PasswordError::TooCommon);
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn strong_password_passes() {
        assert_eq!(check_password("Jiaoyu#2026x", None, None), Ok(()));
    }

    #[test]
    fn each_rule_has_its_error() {
        let id = "13010219900307123X";
        let birth = NaiveDate::from_ymd_opt(1990, 3, 7);
        let cases = [
            ("a1b2c3", PasswordError::TooShort),
            ("abcdefghij", PasswordError::NeedsLettersAndDigits),
            ("1234567890123", PasswordError::NeedsLettersAndDigits),
            ("pw13010219900307123x", PasswordError::ContainsIdNumber),
            ("hello07123X", PasswordError::ContainsIdNumber),
            ("abc19900307", PasswordError::ContainsBirthDate),
            ("Password123", PasswordError::TooCommon),
        ];
        for (pw, want) in cases {
            assert_eq!(check_password(pw, Some(id), birth), Err(want), "{pw}");
        }
        assert_eq!(
            check_password(&"a1".repeat(40), None, None),
            Err(PasswordError::TooLong)
        );
    }
}
