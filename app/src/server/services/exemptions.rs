//! Exemptions (免修) a bureau records for teachers of its region holding a national or
//! provincial certificate, and what the records say about a teacher for the make-up and
//! exemption rules (`domain::exemption`).

use crate::domain::exemption::{Circumstances, ExemptionDraft, WHOLE_STAFF_KIND, validate};
use crate::domain::id_card::IdNumber;
use crate::domain::region::prefix_of;
use crate::domain::role::Scope;
use crate::dto::exemptions::{ExemptionFilter, ExemptionRow};
use crate::dto::{DEFAULT_PAGE_SIZE, Page};
use crate::error::{AppError, AppResult, Broken};
use crate::server::auth::Actor;
use crate::server::auth::policy::{Permission, Target, ensure};
use crate::server::entities::{enrolment, exemption, project, teacher, user};
use crate::server::services::beijing;
use crate::server::services::by_id;
use crate::server::services::names;
use crate::server::services::search::users_matching;
use chrono::Utc;
use sea_orm::sea_query::Query;
use sea_orm::{
    ActiveModelTrait, ActiveValue::Set, ColumnTrait, Condition, ConnectionTrait, EntityTrait,
    NotSet, PaginatorTrait, QueryFilter, QueryOrder,
};
use std::collections::HashMap;

/// The teacher's circumstances in training year `year`: the kinds of project failed the year
/// before, and the year's exemption.
pub async fn circumstances(
    db: &impl ConnectionTrait,
    t: &teacher::Model,
    year: i32,
) -> AppResult<Circumstances> {
    let failed: Vec<i64> = enrolment::Entity::find()
        .filter(enrolment::Column::UserId.eq(t.user_id))
        .filter(enrolment::Column::Year.eq(year - 1))
        .filter(enrolment::Column::Passed.eq(false))
        .all(db)
        .await?
        .into_iter()
        .map(|e| e.project_id)
        .collect();
    let mut failed_last_year: Vec<String> = project::Entity::find()
        .filter(project::Column::Id.is_in(failed))
        .all(db)
        .await?
        .into_iter()
        .map(|p| p.kind)
        .collect();
    failed_last_year.sort();
    failed_last_year.dedup();
    let exemption = exemption::Entity::find()
        .filter(exemption::Column::TeacherId.eq(t.id))
        .filter(exemption::Column::Year.eq(year))
        .one(db)
        .await?
        .map(|x| (x.level, x.certificate));
    Ok(Circumstances {
        failed_last_year,
        exemption,
    })
}

fn visible(actor: &Actor) -> AppResult<Condition> {
    match &actor.scope {
        Scope::Region(code) if actor.role.is_bureau() => {
            prefix_of(code).ok_or(AppError::Forbidden)?;
            Ok(crate::server::services::org::county_within(
                exemption::Column::CountyCode,
                code,
            ))
        }
        _ => Err(AppError::Forbidden),
    }
}

pub async fn list(
    db: &impl ConnectionTrait,
    actor: &Actor,
    f: &ExemptionFilter,
) -> AppResult<Page<ExemptionRow>> {
    let mut q = exemption::Entity::find().filter(visible(actor)?);
    if let Ok(y) = f.year.trim().parse::<i32>() {
        q = q.filter(exemption::Column::Year.eq(y));
    }
    let kw = f.keyword.trim();
    if !kw.is_empty() {
        let users = users_matching(kw);
        q = q.filter(exemption::Column::UserId.in_subquery(users));
    }
    let paginator = q
        .order_by_desc(exemption::Column::Year)
        .order_by_desc(exemption::Column::Id)
        .paginate(db, DEFAULT_PAGE_SIZE);
    let total = paginator.num_items().await?;
    let page = f.page.max(1);
    let list = paginator.fetch_page(page - 1).await?;
    let users = by_id::users(db, list.iter().map(|x| x.user_id)).await?;
    let teachers: HashMap<i64, Option<i64>> = teacher::Entity::find()
        .filter(teacher::Column::Id.is_in(list.iter().map(|x| x.teacher_id)))
        .all(db)
        .await?
        .into_iter()
        .map(|t| (t.id, t.school_id))
        .collect();
    let schools = names::schools(db, teachers.values().flatten().copied()).await?;
    let items = list
        .into_iter()
        .map(|x| {
            let u = users.get(&x.user_id);
            ExemptionRow {
                id: x.id,
                teacher_name: u.map(|u| u.name.clone()).unwrap_or_default(),
                id_number: u.map(user::Model::masked_id).unwrap_or_default(),
                school_name: teachers
                    .get(&x.teacher_id)
                    .copied()
                    .flatten()
                    .and_then(|s| schools.get(&s).cloned())
                    .unwrap_or_else(|| "自由人".into()),
                year: x.year,
                level: x.level,
                certificate: x.certificate,
                granted_by: x.granted_by_name,
                granted_at: beijing(x.created_at).format("%Y-%m-%d").to_string(),
            }
        })
        .collect();
    Ok(Page {
        items,
        total,
        page,
        page_size: DEFAULT_PAGE_SIZE,
    })
}

