//! 首页: the latest announcements for everyone; for a teacher, what waits for them (待报到,
//! 待评教 with the days left, 待选微能力点) and this year's and the cycle's credits — one answer,
//! one round trip on a weak network.

use crate::domain::access::Permission;
use crate::domain::enrolment_flow::EnrolmentStatus;
use crate::domain::home::{Progress, TodoKind, days_left};
use crate::dto::enrolments::MyTraining;
use crate::dto::home::{HomeTodo, HomeView, TeacherHome};
use crate::error::AppResult;
use crate::server::auth::Actor;
use crate::server::auth::policy::proof::{OwnRecord, own_record};
use crate::server::entities::certificate;
use crate::server::services::announcements::inbox;
use crate::server::services::enrolments::my_training;
use crate::server::services::{credits, training_years};
use chrono::{Datelike, NaiveDate};
use sea_orm::{ColumnTrait, ConnectionTrait, EntityTrait, PaginatorTrait, QueryFilter};

/// How many announcements the home page lists.
const LATEST: usize = 5;

pub async fn view(db: &impl ConnectionTrait, actor: &Actor) -> AppResult<HomeView> {
    let (announcements, unread) = if Permission::ReadAnnouncements.held_by(actor.role) {
        inbox::latest_and_unread(db, actor, LATEST).await?
    } else {
        (Vec::new(), 0)
    };
    let teacher = if Permission::Learn.held_by(actor.role) {
        Some(teacher(db, &own_record(db, actor).await?).await?)
    } else {
        None
    };
    Ok(HomeView {
        announcements,
        unread,
        teacher,
    })
}

async fn teacher(db: &impl ConnectionTrait, me: &OwnRecord) -> AppResult<TeacherHome> {
    let today = training_years::today();
    let tabs = my_training::tabs(db, me, &Default::default()).await?;
    let all = || {
        tabs.upcoming
            .iter()
            .chain(&tabs.ongoing)
            .chain(&tabs.finished)
    };
    let mut todos = Vec::new();
    for m in &tabs.upcoming {
        if m.status == EnrolmentStatus::Enrolled {
            todos.push(todo(TodoKind::Report, m, format!("{} 开班", m.starts_on)));
        }
    }
    for m in all() {
        if let Some(last) = m.evaluate_until.as_deref()
            && let Ok(last_day) = last.parse::<NaiveDate>()
        {
            let kind = TodoKind::Evaluate {
                days_left: days_left(today, last_day),
            };
            todos.push(todo(kind, m, format!("{last} 前完成评教")));
        }
        if m.micro
            .as_ref()
            .is_some_and(|p| p.open && p.picked.is_empty())
        {
            todos.push(todo(
                TodoKind::PickMicro,
                m,
                "开班前选定本次研修的微能力点".into(),
            ));
        }
    }
    let c = credits::mine(db, me, None).await?;
    let year = today.year();
    let year_credits = c
        .table
        .years
        .iter()
        .position(|y| *y == year)
        .and_then(|i| c.table.totals.0.get(i))
        .map(Progress::from)
        .unwrap_or_default();
    let cycle = c
        .cycles
        .iter()
        .find(|x| x.id == c.cycle_id)
        .map(|x| x.label.clone())
        .unwrap_or_default();
    let certificates = certificate::Entity::find()
        .filter(certificate::Column::UserId.eq(me.teacher().user_id))
        .count(db)
        .await? as u32;
    Ok(TeacherHome {
        todos,
        year,
        year_credits,
        cycle,
        cycle_credits: Progress::from(&c.table.totals.1),
        missing: c.table.missing,
        can_launch: tabs.ongoing.iter().any(|m| m.can_launch),
        certificates,
    })
}

fn todo(kind: TodoKind, m: &MyTraining, detail: String) -> HomeTodo {
    HomeTodo {
        kind,
        title: format!("{} · {}", m.project_name, m.class_name),
        detail,
        href: format!("/my/training?tab={}", m.phase as u8),
    }
}
