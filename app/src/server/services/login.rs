//! Login, logout, password changes and role switching: the session-facing account workflows.

use super::accounts::{default_assignment, find_by_account, roles_of};
use super::audit::{self, Entry};
use super::lockout;
use crate::domain::id_card::IdNumber;
use crate::domain::lockout::locked;
use crate::domain::password::check_password;
use crate::dto::account::Me;
use crate::error::Broken;
use crate::error::{AppError, AppResult, LoginError};
use crate::server::auth::actor::{
    ASSIGNMENT_KEY, Actor, LOGIN_AT_KEY, PASSWORD_AT_KEY, password_stamp,
};
use crate::server::auth::captcha;
use crate::server::auth::password::{self, INITIAL_PASSWORD};
use crate::server::auth::session_store::{USER_KEY, end_other_sessions, take_key};
use crate::server::config::TEST_CAPTCHA;
use crate::server::entities::user;
use crate::server::services::by_id;
use crate::server::state::AppState;
use chrono::Utc;
use sea_orm::{ActiveModelTrait, ActiveValue::Set, EntityTrait};
use serde_json::json;
use std::net::IpAddr;
use tower_sessions::Session;

pub const CAPTCHA_KEY: &str = "captcha";

pub(crate) fn session_err<E>(_: E) -> AppError {
    AppError::Internal
}

/// Beijing time "HH:MM" for messages.
fn local_hm(t: chrono::DateTime<Utc>) -> String {
    super::beijing(t).format("%H:%M").to_string()
}

/// Stores a fresh captcha answer in the session and returns the image (JPEG). Drawing is CPU
/// work, so it runs on a blocking thread.
pub async fn new_captcha(session: &Session) -> AppResult<Vec<u8>> {
    let cap = tokio::task::spawn_blocking(captcha::generate)
        .await
        .map_err(AppError::internal)??;
    session
        .insert(CAPTCHA_KEY, cap.answer)
        .await
        .map_err(session_err)?;
    Ok(cap.jpeg)
}

/// Single use: the stored answer is removed whatever was typed, and of parallel requests
/// on one captcha only the one that takes it from the store may use it.
pub(crate) async fn captcha_ok(
    state: &AppState,
    session: &Session,
    typed: &str,
) -> AppResult<bool> {
    let stored: Option<String> = session.remove(CAPTCHA_KEY).await.map_err(session_err)?;
    if state.config.test_captcha && typed.trim() == TEST_CAPTCHA {
        return Ok(true);
    }
    let Some(id) = session.id() else {
        return Ok(false);
    };
    let mine = take_key(&state.db, &id.to_string(), CAPTCHA_KEY).await?;
    Ok(mine && stored.is_some_and(|s| captcha::matches(&s, typed)))
}

pub struct LoginInput {
    pub account: String,
    pub password: String,
    pub captcha: String,
}

/// Returns whether the user must change the password before anything else.
pub async fn login(
    state: &AppState,
    session: &Session,
    ip: IpAddr,
    input: LoginInput,
) -> AppResult<bool> {
    let db = &state.db;
    let fail = |user_id: Option<i64>, reason: &str| Entry {
        actor_user_id: user_id,
        action: "login",
        outcome: "failed",
        ip: Some(ip.to_string()),
        after: Some(json!({ "reason": reason })),
        ..Default::default()
    };
    if state.throttle.is_throttled(ip) {
        audit::record(db, fail(None, "throttled")).await;
        return Err(AppError::Login(LoginError::Throttled));
    }
    if !captcha_ok(state, session, &input.captcha).await? {
        audit::record(db, fail(None, "captcha")).await;
        return Err(AppError::Login(LoginError::BadCaptcha));
    }
    let Some(u) = find_by_account(db, &input.account).await? else {
        state.throttle.record_failure(ip);
        audit::record(db, fail(None, "unknown_user")).await;
        return Err(AppError::Login(LoginError::UnknownUser));
    };
    // A disabled account is named only to whoever knows its password: to anyone else it
    // answers as an enabled one does.
    let disabled = u.disabled;
    let now = Utc::now();
    if let Some(until) = locked(u.locked_until, now) {
        audit::record(db, fail(Some(u.id), "locked")).await;
        return Err(AppError::Login(LoginError::Locked {
            until: local_hm(until),
        }));
    }
    let rule = lockout::rule(&state.config);
    // The attempt is counted (and the lock set by the attempt that reaches the limit) before
    // the password is checked, in one conditional UPDATE: parallel attempts cannot all read
    // the same count, so at most `max_failed` checks run before the lock.
    if !lockout::reserve_attempt(db, u.id, rule, now).await? {
        audit::record(db, fail(Some(u.id), "locked")).await;
        let until = user::Entity::find_by_id(u.id)
            .one(db)
            .await?
            .and_then(|u| locked(u.locked_until, now))
            .unwrap_or(rule.lock_until(now));
        return Err(AppError::Login(LoginError::Locked {
            until: local_hm(until),
        }));
    }
    let ok = password::check(
        state,
        &u.password_hash,
        u.id_number.as_deref(),
        &input.password,
    )
    .await?;
    let user_id = u.id;
    let initial_expired = u.initial_password_expired(now);
    let must_change = u.must_change_password;
    let stamp = password_stamp(&u);
    let mut am: user::ActiveModel = u.into();
    if !ok {
        state.throttle.record_failure(ip);
        audit::record(db, fail(Some(user_id), "password")).await;
        let after = user::Entity::find_by_id(user_id)
            .one(db)
            .await?
            .ok_or(AppError::NotAuthenticated)?;
        let err = match locked(after.locked_until, now) {
            Some(until) => LoginError::Locked {
                until: local_hm(until),
            },
            None => LoginError::WrongPassword {
                remaining: rule.remaining(after.failed_attempts),
            },
        };
        return Err(AppError::Login(err));
    }
    lockout::clear(&mut am);
    if initial_expired {
        am.update(db).await?;
        audit::record(db, fail(Some(user_id), "initial_expired")).await;
        return Err(AppError::Login(LoginError::InitialExpired));
    }
    if disabled {
        am.update(db).await?;
        audit::record(db, fail(Some(user_id), "disabled")).await;
        return Err(AppError::Login(LoginError::Disabled));
    }
    am.last_login_at = Set(Some(now));
    am.update(db).await?;
    let roles = roles_of(db, user_id).await?;
    let assignment = default_assignment(&roles)?;
    // A new id at login defeats session fixation.
    session.cycle_id().await.map_err(session_err)?;
    session
        .insert(USER_KEY, user_id)
        .await
        .map_err(session_err)?;
    session
        .insert(ASSIGNMENT_KEY, assignment)
        .await
        .map_err(session_err)?;
    session
        .insert(LOGIN_AT_KEY, now.timestamp())
        .await
        .map_err(session_err)?;
    session
        .insert(PASSWORD_AT_KEY, stamp)
        .await
        .map_err(session_err)?;
    audit::record(
        db,
        Entry {
            actor_user_id: Some(user_id),
            action: "login",
            outcome: "ok",
            ip: Some(ip.to_string()),
            ..Default::default()
        },
    )
    .await;
    Ok(must_change)
}

