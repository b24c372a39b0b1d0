//! The history of a record: who changed what and when, and every move. Rows are only added.

use super::beijing_minute;
use crate::domain::mask::mask_id_number;
use crate::domain::teacher::label_of;
use crate::dto::teachers::HistoryEntry;
use crate::error::AppResult;
use crate::server::auth::Actor;
use crate::server::entities::teacher_history;
use chrono::Utc;
use sea_orm::{
    ActiveModelTrait, ActiveValue::Set, ColumnTrait, ConnectionTrait, EntityTrait, NotSet,
    QueryFilter, QueryOrder,
};

/// One entry to add. `changes` are (field key, before, after).
#[derive(Debug, Default)]
pub struct Entry {
    pub kind: &'static str,
    pub summary: String,
    pub changes: Vec<(String, String, String)>,
    pub from_school_id: Option<i64>,
    pub to_school_id: Option<i64>,
}

/// ID numbers never enter the history whole.
fn shown(key: &str, value: &str) -> String {
    if key == "id_number" && !value.is_empty() {
        mask_id_number(value)
    } else {
        value.to_string()
    }
}

fn model(teacher_id: i64, actor: Option<&Actor>, e: Entry) -> teacher_history::ActiveModel {
    let changes: Vec<(String, String, String)> = e
        .changes
        .into_iter()
        .map(|(k, b, a)| {
            let (b, a) = (shown(&k, &b), shown(&k, &a));
            (k, b, a)
        })
        .collect();
    teacher_history::ActiveModel {
        id: NotSet,
        teacher_id: Set(teacher_id),
        at: Set(Utc::now()),
        actor_user_id: Set(actor.map(|a| a.user_id)),
        actor_name: Set(actor
            .map(|a| a.name.clone())
            .unwrap_or_else(|| "系统".into())),
        kind: Set(e.kind.into()),
        summary: Set(e.summary),
        changes: Set(serde_json::to_string(&changes).unwrap_or_else(|_| "[]".into())),
        from_school_id: Set(e.from_school_id),
        to_school_id: Set(e.to_school_id),
    }
}

pub async fn add(
    db: &impl ConnectionTrait,
    teacher_id: i64,
    actor: Option<&Actor>,
    e: Entry,
) -> AppResult<()> {
    model(teacher_id, actor, e).insert(db).await?;
    // Every change to a record writes its line here: the statistics follow it.
    crate::server::services::stats::teachers::changed(db, &[teacher_id]).await
}

/// Many entries in one statement (an import's new records).
pub async fn add_many(
    db: &impl ConnectionTrait,
    actor: Option<&Actor>,
    entries: Vec<(i64, Entry)>,
) -> AppResult<()> {
    if entries.is_empty() {
        return Ok(());
    }
    let ids: Vec<i64> = entries.iter().map(|(id, _)| *id).collect();
    let models = entries.into_iter().map(|(id, e)| model(id, actor, e));
    teacher_history::Entity::insert_many(models)
        .exec(db)
        .await?;
    crate::server::services::stats::teachers::changed(db, &ids).await
}

/// Newest first.
pub async fn of(db: &impl ConnectionTrait, teacher_id: i64) -> AppResult<Vec<HistoryEntry>> {
    let rows = teacher_history::Entity::find()
        .filter(teacher_history::Column::TeacherId.eq(teacher_id))
        .order_by_desc(teacher_history::Column::At)
        .order_by_desc(teacher_history::Column::Id)
        .all(db)
        .await?;
    Ok(rows
        .into_iter()
        .map(|r| {
            let changes: Vec<(String, String, String)> =
                serde_json::from_str(&r.changes).unwrap_or_default();
            HistoryEntry {
                at: beijing_minute(r.at),
                actor_name: r.actor_name,
                kind: r.kind,
                summary: r.summary,
                changes: changes
                    .into_iter()
                    .map(|(k, b, a)| (label_of(&k).to_string(), b, a))
                    .collect(),
            }
        })
        .collect())
}
