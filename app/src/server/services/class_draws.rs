//! Published draws (抽签) as a project's page and a class's show them. `enrolments::draw`
//! runs a draw; this leaf only reads one, so a project's detail needs no enrolment workflow.

use crate::dto::enrolments::DrawView;
use crate::error::AppResult;
use crate::server::entities::class_draw;
use crate::server::services::beijing;
use sea_orm::{ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter};

/// The draws of these classes, by class.
pub async fn of_classes(
    db: &impl ConnectionTrait,
    ids: impl IntoIterator<Item = i64>,
) -> AppResult<std::collections::HashMap<i64, DrawView>> {
    Ok(class_draw::Entity::find()
        .filter(class_draw::Column::ClassId.is_in(ids))
        .all(db)
        .await?
        .into_iter()
        .map(|d| (d.class_id, view_of(d)))
        .collect())
}

pub fn view_of(d: class_draw::Model) -> DrawView {
    DrawView {
        class_id: d.class_id,
        seed: d.seed,
        seats: d.seats,
        applicants: serde_json::from_str(&d.applicants).unwrap_or_default(),
        winners: serde_json::from_str(&d.winners).unwrap_or_default(),
        drawn_by: d.actor_name,
        drawn_at: beijing(d.drawn_at).format("%Y-%m-%d %H:%M:%S").to_string(),
    }
}
