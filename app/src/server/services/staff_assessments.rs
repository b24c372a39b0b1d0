//! 师德考核 and 年度考核 on the teacher records: the county imports the ethics results of its
//! teachers and the school the annual results of its own, from a sheet of 年度, 姓名, 身份证号,
//! 考核结果 (and 荣誉或备注). Good rows are saved (a teacher's result for a year is replaced),
//! every other row is reported with its line and reasons.

use crate::domain::directive::repeated_ids;
use crate::domain::role::Scope;
use crate::domain::sheet::{position, positions};
use crate::domain::staff_assessment::{AssessmentKind, HEADERS, NOTE_HEADER, read_row};
use crate::domain::teacher::TeacherStatus;
use crate::dto::directive::ListRowIssue;
use crate::dto::growth::{AssessmentImport, AssessmentList, AssessmentRow, AssessmentView};
use crate::dto::teacher_import::CellIssue;
use crate::dto::{DEFAULT_PAGE_SIZE, MAX_PAGE_SIZE, Page};
use crate::error::{AppError, AppResult};
use crate::server::auth::Actor;
use crate::server::auth::policy::{AssessmentRef, Permission, Target, allows};
use crate::server::entities::{staff_assessment, teacher};
use crate::server::services::by_id;
use crate::server::services::names;
use crate::server::services::{beijing, spreadsheet, training_years};
use chrono::{Datelike, Utc};
use sea_orm::{
    ActiveValue::Set, ColumnTrait, Condition, ConnectionTrait, EntityTrait, NotSet, PaginatorTrait,
    QueryFilter, QueryOrder, TransactionSession, TransactionTrait,
};

/// The kind of result the actor records, and the teachers it covers.
fn kind_and_scope(actor: &Actor) -> AppResult<(AssessmentKind, Condition)> {
    use crate::server::auth::policy::proof::{Keeps, assessor};
    let a = assessor(actor)?;
    let covers = match a.keeps() {
        Keeps::Region(county) => teacher::Column::CountyCode.eq(county.clone()),
        Keeps::School(id) => teacher::Column::SchoolId.eq(*id),
    };
    Ok((a.kind(), Condition::all().add(covers)))
}

/// The sheet to fill in: the headers, the ID number as text, the results as a drop-down.
pub fn template(actor: &Actor) -> AppResult<(Vec<u8>, String)> {
    let (kind, _) = kind_and_scope(actor)?;
    let headers = [HEADERS[0], HEADERS[1], HEADERS[2], HEADERS[3], NOTE_HEADER];
    let bytes =
        super::teachers::sheet::simple_template(kind.label(), &headers, 2, (3, kind.results()))?;
    Ok((bytes, format!("{}导入模板.xlsx", kind.label())))
}

/// Reads a sheet and saves its good rows in one transaction.
pub async fn import<C: ConnectionTrait + TransactionTrait>(
    db: &C,
    actor: &Actor,
    bytes: &[u8],
) -> AppResult<AssessmentImport> {
    let (kind, _) = kind_and_scope(actor)?;
    let sheet = spreadsheet::read_sheet_apart(bytes.to_vec()).await?;
    let header = sheet.header()?;
    let at = positions(header, &HEADERS)?;
    let note = position(header, NOTE_HEADER)
        .or_else(|| position(header, "荣誉"))
        .or_else(|| position(header, "备注"));
    let this_year = training_years::today().year();
    let mut out = AssessmentImport::default();
    let mut read = Vec::new();
    for row in sheet.filled_rows() {
        out.rows += 1;
        match row.read(|cells| read_row(kind, cells, &at, note, this_year)) {
            Ok(r) => read.push((row.line, r)),
            Err(issues) => out.rejected.push(ListRowIssue {
                line: row.line,
                name: row.cell(at[1]).to_string(),
                issues,
            }),
        }
    }
    // A teacher may appear once a year in a sheet.
    let keys: Vec<String> = read
        .iter()
        .map(|(_, r)| format!("{}@{}", r.id_number, r.year))
        .collect();
    let mut repeated = repeated_ids(
        &read
            .iter()
            .zip(&keys)
            .map(|((line, _), k)| (*line, k.as_str()))
            .collect::<Vec<_>>(),
    );
    let txn = db.begin().await?;
    let known =
        super::teachers::by_id_numbers(&txn, read.iter().map(|(_, r)| r.id_number.clone())).await?;
    let now = Utc::now();
    for (line, r) in read {
        let reject = |issues: Vec<CellIssue>| ListRowIssue {
            line,
            name: r.name.clone(),
            issues,
        };
        if repeated.remove(&line).is_some() {
            out.rejected.push(reject(vec![CellIssue::new(
                "身份证号",
                format!("同一教师的 {} 年结果出现了两次", r.year),
            )]));
            continue;
        }
        // Scope first: a record outside it is answered as an unknown number, so the sheet
        // cannot be used to learn the name behind any ID number in the province.
        let Some(super::teachers::Located {
            user: u,
            teacher: t,
        }) = known.get(&r.id_number).filter(|l| {
            let target = AssessmentRef {
                kind,
                school_id: l.teacher.school_id,
                county: &l.teacher.county_code,
            };
            allows(
                actor,
                Permission::RecordAssessment,
                &Target::Assessment(&target),
            )
        })
        else {
            let whose = match kind {
                AssessmentKind::Ethics => "本县（区）教师档案中没有该身份证号",
                AssessmentKind::Annual => "本校教师档案中没有该身份证号",
            };
            out.rejected
                .push(reject(vec![CellIssue::new("身份证号", whose)]));
            continue;
        };
        if u.name != r.name {
            out.rejected.push(reject(vec![CellIssue::new(
                "姓名",
                format!("与教师档案不符（档案为“{}”）", u.name),
            )]));
            continue;
        }
        staff_assessment::Entity::delete_many()
            .filter(staff_assessment::Column::TeacherId.eq(t.id))
            .filter(staff_assessment::Column::Kind.eq(kind))
            .filter(staff_assessment::Column::Year.eq(r.year))
            .exec(&txn)
            .await?;
        staff_assessment::Entity::insert(staff_assessment::ActiveModel {
            id: NotSet,
            teacher_id: Set(t.id),
            user_id: Set(t.user_id),
            kind: Set(kind),
            year: Set(r.year),
            result: Set(r.result.clone()),
            note: Set(r.note.clone()),
            county_code: Set(t.county_code.clone()),
            school_id: Set(t.school_id),
            recorded_by_name: Set(actor.name.clone()),
            recorded_at: Set(now),
        })
        .exec(&txn)
        .await?;
        out.saved += 1;
    }
    txn.commit().await?;
    out.rejected.sort_by_key(|r| r.line);
    Ok(out)
}

