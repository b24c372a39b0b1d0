//! Moving teacher records (调出 / 调入 through the pool and across counties) and bulk acts on
//! their accounts, on SQLite and PostgreSQL.

use crate::helpers::*;
use app::dto::ids::TeacherId;
use app::dto::teachers::TransferCandidate;
use app::error::{AppError, Broken};
use app::server::entities::{notification, user};
use sea_orm::{ColumnTrait, EntityTrait, QueryFilter};

on_both!(a_teacher_moves_through_the_pool_to_another_county, |app| {
    let zheng = teacher_of(app, TEACHER).await;
    let sa = app.login_as(SCHOOL_ADMIN).await;
    // The school admin cannot send a teacher straight to another school.
    let next = other_school(app, "130102", zheng.school_id).await;
    let r: Result<(), AppError> = sa
        .call::<api::teachers::MoveTeacher>(&[
            ("input[teacher_id]", zheng.id.to_string()),
            ("input[to_school_id]", next.id.to_string()),
        ])
        .await;
    assert_eq!(r.unwrap_err(), AppError::Forbidden);
    // 调出 to the pool.
    let () = sa
        .call::<api::teachers::MoveTeacher>(&[
            ("input[teacher_id]", zheng.id.to_string()),
            ("input[to_school_id]", "0".into()),
            ("input[reason]", "工作调动".into()),
        ])
        .await
        .unwrap();
    let pooled = teacher_of(app, TEACHER).await;
    assert_eq!((pooled.school_id, pooled.status.as_str()), (None, "自由人"));
    assert_eq!(
        list(&sa, "郑老师").await.unwrap().total,
        0,
        "no longer the school's"
    );
    // The receiving county admin finds the record by its whole ID and takes it (cross-county).
    let other = app.login_as(OTHER_COUNTY).await;
    let id_number = id_number_of(app, TEACHER).await;
    let c: TransferCandidate = other
        .call::<api::teachers::FindTransferCandidate>(&[
            ("id_number", id_number.clone()),
            ("name", "郑老师".into()),
        ])
        .await
        .unwrap();
    assert_eq!(
        (c.teacher_id, c.status.as_str()),
        (TeacherId(zheng.id), "自由人")
    );
    assert!(c.id_number.contains('*'));
    let target = other_school(app, "130104", None).await;
    let () = other
        .call::<api::teachers::MoveTeacher>(&[
            ("input[teacher_id]", zheng.id.to_string()),
            ("input[to_school_id]", target.id.to_string()),
            ("input[id_number]", id_number.clone()),
        ])
        .await
        .unwrap();
    let moved = teacher_of(app, TEACHER).await;
    assert_eq!(moved.school_id, Some(target.id));
    assert_eq!(moved.county_code, "130104");
    assert_eq!(moved.status, app::domain::teacher::TeacherStatus::OnDuty);
    assert_eq!(
        moved.training_number, zheng.training_number,
        "the record moves whole"
    );
    let d = detail(&other, zheng.id).await.unwrap();
    let moves: Vec<&str> = d
        .history
        .iter()
        .filter(|h| h.kind == "move")
        .map(|h| h.summary.as_str())
        .collect();
    assert_eq!(moves.len(), 2);
    assert!(moves[0].starts_with("调入：自由人 →"));
    assert!(moves[1].contains("工作调动"));
    // The old county no longer sees it.
    let county = app.login_as(COUNTY).await;
    assert_eq!(
        detail(&county, zheng.id).await.unwrap_err(),
        AppError::Forbidden
    );
});

on_both!(bulk_acts_reach_only_plain_teachers_of_the_school, |app| {
    let zheng = teacher_of(app, TEACHER).await;
    let me = teacher_of(app, SCHOOL_ADMIN).await;
    let sa = app.login_as(SCHOOL_ADMIN).await;
    // Its own account (a school admin too) is out of reach: the whole batch is refused.
    let r: Result<u64, AppError> = sa
        .call::<api::teachers::BulkTeachers>(&[
            ("action", "disable".into()),
            ("ids[0]", zheng.id.to_string()),
            ("ids[1]", me.id.to_string()),
        ])
        .await;
    assert_eq!(r.unwrap_err(), AppError::Forbidden);
    let still = user::Entity::find_by_id(zheng.user_id)
        .one(&app.db)
        .await
        .unwrap()
        .unwrap();
    assert!(!still.disabled, "nothing changed");
    let n: u64 = sa
        .call::<api::teachers::BulkTeachers>(&[
            ("action", "disable".into()),
            ("ids[0]", zheng.id.to_string()),
        ])
        .await
        .unwrap();
    assert_eq!(n, 1);
    let r = app.client().login(TEACHER, PASSWORD).await;
    assert!(matches!(r, Err(AppError::Login(_))), "{r:?}");
    let _: u64 = sa
        .call::<api::teachers::BulkTeachers>(&[
            ("action", "enable".into()),
            ("ids[0]", zheng.id.to_string()),
        ])
        .await
        .unwrap();
    assert_eq!(app.client().login(TEACHER, PASSWORD).await, Ok(false));
});

