//! 通知公告: what a publisher sends, what a recipient lists and opens, and the publisher's
//! read rate by unit.

use crate::domain::announcement::Standing;
use crate::domain::role::Role;
use serde::{Deserialize, Serialize};

/// A unit a publisher chooses: a region below its own, or a school.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub enum UnitRef {
    Region(String),
    School(i64),
}

impl UnitRef {
    /// Its text in a form or an address: "r130102", "s12".
    pub fn key(&self) -> String {
        match self {
            Self::Region(code) => format!("r{code}"),
            Self::School(id) => format!("s{id}"),
        }
    }

    pub fn parse(key: &str) -> Option<Self> {
        match key.split_at_checked(1)? {
            ("r", code) => Some(Self::Region(code.to_string())),
            ("s", id) => id.parse().ok().map(Self::School),
            _ => None,
        }
    }
}

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct Draft {
    pub title: String,
    /// Formatted text (HTML); cleaned on the server.
    pub body: String,
    /// Units within the publisher's own; empty: all of it.
    pub units: Vec<UnitRef>,
    /// Roles addressed; empty: every role below the publisher.
    pub roles: Vec<Role>,
    /// An institution's audience: the participants of its project, or of one class.
    pub project_id: Option<i64>,
    pub class_id: Option<i64>,
    pub pinned: bool,
    pub needs_ack: bool,
    /// Beijing time "2026-12-08T09:00"; empty: at once.
    pub publish_at: String,
    /// Beijing time; empty: none.
    pub deadline: String,
    /// Attachments uploaded for it (`upload_announcement_file`).
    pub files: Vec<Attachment>,
}

pub use crate::dto::growth::UploadedAttachment as Attachment;

/// A unit the publisher may choose, for the form.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct UnitOption {
    pub unit: UnitRef,
    pub name: String,
}

/// What the publish form offers the caller.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PublishOptions {
    /// The publisher's own unit, by name.
    pub own: String,
    pub units: Vec<UnitOption>,
    pub roles: Vec<Role>,
    /// An institution's projects (id, name) and classes (id, project id, name).
    pub projects: Vec<(i64, String)>,
    pub classes: Vec<(i64, i64, String)>,
}

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct AnnouncementFilter {
    /// Only the unread ones.
    pub unread: bool,
    pub page: u64,
    pub page_size: u64,
}

/// One announcement in a recipient's list.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct AnnouncementRow {
    pub id: i64,
    pub title: String,
    /// The publishing unit's name.
    pub from: String,
    /// Beijing time "2026-12-08 09:00".
    pub at: String,
    pub pinned: bool,
    pub needs_ack: bool,
    pub deadline: Option<String>,
    pub read: bool,
    pub acked: bool,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct AnnouncementPage {
    pub page: crate::dto::Page<AnnouncementRow>,
    pub unread: u64,
}

/// An announcement opened.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct AnnouncementView {
    pub row: AnnouncementRow,
    /// Cleaned HTML.
    pub body: String,
    /// Its attachments, each at `file_link(id, file_id)`.
    pub files: Vec<Attachment>,
    pub standing: Standing,
    /// The caller published it: the read rate and 撤回 are theirs.
    pub mine: bool,
}

/// One announcement in its publisher's list.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PublishedRow {
    pub id: i64,
    pub title: String,
    pub at: String,
    pub standing: Standing,
    pub pinned: bool,
    /// Whom it is for, in words ("2 所学校 · 教师").
    pub audience: String,
}

/// One line of the read-rate table.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct RateRow {
    /// None: the publisher's own level (本级), or a school's people.
    pub unit: Option<UnitRef>,
    pub name: String,
    pub reached: u64,
    pub read: u64,
    pub rate: Option<u8>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ReadRate {
    /// The unit whose lines these are.
    pub unit: String,
    pub rows: Vec<RateRow>,
    pub total: RateRow,
    /// At a school (or for participants): who has not read it yet, by name.
    pub unread_people: Vec<String>,
    /// More unread people than listed.
    pub more_unread: u64,
}

