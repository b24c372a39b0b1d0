//! Check-in (签到): whoever runs a class opens a session and shows a full-screen QR code that
//! rotates every 30 s (and its 6-digit code); enrolled teachers check in from their phones, a
//! code just rotated still counts; the institution can also tick the roster. Teachers on
//! approved leave show as 请假.

use crate::domain::checkin::{
    CheckinSource, accepted_windows, read_code, read_title, scan_counts, seconds_left, window_of,
};
use crate::domain::enrolment_flow::EnrolmentStatus;
use crate::domain::leave::LeaveStatus;
use crate::dto::checkin::{CheckedIn, CheckinScreen, RosterLine, SessionSummary};
use crate::error::{AppError, AppResult, Broken};
use crate::server::auth::Actor;
use crate::server::auth::policy::proof::{Graded, graded_class};
use crate::server::entities::{
    checkin, checkin_session, enrolment, leave_request, project, project_class,
};
use crate::server::services::beijing;
use crate::server::services::by_id;
use crate::server::services::enrolments::review;
use crate::server::services::roster::enrolled;
use chrono::Utc;
use rand::RngCore;
use sea_orm::sea_query::Expr;
use sea_orm::{
    ActiveModelTrait, ActiveValue::Set, ColumnTrait, ConnectionTrait, EntityTrait, NotSet,
    QueryFilter, QueryOrder,
};
use sha2::{Digest, Sha256};
use std::collections::HashMap;

/// The 6-digit code of a session for one time window.
pub fn code(secret: &str, window: i64) -> String {
    let digest = Sha256::digest(format!("{secret}:{window}").as_bytes());
    let n = u32::from_be_bytes([digest[0], digest[1], digest[2], digest[3]]);
    format!("{:06}", n % 1_000_000)
}

async fn session(db: &impl ConnectionTrait, id: i64) -> AppResult<checkin_session::Model> {
    by_id::found::<checkin_session::Entity>(db, id).await
}

/// Opens a check-in for the class, closing any left open.
pub async fn open(
    db: &impl ConnectionTrait,
    actor: &Actor,
    g: &Graded,
    title: &str,
) -> AppResult<i64> {
    let class_id = g.c().id;
    let title = read_title(title).map_err(|e| AppError::field("title", e.to_string()))?;
    let now = Utc::now();
    checkin_session::Entity::update_many()
        .col_expr(checkin_session::Column::ClosedAt, Expr::value(Some(now)))
        .filter(checkin_session::Column::ClassId.eq(class_id))
        .filter(checkin_session::Column::ClosedAt.is_null())
        .exec(db)
        .await?;
    let mut secret = [0u8; 16];
    rand::rng().fill_bytes(&mut secret);
    let s = checkin_session::ActiveModel {
        id: NotSet,
        class_id: Set(class_id),
        title: Set(title),
        secret: Set(hex::encode(secret)),
        opened_at: Set(now),
        closed_at: Set(None),
        opened_by_name: Set(actor.name.clone()),
    }
    .insert(db)
    .await?;
    Ok(s.id)
}

/// The session, once the actor may run it.
async fn runs(
    db: &impl ConnectionTrait,
    actor: &Actor,
    session_id: i64,
) -> AppResult<(checkin_session::Model, Graded)> {
    let s = session(db, session_id).await?;
    let g = graded_class(db, actor, s.class_id).await?;
    Ok((s, g))
}

pub async fn close(db: &impl ConnectionTrait, actor: &Actor, session_id: i64) -> AppResult<()> {
    let (s, _) = runs(db, actor, session_id).await?;
    let mut am: checkin_session::ActiveModel = s.into();
    am.closed_at = Set(Some(Utc::now()));
    am.update(db).await?;
    Ok(())
}

fn label(p: &project::Model, c: &project_class::Model) -> String {
    format!("{} · {}", p.name, c.name)
}

/// The screen the institution projects: the current code, its QR image, and who is here.
pub async fn screen(
    db: &impl ConnectionTrait,
    actor: &Actor,
    session_id: i64,
    origin: &str,
) -> AppResult<CheckinScreen> {
    let (s, g) = runs(db, actor, session_id).await?;
    let now = Utc::now().timestamp();
    let code = code(&s.secret, window_of(now));
    let url = format!(
        "{}/checkin?s={}&c={code}",
        origin.trim_end_matches('/'),
        s.id
    );
    let qr_svg = qrcode::QrCode::with_error_correction_level(&url, qrcode::EcLevel::M)
        .map(|q| {
            q.render::<qrcode::render::svg::Color>()
                .min_dimensions(280, 280)
                .build()
        })
        .map_err(AppError::internal)?;
    let roster = roster(db, &s).await?;
    Ok(CheckinScreen {
        session_id: s.id,
        title: s.title.clone(),
        class_label: label(g.p(), g.c()),
        open: s.closed_at.is_none(),
        code,
        url,
        qr_svg,
        seconds_left: seconds_left(now),
        present: roster.iter().filter(|r| r.at.is_some()).count() as u32,
        roster,
    })
}

