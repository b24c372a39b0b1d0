//! The one teacher search every list offers: by name, or by the last digits of the ID number
//! (what an admin reads off a form).

use crate::server::entities::user;
use crate::server::services::like::TextMatch;
use sea_orm::Condition;
use sea_orm::sea_query::{Query, SelectStatement};

/// The ids of the users whose name contains `keyword` or whose ID number ends with it.
pub fn users_matching(keyword: &str) -> SelectStatement {
    Query::select()
        .column(user::Column::Id)
        .from(user::Entity)
        .cond_where(
            Condition::any()
                .add(user::Column::Name.has_text(keyword))
                .add(user::Column::IdNumber.finishes_with(keyword)),
        )
        .to_owned()
}