/// Where an announcement's attachment is downloaded.
pub fn file_link(announcement_id: i64, file_id: i64) -> String {
    format!("/api/files/announcements/{announcement_id}/files/{file_id}")
}

/// The longest title.
pub const TITLE_MAX: usize = 100;

/// A time typed in the form ("2026-12-08T09:00", Beijing time).
pub fn parse_local(s: &str) -> Option<chrono::NaiveDateTime> {
    ["%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M", "%Y-%m-%dT%H:%M:%S"]
        .iter()
        .find_map(|f| chrono::NaiveDateTime::parse_from_str(s.trim(), f).ok())
}

/// Whether a body says anything (tags alone do not).
pub fn has_text(html: &str) -> bool {
    let mut inside = false;
    html.chars().any(|c| match c {
        '<' => {
            inside = true;
            false
        }
        '>' => {
            inside = false;
            false
        }
        '&' => !inside,
        c => !inside && !c.is_whitespace(),
    })
}

/// The form's rules, checked as the publisher types and again by the server: each broken
/// one named by its field.
pub fn validate_draft(d: &Draft) -> Vec<crate::error::FieldError> {
    use crate::error::FieldError;
    let mut out = Vec::new();
    let mut add = |field: &str, message: String| {
        out.push(FieldError {
            field: field.into(),
            message,
        })
    };
    let title = d.title.trim();
    if title.is_empty() {
        add("title", "请填写标题".into());
    } else if title.chars().count() > TITLE_MAX {
        add("title", format!("标题不能超过 {TITLE_MAX} 个字"));
    }
    if !has_text(&d.body) {
        add("body", "请填写正文".into());
    }
    let publish_at = parse_local(&d.publish_at);
    let deadline = parse_local(&d.deadline);
    for (field, typed, read) in [
        ("publish_at", &d.publish_at, publish_at),
        ("deadline", &d.deadline, deadline),
    ] {
        if read.is_none() && !typed.trim().is_empty() {
            add(field, "时间格式应为 2026-12-08 09:00".into());
        }
    }
    if let (Some(p), Some(dl)) = (publish_at, deadline)
        && dl <= p
    {
        add("deadline", "截止时间应晚于发布时间".into());
    }
    let files_max = crate::domain::announcement_file::FILES_MAX;
    if d.files.len() > files_max {
        add("files", format!("附件最多 {files_max} 个"));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn draft() -> Draft {
        Draft {
            title: "关于寒假安全的通知".into(),
            body: "<p>请注意安全</p>".into(),
            ..Default::default()
        }
    }

    #[test]
    fn a_draft_names_each_field_it_breaks() {
        assert!(validate_draft(&draft()).is_empty());
        let fields = |d: &Draft| {
            validate_draft(d)
                .into_iter()
                .map(|e| e.field)
                .collect::<Vec<_>>()
        };
        let empty = Draft {
            title: " ".into(),
            body: "<p> </p><br>".into(),
            ..Default::default()
        };
        assert_eq!(fields(&empty), vec!["title", "body"]);
        let long = Draft {
            title: "长".repeat(TITLE_MAX + 1),
            ..draft()
        };
        assert_eq!(fields(&long), vec!["title"]);
        let times = Draft {
            publish_at: "2026-12-09T09:00".into(),
            deadline: "2026-12-08T09:00".into(),
            ..draft()
        };
        assert_eq!(fields(&times), vec!["deadline"]);
        let garbled = Draft {
            deadline: "下周五".into(),
            ..draft()
        };
        assert_eq!(fields(&garbled), vec!["deadline"]);
        let file = |id| Attachment {
            file_id: id,
            name: "报名表.xlsx".into(),
        };
        let heavy = Draft {
            files: (0..6).map(file).collect(),
            ..draft()
        };
        assert_eq!(fields(&heavy), vec!["files"]);
        let five = Draft {
            files: (0..5).map(file).collect(),
            ..draft()
        };
        assert!(validate_draft(&five).is_empty());
        assert!(has_text("<p>&nbsp;通知</p>"));
    }
}
