//! Reviewing enrolments: the school first, then the institution; lists for reviewers and
//! bureaus; the applicant's record and history for the review drawer; replacement (替换).

use super::{
    claim_seat, class_of, eligible, in_project, insert, lock_class, lock_place, move_to, place_of,
    reread, reread_at,
};
use crate::domain::enrolment_flow::{Actor as By, EnrolmentAction, EnrolmentStatus};
use crate::domain::region::prefix_of;
use crate::domain::role::Role;
use crate::dto::enrolments::{ApplicantView, EnrolmentFilter, EnrolmentRow};
use crate::dto::projects::BatchOutcome;
use crate::dto::{DEFAULT_PAGE_SIZE, MAX_PAGE_SIZE, Page};
use crate::error::{AppError, AppResult, Broken};
use crate::server::auth::Actor;
use crate::server::auth::policy::{EnrolmentRef, Permission, Target, allows, enrolment_side};
use crate::server::entities::{enrolment, project, project_class, teacher, user};
use crate::server::services::beijing;
use crate::server::services::by_id;
use crate::server::services::names;
use crate::server::services::org::county_within;
use crate::server::services::projects::load;
use crate::server::services::search::users_matching;
use crate::server::services::training_years;
use crate::server::services::workflow;
use sea_orm::sea_query::Query;
use sea_orm::{
    ColumnTrait, Condition, ConnectionTrait, EntityTrait, PaginatorTrait, QueryFilter, QueryOrder,
    TransactionSession, TransactionTrait,
};

/// The policy's view of an enrolment: where the teacher was, and who runs the project.
pub async fn policy_ref(
    db: &impl ConnectionTrait,
    e: &enrolment::Model,
) -> AppResult<EnrolmentRef> {
    let p = by_id::found::<project::Entity>(db, e.project_id).await?;
    let class_institution = by_id::class_of(db, e).await?.and_then(|c| c.institution_id);
    Ok(EnrolmentRef {
        user_id: e.user_id,
        school_id: e.school_id,
        county: e.county_code.clone(),
        institution_id: class_institution.or(p.institution_id),
    })
}

/// The enrolments the actor may see, as a condition.
fn visible(actor: &Actor) -> AppResult<Condition> {
    use crate::server::auth::policy::proof::{Unit, unit};
    Ok(match unit(actor)? {
        Unit::School(id) => Condition::all().add(enrolment::Column::SchoolId.eq(id)),
        Unit::Institution(id) => {
            let own = Query::select()
                .column(project::Column::Id)
                .from(project::Entity)
                .and_where(project::Column::InstitutionId.eq(id))
                .to_owned();
            let placed = Query::select()
                .column(project_class::Column::Id)
                .from(project_class::Entity)
                .and_where(project_class::Column::InstitutionId.eq(id))
                .to_owned();
            Condition::any()
                .add(enrolment::Column::ProjectId.in_subquery(own))
                .add(enrolment::Column::ClassId.in_subquery(placed))
        }
        Unit::Bureau(code) => {
            prefix_of(&code).ok_or(AppError::Forbidden)?;
            county_within(enrolment::Column::CountyCode, &code)
        }
    })
}

/// What waits for the actor when no status is asked for.
fn waiting_for(actor: &Actor) -> Option<EnrolmentStatus> {
    match actor.role {
        Role::SchoolAdmin => Some(EnrolmentStatus::Applied),
        Role::Institution => Some(EnrolmentStatus::SchoolApproved),
        _ => None,
    }
}

pub async fn list(
    db: &impl ConnectionTrait,
    actor: &Actor,
    f: &EnrolmentFilter,
) -> AppResult<Page<EnrolmentRow>> {
    let mut q = enrolment::Entity::find().filter(visible(actor)?);
    // No status asked for: what waits for the caller; "all": every status.
    let wanted = match f.status.as_str() {
        "all" => None,
        s => EnrolmentStatus::parse(s).or(waiting_for(actor)),
    };
    if let Some(s) = wanted {
        q = q.filter(enrolment::Column::Status.eq(s));
    }
    if let Some(c) = f.class_id {
        q = q.filter(enrolment::Column::ClassId.eq(c));
    }
    if let Some(p) = f.project_id {
        q = q.filter(enrolment::Column::ProjectId.eq(p));
    }
    let kw = f.keyword.trim();
    if !kw.is_empty() {
        let users = users_matching(kw);
        q = q.filter(enrolment::Column::UserId.in_subquery(users));
    }
    let page_size = match f.page_size {
        0 => DEFAULT_PAGE_SIZE,
        n => n.min(MAX_PAGE_SIZE),
    };
    let paginator = q
        .order_by_asc(enrolment::Column::QueuedAt)
        .order_by_asc(enrolment::Column::Id)
        .paginate(db, page_size);
    let total = paginator.num_items().await?;
    let page = f.page.max(1);
    let items = rows(db, paginator.fetch_page(page - 1).await?).await?;
    Ok(Page {
        items,
        total,
        page,
        page_size,
    })
}

