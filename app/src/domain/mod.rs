//! Pure domain rules shared by the browser (instant feedback) and the server (the check that
//! counts). Nothing here does I/O.

pub mod assessment;
pub mod audit_action;
pub mod checkin;
pub mod codes;
pub mod contact;
pub mod credits;
pub mod cycle_form;
pub mod directive;
pub mod draw;
pub mod enrolment_flow;
pub mod enrolment_rules;
pub mod evaluation;
pub mod exemption;
pub mod file_type;
pub mod grant;
pub mod growth;
pub mod id_card;
pub mod initial_password;
pub mod leave;
pub mod mask;
pub mod micro_ability;
pub mod password;
pub mod photo;
pub mod plan_file;
pub mod project;
pub mod project_flow;
pub mod region;
pub mod role;
pub mod sheet;
pub mod shortfall;
pub mod staff_assessment;
pub mod teacher;
pub mod teacher_import;
pub mod training_year;
pub mod transfer;
