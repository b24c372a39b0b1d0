//! The Content-Security-Policy nonce. The security middleware makes one per request, puts it in
//! the request's extensions for the page renderer and writes the header itself, so every
//! response path — streamed, lazily split or an error — carries the nonce its scripts use.

use std::sync::Arc;

/// The nonce of one response; read by `shell()` from the request parts.
#[derive(Clone, Debug)]
pub struct CspNonce(pub Arc<str>);

impl CspNonce {
    pub fn generate() -> Self {
        let bytes: [u8; 16] = rand::random();
        Self(hex::encode(bytes).into())
    }

    pub fn policy(&self) -> String {
        format!(
            "default-src 'self'; script-src 'self' 'nonce-{}' 'wasm-unsafe-eval'; \
             style-src 'self' 'unsafe-inline'; img-src 'self' data: blob:; connect-src 'self'; \
             frame-ancestors 'none'; base-uri 'self'; form-action 'self'; object-src 'none'",
            self.0
        )
    }
}