/// List rows with names, in five queries however many rows.
pub async fn rows(
    db: &impl ConnectionTrait,
    list: Vec<enrolment::Model>,
) -> AppResult<Vec<EnrolmentRow>> {
    let ids =
        |f: fn(&enrolment::Model) -> Option<i64>| list.iter().filter_map(f).collect::<Vec<_>>();
    let users = by_id::users(db, ids(|e| Some(e.user_id))).await?;
    let teachers = by_id::teachers(db, ids(|e| Some(e.teacher_id))).await?;
    let schools = names::schools(db, ids(|e| e.school_id)).await?;
    let projects = names::projects(db, ids(|e| Some(e.project_id))).await?;
    let classes = by_id::classes(db, ids(|e| e.class_id)).await?;
    let today = training_years::today();
    Ok(list
        .into_iter()
        .map(|e| {
            let u = users.get(&e.user_id);
            let t = teachers.get(&e.teacher_id);
            let c = e.class_id.and_then(|c| classes.get(&c));
            EnrolmentRow {
                id: e.id,
                teacher_id: e.teacher_id,
                teacher_name: u.map(|u| u.name.clone()).unwrap_or_default(),
                id_number: u.map(user::Model::masked_id).unwrap_or_default(),
                school_name: e
                    .school_id
                    .and_then(|s| schools.get(&s).cloned())
                    .unwrap_or_else(|| "自由人".into()),
                stage: t.map(|t| t.stage.clone()).unwrap_or_default(),
                subject: t.map(|t| t.subject.clone()).unwrap_or_default(),
                project_name: projects.get(&e.project_id).cloned().unwrap_or_default(),
                class_name: c.map_or_else(|| "待分配".into(), |c| c.name.clone()),
                started: c.is_some_and(|c| today >= c.starts_on),
                status: e.status,
                round: e.round,
                applied_at: beijing(e.created_at).format("%Y-%m-%d %H:%M").to_string(),
                reason: e.reason,
            }
        })
        .collect())
}

/// Timeline labels for an enrolment's steps.
pub fn event_label(action: &str, to: &str) -> (String, String) {
    let label = match action {
        "apply" => "提交报名".to_string(),
        "replace_in" => "替换入班".to_string(),
        "nominate" => "县级遴选".to_string(),
        "publish_notice" => "发布开班通知".to_string(),
        a => EnrolmentAction::parse(a)
            .map(|x| x.label().to_string())
            .unwrap_or_else(|| a.to_string()),
    };
    let to = EnrolmentStatus::parse(to).map(|s| s.label()).unwrap_or(to);
    (label, to.to_string())
}

/// The applicant for the review drawer: the record, the enrolment's steps, and every other
/// enrolment of the teacher.
pub async fn applicant(
    db: &impl ConnectionTrait,
    actor: &Actor,
    id: i64,
) -> AppResult<ApplicantView> {
    let e = reread(db, id).await?;
    let r = policy_ref(db, &e).await?;
    if !allows(actor, Permission::ViewEnrolment, &Target::Enrolment(&r)) {
        return Err(AppError::NotFound);
    }
    let t = by_id::found::<teacher::Entity>(db, e.teacher_id).await?;
    let u = by_id::found::<user::Entity>(db, e.user_id).await?;
    let others = enrolment::Entity::find()
        .filter(enrolment::Column::UserId.eq(e.user_id))
        .filter(enrolment::Column::Id.ne(e.id))
        .order_by_desc(enrolment::Column::Id)
        .all(db)
        .await?;
    let row = rows(db, vec![e]).await?.pop().ok_or(AppError::NotFound)?;
    Ok(ApplicantView {
        timeline: workflow::timeline(db, ("enrolment", id), event_label).await?,
        row,
        gender: t.gender,
        title: t.title,
        phone: u
            .phone
            .as_deref()
            .map(crate::domain::mask::mask_phone)
            .unwrap_or_default(),
        history: rows(db, others).await?,
    })
}

