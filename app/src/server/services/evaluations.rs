//! Evaluations (评教): the province's questionnaire, the teacher's answers within 10 days after
//! a class ends, what is still owed (it blocks new self-selection), and the averages and
//! comments the class's runner reads — without names.

use crate::domain::assessment::format_score;
use crate::domain::enrolment_flow::EnrolmentStatus;
use crate::domain::evaluation::{
    Answers, averages, check_answers, default_items, last_day, open_on, read_items,
};
use crate::dto::evaluations::EvaluationSummary;
use crate::error::{AppError, AppResult, Broken};
use crate::server::auth::Actor;
use crate::server::auth::policy::proof::Graded;
use crate::server::auth::policy::{Permission, Target, ensure};
use crate::server::entities::{enrolment, evaluation, evaluation_form, project, project_class};
use crate::server::services::by_id;
use crate::server::services::roster::enrolled;
use crate::server::services::{beijing, training_years};
use chrono::Utc;
use sea_orm::{
    ActiveModelTrait, ActiveValue::Set, ColumnTrait, ConnectionTrait, EntityTrait, NotSet,
    QueryFilter, QueryOrder,
};
use std::collections::HashSet;

/// The questions asked now.
pub async fn items(db: &impl ConnectionTrait) -> AppResult<Vec<String>> {
    Ok(evaluation_form::Entity::find()
        .order_by_desc(evaluation_form::Column::Id)
        .one(db)
        .await?
        .and_then(|f| serde_json::from_str(&f.items).ok())
        .unwrap_or_else(default_items))
}

/// The province sets the questions (one per line); evaluations already given keep theirs.
pub async fn save_items(db: &impl ConnectionTrait, actor: &Actor, text: &str) -> AppResult<()> {
    let province = crate::server::auth::policy::bureau_region(actor)?.to_string();
    ensure(
        actor,
        Permission::ConfigureProvince,
        Target::Region(&province),
    )?;
    let list = read_items(text).map_err(|e| AppError::field("items", e.to_string()))?;
    evaluation_form::ActiveModel {
        id: NotSet,
        items: Set(serde_json::to_string(&list).map_err(AppError::internal)?),
        updated_at: Set(Utc::now()),
        updated_by_name: Set(actor.name.clone()),
    }
    .insert(db)
    .await?;
    Ok(())
}

/// The teacher's enrolled classes that ended and can still be evaluated but are not:
/// (enrolment id, "project · class", last day).
pub async fn owed(
    db: &impl ConnectionTrait,
    user_id: i64,
) -> AppResult<Vec<(i64, String, chrono::NaiveDate)>> {
    let today = training_years::today();
    let mine = enrolment::Entity::find()
        .filter(enrolment::Column::UserId.eq(user_id))
        .filter(enrolment::Column::Status.eq(EnrolmentStatus::Enrolled))
        .all(db)
        .await?;
    let classes = project_class::Entity::find()
        .filter(project_class::Column::Id.is_in(mine.iter().map(|e| e.class_id)))
        .filter(project_class::Column::EndsOn.lt(today))
        .filter(
            project_class::Column::EndsOn
                .gte(today - chrono::Duration::days(crate::domain::evaluation::WINDOW_DAYS)),
        )
        .all(db)
        .await?;
    if classes.is_empty() {
        return Ok(Vec::new());
    }
    let done: HashSet<i64> = evaluation::Entity::find()
        .filter(evaluation::Column::UserId.eq(user_id))
        .all(db)
        .await?
        .into_iter()
        .map(|e| e.enrolment_id)
        .collect();
    let mut out = Vec::new();
    for c in classes.into_iter().filter(|c| open_on(c.ends_on, today)) {
        let Some(e) = mine
            .iter()
            .find(|e| e.class_id == Some(c.id) && !done.contains(&e.id))
        else {
            continue;
        };
        let name = project::Entity::find_by_id(c.project_id)
            .one(db)
            .await?
            .map(|p| p.name)
            .unwrap_or_default();
        out.push((e.id, format!("{name} · {}", c.name), last_day(c.ends_on)));
    }
    Ok(out)
}

/// Which of the teacher's enrolments have been evaluated.
pub async fn evaluated(db: &impl ConnectionTrait, user_id: i64) -> AppResult<HashSet<i64>> {
    Ok(evaluation::Entity::find()
        .filter(evaluation::Column::UserId.eq(user_id))
        .all(db)
        .await?
        .into_iter()
        .map(|e| e.enrolment_id)
        .collect())
}

/// The teacher rates a class they finished, once, within its window.
pub async fn submit(
    db: &impl ConnectionTrait,
    actor: &Actor,
    enrolment_id: i64,
    a: &Answers,
) -> AppResult<()> {
    let e = enrolment::Entity::find_by_id(enrolment_id)
        .one(db)
        .await?
        .filter(|e| e.user_id == actor.user_id && e.status == EnrolmentStatus::Enrolled)
        .ok_or(AppError::NotFound)?;
    let c = by_id::placed_class(db, &e).await?;
    if !open_on(c.ends_on, training_years::today()) {
        return Err(AppError::from(Broken::EvaluationWindow {
            days: crate::domain::evaluation::WINDOW_DAYS,
            from: (c.ends_on + chrono::Duration::days(1)).to_string(),
            to: last_day(c.ends_on).to_string(),
        }));
    }
    let asked = items(db).await?;
    let errs = check_answers(&asked, a);
    if !errs.is_empty() {
        return Err(AppError::Validation(errs));
    }
    if evaluated(db, actor.user_id).await?.contains(&e.id) {
        return Err(AppError::from(Broken::AlreadyEvaluated));
    }
    evaluation::ActiveModel {
        id: NotSet,
        enrolment_id: Set(e.id),
        class_id: Set(c.id),
        user_id: Set(actor.user_id),
        items: Set(serde_json::to_string(&asked).map_err(AppError::internal)?),
        ratings: Set(serde_json::to_string(&a.ratings[..asked.len()]).map_err(AppError::internal)?),
        comment: Set(a.comment.trim().to_string()),
        created_at: Set(Utc::now()),
    }
    .insert(db)
    .await?;
    crate::server::services::stats::enrolments::changed(db, &[e.id]).await
}

/// What the class's runner reads: each question's average, how many answered, the comments.
pub async fn summary(db: &impl ConnectionTrait, g: &Graded) -> AppResult<EvaluationSummary> {
    let class_id = g.c().id;
    let list = evaluation::Entity::find()
        .filter(evaluation::Column::ClassId.eq(class_id))
        .order_by_desc(evaluation::Column::Id)
        .all(db)
        .await?;
    // Averages are over the questions the newest evaluation was asked; a question changed
    // since is averaged over those who were asked it.
    let questions: Vec<String> = list
        .first()
        .and_then(|e| serde_json::from_str(&e.items).ok())
        .unwrap_or(items(db).await?);
    let answers: Vec<Vec<u8>> = list
        .iter()
        .filter(|e| serde_json::from_str::<Vec<String>>(&e.items).ok().as_ref() == Some(&questions))
        .filter_map(|e| serde_json::from_str(&e.ratings).ok())
        .collect();
    let (avgs, _) = averages(questions.len(), &answers);
    Ok(EvaluationSummary {
        items: questions
            .into_iter()
            .zip(avgs)
            .map(|(q, a)| (q, format_score(a)))
            .collect(),
        answered: list.len() as u32,
        enrolled: enrolled(db, class_id).await?.len() as u32,
        comments: list
            .into_iter()
            .filter(|e| !e.comment.is_empty())
            .map(|e| (beijing(e.created_at).date().to_string(), e.comment))
            .collect(),
    })
}
