//! `chorus-standin`: runs a stand-in for a network Chorus talks to as a process of its own, for
//! tests in other languages (the Playwright browser tests) to drive over HTTP.
//!
//! ```text
//! chorus-standin mastodon [--listen HOST:PORT]
//! chorus-standin oidc [--listen HOST:PORT]
//! ```
//!
//! Prints `listening on http://HOST:PORT` (the address actually bound, so port 0 works) on
//! standard output once it accepts connections, then serves until SIGINT or SIGTERM. A bad
//! argument prints the usage on standard error and exits with status 2; an address that cannot
//! be bound exits with status 1. The control routes are described in
//! [`chorus_testkit::mastodon`].

use std::net::SocketAddr;
use std::process::ExitCode;

use chorus_testkit::mastodon::MastodonStandIn;
use chorus_testkit::oidc::OidcStandIn;

/// A stand-in that is serving.
enum Running {
    Mastodon(Box<MastodonStandIn>),
    Oidc(Box<OidcStandIn>),
}

impl Running {
    fn url(&self) -> &str {
        match self {
            Running::Mastodon(s) => s.url(),
            Running::Oidc(s) => s.issuer(),
        }
    }
}

const USAGE: &str = "\
usage: chorus-standin mastodon|oidc [--listen HOST:PORT]

Runs the Mastodon stand-in, or the OpenID Connect provider stand-in (client id
`chorus-hub`, RS256 ID tokens), until interrupted (SIGINT/SIGTERM).

options:
  --listen HOST:PORT  address to listen on (default 127.0.0.1:0, a free port)
  -h, --help          show this help

Prints `listening on http://HOST:PORT` once ready. Tests drive it through
POST /_standin/publish, GET /_standin/posted, GET /_standin/requests,
POST /_standin/fail and GET /_standin/streams; the OIDC provider is driven
through its sign-in form at /authorize.";

/// What the command line asks for.
#[derive(Debug, PartialEq, Eq)]
enum Command {
    /// Print the usage and exit successfully.
    Help,
    /// Run the Mastodon stand-in on this address.
    Mastodon { listen: SocketAddr },
    /// Run the OpenID Connect provider stand-in on this address.
    Oidc { listen: SocketAddr },
}

/// Parses the arguments after the program name.
fn parse(args: impl IntoIterator<Item = String>) -> Result<Command, String> {
    let mut args = args.into_iter();
    let mut standin = None;
    let mut listen: Option<String> = None;
    while let Some(arg) = args.next() {
        if let Some(v) = arg.strip_prefix("--listen=") {
            listen = Some(v.to_owned());
            continue;
        }
        match arg.as_str() {
            "-h" | "--help" => return Ok(Command::Help),
            "--listen" => match args.next() {
                Some(v) => listen = Some(v),
                None => return Err("--listen needs an address".to_owned()),
            },
            a if a.starts_with('-') => return Err(format!("unknown option `{a}`")),
            a if standin.is_none() => standin = Some(a.to_owned()),
            a => return Err(format!("unexpected argument `{a}`")),
        }
    }
    let listen = listen.as_deref().unwrap_or("127.0.0.1:0");
    let listen: SocketAddr = listen
        .parse()
        .map_err(|_| format!("`{listen}` is not an address like 127.0.0.1:8080"))?;
    match standin.as_deref() {
        Some("mastodon") => Ok(Command::Mastodon { listen }),
        Some("oidc") => Ok(Command::Oidc { listen }),
        Some(other) => Err(format!("unknown stand-in `{other}`")),
        None => Err("which stand-in? (mastodon or oidc)".to_owned()),
    }
}

/// Resolves on SIGINT or, on Unix, SIGTERM.
async fn shutdown() {
    #[cfg(unix)]
    {
        use tokio::signal::unix::{SignalKind, signal};
        if let Ok(mut term) = signal(SignalKind::terminate()) {
            tokio::select! {
                _ = tokio::signal::ctrl_c() => {}
                _ = term.recv() => {}
            }
            return;
        }
    }
    let _ = tokio::signal::ctrl_c().await;
}

#[tokio::main(flavor = "current_thread")]
async fn main() -> ExitCode {
    let command = match parse(std::env::args().skip(1)) {
        Ok(Command::Help) => {
            #[allow(clippy::print_stdout, reason = "the help goes to standard output")]
            {
                println!("{USAGE}");
            }
            return ExitCode::SUCCESS;
        }
        Ok(c) => c,
        Err(e) => {
            eprintln!("chorus-standin: {e}\n\n{USAGE}");
            return ExitCode::from(2);
        }
    };
    let running = match &command {
        Command::Mastodon { listen } => MastodonStandIn::start_on(&listen.to_string())
            .await
            .map(|s| Running::Mastodon(Box::new(s))),
        Command::Oidc { listen } => {
            OidcStandIn::start_on(&listen.to_string(), jsonwebtoken::Algorithm::RS256)
                .await
                .map(|s| Running::Oidc(Box::new(s)))
        }
        Command::Help => return ExitCode::SUCCESS,
    };
    let standin = match running {
        Ok(s) => s,
        Err(e) => {
            eprintln!("chorus-standin: cannot listen: {e}");
            return ExitCode::FAILURE;
        }
    };
    #[allow(
        clippy::print_stdout,
        reason = "the address on standard output is how the caller learns it is ready"
    )]
    {
        // Standard output is line-buffered, so this reaches the caller at once.
        println!("listening on {}", standin.url());
    }
    shutdown().await;
    drop(standin);
    ExitCode::SUCCESS
}

#[cfg(test)]
mod tests {
    use super::*;

    fn args(a: &[&str]) -> Vec<String> {
        a.iter().map(|s| (*s).to_owned()).collect()
    }

    #[test]
    fn parses_the_command_line() {
        let at = |s: &str| Command::Mastodon {
            listen: s.parse().unwrap(),
        };
        assert_eq!(
            parse(args(&["mastodon", "--listen", "127.0.0.1:4000"])),
            Ok(at("127.0.0.1:4000"))
        );
        assert_eq!(
            parse(args(&["--listen=127.0.0.1:4001", "mastodon"])),
            Ok(at("127.0.0.1:4001"))
        );
        assert_eq!(parse(args(&["mastodon"])), Ok(at("127.0.0.1:0")));
        assert_eq!(parse(args(&["mastodon", "-h"])), Ok(Command::Help));
        assert_eq!(
            parse(args(&["oidc", "--listen", "127.0.0.1:4002"])),
            Ok(Command::Oidc {
                listen: "127.0.0.1:4002".parse().unwrap()
            })
        );
        for bad in [
            &[][..],
            &["bluesky"],
            &["mastodon", "--listen"],
            &["mastodon", "--listen", "nowhere"],
            &["mastodon", "--port", "1"],
            &["mastodon", "extra"],
        ] {
            assert!(parse(args(bad)).is_err(), "{bad:?}");
        }
    }
}
