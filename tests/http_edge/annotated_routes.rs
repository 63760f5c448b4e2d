//! The proto's `google.api.http` annotations and the served routes are the
//! same set: every annotated route is served (answers neither 404 nor 405),
//! and every served route is annotated.

use std::collections::BTreeSet;

use stage_scorer::http::{annotations::contract_bindings, routes::ROUTES};

use crate::{
    client::{Version, send},
    support,
};

#[tokio::test]
async fn every_annotated_route_is_served_and_every_served_route_annotated() {
    let annotated: BTreeSet<(String, String, String)> = contract_bindings()
        .into_iter()
        .map(|b| (b.method.to_string(), b.path, b.rpc))
        .collect();
    let served: BTreeSet<(String, String, String)> = ROUTES
        .iter()
        .map(|r| (r.method.to_string(), r.path.to_owned(), r.rpc.to_owned()))
        .collect();
    assert_eq!(annotated, served);
    assert_eq!(annotated.len(), 5);

    let app = support::spawn_app().await;
    for (method, path, rpc) in &annotated {
        let answer = send(
            app.address,
            Version::Http1,
            method.parse().unwrap(),
            path,
            &[("content-type", "application/json")],
            if method == "GET" { "" } else { "{}" },
        )
        .await;
        assert!(
            ![404, 405].contains(&answer.status.as_u16()) && !answer.status.is_server_error(),
            "{method} {path} ({rpc}) answered {}",
            answer.status
        );
    }
    app.stop().await;
}
