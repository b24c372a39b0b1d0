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

/// The pairs of an `application/x-www-form-urlencoded` body, decoded (for the audit log).
pub fn form_pairs(body: &str) -> Vec<(String, String)> {
    let decode = |s: &str| {
        percent_encoding::percent_decode_str(&s.replace('+', " "))
            .decode_utf8_lossy()
            .into_owned()
    };
    body.split('&')
        .filter(|p| !p.is_empty())
        .map(|p| {
            let (k, v) = p.split_once('=').unwrap_or((p, ""));
            (decode(k), decode(v))
        })
        .collect()
}

/// `path?k=v&…` with the non-empty values encoded (export links that carry a list's filter).
pub fn with_query(path: &str, parts: &[(&str, &str)]) -> String {
    let query: Vec<String> = parts
        .iter()
        .filter(|(_, v)| !v.is_empty())
        .map(|(k, v)| format!("{k}={}", encode(v)))
        .collect();
    format!("{path}?{}", query.join("&"))
}

/// The site's origin as a request reached it (its Host header), for links printed on paper
/// or in QR codes. A Host with anything but host-name characters is not trusted.
pub fn origin(host: Option<&str>, https: bool) -> String {
    let host = host
        .filter(|h| {
            !h.is_empty()
                && h.chars()
                    .all(|c| c.is_ascii_alphanumeric() || matches!(c, '.' | '-' | ':' | '[' | ']'))
        })
        .unwrap_or("localhost");
    format!("{}://{host}", if https { "https" } else { "http" })
}

/// A path to return to after logging in: only this site's own paths.
///
/// A browser removes tabs and line breaks from a URL and reads `\` as `/`, so `/\t/x` or `/\x`
/// would become `//x`, another site: a path with any of them, any other control character or
/// a space is refused outright rather than cleaned.
pub fn safe_next(next: &str) -> Option<&str> {
    let local = next.starts_with('/')
        && !next.starts_with("//")
        && !next
            .chars()
            .any(|c| c == '\\' || c.is_control() || c.is_whitespace());
    local.then_some(next)
}

#[cfg(test)]
mod tests {
    #[test]
    fn origins_trust_only_host_names() {
        assert_eq!(
            super::origin(Some("shixun.edu.cn"), true),
            "https://shixun.edu.cn"
        );
        assert_eq!(
            super::origin(Some("127.0.0.1:3000"), false),
            "http://127.0.0.1:3000"
        );
        assert_eq!(
            super::origin(Some("evil.com/x?"), false),
            "http://localhost"
        );
    }

    #[test]
    fn only_local_paths_are_returned_to() {
        assert_eq!(
            super::safe_next("/checkin?s=1&c=2"),
            Some("/checkin?s=1&c=2")
        );
        assert_eq!(super::safe_next("/my/training"), Some("/my/training"));
        for evil in [
            "//evil.com",
            "https://evil.com",
            "/\t/evil.com",
            "/\n/evil.com",
            "/\r/evil.com",
            "/\\evil.com",
            "/ /evil.com",
            " //evil.com",
            "/\u{000b}/evil.com",
            "/\u{3000}/evil.com",
            "",
        ] {
            assert_eq!(super::safe_next(evil), None, "{evil:?}");
        }
    }

    #[test]
    fn chinese_and_spaces_are_encoded_and_unreserved_marks_kept() {
        assert_eq!(
            super::encode("教师 名单.xlsx"),
            "%E6%95%99%E5%B8%88%20%E5%90%8D%E5%8D%95.xlsx"
        );
        assert_eq!(super::encode("a-b_c.d~e"), "a-b_c.d~e");
    }
}
