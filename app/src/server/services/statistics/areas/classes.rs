//! Classes' figures summed, and their seats.

use super::*;

/// Classes' figures summed (per project, per institution, in all).
#[derive(Default)]
pub(crate) struct ClassSums {
    pub(super) projects: std::collections::HashSet<i64>,
    pub(super) classes: i64,
    pub(super) seats: i64,
    pub(crate) admitted: i64,
    pub(super) checked_in: i64,
    pub(super) passed: i64,
    pub(super) rating_sum: i64,
    pub(super) rating_count: i64,
}

impl ClassSums {
    /// 报到率, 合格率 (both of the admitted) and 评教均分, as the tables show them.
    pub(crate) fn rates(&self) -> [String; 3] {
        [
            percent_text(share(self.checked_in, self.admitted)),
            percent_text(share(self.passed, self.admitted)),
            rating_text(self.rating_sum, self.rating_count),
        ]
    }

    pub(crate) fn add(&mut self, c: &stat_class::Model, seats: i64) {
        self.projects.insert(c.project_id);
        self.classes += 1;
        self.seats += seats;
        self.admitted += c.admitted;
        self.checked_in += c.checked_in;
        self.passed += c.passed;
        self.rating_sum += c.rating_sum;
        self.rating_count += c.rating_count;
    }

    pub(super) fn merge(&mut self, o: &ClassSums) {
        self.projects.extend(o.projects.iter().copied());
        self.classes += o.classes;
        self.seats += o.seats;
        self.admitted += o.admitted;
        self.checked_in += o.checked_in;
        self.passed += o.passed;
        self.rating_sum += o.rating_sum;
        self.rating_count += o.rating_count;
    }
}

/// The seats (planned and extra) of each class.
pub(super) async fn seats_of(
    db: &impl ConnectionTrait,
    classes: impl Iterator<Item = i64>,
) -> AppResult<HashMap<i64, i64>> {
    Ok(project_class::Entity::find()
        .filter(project_class::Column::Id.is_in(classes.collect::<Vec<_>>()))
        .all(db)
        .await?
        .into_iter()
        .map(|c| (c.id, i64::from(c.capacity + c.extra_capacity)))
        .collect())
}
