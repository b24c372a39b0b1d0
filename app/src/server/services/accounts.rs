//! Accounts: finding a user by what they type, login bookkeeping, roles, passwords.

use super::org::region_names;
use crate::domain::id_card::IdNumber;
use crate::domain::role::Role;
use crate::dto::account::RoleView;
use crate::error::{AppError, AppResult};
use crate::server::auth::password::INITIAL_PASSWORD;
use crate::server::entities::{role_assignment, user};
use crate::server::services::names;
use chrono::Utc;
use sea_orm::{
    ActiveModelTrait, ActiveValue::Set, ColumnTrait, ConnectionTrait, EntityTrait, NotSet,
    QueryFilter, QueryOrder,
};
use std::collections::HashMap;

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

/// Human names for the org units of assignments ("石家庄市 长安区" is shown as its region's
/// name, "河北师范大学", "本人"), by assignment id, in three queries however many there are.
pub async fn scope_names(
    db: &impl ConnectionTrait,
    assignments: &[role_assignment::Model],
) -> AppResult<HashMap<i64, String>> {
    let regions = region_names(
        db,
        assignments.iter().filter_map(|ra| ra.region_code.clone()),
    )
    .await?;
    let school_ids: Vec<i64> = assignments.iter().filter_map(|ra| ra.school_id).collect();
    let schools = names::schools(db, school_ids).await?;
    let inst_ids: Vec<i64> = assignments
        .iter()
        .filter_map(|ra| ra.institution_id)
        .collect();
    let institutions = names::institutions(db, inst_ids).await?;
    Ok(assignments
        .iter()
        .map(|ra| {
            let name = if let Some(code) = &ra.region_code {
                regions.get(code).cloned().unwrap_or_else(|| code.clone())
            } else if let Some(id) = ra.school_id {
                schools.get(&id).cloned().unwrap_or_default()
            } else if let Some(id) = ra.institution_id {
                institutions.get(&id).cloned().unwrap_or_default()
            } else {
                "本人".into()
            };
            (ra.id, name)
        })
        .collect())
}

/// Every role of each user, oldest first, in four queries however many users.
pub async fn roles_of_many(
    db: &impl ConnectionTrait,
    user_ids: &[i64],
) -> AppResult<HashMap<i64, Vec<RoleView>>> {
    let rows = role_assignment::Entity::find()
        .filter(role_assignment::Column::UserId.is_in(user_ids.iter().copied()))
        .order_by_asc(role_assignment::Column::Id)
        .all(db)
        .await?;
    let names = scope_names(db, &rows).await?;
    let mut out: HashMap<i64, Vec<RoleView>> = HashMap::new();
    for ra in rows {
        out.entry(ra.user_id).or_default().push(RoleView {
            assignment_id: ra.id,
            role: ra.role,
            scope_name: names.get(&ra.id).cloned().unwrap_or_default(),
        });
    }
    Ok(out)
}

/// Every role the user holds, oldest first.
pub async fn roles_of(db: &impl ConnectionTrait, user_id: i64) -> AppResult<Vec<RoleView>> {
    Ok(roles_of_many(db, &[user_id])
        .await?
        .remove(&user_id)
        .unwrap_or_default())
}

/// Which role a fresh login starts in: the most powerful admin role, else the first.
pub fn default_assignment(roles: &[RoleView]) -> AppResult<i64> {
    roles
        .iter()
        .min_by_key(|r| Role::ALL.iter().position(|x| *x == r.role))
        .map(|r| r.assignment_id)
        .ok_or(AppError::Forbidden)
}

/// A new account; without a hash it starts on the initial password and must change it. A phone
/// typed by an admin is not verified: only a code the owner receives verifies it, so an admin
/// cannot point the account's recovery at a phone of their choosing.
pub fn new_user(
    name: &str,
    id_number: Option<&IdNumber>,
    phone: Option<&str>,
    password_hash: Option<&str>,
) -> user::ActiveModel {
    user::ActiveModel {
        id: NotSet,
        name: Set(name.into()),
        id_number: Set(id_number.map(|i| i.to_string())),
        phone: Set(phone.map(Into::into)),
        email: Set(None),
        phone_verified: Set(false),
        email_verified: Set(false),
        password_hash: Set(password_hash.unwrap_or(INITIAL_PASSWORD).into()),
        must_change_password: Set(password_hash.is_none()),
        failed_attempts: Set(0),
        locked_until: Set(None),
        disabled: Set(false),
        avatar_file_id: Set(None),
        created_at: Set(Utc::now()),
        password_changed_at: Set(None),
        last_login_at: Set(None),
        initial_password_expires_at: Set(None),
    }
}

pub async fn insert_user(
    db: &impl ConnectionTrait,
    name: &str,
    id_number: Option<&IdNumber>,
    phone: Option<&str>,
    password_hash: Option<&str>,
) -> AppResult<user::Model> {
    Ok(new_user(name, id_number, phone, password_hash)
        .insert(db)
        .await?)
}

pub async fn assign(
    db: &impl ConnectionTrait,
    user_id: i64,
    role: Role,
    region_code: Option<&str>,
    school_id: Option<i64>,
    institution_id: Option<i64>,
) -> AppResult<role_assignment::Model> {
    Ok(role_assignment::ActiveModel {
        id: NotSet,
        user_id: Set(user_id),
        role: Set(role),
        region_code: Set(region_code.map(Into::into)),
        school_id: Set(school_id),
        institution_id: Set(institution_id),
        created_at: Set(Utc::now()),
    }
    .insert(db)
    .await?)
}
