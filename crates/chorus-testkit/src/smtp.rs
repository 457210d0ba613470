use std::sync::{Arc, Mutex};
use std::time::Duration;

use tokio::io::{AsyncBufReadExt, AsyncWriteExt, BufReader};
use tokio::net::{TcpListener, TcpStream};
use tokio::sync::Notify;

/// One message received by [`SmtpCapture`].
#[derive(Debug, Clone)]
pub struct CapturedMail {
    /// The `MAIL FROM` address.
    pub from: String,
    /// The `RCPT TO` addresses.
    pub to: Vec<String>,
    /// The message as sent after `DATA` (headers and body, CRLF line ends, dot-unstuffed).
    pub data: String,
}

impl CapturedMail {
    /// The value of the first header `name` (case-insensitive), unfolded.
    pub fn header(&self, name: &str) -> Option<String> {
        let (head, _) = self.data.split_once("\r\n\r\n")?;
        let mut value: Option<String> = None;
        for line in head.split("\r\n") {
            if line.starts_with([' ', '\t']) {
                if let Some(v) = value.as_mut() {
                    v.push_str(line.trim_start());
                }
                continue;
            }
            if value.is_some() {
                break;
            }
            if let Some((k, v)) = line.split_once(':')
                && k.eq_ignore_ascii_case(name)
            {
                value = Some(v.trim().to_owned());
            }
        }
        value
    }

    /// The body (everything after the header block), with quoted-printable soft line breaks
    /// joined and `=XX` escapes decoded, which is how lettre encodes long text lines.
    pub fn body(&self) -> String {
        let body = self.data.split_once("\r\n\r\n").map_or("", |(_, b)| b);
        decode_quoted_printable(body)
    }
}

fn decode_quoted_printable(s: &str) -> String {
    let joined = s.replace("=\r\n", "");
    let bytes = joined.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'='
            && i + 2 < bytes.len()
            && let Ok(v) = u8::from_str_radix(&joined[i + 1..i + 3], 16)
        {
            out.push(v);
            i += 3;
            continue;
        }
        out.push(bytes[i]);
        i += 1;
    }
    String::from_utf8_lossy(&out).into_owned()
}

#[derive(Default)]
struct Shared {
    mails: Mutex<Vec<CapturedMail>>,
    fail_next: Mutex<u32>,
    notify: Notify,
}

/// A local SMTP server that accepts every message and keeps it for assertions.
///
/// It speaks the protocol lettre and real relays speak (`EHLO`, `MAIL FROM`, `RCPT TO`, `DATA`,
/// `RSET`, `NOOP`, `QUIT`), so production code sends to it unchanged. [`SmtpCapture::fail_next`]
/// makes it answer `451` to the next messages, to test retries.
pub struct SmtpCapture {
    port: u16,
    shared: Arc<Shared>,
    task: tokio::task::JoinHandle<()>,
}

impl SmtpCapture {
    /// Starts a server on `127.0.0.1` with a free port.
    ///
    /// # Panics
    /// If no local port can be bound (tests only).
    #[allow(clippy::expect_used)]
    pub async fn start() -> Self {
        let listener = TcpListener::bind("127.0.0.1:0")
            .await
            .expect("bind SMTP port");
        let port = listener.local_addr().expect("local address").port();
        let shared = Arc::new(Shared::default());
        let s = shared.clone();
        let task = tokio::spawn(async move {
            while let Ok((stream, _)) = listener.accept().await {
                let s = s.clone();
                tokio::spawn(async move {
                    let _ = session(stream, s).await;
                });
            }
        });
        SmtpCapture { port, shared, task }
    }

    /// The port it listens on.
    pub fn port(&self) -> u16 {
        self.port
    }

    /// `smtp://127.0.0.1:PORT`, the form Chorus' `mail.smtp_url` takes.
    pub fn url(&self) -> String {
        format!("smtp://127.0.0.1:{}", self.port)
    }

