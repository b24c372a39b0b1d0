//! The credit ledger (学分银行): the teacher's table for a cycle, hand-entered credits and their
//! approval by the level that certifies them (the school its school-based research, the county
//! the rest).

use crate::domain::credit_entry::{
    Certifier, CreditSource, CreditStatus, ManualEntryDraft, SCHOOL_BASED, validate_manual,
};
use crate::domain::credits::table;
use crate::domain::project::{format_credits, parse_credits};
use crate::domain::region::prefix_of;
use crate::domain::role::Role;
use crate::dto::credits::{CycleChoice, EntryRow, MyCredits};
use crate::dto::projects::BatchOutcome;
use crate::error::{AppError, AppResult, Broken};
use crate::server::auth::Actor;
use crate::server::auth::policy::proof::OwnRecord;
use crate::server::auth::policy::{CreditRef, Permission, Target, allows};
use crate::server::entities::{credit_cycle, credit_entry};
use crate::server::services::ledger::{lines_of, rule_of};
use crate::server::services::names;
use crate::server::services::{beijing, notifications, org, training_years};
use chrono::{Datelike, Utc};
use sea_orm::{
    ActiveModelTrait, ActiveValue::Set, ColumnTrait, Condition, ConnectionTrait, EntityTrait,
    NotSet, QueryFilter, QueryOrder,
};

/// The ledger lines with the names a reader needs, in two queries however many lines.
async fn rows(
    db: &impl ConnectionTrait,
    list: Vec<credit_entry::Model>,
) -> AppResult<Vec<EntryRow>> {
    let users = names::users(db, list.iter().map(|e| e.user_id)).await?;
    let schools = names::schools(db, list.iter().filter_map(|e| e.school_id)).await?;
    Ok(list
        .into_iter()
        .map(|e| EntryRow {
            id: e.id,
            teacher_name: users.get(&e.user_id).cloned().unwrap_or_default(),
            school_name: e
                .school_id
                .and_then(|s| schools.get(&s).cloned())
                .unwrap_or_else(|| "自由人".into()),
            year: e.year,
            category: e.category,
            title: e.title,
            credits: format_credits(e.credits_tenths.max(0) as u32),
            hours: e.hours,
            source: e.source.label().into(),
            certifier: format!("{}（{}）", e.certifier_name, e.certifier_level),
            status: e.status,
            reason: e.reason,
            created_at: beijing(e.created_at).format("%Y-%m-%d").to_string(),
        })
        .collect())
}

/// The province's cycles for a picker, newest first, and the asked one (by default the one
/// this year falls in).
pub(crate) async fn cycles_and_chosen(
    db: &impl ConnectionTrait,
    cycle_id: Option<i64>,
) -> AppResult<(Vec<CycleChoice>, credit_cycle::Model)> {
    let this_year = training_years::today().year();
    let cycles = credit_cycle::Entity::find()
        .order_by_desc(credit_cycle::Column::FirstYear)
        .all(db)
        .await?;
    let chosen = cycle_id
        .and_then(|id| cycles.iter().find(|c| c.id == id))
        .or_else(|| cycles.iter().find(|c| rule_of(c).contains(this_year)))
        .or(cycles.first())
        .cloned()
        .ok_or(AppError::from(Broken::NoCycleSet))?;
    let choices = cycles
        .iter()
        .map(|c| CycleChoice {
            id: c.id,
            label: format!("{}（{}–{}）", c.name, c.first_year, c.last_year),
        })
        .collect();
    Ok((choices, chosen))
}

