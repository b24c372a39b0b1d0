//! What a page of figures is of: the actor's unit, the training year, and the moment they
//! stand as of. The 工作台 and 统计分析 both start from here.

use super::ledger::rule_of;
use super::stats::read::StatUnit;
use super::training_years;
use crate::domain::role::Role;
use crate::domain::shortfall::reference_year;
use crate::error::{AppError, AppResult};
use crate::server::auth::Actor;
use crate::server::auth::policy::proof::{Keeps, list_scope};
use crate::server::entities::credit_cycle;
use crate::server::entities::role_assignment;
use chrono::Datelike;
use sea_orm::{ConnectionTrait, EntityTrait, QueryOrder};

/// "数据截至 …": the figures are kept live, so they stand as of now.
pub fn as_of() -> String {
    format!(
        "数据截至 {}",
        super::beijing(chrono::Utc::now()).format("%Y-%m-%d %H:%M")
    )
}

/// The training year the figures are for: the current one, or this calendar year.
pub async fn this_year(db: &impl ConnectionTrait) -> AppResult<i32> {
    Ok(match training_years::current(db).await? {
        Some(y) => y.year,
        None => training_years::today().year(),
    })
}

/// The unit of the actor's figures: its region or school (institutions have none).
pub fn stat_unit(actor: &Actor) -> AppResult<Option<StatUnit>> {
    if actor.role == Role::Institution {
        return Ok(None);
    }
    Ok(Some(match list_scope(actor)?.keeps() {
        Keeps::Region(code) => StatUnit::Region(code.clone()),
        Keeps::School(id) => StatUnit::School(*id),
    }))
}

/// The name of the actor's unit ("长安区", the school's, the institution's).
pub async fn scope_name(db: &impl ConnectionTrait, actor: &Actor) -> AppResult<String> {
    let ra = role_assignment::Entity::find_by_id(actor.assignment_id)
        .one(db)
        .await?
        .ok_or(AppError::Forbidden)?;
    Ok(super::accounts::scope_names(db, std::slice::from_ref(&ra))
        .await?
        .remove(&ra.id)
        .unwrap_or_default())
}

/// The cycle of this year: (id, the year its standings are read at, its first year).
pub async fn current_cycle(db: &impl ConnectionTrait) -> AppResult<Option<(i64, i32, i32)>> {
    let this_year = training_years::today().year();
    let cycles = credit_cycle::Entity::find()
        .order_by_desc(credit_cycle::Column::FirstYear)
        .all(db)
        .await?;
    Ok(cycles
        .iter()
        .find(|c| rule_of(c).contains(this_year))
        .or(cycles.first())
        .map(|c| {
            let rule = rule_of(c);
            (c.id, reference_year(&rule, this_year), rule.first_year)
        }))
}
