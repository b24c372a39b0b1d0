//! Page data: a resource whose value the server renders into the page and the browser reads
//! back while hydrating.
//!
//! The value travels as postcard, the server functions' own answer format, base64-encoded to sit
//! in the page's script: each type then has one decoder in the wasm (the one its server function
//! needs anyway), and no JSON reader is compiled into the browser bundle at all.

use codee::{Decoder, Encoder};
use leptos::prelude::*;
use leptos::server_fn::codec::PostcardEncoding;
use leptos::server_fn::{Decodes, Encodes, FormatType};
use serde::{Serialize, de::DeserializeOwned};

/// Postcard in base64: the page's copy of a resource.
pub struct Compact;

/// Why a page's copy of a resource could not be read or written (the codec's own words; the
/// hydration reports it).
#[derive(Debug)]
pub struct CompactError(pub String);

impl<T: Serialize> Encoder<T> for Compact {
    type Error = CompactError;
    type Encoded = String;

    fn encode(val: &T) -> Result<String, CompactError> {
        <PostcardEncoding as Encodes<T>>::encode(val)
            .map(PostcardEncoding::into_encoded_string)
            .map_err(|e| CompactError(e.to_string()))
    }
}

impl<T: DeserializeOwned> Decoder<T> for Compact {
    type Error = CompactError;
    type Encoded = str;

    fn decode(val: &str) -> Result<T, CompactError> {
        let bytes =
            PostcardEncoding::from_encoded_string(val).map_err(|e| CompactError(e.to_string()))?;
        <PostcardEncoding as Decodes<T>>::decode(bytes).map_err(|e| CompactError(e.to_string()))
    }
}

/// A page's resource (what `Resource::new` makes, with the codec above).
pub type Data<T> = Resource<T, Compact>;

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

/// The page's `:id` as a number (0 for none or a malformed one, which no record has): a signal,
/// so the page follows a link to another record of its kind.
pub fn id_param() -> impl Fn() -> i64 + Copy + Send + Sync + 'static {
    let params = leptos_router::hooks::use_params_map();
    move || {
        params
            .read()
            .get("id")
            .and_then(|s| s.parse::<i64>().ok())
            .unwrap_or_default()
    }
}
