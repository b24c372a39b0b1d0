//! Views, by area.

pub mod change_password;
pub mod checkin;
pub mod checkin_screen;
pub mod class_parts;
pub mod classes;
pub mod credit_review;
pub mod cycles;
pub mod directive;
pub mod directive_parts;
pub mod enrol;
pub mod enrolment_review;
pub mod exemptions;
pub mod forgot_password;
pub mod grants;
pub mod home;
pub mod institutions;
pub mod leaves;
pub mod login;
pub mod my_credits;
pub mod my_training;
pub mod not_found;
pub mod notice_dialog;
pub mod profile;
pub mod project_detail;
pub mod project_form;
pub mod projects;
pub mod province_forms;
pub mod regions;
pub mod schools;
pub mod shell;
pub mod shortfall;
pub mod teacher_detail;
pub mod teacher_form;
pub mod teacher_import;
pub mod teachers;
pub mod training_years;
pub mod users;
pub mod verify;

/// A full navigation, so every resource reloads for the new session state.
pub fn go(path: &str) {
    let _ = leptos::prelude::window().location().set_href(path);
}
