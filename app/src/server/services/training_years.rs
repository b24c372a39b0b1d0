//! Training years and their enrolment windows (province admin).

use super::beijing;
use crate::domain::training_year::{Windows, YearDraft, parse};
use crate::dto::projects::YearView;
use crate::error::{AppError, AppResult};
use crate::server::entities::training_year;
use chrono::{NaiveDate, Utc};
use sea_orm::sea_query::Expr;
use sea_orm::{
    ActiveModelTrait, ActiveValue::Set, ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter,
    QueryOrder,
};

/// Today in Beijing: enrolment windows are calendar days there.
pub fn today() -> NaiveDate {
    beijing(Utc::now()).date()
}

fn windows_of(m: &training_year::Model) -> Windows {
    Windows {
        round1: (m.round1_opens, m.round1_closes),
        round2: m.round2_opens.zip(m.round2_closes),
    }
}

fn view(m: training_year::Model, day: NaiveDate) -> YearView {
    let w = windows_of(&m);
    let range = |(a, b): (NaiveDate, NaiveDate)| format!("{a} 至 {b}");
    YearView {
        year: m.year,
        round1: range(w.round1),
        round2: w.round2.map(range).unwrap_or_else(|| "未设置".into()),
        current: m.current,
        open_now: w.round_on(day),
        draft: YearDraft {
            year: m.year.to_string(),
            round1_opens: m.round1_opens.to_string(),
            round1_closes: m.round1_closes.to_string(),
            round2_opens: m.round2_opens.map(|d| d.to_string()).unwrap_or_default(),
            round2_closes: m.round2_closes.map(|d| d.to_string()).unwrap_or_default(),
            current: m.current,
        },
    }
}

/// Every year, newest first.
pub async fn list(db: &impl ConnectionTrait) -> AppResult<Vec<YearView>> {
    let day = today();
    Ok(training_year::Entity::find()
        .order_by_desc(training_year::Column::Year)
        .all(db)
        .await?
        .into_iter()
        .map(|m| view(m, day))
        .collect())
}

/// The year marked current, if any.
pub async fn current(db: &impl ConnectionTrait) -> AppResult<Option<training_year::Model>> {
    Ok(training_year::Entity::find()
        .filter(training_year::Column::Current.eq(true))
        .one(db)
        .await?)
}

pub async fn windows(db: &impl ConnectionTrait, year: i32) -> AppResult<Option<Windows>> {
    Ok(training_year::Entity::find_by_id(year)
        .one(db)
        .await?
        .map(|m| windows_of(&m)))
}

/// Creates or replaces a year. Marking it current unmarks the others.
pub async fn save(db: &impl ConnectionTrait, d: &YearDraft) -> AppResult<i32> {
    let (year, w) = parse(d).map_err(AppError::Validation)?;
    if d.current {
        training_year::Entity::update_many()
            .col_expr(training_year::Column::Current, Expr::value(false))
            .filter(training_year::Column::Year.ne(year))
            .exec(db)
            .await?;
    }
    let am = training_year::ActiveModel {
        year: Set(year),
        round1_opens: Set(w.round1.0),
        round1_closes: Set(w.round1.1),
        round2_opens: Set(w.round2.map(|r| r.0)),
        round2_closes: Set(w.round2.map(|r| r.1)),
        current: Set(d.current),
        updated_at: Set(Utc::now()),
    };
    if training_year::Entity::find_by_id(year)
        .one(db)
        .await?
        .is_some()
    {
        am.update(db).await?;
    } else {
        am.insert(db).await?;
    }
    Ok(year)
}
