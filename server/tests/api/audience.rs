//! The audience rule has one home, `enrolment_rules::open_to`; its two SQL forms (the projects
//! open to a teacher, the teachers a project is open to) must say the same. Checked on random
//! audiences and teachers drawn from small pools, so that every kind of match and miss occurs.

use crate::helpers::*;
use app::domain::enrolment_rules::{Applicant, Targets, open_to};
use app::server::entities::{project, teacher};
use app::server::services::projects::audience;
use sea_orm::{ColumnTrait, EntityTrait, QueryFilter, QueryOrder, QuerySelect};
use std::collections::BTreeSet;

const STAGES: [&str; 3] = ["小学", "初中", "高中"];
const SUBJECTS: [&str; 3] = ["语文", "数学", "物理"];
const POSTS: [&str; 2] = ["专任教师", "班主任"];

/// A small, seeded generator: the same cases on every run and on both databases.
struct Draw(u64);

impl Draw {
    fn next(&mut self, below: usize) -> usize {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        (self.0 % below as u64) as usize
    }

    /// Any of the pool's values, each in or out: often none (any), sometimes all.
    fn some_of(&mut self, pool: &[&str]) -> Vec<String> {
        pool.iter()
            .filter(|_| self.next(3) == 0)
            .map(|v| v.to_string())
            .collect()
    }

    fn one_of<'a>(&mut self, pool: &[&'a str]) -> &'a str {
        pool[self.next(pool.len())]
    }
}

/// The ids a query of one id column selects.
async fn ids_of<E: sea_orm::EntityTrait>(
    q: sea_orm::Select<E>,
    db: &sea_orm::DatabaseConnection,
) -> Vec<i64> {
    q.into_tuple().all(db).await.unwrap()
}

fn admits_in_domain(t: &Targets, stage: &str, subject: &str, post: &str) -> bool {
    let everywhere = ["130000".to_string()];
    let who = Applicant {
        county: "130102",
        stage,
        subject,
        post,
    };
    open_to(&who, &t.with_regions(&everywhere)).is_ok()
}

on_both!(the_audience_sql_and_the_rule_agree, |app| {
    let mut draw = Draw(0x5eed_2026);
    let projects: Vec<i64> = ids_of(
        project::Entity::find()
            .select_only()
            .column(project::Column::Id)
            .order_by_asc(project::Column::Id)
            .limit(4),
        &app.db,
    )
    .await;
    let teachers: Vec<i64> = ids_of(
        teacher::Entity::find()
            .select_only()
            .column(teacher::Column::Id)
            .order_by_asc(teacher::Column::Id)
            .limit(8),
        &app.db,
    )
    .await;
    assert!(projects.len() >= 2 && teachers.len() >= 4);
    for _round in 0..12 {
        let mut audiences = Vec::new();
        for &id in &projects {
            let t = Targets {
                stages: draw.some_of(&STAGES),
                subjects: draw.some_of(&SUBJECTS),
                posts: draw.some_of(&POSTS),
            };
            audience::write(&app.db, id, &t).await.unwrap();
            // What is written reads back the same (sorted).
            let mut sorted = t.clone();
            sorted.stages.sort();
            sorted.subjects.sort();
            sorted.posts.sort();
            assert_eq!(audience::read(&app.db, id).await.unwrap(), sorted);
            audiences.push((id, t));
        }
        let mut people = Vec::new();
        for &id in &teachers {
            let (stage, subject, post) = (
                draw.one_of(&STAGES),
                draw.one_of(&SUBJECTS),
                draw.one_of(&POSTS),
            );
            teacher::Entity::update_many()
                .col_expr(teacher::Column::Stage, stage.into())
                .col_expr(teacher::Column::Subject, subject.into())
                .col_expr(teacher::Column::Post, post.into())
                .filter(teacher::Column::Id.eq(id))
                .exec(&app.db)
                .await
                .unwrap();
            people.push((id, stage, subject, post));
        }

        // The projects open to each teacher.
        for (_, stage, subject, post) in &people {
            let sql: BTreeSet<i64> = project::Entity::find()
                .filter(project::Column::Id.is_in(projects.clone()))
                .filter(audience::admits(stage, subject, post))
                .all(&app.db)
                .await
                .unwrap()
                .into_iter()
                .map(|p| p.id)
                .collect();
            let rule: BTreeSet<i64> = audiences
                .iter()
                .filter(|(_, t)| admits_in_domain(t, stage, subject, post))
                .map(|(id, _)| *id)
                .collect();
            assert_eq!(sql, rule, "{stage} {subject} {post}: {audiences:?}");
        }
        // The teachers each project is open to.
        for (_, t) in &audiences {
            let sql: BTreeSet<i64> = teacher::Entity::find()
                .filter(teacher::Column::Id.is_in(teachers.clone()))
                .filter(audience::admitted(t))
                .all(&app.db)
                .await
                .unwrap()
                .into_iter()
                .map(|t| t.id)
                .collect();
            let rule: BTreeSet<i64> = people
                .iter()
                .filter(|(_, s, j, p)| admits_in_domain(t, s, j, p))
                .map(|(id, ..)| *id)
                .collect();
            assert_eq!(sql, rule, "{t:?}: {people:?}");
        }
    }
});
