//! The teacher's space: the home page's cards from real data (待报到, 待评教 with the days left,
//! unread announcements, this year's and the cycle's credits) and the class timetable (课程安排)
//! its runner sets and the teacher sees — on SQLite and PostgreSQL.

use crate::announcements::publish;
use crate::helpers::*;
use app::domain::home::TodoKind;
use app::domain::timetable::Lesson;
use app::dto::enrolments::MyTrainingTabs;
use app::dto::home::HomeView;
use app::dto::results::GradeGrid;
use app::error::AppError;
use serde_json::json;

async fn home(c: &Client) -> Result<HomeView, AppError> {
    c.call::<api::home::GetHome>(&[]).await
}

on_both!(the_teacher_home_shows_what_waits_and_the_credits, |app| {
    let t = app.login_as(TEACHER).await;
    let before = home(&t).await.unwrap();
    let hub = before.teacher.clone().unwrap();
    assert!(hub.todos.is_empty(), "{:?}", hub.todos);
    assert!(hub.year_credits.required > 0, "the yearly minimum is set");
    assert!(hub.cycle.contains('–'), "{}", hub.cycle);
    // Admitted to a class starting in ten days; a class that ended three days ago to evaluate.
    enrolled_class(app, "首页待报到班", 12, 10).await;
    enrolled_class(app, "首页待评教班", 12, -33).await;
    let school = app.login_as(SCHOOL_ADMIN).await;
    publish(
        &school,
        json!({"title": "首页通知", "body": "<p>本周五教研</p>"}),
    )
    .await
    .unwrap();
    let now = home(&t).await.unwrap();
    let hub = now.teacher.clone().unwrap();
    let kinds: Vec<(TodoKind, &str)> = hub
        .todos
        .iter()
        .map(|d| (d.kind, d.title.as_str()))
        .collect();
    assert!(
        kinds
            .iter()
            .any(|(k, t)| *k == TodoKind::Report && t.starts_with("首页待报到班")),
        "{kinds:?}"
    );
    let evaluate = hub
        .todos
        .iter()
        .find(|d| d.title.starts_with("首页待评教班"))
        .unwrap();
    assert_eq!(evaluate.kind, TodoKind::Evaluate { days_left: 7 });
    assert_eq!(evaluate.kind.label(), "待评教 · 还剩 7 天");
    assert_eq!(evaluate.href, "/my/training?tab=2");
    assert_eq!(now.unread, before.unread + 1);
    assert_eq!(now.announcements[0].title, "首页通知");
    // Opening it reads it: the count goes down.
    let id = now.announcements[0].id;
    let _: app::dto::announcements::AnnouncementView = t
        .call::<api::announcements::OpenAnnouncement>(&[("id", id.to_string())])
        .await
        .unwrap();
    assert_eq!(home(&t).await.unwrap().unread, before.unread);

    // Without a record to learn with, the home has no teacher's part.
    let inst = home(&app.login_as(INSTITUTION).await).await.unwrap();
    assert!(inst.teacher.is_none());
    assert_eq!(
        home(&app.client()).await.unwrap_err(),
        AppError::NotAuthenticated
    );
});

fn lesson(day: &str, from: &str, to: &str, topic: &str) -> serde_json::Value {
    json!({ "on_date": day, "starts_at": from, "ends_at": to, "place": "一号报告厅", "topic": topic, "lecturer": "王教授" })
}

on_both!(
    the_runner_sets_the_timetable_and_the_teacher_sees_it,
    |app| {
        let (class, _) = enrolled_class(app, "课程安排测试", 12, 0).await;
        let inst = app.login_as(INSTITUTION).await;
        let grid: GradeGrid = inst
            .call::<api::results::GetGrades>(&[("class_id", class.to_string())])
            .await
            .unwrap();
        assert!(grid.timetable.is_empty());
        let today = app::server::services::training_years::today();
        let day = |n: i64| (today + chrono::Duration::days(n)).to_string();
        let save = |c: &Client, lessons: serde_json::Value| {
            let c = c.clone();
            async move {
                c.call_json::<api::timetable::SaveTimetable>(
                    json!({ "class_id": class, "lessons": lessons }),
                )
                .await
            }
        };
        // A wrong lesson is named by its number and field; nothing is saved.
        let e = save(
            &inst,
            json!([
                lesson(&day(0), "9:00", "11:30", "开班"),
                lesson(&day(-5), "14:00", "13:00", "")
            ]),
        )
        .await
        .unwrap_err();
        assert!(
            e.field_message("lesson-1-on_date")
                .unwrap()
                .starts_with("第 2 节：日期须在培训期间")
        );
        assert_eq!(
            e.field_message("lesson-1-ends_at").unwrap(),
            "第 2 节：结束时间须晚于开始时间"
        );
        assert_eq!(
            e.field_message("lesson-1-topic").unwrap(),
            "第 2 节：请填写主题"
        );
        // Only whoever runs the class sets it.
        for who in [COUNTY, TEACHER, SCHOOL_ADMIN] {
            let c = app.login_as(who).await;
            assert_eq!(
                save(&c, json!([lesson(&day(0), "9:00", "11:30", "开班")]))
                    .await
                    .unwrap_err(),
                AppError::Forbidden,
                "{who}"
            );
        }
        let saved: Vec<Lesson> = save(
            &inst,
            json!([
                lesson(&day(1), "14:00", "16:00", "课堂观察"),
                lesson(&day(0), "9:00", "11:30", "开班仪式")
            ]),
        )
        .await
        .unwrap();
        let order: Vec<&str> = saved.iter().map(|l| l.topic.as_str()).collect();
        assert_eq!(order, ["开班仪式", "课堂观察"], "in the order of the day");
        assert_eq!(saved[0].starts_at, "09:00");

        let t = app.login_as(TEACHER).await;
        let tabs: MyTrainingTabs = t
            .call::<api::enrolments::MyTraining>(&[("filter[keyword]", "课程安排测试".into())])
            .await
            .unwrap();
        assert_eq!(tabs.ongoing[0].timetable, saved);
        // Saving again replaces the whole timetable.
        let again: Vec<Lesson> = save(&inst, json!([lesson(&day(2), "8:30", "9:30", "结业")]))
            .await
            .unwrap();
        let grid: GradeGrid = inst
            .call::<api::results::GetGrades>(&[("class_id", class.to_string())])
            .await
            .unwrap();
        assert_eq!(grid.timetable, again);
    }
);
