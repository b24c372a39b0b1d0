//! The reads of each announcement counted by the reader's place (county, school), kept as each
//! read is recorded: the read-rate table sums these few rows (a province has some 6,500
//! schools) instead of grouping an announcement's hundreds of thousands of reads on every
//! look. Filled here from the reads already recorded.
//!
//! An index on `stat_counts` by topic, key and county lets the same table read the teachers in
//! post per school (the `teachers` key) under a region without walking every other counter.

use sea_orm_migration::prelude::*;
use sea_orm_migration::schema::{big_integer, string_len};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden)]
enum AnnouncementReadCounts {
    Table,
    AnnouncementId,
    CountyCode,
    SchoolId,
    N,
}

#[derive(DeriveIden)]
enum Announcements {
    Table,
    Id,
}

#[derive(DeriveIden)]
enum StatCounts {
    Table,
    Topic,
    Period,
    Key,
    CountyCode,
}

const FILL: &str = "INSERT INTO announcement_read_counts (announcement_id, county_code, school_id, n) \
     SELECT announcement_id, COALESCE(county_code, ''), COALESCE(school_id, 0), COUNT(*) \
     FROM announcement_reads GROUP BY announcement_id, COALESCE(county_code, ''), COALESCE(school_id, 0)";

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        use AnnouncementReadCounts as C;
        m.create_table(
            Table::create()
                .table(C::Table)
                .col(big_integer(C::AnnouncementId))
                // '' and 0: a read kept without a county or a school (a bureau's own people).
                .col(string_len(C::CountyCode, 12))
                .col(big_integer(C::SchoolId))
                .col(big_integer(C::N))
                .primary_key(
                    Index::create()
                        .col(C::AnnouncementId)
                        .col(C::CountyCode)
                        .col(C::SchoolId),
                )
                .foreign_key(
                    ForeignKey::create()
                        .name("fk_announcement_read_counts_announcement")
                        .from(C::Table, C::AnnouncementId)
                        .to(Announcements::Table, Announcements::Id)
                        .on_delete(ForeignKeyAction::Cascade),
                )
                .to_owned(),
        )
        .await?;
        m.get_connection().execute_unprepared(FILL).await?;
        m.create_index(
            Index::create()
                .name("stat_counts_by_key")
                .table(StatCounts::Table)
                .col(StatCounts::Topic)
                .col(StatCounts::Period)
                .col(StatCounts::Key)
                .col(StatCounts::CountyCode)
                .to_owned(),
        )
        .await
    }

    async fn down(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.drop_index(
            Index::drop()
                .name("stat_counts_by_key")
                .table(StatCounts::Table)
                .to_owned(),
        )
        .await?;
        m.drop_table(
            Table::drop()
                .table(AnnouncementReadCounts::Table)
                .to_owned(),
        )
        .await
    }
}
