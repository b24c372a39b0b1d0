//! Schools in the org tree: each bureau reads and changes the schools of its region only, and
//! the school form names each bad field — on SQLite and on PostgreSQL.

use crate::helpers::*;
use app::dto::Page;
use app::dto::org::SchoolView;
use app::error::AppError;

fn school_form(id: Option<i64>, name: &str, county: &str) -> Vec<(&'static str, String)> {
    let mut f = vec![
        ("input[name]", name.to_string()),
        ("input[county_code]", county.to_string()),
        ("input[area_type]", "城区".to_string()),
        ("input[category]", "小学".to_string()),
        ("input[address]", String::new()),
    ];
    if let Some(id) = id {
        f.push(("input[id]", id.to_string()));
    }
    f
}

fn filter(keyword: &str) -> Vec<(&'static str, String)> {
    vec![
        ("filter[keyword]", keyword.to_string()),
        ("filter[region_code]", String::new()),
        ("filter[category]", String::new()),
        ("filter[status]", String::new()),
        ("filter[page]", "1".into()),
        ("filter[page_size]", "100".into()),
    ]
}
on_both!(
    county_admin_cannot_read_or_change_another_countys_schools,
    |app| {
        let county = app.login_as(COUNTY).await; // 长安区 130102
        let other = app.login_as(OTHER_COUNTY).await; // 桥西区 130104
        let own: i64 = county
            .call::<api::org::SaveSchool>(&school_form(None, "长安区测试小学", "130102"))
            .await
            .unwrap();
        let theirs: i64 = other
            .call::<api::org::SaveSchool>(&school_form(None, "桥西区测试小学", "130104"))
            .await
            .unwrap();

        // Listing shows only the own county.
        let page: Page<SchoolView> = county
            .call::<api::org::ListSchools>(&filter("测试小学"))
            .await
            .unwrap();
        assert_eq!(
            page.items.iter().map(|s| s.id).collect::<Vec<_>>(),
            vec![own]
        );
        let page: Page<SchoolView> = county
            .call::<api::org::ListSchools>(&filter(""))
            .await
            .unwrap();
        assert!(page.items.iter().all(|s| s.county_code == "130102"));

        // Creating, editing, moving or disabling in another county is refused.
        let create: Result<i64, _> = county
            .call::<api::org::SaveSchool>(&school_form(None, "越权小学", "130104"))
            .await;
        assert_eq!(create, Err(AppError::Forbidden));
        let edit: Result<i64, _> = county
            .call::<api::org::SaveSchool>(&school_form(Some(theirs), "改名", "130102"))
            .await;
        assert_eq!(edit, Err(AppError::Forbidden));
        let steal: Result<i64, _> = county
            .call::<api::org::SaveSchool>(&school_form(Some(own), "长安区测试小学", "130104"))
            .await;
        assert_eq!(steal, Err(AppError::Forbidden));
        let disable: Result<(), _> = county
            .call::<api::org::SetSchoolDisabled>(&[
                ("id", theirs.to_string()),
                ("disabled", "true".into()),
            ])
            .await;
        assert_eq!(disable, Err(AppError::Forbidden));
        let filtered: Result<Page<SchoolView>, _> = county
            .call::<api::org::ListSchools>(
                &[
                    filter("")[..1].to_vec(),
                    vec![("filter[region_code]", "130104".into())],
                    filter("")[2..].to_vec(),
                ]
                .concat(),
            )
            .await;
        assert_eq!(filtered, Err(AppError::Forbidden));
        let regions: Result<(app::dto::org::RegionView, Vec<app::dto::org::RegionView>), _> =
            county
                .call::<api::org::ListRegions>(&[("parent", "130104".into())])
                .await;
        assert_eq!(regions, Err(AppError::Forbidden));
    }
);

on_both!(
    city_and_province_admins_see_the_counties_below_them,
    |app| {
        let other = app.login_as(OTHER_COUNTY).await;
        let _: i64 = other
            .call::<api::org::SaveSchool>(&school_form(None, "桥西区可见小学", "130104"))
            .await
            .unwrap();
        for account in [CITY, PROVINCE] {
            let c = app.login_as(account).await;
            let page: Page<SchoolView> = c
                .call::<api::org::ListSchools>(&filter("桥西区可见小学"))
                .await
                .unwrap();
            assert_eq!(page.total, 1, "{account}");
        }
        let teacher = app.login_as(TEACHER).await;
        let r: Result<Page<SchoolView>, _> =
            teacher.call::<api::org::ListSchools>(&filter("")).await;
        assert_eq!(r, Err(AppError::Forbidden));
    }
);

on_both!(a_school_form_names_each_bad_field, |app| {
    let c = app.login_as(COUNTY).await;
    let r: Result<i64, _> = c
        .call::<api::org::SaveSchool>(&[
            ("input[name]", "".into()),
            ("input[county_code]", "130102".into()),
            ("input[area_type]", "火星".into()),
            ("input[category]", "".into()),
            ("input[address]", "".into()),
        ])
        .await;
    let e = r.unwrap_err();
    assert_eq!(e.field_message("name").as_deref(), Some("请填写学校全称"));
    assert!(e.field_message("area_type").is_some());
    assert!(e.field_message("category").is_some());
    let _: i64 = c
        .call::<api::org::SaveSchool>(&school_form(None, "重名小学", "130102"))
        .await
        .unwrap();
    let dup: Result<i64, _> = c
        .call::<api::org::SaveSchool>(&school_form(None, "重名小学", "130102"))
        .await;
    assert_eq!(
        dup.unwrap_err().field_message("name").as_deref(),
        Some("本区县已有同名学校")
    );
});
