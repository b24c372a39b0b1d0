//! An institution addresses the participants of its own projects, no one else's.

use super::*;

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
