//! Institutions and their authorised regions, on SQLite and PostgreSQL.

use crate::helpers::*;
use app::dto::Page;
use app::dto::org::{InstitutionView, RegionView};
use app::error::AppError;

fn form(name: &str, phone: &str, url: &str, regions: &[&str]) -> Vec<(String, String)> {
    let mut f = vec![
        ("input[name]".to_string(), name.to_string()),
        ("input[kind]".to_string(), "高等院校".to_string()),
        ("input[contact_name]".to_string(), "王老师".to_string()),
        ("input[contact_phone]".to_string(), phone.to_string()),
        ("input[platform_url]".to_string(), url.to_string()),
    ];
    for (i, r) in regions.iter().enumerate() {
        f.push((format!("input[region_codes][{i}]"), r.to_string()));
    }
    f
}

fn as_refs(f: &[(String, String)]) -> Vec<(&str, String)> {
    f.iter().map(|(k, v)| (k.as_str(), v.clone())).collect()
}

fn filter(keyword: &str) -> Vec<(&'static str, String)> {
    vec![
        ("filter[keyword]", keyword.into()),
        ("filter[status]", String::new()),
        ("filter[page]", "1".into()),
        ("filter[page_size]", "20".into()),
    ]
}

on_both!(
    the_province_admin_authorises_an_institution_for_cities,
    |app| {
        let c = app.login_as(PROVINCE).await;
        let choices: Vec<RegionView> = c
            .call::<api::institutions::AuthorisableRegions>(&[])
            .await
            .unwrap();
        assert_eq!(choices.len(), 12, "the province and its 11 cities");
        let f = form(
            "燕山大学",
            "0335-8057000",
            "https://learn.example.cn",
            &["130100", "130200"],
        );
        let id: i64 = c
            .call::<api::institutions::SaveInstitution>(&as_refs(&f))
            .await
            .unwrap();
        let page: Page<InstitutionView> = c
            .call::<api::institutions::ListInstitutions>(&filter("燕山"))
            .await
            .unwrap();
        assert_eq!(page.items.len(), 1);
        assert_eq!(page.items[0].id, id);
        let names: Vec<&str> = page.items[0].regions.iter().map(|r| r.1.as_str()).collect();
        assert_eq!(names, vec!["石家庄市", "唐山市"]);
    }
);

on_both!(an_institution_form_names_each_bad_field, |app| {
    let c = app.login_as(PROVINCE).await;
    let f = form("", "12345", "ftp://x", &[]);
    let e = c
        .refused::<api::institutions::SaveInstitution>(&as_refs(&f))
        .await;
    for field in ["name", "contact_phone", "platform_url", "region_codes"] {
        assert!(e.field_message(field).is_some(), "{field}: {e:?}");
    }
    let outside = form("越界学院", "13812345678", "", &["110000"]);
    assert_eq!(
        c.call::<api::institutions::SaveInstitution>(&as_refs(&outside))
            .await,
        Err(AppError::Forbidden)
    );
});

on_both!(only_the_province_admin_manages_institutions, |app| {
    for account in [CITY, COUNTY, SCHOOL_ADMIN, TEACHER] {
        let c = app.login_as(account).await;
        let list: Result<Page<InstitutionView>, _> = c
            .call::<api::institutions::ListInstitutions>(&filter(""))
            .await;
        assert_eq!(list, Err(AppError::Forbidden), "{account}");
        let f = form("某学院", "13812345678", "", &["130100"]);
        assert_eq!(
            c.call::<api::institutions::SaveInstitution>(&as_refs(&f))
                .await,
            Err(AppError::Forbidden),
            "{account}"
        );
        let d: Result<(), _> = c
            .call::<api::institutions::SetInstitutionDisabled>(&[
                ("id", "1".into()),
                ("disabled", "true".into()),
            ])
            .await;
        assert_eq!(d, Err(AppError::Forbidden), "{account}");
    }
});
