//! What the statistics count (issue 15), as plain rules shared by the upkeep, the rebuild and
//! the pages: an enrolment's marks, a teacher's dimensions, and the names of the figures.

use super::enrolment_flow::EnrolmentStatus;
use serde::{Deserialize, Serialize};

/// What one enrolment adds to the figures, as bits (kept on the row as `counted`).
pub mod mark {
    /// 报名: every application except one withdrawn or handed to another teacher.
    pub const APPLIED: i16 = 1;
    /// 录取: holds a seat.
    pub const ADMITTED: i16 = 2;
    /// 报到: admitted and checked in at least once.
    pub const CHECKED_IN: i16 = 4;
    /// 合格.
    pub const PASSED: i16 = 8;
    /// 已发证: a valid completion certificate.
    pub const CERTIFIED: i16 = 16;
    /// 已录成绩: admitted and graded (passed or not).
    pub const SCORED: i16 = 32;
    /// 已评教.
    pub const EVALUATED: i16 = 64;
}

/// What a status alone says of an enrolment in the figures: (applied, admitted).
fn standing(status: Option<EnrolmentStatus>) -> (bool, bool) {
    use EnrolmentStatus::*;
    let applied = !matches!(status, None | Some(Withdrawn | Replaced));
    (applied, status == Some(Enrolled))
}

/// Whether a step from one status to the other leaves an enrolment's marks as they were, so
/// that it need not be counted again (a school's approval: applied before and after). The
/// other facts a mark reads (check-in, scores, certificate, evaluation) are not a step's.
pub fn counts_alike(from: EnrolmentStatus, to: EnrolmentStatus) -> bool {
    standing(Some(from)) == standing(Some(to))
}

/// The facts about an enrolment its marks depend on.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct EnrolmentFacts {
    pub status: Option<EnrolmentStatus>,
    pub passed: Option<bool>,
    pub checked_in: bool,
    pub certified: bool,
    pub evaluated: bool,
}

impl EnrolmentFacts {
    pub fn marks(&self) -> i16 {
        let (applied, admitted) = standing(self.status);
        let mut m = 0;
        for (on, bit) in [
            (applied, mark::APPLIED),
            (admitted, mark::ADMITTED),
            (admitted && self.checked_in, mark::CHECKED_IN),
            (admitted && self.passed == Some(true), mark::PASSED),
            (admitted && self.passed.is_some(), mark::SCORED),
            (self.certified, mark::CERTIFIED),
            (self.evaluated, mark::EVALUATED),
        ] {
            if on {
                m |= bit;
            }
        }
        m
    }
}

crate::stored_enum! {
    /// The figures of 培训统计, by unit and by project level and type.
    pub enum Measure {
        Applied = "applied" => "报名",
        Admitted = "admitted" => "录取",
        CheckedIn = "checked_in" => "报到",
        Passed = "passed" => "合格",
        Certified = "certified" => "发证",
    }
}

impl Measure {
    pub fn bit(self) -> i16 {
        match self {
            Measure::Applied => mark::APPLIED,
            Measure::Admitted => mark::ADMITTED,
            Measure::CheckedIn => mark::CHECKED_IN,
            Measure::Passed => mark::PASSED,
            Measure::Certified => mark::CERTIFIED,
        }
    }
}

/// The counter key of a training figure: "level|kind|measure".
pub fn training_key(level: &str, kind: &str, m: Measure) -> String {
    format!("{level}|{kind}|{}", m.as_str())
}

/// (level, kind, measure) of a training counter key.
pub fn parse_training_key(key: &str) -> Option<(&str, &str, Measure)> {
    let mut parts = key.split('|');
    let (level, kind, m) = (parts.next()?, parts.next()?, parts.next()?);
    Some((level, kind, Measure::parse(m)?))
}

/// The counter of teachers with at least one admitted enrolment in the year (per school).
pub const PARTICIPANTS: &str = "participants";

crate::stored_enum! {
    /// The dimensions of 教师统计.
    pub enum Dim {
        Stage = "stage" => "学段",
        Subject = "subject" => "学科",
        Title = "title" => "职称",
        Education = "education" => "最高学历",
        /// Year of birth; shown as age bands (age in the statistics' year).
        Born = "born" => "年龄",
        Gender = "gender" => "性别",
        AreaType = "area" => "学校所在地",
        Category = "category" => "学校类别",
        SpecialPost = "special_post" => "特岗教师",
        PubliclyFunded = "publicly_funded" => "公费师范生",
    }
}

