//! The generated part of the demo province: names, schools of every kind in a county, ID
//! numbers that never repeat, and plausible record fields.

use super::AppResult;
use crate::domain::code_lists::{
    EDUCATION_LEVELS, ETHNICITIES, POLITICAL_STATUSES, TITLES, subjects_of,
};
use crate::domain::id_card::{IdNumber, make_id_number};
use crate::domain::teacher::TeacherFields;
use crate::error::AppError;
use chrono::NaiveDate;
use rand::Rng;
use rand::rngs::StdRng;

const SURNAMES: &str = "王李张刘陈杨赵黄周吴徐孙胡朱高林何郭马罗梁宋郑谢韩唐冯于董萧程曹袁邓许傅沈曾彭吕苏卢蒋蔡贾丁魏薛叶阎余潘杜戴夏钟汪田任姜范方石姚谭廖邹熊金陆郝孔白崔康毛邱秦江史顾侯邵孟龙万段雷钱汤尹黎易常武乔贺赖龚文";
const GIVEN: &str = "伟芳娜秀英敏静丽强磊军洋勇艳杰娟涛明超秀兰霞平刚桂英华玉萍红娥玲芬燕彩春菊兰凤洁梅琳素云莲真环雪荣爱妹霞香月莺媛艳瑞凡佳嘉琼勤珍贞莉桂娣叶璧璐娅琦晶妍茜秋珊莎锦黛青倩婷姣婉娴瑾颖露瑶怡婵雁蓓纨仪荷丹蓉眉君琴蕊薇菁梦岚苑婕馨瑗琰韵融园艺咏卿聪澜纯毓悦昭冰爽琬茗羽希宁欣飘育滢馥筠柔竹霭凝晓欢霄枫芸菲寒伊亚宜可姬舒影荔枝思丽";

pub(super) fn name(rng: &mut StdRng) -> String {
    let s: Vec<char> = SURNAMES.chars().collect();
    let g: Vec<char> = GIVEN.chars().collect();
    let mut n = String::new();
    n.push(s[rng.random_range(0..s.len())]);
    for _ in 0..rng.random_range(1..=2) {
        n.push(g[rng.random_range(0..g.len())]);
    }
    n
}

/// (name suffix, category, stage) for the schools each county gets.
const SCHOOL_KINDS: [(&str, &str, &str); 6] = [
    ("实验小学", "小学", "小学"),
    ("第二小学", "小学", "小学"),
    ("第一中学", "完全中学", "高中"),
    ("第三初级中学", "初级中学", "初中"),
    ("中心幼儿园", "幼儿园", "幼儿园"),
    ("职业技术教育中心", "中等职业学校", "中职"),
];

/// The name, category and stage of a county's `i`-th school: the six kinds first, then
/// numbered schools of each kind.
pub(super) fn school_kind(county_name: &str, i: usize) -> (String, &'static str, &'static str) {
    let short = county_name.trim_end_matches(['区', '县', '市']);
    let (suffix, category, stage) = SCHOOL_KINDS[i % SCHOOL_KINDS.len()];
    if i < SCHOOL_KINDS.len() {
        return (format!("{short}{suffix}"), category, stage);
    }
    let noun = match stage {
        "小学" => "小学",
        "高中" => "中学",
        "初中" => "初级中学",
        "幼儿园" => "幼儿园",
        _ => "职业学校",
    };
    (format!("{short}第{}{noun}", i + 1), category, stage)
}

/// The `k`-th generated teacher of a county: a birth date and sequence that never repeat
/// within the county for k < 39,000 (a county gets at most 34 × 93) (so ID numbers stay unique), and never use the demo
/// accounts' sequences (below 700).
pub(super) fn generated_id(county: &str, k: usize) -> AppResult<IdNumber> {
    let base = NaiveDate::from_ymd_opt(1965, 1, 1).unwrap_or_default();
    let birth = base + chrono::Duration::days(((k * 7919) % 13_000) as i64);
    let seq = 700 + (k % 300) as u16;
    IdNumber::parse(&make_id_number(county, birth, seq)).map_err(AppError::internal)
}

/// Plausible record fields for a generated teacher.
pub fn random_fields(
    rng: &mut StdRng,
    name: &str,
    id: &IdNumber,
    stage: &str,
    subject: Option<&str>,
) -> TeacherFields {
    let subjects = subjects_of(stage);
    let pick = |rng: &mut StdRng, list: &[&str]| list[rng.random_range(0..list.len())].to_string();
    TeacherFields {
        name: name.into(),
        id_number: id.to_string(),
        qualification_number: format!(
            "{}{}",
            id.birth_date().format("%Y"),
            rng.random_range(10_000_000..99_999_999)
        ),
        ethnicity: if rng.random_range(0..10) < 9 {
            "汉族".into()
        } else {
            pick(rng, &ETHNICITIES)
        },
        political_status: pick(rng, &POLITICAL_STATUSES),
        stage: stage.into(),
        subject: subject
            .map(String::from)
            .unwrap_or_else(|| pick(rng, subjects)),
        initial_education: pick(rng, &EDUCATION_LEVELS[2..5]),
        highest_education: pick(rng, &EDUCATION_LEVELS[1..4]),
        title: pick(rng, &TITLES),
        post: "专任教师".into(),
        hire_date: (id.birth_date() + chrono::Duration::days(365 * 22))
            .format("%Y-%m-%d")
            .to_string(),
        publicly_funded: rng.random_range(0..20) == 0,
        special_post: rng.random_range(0..10) == 0,
        phone: String::new(),
        email: String::new(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::server::seed::{DEMO_COUNTY, Size};

    #[test]
    fn generated_id_numbers_never_repeat_in_a_county_nor_meet_the_demo_accounts() {
        let size = Size::PROVINCE;
        let n = size.schools_per_county * size.teachers_per_school;
        let mut seen = std::collections::HashSet::new();
        for k in 0..n {
            let id = generated_id(DEMO_COUNTY, k).unwrap().to_string();
            let seq: u16 = id[14..17].parse().unwrap();
            assert!(seq >= 700, "{id}");
            assert!(seen.insert(id), "k = {k}");
        }
        assert_eq!(seen.len(), 34 * 93);
    }

    #[test]
    fn schools_beyond_the_six_kinds_are_numbered_and_keep_their_stage() {
        assert_eq!(school_kind("长安区", 0).0, "长安实验小学");
        let (name, category, stage) = school_kind("正定县", 13);
        assert_eq!(
            (name.as_str(), category, stage),
            ("正定第14小学", "小学", "小学")
        );
    }
}
