//! Messages that leave the server (issue 17). `outbox` queues every SMS and e-mail: the request
//! that causes one only writes its row, and a worker sends it, retries it with back-off and
//! records how it went (the province's 发送记录). `message_choices` holds what each user chose
//! to receive by SMS or e-mail beside the in-app notification. Notifications get their kind,
//! so the 消息中心 can filter by it; the rows already there get theirs from where they lead.

use sea_orm_migration::prelude::*;
use sea_orm_migration::schema::{
    big_integer, big_integer_null, boolean, integer, string, string_null, text, text_null,
    timestamp_with_time_zone, timestamp_with_time_zone_null,
};
use sea_orm_migration::sea_orm::ConnectionTrait;

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden)]
enum Outbox {
    Table,
    Id,
    UserId,
    Kind,
    Channel,
    Destination,
    Subject,
    Body,
    Params,
    State,
    Tries,
    NextAt,
    LastError,
    ProviderRef,
    CreatedAt,
    SentAt,
}

#[derive(DeriveIden)]
enum MessageChoices {
    Table,
    UserId,
    Kind,
    Channel,
    Chosen,
}

#[derive(DeriveIden)]
enum Notifications {
    Table,
    Kind,
}

#[derive(DeriveIden)]
enum Users {
    Table,
    Id,
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.create_table(
            Table::create()
                .table(Outbox::Table)
                .col(big_integer(Outbox::Id).primary_key().auto_increment())
                // None: a message to a contact not (yet) on an account.
                .col(big_integer_null(Outbox::UserId))
                .col(string(Outbox::Kind))
                .col(string(Outbox::Channel))
                .col(string(Outbox::Destination))
                .col(string(Outbox::Subject))
                .col(text(Outbox::Body))
                // The SMS template's parameters, a JSON array of texts.
                .col(text(Outbox::Params))
                .col(string(Outbox::State))
                .col(integer(Outbox::Tries))
                .col(timestamp_with_time_zone(Outbox::NextAt))
                .col(text_null(Outbox::LastError))
                .col(string_null(Outbox::ProviderRef))
                .col(timestamp_with_time_zone(Outbox::CreatedAt))
                .col(timestamp_with_time_zone_null(Outbox::SentAt))
                .foreign_key(
                    ForeignKey::create()
                        .name("fk_outbox_user_id")
                        .from(Outbox::Table, Outbox::UserId)
                        .to(Users::Table, Users::Id)
                        .on_delete(ForeignKeyAction::Cascade),
                )
                .to_owned(),
        )
        .await?;
        // The worker asks "what is due now" of the queued rows only.
        m.create_index(
            Index::create()
                .name("idx_outbox_due")
                .table(Outbox::Table)
                .col(Outbox::State)
                .col(Outbox::NextAt)
                .to_owned(),
        )
        .await?;
        m.create_index(
            Index::create()
                .name("idx_outbox_user")
                .table(Outbox::Table)
                .col(Outbox::UserId)
                .col(Outbox::Id)
                .to_owned(),
        )
        .await?;
        m.create_table(
            Table::create()
                .table(MessageChoices::Table)
                .col(big_integer(MessageChoices::UserId))
                .col(string(MessageChoices::Kind))
                .col(string(MessageChoices::Channel))
                .col(boolean(MessageChoices::Chosen))
                .primary_key(
                    Index::create()
                        .col(MessageChoices::UserId)
                        .col(MessageChoices::Kind)
                        .col(MessageChoices::Channel),
                )
                .foreign_key(
                    ForeignKey::create()
                        .name("fk_message_choices_user_id")
                        .from(MessageChoices::Table, MessageChoices::UserId)
                        .to(Users::Table, Users::Id)
                        .on_delete(ForeignKeyAction::Cascade),
                )
                .to_owned(),
        )
        .await?;
        m.alter_table(
            Table::alter()
                .table(Notifications::Table)
                .add_column(string(Notifications::Kind).default("enrolment_step"))
                .to_owned(),
        )
        .await?;
        // The rows already sent: their kind from where they lead and what they say.
        let db = m.get_connection();
        for sql in [
            r#"UPDATE "notifications" SET "kind" = 'credits' WHERE "link" = '/my/credits'"#,
            r#"UPDATE "notifications" SET "kind" = 'leave' WHERE "title" = '请假审批结果'"#,
            r#"UPDATE "notifications" SET "kind" = 'results' WHERE "title" = '培训成绩已发布'"#,
            r#"UPDATE "notifications" SET "kind" = 'transfer' WHERE "title" = '教师调出通知'"#,
        ] {
            db.execute_unprepared(sql).await?;
        }
        Ok(())
    }

    async fn down(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.alter_table(
            Table::alter()
                .table(Notifications::Table)
                .drop_column(Notifications::Kind)
                .to_owned(),
        )
        .await?;
        m.drop_table(Table::drop().table(MessageChoices::Table).to_owned())
            .await?;
        m.drop_table(Table::drop().table(Outbox::Table).to_owned())
            .await
    }
}
