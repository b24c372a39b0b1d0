//! 课程安排: whoever runs a class sets its timetable (the whole of it, in one save); the class's
//! enrolled teachers see it on their card.

use crate::domain::timetable::{Lesson, check, tidy};
use crate::error::{AppError, AppResult};
use crate::server::auth::policy::proof::Graded;
use crate::server::entities::class_lesson;
use sea_orm::{
    ActiveValue::Set, ColumnTrait, ConnectionTrait, EntityTrait, NotSet, QueryFilter, QueryOrder,
    TransactionSession, TransactionTrait,
};
use std::collections::HashMap;

fn view(l: class_lesson::Model) -> Lesson {
    Lesson {
        on_date: l.on_date.to_string(),
        starts_at: l.starts_at,
        ends_at: l.ends_at,
        place: l.place,
        topic: l.topic,
        lecturer: l.lecturer,
    }
}

/// The lessons of some classes, in the order of the day, by class.
pub async fn of_classes(
    db: &impl ConnectionTrait,
    class_ids: impl IntoIterator<Item = i64>,
) -> AppResult<HashMap<i64, Vec<Lesson>>> {
    let mut out: HashMap<i64, Vec<Lesson>> = HashMap::new();
    for l in class_lesson::Entity::find()
        .filter(class_lesson::Column::ClassId.is_in(class_ids))
        .order_by_asc(class_lesson::Column::OnDate)
        .order_by_asc(class_lesson::Column::StartsAt)
        .order_by_asc(class_lesson::Column::Id)
        .all(db)
        .await?
    {
        out.entry(l.class_id).or_default().push(view(l));
    }
    Ok(out)
}

pub async fn of_class(db: &impl ConnectionTrait, g: &Graded) -> AppResult<Vec<Lesson>> {
    Ok(of_classes(db, [g.c().id])
        .await?
        .remove(&g.c().id)
        .unwrap_or_default())
}

/// Replaces the class's timetable with `lessons`; nothing is saved if any lesson is wrong.
pub async fn save<C: ConnectionTrait + TransactionTrait>(
    db: &C,
    g: &Graded,
    lessons: &[Lesson],
) -> AppResult<Vec<Lesson>> {
    let c = g.c();
    let errs = check(lessons, c.starts_on, c.ends_on);
    if !errs.is_empty() {
        return Err(AppError::Validation(errs));
    }
    let lessons = tidy(lessons);
    let txn = db.begin().await?;
    class_lesson::Entity::delete_many()
        .filter(class_lesson::Column::ClassId.eq(c.id))
        .exec(&txn)
        .await?;
    let rows: Vec<class_lesson::ActiveModel> = lessons
        .iter()
        .filter_map(|l| {
            Some(class_lesson::ActiveModel {
                id: NotSet,
                class_id: Set(c.id),
                on_date: Set(l.on_date.parse().ok()?),
                starts_at: Set(l.starts_at.clone()),
                ends_at: Set(l.ends_at.clone()),
                place: Set(l.place.clone()),
                topic: Set(l.topic.clone()),
                lecturer: Set(l.lecturer.clone()),
            })
        })
        .collect();
    if !rows.is_empty() {
        class_lesson::Entity::insert_many(rows)
            .exec_without_returning(&txn)
            .await?;
    }
    txn.commit().await?;
    Ok(lessons)
}
