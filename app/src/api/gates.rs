//! The gate of every server function and file route: what the caller's role must hold before
//! the function runs. The server checks it in one middleware over all requests (fail closed: a
//! function or `/api/` route without an entry is refused), before any of the function's code
//! reads anything; the function's service then narrows the permission to the target through
//! the policy. The tests below keep the table whole.

use crate::domain::access::{Gate, Permission as P};

const ANYONE: Gate = Gate::Anyone;
const SIGNED_IN: Gate = Gate::SignedIn;

const fn any(perms: &'static [P]) -> Gate {
    Gate::Any(perms)
}

/// Server functions by endpoint name.
pub const SERVER_FUNCTIONS: [(&str, Gate); 138] = [
    // Signing in and recovery: before any account.
    ("site_facts", ANYONE),
    ("login", ANYONE),
    ("request_account_code", ANYONE),
    ("unlock_with_code", ANYONE),
    ("reset_with_code", ANYONE),
    ("verify_certificate", ANYONE),
    // Who is signed in (nobody, on the login page), and signing out: they answer a stranger.
    ("current_user", ANYONE),
    ("logout", ANYONE),
    // One's own account, whatever the role.
    ("change_password", SIGNED_IN),
    ("switch_role", SIGNED_IN),
    ("get_inbox", any(&[P::OwnProfile])),
    ("mark_notifications_read", any(&[P::OwnProfile])),
    ("my_messages", any(&[P::OwnProfile])),
    ("get_home", any(&[P::OwnProfile])),
    ("message_choices", any(&[P::OwnProfile])),
    ("choose_message", any(&[P::OwnProfile])),
    // 通知公告: everyone receives; bureaus, schools and institutions publish.
    ("list_announcements", any(&[P::ReadAnnouncements])),
    ("open_announcement", any(&[P::ReadAnnouncements])),
    ("open_announcement_page", any(&[P::ReadAnnouncements])),
    ("acknowledge_announcement", any(&[P::ReadAnnouncements])),
    ("announcement_options", any(&[P::PublishAnnouncements])),
    ("publish_announcement", any(&[P::PublishAnnouncements])),
    ("upload_announcement_file", any(&[P::PublishAnnouncements])),
    ("withdraw_announcement", any(&[P::PublishAnnouncements])),
    ("published_announcements", any(&[P::PublishAnnouncements])),
    ("announcement_reach", any(&[P::PublishAnnouncements])),
    ("remind_announcement", any(&[P::PublishAnnouncements])),
    ("my_profile", any(&[P::OwnProfile])),
    ("send_contact_code", any(&[P::OwnProfile])),
    ("confirm_contact", any(&[P::OwnProfile])),
    ("upload_photo", any(&[P::OwnProfile])),
    // The teacher's own training.
    ("list_offers", any(&[P::Learn])),
    ("enrol_in_class", any(&[P::Learn])),
    ("withdraw_enrolment", any(&[P::Learn])),
    ("my_training", any(&[P::Learn])),
    ("launch_learning", any(&[P::Learn])),
    ("check_in", any(&[P::Learn])),
    ("my_checkin", any(&[P::Learn])),
    ("my_credits", any(&[P::Learn])),
    ("my_certificates", any(&[P::Learn])),
    ("submit_credit", any(&[P::Learn])),
    ("submit_evaluation", any(&[P::Learn])),
    ("my_growth", any(&[P::Learn])),
    ("upload_growth_file", any(&[P::Learn])),
    ("add_growth", any(&[P::Learn])),
    ("withdraw_growth", any(&[P::Learn])),
    ("pick_micro_points", any(&[P::Learn])),
    ("evaluation_items", any(&[P::Learn, P::ConfigureProvince])),
    ("province_forms", any(&[P::ConfigureProvince])),
    ("get_draw", any(&[P::Learn, P::ViewProject])),
    // The 工作台 and 统计分析 of one's unit.
    ("get_workbench", any(&[P::ViewStatistics])),
    ("get_statistics", any(&[P::ViewStatistics])),
    // The province's settings.
    ("account_settings", any(&[P::ConfigureProvince])),
    ("deliveries", any(&[P::ViewDeliveries])),
    ("retry_delivery", any(&[P::ViewDeliveries])),
    ("save_account_settings", any(&[P::ConfigureProvince])),
    ("list_cycles", any(&[P::ConfigureProvince])),
    ("save_cycle", any(&[P::ConfigureProvince])),
    ("save_evaluation_items", any(&[P::ConfigureProvince])),
    ("save_micro_points", any(&[P::ConfigureProvince])),
    ("save_training_year", any(&[P::ConfigureProvince])),
    (
        "list_training_years",
        any(&[P::ConfigureProvince, P::ViewProject, P::ManageExemptions]),
    ),
    // Institutions.
    ("list_institutions", any(&[P::ManageInstitutions])),
    ("authorisable_regions", any(&[P::ManageInstitutions])),
    ("save_institution", any(&[P::ManageInstitutions])),
    ("new_platform_secret", any(&[P::ManageInstitutions])),
    ("set_institution_disabled", any(&[P::ManageInstitutions])),
    // Regions, schools, accounts.
    ("list_regions", any(&[P::ViewRegions])),
    ("my_counties", any(&[P::ViewSchools, P::ManageTeachers])),
    ("list_schools", any(&[P::ViewSchools])),
    ("save_school", any(&[P::ManageSchools])),
    ("set_school_disabled", any(&[P::ManageSchools])),
    ("list_users", any(&[P::ManageUsers])),
    ("reset_user_password", any(&[P::ManageUsers])),
    ("set_user_disabled", any(&[P::ManageUsers])),
    ("user_roles", any(&[P::ManageUsers])),
    ("grant_options", any(&[P::ManageUsers])),
    ("grant_role", any(&[P::ManageUsers])),
    ("revoke_role", any(&[P::ManageUsers])),
    ("create_user", any(&[P::ManageUsers])),
    ("audit_log", any(&[P::ReadAudit])),
    // Teacher records.
    ("list_teachers", any(&[P::ManageTeachers])),
    ("teacher_detail", any(&[P::ManageTeachers])),
    ("reveal_id_number", any(&[P::ManageTeachers])),
    ("update_teacher", any(&[P::ManageTeachers])),
    ("add_teacher", any(&[P::ManageTeachers])),
    ("find_transfer_candidate", any(&[P::ManageTeachers])),
    ("move_teacher", any(&[P::ManageTeachers])),
    ("set_teacher_status", any(&[P::ManageTeachers])),
    ("bulk_teachers", any(&[P::ManageTeachers])),
    ("teacher_school_options", any(&[P::ManageTeachers])),
    ("upload_teachers", any(&[P::ManageTeachers])),
    ("import_status", any(&[P::ManageTeachers])),
    ("commit_import", any(&[P::ManageTeachers])),
    ("credit_shortfall", any(&[P::ManageTeachers])),
    ("credit_queue", any(&[P::CertifyCredits])),
    ("decide_credits", any(&[P::CertifyCredits])),
    ("assessment_list", any(&[P::RecordAssessment])),
    ("import_assessments", any(&[P::RecordAssessment])),
    ("list_exemptions", any(&[P::ManageExemptions])),
    ("grant_exemption", any(&[P::ManageExemptions])),
    ("revoke_exemption", any(&[P::ManageExemptions])),
    // Projects.
    ("get_project_choices", any(&[P::DeclareProject])),
    ("save_project", any(&[P::DeclareProject])),
    ("upload_plan", any(&[P::DeclareProject])),
    ("list_projects", any(&[P::ViewProject])),
    ("get_project", any(&[P::ViewProject])),
    (
        "act_on_project",
        any(&[P::DeclareProject, P::ReviewProject]),
    ),
    (
        "act_on_projects",
        any(&[P::DeclareProject, P::ReviewProject]),
    ),
    ("run_draw", any(&[P::ViewProject])),
    ("expand_class", any(&[P::ReviewProject])),
    ("cancel_class", any(&[P::DeclareProject, P::ReviewProject])),
    // Enrolments and the directive chain.
    ("list_enrolments", any(&[P::ReviewEnrolment, P::Directive])),
    ("get_applicant", any(&[P::ReviewEnrolment, P::Directive])),
    (
        "review_enrolments",
        any(&[P::ReviewEnrolment, P::Directive]),
    ),
    ("replace_enrolment", any(&[P::FileLeave])),
    ("get_directive", any(&[P::Directive])),
    ("set_quotas", any(&[P::Directive])),
    ("find_candidates", any(&[P::Directive])),
    ("nominate_teachers", any(&[P::Directive])),
    ("import_participants", any(&[P::Directive])),
    ("assign_participants", any(&[P::Directive])),
    ("publish_notice", any(&[P::Directive])),
    // Running a class.
    ("open_checkin", any(&[P::GradeClass])),
    ("save_timetable", any(&[P::GradeClass])),
    ("checkin_sessions", any(&[P::GradeClass])),
    ("get_checkin_screen", any(&[P::GradeClass])),
    ("close_checkin", any(&[P::GradeClass])),
    ("tick_roster", any(&[P::GradeClass])),
    ("class_evaluations", any(&[P::GradeClass])),
    ("class_leaves", any(&[P::GradeClass])),
    ("decide_leave", any(&[P::GradeClass])),
    ("get_grades", any(&[P::GradeClass])),
    ("save_scores", any(&[P::GradeClass])),
    ("save_scheme", any(&[P::GradeClass])),
    ("import_scores", any(&[P::GradeClass])),
    ("get_school_leaves", any(&[P::FileLeave])),
    ("file_leave", any(&[P::FileLeave])),
];

