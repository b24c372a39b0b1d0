//! The vertical timeline of workflow steps (项目审核进度, 报名进度).

use crate::dto::projects::EventView;
use leptos::prelude::*;

/// A vertical timeline of workflow steps: date, step, who, and the reason where one was given.
#[component]
pub fn Timeline(events: Vec<EventView>) -> impl IntoView {
    view! {
        <ol class="timeline" data-testid="timeline">
            {events.into_iter().map(|e| view! {
                <li class="timeline-item">
                    <div class="timeline-head">
                        <strong>{e.action}</strong>
                        <span class="muted">{format!("{} · {}", e.at, e.actor)}</span>
                    </div>
                    {e.reason.map(|r| view! { <p class="changes">{format!("原因：{r}")}</p> })}
                </li>
            }).collect_view()}
        </ol>
    }
}
