//! A real `tandem serve` on an ephemeral loopback port, and the requests tests send it.

use std::io::{BufRead, BufReader};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};

use serde_json::Value;

/// A running server, stopped (SIGTERM, then kill) when dropped.
pub struct Server {
    pub child: Child,
    pub base: String,
    pub root: tempfile::TempDir,
    data: PathBuf,
}

impl Server {
    /// Serves the scenario fixture, read-only.
    pub fn start() -> Server {
        Server::start_with(None)
    }

    /// Serves the scenario fixture; writes need `key` when given.
    pub fn start_with(key: Option<&str>) -> Server {
        Server::start_with_args(key, &[])
    }

    /// Serves the scenario fixture with more `serve` options; writes need `key` when given.
    pub fn start_with_args(key: Option<&str>, args: &[&str]) -> Server {
        let (root, data) = super::fixture_store();
        Server::spawn(root, data.into(), key, args, false)
    }

    /// Like [`Server::start_with_args`], with the server's standard error kept in a file
    /// (see [`Server::log`]), e.g. to look for panics.
    pub fn start_logged(key: Option<&str>, args: &[&str]) -> Server {
        let (root, data) = super::fixture_store();
        Server::spawn(root, data.into(), key, args, true)
    }

    /// Serves an existing (or new) data directory `data`, writable with `key` when given.
    pub fn start_on(data: &Path, key: Option<&str>) -> Server {
        Server::start_on_with_args(data, key, &[])
    }

    /// Like [`Server::start_on`], with more `serve` options.
    pub fn start_on_with_args(data: &Path, key: Option<&str>, args: &[&str]) -> Server {
        let root = tempfile::tempdir().unwrap();
        Server::spawn(root, data.to_path_buf(), key, args, false)
    }

    /// What the server wrote to standard error so far (empty unless started logged).
    pub fn log(&self) -> String {
        std::fs::read_to_string(self.root.path().join("server.log")).unwrap_or_default()
    }

    /// The data directory the server serves.
    pub fn data_dir(&self) -> PathBuf {
        self.data.clone()
    }

    /// Starts `tandem serve` on `data`, with its cache folder (and its log, when `logged`)
    /// inside `root`, and waits until it listens.
    fn spawn(
        root: tempfile::TempDir,
        data: PathBuf,
        key: Option<&str>,
        args: &[&str],
        logged: bool,
    ) -> Server {
        let stderr = if logged {
            Stdio::from(std::fs::File::create(root.path().join("server.log")).unwrap())
        } else {
            Stdio::null()
        };
        let mut command = Command::new(env!("CARGO_BIN_EXE_tandem"));
        command.env_remove("TANDEM_API_KEY");
        if let Some(key) = key {
            command.env("TANDEM_API_KEY", key);
        }
        let mut child = command
            .arg("--data")
            .arg(&data)
            .args(["serve", "--addr", "127.0.0.1:0"])
            .args(args)
            .env_remove("TANDEM_KEYED_READS")
            .env("TANDEM_CACHE_DIR", root.path().join("cache"))
            .stdout(Stdio::piped())
            .stderr(stderr)
            .spawn()
            .expect("the server starts");
        let mut line = String::new();
        BufReader::new(child.stdout.take().unwrap())
            .read_line(&mut line)
            .unwrap();
        let base = line
            .trim()
            .strip_prefix("listening on ")
            .unwrap_or_else(|| panic!("unexpected first line: {line:?}"))
            .to_string();
        Server {
            child,
            base,
            root,
            data,
        }
    }

    pub fn agent() -> ureq::Agent {
        ureq::Agent::config_builder()
            .http_status_as_error(false)
            .build()
            .into()
    }

    /// GET a path; returns status, content type and parsed JSON body.
    pub fn get(&self, path: &str) -> (u16, String, Value) {
        let response = Self::agent()
            .get(format!("{}{path}", self.base))
            .call()
            .unwrap();
        Self::read(response)
    }

    /// POST a body to a path.
    pub fn post(&self, path: &str, body: &str) -> (u16, String, Value) {
        let response = Self::agent()
            .post(format!("{}{path}", self.base))
            .send(body)
            .unwrap();
        Self::read(response)
    }

