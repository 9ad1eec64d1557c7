//! Every operation of the OpenAPI document lists the problem documents it can answer, so that
//! a client (or a fuzzing client checking the document) meets no undocumented status: 400 for
//! a malformed path or query, 401/403 where a key or session is needed, 404 where the path
//! names an object, 413/415/422 where a body is taken, and a `default` problem for anything
//! else (429 when busy, 503 when the database is down). Responses a handler documents itself
//! are kept as written.

use utoipa::Modify;
use utoipa::openapi::path::Operation;
use utoipa::openapi::{ContentBuilder, OpenApi, Ref, RefOr, ResponseBuilder};

pub(super) struct ProblemResponses;

const PROBLEM_TYPE: &str = "application/problem+json";

fn problem(description: &str) -> RefOr<utoipa::openapi::Response> {
    RefOr::T(
        ResponseBuilder::new()
            .description(description)
            .content(
                PROBLEM_TYPE,
                ContentBuilder::new()
                    .schema(Some(Ref::from_schema_name("Problem")))
                    .build(),
            )
            .build(),
    )
}

fn complete(operation: &mut Operation, path_has_parameters: bool) {
    let secured = operation
        .security
        .as_ref()
        .is_some_and(|requirements| !requirements.is_empty());
    let takes_body = operation.request_body.is_some();
    let mut wanted: Vec<(&str, &str)> = vec![("400", "Malformed path, query or header")];
    if secured {
        wanted.push(("401", "No valid API key or session"));
        wanted.push(("403", "The caller's role may not do this"));
    }
    if path_has_parameters {
        wanted.push(("404", "No such object for this tenant"));
    }
    if takes_body {
        wanted.push(("413", "The body is over the size limit"));
        wanted.push(("415", "The body's content type is not accepted"));
        wanted.push((
            "422",
            "The body is well-formed but invalid (JSON path of each bad field)",
        ));
    }
    wanted.push(("default", "Any other error, as a problem document"));
    let responses = &mut operation.responses.responses;
    for (status, description) in wanted {
        responses
            .entry(status.to_string())
            .or_insert_with(|| problem(description));
    }
}

impl Modify for ProblemResponses {
    fn modify(&self, openapi: &mut OpenApi) {
        for (path, item) in openapi.paths.paths.iter_mut() {
            let has_parameters = path.contains('{');
            for operation in [
                &mut item.get,
                &mut item.put,
                &mut item.post,
                &mut item.delete,
                &mut item.patch,
                &mut item.head,
                &mut item.options,
                &mut item.trace,
            ]
            .into_iter()
            .flatten()
            {
                complete(operation, has_parameters);
            }
        }
    }
}
