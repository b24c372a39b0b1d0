//! Teacher records: the scoped list, one record with its history, edits, additions, moves.

pub mod bulk;
pub mod history;
pub mod import;
pub mod import_job;
pub mod import_write;
pub mod list;
pub mod moves;
pub mod record;
pub mod sheet;

use crate::domain::teacher::TeacherFields;
use crate::domain::transfer::Place;
use crate::error::{AppError, AppResult};
use crate::server::auth::Actor;
use crate::server::auth::policy::{Permission, Target, ensure};
use crate::server::entities::{teacher, user};
use sea_orm::{ConnectionTrait, EntityTrait};

/// The records with their accounts of these ID numbers (the ones found), by ID number, in two
/// queries: what a sheet that lists teachers by ID number is checked against.
pub async fn by_id_numbers(
    db: &impl ConnectionTrait,
    ids: impl IntoIterator<Item = String>,
) -> AppResult<std::collections::HashMap<String, Located>> {
    use sea_orm::{ColumnTrait, QueryFilter};
    let users: Vec<user::Model> = user::Entity::find()
        .filter(user::Column::IdNumber.is_in(ids))
        .all(db)
        .await?;
    let mut records: std::collections::HashMap<i64, teacher::Model> = teacher::Entity::find()
        .filter(teacher::Column::UserId.is_in(users.iter().map(|u| u.id)))
        .all(db)
        .await?
        .into_iter()
        .map(|t| (t.user_id, t))
        .collect();
    Ok(users
        .into_iter()
        .filter_map(|u| {
            let teacher = records.remove(&u.id)?;
            Some((u.id_number.clone()?, Located { teacher, user: u }))
        })
        .collect())
}

/// A record with its account: what every teacher service starts from.
#[derive(Debug, Clone)]
pub struct Located {
    pub teacher: teacher::Model,
    pub user: user::Model,
}

impl Located {
    pub fn place(&self) -> Place<'_> {
        Place {
            school_id: self.teacher.school_id,
            county: &self.teacher.county_code,
        }
    }

    /// The record as the form carries it (the ID number whole).
    pub fn fields(&self) -> TeacherFields {
        let t = &self.teacher;
        let u = &self.user;
        TeacherFields {
            name: u.name.clone(),
            id_number: u.id_number.clone().unwrap_or_default(),
            qualification_number: t.qualification_number.clone().unwrap_or_default(),
            ethnicity: t.ethnicity.clone(),
            political_status: t.political_status.clone(),
            stage: t.stage.clone(),
            subject: t.subject.clone(),
            initial_education: t.initial_education.clone(),
            highest_education: t.highest_education.clone(),
            title: t.title.clone(),
            post: t.post.clone(),
            hire_date: t
                .hire_date
                .map(|d| d.format("%Y-%m-%d").to_string())
                .unwrap_or_default(),
            publicly_funded: t.publicly_funded,
            special_post: t.special_post,
            phone: u.phone.clone().unwrap_or_default(),
            email: u.email.clone().unwrap_or_default(),
        }
    }
}

pub async fn load(db: &impl ConnectionTrait, teacher_id: i64) -> AppResult<Located> {
    let (teacher, user) = teacher::Entity::find_by_id(teacher_id)
        .find_also_related(user::Entity)
        .one(db)
        .await?
        .ok_or(AppError::NotFound)?;
    Ok(Located {
        teacher,
        user: user.ok_or(AppError::NotFound)?,
    })
}

/// Loads a record the actor keeps; anything else is NotFound or Forbidden.
pub async fn load_managed(
    db: &impl ConnectionTrait,
    actor: &Actor,
    teacher_id: i64,
) -> AppResult<Located> {
    let rec = load(db, teacher_id).await?;
    ensure(
        actor,
        Permission::ManageTeachers,
        Target::Record(rec.place()),
    )?;
    Ok(rec)
}

/// "2026-11-25 09:30", Beijing time.
pub fn beijing_minute(t: chrono::DateTime<chrono::Utc>) -> String {
    super::beijing(t).format("%Y-%m-%d %H:%M").to_string()
}

/// Whether the actor may reset or disable this teacher's account: it keeps the record, and the
/// account holds no role outside the actor's reach (a school admin touches plain teachers
/// only; a bureau, accounts wholly inside its region). Never one's own account.
pub async fn ensure_account_managed(
    db: &impl ConnectionTrait,
    actor: &Actor,
    rec: &Located,
) -> AppResult<()> {
    use crate::domain::role::Role;
    use crate::server::services::users::{locations, may_manage};
    ensure(
        actor,
        Permission::ManageTeachers,
        Target::Record(rec.place()),
    )?;
    let places = locations(db, rec.user.id).await?;
    let ok = rec.user.id != actor.user_id
        && match actor.role {
            Role::SchoolAdmin => places.places.len() == 1,
            _ => may_manage(&actor.scope, actor.role, &places),
        };
    if ok { Ok(()) } else { Err(AppError::Forbidden) }
}
