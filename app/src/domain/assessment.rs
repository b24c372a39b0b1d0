//! Assessment schemes and grades (DOMAIN.md §5): a project's named components, each with a
//! maximum score and a part (集中学习 / 网络学习 / 校本研修, the columns of the Hebei 已结束 tab),
//! and a pass rule — a total to reach, or every component at its maximum as in the She county
//! table. Scores are kept in tenths of a point (85.5 = 855).

use super::project::{format_credits, parse_credits};
use crate::error::FieldError;
use serde::{Deserialize, Serialize};

/// At most this many components: a longer scheme is a mistake, not a policy.
pub const MAX_COMPONENTS: usize = 12;
/// A component's maximum, in tenths (1000 points).
const MAX_POINTS: u32 = 10_000;

/// Which column of the teacher's result a component adds to.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, Default)]
pub enum Part {
    /// 集中学习: face-to-face days.
    #[default]
    Face,
    /// 网络学习: online courses and their assignments.
    Online,
    /// 校本研修: assessed by the school.
    School,
}

impl Part {
    pub const ALL: [Part; 3] = [Part::Face, Part::Online, Part::School];

    pub fn label(self) -> &'static str {
        match self {
            Self::Face => "集中学习",
            Self::Online => "网络学习",
            Self::School => "校本研修",
        }
    }

    pub fn parse(s: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|p| p.label() == s)
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Component {
    pub name: String,
    pub part: Part,
    /// Tenths of a point.
    pub max: u32,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum PassRule {
    /// Every component at its maximum (the She county table: 100 of 100).
    AllAtMax,
    /// The total reaches this many tenths.
    TotalAtLeast(u32),
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Scheme {
    pub components: Vec<Component>,
    pub pass: PassRule,
}

fn component(name: &str, part: Part, points: u32) -> Component {
    Component {
        name: name.into(),
        part,
        max: points * 10,
    }
}

impl Scheme {
    /// What a project starts with until its declarer sets its own: the Hebei 2022 whole-staff
    /// table for online whole-staff and IT-2.0 projects, 集中学习 60 + 网络学习 40 (pass at 60)
    /// for everything else.
    pub fn default_for(kind: &str) -> Self {
        if kind == "全员远程" || kind == "能力提升工程2.0" {
            Self {
                components: vec![
                    component("线上课程学习", Part::Online, 50),
                    component("微能力点认证", Part::Online, 30),
                    component("研修活动总结", Part::Online, 10),
                    component("校本研修考核", Part::School, 10),
                ],
                pass: PassRule::AllAtMax,
            }
        } else {
            Self {
                components: vec![
                    component("集中学习", Part::Face, 60),
                    component("网络学习", Part::Online, 40),
                ],
                pass: PassRule::TotalAtLeast(600),
            }
        }
    }

    pub fn full_marks(&self) -> u32 {
        self.components.iter().map(|c| c.max).sum()
    }

    /// The pass rule in words, for the grid's header and the certificate.
    pub fn pass_text(&self) -> String {
        match self.pass {
            PassRule::AllAtMax => format!(
                "各项均得满分（总分 {}）为合格",
                format_credits(self.full_marks())
            ),
            PassRule::TotalAtLeast(t) => format!("总分达到 {} 分为合格", format_credits(t)),
        }
    }

    /// The parts this scheme has, in column order.
    pub fn parts(&self) -> Vec<Part> {
        Part::ALL
            .into_iter()
            .filter(|p| self.components.iter().any(|c| c.part == *p))
            .collect()
    }
}

/// The scheme as its form holds it: text as typed.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct SchemeDraft {
    pub components: Vec<ComponentDraft>,
    /// "all" (every component at its maximum) or "total".
    pub pass_mode: String,
    pub pass_total: String,
}

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct ComponentDraft {
    pub name: String,
    /// A `Part` label: 集中学习, 网络学习 or 校本研修.
    pub part: String,
    pub max: String,
}

impl SchemeDraft {
    pub fn of(s: &Scheme) -> Self {
        Self {
            components: s
                .components
                .iter()
                .map(|c| ComponentDraft {
                    name: c.name.clone(),
                    part: c.part.label().into(),
                    max: format_credits(c.max),
                })
                .collect(),
            pass_mode: match s.pass {
                PassRule::AllAtMax => "all".into(),
                PassRule::TotalAtLeast(_) => "total".into(),
            },
            pass_total: match s.pass {
                PassRule::AllAtMax => String::new(),
                PassRule::TotalAtLeast(t) => format_credits(t),
            },
        }
    }
}

/// The scheme, or every problem under its field ("component-2-max", "pass_total").
pub fn read_scheme(d: &SchemeDraft) -> Result<Scheme, Vec<FieldError>> {
    let mut errs = Vec::new();
    let mut push = |field: String, message: String| errs.push(FieldError { field, message });
    if d.components.is_empty() {
        push("components".into(), "至少需要一个考核项".into());
    }
    if d.components.len() > MAX_COMPONENTS {
        push(
            "components".into(),
            format!("考核项最多 {MAX_COMPONENTS} 个"),
        );
    }
    let mut components = Vec::new();
    for (i, c) in d.components.iter().enumerate() {
        let n = i + 1;
        let name = c.name.trim();
        if name.is_empty() {
            push(
                format!("component-{i}-name"),
                format!("第 {n} 项：请填写名称"),
            );
        } else if name.chars().count() > 20 {
            push(
                format!("component-{i}-name"),
                format!("第 {n} 项：名称不超过 20 个字"),
            );
        } else if d.components[..i].iter().any(|o| o.name.trim() == name) {
            push(
                format!("component-{i}-name"),
                format!("第 {n} 项：名称“{name}”重复"),
            );
        }
        let part = Part::parse(&c.part);
        if part.is_none() {
            push(
                format!("component-{i}-part"),
                format!("第 {n} 项：请选择集中学习、网络学习或校本研修"),
            );
        }
        let max = parse_credits(&c.max).filter(|m| (1..=MAX_POINTS).contains(m));
        if max.is_none() {
            push(
                format!("component-{i}-max"),
                format!("第 {n} 项：满分须为 0.1–1000 之间的数，最多一位小数"),
            );
        }
        if let (Some(part), Some(max)) = (part, max) {
            components.push(Component {
                name: name.into(),
                part,
                max,
            });
        }
    }
    let full: u32 = components.iter().map(|c| c.max).sum();
    let pass = match d.pass_mode.as_str() {
        "all" => Some(PassRule::AllAtMax),
        "total" => match parse_credits(&d.pass_total) {
            Some(t) if t > 0 && (t <= full || components.len() < d.components.len()) => {
                Some(PassRule::TotalAtLeast(t))
            }
            Some(t) if t > 0 => {
                push(
                    "pass_total".into(),
                    format!(
                        "合格分 {} 超过满分合计 {}",
                        format_credits(t),
                        format_credits(full)
                    ),
                );
                None
            }
            _ => {
                push(
                    "pass_total".into(),
                    "请填写合格分（大于 0，最多一位小数）".into(),
                );
                None
            }
        },
        _ => {
            push("pass_mode".into(), "请选择合格规则".into());
            None
        }
    };
    match pass {
        Some(pass) if errs.is_empty() => Ok(Scheme { components, pass }),
        _ => Err(errs),
    }
}

/// A teacher's result under a scheme: the sum per part, the total, and — once every
/// component has a score — whether it is a pass.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Default)]
pub struct Grade {
    /// (part, tenths) for the parts the scheme has.
    pub parts: Vec<(Part, u32)>,
    pub total: u32,
    /// `None` while a component has no score.
    pub passed: Option<bool>,
}

impl Grade {
    pub fn part(&self, p: Part) -> Option<u32> {
        self.parts.iter().find(|(q, _)| *q == p).map(|(_, v)| *v)
    }

    pub fn result_label(&self) -> &'static str {
        match self.passed {
            Some(true) => "合格",
            Some(false) => "不合格",
            None => "未评定",
        }
    }
}

