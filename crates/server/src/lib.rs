//! The declarant web service: the REST API (axum) over the rules engine and the [`store`].
//!
//! - [`routes::router`] is the whole application; [`routes::openapi`] its OpenAPI document,
//!   generated from the handlers (utoipa) and served at `/api/openapi.json`.
//! - Every request is authenticated in [`auth::Caller`] (API key or session cookie) and
//!   authorised through the one table [`auth::permits`]; every store call takes the caller's
//!   tenant, so another tenant's object is a 404.
//! - Errors are [`problem::ApiError`]: `application/problem+json` (RFC 9457) with the JSON
//!   path of each bad field; the caller's mistakes are 4xx, never 5xx.
//! - The rules run on the blocking pool (`spawn_blocking`), never on the async workers.
//! - [`ui`] is the web UI (static files embedded in the binary) at `/`.
//! - [`ops`] holds the operators' commands (serve, tenant create, audit verify, keys rotate)
//!   for the command line.

pub mod auth;
pub mod extract;
pub mod keyfile;
pub mod ops;
pub mod problem;
pub mod routes;
pub mod state;
pub mod ui;
pub mod views;
pub mod webhook;

pub use routes::{openapi, router};
pub use state::{AppState, Settings};
