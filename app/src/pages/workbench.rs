//! 工作台 (every administrator's home): what waits for the actor, the key figures of its unit
//! with their change against last year, and an institution's classes. Each 待办 count and
//! figure card leads to its page.

use crate::api::dashboard::get_workbench;
use crate::components::feedback::Loaded;
use crate::components::list_table::{Col, Table, col};
use crate::dto::account::Me;
use crate::dto::announcements::AnnouncementRow;
use crate::dto::dashboard::{ClassFigures, Figure, Todo, Trend, Workbench};
use leptos::prelude::*;
use leptos_meta::Title;

#[component]
pub fn WorkbenchPage() -> impl IntoView {
    let data = crate::data::page_data(|| (), |_| get_workbench());
    view! {
        <Title text="工作台" />
        <Loaded data=data ok=move |w| board(w) />
    }
}

fn board(w: Workbench) -> impl IntoView {
    let name = use_context::<Me>().map(|m| m.name).unwrap_or_default();
    let has_figures = !w.figures.is_empty();
    let has_classes = !w.classes.is_empty() || !has_figures;
    view! {
        <div class="page-head">
            <nav class="breadcrumb">"工作台"</nav>
            <h1 data-testid="welcome">{format!("您好，{name}")}</h1>
            <p class="muted">{format!("{} · {} 年度 · {}", w.scope_name, w.year, w.as_of)}</p>
        </div>
        <section class="card" data-testid="todos">
            <h2>"待办事项"</h2>
            {if w.todos.is_empty() {
                view! { <p class="muted">"暂无待办事项"</p> }.into_any()
            } else {
                view! { <div class="todos">{w.todos.into_iter().map(todo).collect_view()}</div> }.into_any()
            }}
        </section>
        {(!w.announcements.is_empty()).then(|| announcements(w.announcements))}
        {has_figures.then(|| view! {
            <div class="figures" data-testid="figures">{w.figures.into_iter().map(figure).collect_view()}</div>
        })}
        {has_classes.then(|| classes(w.classes))}
    }
}

/// The latest 通知公告, as on a teacher's 首页. Written here rather than shared with it: code
/// shared by the two areas would travel in a teacher's first visit.
fn announcements(rows: Vec<AnnouncementRow>) -> impl IntoView {
    view! {
        <section class="card" data-testid="workbench-announcements">
            <h2><a href="/announcements">"通知公告"</a></h2>
            <ul class="plain-list">
                {rows.into_iter().map(|a| view! {
                    <li data-testid="workbench-announcement">
                        {(!a.read).then(|| view! { <span class="tag tag-red">"未读"</span> " " })}
                        <a href=format!("/announcements/{}", a.id)>{a.title}</a>
                        <div class="muted">{format!("{} · {}", a.from, a.at)}</div>
                    </li>
                }).collect_view()}
            </ul>
        </section>
    }
}

fn todo(t: Todo) -> impl IntoView {
    view! {
        <a class="todo" href=t.link data-testid="todo">
            <span class="todo-count">{t.count}</span>
            <span>{t.label}</span>
        </a>
    }
}

fn trend_class(t: Trend) -> &'static str {
    match t {
        Trend::Up => "trend trend-up",
        Trend::Down => "trend trend-down",
        Trend::Same | Trend::None => "trend",
    }
}

fn figure(f: Figure) -> impl IntoView {
    let body = view! {
        <span class="figure-label">{f.label.clone()}</span>
        <strong class="figure-value">{f.value}</strong>
        <span class="figure-detail">{f.detail}</span>
        <span class=trend_class(f.trend)>{f.change}</span>
    };
    match f.link {
        Some(href) => {
            view! { <a class="figure card" href=href data-testid="figure">{body}</a> }.into_any()
        }
        None => view! { <div class="figure card" data-testid="figure">{body}</div> }.into_any(),
    }
}

const CLASS_COLS: &[Col] = &[
    col("项目 / 班级"),
    col("开班"),
    col("录取 / 计划"),
    col("报到率"),
    col("待录成绩"),
    col("合格率"),
    col("评教"),
];

fn classes(list: Vec<ClassFigures>) -> impl IntoView {
    view! {
        <section class="card">
            <h2>"本年度班级"</h2>
            <Table items=list cols=CLASS_COLS empty="本年度暂无班级" testid="class-figures"
                row=|c: ClassFigures| view! {
                    <td data-label="项目 / 班级"><strong>{c.project_name}</strong><div class="muted">{c.class_name}</div></td>
                    <td data-label="开班">{c.starts_on}</td>
                    <td data-label="录取 / 计划">{format!("{} / {}", c.admitted, c.seats)}</td>
                    <td data-label="报到率">{c.checkin_rate}</td>
                    <td data-label="待录成绩">{c.to_score}</td>
                    <td data-label="合格率">{c.pass_rate}</td>
                    <td data-label="评教">{c.evaluation}</td>
                } />
        </section>
    }
}