/// The HTTP routes besides the server functions, as registered (`{x}` stands for one path
/// segment).
pub const ROUTES: [(&str, Gate); 21] = [
    ("/captcha.jpg", ANYONE),
    // Served in demo mode only (the route answers 404 otherwise).
    ("/dev/mailbox", ANYONE),
    ("/healthz", ANYONE),
    // The platform authenticates with its own secret, not a session.
    ("/sso/redeem", ANYONE),
    ("/me/photo/{kind}", any(&[P::OwnProfile])),
    ("/api/files/teachers.xlsx", any(&[P::ManageTeachers])),
    ("/api/files/audit.xlsx", any(&[P::ReadAudit])),
    ("/api/files/statistics.xlsx", any(&[P::ViewStatistics])),
    (
        "/api/files/initial-passwords.xlsx",
        any(&[P::ManageTeachers]),
    ),
    (
        "/api/files/credit-shortfall.xlsx",
        any(&[P::ManageTeachers]),
    ),
    (
        "/api/files/projects/{id}/plan",
        any(&[P::ViewProject, P::Learn]),
    ),
    (
        "/api/files/teacher-template.xlsx",
        any(&[P::ManageTeachers]),
    ),
    ("/api/files/directive-template.xlsx", any(&[P::Directive])),
    (
        "/api/files/teacher-import/{job}/rejected.xlsx",
        any(&[P::ManageTeachers]),
    ),
    // A teacher's own certificate, or the runner's copy.
    (
        "/api/files/certificates/{number}",
        any(&[P::Learn, P::GradeClass]),
    ),
    ("/api/files/classes/{id}/{file}", any(&[P::GradeClass])),
    ("/api/files/notices/{id}", any(&[P::Learn])),
    (
        "/api/files/growth/{id}",
        any(&[P::Learn, P::ManageTeachers]),
    ),
    // Whoever may open the announcement: checked again against it.
    (
        "/api/files/announcements/{id}/files/{file}",
        any(&[P::ReadAnnouncements, P::PublishAnnouncements]),
    ),
    (
        "/api/files/assessment-template.xlsx",
        any(&[P::RecordAssessment]),
    ),
    ("/api/files/credit-certificate", any(&[P::Learn])),
];

