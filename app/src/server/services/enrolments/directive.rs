//! The directive chain (指令性项目, Hebei): the bureau that made the project gives each county a
//! quota; the county picks its participants (by search or from an Excel list) and submits them;
//! the city passes them on or returns some; the province places them in classes run by
//! institutions; the institution confirms them and publishes the opening notice. The steps that
//! only change a status (submit, pass, return, remove, confirm) are `review::decide`.

use super::{Placement, place_of, reread_at, status_of};
use super::{UNASSIGNED, claim_seat, eligible, in_project, insert, lock_class, move_placed};
use crate::domain::directive::{
    differs_from_record, fits_quota, list_positions, read_listed, repeated_ids,
};
use crate::domain::enrolment_flow::{
    Actor as By, EnrolmentAction, EnrolmentStatus, directive_step,
};
use crate::domain::mask::mask_id_number;
use crate::domain::project::FillMode;
use crate::domain::project_flow::ProjectStatus;
use crate::domain::project_flow::Side;
use crate::domain::region::covers;
use crate::domain::role::{Role, Scope};
use crate::dto::DEFAULT_PAGE_SIZE;
use crate::dto::directive::{
    Candidate, DirectiveChoice, DirectiveQuery, DirectiveView, ListImport, ListRowIssue,
    PlacementClass, QuotaRow,
};
use crate::dto::enrolments::EnrolmentFilter;
use crate::dto::projects::BatchOutcome;
use crate::error::{AppError, AppResult};
use crate::server::auth::Actor;
use crate::server::auth::policy::{Permission, Target, allows, enrolment_side, project_sides};
use crate::server::entities::{
    enrolment, institution, project, project_class, project_quota, school, teacher, user,
};
use crate::server::services::projects::{Loaded, flow, load, load_visible};
use crate::server::services::search::users_matching;
use crate::server::services::{beijing, notifications, org, spreadsheet, workflow};
use chrono::Utc;
use sea_orm::sea_query::{Expr, Query};
use sea_orm::{
    ActiveModelTrait, ActiveValue::Set, ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter,
    QueryOrder, QuerySelect, TransactionSession, TransactionTrait,
};
use std::collections::HashMap;

/// How many candidates a search returns: the admin narrows by name.
const CANDIDATE_LIMIT: u64 = 30;

fn is_directive(l: &Loaded) -> bool {
    l.p.fill_mode == FillMode::Directive.as_str() && l.status() == ProjectStatus::Approved
}

/// The approved directive project `id`, if the actor may see it.
async fn visible_directive(db: &impl ConnectionTrait, actor: &Actor, id: i64) -> AppResult<Loaded> {
    let l = load_visible(db, actor, id).await?;
    if !is_directive(&l) {
        return Err(AppError::NotFound);
    }
    Ok(l)
}

/// The county a county admin acts for.
fn own_county(actor: &Actor) -> AppResult<&str> {
    match (&actor.scope, actor.role) {
        (Scope::Region(code), Role::CountyAdmin) => Ok(code),
        _ => Err(AppError::Forbidden),
    }
}

/// The approved directive projects the actor takes part in, newest first.
async fn projects(db: &impl ConnectionTrait, actor: &Actor) -> AppResult<Vec<DirectiveChoice>> {
    let list = project::Entity::find()
        .filter(project::Column::FillMode.eq(FillMode::Directive.as_str()))
        .filter(project::Column::Status.eq(ProjectStatus::Approved.as_str()))
        .order_by_desc(project::Column::Year)
        .order_by_desc(project::Column::Id)
        .all(db)
        .await?;
    let mut out = Vec::new();
    for p in list {
        let id = p.id;
        if visible_directive(db, actor, id).await.is_ok() {
            out.push(DirectiveChoice {
                id,
                name: p.name,
                year: p.year,
            });
        }
    }
    Ok(out)
}

