//! Code lists (DOMAIN.md §10 and the Hebei record fields). Kept as data so forms, imports and
//! validation share one source.

pub const STAGES: [&str; 5] = ["幼儿园", "小学", "初中", "高中", "中职"];

/// Subjects per stage (Fengnan notice); 中职 uses the 高中 list.
pub fn subjects_of(stage: &str) -> &'static [&'static str] {
    match stage {
        "幼儿园" => &["幼教"],
        "小学" => &[
            "语文",
            "数学",
            "英语",
            "音乐",
            "美术",
            "体育",
            "思想品德",
            "科学",
            "信息技术",
            "综合实践",
        ],
        "初中" => &[
            "语文",
            "数学",
            "英语",
            "物理",
            "化学",
            "生物",
            "历史",
            "地理",
            "政治",
            "音乐",
            "体育",
            "美术",
            "信息技术",
            "综合实践",
        ],
        "高中" | "中职" => &[
            "语文",
            "数学",
            "英语",
            "物理",
            "化学",
            "生物",
            "政治",
            "历史",
            "地理",
            "音乐",
            "体育",
            "美术",
            "信息技术",
            "通用技术",
        ],
        _ => &[],
    }
}

pub const SCHOOL_AREA_TYPES: [&str; 3] = ["城区", "镇区", "乡村"];

pub const SCHOOL_CATEGORIES: [&str; 9] = [
    "幼儿园",
    "小学",
    "初级中学",
    "高级中学",
    "完全中学",
    "九年一贯制学校",
    "十二年一贯制学校",
    "中等职业学校",
    "特殊教育学校",
];

pub const INSTITUTION_KINDS: [&str; 4] = ["高等院校", "教师发展机构", "企业", "其他"];

pub const EDUCATION_LEVELS: [&str; 7] = [
    "博士研究生",
    "硕士研究生",
    "大学本科",
    "大学专科",
    "中专",
    "高中",
    "其他",
];

pub const TITLES: [&str; 6] = [
    "正高级教师",
    "高级教师",
    "一级教师",
    "二级教师",
    "三级教师",
    "未评",
];

pub const POLITICAL_STATUSES: [&str; 5] =
    ["中共党员", "中共预备党员", "共青团员", "民主党派", "群众"];

pub const POSTS: [&str; 4] = ["专任教师", "教辅人员", "管理人员", "工勤人员"];

pub const ETHNICITIES: [&str; 12] = [
    "汉族",
    "回族",
    "满族",
    "蒙古族",
    "壮族",
    "藏族",
    "维吾尔族",
    "苗族",
    "彝族",
    "土家族",
    "朝鲜族",
    "其他",
];

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_stage_has_subjects() {
        for s in STAGES {
            assert!(!subjects_of(s).is_empty(), "{s}");
        }
        assert!(subjects_of("大学").is_empty());
    }
}