/// The counter key of a teacher dimension's value: "dim=value".
pub fn teacher_key(d: Dim, value: &str) -> String {
    format!("{}={value}", d.as_str())
}

pub fn parse_teacher_key(key: &str) -> Option<(Dim, &str)> {
    let (d, v) = key.split_once('=')?;
    Some((Dim::parse(d)?, v))
}

/// The counter of all teachers counted.
pub const TEACHERS: &str = "teachers";

/// What an in-post teacher adds to the composition counters: where, and each dimension's value.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct TeacherTally {
    pub county: String,
    /// 0: the county's pool.
    pub school: i64,
    /// In `Dim::ALL`'s order.
    pub values: Vec<String>,
}

const SEP: char = '\u{1f}';

impl TeacherTally {
    /// The text kept on the record (`teachers.counted`): "" for a record not counted.
    pub fn encode(&self) -> String {
        let mut parts = vec![self.county.clone(), self.school.to_string()];
        parts.extend(self.values.iter().cloned());
        parts.join(&SEP.to_string())
    }

    pub fn decode(s: &str) -> Option<Self> {
        if s.is_empty() {
            return None;
        }
        let mut parts = s.split(SEP);
        let county = parts.next()?.to_string();
        let school = parts.next()?.parse().ok()?;
        let values: Vec<String> = parts.map(String::from).collect();
        (values.len() == Dim::ALL.len()).then_some(Self {
            county,
            school,
            values,
        })
    }

    /// The counter keys this teacher adds one to.
    pub fn keys(&self) -> Vec<String> {
        let mut keys = vec![TEACHERS.to_string()];
        keys.extend(
            Dim::ALL
                .iter()
                .zip(&self.values)
                .map(|(d, v)| teacher_key(*d, v)),
        );
        keys
    }
}

/// The text of a yes/no dimension's value.
pub fn yes_no(b: bool) -> &'static str {
    if b { "是" } else { "否" }
}

/// Age in the statistics' year, from the year of birth.
pub fn age_in(born: i32, year: i32) -> i32 {
    year - born
}

/// A unit of the statistics: a region (province, city, county) or a school (0: a county's
/// pool of teachers without a school). In addresses: the region's code, or "s" and the id.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum StatUnit {
    Region(String),
    School(i64),
}

impl StatUnit {
    pub fn key(&self) -> String {
        match self {
            StatUnit::Region(code) => code.clone(),
            StatUnit::School(id) => format!("s{id}"),
        }
    }

    pub fn parse(s: &str) -> Option<Self> {
        let s = s.trim();
        match s.strip_prefix('s') {
            Some(id) => id.parse().ok().map(StatUnit::School),
            None => super::region::is_region_code(s).then(|| StatUnit::Region(s.to_string())),
        }
    }
}

/// The counter keys of 学分统计 (per cycle): in-post teachers, and those meeting this year's
/// minimum, last year's, the cycle's pace, and each category's yearly minimum.
pub mod credit_key {
    pub const TEACHERS: &str = "teachers";
    pub const YEAR_OK: &str = "year_ok";
    pub const PREV_OK: &str = "prev_ok";
    pub const CYCLE_OK: &str = "cycle_ok";
    /// Neither short of this year's minimum nor behind the cycle (学分预警 lists the rest).
    pub const ALL_OK: &str = "all_ok";

    pub fn category_ok(category: &str) -> String {
        format!("cat_ok={category}")
    }
}

crate::stored_enum! {
    /// A statistics page's area: the tab it shows, by its name in the page's address.
    pub enum Area {
        Teachers = "teachers" => "教师统计",
        Training = "training" => "培训统计",
        Credits = "credits" => "学分统计",
        Institutions = "institutions" => "机构统计",
        /// An institution's page: its own projects, and no tabs.
        Projects = "projects" => "项目统计",
    }
}

impl Area {
    /// The bureaus' tabs.
    pub const TABS: [Area; 4] = [
        Area::Teachers,
        Area::Training,
        Area::Credits,
        Area::Institutions,
    ];

    /// A bureau's tab from the address; anything else reads as 教师统计.
    pub fn tab(s: &str) -> Self {
        Self::TABS
            .into_iter()
            .find(|a| a.as_str() == s)
            .unwrap_or(Area::Teachers)
    }