/// Live participants per county: (used, still with the county, enrolled).
async fn county_counts(
    db: &impl ConnectionTrait,
    project_id: i64,
) -> AppResult<HashMap<String, (u32, u32, u32)>> {
    let mut out: HashMap<String, (u32, u32, u32)> = HashMap::new();
    let rows = enrolment::Entity::find()
        .filter(enrolment::Column::ProjectId.eq(project_id))
        .all(db)
        .await?;
    for e in rows {
        let s = status_of(&e);
        if !s.counts_for_quota() {
            continue;
        }
        let c = out.entry(e.county_code.clone()).or_default();
        c.0 += 1;
        c.1 += u32::from(s == EnrolmentStatus::Nominated);
        c.2 += u32::from(s == EnrolmentStatus::Enrolled);
    }
    Ok(out)
}

/// The counties the project is aimed at that the actor oversees (all of them for the bureau
/// that made it).
async fn counties_in_view(
    db: &impl ConnectionTrait,
    actor: &Actor,
    l: &Loaded,
) -> AppResult<Vec<String>> {
    let mut counties = Vec::new();
    for t in &l.targets {
        counties.extend(
            org::counties_under(db, t)
                .await?
                .into_iter()
                .map(|r| r.code),
        );
    }
    counties.sort();
    counties.dedup();
    let sets_quotas = project_sides(actor, &l.policy_ref()).contains(&Side::Declarer);
    Ok(match &actor.scope {
        Scope::Region(code) if !sets_quotas => {
            counties.into_iter().filter(|c| covers(code, c)).collect()
        }
        Scope::Region(_) => counties,
        _ => Vec::new(),
    })
}

/// The page for the asked project (by default the newest), with the participants the filter
/// asks for (by default those waiting for the caller's step); `None` when the caller takes part
/// in no directive project.
pub async fn overview(
    db: &impl ConnectionTrait,
    actor: &Actor,
    q: &DirectiveQuery,
) -> AppResult<Option<DirectiveView>> {
    let choices = projects(db, actor).await?;
    let Some(project_id) = q.project_id.or(choices.first().map(|c| c.id)) else {
        return Ok(None);
    };
    let l = visible_directive(db, actor, project_id).await?;
    let waiting = enrolment_side(actor)
        .and_then(directive_step)
        .map(|s| s.0.as_str().to_string())
        .unwrap_or_default();
    let participants = super::review::list(
        db,
        actor,
        &EnrolmentFilter {
            status: if q.status.is_empty() {
                waiting
            } else {
                q.status.clone()
            },
            project_id: Some(project_id),
            page: q.page.max(1),
            page_size: DEFAULT_PAGE_SIZE,
            ..Default::default()
        },
    )
    .await?;
    let sets_quotas = project_sides(actor, &l.policy_ref()).contains(&Side::Declarer);
    let counties = counties_in_view(db, actor, &l).await?;
    let quotas: HashMap<String, i32> = project_quota::Entity::find()
        .filter(project_quota::Column::ProjectId.eq(project_id))
        .all(db)
        .await?
        .into_iter()
        .map(|q| (q.county_code, q.quota))
        .collect();
    let counts = county_counts(db, project_id).await?;
    let labels = org::county_labels(db, &counties).await?;
    let quota_rows = counties
        .iter()
        // The bureaus below the maker see only the counties given a quota.
        .filter(|c| sets_quotas || quotas.contains_key(*c))
        .map(|c| {
            let (used, with_county, enrolled) = counts.get(c).copied().unwrap_or_default();
            QuotaRow {
                county_code: c.clone(),
                county_name: labels.get(c).cloned().unwrap_or_default(),
                quota: quotas.get(c).copied().unwrap_or(0).max(0) as u32,
                used,
                with_county,
                enrolled,
            }
        })
        .collect();
    let classes = project_class::Entity::find()
        .filter(project_class::Column::ProjectId.eq(project_id))
        .order_by_asc(project_class::Column::Seq)
        .all(db)
        .await?;
    let institutions: HashMap<i64, String> = institution::Entity::find()
        .filter(institution::Column::Disabled.eq(false))
        .order_by_asc(institution::Column::Id)
        .all(db)
        .await?
        .into_iter()
        .map(|i| (i.id, i.name))
        .collect();
    let own_institution = match actor.scope {
        Scope::Institution(id) => Some(id),
        _ => None,
    };
    let classes = classes
        .into_iter()
        .filter_map(|c| {
            let runner = c.institution_id.or(l.p.institution_id);
            // An institution sees the classes it runs.
            if own_institution.is_some() && runner != own_institution {
                return None;
            }
            Some(PlacementClass {
                id: c.id,
                name: c.name,
                dates: format!("{} 至 {}", c.starts_on, c.ends_on),
                place: c.place,
                seats: c.capacity + c.extra_capacity,
                taken: c.taken,
                institution: runner.map(|i| (i, institutions.get(&i).cloned().unwrap_or_default())),
                notice_published_at: c
                    .notice_published_at
                    .map(|t| beijing(t).format("%Y-%m-%d %H:%M").to_string()),
                notice: c.notice,
            })
        })
        .collect();
    let mut institutions: Vec<(i64, String)> = if actor.role == Role::ProvinceAdmin {
        institutions.into_iter().collect()
    } else {
        Vec::new()
    };
    institutions.sort();
    Ok(Some(DirectiveView {
        choices,
        participants,
        id: l.p.id,
        name: l.p.name,
        year: l.p.year,
        level: l.p.level,
        hours: l.p.hours,
        quotas: quota_rows,
        sets_quotas,
        classes,
        institutions,
    }))
}

