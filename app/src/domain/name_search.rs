//! Name search by pieces (migration 17): the database keeps every one- and two-character
//! piece of each account's name; a search reads the accounts holding its keys' pieces, and
//! the list's `LIKE` then decides. These are the two sides of that agreement.

/// Every distinct one- and two-character piece of a name, as the database's triggers store
/// them (before `lower()`).
pub fn pieces(name: &str) -> Vec<String> {
    let chars: Vec<char> = name.chars().collect();
    let mut out: Vec<String> = chars
        .iter()
        .map(|c| c.to_string())
        .chain(chars.windows(2).map(|w| w.iter().collect()))
        .collect();
    out.sort();
    out.dedup();
    out
}

/// The pieces a name containing `keyword` must have: the keyword itself when it is one or two
/// characters, otherwise its first and its last pair. Empty for an empty keyword.
pub fn search_keys(keyword: &str) -> Vec<String> {
    let chars: Vec<char> = keyword.chars().collect();
    let mut out: Vec<String> = match chars.len() {
        0 => Vec::new(),
        1 | 2 => vec![keyword.to_string()],
        n => vec![chars[..2].iter().collect(), chars[n - 2..].iter().collect()],
    };
    out.dedup();
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_name_has_its_characters_and_pairs_once() {
        assert_eq!(pieces("王小王"), ["小", "小王", "王", "王小"]);
        assert_eq!(pieces("阿依·买买提").len(), 6 + 5 - 1); // 买 twice, 买买 once
        assert!(pieces("").is_empty());
    }

    #[test]
    fn every_key_of_a_part_of_a_name_is_a_piece_of_the_name() {
        for name in ["张伟", "欧阳娜娜", "阿依·买买提", "Li Wei"] {
            let chars: Vec<char> = name.chars().collect();
            let have = pieces(name);
            for i in 0..chars.len() {
                for j in i + 1..=chars.len() {
                    let part: String = chars[i..j].iter().collect();
                    for key in search_keys(&part) {
                        assert!(have.contains(&key), "{name}: {part} → {key}");
                    }
                }
            }
        }
    }

    #[test]
    fn a_long_keyword_is_read_by_its_first_and_last_pair() {
        assert_eq!(search_keys("王"), ["王"]);
        assert_eq!(search_keys("张伟"), ["张伟"]);
        assert_eq!(search_keys("欧阳娜娜"), ["欧阳", "娜娜"]);
        assert_eq!(search_keys("王小王"), ["王小", "小王"]);
        assert_eq!(search_keys("娜娜娜"), ["娜娜"]);
        assert!(search_keys("").is_empty());
    }
}
