//! Micro-ability points (微能力点) of the IT-2.0 programme (DOMAIN.md §5): points in three
//! environments (A 多媒体教学环境, B 混合学习环境, C 智慧学习环境) × four dimensions. The list is
//! data the province keeps; a teacher in an IT-2.0 project picks at least 3 points spanning at
//! least 3 dimensions, checked here as they pick and again on the server.

use serde::{Deserialize, Serialize};

pub const DIMENSIONS: [&str; 4] = ["学情分析", "教学设计", "学法指导", "学业评价"];
pub const ENVIRONMENTS: [(char, &str); 3] = [
    ('A', "多媒体教学环境"),
    ('B', "混合学习环境"),
    ('C', "智慧学习环境"),
];
pub const MIN_POINTS: usize = 3;
pub const MIN_DIMENSIONS: usize = 3;
/// More than this is a slip: the programme asks for three, schools rarely more than five.
pub const MAX_POINTS: usize = 6;
/// The project type whose teachers pick points.
pub const PROJECT_KIND: &str = "能力提升工程2.0";

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct MicroPoint {
    /// "A1".
    pub code: String,
    pub dimension: String,
    pub name: String,
}

impl MicroPoint {
    /// The environment's name, from the code's letter.
    pub fn environment(&self) -> &'static str {
        environment_of(&self.code).unwrap_or("")
    }

    /// "A1 技术支持的学情分析".
    pub fn label(&self) -> String {
        format!("{} {}", self.code, self.name)
    }
}

pub fn environment_of(code: &str) -> Option<&'static str> {
    let letter = code.chars().next()?;
    ENVIRONMENTS
        .iter()
        .find(|(l, _)| *l == letter)
        .map(|(_, name)| *name)
}

/// The list a province starts with; it edits it on 省级设置 when its own document differs.
pub fn default_points() -> Vec<MicroPoint> {
    [
        ("A1", "学情分析", "技术支持的学情分析"),
        ("A2", "教学设计", "数字教育资源获取与评价"),
        ("A3", "教学设计", "演示文稿设计与制作"),
        ("A4", "教学设计", "数字教育资源管理"),
        ("A5", "学法指导", "技术支持的课堂导入"),
        ("A6", "学法指导", "技术支持的课堂讲授"),
        ("A7", "学法指导", "技术支持的总结提升"),
        ("A8", "学法指导", "技术支持的方法指导"),
        ("A9", "学法指导", "学习小组组织与管理"),
        ("A10", "学业评价", "技术支持的测验与练习"),
        ("A11", "学业评价", "评价量规设计与应用"),
        ("A12", "学业评价", "评价数据的伴随性采集"),
        ("A13", "学业评价", "数据可视化呈现与解读"),
        ("B1", "学情分析", "技术支持的学习需求分析"),
        ("B2", "教学设计", "微课程设计与制作"),
        ("B3", "教学设计", "探究型学习活动设计"),
        ("B4", "学法指导", "技术支持的发现与解决问题"),
        ("B5", "学法指导", "技术支持的合作学习"),
        ("B6", "学法指导", "技术支持的展示交流"),
        ("B7", "学法指导", "家校交流与合作"),
        ("B8", "学业评价", "学生信息道德培养"),
        ("B9", "学业评价", "自评与互评活动的组织"),
        ("B10", "学业评价", "档案袋评价"),
        ("C1", "学情分析", "智慧环境下的学情诊断"),
        ("C2", "教学设计", "跨学科学习活动设计"),
        ("C3", "教学设计", "创造真实学习情境"),
        ("C4", "学法指导", "技术支持的个别化指导"),
        ("C5", "学法指导", "创新解决问题的方法"),
        ("C6", "学业评价", "基于数据的个性化评价"),
        ("C7", "学业评价", "学业数据的综合分析与应用"),
    ]
    .into_iter()
    .map(|(code, dimension, name)| MicroPoint {
        code: code.into(),
        dimension: dimension.into(),
        name: name.into(),
    })
    .collect()
}

/// How a set of picks stands against the rule, for the live line under the picker.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PickCheck {
    pub points: usize,
    /// The dimensions covered, in the list's order.
    pub dimensions: Vec<&'static str>,
    /// `None` when the picks satisfy the rule; else what is missing, in plain words.
    pub problem: Option<String>,
}

