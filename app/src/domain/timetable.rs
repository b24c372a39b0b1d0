//! 课程安排: a class's timetable as whoever runs the class types it — each lesson's day within
//! the class, its time, place, topic and lecturer. The check-in sessions are opened by lesson.

use crate::error::FieldError;
use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

/// One lesson, as typed and as shown.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Lesson {
    /// "2026-07-01".
    pub on_date: String,
    /// "09:00".
    pub starts_at: String,
    pub ends_at: String,
    pub place: String,
    pub topic: String,
    pub lecturer: String,
}

/// More than a class of a few weeks has.
pub const MAX_LESSONS: usize = 120;
pub const MAX_TEXT_CHARS: usize = 60;

/// "9:00" or "09:00" as minutes after midnight.
pub fn read_time(s: &str) -> Option<u32> {
    let (h, m) = s.trim().split_once([':', '：'])?;
    let (h, m) = (h.parse::<u32>().ok()?, m.parse::<u32>().ok()?);
    (h < 24 && m < 60).then_some(h * 60 + m)
}

/// Minutes as "09:00".
pub fn time_text(minutes: u32) -> String {
    format!("{:02}:{:02}", minutes / 60, minutes % 60)
}

/// Every problem under its field (`lesson-{i}-{field}`), the lesson named by its number, given
/// the class's first and last day.
pub fn check(lessons: &[Lesson], starts_on: NaiveDate, ends_on: NaiveDate) -> Vec<FieldError> {
    let mut errs = Vec::new();
    if lessons.len() > MAX_LESSONS {
        errs.push(FieldError {
            field: "lessons".into(),
            message: format!("课程安排最多 {MAX_LESSONS} 节"),
        });
        return errs;
    }
    for (i, l) in lessons.iter().enumerate() {
        let n = i + 1;
        let mut push = |field: &str, message: String| {
            errs.push(FieldError {
                field: format!("lesson-{i}-{field}"),
                message: format!("第 {n} 节：{message}"),
            })
        };
        match l.on_date.trim().parse::<NaiveDate>() {
            Err(_) => push("on_date", "请选择日期".into()),
            Ok(d) if d < starts_on || d > ends_on => push(
                "on_date",
                format!("日期须在培训期间（{starts_on} 至 {ends_on}）"),
            ),
            Ok(_) => {}
        }
        match (read_time(&l.starts_at), read_time(&l.ends_at)) {
            (Some(a), Some(b)) if a < b => {}
            (Some(_), Some(_)) => push("ends_at", "结束时间须晚于开始时间".into()),
            (None, _) => push("starts_at", "开始时间格式如 09:00".into()),
            (_, None) => push("ends_at", "结束时间格式如 11:30".into()),
        }
        if l.topic.trim().is_empty() {
            push("topic", "请填写主题".into());
        }
        for (field, label, text) in [
            ("topic", "主题", &l.topic),
            ("place", "地点", &l.place),
            ("lecturer", "主讲人", &l.lecturer),
        ] {
            if text.trim().chars().count() > MAX_TEXT_CHARS {
                push(field, format!("{label}不超过 {MAX_TEXT_CHARS} 字"));
            }
        }
    }
    errs
}

/// The lessons cleaned (trimmed, times as "09:00") in the order of the day.
pub fn tidy(lessons: &[Lesson]) -> Vec<Lesson> {
    let mut out: Vec<Lesson> = lessons
        .iter()
        .map(|l| Lesson {
            on_date: l.on_date.trim().into(),
            starts_at: read_time(&l.starts_at).map_or_else(String::new, time_text),
            ends_at: read_time(&l.ends_at).map_or_else(String::new, time_text),
            place: l.place.trim().into(),
            topic: l.topic.trim().into(),
            lecturer: l.lecturer.trim().into(),
        })
        .collect();
    out.sort_by(|a, b| (&a.on_date, &a.starts_at).cmp(&(&b.on_date, &b.starts_at)));
    out
}

/// The title of the check-in opened for a lesson: "07-01 09:00 课堂观察" (at most the
/// check-in's 30 characters).
pub fn checkin_title(l: &Lesson) -> String {
    let day = l.on_date.get(5..).unwrap_or(&l.on_date);
    format!("{day} {} {}", l.starts_at, l.topic)
        .chars()
        .take(super::checkin::MAX_TITLE_CHARS)
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> NaiveDate {
        s.parse().unwrap()
    }

    fn lesson(day: &str, from: &str, to: &str, topic: &str) -> Lesson {
        Lesson {
            on_date: day.into(),
            starts_at: from.into(),
            ends_at: to.into(),
            place: "报告厅".into(),
            topic: topic.into(),
            lecturer: "王教授".into(),
        }
    }

    #[test]
    fn times_read_loosely_and_print_alike() {
        assert_eq!(read_time("9:00"), Some(540));
        assert_eq!(read_time(" 09：30 "), Some(570));
        assert_eq!(read_time("24:00"), None);
        assert_eq!(read_time("9点"), None);
        assert_eq!(time_text(570), "09:30");
    }

    #[test]
    fn each_problem_names_the_lesson_and_its_field() {
        let (a, b) = (d("2026-07-01"), d("2026-07-03"));
        assert!(check(&[lesson("2026-07-01", "9:00", "11:30", "课堂观察")], a, b).is_empty());
        let errs = check(
            &[
                lesson("2026-07-01", "9:00", "11:30", "课堂观察"),
                lesson("2026-07-09", "14:00", "13:00", " "),
            ],
            a,
            b,
        );
        let got: Vec<(&str, &str)> = errs
            .iter()
            .map(|e| (e.field.as_str(), e.message.as_str()))
            .collect();
        assert_eq!(
            got,
            [
                (
                    "lesson-1-on_date",
                    "第 2 节：日期须在培训期间（2026-07-01 至 2026-07-03）"
                ),
                ("lesson-1-ends_at", "第 2 节：结束时间须晚于开始时间"),
                ("lesson-1-topic", "第 2 节：请填写主题"),
            ]
        );
    }

    #[test]
    fn the_day_is_in_order_and_a_checkin_is_titled_by_its_lesson() {
        let t = tidy(&[
            lesson("2026-07-02", "9:00", "11:30", "B"),
            lesson("2026-07-01", "14:00", "16:00", "A2"),
            lesson("2026-07-01", "8:30", "11:30", " A1 "),
        ]);
        let order: Vec<&str> = t.iter().map(|l| l.topic.as_str()).collect();
        assert_eq!(order, ["A1", "A2", "B"]);
        assert_eq!(t[0].starts_at, "08:30");
        assert_eq!(checkin_title(&t[0]), "07-01 08:30 A1");
        let long = lesson("2026-07-01", "9:00", "10:00", &"很".repeat(40));
        assert_eq!(checkin_title(&long).chars().count(), 30);
    }
}