/// 我的学分 for the calling teacher: the asked cycle (by default the one this year falls in).
pub async fn mine(
    db: &impl ConnectionTrait,
    me: &OwnRecord,
    cycle_id: Option<i64>,
) -> AppResult<MyCredits> {
    let this_year = training_years::today().year();
    let (cycles, chosen) = cycles_and_chosen(db, cycle_id).await?;
    let chosen = &chosen;
    let rule = rule_of(chosen);
    let lines = lines_of([me.teacher().user_id], rule.first_year..=rule.last_year)
        .order_by_desc(credit_entry::Column::Year)
        .order_by_desc(credit_entry::Column::Id)
        .all(db)
        .await?;
    let earned: Vec<(i32, String, u32)> = lines
        .iter()
        .filter(|e| e.status == CreditStatus::Approved)
        .map(|e| (e.year, e.category.clone(), e.credits_tenths.max(0) as u32))
        .collect();
    Ok(MyCredits {
        cycles,
        cycle_id: chosen.id,
        table: table(&rule, this_year, &earned),
        entries: rows(db, lines).await?,
    })
}

/// The teacher enters a credit by hand; it counts once its certifier approves it.
pub async fn submit(
    db: &impl ConnectionTrait,
    me: &OwnRecord,
    d: &ManualEntryDraft,
) -> AppResult<i64> {
    let t = me.teacher();
    let errs = validate_manual(d, training_years::today().year());
    if !errs.is_empty() {
        return Err(AppError::Validation(errs));
    }
    let certifier = Certifier::of(&d.category);
    let certifier_name = match (certifier, t.school_id) {
        (Certifier::School, Some(id)) => org::find_school(db, id).await?.name,
        (Certifier::School, None) => {
            return Err(AppError::from(Broken::SchoolCreditsNeedSchool));
        }
        (Certifier::County, _) => org::county_label(db, &t.county_code).await?,
    };
    let e = credit_entry::ActiveModel {
        id: NotSet,
        user_id: Set(me.teacher().user_id),
        teacher_id: Set(t.id),
        county_code: Set(t.county_code.clone()),
        school_id: Set(t.school_id),
        year: Set(d.year.trim().parse().unwrap_or_default()),
        category: Set(d.category.clone()),
        credits_tenths: Set(parse_credits(&d.credits).unwrap_or_default() as i32),
        hours: Set(d.hours.trim().parse().unwrap_or_default()),
        source: Set(CreditSource::Manual),
        enrolment_id: Set(None),
        title: Set(d.title.trim().to_string()),
        certifier_level: Set(certifier.level().into()),
        certifier_name: Set(certifier_name),
        status: Set(CreditStatus::Pending),
        reason: Set(None),
        created_by_user_id: Set(me.teacher().user_id),
        created_at: Set(Utc::now()),
        decided_by_name: Set(None),
        decided_at: Set(None),
    }
    .insert(db)
    .await?;
    Ok(e.id)
}

fn credit_ref(e: &credit_entry::Model) -> CreditRef {
    CreditRef {
        school_id: e.school_id,
        county: e.county_code.clone(),
        certifier: Certifier::of(&e.category),
    }
}

/// The lines a certifier may look at: its school's, or its region's.
fn reviewable(actor: &Actor) -> AppResult<Condition> {
    use crate::server::auth::policy::proof::{Keeps, list_scope};
    Ok(match list_scope(actor)?.keeps() {
        Keeps::School(id) => Condition::all().add(credit_entry::Column::SchoolId.eq(*id)),
        Keeps::Region(code) => {
            prefix_of(code).ok_or(AppError::Forbidden)?;
            org::county_within(credit_entry::Column::CountyCode, code)
        }
    })
}

/// The categories the actor certifies (校本研修 the school, the others the county), so that
/// the queue does not read the lines the policy would set aside: a county's 待办 read its
/// schools' every pending 校本研修 line. The policy still decides each line.
fn certified_by(actor: &Actor) -> Condition {
    let category = credit_entry::Column::Category;
    match actor.role {
        Role::SchoolAdmin => Condition::all().add(category.eq(SCHOOL_BASED)),
        Role::CountyAdmin => Condition::all().add(category.ne(SCHOOL_BASED)),
        _ => Condition::all().add(sea_orm::sea_query::Expr::cust("1 = 0")),
    }
}

