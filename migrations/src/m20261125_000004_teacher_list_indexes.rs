//! Indexes for the teacher list at province scale (600,000 records): counts over a province
//! read an index instead of the table, the sorts the list offers start from an index, and a
//! search by the last digits of an ID number reads an index on them (by expression; the list
//! query spells the expression the same way).

use sea_orm_migration::prelude::*;

#[derive(DeriveMigrationName)]
pub struct Migration;

const INDEXES: [(&str, &str, &[&str]); 4] = [
    // Every column the list filters on: a count over a province with any filter reads this
    // narrow index instead of the wide rows. The region is last, so the index never competes
    // with the region indexes as the way into a keyword search.
    (
        "idx_teachers_filters",
        "teachers",
        &[
            "stage",
            "title",
            "status",
            "subject",
            "special_post",
            "publicly_funded",
            "province_code",
        ],
    ),
    // The sorts, each with its tie-breaker, so an index gives the whole order.
    ("idx_teachers_updated", "teachers", &["updated_at", "id"]),
    ("idx_teachers_hire_date", "teachers", &["hire_date", "id"]),
    ("idx_users_name", "users", &["name", "id"]),
];

/// (name, expression): the last four and the last two characters of an ID number.
const EXPRESSION_INDEXES: [(&str, &str); 2] = [
    ("idx_users_id_last4", "substr(id_number, 15)"),
    ("idx_users_id_last2", "substr(id_number, 17)"),
];

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        for (name, table, cols) in INDEXES {
            let mut idx = Index::create();
            idx.name(name).table(Alias::new(table));
            for c in cols {
                idx.col(Alias::new(*c));
            }
            m.create_index(idx.to_owned()).await?;
        }
        // Both backends take this syntax; sea-query has no expression indexes.
        for (name, expr) in EXPRESSION_INDEXES {
            m.get_connection()
                .execute_unprepared(&format!("CREATE INDEX {name} ON users (({expr}))"))
                .await?;
        }
        Ok(())
    }

    async fn down(&self, m: &SchemaManager) -> Result<(), DbErr> {
        for (name, _) in EXPRESSION_INDEXES {
            m.get_connection()
                .execute_unprepared(&format!("DROP INDEX {name}"))
                .await?;
        }
        for (name, table, _) in INDEXES {
            m.drop_index(Index::drop().name(name).table(Alias::new(table)).to_owned())
                .await?;
        }
        Ok(())
    }
}
