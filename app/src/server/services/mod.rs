//! Reads and workflows. Each takes `&impl ConnectionTrait` so it runs alone or inside a
//! caller's transaction.

pub mod accounts;
pub mod announcements;
pub mod audit;
pub mod audit_view;
pub mod by_id;
pub mod certificates;
pub mod checkin;
pub mod class_draws;
pub mod class_page;
pub mod credit_certificates;
pub mod credits;
pub mod cycles;
pub mod dashboard;
pub mod enrolments;
pub mod evaluations;
pub mod exemptions;
pub mod figures;
pub mod grants;
pub mod growth;
pub mod home;
pub mod initial_passwords;
pub mod institutions;
pub mod jobs;
pub mod launch;
pub mod leaves;
pub mod ledger;
pub mod like;
pub mod lockout;
pub mod login;
pub mod message_choices;
pub mod micro_ability;
pub mod my_certificates;
pub mod names;
pub mod notices;
pub mod notifications;
pub mod one_time_codes;
pub mod org;
pub mod outbox;
pub mod photos;
pub mod profile;
pub mod projects;
pub mod recovery;
pub mod results;
pub mod roster;
pub mod search;
pub mod shortfall;
pub mod spreadsheet;
pub mod staff_assessments;
pub mod statistics;
pub mod stats;
pub mod stored_files;
pub mod teachers;
pub mod timetable;
pub mod training_years;
pub mod users;
pub mod worker;
pub mod workflow;

/// A UTC instant as Beijing wall-clock time (UTC+8, no daylight saving), for what users read.
pub fn beijing(t: chrono::DateTime<chrono::Utc>) -> chrono::NaiveDateTime {
    (t + chrono::Duration::hours(8)).naive_utc()
}
