//! The statistics read model (issue 15): the figures kept up to date by the writes equal the
//! ones `server stats rebuild` computes from the records — on SQLite and PostgreSQL.

mod agreement;
mod class_figures;
mod history;
mod plans;
mod views;
mod workbench;

use crate::helpers::*;
use app::domain::enrolment_flow::EnrolmentStatus;
use app::dto::dashboard::{Figure, StatsView, Workbench};
use app::dto::projects::BatchOutcome;
use app::dto::results::ScoreReport;
use app::error::AppError;
use app::server::entities::{credit_standing, enrolment, stat_class, stat_count};
use app::server::services::stats::rebuild::rebuild_all;
use rand::rngs::StdRng;
use rand::{Rng, SeedableRng};
use sea_orm::{ColumnTrait, EntityTrait, PaginatorTrait, QueryFilter, QueryOrder};
use serde_json::json;

type Figures = (
    Vec<stat_count::Model>,
    Vec<stat_class::Model>,
    Vec<credit_standing::Model>,
);

/// Every figure, in a fixed order; counters at zero and empty class rows read as absent.
async fn figures(app: &TestApp) -> Figures {
    let counts = stat_count::Entity::find()
        .filter(stat_count::Column::N.ne(0))
        .order_by_asc(stat_count::Column::Topic)
        .order_by_asc(stat_count::Column::Period)
        .order_by_asc(stat_count::Column::CountyCode)
        .order_by_asc(stat_count::Column::SchoolId)
        .order_by_asc(stat_count::Column::Key)
        .all(&app.db)
        .await
        .unwrap();
    let classes = stat_class::Entity::find()
        .order_by_asc(stat_class::Column::ClassId)
        .all(&app.db)
        .await
        .unwrap()
        .into_iter()
        .filter(|c| {
            [
                c.applied,
                c.admitted,
                c.checked_in,
                c.passed,
                c.scored,
                c.certified,
                c.evaluations,
            ]
            .iter()
            .any(|n| *n != 0)
        })
        .collect();
    let standings = credit_standing::Entity::find()
        .order_by_asc(credit_standing::Column::CycleId)
        .order_by_asc(credit_standing::Column::TeacherId)
        .all(&app.db)
        .await
        .unwrap();
    (counts, classes, standings)
}

async fn in_status(app: &TestApp, classes: &[i64], s: EnrolmentStatus) -> Vec<enrolment::Model> {
    enrolment::Entity::find()
        .filter(enrolment::Column::ClassId.is_in(classes.iter().copied()))
        .filter(enrolment::Column::Status.eq(s.as_str()))
        .order_by_asc(enrolment::Column::Id)
        .all(&app.db)
        .await
        .unwrap()
}

fn pick<'a, T>(rng: &mut StdRng, v: &'a [T]) -> Option<&'a T> {
    (!v.is_empty()).then(|| &v[rng.random_range(0..v.len())])
}

/// The ids of a class's enrolments, oldest first.
async fn class_enrolments(app: &TestApp, class: i64) -> Vec<i64> {
    enrolment::Entity::find()
        .filter(enrolment::Column::ClassId.eq(class))
        .order_by_asc(enrolment::Column::Id)
        .all(&app.db)
        .await
        .unwrap()
        .iter()
        .map(|e| e.id)
        .collect()
}

async fn review(c: &Client, id: i64, action: &str) {
    let r: Result<BatchOutcome, AppError> = c
        .call_json::<api::enrolments::ReviewEnrolments>(
            json!({ "input": { "ids": [id], "action": action, "reason": "名额已满" } }),
        )
        .await;
    // Refusals by the rules are part of random work; a transport error is not.
    assert!(!matches!(r, Err(AppError::Transport(_))), "{r:?}");
}

async fn workbench(c: &Client) -> Workbench {
    c.call::<api::dashboard::GetWorkbench>(&[]).await.unwrap()
}

fn figure<'a>(w: &'a Workbench, label: &str) -> &'a Figure {
    w.figures
        .iter()
        .find(|f| f.label == label)
        .unwrap_or_else(|| panic!("no figure {label} in {:?}", w.figures))
}

fn number(w: &Workbench, label: &str) -> i64 {
    figure(w, label).value.parse().unwrap()
}

fn todo(w: &Workbench, label: &str) -> u64 {
    w.todos
        .iter()
        .find(|t| t.label == label)
        .map_or(0, |t| t.count)
}

async fn stats(c: &Client, area: &str, unit: &str) -> Result<StatsView, AppError> {
    c.call::<api::dashboard::GetStatistics>(&[
        ("query[area]", area.to_string()),
        ("query[unit]", unit.to_string()),
    ])
    .await
}

fn cell(v: &StatsView, row: &str, column: &str) -> String {
    let c = v.columns.iter().position(|h| h == column).unwrap();
    v.rows
        .iter()
        .find(|r| r.name == row)
        .unwrap_or_else(|| panic!("no row {row}"))
        .cells[c]
        .clone()
}

fn total(v: &StatsView, column: &str) -> String {
    v.total[v.columns.iter().position(|h| h == column).unwrap()].clone()
}
