//! Authentication and authorisation: sessions, the current actor, and the one policy module.

pub mod actor;
pub mod captcha;
pub mod password;
pub mod policy;
pub mod session_store;
pub mod throttle;

pub use actor::{Actor, current_actor, current_actor_pending_ok};
