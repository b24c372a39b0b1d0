//! Spreadsheet downloads. They live under /api/ so the one middleware there gives their
//! errors an HTTP status and audits refusals, like every server function.

use crate::RouterState;
use app::dto::credits::{CycleQuery, ShortfallFilter};
use app::dto::dashboard::StatsQuery;
use app::dto::teachers::TeacherFilter;
use app::error::{AppError, AppResult};
use app::server::auth::Actor;
use app::server::services::teachers::import_job;
use app::server::services::teachers::list::ListScope;
use app::server::services::{
    audit, certificates, credit_certificates, notices, results, shortfall, statistics,
    teachers::sheet,
};
use axum::Json;
use axum::extract::{Path, Query, State};
use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};

const XLSX: &str = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";

/// The caller as the server's gate resolved and admitted it: every route here has its entry in
/// `app::api::gates::ROUTES`, checked before the handler runs.
pub struct Caller(pub Actor);

impl<S: Send + Sync> axum::extract::FromRequestParts<S> for Caller {
    type Rejection = Response;

    async fn from_request_parts(
        parts: &mut axum::http::request::Parts,
        _: &S,
    ) -> Result<Self, Response> {
        parts
            .extensions
            .get::<app::server::auth::actor::Gated>()
            .map(|g| Caller(g.0.clone()))
            .ok_or_else(|| failed(AppError::NotAuthenticated))
    }
}

/// The teachers the caller keeps, by the policy's proof.
fn admin(actor: Actor) -> AppResult<(Actor, ListScope)> {
    let scope = app::server::auth::policy::proof::list_scope(&actor)?;
    Ok((actor, scope))
}

/// The error body a server function would send; the /api middleware sets the status.
fn failed(e: AppError) -> Response {
    crate::limits::refuse(StatusCode::INTERNAL_SERVER_ERROR, e)
}

fn download(bytes: Vec<u8>, file_name: &str) -> Response {
    download_as(bytes, XLSX, "teachers.xlsx", file_name)
}

/// An attachment of `content_type`; `ascii` is the fallback name for old clients.
fn download_as(bytes: Vec<u8>, content_type: &str, ascii: &str, file_name: &str) -> Response {
    // RFC 5987: the Chinese file name, percent-encoded.
    let encoded = app::url::encode(file_name);
    let disposition = format!("attachment; filename=\"{ascii}\"; filename*=UTF-8''{encoded}");
    (
        [
            (
                header::CONTENT_TYPE,
                HeaderValue::from_str(content_type)
                    .unwrap_or(HeaderValue::from_static("application/octet-stream")),
            ),
            (
                header::CONTENT_DISPOSITION,
                HeaderValue::from_str(&disposition)
                    .unwrap_or(HeaderValue::from_static("attachment")),
            ),
            (
                header::CACHE_CONTROL,
                HeaderValue::from_static("private, no-store"),
            ),
        ],
        bytes,
    )
        .into_response()
}