/// Every enrolled teacher of the session's class: checked in (when), on leave, or not yet.
async fn roster(
    db: &impl ConnectionTrait,
    s: &checkin_session::Model,
) -> AppResult<Vec<RosterLine>> {
    let list = enrolled(db, s.class_id).await?;
    let checked: HashMap<i64, checkin::Model> = checkin::Entity::find()
        .filter(checkin::Column::SessionId.eq(s.id))
        .all(db)
        .await?
        .into_iter()
        .map(|c| (c.enrolment_id, c))
        .collect();
    let day = beijing(s.opened_at).date();
    let on_leave: Vec<i64> = leave_request::Entity::find()
        .filter(leave_request::Column::ClassId.eq(s.class_id))
        .filter(leave_request::Column::Status.eq(LeaveStatus::Approved))
        .filter(leave_request::Column::FromDate.lte(day))
        .filter(leave_request::Column::ToDate.gte(day))
        .all(db)
        .await?
        .into_iter()
        .map(|l| l.enrolment_id)
        .collect();
    let mut lines: Vec<RosterLine> = review::rows(db, list)
        .await?
        .into_iter()
        .map(|r| {
            let c = checked.get(&r.id);
            RosterLine {
                enrolment_id: r.id,
                name: r.teacher_name,
                school: r.school_name,
                state: if c.is_some() {
                    "已签到"
                } else if on_leave.contains(&r.id) {
                    "请假"
                } else {
                    "未签到"
                }
                .into(),
                at: c.map(|c| beijing(c.checked_at).format("%H:%M").to_string()),
                by_roster: c.is_some_and(|c| c.source == CheckinSource::Roster),
            }
        })
        .collect();
    // Latest arrivals first, then the rest by name order of enrolment.
    lines.sort_by(|a, b| b.at.is_some().cmp(&a.at.is_some()).then(b.at.cmp(&a.at)));
    Ok(lines)
}

async fn record(
    db: &impl ConnectionTrait,
    session_id: i64,
    e: &enrolment::Model,
    source: CheckinSource,
    at: chrono::DateTime<Utc>,
) -> AppResult<()> {
    checkin::Entity::insert(checkin::ActiveModel {
        id: NotSet,
        session_id: Set(session_id),
        enrolment_id: Set(e.id),
        user_id: Set(e.user_id),
        source: Set(source),
        checked_at: Set(at),
    })
    .on_conflict_do_nothing_on([checkin::Column::SessionId, checkin::Column::EnrolmentId])
    .exec(db)
    .await?;
    crate::server::services::stats::enrolments::changed(db, &[e.id]).await
}

/// The institution ticks (or unticks) a teacher on the roster.
pub async fn tick(
    db: &impl ConnectionTrait,
    actor: &Actor,
    session_id: i64,
    enrolment_id: i64,
    present: bool,
) -> AppResult<()> {
    let (s, _) = runs(db, actor, session_id).await?;
    let e = enrolled(db, s.class_id)
        .await?
        .into_iter()
        .find(|e| e.id == enrolment_id)
        .ok_or(AppError::NotFound)?;
    if present {
        record(db, s.id, &e, CheckinSource::Roster, Utc::now()).await
    } else {
        checkin::Entity::delete_many()
            .filter(checkin::Column::SessionId.eq(s.id))
            .filter(checkin::Column::EnrolmentId.eq(e.id))
            .exec(db)
            .await?;
        crate::server::services::stats::enrolments::changed(db, &[e.id]).await
    }
}

