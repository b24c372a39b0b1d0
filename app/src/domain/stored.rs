//! `stored_enum!`: a state or code list kept in a text column. One declaration gives the enum,
//! its stored text (`as_str`, `parse`, `ALL`) and — on the server — the sea-orm column type, so an
//! entity field holds the enum itself and a stored text no variant names is a read error, never
//! a default. The browser build has no sea-orm: there the derive is left out. Forms and URLs
//! name a variant by the same text (serde), so a state has one spelling everywhere.

#[macro_export]
macro_rules! stored_enum {
    // Each variant with its name on the page (`Pending = "pending" => "待审核"`): `label()` too.
    (
        $(#[$meta:meta])*
        pub enum $name:ident {
            $( $(#[$vmeta:meta])* $variant:ident = $text:literal => $label:literal ),+ $(,)?
        }
    ) => {
        $crate::stored_enum! {
            $(#[$meta])*
            pub enum $name {
                $( $(#[$vmeta])* $variant = $text ),+
            }
        }

        impl $name {
            /// Its name on the page.
            pub fn label(self) -> &'static str {
                match self {
                    $(Self::$variant => $label,)+
                }
            }
        }
    };
    (
        $(#[$meta:meta])*
        pub enum $name:ident {
            $( $(#[$vmeta:meta])* $variant:ident = $text:literal ),+ $(,)?
        }
    ) => {
        $(#[$meta])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, serde::Serialize, serde::Deserialize)]
        #[cfg_attr(feature = "ssr", derive(sea_orm::DeriveActiveEnum, sea_orm::EnumIter))]
        #[cfg_attr(feature = "ssr", sea_orm(rs_type = "String", db_type = "Text"))]
        pub enum $name {
            $(
                $(#[$vmeta])*
                #[serde(rename = $text)]
                #[cfg_attr(feature = "ssr", sea_orm(string_value = $text))]
                $variant,
            )+
        }

        impl $name {
            pub const ALL: [Self; [$(stringify!($variant)),+].len()] = [$(Self::$variant),+];

            /// The text the database stores (and hand-written SQL names).
            pub fn as_str(self) -> &'static str {
                match self {
                    $(Self::$variant => $text,)+
                }
            }

            pub fn parse(s: &str) -> Option<Self> {
                Self::ALL.into_iter().find(|v| v.as_str() == s)
            }
        }
    };
}

#[cfg(test)]
mod tests {
    crate::stored_enum! {
        /// A list for the test.
        pub enum Light {
            Red = "red",
            /// Documented variants keep their comments.
            Green = "green",
        }
    }

    crate::stored_enum! {
        /// A list whose variants have their names on the page.
        pub enum Signal {
            Stop = "stop" => "停",
            Go = "go" => "行",
        }
    }

    #[test]
    fn a_labelled_list_names_each_variant_and_stores_the_same_text() {
        assert_eq!(Signal::ALL.map(Signal::label), ["停", "行"]);
        assert_eq!(Signal::parse("go"), Some(Signal::Go));
        assert_eq!(Signal::Stop.as_str(), "stop");
    }

    #[test]
    fn the_stored_text_round_trips() {
        assert_eq!(Light::ALL, [Light::Red, Light::Green]);
        for l in Light::ALL {
            assert_eq!(Light::parse(l.as_str()), Some(l));
        }
        assert_eq!(Light::parse("blue"), None);
        // A form names a variant by its stored text.
        #[derive(serde::Deserialize)]
        struct Form {
            light: Light,
        }
        let f: Form = serde_json::from_str(r#"{"light":"green"}"#).unwrap();
        assert_eq!(f.light, Light::Green);
        assert!(serde_json::from_str::<Form>(r#"{"light":"Green"}"#).is_err());
    }

    #[cfg(feature = "ssr")]
    #[test]
    fn the_column_stores_as_str_and_refuses_an_unknown_text() {
        use sea_orm::ActiveEnum;
        for l in Light::ALL {
            assert_eq!(l.to_value(), l.as_str());
            assert_eq!(Light::try_from_value(&l.as_str().to_string()).ok(), Some(l));
        }
        assert!(Light::try_from_value(&"blue".to_string()).is_err());
    }
}
