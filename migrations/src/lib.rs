//! Database migrations. A released migration is never edited: add a new one.

pub use sea_orm_migration::prelude::*;

mod m20261124_000001_foundation;
mod m20261124_000002_regions;
mod m20261125_000003_teacher_history;
mod m20261125_000004_teacher_list_indexes;
mod m20261126_000005_projects;
mod m20261126_000006_enrolments;
mod m20261127_000007_directive;
mod m20261128_000008_exemptions;
mod m20261129_000009_credits;
mod m20261130_000010_results;
mod m20261201_000011_checkin_evaluations;
mod m20261203_000012_micro_abilities;
mod m20261203_000013_growth_assessments;
mod m20261205_000014_code_requests;
mod m20261205_000015_platform_secrets_initial_passwords;
mod m20261206_000016_statistics;
mod m20261206_000017_name_grams;
mod m20261206_000018_stat_trend_index;
mod m20261206_000019_teacher_list_pg_indexes;
mod m20261207_000020_foreign_keys;
mod m20261207_000021_project_audience;
mod m20261207_000022_enrolment_class_key;
mod m20261208_000023_outbox;
mod m20261208_000024_announcements;
mod m20261209_000025_announcement_file_names;
mod m20261209_000026_announcement_read_counts;
mod m20261210_000027_class_lessons;

pub struct Migrator;

#[async_trait::async_trait]
impl MigratorTrait for Migrator {
    fn migrations() -> Vec<Box<dyn MigrationTrait>> {
        vec![
            Box::new(m20261124_000001_foundation::Migration),
            Box::new(m20261124_000002_regions::Migration),
            Box::new(m20261125_000003_teacher_history::Migration),
            Box::new(m20261125_000004_teacher_list_indexes::Migration),
            Box::new(m20261126_000005_projects::Migration),
            Box::new(m20261126_000006_enrolments::Migration),
            Box::new(m20261127_000007_directive::Migration),
            Box::new(m20261128_000008_exemptions::Migration),
            Box::new(m20261129_000009_credits::Migration),
            Box::new(m20261130_000010_results::Migration),
            Box::new(m20261201_000011_checkin_evaluations::Migration),
            Box::new(m20261203_000012_micro_abilities::Migration),
            Box::new(m20261203_000013_growth_assessments::Migration),
            Box::new(m20261205_000014_code_requests::Migration),
            Box::new(m20261205_000015_platform_secrets_initial_passwords::Migration),
            Box::new(m20261206_000016_statistics::Migration),
            Box::new(m20261206_000017_name_grams::Migration),
            Box::new(m20261206_000018_stat_trend_index::Migration),
            Box::new(m20261206_000019_teacher_list_pg_indexes::Migration),
            Box::new(m20261207_000020_foreign_keys::Migration),
            Box::new(m20261207_000021_project_audience::Migration),
            Box::new(m20261207_000022_enrolment_class_key::Migration),
            Box::new(m20261208_000023_outbox::Migration),
            Box::new(m20261208_000024_announcements::Migration),
            Box::new(m20261209_000025_announcement_file_names::Migration),
            Box::new(m20261209_000026_announcement_read_counts::Migration),
            Box::new(m20261210_000027_class_lessons::Migration),
        ]
    }
}
