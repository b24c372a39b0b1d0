//! Self-selection for teachers: the classes open to them, enrolling and withdrawing.

use super::{
    claim_seat, eligible, hours_taken, in_project, insert, lock_class, lock_place, lock_teacher,
    move_to, place_of, reread_at,
};
use crate::domain::enrolment_flow::{Actor as By, EnrolmentAction, EnrolmentStatus};
use crate::domain::enrolment_rules::{Landing, MAX_SELECTED_HOURS_PER_YEAR, Standing, may_enrol};
use crate::domain::exemption::WHOLE_STAFF_KIND;
use crate::domain::project::{FillMode, format_credits};
use crate::domain::project_flow::{ClassStatus, ProjectStatus};
use crate::domain::region::{city_of, province_of};
use crate::domain::training_year::Round;
use crate::dto::enrolments::{ClassOffer, EnrolmentWindow, OfferFilter};
use crate::dto::{DEFAULT_PAGE_SIZE, MAX_PAGE_SIZE, Page};
use crate::error::{AppError, AppResult};
use crate::server::auth::Actor;
use crate::server::auth::policy::proof::OwnRecord;
use crate::server::entities::{enrolment, project, project_class, project_region};
use crate::server::services::by_id;
use crate::server::services::exemptions;
use crate::server::services::like::TextMatch;
use crate::server::services::names;
use crate::server::services::projects::{audience, load};
use crate::server::services::training_years;
use sea_orm::sea_query::Query;
use sea_orm::{
    ColumnTrait, Condition, ConnectionTrait, EntityTrait, PaginatorTrait, QueryFilter, QueryOrder,
    TransactionSession, TransactionTrait,
};
use std::collections::HashMap;

/// Approved self-selection projects of the current year aimed at the teacher.
pub async fn offers(
    db: &impl ConnectionTrait,
    me: &OwnRecord,
    f: &OfferFilter,
) -> AppResult<(Page<ClassOffer>, EnrolmentWindow)> {
    let t = me.teacher();
    let year = training_years::current(db).await?.map(|y| y.year);
    let window = window_of(db, me.teacher().user_id, year).await?;
    let Some(year) = year else {
        return Ok((
            Page {
                items: vec![],
                total: 0,
                page: 1,
                page_size: DEFAULT_PAGE_SIZE,
            },
            window,
        ));
    };
    let aimed = Query::select()
        .column(project_region::Column::ProjectId)
        .from(project_region::Entity)
        .and_where(project_region::Column::RegionCode.is_in([
            t.county_code.clone(),
            city_of(&t.county_code),
            province_of(&t.county_code),
        ]))
        .to_owned();
    let mut cond = Condition::all()
        .add(project::Column::Year.eq(year))
        .add(project::Column::Status.eq(ProjectStatus::Approved))
        .add(project::Column::FillMode.eq(FillMode::Selection.as_str()))
        .add(project::Column::Id.in_subquery(aimed))
        .add(audience::admits(&t.stage, &t.subject, &t.post));
    // Make-up projects for the kinds the teacher failed last year; no whole-staff project in
    // a year the teacher is exempt from it.
    let c = exemptions::circumstances(db, t, year).await?;
    cond = cond.add(
        Condition::any()
            .add(project::Column::Makeup.eq(false))
            .add(project::Column::Kind.is_in(c.failed_last_year)),
    );
    if c.exemption.is_some() {
        cond = cond.add(
            Condition::any()
                .add(project::Column::Kind.ne(WHOLE_STAFF_KIND))
                .add(project::Column::Makeup.eq(true)),
        );
    }
    if !f.keyword.trim().is_empty() {
        cond = cond.add(project::Column::Name.has_text(f.keyword.trim()));
    }
    if !f.level.is_empty() {
        cond = cond.add(project::Column::Level.eq(f.level.clone()));
    }
    if !f.category.is_empty() {
        cond = cond.add(project::Column::CreditCategory.eq(f.category.clone()));
    }
    let wanted = Query::select()
        .column(project::Column::Id)
        .from(project::Entity)
        .cond_where(cond)
        .to_owned();
    let q = project_class::Entity::find()
        .filter(project_class::Column::ProjectId.in_subquery(wanted))
        .filter(project_class::Column::Status.eq(ClassStatus::Open));
    let page_size = match f.page_size {
        0 => DEFAULT_PAGE_SIZE,
        n => n.min(MAX_PAGE_SIZE),
    };
    let paginator = q
        .order_by_asc(project_class::Column::StartsOn)
        .order_by_asc(project_class::Column::Id)
        .paginate(db, page_size);
    let total = paginator.num_items().await?;
    let page = f.page.max(1);
    let classes = paginator.fetch_page(page - 1).await?;
    let items = describe(db, me.teacher().user_id, classes).await?;
    Ok((
        Page {
            items,
            total,
            page,
            page_size,
        },
        window,
    ))
}

