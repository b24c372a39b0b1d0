//! Server functions, by area. Each body: get the actor → check the permission → call a
//! service → return a DTO.

pub mod account_settings;
pub mod accounts;
pub mod announcements;
pub mod audit;
pub mod checkin;
pub mod credits;
pub mod cycles;
pub mod dashboard;
pub mod directive;
pub mod enrolments;
pub mod evaluations;
pub mod exemptions;
pub mod gates;
pub mod growth;
pub mod home;
pub mod institutions;
pub mod leaves;
pub mod messages;
pub mod micro_ability;
pub mod notifications;
pub mod org;
pub mod photos;
pub mod profile;
pub mod projects;
pub mod recovery;
pub mod results;
pub mod teacher_import;
pub mod teachers;
pub mod timetable;
pub mod training_years;
pub mod users;

/// The server functions that take a file (multipart form data). Anything else posted to them
/// is refused before the function reads it: server_fn's multipart reader panics on a body
/// without a boundary.
pub const MULTIPART_ENDPOINTS: [&str; 8] = [
    "import_assessments",
    "import_participants",
    "import_scores",
    "upload_announcement_file",
    "upload_growth_file",
    "upload_photo",
    "upload_plan",
    "upload_teachers",
];

/// How the audit log covers a server function. Every call that is not a plain read is
/// audited: by its own service (with what it changed, in the act's transaction), or else by
/// the server's gate, once the caller is admitted and before the function runs (who, when,
/// from where, with its arguments; a call the log cannot take does not run). A new function
/// is an audited call unless it is listed as a read — it cannot be forgotten.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Audited {
    /// Reads nothing personal beyond what its caller may list: not logged.
    Read,
    /// Its service writes its own audit entries.
    ByItself,
    /// The gate writes one entry per admitted call before it runs ("requested"), and one more
    /// if it then fails.
    PerCall,
}

/// Reads: lists, pages' data, options. Views of one person's data (teacher_detail,
/// get_applicant) are not reads here: each view audits itself, so a page rendered on the
/// server (which calls its functions in-process, past the server's gate) is logged too.
const READS: [&str; 57] = [
    "account_settings",
    "announcement_options",
    "open_announcement_page",
    "announcement_reach",
    "list_announcements",
    "open_announcement",
    "published_announcements",
    "assessment_list",
    "audit_log",
    "authorisable_regions",
    "checkin_sessions",
    "class_evaluations",
    "class_leaves",
    "credit_queue",
    "credit_shortfall",
    "current_user",
    "deliveries",
    "evaluation_items",
    "find_candidates",
    "get_checkin_screen",
    "get_directive",
    "get_draw",
    "get_grades",
    "get_inbox",
    "get_project",
    "get_workbench",
    "get_project_choices",
    "get_statistics",
    "get_school_leaves",
    "grant_options",
    "import_status",
    "list_cycles",
    "list_enrolments",
    "list_exemptions",
    "list_institutions",
    "list_offers",
    "list_projects",
    "list_regions",
    "list_schools",
    "list_teachers",
    "list_training_years",
    "list_users",
    "message_choices",
    "my_checkin",
    "my_counties",
    "get_home",
    "my_certificates",
    "my_credits",
    "my_growth",
    "my_messages",
    "my_profile",
    "my_training",
    "province_forms",
    "site_facts",
    "teacher_school_options",
    "user_roles",
    "verify_certificate",
];

/// Functions whose services audit themselves (with the state before and after).
const BY_ITSELF: [&str; 37] = [
    "teacher_detail",
    "retry_delivery",
    "publish_announcement",
    "withdraw_announcement",
    "get_applicant",
    "login",
    "logout",
    "change_password",
    "request_account_code",
    "unlock_with_code",
    "reset_with_code",
    "find_transfer_candidate",
    "reset_user_password",
    "add_growth",
    "withdraw_growth",
    "commit_import",
    "confirm_contact",
    "save_account_settings",
    "save_institution",
    "new_platform_secret",
    "set_institution_disabled",
    "save_school",
    "set_school_disabled",
    "upload_photo",
    "save_project",
    "act_on_project",
    "reveal_id_number",
    "update_teacher",
    "add_teacher",
    "move_teacher",
    "set_teacher_status",
    "bulk_teachers",
    "save_training_year",
    "set_user_disabled",
    "grant_role",
    "revoke_role",
    "create_user",
];

/// Calls whose arguments carry a secret (a password, a code): audited without them.
const SECRET_ARGUMENTS: [&str; 1] = ["send_contact_code"];

pub fn audited(endpoint: &str) -> Audited {
    if READS.contains(&endpoint) {
        Audited::Read
    } else if BY_ITSELF.contains(&endpoint) {
        Audited::ByItself
    } else {
        Audited::PerCall
    }
}

/// The server function a path names, when it is one whose calls the server's gate logs (a
/// known function, audited per call).
pub fn logged_per_call(path: &str) -> Option<&str> {
    gates::function_name(path)
        .filter(|_| gates::gate_of(path).is_some())
        .filter(|n| audited(n) == Audited::PerCall)
}