impl PickCheck {
    pub fn ok(&self) -> bool {
        self.problem.is_none()
    }

    /// "已选 2 个能力点，覆盖 2 个维度（学情分析、教学设计）".
    pub fn summary(&self) -> String {
        if self.dimensions.is_empty() {
            format!("已选 {} 个能力点", self.points)
        } else {
            format!(
                "已选 {} 个能力点，覆盖 {} 个维度（{}）",
                self.points,
                self.dimensions.len(),
                self.dimensions.join("、")
            )
        }
    }
}

/// Checks picked codes against the list: every code known, none twice, at least 3 points
/// across at least 3 dimensions, at most [`MAX_POINTS`].
pub fn check_picks(list: &[MicroPoint], picked: &[String]) -> PickCheck {
    let mut seen: Vec<&str> = Vec::new();
    let mut dims: Vec<&'static str> = Vec::new();
    let mut problem = None;
    for code in picked {
        if seen.contains(&code.as_str()) {
            problem.get_or_insert_with(|| format!("{code} 选了两次"));
            continue;
        }
        seen.push(code);
        match list.iter().find(|p| &p.code == code) {
            Some(p) => {
                if let Some(d) = DIMENSIONS.iter().find(|d| **d == p.dimension)
                    && !dims.contains(d)
                {
                    dims.push(d);
                }
            }
            None => {
                problem.get_or_insert_with(|| format!("{code} 不在本省微能力点清单中"));
            }
        }
    }
    dims.sort_by_key(|d| DIMENSIONS.iter().position(|x| x == d));
    let points = seen.len();
    if problem.is_none() {
        problem = if points > MAX_POINTS {
            Some(format!("最多选 {MAX_POINTS} 个能力点"))
        } else if points < MIN_POINTS || dims.len() < MIN_DIMENSIONS {
            let mut need = Vec::new();
            if points < MIN_POINTS {
                need.push(format!("至少再选 {} 个能力点", MIN_POINTS - points));
            }
            if dims.len() < MIN_DIMENSIONS {
                let left: Vec<&str> = DIMENSIONS
                    .iter()
                    .filter(|d| !dims.contains(d))
                    .copied()
                    .collect();
                need.push(format!(
                    "还需覆盖 {} 个维度（可选{}）",
                    MIN_DIMENSIONS - dims.len(),
                    left.join("、")
                ));
            }
            Some(need.join("，"))
        } else {
            None
        };
    }
    PickCheck {
        points,
        dimensions: dims,
        problem,
    }
}

/// What is wrong with the province's list as typed (text: `error::text`); `line` is 1-based.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub enum PointsTyping {
    Code { line: usize, code: String },
    Dimension { line: usize, dimension: String },
    Name { line: usize },
    Repeated { line: usize, code: String },
    TooFew,
    TooFewDimensions,
}

/// The province's list as typed, one point a line: "A1 学情分析 技术支持的学情分析". The error
/// names the line.
pub fn read_points(text: &str) -> Result<Vec<MicroPoint>, PointsTyping> {
    let mut out: Vec<MicroPoint> = Vec::new();
    for (i, line) in text.lines().enumerate() {
        let line = line.trim();
        if line.is_empty() {
            continue;
        }
        let n = i + 1;
        let mut parts = line.split_whitespace();
        let code = parts.next().unwrap_or_default().to_ascii_uppercase();
        let dimension = parts.next().unwrap_or_default().to_string();
        let name = parts.collect::<Vec<_>>().join(" ");
        let digits = code.get(1..).unwrap_or_default();
        if environment_of(&code).is_none()
            || digits.is_empty()
            || !digits.chars().all(|c| c.is_ascii_digit())
        {
            return Err(PointsTyping::Code { line: n, code });
        }
        if !DIMENSIONS.contains(&dimension.as_str()) {
            return Err(PointsTyping::Dimension { line: n, dimension });
        }
        if name.is_empty() || name.chars().count() > 30 {
            return Err(PointsTyping::Name { line: n });
        }
        if out.iter().any(|p| p.code == code) {
            return Err(PointsTyping::Repeated { line: n, code });
        }
        out.push(MicroPoint {
            code,
            dimension,
            name,
        });
    }
    if out.len() < MIN_POINTS {
        return Err(PointsTyping::TooFew);
    }
    let dims = DIMENSIONS
        .iter()
        .filter(|d| out.iter().any(|p| p.dimension == **d))
        .count();
    if dims < MIN_DIMENSIONS {
        return Err(PointsTyping::TooFewDimensions);
    }
    Ok(out)
}