/// The bureau that made the project sets each county's quota. A quota may not drop below what
/// the county already picked.
pub async fn set_quotas<C: ConnectionTrait + TransactionTrait>(
    db: &C,
    actor: &Actor,
    project_id: i64,
    quotas: &[(String, u32)],
) -> AppResult<()> {
    let txn = db.begin().await?;
    flow::lock(&txn, project_id).await?;
    let l = visible_directive(&txn, actor, project_id).await?;
    if !project_sides(actor, &l.policy_ref()).contains(&Side::Declarer) {
        return Err(AppError::Forbidden);
    }
    let counties = counties_in_view(&txn, actor, &l).await?;
    let counts = county_counts(&txn, project_id).await?;
    let labels = org::county_labels(&txn, &counties).await?;
    for (county, quota) in quotas {
        if !counties.contains(county) {
            return Err(AppError::field(
                &format!("quota.{county}"),
                "该县（区）不在项目的培训对象范围内",
            ));
        }
        let used = counts.get(county).map_or(0, |c| c.0);
        if *quota < used {
            return Err(AppError::field(
                &format!("quota.{county}"),
                format!(
                    "{}已选 {used} 人，名额不能少于 {used}",
                    labels.get(county).cloned().unwrap_or_default()
                ),
            ));
        }
        project_quota::Entity::delete_many()
            .filter(project_quota::Column::ProjectId.eq(project_id))
            .filter(project_quota::Column::CountyCode.eq(county.clone()))
            .exec(&txn)
            .await?;
        if *quota > 0 {
            project_quota::ActiveModel {
                project_id: Set(project_id),
                county_code: Set(county.clone()),
                quota: Set(i32::try_from(*quota).unwrap_or(i32::MAX)),
            }
            .insert(&txn)
            .await?;
        }
    }
    txn.commit().await?;
    Ok(())
}

