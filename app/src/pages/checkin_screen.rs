//! The check-in screen (full screen, for a projector or a tablet at the door): the QR code and
//! its 6-digit code, both changing every 30 s, the count, and the roster as teachers arrive;
//! the institution can tick a teacher by hand and end the check-in.

use crate::api::checkin::{close_checkin, get_checkin_screen, tick_roster};
use crate::components::feedback::Loaded;
use crate::dto::checkin::CheckinScreen;
use leptos::prelude::*;
use leptos::task::spawn_local;
use std::time::Duration;

/// How often the screen asks for the code and the roster.
const POLL: Duration = Duration::from_secs(3);

#[component]
pub fn CheckinScreenPage() -> impl IntoView {
    let id = crate::data::id_param()();
    let version = RwSignal::new(0u32);
    let data = crate::data::page_data(move || version.get(), move |_| get_checkin_screen(id));
    // Poll only in the browser, and stop when the page goes away.
    Effect::new(move |_| {
        if let Ok(handle) = set_interval_with_handle(move || version.update(|v| *v += 1), POLL) {
            on_cleanup(move || handle.clear());
        }
    });
    view! {
        <main class="checkin-screen">
            <Loaded data=data plain=true ok=move |s| view! { <Screen s=s version=version /> } />
        </main>
    }
}

#[component]
fn Screen(s: CheckinScreen, version: RwSignal<u32>) -> impl IntoView {
    let id = s.session_id;
    let total = s.roster.len();
    let end = move |_| {
        spawn_local(async move {
            let _ = close_checkin(id).await;
            version.update(|v| *v += 1);
        });
    };
    let tick = move |enrolment_id: i64, present: bool| {
        spawn_local(async move {
            let _ = tick_roster(id, enrolment_id, present).await;
            version.update(|v| *v += 1);
        });
    };
    view! {
        <section class="checkin-code-side">
            <h1>{s.title.clone()}</h1>
            <p class="muted">{s.class_label.clone()}</p>
            {if s.open {
                view! {
                    <div class="qr-box" data-testid="checkin-qr" data-url=s.url.clone() inner_html=s.qr_svg.clone()></div>
                    <p class="big-code" data-testid="checkin-shown-code">{s.code.clone()}</p>
                    <p class="muted">{format!("用手机扫码签到，或在“签到”页输入上方数字；{} 秒后更新", s.seconds_left)}</p>
                    <button class="btn" data-testid="end-checkin" on:click=end>"结束签到"</button>
                }.into_any()
            } else {
                view! { <p class="big-code closed">"签到已结束"</p> <a class="btn" href="/classes">"返回班级管理"</a> }.into_any()
            }}
        </section>
        <section class="checkin-roster-side">
            <h2 data-testid="checkin-count">{format!("已签到 {} / {} 人", s.present, total)}</h2>
            <ul class="roster" data-testid="checkin-roster">
                {s.roster.into_iter().map(|r| {
                    let eid = r.enrolment_id;
                    let here = r.at.is_some();
                    let tone = match r.state.as_str() { "已签到" => "green", "请假" => "orange", _ => "grey" };
                    view! {
                        <li class="roster-line">
                            <label>
                                <input type="checkbox" prop:checked=here on:change=move |ev| tick(eid, event_target_checked(&ev)) />
                                <strong>{r.name.clone()}</strong>
                                <span class="muted">{r.school.clone()}</span>
                            </label>
                            <span class=format!("tag tag-{tone}")>{r.state.clone()}</span>
                            <span class="muted">{r.at.clone().map(|t| if r.by_roster { format!("{t}（手动）") } else { t }).unwrap_or_default()}</span>
                        </li>
                    }
                }).collect_view()}
            </ul>
        </section>
    }
}
