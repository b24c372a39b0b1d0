//! How a new account gets its first password (a province setting).
//!
//! The seeds' rule — the last 6 characters of the ID number — is known to anyone who holds a
//! leaked ID list, so every account that has not logged in yet could be taken over. The
//! national system's way is the default: the school admin issues random initial passwords and
//! hands them out (exported to .xlsx), and an issued password expires after some days.

crate::stored_enum! {
    pub enum InitialPasswordRule {
        /// Issued by an admin: random, handed out, expiring. Until issued, no password works.
        Issued = "issued" => "由学校管理员生成随机初始密码并导出发放（推荐）",
        /// The seeds' rule: the last 6 characters of the ID number.
        IdTail = "id_tail" => "身份证号后 6 位",
    }
}

/// The national system's way, and the safe one.
impl Default for InitialPasswordRule {
    fn default() -> Self {
        Self::Issued
    }
}

impl InitialPasswordRule {
    /// What a new account's holder is told about their first login.
    pub fn hint(self) -> &'static str {
        match self {
            Self::Issued => "初始密码由学校管理员生成并发放，首次登录须修改。",
            Self::IdTail => "初始密码为身份证号后 6 位，首次登录须修改。",
        }
    }
}

/// Days an issued initial password works, unless the province sets otherwise.
pub const DEFAULT_VALID_DAYS: i64 = 30;

/// The characters of an issued password: no 0/O, 1/I/l, so it can be read off a sheet.
pub const ALPHABET: &[u8] = b"ABCDEFGHJKMNPQRSTUVWXYZabcdefghijkmnpqrstuvwxyz23456789";

/// Length of an issued password: 10 of 55 characters is about 58 bits.
pub const LENGTH: usize = 10;

/// Whether `s` could be an issued password (length, alphabet, a letter and a digit).
pub fn well_formed(s: &str) -> bool {
    s.len() == LENGTH
        && s.bytes().all(|b| ALPHABET.contains(&b))
        && s.bytes().any(|b| b.is_ascii_digit())
        && s.bytes().any(|b| b.is_ascii_alphabetic())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_default_is_the_issued_rule_and_keys_round_trip() {
        assert_eq!(InitialPasswordRule::default(), InitialPasswordRule::Issued);
        for r in [InitialPasswordRule::Issued, InitialPasswordRule::IdTail] {
            assert_eq!(InitialPasswordRule::parse(r.as_str()), Some(r));
        }
        assert_eq!(InitialPasswordRule::parse("x"), None);
    }

    #[test]
    fn the_alphabet_has_no_look_alikes() {
        for c in b"0O1Il" {
            assert!(!ALPHABET.contains(c), "{}", *c as char);
        }
        assert!(well_formed("Ab3defghjk"));
        assert!(!well_formed("Abcdefghjk"), "needs a digit");
        assert!(!well_formed("Ab3def"), "too short");
    }
}