/// Teachers of the admin's county the project is for and who are not in it yet, by name or the
/// last digits of the ID number.
pub async fn candidates(
    db: &impl ConnectionTrait,
    actor: &Actor,
    project_id: i64,
    keyword: &str,
) -> AppResult<Vec<Candidate>> {
    let county = own_county(actor)?;
    let l = visible_directive(db, actor, project_id).await?;
    let in_it = Query::select()
        .column(enrolment::Column::TeacherId)
        .from(enrolment::Entity)
        .and_where(enrolment::Column::ProjectId.eq(project_id))
        .and_where(
            enrolment::Column::Status.is_not_in(
                EnrolmentStatus::ALL
                    .iter()
                    .filter(|s| s.is_final())
                    .map(|s| s.as_str()),
            ),
        )
        .to_owned();
    let mut q = teacher::Entity::find()
        .filter(teacher::Column::CountyCode.eq(county))
        .filter(teacher::Column::Status.eq("在岗"))
        .filter(teacher::Column::Id.not_in_subquery(in_it));
    let kw = keyword.trim();
    if !kw.is_empty() {
        let users = users_matching(kw);
        q = q.filter(teacher::Column::UserId.in_subquery(users));
    }
    // Read a few pages' worth: the audience, make-up and exemption rules are checked here,
    // not in SQL.
    let mut found: Vec<teacher::Model> = Vec::new();
    for t in q
        .order_by_asc(teacher::Column::Id)
        .limit(CANDIDATE_LIMIT * 5)
        .all(db)
        .await?
    {
        if found.len() == CANDIDATE_LIMIT as usize {
            break;
        }
        if eligible(db, &l, &t).await?.is_ok() {
            found.push(t);
        }
    }
    let users: HashMap<i64, user::Model> = user::Entity::find()
        .filter(user::Column::Id.is_in(found.iter().map(|t| t.user_id)))
        .all(db)
        .await?
        .into_iter()
        .map(|u| (u.id, u))
        .collect();
    let schools: HashMap<i64, String> = school::Entity::find()
        .filter(school::Column::Id.is_in(found.iter().filter_map(|t| t.school_id)))
        .all(db)
        .await?
        .into_iter()
        .map(|s| (s.id, s.name))
        .collect();
    Ok(found
        .into_iter()
        .map(|t| {
            let u = users.get(&t.user_id);
            Candidate {
                teacher_id: t.id,
                name: u.map(|u| u.name.clone()).unwrap_or_default(),
                id_number: u
                    .and_then(|u| u.id_number.as_deref())
                    .map(mask_id_number)
                    .unwrap_or_default(),
                school_name: t
                    .school_id
                    .and_then(|s| schools.get(&s).cloned())
                    .unwrap_or_else(|| "自由人".into()),
                stage: t.stage,
                subject: t.subject,
            }
        })
        .collect())
}

/// The county's quota and how many it has used, under the project lock.
async fn quota_of(
    db: &impl ConnectionTrait,
    project_id: i64,
    county: &str,
) -> AppResult<(u32, u32)> {
    let quota = project_quota::Entity::find()
        .filter(project_quota::Column::ProjectId.eq(project_id))
        .filter(project_quota::Column::CountyCode.eq(county))
        .one(db)
        .await?
        .map_or(0, |q| q.quota.max(0) as u32);
    let used = county_counts(db, project_id)
        .await?
        .get(county)
        .map_or(0, |c| c.0);
    Ok((quota, used))
}

/// Why teacher `t` cannot be picked for the project by this county, if they cannot.
async fn unpickable(
    db: &impl ConnectionTrait,
    l: &Loaded,
    county: &str,
    t: &teacher::Model,
) -> AppResult<Option<String>> {
    if t.county_code != county {
        return Ok(Some("该教师不在本县（区）的教师档案中".into()));
    }
    if t.status != "在岗" {
        return Ok(Some(format!("该教师当前状态为“{}”，不能参训", t.status)));
    }
    if let Err(m) = eligible(db, l, t).await? {
        return Ok(Some(m));
    }
    if in_project(db, t.id, l.p.id).await? {
        return Ok(Some("该教师已在本项目名单中".into()));
    }
    Ok(None)
}

