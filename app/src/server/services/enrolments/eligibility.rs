//! Who may take a project: its audience (`enrolment_rules::open_to`), the make-up and
//! exemption rules, a live enrolment already held, and the hours taken this year.

use crate::domain::exemption::{WHOLE_STAFF_KIND, may_join};
use crate::error::{AppResult, Refusal};
use crate::server::entities::{enrolment, teacher};
use crate::server::services::exemptions;
use crate::server::services::projects::Loaded;
use crate::server::services::projects::audience::open_to_teacher;
use sea_orm::{ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter};

/// Whether the project is for this teacher: its audience, then the make-up and exemption rules
/// of DOMAIN.md §4 (read from the records only for the projects they concern).
pub async fn eligible(
    db: &impl ConnectionTrait,
    l: &Loaded,
    t: &teacher::Model,
) -> AppResult<Result<(), Refusal>> {
    if let Err(m) = open_to_teacher(l, t) {
        return Ok(Err(m.into()));
    }
    if !l.p.makeup && l.p.kind != WHOLE_STAFF_KIND {
        return Ok(Ok(()));
    }
    let c = exemptions::circumstances(db, t, l.p.year).await?;
    Ok(may_join(l.p.makeup, &l.p.kind, &c).map_err(Into::into))
}

/// Whether the teacher has a live enrolment in the project.
pub async fn in_project(
    db: &impl ConnectionTrait,
    teacher_id: i64,
    project_id: i64,
) -> AppResult<bool> {
    Ok(enrolment::Entity::find()
        .filter(enrolment::Column::TeacherId.eq(teacher_id))
        .filter(enrolment::Column::ProjectId.eq(project_id))
        .all(db)
        .await?
        .iter()
        .any(|e| !e.status.is_final()))
}

/// Hours of the teacher's live self-selections in `year` (the 90-hour rule).
pub async fn hours_taken(db: &impl ConnectionTrait, user_id: i64, year: i32) -> AppResult<u32> {
    let rows = enrolment::Entity::find()
        .filter(enrolment::Column::UserId.eq(user_id))
        .filter(enrolment::Column::Year.eq(year))
        .all(db)
        .await?;
    Ok(crate::domain::enrolment_rules::yearly_hours(
        rows.iter().map(|e| (e.status, e.round, e.hours)),
    ))
}
