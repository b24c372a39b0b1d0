//! 统计分析: sums up the region tree, drill-down and scope.

use super::*;

on_both!(
    statistics_sum_up_the_region_tree_and_refuse_units_outside_the_scope,
    |app| {
        use app::server::entities::teacher;
        for seq in 1..=3u16 {
            school_teacher(app, 400 + seq, "英语").await;
        }
        let (province, city, county, other, sa) = (
            app.login_as(PROVINCE).await,
            app.login_as(CITY).await,
            app.login_as(COUNTY).await,
            app.login_as(OTHER_COUNTY).await,
            app.login_as(SCHOOL_ADMIN).await,
        );
        // The county's in-post teachers, counted from the records by hand.
        let in_county = teacher::Entity::find()
            .filter(teacher::Column::CountyCode.eq("130102"))
            .filter(teacher::Column::Status.eq("在岗"))
            .count(&app.db)
            .await
            .unwrap();
        let c = stats(&county, "teachers", "").await.unwrap();
        assert_eq!(c.unit, "130102");
        assert_eq!(c.row_label, "学校");
        assert_eq!(total(&c, "在岗教师"), in_county.to_string());
        let by_rows: i64 = c.rows.iter().map(|r| r.bar).sum();
        assert_eq!(by_rows, in_county as i64);
        assert_eq!(c.trail.len(), 1);
        // The city sees the county as a row with the same figure, and drills into it.
        let ci = stats(&city, "teachers", "").await.unwrap();
        assert_eq!(ci.row_label, "区县");
        assert_eq!(cell(&ci, &c.unit_name, "在岗教师"), in_county.to_string());
        let row = ci.rows.iter().find(|r| r.name == c.unit_name).unwrap();
        assert_eq!(row.unit.as_deref(), Some("130102"));
        let down = stats(&city, "teachers", "130102").await.unwrap();
        assert_eq!(down.rows, c.rows);
        assert_eq!(
            down.trail
                .iter()
                .map(|t| t.unit.as_str())
                .collect::<Vec<_>>(),
            ["130100", "130102"]
        );
        // The province: cities, then down to the county.
        let p = stats(&province, "teachers", "").await.unwrap();
        assert_eq!(p.row_label, "市");
        assert_eq!(cell(&p, &ci.unit_name, "在岗教师"), total(&ci, "在岗教师"));
        let p3 = stats(&province, "teachers", "130102").await.unwrap();
        assert_eq!(p3.trail.len(), 3);
        // 英语 is one of the subjects counted, by hand.
        let by_subject: StatsView = county
            .call::<api::dashboard::GetStatistics>(&[
                ("query[area]", "teachers".into()),
                ("query[dim]", "subject".into()),
            ])
            .await
            .unwrap();
        let english = teacher::Entity::find()
            .filter(teacher::Column::CountyCode.eq("130102"))
            .filter(teacher::Column::Status.eq("在岗"))
            .filter(teacher::Column::Subject.eq("英语"))
            .count(&app.db)
            .await
            .unwrap();
        assert_eq!(total(&by_subject, "英语"), english.to_string());

        // Outside the scope: refused alike, whether the unit exists or not.
        let school = teacher_of(app, TEACHER).await.school_id.unwrap();
        for (who, unit) in [
            (&county, "130100".to_string()),
            (&county, "130000".to_string()),
            (&county, "130199".to_string()),
            (&other, format!("s{school}")),
            (&other, "130102".to_string()),
            (&county, "s99999999".to_string()),
            (&sa, "130102".to_string()),
            (&city, "140000".to_string()),
            (&county, "x".to_string()),
        ] {
            for area in ["teachers", "training", "credits"] {
                assert_eq!(
                    stats(who, area, &unit).await.unwrap_err(),
                    AppError::Forbidden,
                    "{area} {unit}"
                );
            }
        }
        // A school admin sees its school.
        let own = stats(&sa, "credits", "").await.unwrap();
        assert_eq!(own.unit, format!("s{school}"));
        assert_eq!(own.rows.len(), 1);
        assert_eq!(
            own.rows[0].list.as_deref(),
            Some(format!("/credits/shortfall?school_id={school}").as_str())
        );
        // 学分统计's school row opens that school's 学分预警 list; another county cannot.
        let cr = stats(&county, "credits", "").await.unwrap();
        let row = cr
            .rows
            .iter()
            .find(|r| {
                r.list
                    .as_deref()
                    .is_some_and(|l| l.ends_with(&format!("={school}")))
            })
            .unwrap();
        let warned: String =
            row.cells[cr.columns.iter().position(|c| c == "预警人数").unwrap()].clone();
        let list: app::dto::credits::ShortfallPage = county
            .call::<api::credits::CreditShortfall>(&[
                ("filter[school_id]", school.to_string()),
                ("filter[page_size]", "100".into()),
            ])
            .await
            .unwrap();
        assert_eq!(list.page.total.to_string(), warned);
        assert_eq!(list.page.items.len().to_string(), warned);
        let r: Result<app::dto::credits::ShortfallPage, AppError> = other
            .call::<api::credits::CreditShortfall>(&[("filter[school_id]", school.to_string())])
            .await;
        assert_eq!(r.unwrap_err(), AppError::Forbidden);
        // An institution's page is its own projects, whatever unit the address names.
        let inst = app.login_as(INSTITUTION).await;
        let own = stats(&inst, "teachers", "130102").await.unwrap();
        assert_eq!(own.area, app::domain::statistics::Area::Projects);
        assert!(own.rows.iter().all(|r| {
            r.list
                .as_deref()
                .is_some_and(|l| l.starts_with("/projects/"))
        }));
        let (status, _, _) = get_bytes(&inst, "/api/files/statistics.xlsx").await;
        assert_eq!(status, 200);
        // 机构统计 is the province's and the cities'.
        assert_eq!(
            stats(&county, "institutions", "").await.unwrap_err(),
            AppError::from(app::error::Broken::InstitutionStatsAbove)
        );
        let inst = stats(&province, "institutions", "").await.unwrap();
        assert!(inst.rows.iter().any(|r| r.name == "河北师范大学"));
        // The table as .xlsx, for those who may see it.
        let (status, _, bytes) =
            get_bytes(&county, "/api/files/statistics.xlsx?area=teachers").await;
        assert_eq!(status, 200);
        let rows = app::server::services::spreadsheet::read_rows(&bytes).unwrap();
        assert_eq!(rows[1][0], "学校");
        assert_eq!(rows.last().unwrap()[0], "合计");
        let (status, _, _) = get_bytes(
            &other,
            &format!("/api/files/statistics.xlsx?unit=s{school}"),
        )
        .await;
        assert_eq!(status, 403);
        let t = app.login_as(TEACHER).await;
        let (status, _, _) = get_bytes(&t, "/api/files/statistics.xlsx").await;
        assert_eq!(status, 403);
    }
);