/// Adds teachers, already checked, to the county's list.
async fn add_all(
    db: &impl ConnectionTrait,
    actor: &Actor,
    l: &Loaded,
    teachers: &[teacher::Model],
) -> AppResult<()> {
    for t in teachers {
        insert(
            db,
            actor,
            t,
            &l.p,
            UNASSIGNED,
            (0, EnrolmentStatus::Nominated, "nominate"),
        )
        .await?;
    }
    Ok(())
}

/// The county picks teachers. All or none: every one must be pickable and all must fit the
/// quota.
pub async fn nominate<C: ConnectionTrait + TransactionTrait>(
    db: &C,
    actor: &Actor,
    project_id: i64,
    teacher_ids: &[i64],
) -> AppResult<u32> {
    let county = own_county(actor)?;
    let txn = db.begin().await?;
    flow::lock(&txn, project_id).await?;
    let l = visible_directive(&txn, actor, project_id).await?;
    let teachers = teacher::Entity::find()
        .filter(teacher::Column::Id.is_in(teacher_ids.to_vec()))
        .all(&txn)
        .await?;
    if teachers.len() != teacher_ids.len() || teachers.is_empty() {
        return Err(AppError::BadRequest("请选择本县（区）的教师".into()));
    }
    for t in &teachers {
        if let Some(why) = unpickable(&txn, &l, county, t).await? {
            let name = user::Entity::find_by_id(t.user_id)
                .one(&txn)
                .await?
                .map(|u| u.name)
                .unwrap_or_default();
            return Err(AppError::Conflict(format!("{name}：{why}")));
        }
    }
    let (quota, used) = quota_of(&txn, project_id, county).await?;
    fits_quota(quota, used, teachers.len() as u32).map_err(AppError::Conflict)?;
    add_all(&txn, actor, &l, &teachers).await?;
    txn.commit().await?;
    Ok(teachers.len() as u32)
}

/// The county imports its list (姓名, 身份证号, 任教学段, 任教学科). Rows that do not match a
/// pickable teacher of the county are reported, each with its reasons; the rest are added if
/// they fit the quota together, otherwise none is.
pub async fn import_list<C: ConnectionTrait + TransactionTrait>(
    db: &C,
    actor: &Actor,
    project_id: i64,
    bytes: &[u8],
) -> AppResult<ListImport> {
    let county = own_county(actor)?;
    let rows = spreadsheet::read_rows(bytes)?;
    let (header, body) = rows
        .split_first()
        .ok_or_else(|| AppError::BadRequest("文件是空的".into()))?;
    let at = list_positions(header).map_err(AppError::BadRequest)?;
    let txn = db.begin().await?;
    flow::lock(&txn, project_id).await?;
    let l = visible_directive(&txn, actor, project_id).await?;
    let mut out = ListImport::default();
    let mut listed = Vec::new();
    for (i, row) in body.iter().enumerate() {
        if row.iter().all(|c| c.trim().is_empty()) {
            continue;
        }
        out.rows += 1;
        let line = i as u32 + 2;
        let name = row.get(at[0]).cloned().unwrap_or_default();
        match read_listed(row, &at) {
            Ok(x) => listed.push((line, x)),
            Err(issues) => out.rejected.push(ListRowIssue { line, name, issues }),
        }
    }
    let ids: Vec<(u32, &str)> = listed
        .iter()
        .map(|(line, x)| (*line, x.id_number.as_str()))
        .collect();
    let mut repeated = repeated_ids(&ids);
    let users: HashMap<String, user::Model> = user::Entity::find()
        .filter(user::Column::IdNumber.is_in(listed.iter().map(|(_, x)| x.id_number.clone())))
        .all(&txn)
        .await?
        .into_iter()
        .filter_map(|u| u.id_number.clone().map(|n| (n, u)))
        .collect();
    let teachers: HashMap<i64, teacher::Model> = teacher::Entity::find()
        .filter(teacher::Column::UserId.is_in(users.values().map(|u| u.id)))
        .all(&txn)
        .await?
        .into_iter()
        .map(|t| (t.user_id, t))
        .collect();
    let mut picked = Vec::new();
    for (line, x) in listed {
        let reject = |issues| ListRowIssue {
            line,
            name: x.name.clone(),
            issues,
        };
        if let Some(issue) = repeated.remove(&line) {
            out.rejected.push(reject(vec![issue]));
            continue;
        }
        let found = users
            .get(&x.id_number)
            .and_then(|u| teachers.get(&u.id).map(|t| (u, t)));
        let Some((u, t)) = found else {
            out.rejected
                .push(reject(vec![crate::dto::teacher_import::CellIssue {
                    column: "身份证号".into(),
                    message: "未找到该教师的档案".into(),
                }]));
            continue;
        };
        let differs = differs_from_record(&x, &u.name, &t.stage, &t.subject);
        if !differs.is_empty() {
            out.rejected.push(reject(differs));
            continue;
        }
        if let Some(why) = unpickable(&txn, &l, county, t).await? {
            out.rejected
                .push(reject(vec![crate::dto::teacher_import::CellIssue {
                    column: "姓名".into(),
                    message: why,
                }]));
            continue;
        }
        picked.push(t.clone());
    }
    out.rejected.sort_by_key(|r| r.line);
    let (quota, used) = quota_of(&txn, project_id, county).await?;
    if picked.is_empty() {
        return Ok(out);
    }
    if let Err(m) = fits_quota(quota, used, picked.len() as u32) {
        out.refused = Some(format!("{m}；本次可导入 {} 人，未导入任何人", picked.len()));
        return Ok(out);
    }
    add_all(&txn, actor, &l, &picked).await?;
    txn.commit().await?;
    out.added = picked.len() as u32;
    Ok(out)
}