/// Whether a path matches a registered route pattern.
fn matches(pattern: &str, path: &str) -> bool {
    let (mut p, mut q) = (pattern.split('/'), path.split('/'));
    loop {
        match (p.next(), q.next()) {
            (None, None) => return true,
            (Some(a), Some(b)) if a.starts_with('{') && a.ends_with('}') && !b.is_empty() => {}
            (Some(a), Some(b)) if a == b => {}
            _ => return false,
        }
    }
}

/// The server function a path names (`/api/<name>`), if it names one.
pub fn function_name(path: &str) -> Option<&str> {
    path.strip_prefix("/api/").filter(|n| !n.contains('/'))
}

/// The gate of a request path: its server function's, or its route's. `None` for a path under
/// `/api/` that no entry names (refused), and for a page or a file of the site (not gated
/// here: a page reads its data through gated server functions).
pub fn gate_of(path: &str) -> Option<Gate> {
    if let Some(name) = function_name(path) {
        return SERVER_FUNCTIONS
            .iter()
            .find(|(n, _)| *n == name)
            .map(|(_, g)| *g);
    }
    ROUTES
        .iter()
        .find(|(pattern, _)| matches(pattern, path))
        .map(|(_, g)| *g)
}

/// Whether the path must have a gate: everything under `/api/`.
pub fn must_be_gated(path: &str) -> bool {
    path.starts_with("/api/")
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::role::Role;

    /// Every server function has exactly one entry, and every entry names a server function.
    #[test]
    fn every_server_function_has_a_gate() {
        let mut names: Vec<String> = super::super::tests::server_functions()
            .into_iter()
            .map(|(n, _)| n)
            .collect();
        names.sort();
        let mut listed: Vec<String> = SERVER_FUNCTIONS
            .iter()
            .map(|(n, _)| n.to_string())
            .collect();
        listed.sort();
        let n = listed.len();
        listed.dedup();
        assert_eq!(listed.len(), n, "a server function is listed twice");
        assert_eq!(names, listed);
    }

    #[test]
    fn paths_find_their_gates_and_unknown_api_paths_none() {
        assert_eq!(gate_of("/api/login"), Some(Gate::Anyone));
        assert_eq!(
            gate_of("/api/list_teachers"),
            Some(Gate::Any(&[P::ManageTeachers]))
        );
        assert_eq!(gate_of("/api/no_such_function"), None);
        assert_eq!(gate_of("/api/files/unknown.xlsx"), None);
        assert!(must_be_gated("/api/files/unknown.xlsx"));
        assert_eq!(
            gate_of("/api/files/classes/12/certificates.zip"),
            Some(Gate::Any(&[P::GradeClass]))
        );
        assert_eq!(gate_of("/api/files/classes/12"), None);
        assert_eq!(gate_of("/api/files/classes//x"), None);
        assert_eq!(
            gate_of("/me/photo/avatar"),
            Some(Gate::Any(&[P::OwnProfile]))
        );
        assert_eq!(gate_of("/teachers"), None);
        assert!(!must_be_gated("/teachers"));
    }

    /// The auditor passes no gate but its log's and its own account's; a teacher none of an
    /// administrator's.
    #[test]
    fn the_auditor_and_the_teacher_stay_in_their_lanes() {
        for (name, gate) in SERVER_FUNCTIONS.iter().chain(ROUTES.iter()) {
            let open = matches!(gate, Gate::Anyone | Gate::SignedIn)
                || *gate == Gate::Any(&[P::OwnProfile]);
            if !open {
                assert_eq!(
                    gate.admits(Some(Role::Auditor)),
                    name.contains("audit"),
                    "{name}"
                );
            }
            if name.contains("teacher") {
                assert!(!gate.admits(Some(Role::Teacher)), "{name}");
            }
        }
    }
}