/// The grade of `scores` (one per component, in order; `None` not yet scored).
pub fn grade(s: &Scheme, scores: &[Option<u32>]) -> Grade {
    let score = |i: usize| scores.get(i).copied().flatten();
    let parts = s
        .parts()
        .into_iter()
        .map(|p| {
            let sum = s
                .components
                .iter()
                .enumerate()
                .filter(|(_, c)| c.part == p)
                .map(|(i, _)| score(i).unwrap_or(0))
                .sum();
            (p, sum)
        })
        .collect();
    let total = (0..s.components.len()).map(|i| score(i).unwrap_or(0)).sum();
    let complete = (0..s.components.len()).all(|i| score(i).is_some());
    let passed = complete.then(|| match s.pass {
        PassRule::AllAtMax => s
            .components
            .iter()
            .enumerate()
            .all(|(i, c)| score(i) == Some(c.max)),
        PassRule::TotalAtLeast(t) => total >= t,
    });
    Grade {
        parts,
        total,
        passed,
    }
}

/// What is wrong with a typed score (text: `error::text`): names the component and the text.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub enum ScoreTyping {
    /// Over the component's full marks (tenths).
    OverMax {
        component: String,
        typed: String,
        max: u32,
    },
    NotAScore {
        component: String,
        typed: String,
    },
}