/// An admin's export of a list of teachers in their scope, audited with the filter it used.
async fn audited_export<Fut>(
    s: &RouterState,
    actor: Actor,
    (action, filter): (&'static str, serde_json::Value),
    file_name: &str,
    make: impl FnOnce(ListScope) -> Fut,
) -> Response
where
    Fut: std::future::Future<Output = AppResult<Vec<u8>>>,
{
    let result = async {
        let (actor, scope) = admin(actor)?;
        let bytes = make(scope).await?;
        audit::admin_act(
            &s.app.db,
            &actor,
            action,
            ("teacher", 0),
            None,
            Some(filter),
        )
        .await?;
        Ok::<_, AppError>(bytes)
    }
    .await;
    match result {
        Ok(bytes) => download(bytes, file_name),
        Err(e) => failed(e),
    }
}

/// GET /api/files/teachers.xlsx?keyword=…&stage=… — the filtered list, every page.
pub async fn teachers_export(
    State(s): State<RouterState>,
    Caller(actor): Caller,
    Query(filter): Query<TeacherFilter>,
) -> Response {
    let what = serde_json::to_value(&filter).unwrap_or_default();
    let db = s.app.db.clone();
    audited_export(
        &s,
        actor,
        ("teacher.export", what),
        "教师名单.xlsx",
        |scope| async move { sheet::export(&db, &scope, &filter).await },
    )
    .await
}

/// GET /api/files/credit-shortfall.xlsx?cycle_id=…&kind=… — the shortfall list, every page.
pub async fn shortfall_export(
    State(s): State<RouterState>,
    Caller(actor): Caller,
    Query(filter): Query<ShortfallFilter>,
) -> Response {
    let what = serde_json::to_value(&filter).unwrap_or_default();
    let db = s.app.db.clone();
    audited_export(
        &s,
        actor,
        ("credits.shortfall_export", what),
        "学分预警名单.xlsx",
        |scope| async move {
            app::server::services::stats::credits::refresh_stale(&db).await?;
            shortfall::export(&db, &scope, &filter).await
        },
    )
    .await
}

/// GET /api/files/statistics.xlsx?area=…&unit=…&year=…&dim=… — a 统计分析 page's table.
pub async fn statistics_export(
    State(s): State<RouterState>,
    Caller(actor): Caller,
    Query(q): Query<StatsQuery>,
) -> Response {
    let what = serde_json::to_value(&q).unwrap_or_default();
    let result = async {
        let view = statistics::view(&s.app.db, &actor, &q).await?;
        let bytes = statistics::sheet(view).await?;
        audit::admin_act(
            &s.app.db,
            &actor,
            "statistics.export",
            ("statistics", 0),
            None,
            Some(what),
        )
        .await?;
        Ok::<_, AppError>(bytes)
    }
    .await;
    match result {
        Ok(bytes) => download(bytes, "统计分析.xlsx"),
        Err(e) => failed(e),
    }
}

/// GET /api/files/teacher-template.xlsx — the import template.
pub async fn teacher_template(Caller(actor): Caller) -> Response {
    match admin(actor).and_then(|_| sheet::template()) {
        Ok(bytes) => download(bytes, "教师信息导入模板.xlsx"),
        Err(e) => failed(e),
    }
}

/// GET /api/files/directive-template.xlsx — the participant list a county imports.
pub async fn directive_template(Caller(actor): Caller) -> Response {
    match admin(actor).and_then(|_| sheet::list_template()) {
        Ok(bytes) => download(bytes, "参训名单模板.xlsx"),
        Err(e) => failed(e),
    }
}

/// GET /api/files/teacher-import/{job}/rejected.xlsx — the rows an import refused, to fix.
pub async fn import_rejected(
    State(s): State<RouterState>,
    Caller(actor): Caller,
    Path(job): Path<String>,
) -> Response {
    let result = async {
        let (actor, _) = admin(actor)?;
        import_job::rejected(&s.app, &actor, &job)
    }
    .await;
    match result {
        Ok(bytes) => download(bytes, "未导入的行.xlsx"),
        Err(e) => failed(e),
    }
}

/// What a certificate's QR code points at (see `Config::origin_for`).
fn origin(s: &RouterState, headers: &HeaderMap) -> String {
    let host = headers.get(header::HOST).and_then(|h| h.to_str().ok());
    s.app.config.origin_for(host)
}

const PDF: &str = "application/pdf";
const ZIP: &str = "application/zip";

fn file(result: AppResult<(Vec<u8>, String)>, content_type: &str, ascii: &str) -> Response {
    match result {
        Ok((bytes, name)) => download_as(bytes, content_type, ascii, &name),
        Err(e) => failed(e),
    }
}

/// GET /api/files/certificates/{number} — one certificate, for its holder or the class's runner.
pub async fn certificate_pdf(
    State(s): State<RouterState>,
    Caller(actor): Caller,
    headers: HeaderMap,
    Path(number): Path<String>,
) -> Response {
    let result = async {
        let origin = origin(&s, &headers);
        let pdf = certificates::pdf(&s.app.db, &actor, &number, &origin).await?;
        let target = ("certificate", number);
        audit::act(&s.app.db, &actor, "certificate.download", target).await?;
        Ok(pdf)
    }
    .await;
    file(result, PDF, "certificate.pdf")
}

/// GET /api/files/classes/{id}/certificates.pdf and …/certificates.zip — a class's certificates.
pub async fn class_certificates(
    State(s): State<RouterState>,
    Caller(actor): Caller,
    headers: HeaderMap,
    Path((id, format)): Path<(i64, String)>,
) -> Response {
    let result = async {
        let origin = origin(&s, &headers);
        let (made, action) = match format.as_str() {
            "certificates.pdf" => (
                certificates::class_pdf(&s.app.db, &actor, id, &origin).await?,
                "class.certificates_download",
            ),
            "certificates.zip" => (
                certificates::class_zip(&s.app.db, &actor, id, &origin).await?,
                "class.certificates_download",
            ),
            "scores.xlsx" => (
                results::scores::template(
                    &s.app.db,
                    &app::server::auth::policy::proof::graded_class(&s.app.db, &actor, id).await?,
                )
                .await?,
                "class.scores_download",
            ),
            _ => return Err(AppError::NotFound),
        };
        audit::act(&s.app.db, &actor, action, ("class", id)).await?;
        Ok(made)
    }
    .await;
    match format.rsplit_once('.').map(|(_, e)| e) {
        Some("zip") => file(result, ZIP, "certificates.zip"),
        Some("xlsx") => file(result, XLSX, "scores.xlsx"),
        _ => file(result, PDF, "certificates.pdf"),
    }
}

/// GET /api/files/credit-certificate?cycle_id=… — the caller's credit certificate (学分证明).
pub async fn credit_certificate_pdf(
    State(s): State<RouterState>,
    Caller(actor): Caller,
    headers: HeaderMap,
    Query(q): Query<CycleQuery>,
) -> Response {
    let result = async {
        let origin = origin(&s, &headers);
        let pdf = credit_certificates::pdf(
            &s.app.db,
            &app::server::auth::policy::proof::own_record(&s.app.db, &actor).await?,
            q.cycle_id,
            &origin,
        )
        .await?;
        let cycle = q
            .cycle_id
            .map_or_else(|| "current".into(), |c| c.to_string());
        let target = ("cycle", cycle);
        audit::act(&s.app.db, &actor, "credit_certificate.download", target).await?;
        Ok(pdf)
    }
    .await;
    file(result, PDF, "credit-certificate.pdf")
}

/// GET /api/files/notices/{enrolment_id} — the teacher's opening notice.
pub async fn notice_pdf(
    State(s): State<RouterState>,
    Caller(actor): Caller,
    Path(id): Path<i64>,
) -> Response {
    let result = async {
        let pdf = notices::pdf(&s.app.db, &actor, id).await?;
        audit::act(&s.app.db, &actor, "notice.download", ("enrolment", id)).await?;
        Ok(pdf)
    }
    .await;
    file(result, PDF, "notice.pdf")
}

/// A stored file (bytes, type, name) offered for download under its name, with the ASCII
/// `fallback.ext` for old clients; a refusal answers its status.
fn offered(result: AppResult<(Vec<u8>, String, String)>, fallback: &str) -> Response {
    match result {
        Ok((bytes, content_type, name)) => {
            let ext = name.rsplit_once('.').map(|(_, e)| e).unwrap_or("bin");
            let ascii = format!("{fallback}.{}", if ext.is_ascii() { ext } else { "bin" });
            download_as(bytes, &content_type, &ascii, &name)
        }
        Err(e) => failed(e),
    }
}

/// GET /api/files/projects/{id}/plan — the plan document, for whoever may see the project.
pub async fn project_plan(
    State(s): State<RouterState>,
    Caller(actor): Caller,
    Path(id): Path<i64>,
) -> Response {
    let result =
        async { app::server::services::projects::plan::fetch(&s.app.db, &actor, id).await }.await;
    offered(result, "plan")
}

/// GET /api/files/growth/{id} — an achievement's file, for its teacher or the admins who
/// keep the teacher's record; always an attachment, with the type read from its content.
pub async fn growth_file(
    State(s): State<RouterState>,
    Caller(actor): Caller,
    Path(id): Path<i64>,
) -> Response {
    let result = async { app::server::services::growth::file(&s.app.db, &actor, id).await }.await;
    offered(result, "attachment")
}

/// GET /api/files/announcements/{id}/files/{file} — an announcement's attachment, for
/// whoever may open the announcement; always an attachment, with the type read from its
/// content.
pub async fn announcement_file(
    State(s): State<RouterState>,
    Caller(actor): Caller,
    Path((id, file_id)): Path<(i64, i64)>,
) -> Response {
    let result =
        app::server::services::announcements::files::fetch(&s.app.db, &actor, id, file_id).await;
    offered(result, "attachment")
}

/// GET /api/files/assessment-template.xlsx — the 师德考核 (county) or 年度考核 (school) sheet.
pub async fn assessment_template(Caller(actor): Caller) -> Response {
    let result = async { app::server::services::staff_assessments::template(&actor) }.await;
    file(result, XLSX, "assessment-template.xlsx")
}

/// POST /sso/redeem (form: ticket=…, header `Authorization: Bearer <institution id>.<secret>`)
/// — an institution's platform, server to server, learns once who a launch ticket stands for.
/// A wrong credential answers 401; unknown, expired, used and other institutions' tickets all
/// answer 404. Every attempt is audited.
pub async fn redeem_ticket(
    State(s): State<RouterState>,
    axum::extract::ConnectInfo(peer): axum::extract::ConnectInfo<std::net::SocketAddr>,
    headers: HeaderMap,
    axum::Form(q): axum::Form<std::collections::HashMap<String, String>>,
) -> Response {
    let ticket = q.get("ticket").map(String::as_str).unwrap_or_default();
    let authorization = headers
        .get(header::AUTHORIZATION)
        .and_then(|v| v.to_str().ok());
    let redeemed = app::server::services::launch::redeem(
        &s.app.db,
        authorization,
        ticket,
        Some(
            s.app
                .config
                .client_ip(
                    peer.ip(),
                    headers.get("x-forwarded-for").and_then(|v| v.to_str().ok()),
                )
                .to_string(),
        ),
    )
    .await;
    match redeemed {
        Ok(who) => (
            [(header::CACHE_CONTROL, HeaderValue::from_static("no-store"))],
            Json(who),
        )
            .into_response(),
        Err(AppError::NotAuthenticated) => (
            StatusCode::UNAUTHORIZED,
            [(header::WWW_AUTHENTICATE, HeaderValue::from_static("Bearer"))],
            "机构凭据无效",
        )
            .into_response(),
        Err(_) => (StatusCode::NOT_FOUND, "无效或已使用的票据").into_response(),
    }
}

/// POST /api/files/initial-passwords.xlsx (form: ids=1,2,3) — new random initial passwords for
/// the selected records the caller keeps, as the sheet to hand out. A form post, not a GET:
/// it changes the accounts.
pub async fn initial_passwords(
    State(s): State<RouterState>,
    Caller(actor): Caller,
    axum::Form(q): axum::Form<std::collections::HashMap<String, String>>,
) -> Response {
    let result = async {
        let ids: Vec<i64> = q
            .get("ids")
            .map(String::as_str)
            .unwrap_or_default()
            .split(',')
            .filter(|x| !x.trim().is_empty())
            .map(|x| {
                x.trim()
                    .parse()
                    .map_err(|e| AppError::BadRequest("教师编号有误".into()).because(e))
            })
            .collect::<AppResult<_>>()?;
        app::server::services::initial_passwords::issue_for_teachers(&s.app.db, &actor, &ids).await
    }
    .await;
    file(result, XLSX, "initial-passwords.xlsx")
}

/// GET /api/files/audit.xlsx?from=…&to=…&actor=…&action=…&target=…&outcome=… — the filtered
/// audit log, for the 安全审计员; the export is itself audited.
pub async fn audit_export(
    State(s): State<RouterState>,
    Caller(actor): Caller,
    Query(f): Query<app::dto::audit::AuditFilter>,
) -> Response {
    let result = async {
        let bytes = app::server::services::audit_view::export(&s.app.db, &actor, &f).await?;
        Ok((bytes, "审计日志.xlsx".to_string()))
    }
    .await;
    file(result, XLSX, "audit-log.xlsx")
}