/// Records an exemption for the teacher with this ID number, in the actor's region. A teacher
/// already in that year's whole-staff project must leave it first.
pub async fn grant(db: &impl ConnectionTrait, actor: &Actor, d: &ExemptionDraft) -> AppResult<i64> {
    let errs = validate(d);
    if !errs.is_empty() {
        return Err(AppError::Validation(errs));
    }
    let id_number =
        IdNumber::parse(&d.id_number).map_err(|e| AppError::field("id_number", e.message()))?;
    let not_found = || AppError::from(Broken::NoRecordForId);
    let u = user::Entity::find()
        .filter(user::Column::IdNumber.eq(id_number.as_str()))
        .one(db)
        .await?
        .ok_or_else(not_found)?;
    let t = teacher::Entity::find()
        .filter(teacher::Column::UserId.eq(u.id))
        .one(db)
        .await?
        .ok_or_else(not_found)?;
    // A teacher outside the actor's region reads as not found: ids do not reveal records.
    ensure(
        actor,
        Permission::ManageExemptions,
        Target::Region(&t.county_code),
    )
    .map_err(|e| not_found().because(e))?;
    let year: i32 = d
        .year
        .trim()
        .parse()
        .map_err(|e| AppError::from(Broken::ChooseYear).because(e))?;
    let existing = exemption::Entity::find()
        .filter(exemption::Column::TeacherId.eq(t.id))
        .filter(exemption::Column::Year.eq(year))
        .one(db)
        .await?;
    if existing.is_some() {
        return Err(AppError::from(Broken::AlreadyExempt { name: u.name, year }));
    }
    let whole_staff = Query::select()
        .column(project::Column::Id)
        .from(project::Entity)
        .and_where(project::Column::Kind.eq(WHOLE_STAFF_KIND))
        .and_where(project::Column::Makeup.eq(false))
        .and_where(project::Column::Year.eq(year))
        .to_owned();
    let taking = enrolment::Entity::find()
        .filter(enrolment::Column::TeacherId.eq(t.id))
        .filter(enrolment::Column::ProjectId.in_subquery(whole_staff))
        .all(db)
        .await?
        .into_iter()
        .any(|e| !e.status.is_final());
    if taking {
        return Err(AppError::from(Broken::OnWholeStaffList {
            name: u.name,
            year,
        }));
    }
    let x = exemption::ActiveModel {
        id: NotSet,
        teacher_id: Set(t.id),
        user_id: Set(u.id),
        county_code: Set(t.county_code.clone()),
        year: Set(year),
        level: Set(d.level.clone()),
        certificate: Set(d.certificate.trim().to_string()),
        granted_by_user_id: Set(actor.user_id),
        granted_by_name: Set(actor.name.clone()),
        created_at: Set(Utc::now()),
    }
    .insert(db)
    .await?;
    Ok(x.id)
}

/// Withdraws an exemption recorded in the actor's region.
pub async fn revoke(db: &impl ConnectionTrait, actor: &Actor, id: i64) -> AppResult<()> {
    let x = by_id::found::<exemption::Entity>(db, id).await?;
    ensure(
        actor,
        Permission::ManageExemptions,
        Target::Region(&x.county_code),
    )
    .map_err(|e| AppError::NotFound.because(e))?;
    exemption::Entity::delete_by_id(id).exec(db).await?;
    Ok(())
}
