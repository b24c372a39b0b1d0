//! Views, by area.

pub mod account_settings;
pub mod announcement_detail;
pub mod announcement_form;
pub mod announcements;
pub mod assessments;
pub mod audit;
pub mod change_password;
pub mod checkin;
pub mod checkin_queue;
pub mod checkin_screen;
pub mod class_cards;
pub mod class_editor;
pub mod class_grading;
pub mod classes;
pub mod credit_review;
pub mod cycles;
pub mod deliveries;
pub mod directive;
pub mod directive_dialogs;
pub mod enrol;
pub mod enrolment_review;
pub mod exemptions;
pub mod forgot_password;
pub mod grants;
pub mod home;
pub mod institutions;
pub mod item_lists;
pub mod leaves;
pub mod login;
pub mod me;
pub mod messages;
pub mod my_certificates;
pub mod my_credits;
pub mod my_growth;
pub mod my_training;
pub mod not_found;
pub mod notice_dialog;
pub mod profile;
pub mod project_detail;
pub mod project_form;
pub mod projects;
pub mod regions;
pub mod replace_dialog;
pub mod schools;
pub mod shell;
pub mod shortfall;
pub mod statistics;
pub mod teacher_detail;
pub mod teacher_form;
pub mod teacher_import;
pub mod teachers;
pub mod timetable_card;
pub mod training_dialogs;
pub mod training_years;
pub mod users;
pub mod verify;
pub mod workbench;

/// The browser's current year, for forms' year bounds (the server checks against its own
/// date); `None` while rendering on the server.
pub fn browser_year() -> Option<i32> {
    #[cfg(feature = "hydrate")]
    {
        Some(leptos::web_sys::js_sys::Date::new_0().get_full_year() as i32)
    }
    #[cfg(not(feature = "hydrate"))]
    {
        None
    }
}

/// A full navigation, so every resource reloads for the new session state.
pub fn go(path: &str) {
    let _ = leptos::prelude::window().location().set_href(path);
}
