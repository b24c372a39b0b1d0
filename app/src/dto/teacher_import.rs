//! A teacher import as the browser follows it: the job's phase and progress, the preview of
//! every row, the admin's choices, and the outcome.

use serde::{Deserialize, Serialize};

/// A problem with one cell, under its template header.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CellIssue {
    pub column: String,
    pub message: String,
}

impl CellIssue {
    pub fn new(column: &str, message: impl Into<String>) -> Self {
        Self {
            column: column.into(),
            message: message.into(),
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum RowKind {
    /// A new record (and account).
    New,
    /// An existing record in the admin's scope whose fields differ.
    Update,
    /// An existing record with the same values: nothing to do.
    Unchanged,
    Invalid,
}

impl RowKind {
    pub fn label(self) -> &'static str {
        match self {
            Self::New => "新增",
            Self::Update => "更新",
            Self::Unchanged => "无变化",
            Self::Invalid => "有错误",
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PreviewRow {
    /// The row number as the spreadsheet shows it (the header is row 1).
    pub line: u32,
    pub kind: RowKind,
    /// The cells in template order (sheet::IMPORT_COLUMNS).
    pub cells: Vec<String>,
    pub issues: Vec<CellIssue>,
    /// For updates: the labels of the fields that would change.
    pub changes: Vec<String>,
}

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct ImportPreview {
    pub total: u32,
    pub new: u32,
    pub update: u32,
    pub unchanged: u32,
    pub invalid: u32,
    /// Every invalid row (up to a limit), then the updates and a sample of the new rows.
    pub rows: Vec<PreviewRow>,
    /// Rows not listed for size; the rejected-rows download holds every invalid one.
    pub omitted: u32,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum ImportPhase {
    Reading,
    Checking,
    Ready,
    Importing,
    Done,
    Failed,
}

impl ImportPhase {
    pub fn label(self) -> &'static str {
        match self {
            Self::Reading => "正在读取文件",
            Self::Checking => "正在校验",
            Self::Ready => "校验完成",
            Self::Importing => "正在导入",
            Self::Done => "导入完成",
            Self::Failed => "导入失败",
        }
    }

    /// Whether the job is still working (the page keeps polling).
    pub fn busy(self) -> bool {
        matches!(self, Self::Reading | Self::Checking | Self::Importing)
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
pub enum ImportMode {
    /// Nothing is written unless every row is valid.
    #[default]
    AllOrNothing,
    /// The valid rows are written; the invalid ones come back as a file.
    ValidOnly,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
pub enum OnExisting {
    #[default]
    Update,
    Skip,
}

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct ImportOutcome {
    pub total: u32,
    pub created: u32,
    pub updated: u32,
    pub unchanged: u32,
    pub skipped: u32,
    pub rejected: u32,
}

impl ImportOutcome {
    /// Rows that are in the database as the file says once the import is done.
    pub fn imported(&self) -> u32 {
        self.created + self.updated + self.unchanged
    }

    /// "导入 97 / 100 行：新增 90，更新 5，无变化 2；3 行有错误未导入".
    pub fn summary(&self) -> String {
        let mut s = format!(
            "导入 {} / {} 行：新增 {}，更新 {}，无变化 {}",
            self.imported(),
            self.total,
            self.created,
            self.updated,
            self.unchanged
        );
        if self.skipped > 0 {
            s.push_str(&format!("，跳过已有 {}", self.skipped));
        }
        if self.rejected > 0 {
            s.push_str(&format!("；{} 行有错误未导入", self.rejected));
        }
        s
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ImportStatus {
    pub job: String,
    pub file_name: String,
    pub phase: ImportPhase,
    pub done: u32,
    pub total: u32,
    pub preview: Option<ImportPreview>,
    pub outcome: Option<ImportOutcome>,
    pub error: Option<String>,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_outcome_reconciles_imported_with_total() {
        let o = ImportOutcome {
            total: 100,
            created: 90,
            updated: 5,
            unchanged: 2,
            skipped: 0,
            rejected: 3,
        };
        assert_eq!(o.imported() + o.skipped + o.rejected, o.total);
        assert_eq!(
            o.summary(),
            "导入 97 / 100 行：新增 90，更新 5，无变化 2；3 行有错误未导入"
        );
    }
}
