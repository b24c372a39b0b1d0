//! 消息中心 (every user's notifications), what each user receives by SMS or e-mail, and the
//! province's 发送记录 of messages that left the server.

use crate::domain::contact::Channel;
use crate::domain::delivery::{MessageKind, SendState};
use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct MessageFilter {
    /// Only the unread ones.
    pub unread: bool,
    /// One kind (`MessageKind` text); empty for all.
    pub kind: String,
    pub page: u64,
    pub page_size: u64,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct MessageRow {
    pub id: i64,
    pub kind: MessageKind,
    pub title: String,
    pub body: String,
    /// Where it leads in the app.
    pub link: Option<String>,
    /// Beijing time "2026-12-05 21:30".
    pub at: String,
    pub read: bool,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct MessagePage {
    pub page: crate::dto::Page<MessageRow>,
    /// Unread across every kind, for the heading and the bell.
    pub unread: u64,
}

/// A kind and how it reaches the user beside the 消息中心.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ChoiceRow {
    pub kind: MessageKind,
    /// Always sent (account safety): shown on, and cannot be switched off.
    pub mandatory: bool,
    pub sms: bool,
    pub email: bool,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct MessageChoices {
    pub rows: Vec<ChoiceRow>,
    /// The verified phone and e-mail, masked; None: that channel reaches nobody yet.
    pub phone: Option<String>,
    pub email: Option<String>,
}

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct DeliveryFilter {
    /// `SendState` text; empty for all.
    pub state: String,
    /// `Channel` text; empty for both.
    pub channel: String,
    /// `MessageKind` text; empty for all.
    pub kind: String,
    pub page: u64,
    pub page_size: u64,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct DeliveryRow {
    pub id: i64,
    /// When it was queued, Beijing time.
    pub at: String,
    pub kind: MessageKind,
    pub channel: Channel,
    /// The destination, masked.
    pub to: String,
    pub subject: String,
    pub state: SendState,
    /// Failed tries so far.
    pub tries: i32,
    /// The next try (queued) or when it went (sent), Beijing time.
    pub when: String,
    pub last_error: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct DeliveryPage {
    pub page: crate::dto::Page<DeliveryRow>,
    /// Failed messages in all, whatever the filter: the figure the province watches.
    pub failed: u64,
}