pub async fn logout(state: &AppState, session: &Session, actor: Option<&Actor>) -> AppResult<()> {
    if let Some(a) = actor {
        audit::record(
            &state.db,
            Entry {
                actor_user_id: Some(a.user_id),
                action: "logout",
                outcome: "ok",
                ..Default::default()
            },
        )
        .await;
    }
    session.flush().await.map_err(session_err)
}

pub async fn me(state: &AppState, actor: &Actor) -> AppResult<Me> {
    Ok(Me {
        user_id: actor.user_id,
        name: actor.name.clone(),
        roles: roles_of(&state.db, actor.user_id).await?,
        active_assignment_id: actor.assignment_id,
        must_change_password: actor.must_change_password,
    })
}

/// Changes the password after checking the current one and the strength rule; ends the user's
/// other sessions.
pub async fn change_password(
    state: &AppState,
    session: &Session,
    actor: &Actor,
    current: &str,
    new: &str,
) -> AppResult<()> {
    let db = &state.db;
    let u = user::Entity::find_by_id(actor.user_id)
        .one(db)
        .await?
        .ok_or(AppError::NotAuthenticated)?;
    if !password::check(state, &u.password_hash, u.id_number.as_deref(), current).await? {
        return Err(AppError::from(Broken::CurrentPasswordWrong));
    }
    let id = u.id_number.as_deref().and_then(|s| IdNumber::parse(s).ok());
    check_password(
        new,
        u.id_number.as_deref(),
        id.as_ref().map(IdNumber::birth_date),
    )
    .map_err(|e| AppError::field("new", e.message()))?;
    if new == current {
        return Err(AppError::from(Broken::NewPasswordSame));
    }
    let hash = password::hash(state, new.to_string()).await?;
    let mut am: user::ActiveModel = u.into();
    am.password_hash = Set(hash);
    am.must_change_password = Set(false);
    let changed = Utc::now();
    am.password_changed_at = Set(Some(changed));
    am.update(db).await?;
    // The caller's own session goes on; every other one ends (and would be refused anyway).
    session
        .insert(PASSWORD_AT_KEY, changed.timestamp())
        .await
        .map_err(session_err)?;
    let keep = session.id().map(|i| i.to_string());
    end_other_sessions(db, actor.user_id, keep).await?;
    audit::record(
        db,
        Entry {
            actor_user_id: Some(actor.user_id),
            action: "change_password",
            outcome: "ok",
            ..Default::default()
        },
    )
    .await;
    Ok(())
}

/// Restores the initial password (admin reset): it works until the next login forces a change.
pub async fn reset_to_initial(state: &AppState, user_id: i64) -> AppResult<()> {
    let db = &state.db;
    let u = by_id::found::<user::Entity>(db, user_id).await?;
    if u.id_number.is_none() {
        return Err(AppError::from(Broken::NoIdNumberForInitial));
    }
    let mut am: user::ActiveModel = u.into();
    am.password_hash = Set(INITIAL_PASSWORD.into());
    am.must_change_password = Set(true);
    lockout::clear(&mut am);
    am.password_changed_at = Set(Some(Utc::now()));
    am.update(db).await?;
    end_other_sessions(db, user_id, None).await?;
    Ok(())
}

pub async fn switch_role(
    state: &AppState,
    session: &Session,
    actor: &Actor,
    assignment_id: i64,
) -> AppResult<()> {
    let roles = roles_of(&state.db, actor.user_id).await?;
    if !roles.iter().any(|r| r.assignment_id == assignment_id) {
        return Err(AppError::Forbidden);
    }
    session
        .insert(ASSIGNMENT_KEY, assignment_id)
        .await
        .map_err(session_err)
}
