//! Pure domain rules shared by the browser (instant feedback) and the server (the check that
//! counts). Nothing here does I/O.

pub mod codes;
pub mod contact;
pub mod grant;
pub mod id_card;
pub mod mask;
pub mod password;
pub mod photo;
pub mod region;
pub mod role;
pub mod sheet;
pub mod teacher;
pub mod teacher_import;
pub mod transfer;