/// The teacher's check-in with the screen's code: at once, or — `scanned_at` given — sent
/// later from the phone's queue when the network was down at the scan. A queued one counts
/// when the session was open at the scan and the code was the one shown then; it is recorded
/// at the scan time. A repeat is answered as already done.
pub async fn check_in(
    db: &impl ConnectionTrait,
    actor: &Actor,
    session_id: Option<i64>,
    typed: &str,
    scanned_at: Option<i64>,
) -> AppResult<CheckedIn> {
    let code_typed = read_code(typed).map_err(|e| AppError::field("code", e.to_string()))?;
    let mine: Vec<enrolment::Model> = enrolment::Entity::find()
        .filter(enrolment::Column::UserId.eq(actor.user_id))
        .filter(enrolment::Column::Status.eq(EnrolmentStatus::Enrolled))
        .all(db)
        .await?;
    let now = Utc::now().timestamp();
    let at = scanned_at.unwrap_or(now);
    // A live scan needs the session open now; a queued one, open at the scan.
    let open_at_scan = |s: &checkin_session::Model| match scanned_at {
        None => s.closed_at.is_none(),
        Some(at) => scan_counts(
            at,
            now,
            s.opened_at.timestamp(),
            s.closed_at.map(|c| c.timestamp()),
        ),
    };
    let sessions = match session_id {
        Some(id) => {
            let s = session(db, id).await?;
            if !mine.iter().any(|e| e.class_id == Some(s.class_id)) {
                return Err(AppError::from(Broken::NotOnRoster));
            }
            if !open_at_scan(&s) {
                return Err(AppError::from(match scanned_at {
                    None => Broken::CheckinClosed,
                    Some(_) => Broken::CheckinScanOutside,
                }));
            }
            vec![s]
        }
        None => {
            let mut q = checkin_session::Entity::find().filter(
                checkin_session::Column::ClassId.is_in(mine.iter().filter_map(|e| e.class_id)),
            );
            if scanned_at.is_none() {
                q = q.filter(checkin_session::Column::ClosedAt.is_null());
            }
            q.order_by_desc(checkin_session::Column::Id)
                .all(db)
                .await?
                .into_iter()
                .filter(|s| open_at_scan(s))
                .collect()
        }
    };
    let Some(s) = sessions.into_iter().find(|s| {
        accepted_windows(at)
            .iter()
            .any(|w| code(&s.secret, *w) == code_typed)
    }) else {
        return Err(AppError::from(Broken::CheckinCodeStale));
    };
    let e = mine
        .iter()
        .find(|e| e.class_id == Some(s.class_id))
        .ok_or(AppError::Internal)?;
    let before = checkin::Entity::find()
        .filter(checkin::Column::SessionId.eq(s.id))
        .filter(checkin::Column::EnrolmentId.eq(e.id))
        .one(db)
        .await?;
    let again = before.is_some();
    let scanned = chrono::DateTime::from_timestamp(at, 0).unwrap_or_else(Utc::now);
    if !again {
        record(db, s.id, e, CheckinSource::Code, scanned).await?;
    }
    let at = before.map_or(scanned, |b| b.checked_at);
    receipt(db, s, at, again).await
}

/// What the teacher's phone shows for a check-in.
async fn receipt(
    db: &impl ConnectionTrait,
    s: checkin_session::Model,
    at: chrono::DateTime<Utc>,
    again: bool,
) -> AppResult<CheckedIn> {
    let (c, p) = by_id::class_with_project(db, s.class_id).await?;
    Ok(CheckedIn {
        session_id: s.id,
        class_label: label(&p, &c),
        title: s.title,
        at: beijing(at).format("%H:%M").to_string(),
        again,
    })
}

/// The caller's own check-in for a session, if there is one: the page a check-in posted
/// without the wasm lands on, which shows it as done (签到成功 and when). Another teacher's
/// session reads as none.
pub async fn my_checkin(
    db: &impl ConnectionTrait,
    actor: &Actor,
    session_id: i64,
) -> AppResult<Option<CheckedIn>> {
    let Some(s) = checkin_session::Entity::find_by_id(session_id)
        .one(db)
        .await?
    else {
        return Ok(None);
    };
    let Some(e) = enrolment::Entity::find()
        .filter(enrolment::Column::UserId.eq(actor.user_id))
        .filter(enrolment::Column::ClassId.eq(s.class_id))
        .one(db)
        .await?
    else {
        return Ok(None);
    };
    let Some(done) = checkin::Entity::find()
        .filter(checkin::Column::SessionId.eq(s.id))
        .filter(checkin::Column::EnrolmentId.eq(e.id))
        .one(db)
        .await?
    else {
        return Ok(None);
    };
    receipt(db, s, done.checked_at, false).await.map(Some)
}

/// The class's check-in sessions, newest first, with how many were present.
pub async fn sessions(db: &impl ConnectionTrait, g: &Graded) -> AppResult<Vec<SessionSummary>> {
    let class_id = g.c().id;
    let list = checkin_session::Entity::find()
        .filter(checkin_session::Column::ClassId.eq(class_id))
        .order_by_desc(checkin_session::Column::Id)
        .all(db)
        .await?;
    let mut counts: HashMap<i64, u32> = HashMap::new();
    for c in checkin::Entity::find()
        .filter(checkin::Column::SessionId.is_in(list.iter().map(|s| s.id)))
        .all(db)
        .await?
    {
        *counts.entry(c.session_id).or_default() += 1;
    }
    Ok(list
        .into_iter()
        .map(|s| SessionSummary {
            id: s.id,
            present: counts.get(&s.id).copied().unwrap_or_default(),
            title: s.title,
            opened_at: beijing(s.opened_at).format("%Y-%m-%d %H:%M").to_string(),
            open: s.closed_at.is_none(),
        })
        .collect())
}
