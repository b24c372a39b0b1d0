//! The login lockout's writes (the rule is `domain::lockout`): the counted attempt, and the
//! one way a count and a lock are cleared.

use crate::domain::lockout::Lockout;
use crate::error::AppResult;
use crate::server::config::Config;
use crate::server::entities::user;
use chrono::{DateTime, Utc};
use sea_orm::sea_query::Expr;
use sea_orm::{
    ActiveValue::Set, ColumnTrait, Condition, ConnectionTrait, EntityTrait, QueryFilter, UpdateMany,
};

/// The lockout this instance runs with.
pub fn rule(config: &Config) -> Lockout {
    Lockout {
        max_failed: config.max_failed_logins,
        minutes: config.lock_minutes,
    }
}

/// Counts one login attempt on `user_id` unless the account is locked or at its limit:
/// whether the attempt may go on to the password check. A lock that has run out starts a
/// fresh count; the attempt that reaches `max` sets the lock (a right password lifts it).
pub async fn reserve_attempt(
    db: &impl ConnectionTrait,
    user_id: i64,
    rule: Lockout,
    now: DateTime<Utc>,
) -> AppResult<bool> {
    let (max, until) = (rule.max_failed, rule.lock_until(now));
    use sea_orm::sea_query::{CaseStatement, ExprTrait};
    let attempts = || Expr::col(user::Column::FailedAttempts);
    let fresh = || Expr::col(user::Column::LockedUntil).is_null();
    let count = CaseStatement::new()
        .case(fresh(), attempts().add(1))
        .finally(Expr::val(1));
    let reaches = if max <= 1 {
        Expr::val(true)
    } else {
        fresh().and(attempts().add(1).gte(max))
    };
    let lock = CaseStatement::new()
        .case(reaches, Expr::val(Some(until)))
        .finally(Expr::val(None::<DateTime<Utc>>));
    let counted = user::Entity::update_many()
        .col_expr(user::Column::FailedAttempts, count.into())
        .col_expr(user::Column::LockedUntil, lock.into())
        .filter(user::Column::Id.eq(user_id))
        .filter(
            Condition::any()
                .add(fresh().and(attempts().lt(max)))
                .add(Expr::col(user::Column::LockedUntil).lte(now)),
        )
        .exec(db)
        .await?;
    Ok(counted.rows_affected == 1)
}

/// Clears the count of wrong passwords and any lock: a right password, an unlock or a reset by
/// phone code, an administrator's reset.
pub fn clear(am: &mut user::ActiveModel) {
    am.failed_attempts = Set(0);
    am.locked_until = Set(None);
}

/// `clear` in an update of many accounts (initial passwords issued in bulk).
pub fn cleared(update: UpdateMany<user::Entity>) -> UpdateMany<user::Entity> {
    update
        .col_expr(user::Column::FailedAttempts, Expr::value(0))
        .col_expr(
            user::Column::LockedUntil,
            Expr::value(None::<DateTime<Utc>>),
        )
}
