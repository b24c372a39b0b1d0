//! The one teacher search every list offers: by name, or by the last digits of the ID number
//! (what an admin reads off a form).

use crate::domain::name_search::search_keys;
use crate::server::entities::user;
use crate::server::services::like::TextMatch;
use sea_orm::sea_query::{Alias, Expr, ExprTrait, Func, Query, SelectStatement};
use sea_orm::{ColumnTrait, Condition};

/// A name containing `keyword`. The accounts holding the keyword's pieces (migration 17's
/// `name_grams`) are a few hundred index entries where `LIKE '%…%'` alone reads every
/// account; the `LIKE` still decides, so the result is the same.
pub fn name_contains(keyword: &str) -> Condition {
    let mut c = Condition::all().add(user::Column::Name.has_text(keyword));
    for key in search_keys(keyword) {
        c = c.add(
            user::Column::Id.in_subquery(
                Query::select()
                    .column(Alias::new("user_id"))
                    .from(Alias::new("name_grams"))
                    .and_where(Expr::col(Alias::new("gram")).eq(Func::lower(Expr::val(key))))
                    .to_owned(),
            ),
        );
    }
    c
}

/// The ids of the users whose name contains `keyword` or whose ID number ends with it.
pub fn users_matching(keyword: &str) -> SelectStatement {
    Query::select()
        .column(user::Column::Id)
        .from(user::Entity)
        .cond_where(
            Condition::any()
                .add(name_contains(keyword))
                .add(user::Column::IdNumber.finishes_with(keyword)),
        )
        .to_owned()
}
