//! Typed ids for what crosses the browser boundary: a `TeacherId` cannot be passed where a
//! school's id is wanted. On the wire each is its number (`serde(transparent)`), so forms,
//! addresses and stored pages read as before.

use serde::{Deserialize, Serialize};

macro_rules! typed_ids {
    ($($(#[$meta:meta])* $name:ident),+ $(,)?) => {$(
        $(#[$meta])*
        #[derive(
            Debug, Clone, Copy, Default, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize,
            Deserialize,
        )]
        #[serde(transparent)]
        pub struct $name(pub i64);

        impl std::fmt::Display for $name {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                self.0.fmt(f)
            }
        }

        impl From<$name> for i64 {
            fn from(id: $name) -> i64 {
                id.0
            }
        }
    )+};
}

typed_ids!(
    /// A teacher record (`teachers.id`), not the teacher's account.
    TeacherId,
    /// A training project (`projects.id`).
    ProjectId,
    /// A class (班期) of a project (`project_classes.id`).
    ClassId,
    /// A teacher's enrolment in a class (`enrolments.id`).
    EnrolmentId,
    /// An account (`users.id`), a teacher's or an admin's.
    UserId,
);

#[cfg(test)]
mod tests {
    use super::TeacherId;

    #[test]
    fn an_id_is_its_number_on_the_wire() {
        #[derive(serde::Serialize, serde::Deserialize, PartialEq, Debug)]
        struct Form {
            id: TeacherId,
            ids: Vec<TeacherId>,
        }
        let f = Form {
            id: TeacherId(12),
            ids: vec![TeacherId(3), TeacherId(4)],
        };
        assert_eq!(
            serde_json::to_string(&f).unwrap(),
            r#"{"id":12,"ids":[3,4]}"#
        );
        let back: Form = serde_qs::from_str("id=12&ids[0]=3&ids[1]=4").unwrap();
        assert_eq!(back, f);
        assert_eq!(format!("/teachers/{}", f.id), "/teachers/12");
    }
}
