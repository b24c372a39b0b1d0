//! Whole rows by id, in one query per kind: a list's rows carry ids and need more than a name
//! of what they point at (a project's dates, a teacher's stage). `names` reads just the name.

use std::collections::HashMap;

use sea_orm::{ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter};

use crate::error::AppResult;
use crate::server::entities::{enrolment, institution, project, project_class, teacher, user};

/// The ids once each, or None when there are none (no query is needed then).
pub(super) fn distinct(ids: impl IntoIterator<Item = i64>) -> Option<Vec<i64>> {
    let mut ids: Vec<i64> = ids.into_iter().collect();
    ids.sort_unstable();
    ids.dedup();
    (!ids.is_empty()).then_some(ids)
}

async fn rows<E: EntityTrait>(
    db: &impl ConnectionTrait,
    id: E::Column,
    ids: impl IntoIterator<Item = i64>,
    key: fn(&E::Model) -> i64,
) -> AppResult<HashMap<i64, E::Model>> {
    let Some(ids) = distinct(ids) else {
        return Ok(HashMap::new());
    };
    Ok(E::find()
        .filter(id.is_in(ids))
        .all(db)
        .await?
        .into_iter()
        .map(|m| (key(&m), m))
        .collect())
}

macro_rules! by_id {
    ($($(#[$doc:meta])* $name:ident => $entity:ident),* $(,)?) => {$(
        $(#[$doc])*
        pub async fn $name(
            db: &impl ConnectionTrait,
            ids: impl IntoIterator<Item = i64>,
        ) -> AppResult<HashMap<i64, $entity::Model>> {
            rows::<$entity::Entity>(db, $entity::Column::Id, ids, |m| m.id).await
        }
    )*};
}

by_id! {
    users => user,
    teachers => teacher,
    projects => project,
    classes => project_class,
    institutions => institution,
}

/// One row by its primary key, or `NotFound`: a record out of the caller's reach answers the
/// same as one that does not exist.
pub async fn found<E: EntityTrait>(
    db: &impl ConnectionTrait,
    id: impl Into<<E::PrimaryKey as sea_orm::PrimaryKeyTrait>::ValueType>,
) -> AppResult<E::Model> {
    E::find_by_id(id)
        .one(db)
        .await?
        .ok_or(crate::error::AppError::NotFound)
}

/// The enrolment `id` when it is `user_id`'s own; another's answers `NotFound`, as one that
/// does not exist.
pub async fn own_enrolment(
    db: &impl ConnectionTrait,
    user_id: i64,
    id: i64,
) -> AppResult<enrolment::Model> {
    enrolment::Entity::find_by_id(id)
        .one(db)
        .await?
        .filter(|e| e.user_id == user_id)
        .ok_or(crate::error::AppError::NotFound)
}

/// The enrolment's class, once it has one (a directive participant waits for the province to
/// place them).
pub async fn class_of(
    db: &impl ConnectionTrait,
    e: &enrolment::Model,
) -> AppResult<Option<project_class::Model>> {
    match e.class_id {
        Some(id) => Ok(project_class::Entity::find_by_id(id).one(db).await?),
        None => Ok(None),
    }
}

/// `class_of` for what needs the class: `NotFound` before there is one.
pub async fn placed_class(
    db: &impl ConnectionTrait,
    e: &enrolment::Model,
) -> AppResult<project_class::Model> {
    class_of(db, e)
        .await?
        .ok_or(crate::error::AppError::NotFound)
}

/// A class with its project, in one query (a class is never read without the project whose
/// rules and runner it has).
pub async fn class_with_project(
    db: &impl ConnectionTrait,
    class_id: i64,
) -> AppResult<(project_class::Model, project::Model)> {
    match project_class::Entity::find_by_id(class_id)
        .find_also_related(project::Entity)
        .one(db)
        .await?
    {
        Some((c, Some(p))) => Ok((c, p)),
        _ => Err(crate::error::AppError::NotFound),
    }
}