/// The province places participants in a class, naming the institution to run it when the class
/// has none. Each takes a seat; a full class takes no more.
pub async fn assign<C: ConnectionTrait + TransactionTrait>(
    db: &C,
    actor: &Actor,
    ids: &[i64],
    class_id: i64,
    institution_id: Option<i64>,
) -> AppResult<BatchOutcome> {
    if actor.role != Role::ProvinceAdmin {
        return Err(AppError::Forbidden);
    }
    let mut out = BatchOutcome::default();
    for &id in ids {
        match assign_one(db, actor, id, class_id, institution_id).await {
            Ok(()) => out.done += 1,
            Err(AppError::Forbidden) => return Err(AppError::Forbidden),
            Err(e) => {
                let who = super::review::rows(db, vec![super::reread(db, id).await?])
                    .await?
                    .pop()
                    .map(|r| r.teacher_name)
                    .unwrap_or_else(|| format!("#{id}"));
                out.failed.push((who, e.to_string()));
            }
        }
    }
    Ok(out)
}

async fn assign_one<C: ConnectionTrait + TransactionTrait>(
    db: &C,
    actor: &Actor,
    id: i64,
    class_id: i64,
    institution_id: Option<i64>,
) -> AppResult<()> {
    let place = place_of(db, id).await?;
    let txn = db.begin().await?;
    // The project first, then the class: the order every directive writer takes.
    flow::lock(&txn, place.1).await?;
    lock_class(&txn, class_id).await?;
    let e = reread_at(&txn, id, place).await?;
    let r = super::review::policy_ref(&txn, &e).await?;
    if !allows(actor, Permission::ReviewEnrolment, &Target::Enrolment(&r)) {
        return Err(AppError::Forbidden);
    }
    let class = project_class::Entity::find_by_id(class_id)
        .one(&txn)
        .await?
        .filter(|c| c.project_id == e.project_id)
        .ok_or(AppError::field("class_id", "请选择本项目的班级"))?;
    if class.status != "open" {
        return Err(AppError::Conflict("该班级已取消".into()));
    }
    let l = load(&txn, e.project_id).await?;
    let runner = match class.institution_id.or(l.p.institution_id) {
        Some(i) => i,
        None => {
            let i = institution_id.ok_or(AppError::field(
                "institution_id",
                "该班级尚无承培机构，请选择",
            ))?;
            institution::Entity::find_by_id(i)
                .one(&txn)
                .await?
                .filter(|x| !x.disabled)
                .ok_or(AppError::field("institution_id", "请选择有效的承培机构"))?;
            project_class::Entity::update_many()
                .col_expr(project_class::Column::InstitutionId, Expr::value(i))
                .filter(project_class::Column::Id.eq(class_id))
                .exec(&txn)
                .await?;
            i
        }
    };
    let runner_name = institution::Entity::find_by_id(runner)
        .one(&txn)
        .await?
        .map(|i| i.name)
        .unwrap_or_default();
    // The state machine speaks first, so a wrong state is not reported as a full class.
    crate::domain::enrolment_flow::transition(
        status_of(&e),
        EnrolmentAction::ProvinceAssign,
        By::Province,
        "",
    )
    .map_err(AppError::Conflict)?;
    if !claim_seat(&txn, class_id, true).await? {
        return Err(AppError::Conflict(format!("“{}”名额已满", class.name)));
    }
    let detail = format!("已分配至{runner_name}");
    move_placed(
        &txn,
        actor,
        &e,
        (EnrolmentAction::ProvinceAssign, By::Province, ""),
        Placement {
            class_id: Some(class_id),
            detail: Some(&detail),
        },
    )
    .await?;
    txn.commit().await?;
    Ok(())
}

