//! The audit log as the 安全审计员 reads it: filtered, paged, exported. Reading is itself
//! audited where it takes data out (the export).

use super::audit;
use super::like::TextMatch;
use crate::domain::audit_action;
use crate::dto::Page;
use crate::dto::audit::{AuditFilter, AuditPage, AuditRow};
use crate::error::{AppError, AppResult, Broken};
use crate::server::auth::Actor;
use crate::server::entities::{audit_log, user};
use crate::server::services::names;
use chrono::{NaiveDate, TimeZone, Utc};
use sea_orm::{
    ColumnTrait, Condition, ConnectionTrait, EntityTrait, PaginatorTrait, QueryFilter, QueryOrder,
    QuerySelect,
};

/// Rows are kept at least this long (等保 level 3 asks for six months). The database refuses
/// to delete any row, so nothing younger can go; older rows are archived by an operator.
pub const RETENTION_DAYS: u32 = 180;

/// The most rows one export holds.
pub const MAX_EXPORT_ROWS: u64 = 100_000;

/// Only a 安全审计员, over the region of its own scope.
pub fn may_read(actor: &Actor) -> AppResult<()> {
    use crate::domain::role::Scope;
    use crate::server::auth::policy::{Permission, Target, ensure};
    let Scope::Region(code) = &actor.scope else {
        return Err(AppError::Forbidden);
    };
    ensure(actor, Permission::ReadAudit, Target::Region(code))
}

fn day_start(s: &str, field: &str) -> AppResult<Option<chrono::DateTime<Utc>>> {
    if s.trim().is_empty() {
        return Ok(None);
    }
    let d = NaiveDate::parse_from_str(s.trim(), "%Y-%m-%d")
        .map_err(|e| AppError::field(field, "日期格式应为 2026-12-05").because(e))?;
    // Beijing midnight.
    let local = d.and_hms_opt(0, 0, 0).unwrap_or_default() - chrono::Duration::hours(8);
    Ok(Some(Utc.from_utc_datetime(&local)))
}

async fn condition(db: &impl ConnectionTrait, f: &AuditFilter) -> AppResult<Condition> {
    use audit_log::Column as C;
    let mut c = Condition::all();
    if let Some(t) = day_start(&f.from, "from")? {
        c = c.add(C::At.gte(t));
    }
    if let Some(t) = day_start(&f.to, "to")? {
        c = c.add(C::At.lt(t + chrono::Duration::days(1)));
    }
    let actor = f.actor.trim();
    if let Some(id) = actor.strip_prefix('#') {
        let id: i64 = id
            .parse()
            .map_err(|e| AppError::from(Broken::ActorIdNotNumber).because(e))?;
        c = c.add(C::ActorUserId.eq(id));
    } else if !actor.is_empty() {
        let ids: Vec<i64> = user::Entity::find()
            .select_only()
            .column(user::Column::Id)
            .filter(
                Condition::any()
                    .add(user::Column::Name.has_text(actor))
                    .add(user::Column::Phone.eq(actor)),
            )
            .limit(1000)
            .into_tuple()
            .all(db)
            .await?;
        c = c.add(C::ActorUserId.is_in(ids));
    }
    let action = f.action.trim();
    if !action.is_empty() {
        c = c.add(
            Condition::any()
                .add(C::Action.eq(action))
                .add(C::Action.begins_with(&format!("{action}."))),
        );
    }
    let target = f.target.trim();
    if !target.is_empty() {
        let (kind, id) = target.split_once('#').unwrap_or((target, ""));
        if !kind.is_empty() {
            c = c.add(C::TargetType.eq(kind));
        }
        if !id.is_empty() {
            c = c.add(C::TargetId.eq(id));
        }
    }
    if !f.outcome.is_empty() {
        c = c.add(C::Outcome.eq(f.outcome.as_str()));
    }
    Ok(c)
}

