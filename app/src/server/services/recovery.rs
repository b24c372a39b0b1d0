//! Self-service recovery: a code sent to the verified phone or email resets a forgotten
//! password or lifts a lock at once (ID numbers are widely known, so a lock alone could be
//! used to keep a teacher out).

use super::accounts::find_by_account;
use super::audit::{self, Entry};
use super::login::captcha_ok;
use super::one_time_codes;
use crate::domain::contact::{Channel, CodePurpose};
use crate::domain::delivery::MessageKind;
use crate::domain::id_card::IdNumber;
use crate::domain::password::check_password;
use crate::error::Broken;
use crate::error::{AppError, AppResult, LoginError};
use crate::server::auth::password;
use crate::server::auth::session_store::end_other_sessions;
use crate::server::entities::{code_request, user};
use crate::server::state::AppState;
use chrono::{Duration, Utc};
use sea_orm::{
    ActiveModelTrait, ActiveValue::Set, ColumnTrait, ConnectionTrait, EntityTrait, NotSet,
    PaginatorTrait, QueryFilter,
};
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
            _ => Err(AppError::from(Broken::UnknownCodePurpose)),
        }
    }

    pub fn as_str(self) -> &'static str {
        self.code().as_str()
    }

    /// The codes that prove it.
    pub fn code(self) -> CodePurpose {
        match self {
            Self::Reset => CodePurpose::Reset,
            Self::Unlock => CodePurpose::Unlock,
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
    draw_code(db, account, ip).await?;
    let Some(u) = find_by_account(db, account).await? else {
        state.throttle.record_failure(ip);
        return Ok(CODE_SENT.into());
    };
    let (channel, dest) = match (&u.phone, u.phone_verified, &u.email, u.email_verified) {
        _ if u.disabled => return Ok(CODE_SENT.into()),
        (Some(p), true, _, _) => (Channel::Phone, p.clone()),
        (_, _, Some(e), true) => (Channel::Email, e.clone()),
        _ => return Ok(CODE_SENT.into()),
    };
    let code = one_time_codes::issue(db, u.id, purpose.code(), channel, &dest).await?;
    let what = if purpose == Purpose::Reset {
        "重置密码"
    } else {
        "解锁账号"
    };
    let body = format!(
        "【师训】您正在{what}，验证码 {code}，{} 分钟内有效。如非本人操作请忽略。",
        one_time_codes::CODE_MINUTES
    );
    one_time_codes::send(
        state,
        u.id,
        MessageKind::AccountCode,
        channel,
        &dest,
        &code,
        &body,
    )
    .await?;
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

/// Codes an account may draw in a day: with `one_time_codes::MAX_ATTEMPTS` guesses each, this bounds
/// the guesses at one account's codes to a few dozen a day, from any number of sources.
pub const CODES_PER_DAY: u64 = 5;

/// The account as typed, in the one form the per-account limits count it under.
fn account_key(account: &str) -> String {
    account.trim().to_uppercase()
}

/// Counts a code request against the account typed — whether or not it exists, so the limits
/// answer every account alike: one a minute, `CODES_PER_DAY` a day.
async fn draw_code(db: &impl ConnectionTrait, account: &str, ip: IpAddr) -> AppResult<()> {
    use code_request::Column as C;
    let key = account_key(account);
    let now = Utc::now();
    let since = |d: Duration| {
        code_request::Entity::find()
            .filter(C::AccountKey.eq(key.clone()))
            .filter(C::At.gt(now - d))
            .count(db)
    };
    if since(Duration::seconds(60)).await? > 0 {
        return Err(AppError::Login(LoginError::CodeTooSoon));
    }
    if since(Duration::days(1)).await? >= CODES_PER_DAY {
        return Err(AppError::Login(LoginError::CodeDailyLimit));
    }
    code_request::ActiveModel {
        id: NotSet,
        account_key: Set(key),
        ip: Set(ip.to_string()),
        at: Set(now),
    }
    .insert(db)
    .await?;
    Ok(())
}

/// Checks a typed code for the account and `purpose`, under the per-source throttle (shared
/// with logins), and consumes it once `ready` agrees. A failure counts against the source and
/// is audited; an unknown account fails as a wrong code does.
async fn take_code(
    state: &AppState,
    ip: IpAddr,
    account: &str,
    purpose: Purpose,
    code: &str,
    ready: impl FnOnce(&user::Model) -> AppResult<()>,
) -> AppResult<user::Model> {
    if state.throttle.is_throttled(ip) {
        return Err(AppError::Login(LoginError::Throttled));
    }
    let u = find_by_account(&state.db, account).await?;
    let taken = match &u {
        Some(u) => one_time_codes::consume_if(&state.db, u.id, purpose.code(), code, || ready(u))
            .await
            .map(|_| ()),
        None => Err(one_time_codes::bad_code()),
    };
    if let Err(e) = taken {
        if e == one_time_codes::bad_code() {
            state.throttle.record_failure(ip);
            audit::record(
                &state.db,
                Entry {
                    actor_user_id: u.map(|u| u.id),
                    action: "recovery.code_failed",
                    outcome: "failed",
                    ip: Some(ip.to_string()),
                    after: Some(serde_json::json!({ "purpose": purpose.as_str() })),
                    ..Default::default()
                },
            )
            .await;
        }
        return Err(e);
    }
    u.ok_or_else(one_time_codes::bad_code)
}

/// Lifts a lock with a code; the password stays as it was.
pub async fn unlock(state: &AppState, ip: IpAddr, account: &str, code: &str) -> AppResult<()> {
    let u = take_code(state, ip, account, Purpose::Unlock, code, |_| Ok(())).await?;
    let id = u.id;
    let mut am: user::ActiveModel = u.into();
    super::lockout::clear(&mut am);
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
    // The new password is judged only once the code is right, so a weak password tells
    // nothing about an account to someone without its code (and leaves the code usable).
    let u = take_code(state, ip, account, Purpose::Reset, code, |u| {
        let id_number = u.id_number.as_deref();
        let birth = id_number
            .and_then(|s| IdNumber::parse(s).ok())
            .map(|i| i.birth_date());
        check_password(new, id_number, birth).map_err(|e| AppError::field("new", e.message()))
    })
    .await?;
    let hash = password::hash(state, new.to_string()).await?;
    let id = u.id;
    let mut am: user::ActiveModel = u.into();
    am.password_hash = Set(hash);
    am.must_change_password = Set(false);
    am.password_changed_at = Set(Some(Utc::now()));
    super::lockout::clear(&mut am);
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
