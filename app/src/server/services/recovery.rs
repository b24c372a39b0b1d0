//! Self-service recovery: a code sent to the verified phone or email resets a forgotten
//! password or lifts a lock at once (ID numbers are widely known, so a lock alone could be
//! used to keep a teacher out).

use super::accounts::find_by_account;
use super::audit::{self, Entry};
use super::codes;
use super::login::captcha_ok;
use crate::domain::id_card::IdNumber;
use crate::domain::password::check_password;
use crate::error::{AppError, AppResult, LoginError};
use crate::server::auth::password;
use crate::server::auth::session_store::end_other_sessions;
use crate::server::entities::user;
use crate::server::state::AppState;
use chrono::Utc;
use sea_orm::{ActiveModelTrait, ActiveValue::Set};
use std::net::IpAddr;
use tower_sessions::Session;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Purpose {
    Reset,
    Unlock,
}

impl Purpose {
    pub fn parse(s: &str) -> AppResult<Self> {
        match s {
            "reset" => Ok(Self::Reset),
            "unlock" => Ok(Self::Unlock),
            _ => Err(AppError::BadRequest("未知的操作".into())),
        }
    }

    pub fn as_str(self) -> &'static str {
        match self {
            Self::Reset => "reset",
            Self::Unlock => "unlock",
        }
    }
}

/// What every code request hears once past the captcha and the throttle — whether the account
/// exists, is disabled, has a verified contact or not: the answer tells nothing of the account
/// (nor of its phone) to someone who only holds an ID number.
pub const CODE_SENT: &str =
    "如该账号已绑定并验证手机号或邮箱，验证码已发送，请查收；未绑定的请联系学校管理员重置密码。";

/// Sends a code to the account's verified phone (else email), and answers `CODE_SENT`.
pub async fn request_code(
    state: &AppState,
    session: &Session,
    ip: IpAddr,
    account: &str,
    typed_captcha: &str,
    purpose: Purpose,
) -> AppResult<String> {
    let db = &state.db;
    if state.throttle.is_throttled(ip) {
        return Err(AppError::Login(LoginError::Throttled));
    }
    if !captcha_ok(state, session, typed_captcha).await? {
        return Err(AppError::Login(LoginError::BadCaptcha));
    }
    let Some(u) = find_by_account(db, account).await? else {
        state.throttle.record_failure(ip);
        return Ok(CODE_SENT.into());
    };
    let (channel, dest) = match (&u.phone, u.phone_verified, &u.email, u.email_verified) {
        _ if u.disabled => return Ok(CODE_SENT.into()),
        (Some(p), true, _, _) => ("phone", p.clone()),
        (_, _, Some(e), true) => ("email", e.clone()),
        _ => return Ok(CODE_SENT.into()),
    };
    let code = codes::issue(db, u.id, purpose.as_str(), channel, &dest).await?;
    let what = if purpose == Purpose::Reset {
        "重置密码"
    } else {
        "解锁账号"
    };
    let body = format!(
        "【师训】您正在{what}，验证码 {code}，{} 分钟内有效。如非本人操作请忽略。",
        codes::CODE_MINUTES
    );
    state.sender.send(&dest, &body).await?;
    audit::record(
        db,
        Entry {
            actor_user_id: Some(u.id),
            action: if purpose == Purpose::Reset {
                "recovery.reset_code"
            } else {
                "recovery.unlock_code"
            },
            outcome: "ok",
            ip: Some(ip.to_string()),
            ..Default::default()
        },
    )
    .await;
    Ok(CODE_SENT.into())
}

async fn user_for(state: &AppState, account: &str) -> AppResult<user::Model> {
    find_by_account(&state.db, account)
        .await?
        .ok_or_else(codes::bad_code)
}

/// Lifts a lock with a code; the password stays as it was.
pub async fn unlock(state: &AppState, ip: IpAddr, account: &str, code: &str) -> AppResult<()> {
    let u = user_for(state, account).await?;
    codes::consume(&state.db, u.id, Purpose::Unlock.as_str(), code).await?;
    let id = u.id;
    let mut am: user::ActiveModel = u.into();
    am.failed_attempts = Set(0);
    am.locked_until = Set(None);
    am.update(&state.db).await?;
    audit::record(
        &state.db,
        Entry {
            actor_user_id: Some(id),
            action: "recovery.unlock",
            outcome: "ok",
            ip: Some(ip.to_string()),
            ..Default::default()
        },
    )
    .await;
    Ok(())
}

/// Sets a new password with a code; also lifts any lock and ends every session of the user.
pub async fn reset(
    state: &AppState,
    ip: IpAddr,
    account: &str,
    code: &str,
    new: &str,
) -> AppResult<()> {
    let u = user_for(state, account).await?;
    let id_number = u.id_number.clone();
    let birth = id_number
        .as_deref()
        .and_then(|s| IdNumber::parse(s).ok())
        .map(|i| i.birth_date());
    check_password(new, id_number.as_deref(), birth)
        .map_err(|e| AppError::field("new", e.message()))?;
    codes::consume(&state.db, u.id, Purpose::Reset.as_str(), code).await?;
    let hash = password::hash(state, new.to_string()).await?;
    let id = u.id;
    let mut am: user::ActiveModel = u.into();
    am.password_hash = Set(hash);
    am.must_change_password = Set(false);
    am.password_changed_at = Set(Some(Utc::now()));
    am.failed_attempts = Set(0);
    am.locked_until = Set(None);
    am.update(&state.db).await?;
    end_other_sessions(&state.db, id, None).await?;
    audit::record(
        &state.db,
        Entry {
            actor_user_id: Some(id),
            action: "recovery.reset",
            outcome: "ok",
            ip: Some(ip.to_string()),
            ..Default::default()
        },
    )
    .await;
    Ok(())
}
