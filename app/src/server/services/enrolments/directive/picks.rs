//! The county's picks for a directive project: the teachers it may pick, picking them within the
//! quota, and the Excel list it imports with a report of every row not taken.

use super::super::{eligible, in_project, insert};
use super::{county_counts, visible_directive};
use crate::domain::directive::{
    differs_from_record, fits_quota, list_positions, read_listed, repeated_ids,
};
use crate::domain::enrolment_flow::EnrolmentStatus;
use crate::domain::teacher::TeacherStatus;
use crate::dto::directive::{Candidate, ListImport, ListRowIssue};
use crate::dto::teacher_import::CellIssue;
use crate::error::{AppError, AppResult, Broken};
use crate::server::auth::Actor;
use crate::server::auth::policy::proof;
use crate::server::entities::{enrolment, project_quota, teacher, user};
use crate::server::services::by_id;
use crate::server::services::names;
use crate::server::services::projects::{Loaded, audience, flow};
use crate::server::services::search::users_matching;
use crate::server::services::spreadsheet;
use sea_orm::sea_query::Query;
use sea_orm::{
    ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, QueryOrder, QuerySelect,
    TransactionSession, TransactionTrait,
};

/// How many candidates a search returns: the admin narrows by name.
const CANDIDATE_LIMIT: u64 = 30;

/// Teachers of the admin's county the project is for and who are not in it yet, by name or the
/// last digits of the ID number.
pub async fn candidates(
    db: &impl ConnectionTrait,
    actor: &Actor,
    project_id: i64,
    keyword: &str,
) -> AppResult<Vec<Candidate>> {
    let county = proof::county(actor)?;
    let county = county.code();
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
                    .copied(),
            ),
        )
        .to_owned();
    let mut q = teacher::Entity::find()
        .filter(teacher::Column::CountyCode.eq(county))
        .filter(teacher::Column::Status.eq(TeacherStatus::OnDuty))
        .filter(audience::admitted(&l.audience))
        .filter(teacher::Column::Id.not_in_subquery(in_it));
    let kw = keyword.trim();
    if !kw.is_empty() {
        let users = users_matching(kw);
        q = q.filter(teacher::Column::UserId.in_subquery(users));
    }
    // The audience is asked in SQL; the make-up and exemption rules, which read other
    // records, are checked here on a few pages' worth.
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
    let users = by_id::users(db, found.iter().map(|t| t.user_id)).await?;
    let schools = names::schools(db, found.iter().filter_map(|t| t.school_id)).await?;
    Ok(found
        .into_iter()
        .map(|t| {
            let u = users.get(&t.user_id);
            Candidate {
                teacher_id: t.id,
                name: u.map(|u| u.name.clone()).unwrap_or_default(),
                id_number: u.map(user::Model::masked_id).unwrap_or_default(),
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

/// The one answer for a number that is unknown or another county's.
const NOT_IN_COUNTY: &str = "本县（区）教师档案中没有该身份证号";

/// Why teacher `t` cannot be picked for the project by this county, if they cannot.
async fn unpickable(
    db: &impl ConnectionTrait,
    l: &Loaded,
    county: &str,
    t: &teacher::Model,
) -> AppResult<Option<String>> {
    if t.county_code != county {
        return Ok(Some(NOT_IN_COUNTY.into()));
    }
    if t.status != TeacherStatus::OnDuty {
        return Ok(Some(format!(
            "该教师当前状态为“{}”，不能参训",
            t.status.label()
        )));
    }
    if let Err(m) = eligible(db, l, t).await? {
        return Ok(Some(m.to_string()));
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
            None,
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
    let county = proof::county(actor)?;
    let county = county.code();
    let txn = db.begin().await?;
    flow::lock(&txn, project_id).await?;
    let l = visible_directive(&txn, actor, project_id).await?;
    // Only the county's own records are looked at: an id of another county is answered as an
    // unknown one, never with its teacher's name.
    let teachers = teacher::Entity::find()
        .filter(teacher::Column::Id.is_in(teacher_ids.to_vec()))
        .filter(teacher::Column::CountyCode.eq(county))
        .all(&txn)
        .await?;
    if teachers.len() != teacher_ids.len() || teachers.is_empty() {
        return Err(AppError::from(Broken::PickOwnCountyTeachers));
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
    fits_quota(quota, used, teachers.len() as u32)?;
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
    let county = proof::county(actor)?;
    let county = county.code();
    let sheet = spreadsheet::read_sheet_apart(bytes.to_vec()).await?;
    let header = sheet.header()?;
    let at = list_positions(header)?;
    let txn = db.begin().await?;
    flow::lock(&txn, project_id).await?;
    let l = visible_directive(&txn, actor, project_id).await?;
    let mut out = ListImport::default();
    let mut listed = Vec::new();
    for row in sheet.filled_rows() {
        out.rows += 1;
        let (line, name) = (row.line, row.cell(at[0]).to_string());
        match row.read(|cells| read_listed(cells, &at)) {
            Ok(x) => listed.push((line, x)),
            Err(issues) => out.rejected.push(ListRowIssue { line, name, issues }),
        }
    }
    let ids: Vec<(u32, &str)> = listed
        .iter()
        .map(|(line, x)| (*line, x.id_number.as_str()))
        .collect();
    let mut repeated = repeated_ids(&ids);
    let known = crate::server::services::teachers::by_id_numbers(
        &txn,
        listed.iter().map(|(_, x)| x.id_number.clone()),
    )
    .await?;
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
        // The county first: a record of another county is answered as an unknown number, so
        // the list cannot be used to learn the name behind any ID number in the province.
        let Some(crate::server::services::teachers::Located {
            user: u,
            teacher: t,
        }) = known
            .get(&x.id_number)
            .filter(|l| l.teacher.county_code == county)
        else {
            out.rejected
                .push(reject(vec![CellIssue::new("身份证号", NOT_IN_COUNTY)]));
            continue;
        };
        let differs = differs_from_record(&x, &u.name, &t.stage, &t.subject);
        if !differs.is_empty() {
            out.rejected.push(reject(differs));
            continue;
        }
        if let Some(why) = unpickable(&txn, &l, county, t).await? {
            out.rejected.push(reject(vec![CellIssue::new("姓名", why)]));
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