/// A score as typed for `c`: empty means not yet scored.
pub fn read_score(c: &Component, text: &str) -> Result<Option<u32>, ScoreTyping> {
    let t = text.trim();
    if t.is_empty() {
        return Ok(None);
    }
    match parse_credits(t) {
        Some(v) if v <= c.max => Ok(Some(v)),
        Some(_) => Err(ScoreTyping::OverMax {
            component: c.name.clone(),
            typed: t.into(),
            max: c.max,
        }),
        None => Err(ScoreTyping::NotAScore {
            component: c.name.clone(),
            typed: t.into(),
        }),
    }
}

/// Tenths as a score for display: 855 → "85.5".
pub fn format_score(tenths: u32) -> String {
    format_credits(tenths)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn she_county() -> Scheme {
        Scheme::default_for("全员远程")
    }

    #[test]
    fn the_she_county_table_passes_only_at_full_marks() {
        let s = she_county();
        assert_eq!(s.full_marks(), 1000);
        let full = [Some(500), Some(300), Some(100), Some(100)];
        let g = grade(&s, &full);
        assert_eq!(g.passed, Some(true));
        assert_eq!(g.total, 1000);
        assert_eq!(g.part(Part::Online), Some(900));
        assert_eq!(g.part(Part::School), Some(100));
        assert_eq!(g.part(Part::Face), None);
        let one_short = [Some(500), Some(200), Some(100), Some(100)];
        assert_eq!(grade(&s, &one_short).passed, Some(false));
        assert_eq!(grade(&s, &one_short).result_label(), "不合格");
    }

    #[test]
    fn a_missing_score_leaves_the_result_open() {
        let s = Scheme::default_for("骨干教师");
        let g = grade(&s, &[Some(600), None]);
        assert_eq!(g.passed, None);
        assert_eq!(g.total, 600);
        assert_eq!(g.result_label(), "未评定");
        assert_eq!(grade(&s, &[Some(550), Some(50)]).passed, Some(true));
        assert_eq!(grade(&s, &[Some(550), Some(40)]).passed, Some(false));
    }

    #[test]
    fn scores_are_checked_against_their_component() {
        let c = component("集中学习", Part::Face, 60);
        assert_eq!(read_score(&c, " 58.5 "), Ok(Some(585)));
        assert_eq!(read_score(&c, ""), Ok(None));
        assert_eq!(read_score(&c, "60"), Ok(Some(600)));
        let over = read_score(&c, "61").unwrap_err();
        assert!(matches!(over, ScoreTyping::OverMax { max: 600, .. }));
        assert_eq!(over.to_string(), "集中学习：“61”超过满分 60");
        assert!(matches!(
            read_score(&c, "-1"),
            Err(ScoreTyping::NotAScore { .. })
        ));
        assert_eq!(
            read_score(&c, "优").unwrap_err().to_string(),
            "集中学习：“优”不是分数（0 或正数，最多一位小数）"
        );
    }

    #[test]
    fn a_scheme_round_trips_through_its_form() {
        for kind in ["全员远程", "骨干教师"] {
            let s = Scheme::default_for(kind);
            assert_eq!(read_scheme(&SchemeDraft::of(&s)), Ok(s));
        }
    }

    #[test]
    fn a_bad_scheme_names_each_field() {
        let d = SchemeDraft {
            components: vec![
                ComponentDraft {
                    name: "集中学习".into(),
                    part: "集中学习".into(),
                    max: "60".into(),
                },
                ComponentDraft {
                    name: "集中学习".into(),
                    part: "面授".into(),
                    max: "0".into(),
                },
            ],
            pass_mode: "total".into(),
            pass_total: "70".into(),
        };
        let errs = read_scheme(&d).unwrap_err();
        let fields: Vec<&str> = errs.iter().map(|e| e.field.as_str()).collect();
        assert_eq!(
            fields,
            ["component-1-name", "component-1-part", "component-1-max"]
        );
        let mut ok = d.clone();
        ok.components[1] = ComponentDraft {
            name: "网络学习".into(),
            part: "网络学习".into(),
            max: "5".into(),
        };
        let errs = read_scheme(&ok).unwrap_err();
        assert_eq!(errs[0].field, "pass_total");
        assert!(errs[0].message.contains("超过满分合计 65"));
        ok.pass_total = "65".into();
        assert!(read_scheme(&ok).is_ok());
        assert_eq!(
            read_scheme(&SchemeDraft::default()).unwrap_err()[0].message,
            "至少需要一个考核项"
        );
    }
}