async fn told(app: &TestApp, phone: &str) -> Vec<String> {
    notification::Entity::find()
        .filter(notification::Column::UserId.eq(user_id(app, phone).await))
        .filter(notification::Column::Title.eq("教师调出通知"))
        .all(&app.db)
        .await
        .unwrap()
        .into_iter()
        .map(|n| n.body)
        .collect()
}

on_both!(
    taking_another_countys_teacher_needs_the_full_id_number_and_tells_the_releasing_side,
    |app| {
        let zheng = teacher_of(app, TEACHER).await;
        let id_number = id_number_of(app, TEACHER).await;
        let other = app.login_as(OTHER_COUNTY).await;
        let target = other_school(app, "130104", None).await;
        let take = |typed: &str| {
            vec![
                ("input[teacher_id]", zheng.id.to_string()),
                ("input[to_school_id]", target.id.to_string()),
                ("input[id_number]", typed.to_string()),
            ]
        };
        // A numeric record id alone (or with a wrong number) moves nobody.
        for typed in ["", "110101199003078515"] {
            let r: Result<(), AppError> =
                other.call::<api::teachers::MoveTeacher>(&take(typed)).await;
            assert!(
                r.unwrap_err().field_message("id_number").is_some(),
                "{typed}"
            );
        }
        assert_eq!(teacher_of(app, TEACHER).await.school_id, zheng.school_id);
        let () = other
            .call::<api::teachers::MoveTeacher>(&take(&id_number))
            .await
            .unwrap();
        assert_eq!(teacher_of(app, TEACHER).await.school_id, Some(target.id));
        // The school and the county that kept the record are told.
        for phone in [SCHOOL_ADMIN, COUNTY] {
            let notes = told(app, phone).await;
            assert_eq!(notes.len(), 1, "{phone}");
            assert!(notes[0].contains("郑老师") && notes[0].contains(&target.name));
        }
    }
);

on_both!(
    the_transfer_look_up_needs_the_name_too_and_is_capped_and_audited,
    |app| {
        use app::server::entities::audit_log;
        use app::server::services::teachers::moves::LOOKUPS_PER_DAY;
        use sea_orm::PaginatorTrait;
        let id_number = id_number_of(app, TEACHER).await;
        let other = app.login_as(OTHER_COUNTY).await;
        let find = |id: &str, name: &str| {
            let form = vec![("id_number", id.to_string()), ("name", name.to_string())];
            let c = &other;
            async move { c.call::<api::teachers::FindTransferCandidate>(&form).await }
        };
        // A right number with a wrong name reads as an unknown number: no name comes back.
        let wrong_name = find(&id_number, "李四").await.unwrap_err();
        let unknown = find("110101199003078515", "李四").await.unwrap_err();
        assert_eq!(wrong_name, unknown);
        assert!(!format!("{wrong_name}").contains("郑"));
        let c = find(&id_number, "郑老师").await.unwrap();
        assert_eq!(c.name, "郑老师");
        for _ in 3..LOOKUPS_PER_DAY {
            let _ = find("110101199003078515", "李四").await;
        }
        let capped = find(&id_number, "郑老师").await.unwrap_err();
        assert_eq!(
            capped,
            AppError::from(Broken::LookupsExhausted { per_day: 30 })
        );
        let audited = audit_log::Entity::find()
            .filter(audit_log::Column::Action.eq("teacher.lookup_by_id_number"))
            .count(&app.db)
            .await
            .unwrap();
        assert_eq!(audited, LOOKUPS_PER_DAY);
    }
);
