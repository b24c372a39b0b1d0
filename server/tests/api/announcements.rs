//! 通知公告 (issue 17), on SQLite and PostgreSQL: scopes, reaching, reading and confirming,
//! scheduled publishing, withdrawal, the read rate by unit, 催办, institutions' participants.

use crate::helpers::*;
use app::domain::announcement::Standing;
use app::dto::Page;
use app::dto::announcements::{
    AnnouncementPage, AnnouncementView, PublishOptions, PublishedRow, ReadRate, UnitRef,
};
use app::error::AppError;
use app::server::entities::{announcement, audit_log, notification, school};
use sea_orm::{
    ActiveModelTrait, ActiveValue::Set, ColumnTrait, EntityTrait, NotSet, PaginatorTrait,
    QueryFilter,
};
use serde_json::json;

/// A school in `county` (made when the demo has none besides `not`).
pub(crate) async fn a_school(
    app: &TestApp,
    county: &str,
    not: &[i64],
    name: &str,
) -> school::Model {
    let existing = school::Entity::find()
        .filter(school::Column::CountyCode.eq(county))
        .filter(school::Column::Id.is_not_in(not.to_vec()))
        .one(&app.db)
        .await
        .unwrap();
    if let Some(s) = existing {
        return s;
    }
    school::ActiveModel {
        id: NotSet,
        name: Set(name.into()),
        province_code: Set(format!("{}0000", &county[..2])),
        city_code: Set(format!("{}00", &county[..4])),
        county_code: Set(county.into()),
        area_type: Set("城区".into()),
        category: Set("小学".into()),
        address: Set(None),
        disabled: Set(false),
        created_at: Set(chrono::Utc::now()),
    }
    .insert(&app.db)
    .await
    .unwrap()
}

/// A teacher with a login at `school`; `seq` makes the ID number and the phone 1360000<seq>.
pub(crate) async fn teacher_at(app: &TestApp, school: &school::Model, seq: u16) -> Client {
    let birth = chrono::NaiveDate::from_ymd_opt(1991, 2, 3).unwrap();
    let id = app::domain::id_card::make_id_number(&school.county_code, birth, seq);
    let phone = format!("1360000{seq:04}");
    app::server::seed::demo_teacher(&app.db, "通知师", &id, &phone, school, "小学", "语文")
        .await
        .unwrap();
    app.login_as(&phone).await
}

pub(crate) async fn publish(c: &Client, draft: serde_json::Value) -> Result<i64, AppError> {
    c.call_json::<api::announcements::PublishAnnouncement>(json!({ "draft": draft }))
        .await
}

async fn listed(c: &Client) -> AnnouncementPage {
    c.call::<api::announcements::ListAnnouncements>(&[("filter[page]", "1".into())])
        .await
        .unwrap()
}

async fn sees(c: &Client, id: i64) -> bool {
    listed(c).await.page.items.iter().any(|a| a.id == id)
}

async fn reach(c: &Client, id: i64, at: Option<UnitRef>) -> Result<ReadRate, AppError> {
    c.call_json::<api::announcements::AnnouncementReach>(json!({ "id": id, "at": at }))
        .await
}

fn beijing_in(hours: i64) -> String {
    (chrono::Utc::now() + chrono::Duration::hours(8 + hours))
        .format("%Y-%m-%dT%H:%M")
        .to_string()
}

