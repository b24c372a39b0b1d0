//! Page data: a resource whose value the server renders into the page as JSON and the browser
//! reads back while hydrating.
//!
//! Leptos's default codec reads that JSON with `serde_json::from_str`, the server functions'
//! answers are read with `serde_json::from_slice`; each reader compiles its own decoder for
//! every type into the wasm. This codec reads the page's JSON as bytes too, so each type is
//! decoded by one piece of code (a teacher's first visit: 18 types decoded twice before).

use codee::{Decoder, Encoder};
use leptos::prelude::*;
use serde::{Serialize, de::DeserializeOwned};

/// JSON in the page, read with the same reader as the server functions' answers.
pub struct Json;

impl<T: Serialize> Encoder<T> for Json {
    type Error = serde_json::Error;
    type Encoded = String;

    fn encode(val: &T) -> Result<String, serde_json::Error> {
        serde_json::to_string(val)
    }
}

impl<T: DeserializeOwned> Decoder<T> for Json {
    type Error = serde_json::Error;
    type Encoded = str;

    fn decode(val: &str) -> Result<T, serde_json::Error> {
        serde_json::from_slice(val.as_bytes())
    }
}

/// A page's resource (what `Resource::new` makes, with the codec above).
pub type Data<T> = Resource<T, Json>;

/// Loads `fetcher(source())` on the server into the page, and again whenever `source` changes.
#[track_caller]
pub fn page_data<T, S, Fut>(
    source: impl Fn() -> S + Send + Sync + 'static,
    fetcher: impl Fn(S) -> Fut + Send + Sync + 'static,
) -> Data<T>
where
    T: Serialize + DeserializeOwned + Send + Sync + 'static,
    S: Send + Sync + Clone + PartialEq + 'static,
    Fut: std::future::Future<Output = T> + Send + 'static,
{
    Resource::new_with_options(source, fetcher, false)
}
