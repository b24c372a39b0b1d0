//! Server functions, by area. Each body: get the actor → check the permission → call a
//! service → return a DTO.

pub mod accounts;
pub mod credits;
pub mod directive;
pub mod enrolments;
pub mod exemptions;
pub mod institutions;
pub mod notifications;
pub mod org;
pub mod photos;
pub mod profile;
pub mod projects;
pub mod recovery;
pub mod teacher_import;
pub mod teachers;
pub mod training_years;
pub mod users;

#[cfg(feature = "ssr")]
pub(crate) mod ctx {
    use std::net::{IpAddr, Ipv4Addr, SocketAddr};

    pub use crate::server::auth::actor::session;
    pub use crate::server::state::app_state as state;

    /// The caller's address (the socket peer; a proxy deployment would read its header here).
    pub async fn client_ip() -> IpAddr {
        leptos_axum::extract::<axum::extract::ConnectInfo<SocketAddr>>()
            .await
            .map(|c| c.0.ip())
            .unwrap_or(IpAddr::V4(Ipv4Addr::UNSPECIFIED))
    }
}
