//! The audit log as the 安全审计员 reads it.

use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct AuditFilter {
    /// Beijing dates "YYYY-MM-DD", inclusive; empty for open.
    pub from: String,
    pub to: String,
    /// The actor's name or phone, or "#<user id>".
    pub actor: String,
    /// An action or its area ("login", "teacher" …); empty for all.
    pub action: String,
    /// "teacher#12", "teacher" or "#12"; empty for all.
    pub target: String,
    /// "ok", "requested", "failed", "denied" or empty.
    pub outcome: String,
    pub page: u64,
    pub page_size: u64,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct AuditRow {
    pub id: i64,
    /// Beijing time "2026-12-05 21:30:12".
    pub at: String,
    pub actor: String,
    pub role: String,
    pub action: String,
    pub action_label: String,
    pub outcome: String,
    pub target: String,
    pub ip: String,
    /// The record's details (before → after), as stored.
    pub detail: String,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct AuditPage {
    pub rows: crate::dto::Page<AuditRow>,
    /// How long rows are kept at least, and what the log holds now.
    pub retention_days: u32,
    pub earliest: Option<String>,
    pub total_all: u64,
}