on_both!(
    a_county_announcement_reaches_two_schools_teachers_and_no_one_else,
    |app| {
        let home = teacher_of(app, TEACHER).await.school_id.unwrap();
        let home_school = school::Entity::find_by_id(home)
            .one(&app.db)
            .await
            .unwrap()
            .unwrap();
        let second = a_school(app, "130102", &[home], "长安区第二小学").await;
        let third = a_school(app, "130102", &[home, second.id], "长安区第三小学").await;
        let elsewhere = a_school(app, "130104", &[], "桥西区第一小学").await;
        let t2 = teacher_at(app, &second, 1).await;
        let t3 = teacher_at(app, &third, 2).await;
        let t4 = teacher_at(app, &elsewhere, 3).await;
        let _ = &home_school;

        let county = app.login_as(COUNTY).await;
        let options: PublishOptions = county
            .call::<api::announcements::AnnouncementOptions>(&[])
            .await
            .unwrap();
        assert!(
            options
                .units
                .iter()
                .any(|u| u.unit == UnitRef::School(second.id))
        );
        assert!(
            !options
                .units
                .iter()
                .any(|u| u.unit == UnitRef::School(elsewhere.id))
        );
        let id = publish(
        &county,
        json!({
            "title": "关于做好寒假安全教育的通知",
            "body": "<p>请于<b>周五</b>前完成<script>alert(1)</script></p><img src=x onerror=alert(2)>",
            "units": [{"School": home}, {"School": second.id}],
            "roles": ["teacher"],
            "needs_ack": true,
            "deadline": beijing_in(72),
        }),
    )
    .await
    .unwrap();

        let teacher = app.login_as(TEACHER).await;
        let page = listed(&teacher).await;
        assert_eq!(page.unread, 1);
        let row = &page.page.items[0];
        assert_eq!((row.id, row.read, row.needs_ack), (id, false, true));
        assert_eq!(row.from, "长安区");
        assert!(sees(&t2, id).await);
        assert!(!sees(&t3, id).await, "a school not chosen");
        assert!(!sees(&t4, id).await, "another county");
        assert!(
            !sees(&app.login_as(SCHOOL_ADMIN).await, id).await,
            "teachers only"
        );
        assert!(!sees(&app.login_as(OTHER_COUNTY).await, id).await);
        // Someone it does not reach cannot open it either, nor tell it from one that is not there.
        let foreign = t4
            .call::<api::announcements::OpenAnnouncement>(&[("id", id.to_string())])
            .await
            .unwrap_err();
        assert_eq!(foreign, AppError::NotFound);

        // Opening reads it; the body was cleaned; 确认已读.
        let view: AnnouncementView = teacher
            .call::<api::announcements::OpenAnnouncement>(&[("id", id.to_string())])
            .await
            .unwrap();
        assert!(view.body.contains("<b>周五</b>"), "{}", view.body);
        assert!(
            !view.body.contains("script") && !view.body.contains("onerror"),
            "{}",
            view.body
        );
        assert!(!view.mine);
        assert_eq!(listed(&teacher).await.unread, 0);
        let _: () = teacher
            .call::<api::announcements::AcknowledgeAnnouncement>(&[("id", id.to_string())])
            .await
            .unwrap();
        assert!(listed(&teacher).await.page.items[0].acked);

        // The county's read rate, by school; drilled into the second school, who has not read.
        let rate = reach(&county, id, None).await.unwrap();
        let line = |r: &ReadRate, unit: UnitRef| {
            r.rows
                .iter()
                .find(|l| l.unit == Some(unit.clone()))
                .cloned()
        };
        let home_line = line(&rate, UnitRef::School(home)).unwrap();
        assert!(
            home_line.reached >= 2,
            "郑老师 and the school admin who teaches"
        );
        assert_eq!(home_line.read, 1);
        let second_line = line(&rate, UnitRef::School(second.id)).unwrap();
        assert_eq!(
            (second_line.reached, second_line.read, second_line.rate),
            (1, 0, Some(0))
        );
        assert!(
            line(&rate, UnitRef::School(third.id)).is_none(),
            "not addressed"
        );
        assert_eq!(rate.total.reached, home_line.reached + 1);
        assert_eq!(rate.total.read, 1);
        let at_second = reach(&county, id, Some(UnitRef::School(second.id)))
            .await
            .unwrap();
        assert_eq!(at_second.unread_people, vec!["通知师".to_string()]);
        let at_home = reach(&county, id, Some(UnitRef::School(home)))
            .await
            .unwrap();
        assert!(!at_home.unread_people.contains(&"郑老师".to_string()));
        // Another county's admin cannot read the figures.
        assert_eq!(
            reach(&app.login_as(OTHER_COUNTY).await, id, None)
                .await
                .unwrap_err(),
            AppError::NotFound
        );
        assert_eq!(
            reach(&county, id, Some(UnitRef::School(elsewhere.id)))
                .await
                .unwrap_err(),
            AppError::NotFound
        );

        // 催办: those who have not read get a reminder; 郑老师, who read, does not.
        let _: () = county
            .call_json::<api::announcements::RemindAnnouncement>(json!({"id": id, "at": null}))
            .await
            .unwrap();
        app.deliver().await;
        let reminders = |uid: i64| {
            notification::Entity::find()
                .filter(notification::Column::UserId.eq(uid))
                .filter(notification::Column::Kind.eq(app::domain::delivery::MessageKind::Reminder))
                .count(&app.db)
        };
        assert_eq!(
            reminders(user_id(app, "13600000001").await).await.unwrap(),
            1
        );
        assert_eq!(reminders(user_id(app, TEACHER).await).await.unwrap(), 0);
        assert_eq!(
            reminders(user_id(app, "13600000002").await).await.unwrap(),
            0
        );
        let again = county
            .call_json::<api::announcements::RemindAnnouncement>(json!({"id": id, "at": null}))
            .await
            .unwrap_err();
        assert!(again.to_string().contains("今天已催办"), "{again}");

        // 撤回: kept, audited, shown to no one.
        let _: () = county
            .call::<api::announcements::WithdrawAnnouncement>(&[("id", id.to_string())])
            .await
            .unwrap();
        assert!(!sees(&teacher, id).await);
        let mine: Page<PublishedRow> = county
            .call::<api::announcements::PublishedAnnouncements>(&[("page", "1".into())])
            .await
            .unwrap();
        assert_eq!(mine.items[0].standing, Standing::Withdrawn);
        for action in ["announcement.publish", "announcement.withdraw"] {
            let n = audit_log::Entity::find()
                .filter(audit_log::Column::Action.eq(action))
                .filter(audit_log::Column::TargetId.eq(id.to_string()))
                .count(&app.db)
                .await
                .unwrap();
            assert_eq!(n, 1, "{action}");
        }
    }
);

