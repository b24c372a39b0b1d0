//! The opening notice (开班通知) as a PDF for the enrolled teacher to print, once the class's
//! runner has published it.

use crate::domain::enrolment_flow::EnrolmentStatus;
use crate::error::{AppError, AppResult, Broken};
use crate::server::auth::Actor;
use crate::server::documents::notice::{NoticeText, render};
use crate::server::entities::{institution, project, school};
use crate::server::services::beijing;
use crate::server::services::by_id;
use sea_orm::{ConnectionTrait, EntityTrait};

pub async fn pdf(
    db: &impl ConnectionTrait,
    actor: &Actor,
    enrolment_id: i64,
) -> AppResult<(Vec<u8>, String)> {
    let e = by_id::own_enrolment(db, actor.user_id, enrolment_id).await?;
    if e.status != EnrolmentStatus::Enrolled {
        return Err(AppError::from(Broken::NoticeAfterEnrolled));
    }
    let c = by_id::placed_class(db, &e).await?;
    let (Some(body), Some(published)) = (c.notice.clone(), c.notice_published_at) else {
        return Err(AppError::from(Broken::NoticeNotPublished));
    };
    let p = by_id::found::<project::Entity>(db, e.project_id).await?;
    let institution = match c.institution_id.or(p.institution_id) {
        Some(id) => institution::Entity::find_by_id(id)
            .one(db)
            .await?
            .map(|i| i.name),
        None => None,
    }
    .unwrap_or_else(|| p.organiser.clone());
    let school_name = match e.school_id {
        Some(id) => school::Entity::find_by_id(id)
            .one(db)
            .await?
            .map(|s| s.name),
        None => None,
    }
    .unwrap_or_else(|| "自由人".into());
    let bytes = render(&NoticeText {
        teacher_name: actor.name.clone(),
        school_name,
        project_name: p.name.clone(),
        class_name: c.name.clone(),
        starts_on: c.starts_on,
        ends_on: c.ends_on,
        place: c.place.clone(),
        hours: p.hours,
        institution,
        tutor: c.tutor.clone(),
        body,
        published_on: beijing(published).date(),
    })?;
    Ok((bytes, format!("开班通知-{}-{}.pdf", p.name, c.name)))
}
