//! The 工作台 as the browser shows it: texts are formatted on the server.

use serde::{Deserialize, Serialize};

/// One 待办 count (only those above zero are sent).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Todo {
    pub label: String,
    pub link: String,
    pub count: u64,
}

/// Which way a figure moved against last year, for the tag's colour.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum Trend {
    Up,
    Down,
    Same,
    None,
}

/// A key-figure card: "本年度参训 1,204", "参训率 63.2%", "较上年 +4.1%".
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Figure {
    pub label: String,
    pub value: String,
    pub detail: String,
    pub change: String,
    pub trend: Trend,
    /// Where the card leads (a statistics page), if anywhere.
    pub link: Option<String>,
}

/// An institution's class this year.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ClassFigures {
    pub class_id: i64,
    pub project_name: String,
    pub class_name: String,
    pub starts_on: String,
    pub admitted: i64,
    pub seats: i64,
    pub checkin_rate: String,
    pub to_score: i64,
    pub pass_rate: String,
    /// Average rating out of 5 ("4.6"), or "—" before any evaluation.
    pub evaluation: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Workbench {
    /// "长安区", "某某学校", "河北师范大学".
    pub scope_name: String,
    pub year: i32,
    /// "数据截至 2026-12-06 10:32".
    pub as_of: String,
    pub todos: Vec<Todo>,
    pub figures: Vec<Figure>,
    pub classes: Vec<ClassFigures>,
    /// The latest 通知公告 that reach the actor, pinned first.
    pub announcements: Vec<crate::dto::announcements::AnnouncementRow>,
}

/// What a statistics page asks for; every field comes from the page's address.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct StatsQuery {
    /// "teachers", "training", "credits" or "institutions".
    pub area: String,
    /// `StatUnit::key`; "" for the caller's own unit.
    pub unit: String,
    /// A training year; none for the current one.
    pub year: Option<i32>,
    /// 教师统计's dimension (`Dim::key`).
    pub dim: String,
}

/// A step of the breadcrumb: a unit above the one shown, up to the caller's own.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Crumb {
    pub label: String,
    pub unit: String,
}

/// A row of a statistics table: a child unit (or an institution), its cells in the columns'
/// order, the figure its bar shows, and where it leads.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct StatRow {
    pub name: String,
    pub cells: Vec<String>,
    /// The bar's figure (a count, or tenths of a percent when the bar is a rate).
    pub bar: i64,
    /// One level down: a unit of the same page (its `StatUnit::key`), or none.
    pub unit: Option<String>,
    /// A list of the row's teachers ("/teachers?school_id=…", "/credits/shortfall?…").
    pub list: Option<String>,
}

/// One slice of a composition (教师统计's donut).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Slice {
    pub label: String,
    pub n: i64,
}

/// One figure over the years (培训统计's 参训人数), drawn on the server as an SVG line; the
/// page shows the same figures in a table beneath it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct YearLine {
    pub label: String,
    /// (year, figure), oldest first.
    pub points: Vec<(i32, i64)>,
    pub svg: String,
}

/// A second table of a page (培训统计's projects).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SubTable {
    pub title: String,
    pub row_label: String,
    pub columns: Vec<String>,
    pub rows: Vec<StatRow>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct StatsView {
    pub area: crate::domain::statistics::Area,
    pub unit: String,
    pub unit_name: String,
    pub trail: Vec<Crumb>,
    pub year: i32,
    pub years: Vec<i32>,
    /// (key, label) of 教师统计's dimensions, and the chosen one.
    pub dims: Vec<(String, String)>,
    pub dim: String,
    /// What the rows are ("区县", "学校", "培训机构").
    pub row_label: String,
    pub columns: Vec<String>,
    pub rows: Vec<StatRow>,
    pub total: Vec<String>,
    /// What the bars show ("在岗教师", "录取人次", "本年度达标率").
    pub bar_label: String,
    pub bar_is_rate: bool,
    pub composition: Vec<Slice>,
    pub more: Option<SubTable>,
    pub trend: Option<YearLine>,
    pub as_of: String,
}