/// Whether a per-call entry may record the call's arguments.
pub fn arguments_may_be_logged(endpoint: &str) -> bool {
    !SECRET_ARGUMENTS.contains(&endpoint)
}

/// The largest request body an endpoint takes: its file's own cap (which answers with the
/// precise message) plus room for the multipart framing, and 2 MB for everything else. The
/// server refuses a bigger body with 413 before reading it whole.
pub fn body_limit(path: &str) -> usize {
    const FRAMING: usize = 64 * 1024;
    let file = match path.strip_prefix("/api/") {
        Some("upload_teachers") => teacher_import::MAX_UPLOAD_BYTES,
        Some("upload_growth_file" | "upload_announcement_file") => {
            crate::domain::file_type::ATTACHMENT_MAX_BYTES
        }
        Some("import_assessments") => growth::ASSESSMENT_SHEET_MAX_BYTES,
        _ => 2 * 1024 * 1024,
    };
    file + FRAMING
}

#[cfg(feature = "ssr")]
pub(crate) mod ctx {
    use std::net::{IpAddr, Ipv4Addr, SocketAddr};

    pub use crate::server::auth::actor::session;
    pub use crate::server::state::app_state as state;

    /// The caller as a bureau holding `perm` over its own region: the state, the actor and
    /// that region (the province's settings, its institutions).
    pub async fn own_region_with(
        perm: crate::server::auth::policy::Permission,
    ) -> Result<
        (
            crate::server::state::AppState,
            crate::server::auth::Actor,
            String,
        ),
        crate::error::AppError,
    > {
        use crate::server::auth::policy::{Target, bureau_region, ensure};
        let state = state()?;
        let actor = crate::server::auth::current_actor().await?;
        let scope = bureau_region(&actor)?.to_string();
        ensure(&actor, perm, Target::Region(&scope))?;
        Ok((state, actor, scope))
    }

    /// The caller with the policy's proof that it runs the class (see `policy::proof`).
    pub async fn run_class(
        class_id: i64,
    ) -> Result<
        (
            crate::server::state::AppState,
            crate::server::auth::Actor,
            crate::server::auth::policy::proof::Graded,
        ),
        crate::error::AppError,
    > {
        let state = state()?;
        let actor = crate::server::auth::current_actor().await?;
        let g =
            crate::server::auth::policy::proof::graded_class(&state.db, &actor, class_id).await?;
        Ok((state, actor, g))
    }

    /// Where a plain HTML form post goes once it succeeded. The forms that matter post to their
    /// server function natively until the page's wasm has arrived (a phone on a slow network);
    /// such a post asks for HTML, and is sent on to `path` (an error goes back to the form,
    /// with the error in the address — leptos's form redirects). The wasm's own calls ask for
    /// data and are left alone: the page moves on by itself.
    pub fn after_form_post(path: &str) {
        use axum::http::header::ACCEPT;
        let plain_form = leptos::prelude::use_context::<axum::http::request::Parts>()
            .and_then(|p| p.headers.get(ACCEPT).cloned())
            .and_then(|v| v.to_str().ok().map(|v| v.contains("text/html")))
            .unwrap_or(false);
        if plain_form {
            leptos_axum::redirect(path);
        }
    }

    /// An upload's one number field (`id_field`) and its file, refused past `max` bytes.
    pub async fn upload(
        data: server_fn::codec::MultipartData,
        id_field: &str,
        max: usize,
        too_big: crate::error::Broken,
    ) -> Result<(Option<i64>, Vec<u8>), crate::error::AppError> {
        use crate::error::AppError;
        let mut form = data
            .into_inner()
            .ok_or(AppError::from(crate::error::Broken::UploadMissing))?;
        let mut bytes = Vec::new();
        let mut id = None;
        while let Ok(Some(mut field)) = form.next_field().await {
            match field.name() {
                Some(name) if name == id_field => {
                    let text = field.text().await.unwrap_or_default();
                    id = text.trim().parse::<i64>().ok();
                }
                Some("file") => {
                    while let Ok(Some(chunk)) = field.chunk().await {
                        bytes.extend_from_slice(&chunk);
                        if bytes.len() > max {
                            return Err(AppError::from(too_big));
                        }
                    }
                }
                _ => {}
            }
        }
        Ok((id, bytes))
    }

    /// An upload's file and the name it was sent under; past `max` bytes the reading stops
    /// (a huge upload costs no memory) and `too_big` is the error under `field`.
    pub async fn named_file(
        data: server_fn::codec::MultipartData,
        field: &str,
        max: usize,
        too_big: &str,
    ) -> Result<(String, Vec<u8>), crate::error::AppError> {
        use crate::error::AppError;
        let mut form = data
            .into_inner()
            .ok_or(AppError::from(crate::error::Broken::UploadMissing))?;
        let mut bytes = Vec::new();
        let mut name = String::new();
        while let Ok(Some(mut part)) = form.next_field().await {
            if part.name() != Some("file") {
                continue;
            }
            name = part.file_name().unwrap_or_default().to_string();
            while let Ok(Some(chunk)) = part.chunk().await {
                bytes.extend_from_slice(&chunk);
                if bytes.len() > max {
                    return Err(AppError::field(field, too_big));
                }
            }
        }
        Ok((name, bytes))
    }

