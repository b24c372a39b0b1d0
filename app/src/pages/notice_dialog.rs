//! 发布开班通知: the runner of a class writes what to bring and where to report; every enrolled
//! teacher is told and can print it. Used by the directive page and the class page.

use crate::api::directive::publish_notice;
use crate::dto::directive::NoticeInput;
use leptos::prelude::*;
use leptos::task::spawn_local;

#[component]
pub fn NoticeDialog(
    class_id: i64,
    /// "第1期（2026-07-01 至 2026-07-05，石家庄）".
    summary: String,
    place: String,
    current: Option<String>,
    /// How many teachers were told, or `None` when cancelled.
    on_done: Callback<Option<u32>>,
) -> impl IntoView {
    let text = RwSignal::new(current.unwrap_or_else(|| {
        format!("请于开班当日 8:30 前到{place}报到，携带身份证和本通知；报到后领取学习资料。")
    }));
    let error = RwSignal::new(None::<String>);
    let confirm = move |_| {
        spawn_local(async move {
            match publish_notice(NoticeInput {
                class_id,
                notice: text.get_untracked(),
            })
            .await
            {
                Ok(n) => on_done.run(Some(n)),
                Err(e) => error.set(Some(
                    e.field_message("notice").unwrap_or_else(|| e.to_string()),
                )),
            }
        });
    };
    crate::components::overlay::use_modal(Callback::new(move |()| on_done.run(None)));
    view! {
        <div class="dialog-backdrop">
            <div class="dialog card" role="dialog" aria-modal="true">
                <h2>"发布开班通知"</h2>
                <p>{format!("{summary}：已录取的教师都会收到通知，并可下载打印。")}</p>
                <div class="field" class:has-error=move || error.get().is_some()>
                    <label for="f-notice">"通知内容" <span class="req">"*"</span></label>
                    <textarea id="f-notice" name="notice" rows="5" maxlength="2000"
                        prop:value=move || text.get() on:input=move |ev| text.set(event_target_value(&ev))></textarea>
                    <p class="field-error" role="alert">{move || error.get()}</p>
                </div>
                <div class="dialog-actions">
                    <button class="btn" on:click=move |_| on_done.run(None)>"取消"</button>
                    <button class="btn btn-primary" data-testid="notice-ok" on:click=confirm>"发布"</button>
                </div>
            </div>
        </div>
    }
}
