//! Reusable view pieces. Components make no server calls.

pub mod feedback;
pub mod field;
pub mod list_page;
pub mod list_table;
pub mod overlay;
pub mod page;
pub mod pager;
pub mod pickers;
pub mod row_report;
pub mod selection;
pub mod timeline;
pub mod upload;