    /// The site's origin for QR codes and printed links (see `Config::origin_for`).
    pub async fn origin() -> String {
        let host = leptos_axum::extract::<axum::http::HeaderMap>()
            .await
            .ok()
            .and_then(|h| {
                h.get(axum::http::header::HOST)
                    .and_then(|v| v.to_str().ok())
                    .map(str::to_string)
            });
        match state() {
            Ok(s) => s.config.origin_for(host.as_deref()),
            Err(_) => crate::url::origin(host.as_deref(), false),
        }
    }

    /// The caller's address (the socket peer; a proxy deployment would read its header here).
    pub async fn client_ip() -> IpAddr {
        let peer = leptos_axum::extract::<axum::extract::ConnectInfo<SocketAddr>>()
            .await
            .map(|c| c.0.ip())
            .unwrap_or(IpAddr::V4(Ipv4Addr::UNSPECIFIED));
        let forwarded = leptos_axum::extract::<axum::http::HeaderMap>()
            .await
            .ok()
            .and_then(|h| {
                h.get("x-forwarded-for")
                    .and_then(|v| v.to_str().ok())
                    .map(str::to_string)
            });
        match state() {
            Ok(s) => s.config.client_ip(peer, forwarded.as_deref()),
            Err(_) => peer,
        }
    }
}

#[cfg(test)]
mod tests {
    /// Each `#[server(...)]` attribute line under src/api, with its file.
    fn server_attributes() -> Vec<(String, String)> {
        let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("src/api");
        let mut out = Vec::new();
        for entry in std::fs::read_dir(&dir).expect("src/api") {
            let path = entry.expect("entry").path();
            let text = std::fs::read_to_string(&path).expect("source");
            out.extend(
                text.lines()
                    .filter(|l| l.starts_with("#[server("))
                    .map(|l| (path.display().to_string(), l.to_string())),
            );
        }
        out
    }

    /// Every server function answers in the one answer encoding (`error::AnswerEncoding`): a
    /// single function left on JSON would put a JSON reader back into the browser bundle.
    #[test]
    fn every_server_function_answers_in_postcard() {
        let attributes = server_attributes();
        assert!(attributes.len() > 100, "found only {}", attributes.len());
        for (file, line) in attributes {
            assert!(
                line.starts_with("#[server(output = server_fn::codec::Postcard, "),
                "{file}: {line}"
            );
        }
    }

    /// The server functions by name, with the text of their bodies.
    pub(super) fn server_functions() -> Vec<(String, String)> {
        let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("src/api");
        let mut out = Vec::new();
        for entry in std::fs::read_dir(&dir).expect("src/api") {
            let text = std::fs::read_to_string(entry.expect("entry").path()).expect("source");
            for part in text.split("\n#[server(").skip(1) {
                let name = part
                    .split("endpoint = \"")
                    .nth(1)
                    .and_then(|r| r.split('"').next())
                    .expect("endpoint name");
                let body = part.split("\n}\n").next().unwrap_or(part);
                out.push((name.to_string(), body.to_string()));
            }
        }
        out
    }

    /// Every server function is covered by the audit log unless it is a plain read; a read
    /// that writes its own audit entries, or a listed name that no longer exists, is caught.
    #[test]
    fn every_server_function_is_audited_unless_it_only_reads() {
        use super::{Audited, BY_ITSELF, READS, audited};
        let functions = server_functions();
        let names: Vec<&str> = functions.iter().map(|(n, _)| n.as_str()).collect();
        for listed in READS.iter().chain(BY_ITSELF.iter()) {
            assert!(
                names.contains(listed),
                "{listed} is listed but is not a server function"
            );
        }
        for (name, body) in &functions {
            let writes_audit = body.contains("audit::");
            match audited(name) {
                Audited::Read => assert!(!writes_audit, "{name} audits itself: not a read"),
                Audited::ByItself | Audited::PerCall => {}
            }
            if writes_audit {
                assert_eq!(
                    audited(name),
                    Audited::ByItself,
                    "{name} audits itself: list it"
                );
            }
        }
    }

    /// The list the server checks uploads against is the list of functions that take files.
    #[test]
    fn the_multipart_list_names_every_upload() {
        let mut found: Vec<String> = server_attributes()
            .into_iter()
            .filter(|(_, line)| line.contains("input = MultipartFormData"))
            .map(|(_, line)| {
                let name = line
                    .split("endpoint = \"")
                    .nth(1)
                    .and_then(|r| r.split('"').next());
                name.expect("endpoint name").to_string()
            })
            .collect();
        found.sort();
        assert_eq!(found, super::MULTIPART_ENDPOINTS);
    }
}
