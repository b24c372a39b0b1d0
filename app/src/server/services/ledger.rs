//! The credit ledger as the statistics, the standings and the certificates read it: a cycle's
//! rule and the approved lines of a set of accounts. `credits` writes the ledger; this module
//! reads it and calls nothing else, so both can use it.

use std::collections::HashMap;

use sea_orm::{ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter};

use crate::domain::credit_entry::CreditStatus;
use crate::domain::credits::CycleRule;
use crate::error::AppResult;
use crate::server::entities::{credit_cycle, credit_entry};

/// A cycle row as the domain rule.
pub fn rule_of(c: &credit_cycle::Model) -> CycleRule {
    CycleRule {
        name: c.name.clone(),
        first_year: c.first_year,
        last_year: c.last_year,
        total: c.total.max(0) as u32,
        yearly_total: c.yearly_total.max(0) as u32,
        categories: serde_json::from_str(&c.categories).unwrap_or_default(),
    }
}

/// The ledger lines of these accounts within these years, every status, by the index on
/// (account, year).
pub fn lines_of(
    users: impl IntoIterator<Item = i64>,
    years: std::ops::RangeInclusive<i32>,
) -> sea_orm::Select<credit_entry::Entity> {
    credit_entry::Entity::find()
        .filter(credit_entry::Column::UserId.is_in(users))
        .filter(credit_entry::Column::Year.between(*years.start(), *years.end()))
}

/// The approved ledger lines of these accounts within these years. The status is checked
/// here, not in the query: with `status = 'approved'` in it, a planner without fresh
/// statistics (SQLite before its first ANALYZE, PostgreSQL right after bulk writes) read
/// them through the review queue's index on status, every approved line of the province,
/// for each batch of the statistics' upkeep and each page of 学分预警.
pub async fn approved_lines(
    db: &impl ConnectionTrait,
    users: impl IntoIterator<Item = i64>,
    years: std::ops::RangeInclusive<i32>,
) -> AppResult<Vec<credit_entry::Model>> {
    Ok(lines_of(users, years)
        .all(db)
        .await?
        .into_iter()
        .filter(|e| e.status == CreditStatus::Approved)
        .collect())
}

/// `approved_lines` as each account's (year, category, credits in tenths), what the
/// standings are computed from.
pub async fn earned_by_account(
    db: &impl ConnectionTrait,
    users: impl IntoIterator<Item = i64>,
    years: std::ops::RangeInclusive<i32>,
) -> AppResult<HashMap<i64, Vec<(i32, String, u32)>>> {
    let mut earned: HashMap<i64, Vec<(i32, String, u32)>> = HashMap::new();
    for e in approved_lines(db, users, years).await? {
        earned.entry(e.user_id).or_default().push((
            e.year,
            e.category,
            e.credits_tenths.max(0) as u32,
        ));
    }
    Ok(earned)
}