/// The read behind `queue`: the pending hand-entered lines of the actor's scope and categories.
pub fn pending_for(actor: &Actor) -> AppResult<sea_orm::Select<credit_entry::Entity>> {
    Ok(credit_entry::Entity::find()
        .filter(credit_entry::Column::Status.eq(CreditStatus::Pending))
        .filter(credit_entry::Column::Source.eq(CreditSource::Manual))
        .filter(reviewable(actor)?)
        .filter(certified_by(actor)))
}

/// The hand-entered credits waiting for the actor to certify them, oldest first.
pub async fn queue(db: &impl ConnectionTrait, actor: &Actor) -> AppResult<Vec<EntryRow>> {
    let pending = pending_for(actor)?
        .order_by_asc(credit_entry::Column::Id)
        .all(db)
        .await?;
    let mine: Vec<credit_entry::Model> = pending
        .into_iter()
        .filter(|e| {
            allows(
                actor,
                Permission::CertifyCredits,
                &Target::Credit(&credit_ref(e)),
            )
        })
        .collect();
    rows(db, mine).await
}

/// 认定 or 不予认定 (a reason is required and told to the teacher), each line on its own.
pub async fn decide(
    db: &impl ConnectionTrait,
    actor: &Actor,
    ids: &[i64],
    approve: bool,
    reason: &str,
) -> AppResult<BatchOutcome> {
    if !approve && reason.trim().is_empty() {
        return Err(AppError::from(Broken::CreditReasonRequired));
    }
    let mut out = BatchOutcome::default();
    for &id in ids {
        let Some(e) = credit_entry::Entity::find_by_id(id).one(db).await? else {
            out.failed
                .push((format!("#{id}"), AppError::NotFound.to_string()));
            continue;
        };
        if !allows(
            actor,
            Permission::CertifyCredits,
            &Target::Credit(&credit_ref(&e)),
        ) {
            // Outside the caller's scope reads as unknown: no title, no hint it exists.
            out.failed
                .push((format!("#{id}"), AppError::NotFound.to_string()));
            continue;
        }
        let status = if approve {
            CreditStatus::Approved
        } else {
            CreditStatus::Rejected
        };
        let done = credit_entry::Entity::update_many()
            .col_expr(
                credit_entry::Column::Status,
                sea_orm::sea_query::Expr::value(status),
            )
            .col_expr(
                credit_entry::Column::Reason,
                sea_orm::sea_query::Expr::value((!approve).then(|| reason.trim().to_string())),
            )
            .col_expr(
                credit_entry::Column::DecidedByName,
                sea_orm::sea_query::Expr::value(Some(actor.name.clone())),
            )
            .col_expr(
                credit_entry::Column::DecidedAt,
                sea_orm::sea_query::Expr::value(Some(Utc::now())),
            )
            .filter(credit_entry::Column::Id.eq(id))
            .filter(credit_entry::Column::Status.eq(CreditStatus::Pending))
            .exec(db)
            .await?;
        if done.rows_affected != 1 {
            out.failed
                .push((e.title.clone(), "已审核过，请刷新".into()));
            continue;
        }
        if approve {
            super::stats::credits::changed(db, &[e.teacher_id]).await?;
        }
        let (title, mut body) = if approve {
            (
                "学分已认定",
                format!(
                    "“{}”{} 学分已认定。",
                    e.title,
                    format_credits(e.credits_tenths.max(0) as u32)
                ),
            )
        } else {
            ("学分未认定", format!("“{}”未予认定。", e.title))
        };
        if !approve {
            body.push_str(&format!("原因：{}", reason.trim()));
        }
        notifications::send(
            db,
            e.user_id,
            crate::domain::delivery::MessageKind::Credits,
            title,
            &body,
            Some("/my/credits"),
        )
        .await?;
        out.done += 1;
    }
    Ok(out)
}
