//! Server-only code: entities, services, authentication and the application state.

pub mod auth;
pub mod config;
pub mod csp;
pub mod documents;
pub mod entities;
pub mod heavy;
pub mod messaging;
pub mod seed;
pub mod services;
pub mod sql;
pub mod state;
