//! The real binary on a free loopback port: a round trip through the API, then the crash test:
//! a write load, `kill -9` in the middle of it, a restart, and every acknowledged write is
//! there and the audit chain verifies.

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    reason = "test cases: a failed step fails the test"
)]

use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::path::Path;
use std::process::{Child, Command, Stdio};
use std::time::Duration;

const KEY_HEX: &str = "1111111111111111111111111111111111111111111111111111111111111111";
const BUNDLE: &str = include_str!("../../../examples/shipments/clean-export-mixed.json");

struct Server {
    child: Child,
    address: String,
}

impl Server {
    fn start(data_dir: &Path) -> Server {
        Server::start_on(data_dir, None)
    }

    fn start_on(data_dir: &Path, database: Option<&str>) -> Server {
        let mut command = Command::new(env!("CARGO_BIN_EXE_declarant-server"));
        command
            .args(["--listen", "127.0.0.1:0", "--data-dir"])
            .arg(data_dir);
        if let Some(database) = database {
            command.args(["--database", database]);
        }
        let mut child = command
            .env("DECLARANT_MASTER_KEY", KEY_HEX)
            .stdout(Stdio::piped())
            .stderr(Stdio::inherit())
            .spawn()
            .unwrap();
        let stdout = child.stdout.take().unwrap();
        let mut line = String::new();
        BufReader::new(stdout).read_line(&mut line).unwrap();
        let address = line
            .trim()
            .strip_prefix("declarant: listening on http://")
            .unwrap_or_else(|| panic!("unexpected first line: {line:?}"))
            .to_string();
        Server { child, address }
    }