async fn describe(
    db: &impl ConnectionTrait,
    user_id: i64,
    classes: Vec<project_class::Model>,
) -> AppResult<Vec<ClassOffer>> {
    let pids: Vec<i64> = classes.iter().map(|c| c.project_id).collect();
    let projects = by_id::projects(db, pids.clone()).await?;
    let inst = names::institutions(db, projects.values().filter_map(|p| p.institution_id)).await?;
    let mine: HashMap<i64, (i64, EnrolmentStatus)> = enrolment::Entity::find()
        .filter(enrolment::Column::UserId.eq(user_id))
        .filter(enrolment::Column::ProjectId.is_in(pids))
        .order_by_asc(enrolment::Column::Id)
        .all(db)
        .await?
        .iter()
        .filter_map(|e| Some((e.class_id?, (e.id, e.status))))
        .collect();
    Ok(classes
        .into_iter()
        .filter_map(|c| {
            let p = projects.get(&c.project_id)?;
            Some(ClassOffer {
                class_id: crate::dto::ids::ClassId(c.id),
                project_id: p.id,
                project_name: p.name.clone(),
                class_name: c.name,
                level: p.level.clone(),
                kind: p.kind.clone(),
                nature: p.nature.clone(),
                credit_category: p.credit_category.clone(),
                institution_name: p
                    .institution_id
                    .and_then(|i| inst.get(&i).cloned())
                    .unwrap_or_default(),
                hours: p.hours,
                credits: format_credits(p.credits_tenths.max(0) as u32),
                starts_on: c.starts_on.to_string(),
                ends_on: c.ends_on.to_string(),
                place: c.place,
                seats: c.capacity + c.extra_capacity,
                taken: c.taken,
                has_plan: p.plan_file_id.is_some(),
                mine: mine.get(&c.id).copied(),
            })
        })
        .collect())
}

async fn window_of(
    db: &impl ConnectionTrait,
    user_id: i64,
    year: Option<i32>,
) -> AppResult<EnrolmentWindow> {
    let mut w = EnrolmentWindow {
        round: "当前不在报名时间内".into(),
        hours_limit: MAX_SELECTED_HOURS_PER_YEAR,
        ..Default::default()
    };
    let Some(year) = year else {
        return Ok(w);
    };
    w.hours_taken = hours_taken(db, user_id, year).await?;
    if let Some(ws) = training_years::windows(db, year).await? {
        let today = training_years::today();
        if let Some(r) = ws.round_on(today) {
            let until = match r {
                Round::One => ws.round1.1,
                Round::Two => ws.round2.map(|x| x.1).unwrap_or(today),
            };
            w.round = format!("{}进行中（至 {until}）", r.label());
            w.open = true;
        }
    }
    Ok(w)
}

/// Enrols the caller in a class: the class must be open to them, the window open, the yearly
/// hours not passed, no finished class left unevaluated. In round 2 a full class puts them on
/// its waiting list. Returns the new status.
pub async fn enrol<C: ConnectionTrait + TransactionTrait>(
    db: &C,
    actor: &Actor,
    me: &OwnRecord,
    class_id: i64,
) -> AppResult<EnrolmentStatus> {
    let txn = db.begin().await?;
    lock_class(&txn, class_id).await?;
    let t = me.teacher();
    lock_teacher(&txn, t.id).await?;
    let class = by_id::found::<project_class::Entity>(&txn, class_id).await?;
    let l = load(&txn, class.project_id).await?;
    let p = &l.p;
    if l.status() != ProjectStatus::Approved
        || p.fill_mode != FillMode::Selection
        || class.status != ClassStatus::Open
    {
        return Err(AppError::NotFound);
    }
    eligible(&txn, &l, t).await??;
    let round = training_years::windows(&txn, p.year)
        .await?
        .and_then(|w| w.round_on(training_years::today()));
    let already_in = in_project(&txn, t.id, p.id).await?;
    let standing = Standing {
        hours_taken: hours_taken(&txn, me.teacher().user_id, p.year).await?,
        unevaluated: crate::server::services::evaluations::owed(&txn, me.teacher().user_id)
            .await?
            .len() as u32,
        already_in,
    };
    let seats_left = i64::from(class.capacity + class.extra_capacity - class.taken);
    let landing = may_enrol(round, standing, p.hours.max(0) as u32, seats_left)?;
    let round_no: i16 = match round {
        Some(Round::Two) => 2,
        _ => 1,
    };
    let status = match landing {
        Landing::Seat if claim_seat(&txn, class_id, round_no == 2).await? => {
            EnrolmentStatus::Applied
        }
        _ => EnrolmentStatus::Waitlisted,
    };
    insert(
        &txn,
        actor,
        t,
        p,
        Some(class_id),
        (round_no, status, "apply"),
    )
    .await?;
    txn.commit().await?;
    Ok(status)
}

/// The teacher takes back an application no reviewer has decided yet.
pub async fn withdraw<C: ConnectionTrait + TransactionTrait>(
    db: &C,
    actor: &Actor,
    me: &OwnRecord,
    enrolment_id: i64,
) -> AppResult<EnrolmentStatus> {
    let place = place_of(db, enrolment_id).await?;
    let txn = db.begin().await?;
    lock_place(&txn, place).await?;
    let e = reread_at(&txn, enrolment_id, place).await?;
    if e.user_id != me.teacher().user_id {
        return Err(AppError::NotFound);
    }
    let to = move_to(&txn, actor, &e, EnrolmentAction::Withdraw, By::Teacher, "").await?;
    txn.commit().await?;
    Ok(to)
}
