//! The workflow log: every state change of a project, class or enrolment, with who, when and
//! why. Timelines are read from it.

use super::beijing;
use crate::domain::role::Scope;
use crate::dto::projects::EventView;
use crate::error::AppResult;
use crate::server::auth::Actor;
use crate::server::entities::{institution, region, school, workflow_event};
use chrono::Utc;
use sea_orm::{
    ActiveModelTrait, ActiveValue::Set, ColumnTrait, ConnectionTrait, EntityTrait, NotSet,
    QueryFilter, QueryOrder,
};
use std::collections::HashMap;

/// What changed: `subject` is ("project" | "class" | "enrolment", id).
pub struct Change<'a> {
    pub project_id: i64,
    pub subject: (&'static str, i64),
    pub action: &'a str,
    pub from: &'a str,
    pub to: &'a str,
    pub reason: Option<&'a str>,
    /// The step as it reads when it names more than its action ("已分配至河北师范大学").
    pub detail: Option<&'a str>,
}

/// "石家庄市教育局", "河北师范大学", "长安区第一小学": the unit an actor speaks for.
pub async fn unit_name(db: &impl ConnectionTrait, actor: &Actor) -> AppResult<String> {
    Ok(match &actor.scope {
        Scope::Region(code) => region::Entity::find_by_id(code.clone())
            .one(db)
            .await?
            .map(|r| r.name)
            .unwrap_or_default(),
        Scope::School { id, .. } => school::Entity::find_by_id(*id)
            .one(db)
            .await?
            .map(|s| s.name)
            .unwrap_or_default(),
        Scope::Institution(id) => institution::Entity::find_by_id(*id)
            .one(db)
            .await?
            .map(|i| i.name)
            .unwrap_or_default(),
        Scope::Own(_) => String::new(),
    })
}

/// Appends one change made by `actor`.
pub async fn record(db: &impl ConnectionTrait, actor: &Actor, c: Change<'_>) -> AppResult<()> {
    let unit = unit_name(db, actor).await?;
    workflow_event::ActiveModel {
        id: NotSet,
        project_id: Set(c.project_id),
        subject_type: Set(c.subject.0.into()),
        subject_id: Set(c.subject.1),
        at: Set(Utc::now()),
        actor_user_id: Set(Some(actor.user_id)),
        actor_name: Set(actor.name.clone()),
        actor_role: Set(unit),
        action: Set(c.action.into()),
        from_status: Set(c.from.into()),
        to_status: Set(c.to.into()),
        reason: Set(c
            .reason
            .map(|r| r.trim().to_string())
            .filter(|r| !r.is_empty())),
        detail: Set(c.detail.map(String::from)),
    }
    .insert(db)
    .await?;
    Ok(())
}

fn view(e: workflow_event::Model, label: &impl Fn(&str, &str) -> (String, String)) -> EventView {
    let (label, to_status) = label(&e.action, &e.to_status);
    let action = e.detail.unwrap_or(label);
    let actor = if e.actor_role.is_empty() {
        e.actor_name
    } else {
        format!("{}（{}）", e.actor_role, e.actor_name)
    };
    EventView {
        at: beijing(e.at).format("%Y-%m-%d %H:%M").to_string(),
        action,
        actor,
        to_status,
        reason: e.reason,
    }
}

/// The changes of one subject, oldest first, labelled by `label(action, to_status)`.
pub async fn timeline(
    db: &impl ConnectionTrait,
    subject: (&str, i64),
    label: impl Fn(&str, &str) -> (String, String),
) -> AppResult<Vec<EventView>> {
    let mut all = timelines(db, subject.0, &[subject.1], label).await?;
    Ok(all.remove(&subject.1).unwrap_or_default())
}

/// The timelines of many subjects of one type in one query, by subject id.
pub async fn timelines(
    db: &impl ConnectionTrait,
    subject_type: &str,
    ids: &[i64],
    label: impl Fn(&str, &str) -> (String, String),
) -> AppResult<HashMap<i64, Vec<EventView>>> {
    let rows = workflow_event::Entity::find()
        .filter(workflow_event::Column::SubjectType.eq(subject_type))
        .filter(workflow_event::Column::SubjectId.is_in(ids.to_vec()))
        .order_by_asc(workflow_event::Column::Id)
        .all(db)
        .await?;
    let mut out: HashMap<i64, Vec<EventView>> = HashMap::new();
    for e in rows {
        let id = e.subject_id;
        out.entry(id).or_default().push(view(e, &label));
    }
    Ok(out)
}
