//! The current actor: who is calling, in which of their roles, scoped to which org unit.

use super::session_store::USER_KEY;
use crate::domain::role::{Role, Scope};
use crate::error::{AppError, AppResult};
use crate::server::entities::{role_assignment, school, user};
use crate::server::state::{AppState, app_state};
use chrono::Utc;
use sea_orm::{ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, QueryOrder};
use tower_sessions::Session;

pub const ASSIGNMENT_KEY: &str = "aid";
pub const LOGIN_AT_KEY: &str = "login_at";
/// When the account's password last changed, as the session saw it at login (0: never).
pub const PASSWORD_AT_KEY: &str = "password_at";
/// The session's last sign of life: written (and the session's expiry moved on) at most once a
/// minute, so the idle timeout counts from the last request, not from the login.
pub const SEEN_AT_KEY: &str = "seen_at";

/// The account's password stamp, as a session keeps it.
pub fn password_stamp(u: &user::Model) -> i64 {
    u.password_changed_at.map_or(0, |t| t.timestamp())
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Actor {
    pub user_id: i64,
    pub name: String,
    pub assignment_id: i64,
    pub role: Role,
    pub scope: Scope,
    pub must_change_password: bool,
}

pub async fn session() -> AppResult<Session> {
    leptos_axum::extract::<Session>()
        .await
        .map_err(AppError::internal)
}

/// The scope of one role assignment.
pub async fn scope_of(
    db: &impl ConnectionTrait,
    ra: &role_assignment::Model,
    role: Role,
) -> AppResult<Scope> {
    Ok(match role {
        Role::ProvinceAdmin | Role::CityAdmin | Role::CountyAdmin | Role::Auditor => {
            Scope::Region(ra.region_code.clone().ok_or(AppError::Forbidden)?)
        }
        Role::SchoolAdmin => {
            let id = ra.school_id.ok_or(AppError::Forbidden)?;
            let s = school::Entity::find_by_id(id)
                .one(db)
                .await?
                .ok_or(AppError::Forbidden)?;
            Scope::School {
                id,
                county_code: s.county_code,
            }
        }
        Role::Institution => Scope::Institution(ra.institution_id.ok_or(AppError::Forbidden)?),
        Role::Teacher => Scope::Own(ra.user_id),
    })
}

/// Resolves the session's user and active role. Ends the session when it has outlived the
/// absolute timeout or the account was disabled.
pub async fn resolve(state: &AppState, session: &Session) -> AppResult<Actor> {
    let err = |_| AppError::Internal;
    let Some(user_id) = session.get::<i64>(USER_KEY).await.map_err(err)? else {
        return Err(AppError::NotAuthenticated);
    };
    let login_at = session
        .get::<i64>(LOGIN_AT_KEY)
        .await
        .map_err(err)?
        .unwrap_or(0);
    if Utc::now().timestamp() - login_at > state.config.absolute_hours * 3600 {
        session.flush().await.map_err(err)?;
        return Err(AppError::NotAuthenticated);
    }
    let db = &state.db;
    let Some(u) = user::Entity::find_by_id(user_id).one(db).await? else {
        session.flush().await.map_err(err)?;
        return Err(AppError::NotAuthenticated);
    };
    // A session from before the last password change is over, wherever it comes from.
    let stamp = session.get::<i64>(PASSWORD_AT_KEY).await.map_err(err)?;
    if u.disabled || stamp.unwrap_or(0) != password_stamp(&u) {
        session.flush().await.map_err(err)?;
        return Err(AppError::NotAuthenticated);
    }
    let now = Utc::now().timestamp();
    let seen = session.get::<i64>(SEEN_AT_KEY).await.map_err(err)?;
    if seen.is_none_or(|s| now - s >= 60) {
        session.insert(SEEN_AT_KEY, now).await.map_err(err)?;
    }
    let wanted = session.get::<i64>(ASSIGNMENT_KEY).await.map_err(err)?;
    let assignments = role_assignment::Entity::find()
        .filter(role_assignment::Column::UserId.eq(user_id))
        .order_by_asc(role_assignment::Column::Id)
        .all(db)
        .await?;
    let ra = assignments
        .iter()
        .find(|a| Some(a.id) == wanted)
        .or(assignments.first())
        .ok_or(AppError::Forbidden)?;
    let role = ra.role;
    Ok(Actor {
        user_id,
        name: u.name,
        assignment_id: ra.id,
        role,
        scope: scope_of(db, ra, role).await?,
        must_change_password: u.must_change_password,
    })
}

/// The caller, refused until the forced first-login password change is done.
pub async fn current_actor() -> AppResult<Actor> {
    let actor = current_actor_pending_ok().await?;
    if actor.must_change_password {
        return Err(AppError::PasswordChangeRequired);
    }
    Ok(actor)
}

/// The caller as the server's gate resolved it for this request (see the server's `gate`).
#[derive(Debug, Clone)]
pub struct Gated(pub Actor);

/// The caller, even with a pending password change (for `me` and the change itself).
pub async fn current_actor_pending_ok() -> AppResult<Actor> {
    let gated = leptos::prelude::use_context::<axum::http::request::Parts>()
        .and_then(|p| p.extensions.get::<Gated>().map(|g| g.0.clone()));
    if let Some(actor) = gated {
        return Ok(actor);
    }
    let state = app_state()?;
    let session = session().await?;
    resolve(&state, &session).await
}