    /// Whether the page picks a training year (the teachers and credits are as of now).
    pub fn by_year(self) -> bool {
        !matches!(self, Area::Teachers | Area::Credits)
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn a_step_between_statuses_that_count_alike_leaves_the_marks() {
        use EnrolmentStatus::*;
        assert!(counts_alike(Applied, SchoolApproved));
        assert!(counts_alike(Waitlisted, Applied));
        assert!(!counts_alike(SchoolApproved, Enrolled));
        assert!(!counts_alike(Enrolled, Withdrawn));
        assert!(!counts_alike(Applied, Withdrawn));
        // The rule the marks themselves read, for every pair.
        for a in EnrolmentStatus::ALL {
            for b in EnrolmentStatus::ALL {
                let marks = |s| {
                    EnrolmentFacts {
                        status: Some(s),
                        passed: Some(true),
                        checked_in: true,
                        certified: true,
                        evaluated: true,
                    }
                    .marks()
                };
                assert_eq!(counts_alike(a, b), marks(a) == marks(b), "{a:?} {b:?}");
            }
        }
    }

    use super::*;
    use EnrolmentStatus::*;

    fn facts(status: EnrolmentStatus) -> EnrolmentFacts {
        EnrolmentFacts {
            status: Some(status),
            ..Default::default()
        }
    }

    #[test]
    fn an_application_counts_until_withdrawn_or_replaced() {
        for s in [
            Applied,
            SchoolApproved,
            Waitlisted,
            Nominated,
            Refused,
            Cancelled,
        ] {
            assert_eq!(facts(s).marks(), mark::APPLIED, "{s:?}");
        }
        for s in [Withdrawn, Replaced] {
            assert_eq!(facts(s).marks(), 0, "{s:?}");
        }
        assert_eq!(EnrolmentFacts::default().marks(), 0);
    }

    #[test]
    fn check_in_and_results_count_only_for_a_seat() {
        let mut f = EnrolmentFacts {
            status: Some(Enrolled),
            passed: Some(true),
            checked_in: true,
            certified: true,
            evaluated: true,
        };
        assert_eq!(f.marks(), 127);
        f.passed = Some(false);
        assert_eq!(f.marks() & (mark::PASSED | mark::SCORED), mark::SCORED);
        f.status = Some(Waitlisted);
        // A stale check-in or grade of a lost seat does not count; a certificate does.
        assert_eq!(f.marks(), mark::APPLIED | mark::CERTIFIED | mark::EVALUATED);
    }

    #[test]
    fn units_read_from_and_write_to_addresses() {
        assert_eq!(
            StatUnit::parse("130102"),
            Some(StatUnit::Region("130102".into()))
        );
        assert_eq!(StatUnit::parse("s42"), Some(StatUnit::School(42)));
        assert_eq!(StatUnit::School(42).key(), "s42");
        for bad in ["", "s", "sx", "13", "abc", "1301021"] {
            assert_eq!(StatUnit::parse(bad), None, "{bad}");
        }
    }

    #[test]
    fn training_keys_round_trip() {
        let k = training_key("省级", "集中培训", Measure::CheckedIn);
        assert_eq!(k, "省级|集中培训|checked_in");
        assert_eq!(
            parse_training_key(&k),
            Some(("省级", "集中培训", Measure::CheckedIn))
        );
        assert_eq!(parse_training_key("participants"), None);
    }

    #[test]
    fn a_teacher_tally_round_trips_and_names_its_keys() {
        let t = TeacherTally {
            county: "450102".into(),
            school: 7,
            values: [
                "小学", "数学", "一级", "本科", "1985", "女", "乡村", "小学", "否", "是",
            ]
            .map(String::from)
            .to_vec(),
        };
        assert_eq!(TeacherTally::decode(&t.encode()), Some(t.clone()));
        assert_eq!(TeacherTally::decode(""), None);
        let keys = t.keys();
        assert_eq!(keys.len(), 11);
        assert_eq!(keys[0], TEACHERS);
        assert!(keys.contains(&"born=1985".to_string()));
        assert_eq!(
            parse_teacher_key("area=乡村"),
            Some((Dim::AreaType, "乡村"))
        );
        assert_eq!(parse_teacher_key("teachers"), None);
    }
}