on_both!(publishers_address_only_their_own_scope, |app| {
    let home = teacher_of(app, TEACHER).await.school_id.unwrap();
    let other = a_school(app, "130102", &[home], "长安区第二小学").await;
    let elsewhere = a_school(app, "130104", &[], "桥西区第一小学").await;
    let body = "<p>正文</p>";
    let school_admin = app.login_as(SCHOOL_ADMIN).await;
    let e = publish(
        &school_admin,
        json!({"title": "校内通知", "body": body, "units": [{"School": other.id}]}),
    )
    .await
    .unwrap_err();
    assert!(e.field_message("units").is_some(), "{e:?}");
    let county = app.login_as(COUNTY).await;
    for units in [
        json!([{"Region": "130104"}]),
        json!([{"School": elsewhere.id}]),
        json!([{"Region": "130100"}]),
    ] {
        let e = publish(
            &county,
            json!({"title": "通知", "body": body, "units": units}),
        )
        .await
        .unwrap_err();
        assert!(e.field_message("units").is_some(), "{units}: {e:?}");
    }
    let e = publish(
        &county,
        json!({"title": "通知", "body": body, "roles": ["province_admin"]}),
    )
    .await
    .unwrap_err();
    assert!(e.field_message("roles").is_some());
    // What is missing is named, and nothing is written.
    let e = publish(&county, json!({"title": " ", "body": "<p> </p>"}))
        .await
        .unwrap_err();
    assert!(e.field_message("title").is_some());
    let e = publish(&county, json!({"title": "通知", "body": "<p></p>"}))
        .await
        .unwrap_err();
    assert!(e.field_message("body").is_some());
    let e = publish(
        &county,
        json!({"title": "通知", "body": body, "deadline": "下周"}),
    )
    .await
    .unwrap_err();
    assert!(e.field_message("deadline").is_some());
    assert_eq!(
        announcement::Entity::find().count(&app.db).await.unwrap(),
        0
    );
    // A teacher publishes nothing.
    let teacher = app.login_as(TEACHER).await;
    assert_eq!(
        publish(&teacher, json!({"title": "通知", "body": body}))
            .await
            .unwrap_err(),
        AppError::Forbidden
    );
    // A school's own announcement reaches its teachers, not the next school's.
    let id = publish(
        &school_admin,
        json!({"title": "教研活动安排", "body": body}),
    )
    .await
    .unwrap();
    assert!(sees(&teacher, id).await);
    assert!(!sees(&teacher_at(app, &other, 4).await, id).await);
});

on_both!(a_scheduled_announcement_waits_for_its_time, |app| {
    let county = app.login_as(COUNTY).await;
    let teacher = app.login_as(TEACHER).await;
    let id = publish(
        &county,
        json!({"title": "明日发布", "body": "<p>内容</p>", "publish_at": beijing_in(24), "pinned": true}),
    )
    .await
    .unwrap();
    assert!(!sees(&teacher, id).await);
    let mine: Page<PublishedRow> = county
        .call::<api::announcements::PublishedAnnouncements>(&[("page", "1".into())])
        .await
        .unwrap();
    assert_eq!(mine.items[0].standing, Standing::Scheduled);
    let e = publish(
        &county,
        json!({"title": "截止早于发布", "body": "<p>内容</p>", "publish_at": beijing_in(24), "deadline": beijing_in(2)}),
    )
    .await
    .unwrap_err();
    assert!(e.field_message("deadline").is_some());
    // Its time comes: it is there, pinned above a later one.
    let later = publish(&county, json!({"title": "普通通知", "body": "<p>内容</p>"}))
        .await
        .unwrap();
    {
        use sea_orm::sea_query::Expr;
        announcement::Entity::update_many()
            .col_expr(
                announcement::Column::PublishAt,
                Expr::value(chrono::Utc::now() - chrono::Duration::minutes(5)),
            )
            .filter(announcement::Column::Id.eq(id))
            .exec(&app.db)
            .await
            .unwrap();
    }
    let ids: Vec<i64> = listed(&teacher)
        .await
        .page
        .items
        .iter()
        .map(|a| a.id)
        .collect();
    assert_eq!(ids, vec![id, later]);
});

