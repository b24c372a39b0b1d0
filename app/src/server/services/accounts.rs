//! Accounts: finding a user by what they type, login bookkeeping, roles, passwords.

use super::org::institution_name;
use crate::domain::id_card::IdNumber;
use crate::domain::role::Role;
use crate::dto::account::RoleView;
use crate::error::{AppError, AppResult};
use crate::server::entities::{region, role_assignment, school, user};
use sea_orm::{ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, QueryOrder};

/// Finds a user by ID-card number, 师训号 or phone, whichever the account looks like.
pub async fn find_by_account(
    db: &impl ConnectionTrait,
    account: &str,
) -> AppResult<Option<user::Model>> {
    let a = account.trim();
    if a.is_empty() {
        return Ok(None);
    }
    if a.len() == 18 {
        let normal = IdNumber::parse(a)
            .map(|i| i.to_string())
            .unwrap_or_else(|_| a.to_ascii_uppercase());
        return Ok(user::Entity::find()
            .filter(user::Column::IdNumber.eq(normal))
            .one(db)
            .await?);
    }
    if a.len() == 11 && a.starts_with('1') {
        return Ok(user::Entity::find()
            .filter(user::Column::Phone.eq(a))
            .one(db)
            .await?);
    }
    use crate::server::entities::teacher;
    let Some(t) = teacher::Entity::find()
        .filter(teacher::Column::TrainingNumber.eq(a))
        .one(db)
        .await?
    else {
        return Ok(None);
    };
    Ok(user::Entity::find_by_id(t.user_id).one(db).await?)
}

/// A human name for the org unit of one assignment ("石家庄市 长安区", "河北师范大学", "本人").
pub async fn scope_name(
    db: &impl ConnectionTrait,
    ra: &role_assignment::Model,
) -> AppResult<String> {
    if let Some(code) = &ra.region_code {
        return Ok(region::Entity::find_by_id(code.clone())
            .one(db)
            .await?
            .map(|r| r.name)
            .unwrap_or_else(|| code.clone()));
    }
    if let Some(id) = ra.school_id {
        return Ok(school::Entity::find_by_id(id)
            .one(db)
            .await?
            .map(|s| s.name)
            .unwrap_or_default());
    }
    if let Some(id) = ra.institution_id {
        return institution_name(db, id).await;
    }
    Ok("本人".into())
}

/// Every role the user holds, oldest first.
pub async fn roles_of(db: &impl ConnectionTrait, user_id: i64) -> AppResult<Vec<RoleView>> {
    let rows = role_assignment::Entity::find()
        .filter(role_assignment::Column::UserId.eq(user_id))
        .order_by_asc(role_assignment::Column::Id)
        .all(db)
        .await?;
    let mut out = Vec::with_capacity(rows.len());
    for ra in rows {
        let Some(role) = Role::parse(&ra.role) else {
            continue;
        };
        out.push(RoleView {
            assignment_id: ra.id,
            role,
            scope_name: scope_name(db, &ra).await?,
        });
    }
    Ok(out)
}

/// Which role a fresh login starts in: the most powerful admin role, else the first.
pub fn default_assignment(roles: &[RoleView]) -> AppResult<i64> {
    roles
        .iter()
        .min_by_key(|r| Role::ALL.iter().position(|x| *x == r.role))
        .map(|r| r.assignment_id)
        .ok_or(AppError::Forbidden)
}
