//! LIKE patterns from what someone typed. sea-orm's `contains` / `starts_with` / `ends_with`
//! put the text into the pattern as it is, so `_` and `%` in a search box are wildcards: 18
//! underscores list every user in scope, and `_` probes read a masked ID number digit by digit.
//! Every text match goes through here instead, with `\`, `%` and `_` matching themselves.

use sea_orm::ColumnTrait;
use sea_orm::sea_query::{Expr, LikeExpr};

pub const ESCAPE: char = '\\';

/// `text` with the LIKE wildcards and the escape character itself escaped.
pub fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        if matches!(c, '%' | '_' | ESCAPE) {
            out.push(ESCAPE);
        }
        out.push(c);
    }
    out
}

/// Text matches on a column, the typed text taken literally.
pub trait TextMatch: ColumnTrait {
    fn has_text(&self, text: &str) -> Expr {
        self.like(LikeExpr::new(format!("%{}%", escape(text))).escape(ESCAPE))
    }
    fn begins_with(&self, text: &str) -> Expr {
        self.like(LikeExpr::new(format!("{}%", escape(text))).escape(ESCAPE))
    }
    fn finishes_with(&self, text: &str) -> Expr {
        self.like(LikeExpr::new(format!("%{}", escape(text))).escape(ESCAPE))
    }
}

impl<C: ColumnTrait> TextMatch for C {}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::server::entities::user;
    use sea_orm::{DbBackend, EntityTrait, QueryFilter, QueryTrait};

    #[test]
    fn wildcards_match_themselves() {
        assert_eq!(escape("a_b%c\\d"), "a\\_b\\%c\\\\d");
        assert_eq!(escape("王小"), "王小");
        let sql = user::Entity::find()
            .filter(user::Column::Name.has_text("__"))
            .build(DbBackend::Sqlite)
            .to_string();
        assert!(sql.contains(r#""name" LIKE '%\_\_%' ESCAPE '\'"#), "{sql}");
    }
}