on_both!(the_province_reaches_every_level_and_counts_by_city, |app| {
    let province = app.login_as(PROVINCE).await;
    let id = publish(
        &province,
        json!({"title": "全省通知", "body": "<p>内容</p>"}),
    )
    .await
    .unwrap();
    for who in [TEACHER, COUNTY, OTHER_COUNTY, CITY, SCHOOL_ADMIN] {
        assert!(sees(&app.login_as(who).await, id).await, "{who}");
    }
    let _: AnnouncementView = app
        .login_as(COUNTY)
        .await
        .call::<api::announcements::OpenAnnouncement>(&[("id", id.to_string())])
        .await
        .unwrap();
    let rate = reach(&province, id, None).await.unwrap();
    let city = rate
        .rows
        .iter()
        .find(|l| l.unit == Some(UnitRef::Region("130100".into())))
        .unwrap();
    assert!(city.reached >= 5, "{city:?}");
    assert_eq!(city.read, 1);
    let by_county = reach(&province, id, Some(UnitRef::Region("130100".into())))
        .await
        .unwrap();
    let county = by_county
        .rows
        .iter()
        .find(|l| l.unit == Some(UnitRef::Region("130102".into())))
        .unwrap();
    assert_eq!(county.read, 1);
});

on_both!(
    an_institution_addresses_the_participants_of_its_project,
    |app| {
        let (class_id, _) = enrolled_class(app, "通知班", 24, 10).await;
        let project_id = {
            use app::server::entities::project_class;
            project_class::Entity::find_by_id(class_id)
                .one(&app.db)
                .await
                .unwrap()
                .unwrap()
                .project_id
        };
        let inst = app.login_as("13900000005").await;
        let options: PublishOptions = inst
            .call::<api::announcements::AnnouncementOptions>(&[])
            .await
            .unwrap();
        assert!(options.projects.iter().any(|(p, _)| *p == project_id));
        let e = publish(
            &inst,
            json!({"title": "开班须知", "body": "<p>请带身份证</p>"}),
        )
        .await
        .unwrap_err();
        assert!(e.field_message("project_id").is_some());
        let id = publish(
        &inst,
        json!({"title": "开班须知", "body": "<p>请带身份证</p>", "project_id": project_id, "class_id": class_id}),
    )
    .await
    .unwrap();
        let teacher = app.login_as(TEACHER).await;
        assert!(sees(&teacher, id).await);
        let home = teacher_of(app, TEACHER).await.school_id.unwrap();
        let home_school = school::Entity::find_by_id(home)
            .one(&app.db)
            .await
            .unwrap()
            .unwrap();
        assert!(
            !sees(&teacher_at(app, &home_school, 5).await, id).await,
            "not enrolled"
        );
        let before = reach(&inst, id, None).await.unwrap();
        assert_eq!((before.total.reached, before.total.read), (1, 0));
        assert_eq!(before.unread_people, vec!["郑老师".to_string()]);
        let _: AnnouncementView = teacher
            .call::<api::announcements::OpenAnnouncement>(&[("id", id.to_string())])
            .await
            .unwrap();
        let after = reach(&inst, id, None).await.unwrap();
        assert_eq!((after.total.read, after.total.rate), (1, Some(100)));
        // Someone else's project is not the institution's to address.
        let other_project = {
            use app::server::entities::project;
            project::Entity::find()
                .filter(project::Column::InstitutionId.ne(options_institution(app).await))
                .one(&app.db)
                .await
                .unwrap()
        };
        if let Some(p) = other_project {
            let e = publish(
                &inst,
                json!({"title": "x", "body": "<p>x</p>", "project_id": p.id}),
            )
            .await
            .unwrap_err();
            assert!(e.field_message("project_id").is_some());
        }
    }
);

/// The demo institution's id.
async fn options_institution(app: &TestApp) -> i64 {
    use app::server::entities::role_assignment;
    role_assignment::Entity::find()
        .filter(role_assignment::Column::UserId.eq(user_id(app, "13900000005").await))
        .one(&app.db)
        .await
        .unwrap()
        .unwrap()
        .institution_id
        .unwrap()
}