async fn rows(db: &impl ConnectionTrait, list: Vec<audit_log::Model>) -> AppResult<Vec<AuditRow>> {
    let names = names::users(db, list.iter().filter_map(|r| r.actor_user_id)).await?;
    Ok(list
        .into_iter()
        .map(|r| AuditRow {
            id: r.id,
            at: super::beijing(r.at).format("%Y-%m-%d %H:%M:%S").to_string(),
            actor: match r.actor_user_id {
                Some(id) => names.get(&id).cloned().unwrap_or_else(|| format!("#{id}")),
                None => "（未登录）".into(),
            },
            role: r
                .actor_role
                .as_deref()
                .and_then(crate::domain::role::Role::parse)
                .map(|r| r.label().to_string())
                .unwrap_or_default(),
            action_label: audit_action::label(&r.action),
            action: r.action,
            outcome: r.outcome,
            target: match (r.target_type, r.target_id) {
                (Some(t), Some(id)) => format!("{t}#{id}"),
                (Some(t), None) => t,
                _ => String::new(),
            },
            ip: r.ip.unwrap_or_default(),
            detail: match (r.before, r.after) {
                (Some(b), Some(a)) => format!("{b} → {a}"),
                (None, Some(a)) => a,
                (Some(b), None) => b,
                (None, None) => String::new(),
            },
        })
        .collect())
}

/// One page of the log, newest first, with what the log holds.
pub async fn list(db: &impl ConnectionTrait, f: &AuditFilter) -> AppResult<AuditPage> {
    let page_size = crate::dto::page_size(f.page_size);
    let page = f.page.max(1);
    let unfiltered = AuditFilter {
        page: 0,
        page_size: 0,
        ..f.clone()
    } == AuditFilter::default();
    let q = audit_log::Entity::find()
        .filter(condition(db, f).await?)
        .order_by_desc(audit_log::Column::Id);
    let total = q.clone().count(db).await?;
    let list = q
        .offset((page - 1) * page_size)
        .limit(page_size)
        .all(db)
        .await?;
    let earliest = audit_log::Entity::find()
        .order_by_asc(audit_log::Column::Id)
        .one(db)
        .await?
        .map(|r| super::beijing(r.at).date().to_string());
    Ok(AuditPage {
        rows: Page {
            items: rows(db, list).await?,
            total,
            page,
            page_size,
        },
        retention_days: RETENTION_DAYS,
        earliest,
        // Unfiltered, the page's count is the log's: no second pass over the table.
        total_all: if unfiltered {
            total
        } else {
            audit_log::Entity::find().count(db).await?
        },
    })
}

/// The filtered log as .xlsx; the export itself is audited, with its filter.
pub async fn export(
    db: &impl ConnectionTrait,
    actor: &Actor,
    f: &AuditFilter,
) -> AppResult<Vec<u8>> {
    use crate::server::services::teachers::sheet::{header_format, internal};
    use rust_xlsxwriter::Workbook;
    may_read(actor)?;
    let q = audit_log::Entity::find()
        .filter(condition(db, f).await?)
        .order_by_desc(audit_log::Column::Id);
    if q.clone().count(db).await? > MAX_EXPORT_ROWS {
        return Err(AppError::from(Broken::ExportTooLarge {
            max: MAX_EXPORT_ROWS,
        }));
    }
    let list = rows(db, q.all(db).await?).await?;
    audit::admin_act(
        db,
        actor,
        "audit.export",
        ("audit_log", 0),
        None,
        serde_json::to_value(f).ok(),
    )
    .await?;
    crate::server::heavy::run(move || {
        let mut wb = Workbook::new();
        let ws = wb.add_worksheet().set_name("审计日志").map_err(internal)?;
        let bold = header_format();
        let headers = [
            "编号",
            "时间（北京）",
            "操作人",
            "角色",
            "操作",
            "动作代码",
            "结果",
            "对象",
            "来源地址",
            "详情",
        ];
        for (c, h) in headers.iter().enumerate() {
            ws.write_string_with_format(0, c as u16, *h, &bold)
                .map_err(internal)?;
        }
        for (i, r) in list.iter().enumerate() {
            let row = i as u32 + 1;
            let cells = [
                r.id.to_string(),
                r.at.clone(),
                r.actor.clone(),
                r.role.clone(),
                r.action_label.clone(),
                r.action.clone(),
                audit_action::outcome(&r.outcome).0.to_string(),
                r.target.clone(),
                r.ip.clone(),
                r.detail.clone(),
            ];
            for (c, v) in cells.iter().enumerate() {
                ws.write_string(row, c as u16, v).map_err(internal)?;
            }
        }
        wb.save_to_buffer().map_err(internal)
    })
    .await?
}
