//! Percent-encoding for what goes into a URL or a header parameter (query values, file names),
//! shared by the browser (export links) and the server (download names).

use percent_encoding::{AsciiSet, NON_ALPHANUMERIC, utf8_percent_encode};

/// RFC 3986 unreserved characters stay as they are; everything else is encoded as UTF-8.
const UNRESERVED: &AsciiSet = &NON_ALPHANUMERIC
    .remove(b'-')
    .remove(b'_')
    .remove(b'.')
    .remove(b'~');

pub fn encode(s: &str) -> String {
    utf8_percent_encode(s, UNRESERVED).to_string()
}

#[cfg(test)]
mod tests {
    #[test]
    fn chinese_and_spaces_are_encoded_and_unreserved_marks_kept() {
        assert_eq!(
            super::encode("教师 名单.xlsx"),
            "%E6%95%99%E5%B8%88%20%E5%90%8D%E5%8D%95.xlsx"
        );
        assert_eq!(super::encode("a-b_c.d~e"), "a-b_c.d~e");
    }
}
