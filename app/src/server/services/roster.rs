//! Who is in a class: the leaf that check-in, evaluations, leaves, grading and certificates
//! all read, so none of them needs another to know its roster.

use crate::domain::enrolment_flow::EnrolmentStatus;
use crate::error::AppResult;
use crate::server::entities::enrolment;
use sea_orm::{ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, QueryOrder};

/// The enrolled teachers of a class, in enrolment order.
pub async fn enrolled(
    db: &impl ConnectionTrait,
    class_id: i64,
) -> AppResult<Vec<enrolment::Model>> {
    Ok(enrolment::Entity::find()
        .filter(enrolment::Column::ClassId.eq(class_id))
        .filter(enrolment::Column::Status.eq(EnrolmentStatus::Enrolled))
        .order_by_asc(enrolment::Column::Id)
        .all(db)
        .await?)
}