    fn kill(mut self) {
        // SIGKILL: no shutdown, no flush.
        self.child.kill().unwrap();
        self.child.wait().unwrap();
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// One HTTP/1.1 request on a fresh connection; answers the status and the body.
fn request(
    address: &str,
    method: &str,
    path: &str,
    key: &str,
    body: Option<&str>,
) -> std::io::Result<(u16, String)> {
    let mut stream = TcpStream::connect(address)?;
    stream.set_read_timeout(Some(Duration::from_secs(30)))?;
    let body = body.unwrap_or("");
    let head = format!(
        "{method} {path} HTTP/1.1\r\nHost: {address}\r\nAuthorization: Bearer {key}\r\n\
         Content-Type: application/json\r\nContent-Length: {}\r\nConnection: close\r\n\r\n",
        body.len()
    );
    stream.write_all(head.as_bytes())?;
    stream.write_all(body.as_bytes())?;
    let mut answer = Vec::new();
    stream.read_to_end(&mut answer)?;
    let text = String::from_utf8_lossy(&answer).to_string();
    let status = text
        .split(' ')
        .nth(1)
        .and_then(|s| s.parse().ok())
        .ok_or_else(|| std::io::Error::other(format!("no status in {text:?}")))?;
    let body = text
        .split_once("\r\n\r\n")
        .map(|(_, b)| b.to_string())
        .unwrap_or_default();
    Ok((status, body))
}

fn tenant(data_dir: &Path) -> String {
    let database = format!("sqlite://{}", data_dir.join("declarant.db").display());
    let key = store::MasterKey::parse_hex(KEY_HEX).unwrap();
    server::ops::create_tenant(&database, key, "Black box", store::TenantKind::Agency)
        .unwrap()
        .api_key
}

#[test]
fn the_binary_serves_the_api() {
    let dir = tempfile::tempdir().unwrap();
    let api_key = tenant(dir.path());
    let server = Server::start(dir.path());
    let (status, _) = request(&server.address, "GET", "/health", "", None).unwrap();
    assert_eq!(status, 200);
    let (status, _) = request(
        &server.address,
        "POST",
        "/api/v1/check",
        "dk_wrong",
        Some(BUNDLE),
    )
    .unwrap();
    assert_eq!(status, 401);
    let (status, report) = request(
        &server.address,
        "POST",
        "/api/v1/check",
        &api_key,
        Some(BUNDLE),
    )
    .unwrap();
    assert_eq!(status, 200, "{report}");
    assert!(report.contains("\"summary\""));
    let (status, created) = request(
        &server.address,
        "POST",
        "/api/v1/shipments",
        &api_key,
        Some(BUNDLE),
    )
    .unwrap();
    assert_eq!(status, 201, "{created}");
    let id: serde_json::Value = serde_json::from_str(&created).unwrap();
    let (status, _) = request(
        &server.address,
        "GET",
        &format!("/api/v1/shipments/{}", id["id"].as_str().unwrap()),
        &api_key,
        None,
    )
    .unwrap();
    assert_eq!(status, 200);
    let (status, openapi) = request(&server.address, "GET", "/api/openapi.json", "", None).unwrap();
    assert_eq!(status, 200);
    assert!(openapi.contains("\"openapi\""));
    server.kill();
}

#[test]
fn acknowledged_writes_survive_kill_9() {
    let dir = tempfile::tempdir().unwrap();
    let api_key = tenant(dir.path());
    crash_test(dir.path(), None, &api_key);
}

#[test]
fn acknowledged_writes_survive_kill_9_with_normal_sync() {
    let dir = tempfile::tempdir().unwrap();
    let api_key = tenant(dir.path());
    let database = format!(
        "sqlite://{}?synchronous=normal",
        dir.path().join("declarant.db").display()
    );
    crash_test(dir.path(), Some(&database), &api_key);
}

#[test]
fn acknowledged_writes_survive_kill_9_on_postgres() {
    let dir = tempfile::tempdir().unwrap();
    let base = std::env::var("DECLARANT_TEST_PG_URL")
        .unwrap_or_else(|_| "postgres://postgres@127.0.0.1:5432/test".to_string());
    let schema = format!(
        "blackbox_{}_{}",
        std::process::id(),
        jiff::Timestamp::now().as_millisecond()
    );
    let key = store::MasterKey::parse_hex(KEY_HEX).unwrap();
    let runtime = tokio::runtime::Runtime::new().unwrap();
    let api_key = runtime.block_on(async {
        let clock: std::sync::Arc<dyn store::Clock> = std::sync::Arc::new(store::SystemClock);
        let pg = match store::PgStore::connect(&base, Some(&schema), key, clock).await {
            Ok(pg) => pg,
            Err(error) => panic!(
                "PostgreSQL is not reachable at {base}: start it (scripts/test does); {error}"
            ),
        };
        let provisioned = server::ops::provision_tenant(
            &pg,
            &store::Actor::system("test"),
            "Black box PG",
            store::TenantKind::Agency,
        )
        .await
        .unwrap();
        (provisioned.api_key, pg)
    });
    let (api_key, pg) = api_key;
    let separator = if base.contains('?') { '&' } else { '?' };
    let database = format!("{base}{separator}options=-c%20search_path%3D{schema}");
    crash_test(dir.path(), Some(&database), &api_key);
    runtime.block_on(async {
        let drop = format!("DROP SCHEMA {schema} CASCADE");
        let _ = sqlx::query(sqlx::AssertSqlSafe(drop))
            .execute(pg.pool())
            .await;
    });
}

fn crash_test(data_dir: &Path, database: Option<&str>, api_key: &str) {
    let server = Server::start_on(data_dir, database);
    let address = server.address.clone();
    let (sender, receiver) = std::sync::mpsc::channel::<String>();
    let writers: Vec<_> = (0..2)
        .map(|_| {
            let address = address.clone();
            let api_key = api_key.to_string();
            let sender = sender.clone();
            std::thread::spawn(move || {
                // Bounded: at most 400 writes per thread, stops at the first failure.
                for _ in 0..400 {
                    match request(
                        &address,
                        "POST",
                        "/api/v1/shipments",
                        &api_key,
                        Some(BUNDLE),
                    ) {
                        Ok((201, body)) => {
                            let value: serde_json::Value = serde_json::from_str(&body).unwrap();
                            if sender
                                .send(value["id"].as_str().unwrap().to_string())
                                .is_err()
                            {
                                return;
                            }
                        }
                        _ => return,
                    }
                }
            })
        })
        .collect();
    drop(sender);
    let mut acknowledged = Vec::new();
    while acknowledged.len() < 60 {
        match receiver.recv_timeout(Duration::from_secs(30)) {
            Ok(id) => acknowledged.push(id),
            Err(_) => break,
        }
    }
    server.kill();
    for writer in writers {
        writer.join().unwrap();
    }
    acknowledged.extend(receiver.try_iter());
    assert!(
        acknowledged.len() >= 60,
        "only {} writes before the kill",
        acknowledged.len()
    );

    let restarted = Server::start_on(data_dir, database);
    for id in &acknowledged {
        let (status, body) = request(
            &restarted.address,
            "GET",
            &format!("/api/v1/shipments/{id}"),
            api_key,
            None,
        )
        .unwrap();
        assert_eq!(status, 200, "acknowledged {id} is lost: {body}");
    }
    let (status, verdict) = request(
        &restarted.address,
        "GET",
        "/api/v1/audit/verify",
        api_key,
        None,
    )
    .unwrap();
    assert_eq!(status, 200);
    let verdict: serde_json::Value = serde_json::from_str(&verdict).unwrap();
    assert_eq!(verdict["intact"], true, "{verdict}");
    restarted.kill();
}