    /// POSTs a body of `size` bytes over a raw socket. The server may answer 413 and close
    /// before the body is sent (a client like ureq then fails with a broken pipe), so write
    /// errors are ignored and the response is read whatever happened.
    pub fn post_oversized(&self, path: &str, size: usize) -> (u16, String, Value) {
        use std::io::{Read, Write};
        let address = self.base.trim_start_matches("http://");
        let mut stream = std::net::TcpStream::connect(address).unwrap();
        let head = format!(
            "POST {path} HTTP/1.1\r\nHost: {address}\r\nContent-Type: application/json\r\nContent-Length: {size}\r\nConnection: close\r\n\r\n"
        );
        let _ = stream.write_all(head.as_bytes());
        let _ = stream.write_all(&vec![b'a'; size]);
        let mut raw = String::new();
        let _ = stream.read_to_string(&mut raw);
        let status = raw
            .split(' ')
            .nth(1)
            .and_then(|s| s.parse().ok())
            .unwrap_or(0);
        let (headers, body) = raw.split_once("\r\n\r\n").unwrap_or((&raw, ""));
        let content_type = headers
            .lines()
            .find_map(|l| l.strip_prefix("content-type: "))
            .unwrap_or_default()
            .to_string();
        (
            status,
            content_type,
            serde_json::from_str(body).unwrap_or(Value::Null),
        )
    }

    /// Sends a write with an optional API key.
    pub fn write(
        &self,
        method: &str,
        path: &str,
        key: Option<&str>,
        body: &str,
    ) -> (u16, String, Value) {
        let url = format!("{}{path}", self.base);
        let agent = Self::agent();
        let response = match method {
            "POST" => with_key(agent.post(url), key).send(body),
            "PUT" => with_key(agent.put(url), key).send(body),
            "DELETE" => with_key(agent.delete(url), key).call(),
            other => panic!("unsupported method {other}"),
        };
        Self::read(response.unwrap())
    }

    /// Sends any method with an optional API key and body; returns the whole reply.
    pub fn request(&self, method: &str, path: &str, key: Option<&str>, body: &str) -> Reply {
        let mut request = ureq::http::Request::builder()
            .method(method)
            .uri(format!("{}{path}", self.base));
        if let Some(key) = key {
            request = request.header("x-api-key", key);
        }
        let mut response = Self::agent()
            .run(request.body(body.to_string()).unwrap())
            .unwrap();
        let headers = response.headers().clone();
        let text = response
            .body_mut()
            .with_config()
            .limit(64 << 20)
            .read_to_string()
            .unwrap_or_default();
        Reply {
            status: response.status().as_u16(),
            headers,
            body: serde_json::from_str(&text).unwrap_or(Value::Null),
            text,
        }
    }

    pub fn read(mut response: ureq::http::Response<ureq::Body>) -> (u16, String, Value) {
        let status = response.status().as_u16();
        let content_type = response
            .headers()
            .get("content-type")
            .map(|v| v.to_str().unwrap().to_string())
            .unwrap_or_default();
        let text = response
            .body_mut()
            .with_config()
            .limit(64 << 20)
            .read_to_string()
            .unwrap();
        (
            status,
            content_type,
            serde_json::from_str(&text).unwrap_or(Value::Null),
        )
    }

    pub fn terminate(&mut self) -> std::process::ExitStatus {
        Command::new("kill")
            .args(["-TERM", &self.child.id().to_string()])
            .status()
            .unwrap();
        self.child.wait().unwrap()
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// A whole reply: status, headers (by name), body as text and as JSON.
pub struct Reply {
    pub status: u16,
    pub headers: ureq::http::HeaderMap,
    pub body: Value,
    pub text: String,
}

impl Reply {
    /// A header's value, or "" when absent.
    pub fn header(&self, name: &str) -> &str {
        self.headers.get(name).map_or("", |v| v.to_str().unwrap())
    }

    /// Asserts this is a problem+json document with `status`; returns its detail.
    pub fn problem(&self, status: u16) -> &str {
        assert_eq!(self.status, status, "{}", self.text);
        assert_eq!(self.header("content-type"), "application/problem+json");
        assert_eq!(self.body["status"], status, "{}", self.text);
        self.body["detail"].as_str().unwrap()
    }

    /// Whether this is the router's answer to a route it does not serve: the fallback's 404
    /// ("no such endpoint") or a 405 (the path is served, but not with this method).
    pub fn is_unrouted(&self) -> bool {
        self.status == 405
            || (self.status == 404
                && self.body["detail"]
                    .as_str()
                    .is_some_and(|d| d.starts_with("no such endpoint")))
    }
}

pub fn with_key<B>(request: ureq::RequestBuilder<B>, key: Option<&str>) -> ureq::RequestBuilder<B> {
    match key {
        Some(key) => request.header("x-api-key", key),
        None => request,
    }
}