/// One review decision by the actor on enrolment `id`.
pub async fn decide<C: ConnectionTrait + TransactionTrait>(
    db: &C,
    actor: &Actor,
    id: i64,
    action: EnrolmentAction,
    reason: &str,
) -> AppResult<EnrolmentStatus> {
    let place = place_of(db, id).await?;
    let txn = db.begin().await?;
    lock_place(&txn, place).await?;
    let e = reread_at(&txn, id, place).await?;
    let r = policy_ref(&txn, &e).await?;
    if !allows(actor, Permission::ViewEnrolment, &Target::Enrolment(&r)) {
        return Err(AppError::NotFound);
    }
    if !crate::server::auth::policy::takes_step(actor, &r) {
        return Err(AppError::Forbidden);
    }
    let by = enrolment_side(actor).ok_or(AppError::Forbidden)?;
    let to = move_to(&txn, actor, &e, action, by, reason).await?;
    txn.commit().await?;
    Ok(to)
}

/// The teacher of enrolment `id`, as a batch's failures name it ("#id" if it is gone).
pub async fn teacher_named(db: &impl ConnectionTrait, id: i64) -> AppResult<String> {
    let who = match reread(db, id).await {
        Ok(e) => rows(db, vec![e]).await?.pop().map(|r| r.teacher_name),
        Err(_) => None,
    };
    Ok(who.unwrap_or_else(|| format!("#{id}")))
}

/// A batch's failure line: the teacher and why — or, for an enrolment outside the caller's
/// scope, the same "#id, not found" as for one that does not exist.
async fn failure(db: &impl ConnectionTrait, id: i64, e: AppError) -> AppResult<(String, String)> {
    Ok(match e {
        AppError::Forbidden | AppError::NotFound => {
            (format!("#{id}"), AppError::NotFound.to_string())
        }
        e => (teacher_named(db, id).await?, e.to_string()),
    })
}

pub async fn decide_many<C: ConnectionTrait + TransactionTrait>(
    db: &C,
    actor: &Actor,
    ids: &[i64],
    action: EnrolmentAction,
    reason: &str,
) -> AppResult<BatchOutcome> {
    let mut out = BatchOutcome::default();
    for &id in ids {
        if let Err(e) = decide(db, actor, id, action, reason).await {
            out.failed.push(failure(db, id, e).await?);
        } else {
            out.done += 1;
        }
    }
    Ok(out)
}

/// 替换: before the class starts, the school puts another of its teachers in an enrolled
/// teacher's seat. The newcomer must be open to the project and not in it already.
pub async fn replace<C: ConnectionTrait + TransactionTrait>(
    db: &C,
    actor: &Actor,
    id: i64,
    newcomer_teacher_id: i64,
) -> AppResult<i64> {
    let class_id = class_of(db, id).await?;
    let txn = db.begin().await?;
    lock_class(&txn, class_id).await?;
    let e = reread(&txn, id).await?;
    let r = policy_ref(&txn, &e).await?;
    if !allows(actor, Permission::ViewEnrolment, &Target::Enrolment(&r)) {
        return Err(AppError::NotFound);
    }
    let school = crate::server::auth::policy::proof::kept_school(actor)?;
    if e.school_id != Some(school.id()) {
        return Err(AppError::Forbidden);
    }
    let class = by_id::found::<project_class::Entity>(&txn, class_id).await?;
    if training_years::today() >= class.starts_on {
        return Err(AppError::from(Broken::ClassStarted));
    }
    let t = teacher::Entity::find_by_id(newcomer_teacher_id)
        .one(&txn)
        .await?
        .filter(|t| t.school_id == Some(school.id()))
        .ok_or(AppError::from(Broken::ReplacementNotOwnSchool))?;
    let l = load(&txn, e.project_id).await?;
    let p = &l.p;
    eligible(&txn, &l, &t)
        .await?
        .map_err(|m| AppError::field("teacher_id", m.to_string()))?;
    let in_project = in_project(&txn, t.id, p.id).await?;
    if in_project {
        return Err(AppError::from(Broken::ReplacementAlreadyIn));
    }
    // The newcomer takes the seat first, so the seat the leaver frees is not given away.
    claim_seat(&txn, class_id, false).await?;
    let newcomer = insert(
        &txn,
        actor,
        &t,
        p,
        Some(class_id),
        (e.round, EnrolmentStatus::Enrolled, "replace_in"),
    )
    .await?;
    move_to(&txn, actor, &e, EnrolmentAction::Replace, By::School, "").await?;
    txn.commit().await?;
    Ok(newcomer.id)
}
