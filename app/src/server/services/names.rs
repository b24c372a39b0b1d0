//! Names (and a school's county) by id, in one query per kind: a list's rows carry ids, its
//! page shows names.
//! Only the two columns are read, however wide the table.

use std::collections::HashMap;

use sea_orm::{ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, QuerySelect};

use crate::error::AppResult;
use crate::server::entities::{institution, project, project_class, school, user};

async fn names<E: EntityTrait>(
    db: &impl ConnectionTrait,
    id: E::Column,
    name: E::Column,
    ids: impl IntoIterator<Item = i64>,
) -> AppResult<HashMap<i64, String>> {
    let Some(ids) = super::by_id::distinct(ids) else {
        return Ok(HashMap::new());
    };
    Ok(E::find()
        .select_only()
        .column(id)
        .column(name)
        .filter(id.is_in(ids))
        .into_tuple::<(i64, String)>()
        .all(db)
        .await?
        .into_iter()
        .collect())
}

macro_rules! names {
    ($($(#[$doc:meta])* $name:ident => $entity:ident),* $(,)?) => {$(
        $(#[$doc])*
        pub async fn $name(
            db: &impl ConnectionTrait,
            ids: impl IntoIterator<Item = i64>,
        ) -> AppResult<HashMap<i64, String>> {
            names::<$entity::Entity>(db, $entity::Column::Id, $entity::Column::Name, ids).await
        }
    )*};
}

names! {
    /// Users' real names (teachers, admins, actors of the audit log).
    users => user,
    schools => school,
    institutions => institution,
    projects => project,
    /// Class names alone (第1班); a label with its project is `leaves::labels`' work.
    classes => project_class,
}

/// Schools' counties (a school's place in the region tree), in the same one query.
pub async fn school_counties(
    db: &impl ConnectionTrait,
    ids: impl IntoIterator<Item = i64>,
) -> AppResult<HashMap<i64, String>> {
    names::<school::Entity>(db, school::Column::Id, school::Column::CountyCode, ids).await
}
