//! 课程安排: whoever runs the class saves its timetable.

use crate::domain::timetable::Lesson;
use crate::dto::ids::ClassId;
use crate::error::AppError;
use leptos::prelude::*;
use server_fn::codec::Json;

/// Replaces the class's timetable; answers it as saved (tidied, in the order of the day).
#[server(output = server_fn::codec::Postcard, input = Json, endpoint = "save_timetable")]
pub async fn save_timetable(
    class_id: ClassId,
    lessons: Vec<Lesson>,
) -> Result<Vec<Lesson>, AppError> {
    let (state, _, g) = super::ctx::run_class(class_id.0).await?;
    crate::server::services::timetable::save(&state.db, &g, &lessons).await
}