on_both!(
    those_who_chose_announcements_by_sms_get_them_once_their_time_comes,
    |app| {
        use app::domain::delivery::MessageKind;
        use app::server::entities::outbox;
        let teacher = app.login_as(TEACHER).await;
        let _: () = teacher
            .call_json::<api::messages::ChooseMessage>(
                json!({"kind": "announcement", "channel": "phone", "on": true}),
            )
            .await
            .unwrap();
        let county = app.login_as(COUNTY).await;
        let now = publish(
            &county,
            json!({"title": "立即通知", "body": "<p>第一段</p><p>第二段</p>"}),
        )
        .await
        .unwrap();
        let later = publish(
            &county,
            json!({"title": "明日通知", "body": "<p>内容</p>", "publish_at": beijing_in(24)}),
        )
        .await
        .unwrap();
        let sent = || {
            outbox::Entity::find()
                .filter(outbox::Column::Kind.eq(MessageKind::Announcement))
                .all(&app.db)
        };
        app.deliver().await;
        let rows = sent().await.unwrap();
        // Only the teacher who chose it, though the announcement reaches the whole county.
        assert_eq!(rows.len(), 1, "{rows:?}");
        assert_eq!(rows[0].destination, TEACHER);
        assert_eq!(rows[0].subject, "【师训】立即通知");
        assert!(rows[0].body.contains("第一段") && rows[0].body.contains("第二段"));
        assert!(!rows[0].body.contains("<p>"));
        assert_eq!(rows[0].state, app::domain::delivery::SendState::Sent);
        // Once only; the scheduled one when its time comes.
        app.deliver().await;
        assert_eq!(sent().await.unwrap().len(), 1);
        {
            use sea_orm::sea_query::Expr;
            announcement::Entity::update_many()
                .col_expr(
                    announcement::Column::PublishAt,
                    Expr::value(chrono::Utc::now()),
                )
                .filter(announcement::Column::Id.eq(later))
                .exec(&app.db)
                .await
                .unwrap();
        }
        app.deliver().await;
        let rows = sent().await.unwrap();
        assert_eq!(rows.len(), 2);
        assert_eq!(rows[1].subject, "【师训】明日通知");
        let _ = now;
    }
);

on_both!(the_announcement_page_comes_in_one_call, |app| {
    let county = app.login_as(COUNTY).await;
    let id = publish(
        &county,
        json!({ "title": "一次取回", "body": "<p>正文</p>", "roles": ["teacher"] }),
    )
    .await
    .unwrap();
    let page = |c: &Client| {
        let c = c.clone();
        async move {
            c.call_json::<api::announcements::OpenAnnouncementPage>(json!({ "id": id, "at": null }))
                .await
        }
    };
    // The teacher reads it (the read is recorded) and gets no read rate.
    let teacher = app.login_as(TEACHER).await;
    let (view, rate) = page(&teacher).await.unwrap();
    assert_eq!((view.row.id, view.mine, rate), (id, false, None));
    // Opened again and confirmed: still one read.
    page(&teacher).await.unwrap();
    teacher
        .call::<api::announcements::AcknowledgeAnnouncement>(&[("id", id.to_string())])
        .await
        .unwrap();
    // The publisher gets the read rate with it, the teacher's read counted once.
    let (view, rate) = page(&county).await.unwrap();
    assert!(view.mine);
    assert_eq!(rate.unwrap().total.read, 1);
    let (view, _) = page(&teacher).await.unwrap();
    assert!(view.row.acked);
    // Another county: as if there were none.
    let other = app.login_as(OTHER_COUNTY).await;
    assert_eq!(page(&other).await.unwrap_err(), AppError::NotFound);
});

on_both!(an_admins_workbench_shows_the_latest_announcements, |app| {
    let county = app.login_as(COUNTY).await;
    let id = publish(
        &county,
        json!({ "title": "请各校管理员核对教师信息", "body": "<p>本周内完成</p>", "roles": ["school_admin"] }),
    )
    .await
    .unwrap();
    let school = app.login_as(SCHOOL_ADMIN).await;
    let w: app::dto::dashboard::Workbench = school
        .call::<api::dashboard::GetWorkbench>(&[])
        .await
        .unwrap();
    let row = w.announcements.iter().find(|a| a.id == id).expect("listed");
    assert_eq!((row.read, row.from.as_str()), (false, "长安区"));
    // Not on another county's workbench.
    let other = app.login_as(OTHER_COUNTY).await;
    let w: app::dto::dashboard::Workbench = other
        .call::<api::dashboard::GetWorkbench>(&[])
        .await
        .unwrap();
    assert!(w.announcements.iter().all(|a| a.id != id));
});
