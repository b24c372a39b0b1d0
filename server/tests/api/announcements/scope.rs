//! Who a publisher may address, and when a scheduled announcement reaches its readers.

use super::*;

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
