//! The 工作台: the 待办 counts of the actor's queues, the key figures of its unit for the
//! current training year against the last, and an institution's classes. Counts of queues
//! come from the queues' own lists, so a count and the page it links to always agree.

use super::statistics::areas::classes::ClassSums;
use super::stats::read::{self, StatUnit, Sums, get, sum_suffix};
use super::{credits, enrolments, org, projects, results, training_years};
use crate::domain::dashboard::{Change, Queue, percent_text, share};
use crate::domain::enrolment_flow::EnrolmentStatus;
use crate::domain::leave::LeaveStatus;
use crate::domain::region::prefix_of;
use crate::domain::role::Role;
use crate::domain::role::Scope;
use crate::domain::statistics::{PARTICIPANTS, credit_key};
use crate::dto::dashboard::{ClassFigures, Figure, Todo, Trend, Workbench};
use crate::dto::enrolments::EnrolmentFilter;
use crate::dto::projects::ProjectFilter;
use crate::error::{AppError, AppResult};
use crate::server::auth::Actor;
use crate::server::auth::policy::proof::unit;
use crate::server::entities::{enrolment, leave_request, project, project_class, stat_class};
use crate::server::services::figures::{as_of, current_cycle, scope_name, stat_unit, this_year};
use sea_orm::{ColumnTrait, ConnectionTrait, EntityTrait, PaginatorTrait, QueryFilter, QueryOrder};
use std::collections::HashMap;

fn trend(c: Change) -> Trend {
    match c {
        Change::Up(_) => Trend::Up,
        Change::Down(_) => Trend::Down,
        Change::Same => Trend::Same,
        Change::New => Trend::None,
    }
}

/// How many items wait in a queue for the actor.
async fn waiting(db: &impl ConnectionTrait, actor: &Actor, q: Queue) -> AppResult<u64> {
    Ok(match q {
        Queue::ProjectsToReview => {
            let f = ProjectFilter {
                queue: true,
                page_size: 1,
                ..Default::default()
            };
            projects::list::list(db, actor, &f).await?.total
        }
        Queue::EnrolmentsToReview => {
            let f = EnrolmentFilter {
                page_size: 1,
                ..Default::default()
            };
            enrolments::review::list(db, actor, &f).await?.total
        }
        Queue::CreditsToCertify => credits::queue(db, actor).await?.len() as u64,
        Queue::DirectiveToHandle => {
            let (status, code) = match (&actor.scope, actor.role) {
                (Scope::Region(code), Role::CountyAdmin) => (EnrolmentStatus::Nominated, code),
                (Scope::Region(code), Role::CityAdmin) => (EnrolmentStatus::AtCity, code),
                (Scope::Region(code), Role::ProvinceAdmin) => (EnrolmentStatus::AtProvince, code),
                _ => return Ok(0),
            };
            prefix_of(code).ok_or(AppError::Forbidden)?;
            enrolment::Entity::find()
                .filter(enrolment::Column::Status.eq(status))
                .filter(org::county_within(enrolment::Column::CountyCode, code))
                .count(db)
                .await?
        }
        Queue::LeavesToDecide | Queue::ScoresToEnter => {
            let classes = results::class_ids(db, actor).await?;
            if q == Queue::LeavesToDecide {
                leave_request::Entity::find()
                    .filter(leave_request::Column::ClassId.is_in(classes))
                    .filter(leave_request::Column::Status.eq(LeaveStatus::Pending))
                    .count(db)
                    .await?
            } else {
                let ended: Vec<i64> = project_class::Entity::find()
                    .filter(project_class::Column::Id.is_in(classes))
                    .filter(project_class::Column::EndsOn.lt(training_years::today()))
                    .all(db)
                    .await?
                    .into_iter()
                    .map(|c| c.id)
                    .collect();
                enrolment::Entity::find()
                    .filter(enrolment::Column::ClassId.is_in(ended))
                    .filter(enrolment::Column::Status.eq(EnrolmentStatus::Enrolled))
                    .filter(enrolment::Column::Passed.is_null())
                    .count(db)
                    .await?
            }
        }
    })
}

async fn todos(db: &impl ConnectionTrait, actor: &Actor) -> AppResult<Vec<Todo>> {
    let mut out = Vec::new();
    for q in Queue::of(actor.role) {
        let count = waiting(db, actor, q).await?;
        if count > 0 {
            out.push(Todo {
                label: q.label().into(),
                link: q.link().into(),
                count,
            });
        }
    }
    Ok(out)
}

fn count_figure(label: &str, this: i64, last: Option<i64>, detail: String) -> Figure {
    let c = Change::of(Some(this.max(0) as u64), last.map(|n| n.max(0) as u64));
    Figure {
        label: label.into(),
        value: this.to_string(),
        detail,
        change: c.text(false),
        trend: trend(c),
        link: None,
    }
}

fn rate_figure(label: &str, this: Option<u32>, last: Option<u32>, detail: String) -> Figure {
    let c = Change::of(this.map(u64::from), last.map(u64::from));
    Figure {
        label: label.into(),
        value: percent_text(this),
        detail,
        change: c.text(true),
        trend: trend(c),
        link: None,
    }
}

