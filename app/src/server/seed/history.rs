//! Years of training history for the demo province, so that its 工作台 and 统计分析 have
//! something to show and the dashboards' benchmark reads a province with ten years behind it:
//! each past year a set of approved projects of the demo institutions with classes, about half
//! the teachers enrolled (most admitted, some refused or withdrawn), results, ledger lines and
//! certificates for the passes, check-ins and evaluations, and school-based credits. Written
//! in set-based statements (INSERT … SELECT over the teachers), so that 3,000,000 enrolments
//! take minutes, not hours; the statistics are rebuilt from them afterwards.

use crate::domain::project_flow::ClassStatus;
use crate::domain::project_flow::ProjectStatus;
use crate::error::AppResult;
use crate::server::entities::{checkin_session, project, project_class, project_region};
use chrono::{NaiveDate, TimeZone, Utc};
use sea_orm::{
    ActiveValue::Set, ColumnTrait, ConnectionTrait, EntityTrait, NotSet, QueryFilter, QueryOrder,
    Value,
};

/// Projects a year, and classes a project.
const PROJECTS: usize = 24;
const CLASSES: usize = 4;

/// (level, kind, credit category, hours, credits in tenths).
const KINDS: [(&str, &str, &str, i32, i32); 6] = [
    ("省级", "能力提升工程2.0", "公共必修", 50, 50),
    ("省级", "骨干教师", "专业选修", 60, 60),
    ("市级", "骨干教师", "专业选修", 30, 30),
    ("市级", "班主任", "公共必修", 24, 24),
    ("县级", "新任教师", "自主选修", 40, 40),
    ("县级", "师德师风", "公共必修", 12, 12),
];

