//! Make-up projects and exemptions (DOMAIN.md §4). A make-up project (补学) is for teachers who
//! failed the same kind of project the year before; a teacher holding a national or provincial
//! certificate in a year may be exempted (免修) from that year's whole-staff project.

use super::id_card::IdNumber;
use crate::error::FieldError;
use serde::{Deserialize, Serialize};

/// The project kind all teachers of a region take each year.
pub const WHOLE_STAFF_KIND: &str = "全员远程";

/// Certificates that exempt their holder.
pub const CERTIFICATE_LEVELS: [&str; 2] = ["国家级", "省级"];

/// What a bureau fills in to record an exemption.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct ExemptionDraft {
    pub id_number: String,
    pub year: String,
    pub level: String,
    pub certificate: String,
}

fn push(errs: &mut Vec<FieldError>, field: &str, message: &str) {
    errs.push(FieldError {
        field: field.into(),
        message: message.into(),
    });
}

/// Every field's problem, for the form as it is typed and for the server.
pub fn validate(d: &ExemptionDraft) -> Vec<FieldError> {
    let mut errs = Vec::new();
    if let Err(e) = IdNumber::parse(&d.id_number) {
        push(&mut errs, "id_number", e.message());
    }
    match d.year.trim().parse::<i32>() {
        Ok(y) if (2000..=2100).contains(&y) => {}
        _ => push(&mut errs, "year", "请选择年度"),
    }
    if !CERTIFICATE_LEVELS.contains(&d.level.as_str()) {
        push(&mut errs, "level", "请选择证书级别（国家级或省级）");
    }
    let cert = d.certificate.trim();
    if cert.is_empty() {
        push(&mut errs, "certificate", "请填写证书名称");
    } else if cert.chars().count() > 100 {
        push(&mut errs, "certificate", "证书名称不能超过 100 个字");
    }
    errs
}

/// What the records say about a teacher in a training year, beyond whom a project is aimed at.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Circumstances {
    /// Kinds of project the teacher failed the year before.
    pub failed_last_year: Vec<String>,
    /// The year's exemption: (level, certificate).
    pub exemption: Option<(String, String)>,
}

/// Why a teacher may not take part (text: `error::text`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub enum JoinRefused {
    /// A make-up project is for those who failed this kind last year.
    MakeupOnly { kind: String },
    /// Exempt from this year's whole-staff training.
    Exempt { level: String, certificate: String },
}

/// Whether a teacher in these circumstances may take part in a project of this kind; the
/// error says why not.
pub fn may_join(makeup: bool, kind: &str, c: &Circumstances) -> Result<(), JoinRefused> {
    if makeup && !c.failed_last_year.iter().any(|k| k == kind) {
        return Err(JoinRefused::MakeupOnly { kind: kind.into() });
    }
    if kind == WHOLE_STAFF_KIND
        && !makeup
        && let Some((level, certificate)) = &c.exemption
    {
        return Err(JoinRefused::Exempt {
            level: level.clone(),
            certificate: certificate.clone(),
        });
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn draft() -> ExemptionDraft {
        ExemptionDraft {
            id_number: "11010519491231002X".into(),
            year: "2026".into(),
            level: "省级".into(),
            certificate: "河北省骨干教师证书".into(),
        }
    }

    #[test]
    fn a_draft_names_each_bad_field() {
        assert!(validate(&draft()).is_empty());
        let bad = ExemptionDraft {
            id_number: "110105194912310021".into(),
            year: "".into(),
            level: "市级".into(),
            certificate: " ".into(),
        };
        let fields: Vec<String> = validate(&bad).into_iter().map(|e| e.field).collect();
        assert_eq!(fields, ["id_number", "year", "level", "certificate"]);
    }

    #[test]
    fn make_up_projects_are_for_last_years_failures_only() {
        let none = Circumstances::default();
        let failed = Circumstances {
            failed_last_year: vec!["全员远程".into()],
            ..Default::default()
        };
        let e = may_join(true, "全员远程", &none).unwrap_err();
        assert_eq!(
            e,
            JoinRefused::MakeupOnly {
                kind: "全员远程".into()
            }
        );
        assert_eq!(
            e.to_string(),
            "补学项目仅面向上一年度“全员远程”培训不合格的教师"
        );
        assert_eq!(may_join(true, "全员远程", &failed), Ok(()));
        // Failing one kind does not open the make-up of another.
        assert!(may_join(true, "骨干教师", &failed).is_err());
        assert_eq!(may_join(false, "全员远程", &none), Ok(()));
    }

    #[test]
    fn an_exemption_excuses_from_the_whole_staff_project_only() {
        let exempt = Circumstances {
            exemption: Some(("国家级".into(), "国培计划示范项目结业证书".into())),
            ..Default::default()
        };
        let e = may_join(false, WHOLE_STAFF_KIND, &exempt).unwrap_err();
        assert!(matches!(e, JoinRefused::Exempt { .. }));
        assert_eq!(
            e.to_string(),
            "已免修本年度全员培训（国家级证书：国培计划示范项目结业证书）"
        );
        assert_eq!(may_join(false, "骨干教师", &exempt), Ok(()));
    }
}
