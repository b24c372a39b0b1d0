//! Shixun 师训: shared components, pages, server functions and domain rules.

#![recursion_limit = "256"]

pub mod api;
pub mod app;
pub mod areas;
pub mod components;
pub mod data;
pub mod domain;
pub mod dto;
pub mod error;
pub mod pages;
#[cfg(feature = "ssr")]
pub mod server;
pub mod url;

pub use app::{App, shell};
