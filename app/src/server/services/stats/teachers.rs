//! Teachers in the figures: 教师统计's composition counters of the in-post teachers per
//! school, and (through `credits`) their credit standings. `teachers.counted` holds what a
//! record last added, encoded by `domain::statistics::TeacherTally`.

use super::{BATCH, Tally, topic};
use crate::domain::statistics::{TeacherTally, yes_no};
use crate::domain::teacher::TeacherStatus;
use crate::error::AppResult;
use crate::server::entities::teacher;
use crate::server::services::by_id;
use chrono::Datelike;
use sea_orm::sea_query::{CaseStatement, Expr};
use sea_orm::{ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter};

/// What an in-post record adds to the composition; None for one not in post.
pub fn tally_of(t: &teacher::Model) -> Option<TeacherTally> {
    (t.status == TeacherStatus::OnDuty).then(|| TeacherTally {
        county: t.county_code.clone(),
        school: t.school_id.unwrap_or(0),
        values: vec![
            t.stage.clone(),
            t.subject.clone(),
            t.title.clone(),
            t.highest_education.clone(),
            t.birth_date.year().to_string(),
            t.gender.clone(),
            t.school_area_type.clone(),
            t.school_category.clone(),
            yes_no(t.special_post).into(),
            yes_no(t.publicly_funded).into(),
        ],
    })
}

fn add(t: &mut Tally, tally: &TeacherTally, d: i64) {
    for k in tally.keys() {
        t.add(topic::TEACHERS, 0, &tally.county, tally.school, &k, d);
    }
}

/// Brings the figures of these teachers up to date: call after any write that adds a record
/// or changes its school, status or a counted field. Their credit standings follow.
pub async fn changed(db: &impl ConnectionTrait, ids: &[i64]) -> AppResult<()> {
    super::unless_paused(recount(db, ids)).await
}

/// `changed`, even with the upkeep paused (the rebuild).
pub(crate) async fn recount(db: &impl ConnectionTrait, ids: &[i64]) -> AppResult<()> {
    let ids = by_id::distinct(ids.iter().copied()).unwrap_or_default();
    for chunk in ids.chunks(BATCH) {
        let rows = teacher::Entity::find()
            .filter(teacher::Column::Id.is_in(chunk.iter().copied()))
            .all(db)
            .await?;
        let mut t = Tally::default();
        let mut updates = Vec::new();
        for r in &rows {
            let new = tally_of(r);
            let encoded = new.as_ref().map(TeacherTally::encode).unwrap_or_default();
            if encoded == r.counted {
                continue;
            }
            if let Some(old) = TeacherTally::decode(&r.counted) {
                add(&mut t, &old, -1);
            }
            if let Some(new) = &new {
                add(&mut t, new, 1);
            }
            updates.push((r.id, encoded));
        }
        t.flush(db).await?;
        if !updates.is_empty() {
            // One statement for the batch: CASE id WHEN … THEN … END.
            let ids: Vec<i64> = updates.iter().map(|(id, _)| *id).collect();
            let case = updates
                .into_iter()
                .fold(CaseStatement::new(), |c, (id, encoded)| {
                    c.case(teacher::Column::Id.eq(id), Expr::value(encoded))
                })
                .finally(Expr::col(teacher::Column::Counted));
            teacher::Entity::update_many()
                .col_expr(teacher::Column::Counted, case.into())
                .filter(teacher::Column::Id.is_in(ids))
                .exec(db)
                .await?;
        }
        super::credits::recount(db, chunk).await?;
    }
    Ok(())
}