/// One of the years before the current one (whose projects are live: teachers enrol in
/// them), for the teachers with an id up to `last_teacher` (the generated ones: the named demo
/// accounts keep the state the tour and the tests expect).
pub async fn seed_year(
    db: &impl ConnectionTrait,
    (institutions, declarer): (&[i64], i64),
    (province, last_teacher): (&str, i64),
    year: i32,
) -> AppResult<()> {
    let backend = db.get_database_backend();
    let at = Utc
        .with_ymd_and_hms(year, 6, 15, 2, 0, 0)
        .single()
        .unwrap_or_else(Utc::now);
    let day = |m: u32, d: u32| NaiveDate::from_ymd_opt(year, m, d).unwrap_or_default();
    let projects = (0..PROJECTS).map(|i| {
        let (level, kind, category, hours, credits) = KINDS[i % KINDS.len()];
        project::ActiveModel {
            id: NotSet,
            name: Set(format!(
                "{year}年{kind}培训（{level}·第{}批）",
                i / KINDS.len() + 1
            )),
            year: Set(year),
            level: Set(level.into()),
            kind: Set(kind.into()),
            nature: Set("集中".into()),
            fill_mode: Set(crate::domain::project::FillMode::Selection),
            makeup: Set(false),
            photo_required: Set(false),
            organiser: Set("河北师范大学".into()),
            institution_id: Set(institutions.get(i % institutions.len().max(1)).copied()),
            declared_by_user_id: Set(declarer),
            declarer_region: Set(None),
            approver_region: Set(province.into()),
            credit_category: Set(category.into()),
            hours: Set(hours),
            credits_tenths: Set(credits),
            funding: Set("省级专项经费".into()),
            summary: Set(String::new()),
            plan_file_id: Set(None),
            plan_file_name: Set(None),
            status: Set(ProjectStatus::Approved),
            submitted_at: Set(Some(at)),
            created_at: Set(at),
            updated_at: Set(at),
        }
    });
    project::Entity::insert_many(projects).exec(db).await?;
    let ids: Vec<i64> = project::Entity::find()
        .filter(project::Column::Year.eq(year))
        .filter(project::Column::SubmittedAt.eq(at))
        .order_by_asc(project::Column::Id)
        .all(db)
        .await?
        .into_iter()
        .map(|p| p.id)
        .collect();
    // Aimed at the whole province.
    project_region::Entity::insert_many(ids.iter().map(|&pid| project_region::ActiveModel {
        project_id: Set(pid),
        region_code: Set(province.into()),
    }))
    .exec(db)
    .await?;
    let classes = ids.iter().enumerate().flat_map(|(i, &pid)| {
        (0..CLASSES).map(move |k| project_class::ActiveModel {
            id: NotSet,
            project_id: Set(pid),
            seq: Set(k as i32 + 1),
            name: Set(format!("第{}期", k + 1)),
            starts_on: Set(day(3 + (k as u32 + i as u32) % 8, 10)),
            ends_on: Set(day(3 + (k as u32 + i as u32) % 8, 20)),
            place: Set("石家庄市".into()),
            capacity: Set(0),
            extra_capacity: Set(0),
            fee_fen: Set(0),
            tutor: Set("刘老师".into()),
            institution_id: Set(None),
            status: Set(ClassStatus::Open),
            taken: Set(0),
            notice: Set(None),
            notice_published_at: Set(None),
        })
    });
    project_class::Entity::insert_many(classes).exec(db).await?;
    let class_ids: Vec<i64> = project_class::Entity::find()
        .filter(project_class::Column::ProjectId.is_in(ids.iter().copied()))
        .order_by_asc(project_class::Column::Id)
        .all(db)
        .await?
        .into_iter()
        .map(|c| c.id)
        .collect();
    let (first, n) = (
        class_ids.first().copied().unwrap_or(0),
        class_ids.len() as i64,
    );
    // The classes' ids are consecutive: a teacher's class is picked by arithmetic.
    let y = i64::from(year);
    let exec = |sql: &str, values: Vec<Value>| {
        db.execute_raw(crate::server::sql::statement(backend, sql, values))
    };
    exec(
        "INSERT INTO enrolments (project_id, class_id, teacher_id, user_id, school_id, county_code, \
         year, hours, round, status, reason, queued_at, created_at, updated_at, passed, scores, \
         score_total, graded_at, graded_by_name, counted, counted_class) \
         SELECT c.project_id, c.id, t.id, t.user_id, t.school_id, t.county_code, ?, 30, 1, \
           CASE WHEN (t.id * 31 + ?) % 100 < 86 THEN 'enrolled' \
                WHEN (t.id * 31 + ?) % 100 < 93 THEN 'refused' ELSE 'withdrawn' END, \
           NULL, ?, ?, ?, \
           CASE WHEN (t.id * 31 + ?) % 100 < 86 THEN ((t.id * 7 + ?) % 10 <> 0) ELSE NULL END, \
           NULL, NULL, NULL, NULL, 0, 0 \
         FROM teachers t JOIN project_classes c ON c.id = ? + (t.id * 7 + ?) % ? \
         WHERE (t.id * 13 + ? * 7) % 100 < 50 AND t.id <= ?",
        vec![
            year.into(),
            y.into(),
            y.into(),
            at.into(),
            at.into(),
            at.into(),
            y.into(),
            y.into(),
            first.into(),
            y.into(),
            n.into(),
            y.into(),
            last_teacher.into(),
        ],
    )
    .await?;
    exec(
        "UPDATE project_classes SET taken = (SELECT COUNT(*) FROM enrolments e \
         WHERE e.class_id = project_classes.id AND e.status = 'enrolled'), \
         capacity = (SELECT COUNT(*) FROM enrolments e WHERE e.class_id = project_classes.id) + 20 \
         WHERE id >= ? AND id < ?",
        vec![first.into(), (first + n).into()],
    )
    .await?;
    // Passes write their ledger line and certificate.
    exec(
        "INSERT INTO credit_entries (user_id, teacher_id, county_code, school_id, year, category, \
         credits_tenths, hours, source, enrolment_id, title, certifier_level, certifier_name, \
         status, reason, created_by_user_id, created_at, decided_by_name, decided_at) \
         SELECT e.user_id, e.teacher_id, e.county_code, e.school_id, e.year, p.credit_category, \
           p.credits_tenths, p.hours, 'project', e.id, p.name, p.level, p.organiser, 'approved', \
           NULL, ?, ?, NULL, ? \
         FROM enrolments e JOIN projects p ON p.id = e.project_id \
         WHERE e.year = ? AND e.passed = TRUE",
        vec![declarer.into(), at.into(), at.into(), year.into()],
    )
    .await?;
    exec(
        "INSERT INTO certificates (number, kind, enrolment_id, user_id, holder_name, id_masked, \
         project_name, class_name, starts_on, ends_on, hours, credits_tenths, credit_category, \
         level, result, issuer, photo_file_id, issued_at, status, revoked_reason, revoked_at) \
         SELECT 'SXH' || e.id, 'completion', e.id, e.user_id, '', '', p.name, c.name, \
           c.starts_on, c.ends_on, p.hours, p.credits_tenths, p.credit_category, p.level, '合格', \
           p.organiser, NULL, ?, 'valid', NULL, NULL \
         FROM enrolments e JOIN projects p ON p.id = e.project_id \
           JOIN project_classes c ON c.id = e.class_id \
         WHERE e.year = ? AND e.passed = TRUE",
        vec![at.into(), year.into()],
    )
    .await?;
    // School-based research (校本研修), certified by the school: most teachers each year.
    exec(
        "INSERT INTO credit_entries (user_id, teacher_id, county_code, school_id, year, category, \
         credits_tenths, hours, source, enrolment_id, title, certifier_level, certifier_name, \
         status, reason, created_by_user_id, created_at, decided_by_name, decided_at) \
         SELECT t.user_id, t.id, t.county_code, t.school_id, ?, '校本研修', 100, 30, 'manual', \
           NULL, '校本研修', '校级', '本校', 'approved', NULL, t.user_id, ?, NULL, ? \
         FROM teachers t WHERE (t.id * 17 + ?) % 10 < 7 AND t.id <= ?",
        vec![
            year.into(),
            at.into(),
            at.into(),
            y.into(),
            last_teacher.into(),
        ],
    )
    .await?;
    // One check-in session a class; most admitted teachers were there.
    let sessions = class_ids.iter().map(|&c| checkin_session::ActiveModel {
        id: NotSet,
        class_id: Set(c),
        title: Set("开班报到".into()),
        secret: Set(format!("history-{c}")),
        opened_at: Set(at),
        closed_at: Set(Some(at)),
        opened_by_name: Set("周机构".into()),
    });
    checkin_session::Entity::insert_many(sessions)
        .exec(db)
        .await?;
    exec(
        "INSERT INTO checkins (session_id, enrolment_id, user_id, source, checked_at) \
         SELECT s.id, e.id, e.user_id, 'roster', ? FROM enrolments e \
           JOIN checkin_sessions s ON s.class_id = e.class_id \
         WHERE e.year = ? AND e.status = 'enrolled' AND e.id % 10 <> 3",
        vec![at.into(), year.into()],
    )
    .await?;
    exec(
        "INSERT INTO evaluations (enrolment_id, class_id, user_id, items, ratings, comment, \
         created_at) \
         SELECT e.id, e.class_id, e.user_id, '[\"课程内容\",\"授课教师\",\"组织管理\"]', \
           CASE WHEN e.id % 3 = 0 THEN '[5,4,4]' ELSE '[5,5,4]' END, '', ? \
         FROM enrolments e WHERE e.year = ? AND e.passed = TRUE AND e.id % 2 = 0",
        vec![at.into(), year.into()],
    )
    .await?;
    Ok(())
}
