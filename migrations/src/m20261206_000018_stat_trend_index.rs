//! One key of the counters over the years (培训统计's ten-year line): by key first, a unit's
//! rows of every year are one index range (a province's county totals, a county's total or
//! a school's row), instead of every key of every year.

use sea_orm_migration::prelude::*;

#[derive(DeriveMigrationName)]
pub struct Migration;

const INDEX: &str = "idx_stat_counts_by_key";

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        let mut idx = Index::create();
        idx.name(INDEX).table(Alias::new("stat_counts"));
        for c in ["topic", "key", "school_id", "county_code", "period"] {
            idx.col(Alias::new(c));
        }
        m.create_index(idx.to_owned()).await
    }

    async fn down(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.drop_index(
            Index::drop()
                .name(INDEX)
                .table(Alias::new("stat_counts"))
                .to_owned(),
        )
        .await
    }
}