/// The list as the province's text box shows it.
pub fn write_points(list: &[MicroPoint]) -> String {
    list.iter()
        .map(|p| format!("{} {} {}", p.code, p.dimension, p.name))
        .collect::<Vec<_>>()
        .join("\n")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn codes(c: &[&str]) -> Vec<String> {
        c.iter().map(|s| s.to_string()).collect()
    }

    #[test]
    fn the_default_list_has_thirty_points_in_three_environments_and_four_dimensions() {
        let list = default_points();
        assert_eq!(list.len(), 30);
        for (letter, _) in ENVIRONMENTS {
            assert!(list.iter().any(|p| p.code.starts_with(letter)));
        }
        for d in DIMENSIONS {
            assert!(list.iter().any(|p| p.dimension == d), "{d}");
        }
        assert_eq!(list[2].label(), "A3 演示文稿设计与制作");
        assert_eq!(list[18].code, "B6");
        assert_eq!(list[18].environment(), "混合学习环境");
        assert_eq!(read_points(&write_points(&list)), Ok(list));
    }

    #[test]
    fn three_points_over_three_dimensions_pass_and_fewer_say_what_is_missing() {
        let list = default_points();
        let table: [(&[&str], Option<&str>); 7] = [
            (&["A1", "A3", "B6"], None),
            (&["A1", "A3", "A10", "B6"], None),
            (
                &[],
                Some(
                    "至少再选 3 个能力点，还需覆盖 3 个维度（可选学情分析、教学设计、学法指导、学业评价）",
                ),
            ),
            (
                &["A2", "A3", "B2"],
                Some("还需覆盖 2 个维度（可选学情分析、学法指导、学业评价）"),
            ),
            (
                &["A1", "B6"],
                Some("至少再选 1 个能力点，还需覆盖 1 个维度（可选教学设计、学业评价）"),
            ),
            (&["A1", "A1", "B6"], Some("A1 选了两次")),
            (&["A1", "A3", "Z9"], Some("Z9 不在本省微能力点清单中")),
        ];
        for (picked, want) in table {
            let c = check_picks(&list, &codes(picked));
            assert_eq!(c.problem.as_deref(), want, "{picked:?}");
            assert_eq!(c.ok(), want.is_none());
        }
        let c = check_picks(&list, &codes(&["B6", "A1", "A3"]));
        assert_eq!(
            c.summary(),
            "已选 3 个能力点，覆盖 3 个维度（学情分析、教学设计、学法指导）"
        );
        let many = codes(&["A1", "A2", "A3", "A4", "A5", "A6", "A10"]);
        assert_eq!(
            check_picks(&list, &many).problem.as_deref(),
            Some("最多选 6 个能力点")
        );
    }

    #[test]
    fn the_province_list_names_the_bad_line() {
        let table = [
            (
                "A1 学情分析 甲\nX2 教学设计 乙",
                "第 2 行：编号“X2”应为 A、B 或 C 加数字，如 A1",
            ),
            (
                "A1 学情分析 甲\n\nA2 备课 乙",
                "第 3 行：维度“备课”应为学情分析、教学设计、学法指导、学业评价之一",
            ),
            ("A1 学情分析 甲\na1 教学设计 乙", "第 2 行：编号 A1 重复"),
            ("A1 学情分析", "第 1 行：名称不能为空，且不超过 30 字"),
            (
                "A1 学情分析 甲\nA2 学情分析 乙\nA3 教学设计 丙",
                "清单须覆盖至少 3 个维度，教师才能选满",
            ),
        ];
        for (text, want) in table {
            let e = read_points(text).unwrap_err();
            assert_eq!(e.to_string(), want, "{text}");
        }
        assert_eq!(
            read_points("A1 学情分析 甲\na1 教学设计 乙"),
            Err(PointsTyping::Repeated {
                line: 2,
                code: "A1".into()
            })
        );
        let ok =
            read_points(" a1 学情分析 技术 支持\nB2 教学设计 微课\nC3 学业评价 数据 ").unwrap();
        assert_eq!(ok[0].code, "A1");
        assert_eq!(ok[0].name, "技术 支持");
    }
}
