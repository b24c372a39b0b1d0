//! sea-orm entities: the table shapes only. Behaviour lives in `services`.

pub mod audit_log;
pub mod class_draw;
pub mod credit_cycle;
pub mod credit_entry;
pub mod dev_mailbox;
pub mod enrolment;
pub mod exemption;
pub mod institution;
pub mod institution_region;
pub mod launch_token;
pub mod notification;
pub mod project;
pub mod project_class;
pub mod project_quota;
pub mod project_region;
pub mod region;
pub mod role_assignment;
pub mod school;
pub mod session;
pub mod stored_file;
pub mod teacher;
pub mod teacher_history;
pub mod training_year;
pub mod user;
pub mod verification_code;
pub mod workflow_event;
