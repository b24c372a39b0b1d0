//! 通知公告 (issue 17), on SQLite and PostgreSQL: scopes, reaching, reading and confirming,
//! scheduled publishing, withdrawal, the read rate by unit, 催办, institutions' participants.
//! This file: the helpers the other files share, and a county's announcement end to end.

mod institutions;
mod pages;
mod read_rate;
mod scope;

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
