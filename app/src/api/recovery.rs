//! Forgot password and unlock by code (no login needed; captcha-guarded).

use crate::error::AppError;
use leptos::prelude::*;

/// Sends a code for `purpose` ("reset" or "unlock"); returns the masked destination.
#[server(output = server_fn::codec::Postcard, endpoint = "request_account_code")]
pub async fn request_account_code(
    account: String,
    captcha: String,
    purpose: String,
) -> Result<String, AppError> {
    use crate::server::services::recovery::{Purpose, request_code};
    let state = super::ctx::state()?;
    let session = super::ctx::session().await?;
    let ip = super::ctx::client_ip().await;
    let purpose = Purpose::parse(&purpose)?;
    let sent_to = request_code(&state, &session, ip, &account, &captcha, purpose).await?;
    super::ctx::after_form_post(&format!(
        "/forgot-password?mode={}&sent={}",
        purpose.as_str(),
        crate::url::encode(&sent_to)
    ));
    Ok(sent_to)
}

#[server(output = server_fn::codec::Postcard, endpoint = "unlock_with_code")]
pub async fn unlock_with_code(account: String, code: String) -> Result<(), AppError> {
    let state = super::ctx::state()?;
    let ip = super::ctx::client_ip().await;
    crate::server::services::recovery::unlock(&state, ip, &account, &code).await?;
    super::ctx::after_form_post("/forgot-password?mode=unlock&done=1");
    Ok(())
}

#[server(output = server_fn::codec::Postcard, endpoint = "reset_with_code")]
pub async fn reset_with_code(account: String, code: String, new: String) -> Result<(), AppError> {
    let state = super::ctx::state()?;
    let ip = super::ctx::client_ip().await;
    crate::server::services::recovery::reset(&state, ip, &account, &code, &new).await?;
    super::ctx::after_form_post("/forgot-password?mode=reset&done=1");
    Ok(())
}
