//! The site's static files and every response's cache policy.
//!
//! The build names the bundle's files by their content (`shixun.<hash>.wasm`, the chunks, the
//! css) and stores a brotli and a gzip copy beside each: those are served in the encoding the
//! browser accepts and cached for a year — a teacher's phone fetches them once. A file whose
//! name does not change with its content (the favicon, the wasm-bindgen snippets) is revalidated
//! by its ETag. Pages and server-function answers carry personal data: `no-store`.

use axum::body::Body;
use axum::extract::Request;
use axum::http::{HeaderMap, HeaderValue, Method, StatusCode, header};
use axum::response::{IntoResponse, Response};
use sha2::{Digest, Sha256};
use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::Arc;
use tower::ServiceExt;
use tower_http::services::ServeDir;

pub const IMMUTABLE: &str = "public, max-age=31536000, immutable";
pub const REVALIDATE: &str = "no-cache";
pub const PERSONAL: &str = "no-store";

/// The files under the site root as they were at start-up, each with its ETag (none for a
/// content-named file: its name is its version).
#[derive(Clone)]
pub struct Assets {
    files: ServeDir,
    etags: Arc<HashMap<String, Option<HeaderValue>>>,
}

impl Assets {
    /// Reads the site root once; a missing root (integration tests) serves nothing.
    pub fn load(root: impl Into<PathBuf>) -> Self {
        let root = root.into();
        let mut etags = HashMap::new();
        collect(&root, &root, &mut etags);
        Self {
            files: ServeDir::new(root).precompressed_br().precompressed_gzip(),
            etags: Arc::new(etags),
        }
    }

    /// The address of the site's stylesheet under its hashed name (pages outside the app).
    pub fn stylesheet(&self) -> String {
        let mut names: Vec<&String> = self
            .etags
            .keys()
            .filter(|k| k.starts_with("pkg/shixun.") && k.ends_with(".css"))
            .collect();
        names.sort();
        names
            .first()
            .map_or_else(|| "/pkg/shixun.css".to_string(), |n| format!("/{n}"))
    }

    /// `None` if the site has no such file; `Some(None)` for a content-named one.
    fn etag(&self, path: &str) -> Option<&Option<HeaderValue>> {
        self.etags.get(path.trim_start_matches('/'))
    }

    /// Serves `req` if it names one of the site's files; hands it back otherwise.
    pub async fn serve(&self, req: Request<Body>) -> Result<Response, Request<Body>> {
        if !matches!(*req.method(), Method::GET | Method::HEAD) {
            return Err(req);
        }
        let path = req.uri().path().to_string();
        let Some(etag) = self.etag(&path).cloned() else {
            return Err(req);
        };
        if let Some(tag) = &etag
            && none_match(req.headers(), tag)
        {
            let mut res = StatusCode::NOT_MODIFIED.into_response();
            let h = res.headers_mut();
            h.insert(header::ETAG, tag.clone());
            h.insert(header::CACHE_CONTROL, HeaderValue::from_static(REVALIDATE));
            return Ok(res);
        }
        let mut res = match self.files.clone().oneshot(req).await {
            Ok(r) => r.map(Body::new),
            Err(never) => match never {},
        };
        let h = res.headers_mut();
        h.insert(header::VARY, HeaderValue::from_static("accept-encoding"));
        match etag {
            None => {
                h.insert(header::CACHE_CONTROL, HeaderValue::from_static(IMMUTABLE));
            }
            Some(tag) => {
                h.insert(header::ETAG, tag);
                h.insert(header::CACHE_CONTROL, HeaderValue::from_static(REVALIDATE));
            }
        }
        Ok(res)
    }
}

fn collect(root: &Path, dir: &Path, out: &mut HashMap<String, Option<HeaderValue>>) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    for entry in entries.flatten() {
        let path = entry.path();
        if path.is_dir() {
            collect(root, &path, out);
            continue;
        }
        let name = path.to_string_lossy();
        // hash.txt tells the server the bundle's names; it is not a file of the site.
        if name.ends_with(".br") || name.ends_with(".gz") || name.ends_with("/hash.txt") {
            continue;
        }
        let Ok(rel) = path.strip_prefix(root) else {
            continue;
        };
        let rel = rel
            .components()
            .map(|c| c.as_os_str().to_string_lossy().into_owned())
            .collect::<Vec<_>>()
            .join("/");
        if is_content_named(&rel) {
            out.insert(rel, None);
            continue;
        }
        let Ok(bytes) = std::fs::read(&path) else {
            continue;
        };
        let digest = hex::encode(&Sha256::digest(&bytes)[..12]);
        // Weak: the brotli, gzip and plain bodies are the same file.
        if let Ok(tag) = HeaderValue::from_str(&format!("W/\"{digest}\"")) {
            out.insert(rel, Some(tag));
        }
    }
}

/// Whether the build put the content's hash into the name (`name.<22 base64url chars>.ext`,
/// cargo-leptos's `hash-files`): such a file never changes under its name.
pub fn is_content_named(path: &str) -> bool {
    let file = path.rsplit('/').next().unwrap_or(path);
    let mut parts = file.rsplitn(3, '.');
    let (Some(_ext), Some(hash), Some(stem)) = (parts.next(), parts.next(), parts.next()) else {
        return false;
    };
    !stem.is_empty()
        && hash.len() == 22
        && hash
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_')
}

fn none_match(headers: &HeaderMap, etag: &HeaderValue) -> bool {
    let Some(wanted) = headers
        .get(header::IF_NONE_MATCH)
        .and_then(|v| v.to_str().ok())
    else {
        return false;
    };
    let ours = etag.to_str().unwrap_or_default();
    let bare = |t: &str| t.trim().trim_start_matches("W/").to_string();
    wanted.trim() == "*" || wanted.split(',').any(|t| bare(t) == bare(ours))
}

/// The default for whatever did not say how it may be cached: pages and server-function
/// answers are personal.
pub async fn personal_by_default(req: Request, next: axum::middleware::Next) -> Response {
    let mut res = next.run(req).await;
    res.headers_mut()
        .entry(header::CACHE_CONTROL)
        .or_insert(HeaderValue::from_static(PERSONAL));
    res
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_names_with_a_content_hash_are_immutable() {
        assert!(is_content_named("/pkg/shixun.Xc2uH5n0Yq8w1-Ab_cDefg.wasm"));
        assert!(is_content_named(
            "/pkg/__wasm_split.Xc2uH5n0Yq8w1-Ab_cDefg.js"
        ));
        assert!(!is_content_named("/pkg/shixun.wasm"));
        assert!(!is_content_named("/favicon.svg"));
        assert!(!is_content_named("/pkg/snippets/x-1/inline0.js"));
        assert!(!is_content_named("/pkg/shixun.short.wasm"));
    }

    #[test]
    fn an_etag_matches_with_or_without_the_weak_prefix() {
        let tag = HeaderValue::from_static("W/\"abc\"");
        let mut h = HeaderMap::new();
        assert!(!none_match(&h, &tag));
        h.insert(header::IF_NONE_MATCH, HeaderValue::from_static("\"abc\""));
        assert!(none_match(&h, &tag));
        h.insert(
            header::IF_NONE_MATCH,
            HeaderValue::from_static("W/\"x\", W/\"abc\""),
        );
        assert!(none_match(&h, &tag));
        h.insert(header::IF_NONE_MATCH, HeaderValue::from_static("W/\"x\""));
        assert!(!none_match(&h, &tag));
    }
}