/// The institution publishes the class's opening notice (开班通知): every enrolled teacher is
/// told, and it shows on their timeline. Publishing again replaces the text and tells them again.
pub async fn publish_notice<C: ConnectionTrait + TransactionTrait>(
    db: &C,
    actor: &Actor,
    class_id: i64,
    notice: &str,
) -> AppResult<u32> {
    let notice = notice.trim();
    if notice.is_empty() {
        return Err(AppError::field("notice", "请填写开班通知的内容"));
    }
    if notice.chars().count() > 2000 {
        return Err(AppError::field("notice", "开班通知不能超过 2000 字"));
    }
    let txn = db.begin().await?;
    lock_class(&txn, class_id).await?;
    let class = project_class::Entity::find_by_id(class_id)
        .one(&txn)
        .await?
        .ok_or(AppError::NotFound)?;
    let l = load_visible(&txn, actor, class.project_id).await?;
    let runner = class.institution_id.or(l.p.institution_id);
    if !matches!(actor.scope, Scope::Institution(id) if Some(id) == runner)
        || actor.role != Role::Institution
    {
        return Err(AppError::Forbidden);
    }
    let mut am: project_class::ActiveModel = class.clone().into();
    am.notice = Set(Some(notice.to_string()));
    am.notice_published_at = Set(Some(Utc::now()));
    am.update(&txn).await?;
    let enrolled = enrolment::Entity::find()
        .filter(enrolment::Column::ClassId.eq(class_id))
        .filter(enrolment::Column::Status.eq(EnrolmentStatus::Enrolled.as_str()))
        .all(&txn)
        .await?;
    let title = "发布开班通知";
    for e in &enrolled {
        workflow::record(
            &txn,
            actor,
            workflow::Change {
                project_id: e.project_id,
                subject: ("enrolment", e.id),
                action: "publish_notice",
                from: &e.status,
                to: &e.status,
                reason: None,
                detail: None,
            },
        )
        .await?;
        let body = format!(
            "“{}”{}（{} 至 {}，{}）已发布开班通知：{notice}",
            l.p.name, class.name, class.starts_on, class.ends_on, class.place
        );
        notifications::send(&txn, e.user_id, title, &body, Some("/my/training")).await?;
    }
    txn.commit().await?;
    Ok(enrolled.len() as u32)
}
