//! GitHub: the event of a workflow run (`event`), the REST client (`api`)
//! and the pull-request use case of `isms github` (`pull_request`), which
//! judges the change with the reviews GitHub attests and returns what to
//! report. The renderings (annotations, comment, summary) are
//! `report::github`.

pub mod api;
pub mod event;
pub mod pull_request;
