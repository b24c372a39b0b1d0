//! Masking of personal data in lists and logs.

/// Shows at most the 6-digit region prefix and the last 2 characters:
/// `130102199003071234` → `130102**********34`. The last 6 are the initial password, so never
/// more than 2 of them are shown.
pub fn mask_id_number(id: &str) -> String {
    let chars: Vec<char> = id.chars().collect();
    if chars.len() <= 8 {
        return "*".repeat(chars.len());
    }
    let head: String = chars[..6].iter().collect();
    let tail: String = chars[chars.len() - 2..].iter().collect();
    format!("{head}{}{tail}", "*".repeat(chars.len() - 8))
}

/// `13812345678` → `138****5678`.
pub fn mask_phone(phone: &str) -> String {
    let chars: Vec<char> = phone.chars().collect();
    if chars.len() < 7 {
        return "*".repeat(chars.len());
    }
    let head: String = chars[..3].iter().collect();
    let tail: String = chars[chars.len() - 4..].iter().collect();
    format!("{head}{}{tail}", "*".repeat(chars.len() - 7))
}

/// `zhang.san@example.com` → `z***@example.com`.
pub fn mask_email(email: &str) -> String {
    match email.split_once('@') {
        Some((local, domain)) => {
            let first: String = local.chars().take(1).collect();
            format!("{first}***@{domain}")
        }
        None => "***".into(),
    }
}

/// A name on the public verification page: the family name and, for names of three or more
/// characters, the last one; `郑老师` → `郑*师`, `李明` → `李*`.
pub fn mask_name(name: &str) -> String {
    let chars: Vec<char> = name.trim().chars().collect();
    match chars.len() {
        0 => String::new(),
        1 => "*".into(),
        2 => format!("{}*", chars[0]),
        n => format!("{}{}{}", chars[0], "*".repeat(n - 2), chars[n - 1]),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_keep_their_first_and_last_character() {
        assert_eq!(mask_name("郑老师"), "郑*师");
        assert_eq!(mask_name("李明"), "李*");
        assert_eq!(mask_name("欧阳娜娜"), "欧**娜");
        assert_eq!(mask_name("王"), "*");
    }

    #[test]
    fn id_numbers_keep_region_and_last_two() {
        assert_eq!(mask_id_number("13010219900307123X"), "130102**********3X");
        assert_eq!(mask_id_number("abc"), "***");
    }

    #[test]
    fn masked_id_never_reveals_the_initial_password() {
        let masked = mask_id_number("130102199003071234");
        assert!(!masked.contains("071234"));
        assert_eq!(masked.chars().filter(|c| c.is_ascii_digit()).count(), 8);
    }

    #[test]
    fn phones_and_emails() {
        assert_eq!(mask_phone("13812345678"), "138****5678");
        assert_eq!(mask_email("zhang.san@example.com"), "z***@example.com");
    }
}
