#![recursion_limit = "512"]
#![allow(clippy::unwrap_used)] // tests fail loudly by design
//! The integration tests: each module drives the real app over HTTP, as the browser does, on
//! SQLite and on PostgreSQL (`on_both!`). One binary, so the app is linked once.

#[macro_use]
mod helpers;

mod accounts;
mod announcement_files;
mod announcements;
mod audience;
mod checkin;
mod classes;
mod credits;
mod cycles;
mod directive;
mod enrolments;
mod evaluations;
mod exemptions;
mod grants;
mod growth;
mod institutions;
mod integrity;
mod leaves;
mod messages;
mod micro_points;
mod my_certificates;
mod photos;
mod projects;
mod recovery;
mod results;
mod schools;
mod security;
mod sessions;
mod statistics;
mod teacher_import;
mod teacher_moves;
mod teacher_sheets;
mod teacher_space;
mod teachers;
mod users;
