//! Setting a repository up for `isms`: `init` (a new ISMS), `adopt` (an
//! existing one, mapped as it is), `hook` (the git pre-commit hook) and
//! `demo` (the bundled example with a signed history).

pub mod adopt;
pub mod demo;
pub mod hook;
pub mod init;
