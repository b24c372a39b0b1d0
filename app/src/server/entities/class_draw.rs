use sea_orm::entity::prelude::*;

/// The one draw of an oversubscribed class: the seed and the applicants in the order drawn
/// from, so anyone can recompute the winners.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "class_draws")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub class_id: i64,
    pub seed: String,
    pub seats: i32,
    /// JSON array of enrolment ids, ascending.
    pub applicants: String,
    /// JSON array of the winning enrolment ids, in drawn order.
    pub winners: String,
    pub actor_user_id: i64,
    pub actor_name: String,
    pub drawn_at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
