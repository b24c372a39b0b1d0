//! The stand-in providers of `providers.py`, run as a child process for one test: a real SMTP
//! server, and Tencent Cloud's SMS API with its own signature check.

use std::io::{BufRead, BufReader};
use std::process::{Child, Command, Stdio};
use std::sync::mpsc::{Receiver, channel};
use std::time::Duration;

pub struct Provider {
    child: Child,
    lines: Receiver<String>,
    pub port: u16,
}

impl Provider {
    fn start(args: &[&str]) -> Provider {
        let root = concat!(env!("CARGO_MANIFEST_DIR"), "/..");
        let mut child = Command::new("python3")
            .arg(concat!(
                env!("CARGO_MANIFEST_DIR"),
                "/tests/api/helpers/providers.py"
            ))
            .args(args)
            .env("PYTHONPATH", format!("{root}/.tools/python"))
            .stdout(Stdio::piped())
            .spawn()
            .expect("python3 runs the stand-in provider");
        let stdout = child.stdout.take().expect("its output");
        let (tx, lines) = channel();
        std::thread::spawn(move || {
            for line in BufReader::new(stdout).lines().map_while(Result::ok) {
                if tx.send(line).is_err() {
                    break;
                }
            }
        });
        let first = lines
            .recv_timeout(Duration::from_secs(20))
            .expect("the provider starts (is aiosmtpd in .tools/python? make setup)");
        let port = first
            .strip_prefix("PORT ")
            .and_then(|p| p.parse().ok())
            .expect("PORT <n> first");
        Provider { child, lines, port }
    }

    /// A real SMTP server on the loopback.
    pub fn smtp() -> Provider {
        Self::start(&["smtp"])
    }

    /// Tencent Cloud's SMS API, checking signatures made with this key pair.
    pub fn sms(secret_id: &str, secret_key: &str) -> Provider {
        Self::start(&["sms", secret_id, secret_key])
    }

    /// What it received next, as it printed it. The app has finished sending by the time a
    /// test asks (the provider prints before it answers).
    pub fn received(&self) -> serde_json::Value {
        let line = self
            .lines
            .recv_timeout(Duration::from_secs(20))
            .expect("the provider received a message");
        serde_json::from_str(&line).expect("a JSON line")
    }
}

impl Drop for Provider {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}
