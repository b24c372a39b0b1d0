//! The phone's queue of check-ins scanned while the network was down. `public/pwa.js` keeps it
//! in IndexedDB (`shixunQueue`), where the offline page (served by the service worker) also
//! adds to it; the check-in page sends it when the network is back. On the server (and where
//! the script is missing) the queue is empty and adding fails: the page then shows the error.

use serde::{Deserialize, Serialize};

/// One queued check-in: what was scanned (or typed) and when.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Queued {
    /// Set by the queue when the check-in is added.
    #[serde(default)]
    pub client_id: String,
    pub session_id: Option<i64>,
    pub code: String,
    /// Unix seconds.
    pub scanned_at: i64,
}

/// Now, in Unix seconds, by the phone's clock.
pub fn now() -> i64 {
    #[cfg(feature = "hydrate")]
    {
        (leptos::web_sys::js_sys::Date::now() / 1000.0) as i64
    }
    #[cfg(not(feature = "hydrate"))]
    {
        chrono::Utc::now().timestamp()
    }
}

#[cfg(feature = "hydrate")]
mod js {
    use wasm_bindgen::prelude::*;

    #[wasm_bindgen]
    extern "C" {
        #[wasm_bindgen(js_namespace = shixunQueue, js_name = add, catch)]
        pub fn add(json: &str) -> Result<leptos::web_sys::js_sys::Promise, JsValue>;
        #[wasm_bindgen(js_namespace = shixunQueue, js_name = all, catch)]
        pub fn all() -> Result<leptos::web_sys::js_sys::Promise, JsValue>;
        #[wasm_bindgen(js_namespace = shixunQueue, js_name = remove, catch)]
        pub fn remove(id: &str) -> Result<leptos::web_sys::js_sys::Promise, JsValue>;
    }

    pub async fn wait(p: Result<leptos::web_sys::js_sys::Promise, JsValue>) -> Option<JsValue> {
        wasm_bindgen_futures::JsFuture::from(p.ok()?).await.ok()
    }
}

/// Keeps a check-in for later; false when the phone cannot keep it.
pub async fn add(q: &Queued) -> bool {
    #[cfg(feature = "hydrate")]
    {
        let Ok(json) = serde_json::to_string(q) else {
            return false;
        };
        js::wait(js::add(&json)).await.is_some()
    }
    #[cfg(not(feature = "hydrate"))]
    {
        let _ = q;
        false
    }
}

/// Every queued check-in, oldest scan first.
pub async fn all() -> Vec<Queued> {
    #[cfg(feature = "hydrate")]
    {
        js::wait(js::all())
            .await
            .and_then(|v| v.as_string())
            .and_then(|s| serde_json::from_str(&s).ok())
            .unwrap_or_default()
    }
    #[cfg(not(feature = "hydrate"))]
    {
        Vec::new()
    }
}

pub async fn remove(client_id: &str) {
    #[cfg(feature = "hydrate")]
    {
        js::wait(js::remove(client_id)).await;
    }
    #[cfg(not(feature = "hydrate"))]
    {
        let _ = client_id;
    }
}
