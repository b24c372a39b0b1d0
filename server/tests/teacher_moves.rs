#![recursion_limit = "512"]
#![allow(clippy::unwrap_used)] // tests fail loudly by design
//! Moving teacher records (调出 / 调入 through the pool and across counties) and bulk acts on
//! their accounts, on SQLite and PostgreSQL.

mod helpers;

use app::dto::teachers::TransferCandidate;
use app::error::AppError;
use app::server::entities::user;
use helpers::*;
use sea_orm::EntityTrait;

on_both!(a_teacher_moves_through_the_pool_to_another_county, |app| {
    let zheng = teacher_of(app, TEACHER).await;
    let sa = app.login_as(SCHOOL_ADMIN).await;
    // The school admin cannot send a teacher straight to another school.
    let next = other_school(app, "130102", zheng.school_id).await;
    let r: Result<(), AppError> = sa
        .call(
            "move_teacher",
            &[
                ("input[teacher_id]", zheng.id.to_string()),
                ("input[to_school_id]", next.id.to_string()),
            ],
        )
        .await;
    assert_eq!(r.unwrap_err(), AppError::Forbidden);
    // 调出 to the pool.
    let () = sa
        .call(
            "move_teacher",
            &[
                ("input[teacher_id]", zheng.id.to_string()),
                ("input[to_school_id]", "0".into()),
                ("input[reason]", "工作调动".into()),
            ],
        )
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
        .call(
            "find_transfer_candidate",
            &[("id_number", id_number.clone())],
        )
        .await
        .unwrap();
    assert_eq!((c.teacher_id, c.status.as_str()), (zheng.id, "自由人"));
    assert!(c.id_number.contains('*'));
    let target = other_school(app, "130104", None).await;
    let () = other
        .call(
            "move_teacher",
            &[
                ("input[teacher_id]", zheng.id.to_string()),
                ("input[to_school_id]", target.id.to_string()),
            ],
        )
        .await
        .unwrap();
    let moved = teacher_of(app, TEACHER).await;
    assert_eq!(moved.school_id, Some(target.id));
    assert_eq!(moved.county_code, "130104");
    assert_eq!(moved.status, "在岗");
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
        .call(
            "bulk_teachers",
            &[
                ("action", "disable".into()),
                ("ids[0]", zheng.id.to_string()),
                ("ids[1]", me.id.to_string()),
            ],
        )
        .await;
    assert_eq!(r.unwrap_err(), AppError::Forbidden);
    let still = user::Entity::find_by_id(zheng.user_id)
        .one(&app.db)
        .await
        .unwrap()
        .unwrap();
    assert!(!still.disabled, "nothing changed");
    let n: u64 = sa
        .call(
            "bulk_teachers",
            &[
                ("action", "disable".into()),
                ("ids[0]", zheng.id.to_string()),
            ],
        )
        .await
        .unwrap();
    assert_eq!(n, 1);
    let r = app.client().login(TEACHER, PASSWORD).await;
    assert!(matches!(r, Err(AppError::Login(_))), "{r:?}");
    let _: u64 = sa
        .call(
            "bulk_teachers",
            &[
                ("action", "enable".into()),
                ("ids[0]", zheng.id.to_string()),
            ],
        )
        .await
        .unwrap();
    assert_eq!(app.client().login(TEACHER, PASSWORD).await, Ok(false));
});
