//! argon2id hashing at OWASP parameters (m = 19456 KiB, t = 2, p = 1) on blocking threads.

use crate::error::{AppError, AppResult};
use crate::server::state::AppState;
use argon2::password_hash::{PasswordHash, PasswordHasher, PasswordVerifier, SaltString};
use argon2::{Algorithm, Argon2, Params, Version};

fn argon2() -> Argon2<'static> {
    // Constant, valid parameters: `new` cannot fail for them.
    let params = Params::new(19_456, 2, 1, None).unwrap_or_default();
    Argon2::new(Algorithm::Argon2id, Version::V0x13, params)
}

/// Hashes synchronously (seeding and the CLI, off the request path).
pub fn hash_blocking(password: &str) -> AppResult<String> {
    let mut bytes = [0u8; 16];
    rand::fill(&mut bytes);
    let salt = SaltString::encode_b64(&bytes).map_err(AppError::internal)?;
    argon2()
        .hash_password(password.as_bytes(), &salt)
        .map(|h| h.to_string())
        .map_err(AppError::internal)
}

pub fn verify_blocking(password: &str, hash: &str) -> bool {
    PasswordHash::new(hash)
        .map(|parsed| {
            argon2()
                .verify_password(password.as_bytes(), &parsed)
                .is_ok()
        })
        .unwrap_or(false)
}

pub async fn hash(state: &AppState, password: String) -> AppResult<String> {
    let _permit = state.hashing.acquire().await.map_err(AppError::internal)?;
    tokio::task::spawn_blocking(move || hash_blocking(&password))
        .await
        .map_err(AppError::internal)?
}

pub async fn verify(state: &AppState, password: String, hash: String) -> AppResult<bool> {
    let _permit = state.hashing.acquire().await.map_err(AppError::internal)?;
    state
        .verifications
        .fetch_add(1, std::sync::atomic::Ordering::Relaxed);
    tokio::task::spawn_blocking(move || verify_blocking(&password, &hash))
        .await
        .map_err(AppError::internal)
}

/// Stored in place of a hash while an account still has its initial password. The initial
/// password is the last 6 characters of the ID number — known to anyone who knows the number —
/// so hashing it would protect nothing; the marker makes creating 50,000 accounts in an import
/// cheap, and the forced change at first login replaces it with a real argon2id hash.
pub const INITIAL_PASSWORD: &str = "!initial";

/// Stored for an issued initial password: "!issued$<salt>$<sha256 of salt and password>". An
/// issued password is random (about 58 bits), so a salted SHA-256 guards it as well as argon2
/// would guard a chosen one, and a school's 500 passwords are issued in a blink; the argon2
/// stand-in below still makes its check take as long as any other.
pub const ISSUED: &str = "!issued$";

/// A new random initial password and what to store for it.
pub fn issue() -> (String, String) {
    use crate::domain::initial_password::{ALPHABET, LENGTH, well_formed};
    use rand::Rng;
    let mut rng = rand::rng();
    let plain = loop {
        let p: String = (0..LENGTH)
            .map(|_| ALPHABET[rng.random_range(0..ALPHABET.len())] as char)
            .collect();
        if well_formed(&p) {
            break p;
        }
    };
    let stored = issued_for(&plain);
    (plain, stored)
}

/// What to store for an issued initial password `plain`.
pub fn issued_for(plain: &str) -> String {
    let salt = hex::encode(rand::random::<[u8; 16]>());
    format!("{ISSUED}{salt}${}", issued_digest(&salt, plain))
}

fn issued_digest(salt: &str, plain: &str) -> String {
    use sha2::{Digest, Sha256};
    hex::encode(Sha256::digest(format!("{salt}${plain}").as_bytes()))
}

/// Checks a typed password against a stored hash, an issued initial password, or the
/// initial-password marker (which, under the issued rule, nothing matches until one is issued).
pub async fn check(
    state: &AppState,
    stored: &str,
    id_number: Option<&str>,
    typed: &str,
) -> AppResult<bool> {
    use crate::domain::initial_password::InitialPasswordRule;
    if stored == INITIAL_PASSWORD || stored.starts_with(ISSUED) {
        // The same argon2 work as a real hash, so the answer's timing does not tell which
        // accounts still have their initial password.
        verify(state, typed.to_string(), stand_in_hash()?).await?;
    }
    if let Some(rest) = stored.strip_prefix(ISSUED) {
        let Some((salt, digest)) = rest.split_once('$') else {
            return Ok(false);
        };
        return Ok(constant_eq(digest, &issued_digest(salt, typed)));
    }
    if stored == INITIAL_PASSWORD {
        let rule = crate::server::services::initial_passwords::rule(&state.db).await?;
        return Ok(rule == InitialPasswordRule::IdTail
            && id_number.is_some_and(|id| id.len() == 18 && constant_eq(&id[12..], typed)));
    }
    verify(state, typed.to_string(), stored.to_string()).await
}

/// A hash of nothing anyone types, verified against in place of an initial password's.
fn stand_in_hash() -> AppResult<String> {
    static STAND_IN: std::sync::OnceLock<String> = std::sync::OnceLock::new();
    if let Some(h) = STAND_IN.get() {
        return Ok(h.clone());
    }
    let h = hash_blocking("\u{0}stand-in\u{0}")?;
    Ok(STAND_IN.get_or_init(|| h).clone())
}

/// Equal strings, compared in time that does not depend on where they differ.
pub(crate) fn constant_eq(a: &str, b: &str) -> bool {
    a.len() == b.len()
        && a.bytes()
            .zip(b.bytes())
            .fold(0u8, |acc, (x, y)| acc | (x ^ y))
            == 0
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn issued_passwords_are_random_well_formed_and_stored_salted() {
        use crate::domain::initial_password::well_formed;
        let (a, stored_a) = issue();
        let (b, stored_b) = issue();
        assert!(well_formed(&a) && well_formed(&b));
        assert_ne!(a, b);
        assert!(stored_a.starts_with(ISSUED) && !stored_a.contains(&a));
        let (_, digest) = stored_a[ISSUED.len()..].split_once('$').unwrap();
        assert_eq!(digest.len(), 64);
        assert_ne!(stored_a, stored_b);
    }

    #[test]
    fn hashes_verify_and_use_argon2id_owasp_parameters() {
        let h = hash_blocking("Jiaoyu#2026x").unwrap();
        assert!(h.starts_with("$argon2id$v=19$m=19456,t=2,p=1$"), "{h}");
        assert!(verify_blocking("Jiaoyu#2026x", &h));
        assert!(!verify_blocking("jiaoyu#2026x", &h));
        assert!(!verify_blocking("x", "not a hash"));
    }
}