/// One year's results of the actor's teachers (by default this year), paged.
pub async fn list(
    db: &impl ConnectionTrait,
    actor: &Actor,
    year: Option<i32>,
    page: u64,
) -> AppResult<AssessmentList> {
    let (kind, who) = kind_and_scope(actor)?;
    let year = year.unwrap_or_else(|| training_years::today().year());
    let scope = match &actor.scope {
        Scope::Region(code) => staff_assessment::Column::CountyCode.eq(code.clone()),
        Scope::School { id, .. } => staff_assessment::Column::SchoolId.eq(*id),
        _ => return Err(AppError::Forbidden),
    };
    let pages = staff_assessment::Entity::find()
        .filter(staff_assessment::Column::Kind.eq(kind))
        .filter(staff_assessment::Column::Year.eq(year))
        .filter(scope)
        .order_by_asc(staff_assessment::Column::Id)
        .paginate(db, DEFAULT_PAGE_SIZE.min(MAX_PAGE_SIZE));
    let total = pages.num_items().await?;
    let page = page.max(1);
    let items = pages.fetch_page(page - 1).await?;
    let users = by_id::users(db, items.iter().map(|a| a.user_id)).await?;
    let schools = names::schools(db, items.iter().filter_map(|a| a.school_id)).await?;
    let teachers = teacher::Entity::find()
        .filter(who)
        .filter(teacher::Column::Status.eq(TeacherStatus::OnDuty))
        .count(db)
        .await?;
    Ok(AssessmentList {
        kind,
        year,
        teachers,
        page: Page {
            items: items
                .into_iter()
                .map(|a| {
                    let u = users.get(&a.user_id);
                    AssessmentRow {
                        teacher_name: u.map(|u| u.name.clone()).unwrap_or_default(),
                        id_masked: u
                            .map(crate::server::entities::user::Model::masked_id)
                            .unwrap_or_default(),
                        school_name: a
                            .school_id
                            .and_then(|s| schools.get(&s).cloned())
                            .unwrap_or_default(),
                        year: a.year,
                        result: a.result,
                        note: a.note,
                        recorded: format!(
                            "{} {}",
                            beijing(a.recorded_at).date(),
                            a.recorded_by_name
                        ),
                    }
                })
                .collect(),
            total,
            page,
            page_size: DEFAULT_PAGE_SIZE,
        },
    })
}

/// The results on one teacher's record, newest first.
pub async fn of_user(db: &impl ConnectionTrait, user_id: i64) -> AppResult<Vec<AssessmentView>> {
    Ok(staff_assessment::Entity::find()
        .filter(staff_assessment::Column::UserId.eq(user_id))
        .order_by_desc(staff_assessment::Column::Year)
        .order_by_desc(staff_assessment::Column::Kind)
        .all(db)
        .await?
        .into_iter()
        .map(|a| AssessmentView {
            kind: a.kind,
            year: a.year,
            result: a.result,
            note: a.note,
            recorded: format!("{} {}", beijing(a.recorded_at).date(), a.recorded_by_name),
        })
        .collect())
}
