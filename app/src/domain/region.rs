//! GB/T 2260 region codes: `130000` province → `130100` city → `130102` county. The code is
//! hierarchical, so the tree can be walked without a lookup.

use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
pub enum RegionLevel {
    Province = 1,
    City = 2,
    County = 3,
}

impl RegionLevel {
    pub fn from_i16(v: i16) -> Option<Self> {
        match v {
            1 => Some(Self::Province),
            2 => Some(Self::City),
            3 => Some(Self::County),
            _ => None,
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            Self::Province => "省",
            Self::City => "市",
            Self::County => "区县",
        }
    }
}

/// True for six ASCII digits.
pub fn is_region_code(code: &str) -> bool {
    code.len() == 6 && code.bytes().all(|b| b.is_ascii_digit())
}

pub fn level_of(code: &str) -> Option<RegionLevel> {
    if !is_region_code(code) {
        return None;
    }
    Some(if code.ends_with("0000") {
        RegionLevel::Province
    } else if code.ends_with("00") {
        RegionLevel::City
    } else {
        RegionLevel::County
    })
}

pub fn province_of(code: &str) -> String {
    format!("{}0000", &code[..2.min(code.len())])
}

pub fn city_of(code: &str) -> String {
    format!("{}00", &code[..4.min(code.len())])
}

/// The digits every code inside a region starts with: 2 for a province, 4 for a city, all 6
/// for a county. Lists filter on it with `LIKE 'prefix%'`.
pub fn prefix_of(code: &str) -> Option<&str> {
    Some(match level_of(code)? {
        RegionLevel::Province => &code[..2],
        RegionLevel::City => &code[..4],
        RegionLevel::County => code,
    })
}

/// Whether a bureau for region `scope` may act on something located in region `target`.
/// A region covers itself and everything below it.
pub fn covers(scope: &str, target: &str) -> bool {
    is_region_code(target) && prefix_of(scope).is_some_and(|p| target.starts_with(p))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn levels() {
        assert_eq!(level_of("130000"), Some(RegionLevel::Province));
        assert_eq!(level_of("130100"), Some(RegionLevel::City));
        assert_eq!(level_of("130102"), Some(RegionLevel::County));
        assert_eq!(level_of("13010"), None);
        assert_eq!(province_of("130102"), "130000");
        assert_eq!(city_of("130102"), "130100");
        assert_eq!(prefix_of("130000"), Some("13"));
        assert_eq!(prefix_of("130100"), Some("1301"));
        assert_eq!(prefix_of("130102"), Some("130102"));
        assert_eq!(prefix_of("13010"), None);
    }

    #[test]
    fn coverage_follows_the_tree() {
        let table = [
            ("130000", "130102", true),
            ("130000", "130100", true),
            ("130000", "110101", false),
            ("130100", "130102", true),
            ("130100", "130202", false),
            ("130100", "130000", false),
            ("130102", "130102", true),
            ("130102", "130104", false),
            ("130102", "130100", false),
            ("bogus", "130102", false),
        ];
        for (scope, target, want) in table {
            assert_eq!(covers(scope, target), want, "{scope} covers {target}");
        }
    }
}
