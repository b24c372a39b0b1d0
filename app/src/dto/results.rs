//! Grades and certificates as the browser sees them.

use crate::domain::assessment::{Scheme, SchemeDraft};
use crate::dto::directive::ListRowIssue;
use serde::{Deserialize, Serialize};

/// A class the actor grades, for the picker.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct GradingClass {
    pub class_id: i64,
    /// "2026年… · 第1期".
    pub label: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct GradeRow {
    pub enrolment_id: i64,
    pub teacher_name: String,
    pub id_masked: String,
    pub school_name: String,
    /// One per component, as it would be typed ("" for not yet scored).
    pub scores: Vec<String>,
    pub total: String,
    pub passed: Option<bool>,
    /// The completion certificate's number once issued.
    pub certificate: Option<String>,
    /// IT-2.0: the micro-ability points the teacher picked ("A1 · A3 · B6").
    pub micro: Option<String>,
}

/// The grading page in one answer: the picker, and the chosen class's scheme and roster.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct GradeGrid {
    pub choices: Vec<GradingClass>,
    /// 课程安排: the lessons in the order of the day.
    pub timetable: Vec<crate::domain::timetable::Lesson>,
    pub class_id: Option<i64>,
    pub project_id: i64,
    pub project_name: String,
    pub class_name: String,
    pub dates: String,
    pub place: String,
    /// The opening notice as published, if it was.
    pub notice: Option<String>,
    pub notice_published: bool,
    pub scheme: Scheme,
    pub draft: SchemeDraft,
    /// The project's declarer may change the scheme until a score is recorded.
    pub can_edit_scheme: bool,
    pub scheme_locked: bool,
    pub rows: Vec<GradeRow>,
    /// Its check-in sessions, newest first.
    pub sessions: Vec<crate::dto::checkin::SessionSummary>,
    pub evaluations: crate::dto::evaluations::EvaluationSummary,
    /// Leave requests its teachers' schools filed.
    pub leaves: Vec<crate::dto::leaves::LeaveRow>,
}

impl Default for GradeGrid {
    fn default() -> Self {
        let scheme = Scheme::default_for("");
        Self {
            choices: Vec::new(),
            timetable: Vec::new(),
            class_id: None,
            project_id: 0,
            project_name: String::new(),
            class_name: String::new(),
            dates: String::new(),
            place: String::new(),
            notice: None,
            notice_published: false,
            draft: SchemeDraft::of(&scheme),
            scheme,
            can_edit_scheme: false,
            scheme_locked: false,
            rows: Vec::new(),
            sessions: Vec::new(),
            evaluations: Default::default(),
            leaves: Vec::new(),
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ScoreEntry {
    pub enrolment_id: i64,
    pub scores: Vec<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ScoresInput {
    pub class_id: i64,
    pub rows: Vec<ScoreEntry>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SchemeInput {
    pub project_id: i64,
    pub draft: SchemeDraft,
}

/// What saving or importing scores did.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct ScoreReport {
    pub rows: u32,
    pub saved: u32,
    /// Newly passed: their credits are in the ledger and their certificates issued.
    pub passed: u32,
    pub rejected: Vec<ListRowIssue>,
}

/// The public verification page's answer for one number.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub enum Verification {
    Unknown,
    Found(Box<CertificateView>),
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CertificateView {
    pub number: String,
    pub kind: crate::domain::certificate::CertificateKind,
    /// Partly masked: 郑*师.
    pub holder: String,
    pub id_masked: String,
    pub project_name: String,
    pub class_name: String,
    pub dates: String,
    pub hours: i32,
    pub credits: String,
    /// The category of a completion; the credits by category of a credit certificate.
    pub credit_category: String,
    pub level: String,
    pub result: String,
    pub issuer: String,
    pub issued_on: String,
    pub revoked: Option<String>,
}

/// One certificate in 我的证书: what it certifies, whether it still stands, where to get it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct MyCertificate {
    pub number: String,
    pub kind: crate::domain::certificate::CertificateKind,
    /// The project (a completion) or the cycle (a credit certificate).
    pub title: String,
    /// The class, or the date the credits were certified as of.
    pub detail: String,
    /// The year it belongs to: the class's, or the credit certificate's as-of date's.
    pub year: i32,
    pub issued_on: String,
    pub hours: i32,
    pub credits: String,
    /// Why it was revoked; a revoked certificate is not printed.
    pub revoked: Option<String>,
    /// The PDF, while it can be printed: a completion by its number, the newest credit
    /// certificate of a cycle by the cycle (printed as of today; an older one stays
    /// verifiable but its figures are superseded).
    pub download: Option<String>,
}
