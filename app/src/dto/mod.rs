//! Serde types shared with the browser.

pub mod account;
pub mod audit;
pub mod checkin;
pub mod credits;
pub mod dashboard;
pub mod directive;
pub mod enrolments;
pub mod evaluations;
pub mod exemptions;
pub mod growth;
pub mod leaves;
pub mod org;
pub mod profile;
pub mod projects;
pub mod results;
pub mod teacher_import;
pub mod teachers;
pub mod users;

use serde::{Deserialize, Serialize};

/// One page of a list, with the total for the pager.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Page<T> {
    pub items: Vec<T>,
    pub total: u64,
    pub page: u64,
    pub page_size: u64,
}

pub const DEFAULT_PAGE_SIZE: u64 = 20;
pub const MAX_PAGE_SIZE: u64 = 100;
