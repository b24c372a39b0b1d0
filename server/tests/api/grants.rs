//! Granting and revoking roles, creating administrators, on SQLite and PostgreSQL.

use crate::helpers::*;
use app::domain::id_card::make_id_number;
use app::dto::users::AssignmentView;
use app::error::{AppError, Broken};
use app::server::entities::school;
use chrono::NaiveDate;
use sea_orm::{ColumnTrait, EntityTrait, QueryFilter};

async fn school_in(app: &TestApp, county: &str) -> i64 {
    school::Entity::find()
        .filter(school::Column::CountyCode.eq(county))
        .one(&app.db)
        .await
        .unwrap()
        .unwrap()
        .id
}

fn grant(user: i64, role: &str, unit: &str) -> Vec<(&'static str, String)> {
    vec![
        ("user_id", user.to_string()),
        ("grant[role]", role.into()),
        ("grant[unit]", unit.into()),
    ]
}

on_both!(
    a_county_admin_makes_a_local_teacher_a_school_admin_and_can_take_it_back,
    |app| {
        let county = app.login_as(COUNTY).await;
        let teacher = user_id(app, TEACHER).await;
        let school = school_in(app, "130102").await;
        let assignment: i64 = county
            .call::<api::users::GrantRole>(&grant(teacher, "school_admin", &school.to_string()))
            .await
            .unwrap();
        let roles: Vec<AssignmentView> = county
            .call::<api::users::UserRoles>(&[("user_id", teacher.to_string())])
            .await
            .unwrap();
        assert_eq!(roles.len(), 2);
        assert!(roles.iter().any(|r| r.id == assignment && r.removable));
        assert!(
            roles
                .iter()
                .any(|r| r.role == app::domain::role::Role::Teacher && !r.removable)
        );
        let dup: Result<i64, _> = county
            .call::<api::users::GrantRole>(&grant(teacher, "school_admin", &school.to_string()))
            .await;
        assert_eq!(dup, Err(AppError::from(Broken::RoleHeld)));
        let _: () = county
            .call::<api::users::RevokeRole>(&[("assignment_id", assignment.to_string())])
            .await
            .unwrap();
        let roles: Vec<AssignmentView> = county
            .call::<api::users::UserRoles>(&[("user_id", teacher.to_string())])
            .await
            .unwrap();
        assert_eq!(roles.len(), 1);
    }
);

on_both!(
    nobody_grants_above_their_level_or_outside_their_region,
    |app| {
        let county = app.login_as(COUNTY).await;
        let teacher = user_id(app, TEACHER).await;
        let far_school = school_in(app, "130104").await;
        for (role, unit) in [
            ("county_admin", "130102".to_string()),
            ("city_admin", "130100".into()),
            ("institution", "1".into()),
            ("school_admin", far_school.to_string()),
        ] {
            let r: Result<i64, _> = county
                .call::<api::users::GrantRole>(&grant(teacher, role, &unit))
                .await;
            assert_eq!(r, Err(AppError::Forbidden), "{role} {unit}");
        }
        // A county admin cannot touch the province admin's role, nor the other county admin's.
        let city = app.login_as(CITY).await;
        let province_roles: Result<Vec<AssignmentView>, _> = city
            .call::<api::users::UserRoles>(&[("user_id", user_id(app, PROVINCE).await.to_string())])
            .await;
        assert_eq!(province_roles, Err(AppError::Forbidden));
        let other: Vec<AssignmentView> = city
            .call::<api::users::UserRoles>(&[(
                "user_id",
                user_id(app, OTHER_COUNTY).await.to_string(),
            )])
            .await
            .unwrap();
        let r: Result<(), _> = county
            .call::<api::users::RevokeRole>(&[("assignment_id", other[0].id.to_string())])
            .await;
        assert_eq!(r, Err(AppError::Forbidden));
        // The city admin may remove a county admin in its city.
        let _: () = city
            .call::<api::users::RevokeRole>(&[("assignment_id", other[0].id.to_string())])
            .await
            .unwrap();
    }
);

on_both!(
    the_province_admin_creates_a_city_admin_who_must_change_the_initial_password,
    |app| {
        let province = app.login_as(PROVINCE).await;
        let id = make_id_number("130203", NaiveDate::from_ymd_opt(1980, 5, 6).unwrap(), 77);
        let form = |id: &str| {
            vec![
                ("input[name]", "唐市管".to_string()),
                ("input[id_number]", id.to_string()),
                ("input[phone]", "13911112222".to_string()),
                ("input[grant][role]", "city_admin".to_string()),
                ("input[grant][unit]", "130200".to_string()),
            ]
        };
        let bad: Result<i64, _> = province
            .call::<api::users::CreateUser>(&form("130203198005060771"))
            .await;
        assert!(bad.unwrap_err().field_message("id_number").is_some());
        let _: i64 = province
            .call::<api::users::CreateUser>(&form(&id))
            .await
            .unwrap();
        let again: Result<i64, _> = province.call::<api::users::CreateUser>(&form(&id)).await;
        assert!(
            again
                .unwrap_err()
                .field_message("id_number")
                .unwrap()
                .contains("已有账号")
        );
        // No password works until one is issued: the province resets it and hands it over.
        let c = app.client();
        assert!(c.login(&id, &id[12..]).await.is_err(), "not the ID tail");
        let new_id = app::server::services::accounts::find_by_account(&app.db, &id)
            .await
            .unwrap()
            .unwrap()
            .id;
        let issued: Option<String> = province
            .call::<api::users::ResetUserPassword>(&[("user_id", new_id.to_string())])
            .await
            .unwrap();
        assert_eq!(c.login(&id, &issued.unwrap()).await, Ok(true));
        let county: Result<i64, _> = app
            .login_as(COUNTY)
            .await
            .call::<api::users::CreateUser>(&form(&make_id_number(
                "130102",
                NaiveDate::from_ymd_opt(1981, 1, 1).unwrap(),
                5,
            )))
            .await;
        assert!(
            matches!(
                county,
                Err(AppError::Forbidden) | Err(AppError::Validation(_))
            ),
            "{county:?}"
        );
    }
);
