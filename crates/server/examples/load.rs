//! Load generator for BENCHMARKS.md: an open-loop client on loopback that sends requests at a
//! fixed rate and measures each one from the moment it was due (so a slow server cannot hide
//! its queueing), then prints the percentiles.
//!
//! ```text
//! cargo run --release -p server --example load -- URL API_KEY check 500 20
//! cargo run --release -p server --example load -- URL API_KEY create-check 100 20
//! ```
//! Modes: `check` (POST /api/v1/check with a 50-line shipment), `create-check` (POST
//! /api/v1/shipments, then POST /api/v1/shipments/{id}/check, timed as one operation).
//! Bounded: it stops after the given seconds, and only targets the URL given (loopback).

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    reason = "a benchmark tool: a failed request aborts the run"
)]

use axum::body::Bytes;
use http_body_util::{BodyExt, Full};
use hyper_util::client::legacy::Client;
use hyper_util::rt::TokioExecutor;
use serde_json::{Value, json};
use std::time::{Duration, Instant};

const TEMPLATE: &str = include_str!("../../../examples/shipments/clean-export-mixed.json");

/// A consistent shipment of `lines` goods lines: the example's first line repeated.
fn shipment(lines: usize) -> String {
    let mut bundle: Value = serde_json::from_str(TEMPLATE).unwrap();
    for document in ["declaration", "invoice", "packing_list", "contract"] {
        let Some(first) = bundle[document]["lines"].get(0).cloned() else {
            continue;
        };
        let copies: Vec<Value> = (1..=lines)
            .map(|no| {
                let mut line = first.clone();
                line["no"] = json!(no);
                line
            })
            .collect();
        bundle[document]["lines"] = Value::Array(copies);
    }
    bundle["id"] = json!("LOAD-50");
    bundle.to_string()
}

type HttpClient = Client<hyper_util::client::legacy::connect::HttpConnector, Full<Bytes>>;

async fn post(client: &HttpClient, url: &str, key: &str, body: Bytes) -> (u16, Bytes) {
    let request = hyper::Request::post(url)
        .header("authorization", format!("Bearer {key}"))
        .header("content-type", "application/json")
        .header("accept-language", "en")
        .body(Full::new(body))
        .unwrap();
    let response = client.request(request).await.unwrap();
    let status = response.status().as_u16();
    let bytes = response.into_body().collect().await.unwrap().to_bytes();
    (status, bytes)
}

async fn operation(client: HttpClient, base: String, key: String, mode: String, body: Bytes) {
    match mode.as_str() {
        "check" => {
            let (status, answer) = post(&client, &format!("{base}/api/v1/check"), &key, body).await;
            assert_eq!(status, 200, "{}", String::from_utf8_lossy(&answer));
        }
        "create-check" => {
            let (status, answer) =
                post(&client, &format!("{base}/api/v1/shipments"), &key, body).await;
            assert_eq!(status, 201, "{}", String::from_utf8_lossy(&answer));
            let created: Value = serde_json::from_slice(&answer).unwrap();
            let id = created["id"].as_str().unwrap();
            let (status, answer) = post(
                &client,
                &format!("{base}/api/v1/shipments/{id}/check"),
                &key,
                Bytes::new(),
            )
            .await;
            assert_eq!(status, 200, "{}", String::from_utf8_lossy(&answer));
        }
        other => panic!("unknown mode `{other}`: use check or create-check"),
    }
}

fn percentile(sorted: &[Duration], p: f64) -> Duration {
    if sorted.is_empty() {
        return Duration::ZERO;
    }
    let rank = ((p / 100.0) * sorted.len() as f64).ceil() as usize;
    sorted[rank.clamp(1, sorted.len()) - 1]
}

fn main() {
    let args: Vec<String> = std::env::args().collect();
    if args.len() != 6 {
        eprintln!("usage: load URL API_KEY check|create-check RATE_PER_SECOND SECONDS");
        std::process::exit(2);
    }
    let base = args[1].trim_end_matches('/').to_string();
    let key = args[2].clone();
    let mode = args[3].clone();
    let rate: u64 = args[4].parse().unwrap();
    let seconds: u64 = args[5].parse().unwrap();
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(1)
        .enable_all()
        .build()
        .unwrap();
    runtime.block_on(async move {
        let client: HttpClient = Client::builder(TokioExecutor::new())
            .pool_max_idle_per_host(256)
            .build_http();
        let body = Bytes::from(shipment(50));
        // Warm up: connections, caches, the first data key.
        for _ in 0..20 {
            operation(
                client.clone(),
                base.clone(),
                key.clone(),
                mode.clone(),
                body.clone(),
            )
            .await;
        }
        let total = rate * seconds;
        let period = Duration::from_nanos(1_000_000_000 / rate);
        let start = Instant::now();
        let mut tasks = Vec::with_capacity(total as usize);
        for n in 0..total {
            let due = start + period * n as u32;
            tokio::time::sleep_until(due.into()).await;
            let client = client.clone();
            let (base, key, mode, body) = (base.clone(), key.clone(), mode.clone(), body.clone());
            tasks.push(tokio::spawn(async move {
                operation(client, base, key, mode, body).await;
                due.elapsed()
            }));
        }
        let mut latencies = Vec::with_capacity(tasks.len());
        for task in tasks {
            latencies.push(task.await.unwrap());
        }
        let elapsed = start.elapsed();
        latencies.sort();
        let ms = |d: Duration| d.as_secs_f64() * 1000.0;
        println!(
            "mode={mode} rate={rate}/s requested, {} operations in {:.1} s ({:.0}/s achieved)",
            latencies.len(),
            elapsed.as_secs_f64(),
            latencies.len() as f64 / elapsed.as_secs_f64()
        );
        println!(
            "latency ms: p50 {:.2}  p90 {:.2}  p99 {:.2}  p99.9 {:.2}  max {:.2}",
            ms(percentile(&latencies, 50.0)),
            ms(percentile(&latencies, 90.0)),
            ms(percentile(&latencies, 99.0)),
            ms(percentile(&latencies, 99.9)),
            ms(latencies.last().copied().unwrap_or_default())
        );
    });
}
