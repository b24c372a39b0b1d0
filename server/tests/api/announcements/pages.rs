//! The detail page in one call, an SMS chooser sent theirs once due, and the 工作台 card.

use super::*;

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
