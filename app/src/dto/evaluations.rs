//! Evaluations as the browser sees them.

use crate::domain::evaluation::Answers;
use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct EvaluationInput {
    pub enrolment_id: crate::dto::ids::EnrolmentId,
    pub answers: Answers,
}

/// A class's evaluations for its runner: (question, average "4.3"), counts, comments by date.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct EvaluationSummary {
    pub items: Vec<(String, String)>,
    pub answered: u32,
    pub enrolled: u32,
    pub comments: Vec<(String, String)>,
}
