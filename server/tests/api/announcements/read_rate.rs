//! The province's announcement reaches every level; the read rate counts by city and county.

use super::*;

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
