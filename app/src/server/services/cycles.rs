//! Credit cycles (培训周期): the province lists and sets them — years, the cycle total, the
//! yearly minimum and each category's minimums. A year belongs to one cycle only.

use crate::domain::cycle_form::{CycleDraft, overlaps, read_cycle};
use crate::dto::credits::CycleRow;
use crate::error::{AppError, AppResult, FieldError};
use crate::server::auth::Actor;
use crate::server::auth::policy::{Permission, Target, bureau_region, ensure};
use crate::server::entities::credit_cycle;
use crate::server::services::by_id;
use crate::server::services::ledger::rule_of;
use sea_orm::{
    ActiveModelTrait, ActiveValue::Set, ConnectionTrait, EntityTrait, NotSet, QueryOrder,
};

fn province(actor: &Actor) -> AppResult<()> {
    let region = bureau_region(actor)?.to_string();
    ensure(
        actor,
        Permission::ConfigureProvince,
        Target::Region(&region),
    )
}

pub async fn list(db: &impl ConnectionTrait, actor: &Actor) -> AppResult<Vec<CycleRow>> {
    province(actor)?;
    Ok(credit_cycle::Entity::find()
        .order_by_desc(credit_cycle::Column::FirstYear)
        .all(db)
        .await?
        .into_iter()
        .map(|c| CycleRow {
            id: c.id,
            draft: CycleDraft::of(&rule_of(&c)),
        })
        .collect())
}

/// Adds a cycle (`id` none) or changes one; the credit tables follow at once.
pub async fn save(
    db: &impl ConnectionTrait,
    actor: &Actor,
    id: Option<i64>,
    d: &CycleDraft,
) -> AppResult<i64> {
    province(actor)?;
    let rule = read_cycle(d).map_err(AppError::Validation)?;
    let others = credit_cycle::Entity::find().all(db).await?;
    if let Some(clash) = others
        .iter()
        .filter(|c| Some(c.id) != id)
        .find(|c| overlaps(&rule_of(c), &rule))
    {
        return Err(AppError::Validation(vec![FieldError {
            field: "first_year".into(),
            message: format!(
                "与“{}”（{}–{}）的年份重叠",
                clash.name, clash.first_year, clash.last_year
            ),
        }]));
    }
    let categories = serde_json::to_string(&rule.categories).map_err(AppError::internal)?;
    let mut am = match id {
        Some(id) => by_id::found::<credit_cycle::Entity>(db, id).await?.into(),
        None => credit_cycle::ActiveModel {
            id: NotSet,
            ..Default::default()
        },
    };
    am.name = Set(rule.name.clone());
    am.first_year = Set(rule.first_year);
    am.last_year = Set(rule.last_year);
    am.total = Set(rule.total as i32);
    am.yearly_total = Set(rule.yearly_total as i32);
    am.categories = Set(categories);
    let saved = if id.is_some() {
        am.update(db).await?
    } else {
        am.insert(db).await?
    };
    // Who is short follows the rule: every standing in the cycle is counted again.
    super::stats::credits::cycle_changed(db, saved.id).await?;
    Ok(saved.id)
}