    /// Every message received so far.
    #[allow(clippy::expect_used)]
    pub fn mails(&self) -> Vec<CapturedMail> {
        self.shared.mails.lock().expect("lock").clone()
    }

    /// Answers `451` (try again later) to the next `n` messages.
    #[allow(clippy::expect_used)]
    pub fn fail_next(&self, n: u32) {
        *self.shared.fail_next.lock().expect("lock") = n;
    }

    /// Waits until at least `n` messages arrived, or `timeout` passed; returns what arrived.
    pub async fn wait_for(&self, n: usize, timeout: Duration) -> Vec<CapturedMail> {
        let deadline = tokio::time::Instant::now() + timeout;
        loop {
            let notified = self.shared.notify.notified();
            let mails = self.mails();
            if mails.len() >= n {
                return mails;
            }
            if tokio::time::timeout_at(deadline, notified).await.is_err() {
                return self.mails();
            }
        }
    }
}

impl Drop for SmtpCapture {
    fn drop(&mut self) {
        self.task.abort();
    }
}

async fn session(stream: TcpStream, shared: Arc<Shared>) -> std::io::Result<()> {
    let (read, mut write) = stream.into_split();
    let mut lines = BufReader::new(read);
    write
        .write_all(b"220 localhost ESMTP chorus-testkit\r\n")
        .await?;
    let mut from = String::new();
    let mut to = Vec::new();
    let mut line = String::new();
    loop {
        line.clear();
        if lines.read_line(&mut line).await? == 0 {
            return Ok(());
        }
        let cmd = line.trim_end().to_owned();
        let upper = cmd.to_ascii_uppercase();
        let reply: &[u8] = if upper.starts_with("EHLO") {
            b"250-localhost\r\n250-8BITMIME\r\n250-SMTPUTF8\r\n250 SIZE 10485760\r\n"
        } else if upper.starts_with("HELO") {
            b"250 localhost\r\n"
        } else if upper.starts_with("MAIL FROM:") {
            from = angle_addr(&cmd[10..]);
            to.clear();
            b"250 OK\r\n"
        } else if upper.starts_with("RCPT TO:") {
            to.push(angle_addr(&cmd[8..]));
            b"250 OK\r\n"
        } else if upper == "DATA" {
            write
                .write_all(b"354 End data with <CR><LF>.<CR><LF>\r\n")
                .await?;
            let mut data = String::new();
            loop {
                line.clear();
                if lines.read_line(&mut line).await? == 0 {
                    return Ok(());
                }
                if line == ".\r\n" || line == ".\n" {
                    break;
                }
                let l = line.strip_prefix('.').unwrap_or(&line);
                data.push_str(l);
            }
            let fail = {
                let mut f = shared
                    .fail_next
                    .lock()
                    .map_err(|_| std::io::ErrorKind::Other)?;
                if *f > 0 {
                    *f -= 1;
                    true
                } else {
                    false
                }
            };
            if fail {
                b"451 4.3.0 Try again later\r\n"
            } else {
                shared
                    .mails
                    .lock()
                    .map_err(|_| std::io::ErrorKind::Other)?
                    .push(CapturedMail {
                        from: from.clone(),
                        to: std::mem::take(&mut to),
                        data,
                    });
                shared.notify.notify_waiters();
                b"250 OK queued\r\n"
            }
        } else if upper == "RSET" {
            to.clear();
            b"250 OK\r\n"
        } else if upper == "NOOP" {
            b"250 OK\r\n"
        } else if upper == "QUIT" {
            write.write_all(b"221 Bye\r\n").await?;
            return Ok(());
        } else {
            b"502 Command not implemented\r\n"
        };
        write.write_all(reply).await?;
    }
}

fn angle_addr(s: &str) -> String {
    let s = s.trim();
    let inner = s
        .split_once('<')
        .and_then(|(_, r)| r.split_once('>'))
        .map_or(s, |(a, _)| a);
    inner.to_owned()
}
