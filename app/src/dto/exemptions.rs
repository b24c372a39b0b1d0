//! Exemptions from the whole-staff project (免修), as bureaus list and record them.

use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ExemptionRow {
    pub id: i64,
    pub teacher_name: String,
    /// Masked.
    pub id_number: String,
    pub school_name: String,
    pub year: i32,
    pub level: String,
    pub certificate: String,
    pub granted_by: String,
    pub granted_at: String,
}

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct ExemptionFilter {
    /// "" for every year.
    pub year: String,
    /// Name or the last digits of the ID number.
    pub keyword: String,
    pub page: u64,
}
