//! GB 11643-1999 citizen identity numbers: 6-digit region code, 8-digit birth date,
//! 3-digit sequence (odd = male) and an ISO 7064 MOD 11-2 check character.

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};
use std::fmt;

const WEIGHTS: [u32; 17] = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
const CHECK_CHARS: [char; 11] = ['1', '0', 'X', '9', '8', '7', '6', '5', '4', '3', '2'];

/// Province-level prefixes in use (GB/T 2260). Numbers issued under since-abolished county
/// codes keep their old prefix, so only the province part is checked.
const PROVINCE_PREFIXES: [&str; 34] = [
    "11", "12", "13", "14", "15", "21", "22", "23", "31", "32", "33", "34", "35", "36", "37", "41",
    "42", "43", "44", "45", "46", "50", "51", "52", "53", "54", "61", "62", "63", "64", "65", "71",
    "81", "82",
];

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum IdCardError {
    Empty,
    Length,
    Characters,
    Province,
    BirthDate,
    CheckDigit,
}

impl IdCardError {
    /// The message shown next to the field.
    pub fn message(self) -> &'static str {
        match self {
            Self::Empty => "请填写身份证号",
            Self::Length => "身份证号应为 18 位",
            Self::Characters => "身份证号前 17 位应为数字，最后一位为数字或 X",
            Self::Province => "身份证号的地区代码不存在",
            Self::BirthDate => "身份证号中的出生日期无效",
            Self::CheckDigit => "身份证号校验位不正确，请核对",
        }
    }
}

impl fmt::Display for IdCardError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.message())
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum Gender {
    Male,
    Female,
}

impl Gender {
    pub fn label(self) -> &'static str {
        match self {
            Self::Male => "男",
            Self::Female => "女",
        }
    }
}

/// A validated 18-character identity number (upper-case X).
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct IdNumber(String);

/// The check character for the first 17 digits.
pub fn check_char(first17: &str) -> Option<char> {
    if first17.len() != 17 || !first17.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    let sum: u32 = first17
        .bytes()
        .zip(WEIGHTS)
        .map(|(b, w)| u32::from(b - b'0') * w)
        .sum();
    Some(CHECK_CHARS[(sum % 11) as usize])
}

impl IdNumber {
    /// Validates format, province prefix, birth date and check digit. Accepts a lower-case x
    /// and surrounding spaces, as people type them.
    pub fn parse(input: &str) -> Result<Self, IdCardError> {
        let s = input.trim().to_ascii_uppercase();
        if s.is_empty() {
            return Err(IdCardError::Empty);
        }
        if s.chars().count() != 18 {
            return Err(IdCardError::Length);
        }
        let (first17, last) = s.split_at(17);
        if !first17.bytes().all(|b| b.is_ascii_digit())
            || !last.bytes().all(|b| b.is_ascii_digit() || b == b'X')
        {
            return Err(IdCardError::Characters);
        }
        if !PROVINCE_PREFIXES.contains(&&s[..2]) {
            return Err(IdCardError::Province);
        }
        birth_date_of(&s).ok_or(IdCardError::BirthDate)?;
        if check_char(first17) != last.chars().next() {
            return Err(IdCardError::CheckDigit);
        }
        Ok(Self(s))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }

    pub fn birth_date(&self) -> NaiveDate {
        // Checked in `parse`; the fallback is unreachable.
        birth_date_of(&self.0).unwrap_or_default()
    }

    pub fn gender(&self) -> Gender {
        if (self.0.as_bytes()[16] - b'0') % 2 == 1 {
            Gender::Male
        } else {
            Gender::Female
        }
    }

    /// The 6-digit region code the number was issued under.
    pub fn region_prefix(&self) -> &str {
        &self.0[..6]
    }

    /// The initial password: the last 6 characters, exactly as printed (X upper-case).
    pub fn initial_password(&self) -> &str {
        &self.0[12..]
    }
}

impl fmt::Display for IdNumber {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

fn birth_date_of(s: &str) -> Option<NaiveDate> {
    let y: i32 = s.get(6..10)?.parse().ok()?;
    let m: u32 = s.get(10..12)?.parse().ok()?;
    let d: u32 = s.get(12..14)?.parse().ok()?;
    if !(1850..=2100).contains(&y) {
        return None;
    }
    NaiveDate::from_ymd_opt(y, m, d)
}

/// Builds a valid number from region, birth date and sequence (used by the demo seeder and
/// tests).
pub fn make_id_number(region: &str, birth: NaiveDate, sequence: u16) -> String {
    let first17 = format!("{region}{}{:03}", birth.format("%Y%m%d"), sequence % 1000);
    let c = check_char(&first17).unwrap_or('0');
    format!("{first17}{c}")
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn official_examples_are_valid() {
        // The example printed in GB 11643-1999 and a widely cited one ending in a digit.
        for s in [
            "11010519491231002X",
            "440524188001010014",
            "11010519491231002x",
        ] {
            assert!(IdNumber::parse(s).is_ok(), "{s}");
        }
        let id = IdNumber::parse("11010519491231002x").unwrap();
        assert_eq!(id.as_str(), "11010519491231002X");
        assert_eq!(
            id.birth_date(),
            NaiveDate::from_ymd_opt(1949, 12, 31).unwrap()
        );
        assert_eq!(id.gender(), Gender::Female);
        assert_eq!(id.region_prefix(), "110105");
        assert_eq!(id.initial_password(), "31002X");
    }

    #[test]
    fn errors_name_what_is_wrong() {
        let cases = [
            ("", IdCardError::Empty),
            ("1101051949123100", IdCardError::Length),
            ("11010519491231002Y", IdCardError::Characters),
            ("99010519491231002X", IdCardError::Province),
            ("110105194902300025", IdCardError::BirthDate),
            ("110105194912310021", IdCardError::CheckDigit),
        ];
        for (input, want) in cases {
            assert_eq!(IdNumber::parse(input), Err(want), "{input}");
        }
    }

    #[test]
    fn gender_follows_the_17th_digit() {
        let birth = NaiveDate::from_ymd_opt(1990, 3, 7).unwrap();
        let male = IdNumber::parse(&make_id_number("130102", birth, 13)).unwrap();
        let female = IdNumber::parse(&make_id_number("130102", birth, 14)).unwrap();
        assert_eq!(male.gender(), Gender::Male);
        assert_eq!(female.gender(), Gender::Female);
    }

    proptest! {
        #[test]
        fn made_numbers_always_parse(seq in 0u16..1000, days in 0i64..36000) {
            let birth = NaiveDate::from_ymd_opt(1930, 1, 1).unwrap() + chrono::Duration::days(days);
            let s = make_id_number("130102", birth, seq);
            let id = IdNumber::parse(&s).unwrap();
            prop_assert_eq!(id.birth_date(), birth);
        }

        #[test]
        fn any_single_digit_change_is_caught(seq in 0u16..1000, pos in 0usize..17, delta in 1u8..10) {
            let birth = NaiveDate::from_ymd_opt(1985, 6, 15).unwrap();
            let s = make_id_number("130102", birth, seq);
            let mut bytes = s.into_bytes();
            bytes[pos] = b'0' + (bytes[pos] - b'0' + delta) % 10;
            let changed = String::from_utf8(bytes).unwrap();
            prop_assert!(IdNumber::parse(&changed).is_err());
        }
    }
}