/// The key figures of a bureau's or a school's unit.
pub async fn unit_figures(
    db: &impl ConnectionTrait,
    unit: &StatUnit,
    year: i32,
) -> AppResult<Vec<Figure>> {
    let teachers = get(
        &read::totals(db, read::TEACHERS, 0, unit).await?,
        crate::domain::statistics::TEACHERS,
    );
    let now = read::totals(db, read::TRAINING, year, unit).await?;
    let last = read::totals(db, read::TRAINING, year - 1, unit).await?;
    let had_last = !last.is_empty();
    let measure = |s: &Sums, m: &str| sum_suffix(s, m);
    let participants = get(&now, PARTICIPANTS);
    let (passed, admitted) = (measure(&now, "passed"), measure(&now, "admitted"));
    let (passed_l, admitted_l) = (measure(&last, "passed"), measure(&last, "admitted"));
    let mut figures = vec![
        Figure {
            link: Some("/stats?area=teachers".into()),
            ..count_figure("在岗教师", teachers, None, "人".into())
        },
        Figure {
            link: Some("/stats?area=training".into()),
            ..count_figure(
                "本年度参训",
                participants,
                had_last.then(|| get(&last, PARTICIPANTS)),
                format!("参训率 {}", percent_text(share(participants, teachers))),
            )
        },
        Figure {
            link: Some("/stats?area=training".into()),
            ..rate_figure(
                "合格率",
                share(passed, admitted),
                had_last.then(|| share(passed_l, admitted_l)).flatten(),
                format!("合格 {passed} 人次 / 录取 {admitted} 人次"),
            )
        },
        count_figure(
            "证书",
            measure(&now, "certified"),
            had_last.then(|| measure(&last, "certified")),
            "本年度发放".into(),
        ),
    ];
    if let Some((cycle, ref_year, first_year)) = current_cycle(db).await? {
        let c = read::totals(db, read::CREDITS, cycle as i32, unit).await?;
        let in_post = get(&c, credit_key::TEACHERS);
        let prev = (ref_year > first_year).then(|| share(get(&c, credit_key::PREV_OK), in_post));
        figures.push(Figure {
            link: Some("/stats?area=credits".into()),
            ..rate_figure(
                "学分达标率",
                share(get(&c, credit_key::YEAR_OK), in_post),
                prev.flatten(),
                format!(
                    "周期进度达标 {}",
                    percent_text(share(get(&c, credit_key::CYCLE_OK), in_post))
                ),
            )
        });
    }
    Ok(figures)
}

/// An institution's (or a bureau's own) classes of the year, with their figures.
async fn class_figures(
    db: &impl ConnectionTrait,
    actor: &Actor,
    year: i32,
) -> AppResult<Vec<ClassFigures>> {
    let ids = results::class_ids(db, actor).await?;
    let classes: Vec<project_class::Model> = project_class::Entity::find()
        .filter(project_class::Column::Id.is_in(ids))
        .order_by_asc(project_class::Column::StartsOn)
        .order_by_asc(project_class::Column::Id)
        .all(db)
        .await?;
    let projects: HashMap<i64, project::Model> = project::Entity::find()
        .filter(project::Column::Id.is_in(classes.iter().map(|c| c.project_id)))
        .filter(project::Column::Year.eq(year))
        .all(db)
        .await?
        .into_iter()
        .map(|p| (p.id, p))
        .collect();
    let figures: HashMap<i64, stat_class::Model> = stat_class::Entity::find()
        .filter(stat_class::Column::ClassId.is_in(classes.iter().map(|c| c.id)))
        .all(db)
        .await?
        .into_iter()
        .map(|s| (s.class_id, s))
        .collect();
    Ok(classes
        .into_iter()
        .filter_map(|c| {
            let p = projects.get(&c.project_id)?;
            // The same sums and rates as 培训统计's, for one class.
            let mut sums = ClassSums::default();
            let seats = i64::from(c.capacity + c.extra_capacity);
            let scored = figures.get(&c.id).map_or(0, |f| {
                sums.add(f, seats);
                f.scored
            });
            let [checkin_rate, pass_rate, evaluation] = sums.rates();
            Some(ClassFigures {
                class_id: c.id,
                project_name: p.name.clone(),
                class_name: c.name.clone(),
                starts_on: c.starts_on.to_string(),
                admitted: sums.admitted,
                seats,
                checkin_rate,
                to_score: (sums.admitted - scored).max(0),
                pass_rate,
                evaluation,
            })
        })
        .collect())
}

pub async fn workbench(db: &impl ConnectionTrait, actor: &Actor) -> AppResult<Workbench> {
    let year = this_year(db).await?;
    let (figures, classes) = match stat_unit(actor)? {
        Some(u) => (unit_figures(db, &u, year).await?, Vec::new()),
        None => {
            unit(actor)?;
            (Vec::new(), class_figures(db, actor, year).await?)
        }
    };
    Ok(Workbench {
        scope_name: scope_name(db, actor).await?,
        year,
        as_of: as_of(),
        todos: todos(db, actor).await?,
        figures,
        classes,
        announcements: super::announcements::inbox::latest(db, actor, 5).await?,
    })
}
