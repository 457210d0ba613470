//! The layering rules of ARCHITECTURE.md, checked on the source (in the spirit of
//! rust-analyzer's tidy tests): a crate depends only on crates below it; in `chorus-service`
//! no feature module imports another (they meet through jobs, events and the crate root);
//! `chorus-web` reaches storage only through the service.
//!
//! A rule with exceptions lists them, to be removed one by one (today every list is empty).
//! The lists only shrink: a new exception fails the test, and so does a listed one that no
//! longer exists (delete it from the list, so it cannot come back).

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    reason = "tests fail by panicking"
)]

use std::collections::BTreeSet;
use std::fs;
use std::path::{Path, PathBuf};

/// Workspace crates from the bottom up; a crate may depend on crates of a lower rank only.
const RANKS: &[(&str, u8)] = &[
    ("chorus-markdown", 0),
    ("chorus-kernels", 0),
    ("chorus-bus", 0),
    ("chorus-testkit", 0),
    ("chorus-i18n", 0),
    ("chorus-core", 1),
    ("chorus-analyze", 2),
    ("chorus-listen", 2),
    ("chorus-store", 2),
    ("chorus-encoder", 3),
    ("chorus-search", 3),
    ("chorus-service", 4),
    ("chorus-web", 5),
    ("chorus", 6),
];

/// Modules of `chorus-service` that any module may use: plumbing, not features.
const SHARED: &[&str] = &[
    "config",
    "cpu",
    "error",
    "events",
    "gate",
    "indexing",
    "jobs",
    "mail",
    "outbound",
    "passwords",
    "records",
    "secrets",
    "visibility",
    "webhooks",
];

/// Modules that put the features together (the crate root, the hub, the use cases that span
/// features, the demo seed and the benchmark data), and so may use any of them.
const ROOTS: &[&str] = &["lib", "hub", "flows", "demo", "bench"];

/// Feature modules allowed to call another feature directly: none. An effect on another
/// feature is a domain event (`events`), a reply on another feature's channel goes through
/// `outbound`, and a request that spans features is composed in `flows`.
const FEATURE_EXCEPTIONS: &[(&str, &str)] = &[];

fn workspace() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../..")
}

fn rust_files(dir: &Path) -> Vec<PathBuf> {
    let mut out = Vec::new();
    let mut stack = vec![dir.to_owned()];
    while let Some(d) = stack.pop() {
        for entry in fs::read_dir(&d).unwrap() {
            let path = entry.unwrap().path();
            if path.is_dir() {
                stack.push(path);
            } else if path.extension().is_some_and(|e| e == "rs") {
                out.push(path);
            }
        }
    }
    out.sort();
    out
}

/// The workspace crates a manifest's `[dependencies]` name (dev-dependencies may reach
/// anywhere: tests sit on top).
fn normal_dependencies(manifest: &str) -> Vec<String> {
    let mut in_deps = false;
    let mut deps = Vec::new();
    for line in manifest.lines() {
        let line = line.trim();
        if line.starts_with('[') {
            in_deps = line == "[dependencies]";
            continue;
        }
        if in_deps && line.starts_with("chorus") {
            let name: String = line
                .chars()
                .take_while(|c| c.is_ascii_alphanumeric() || *c == '-')
                .collect();
            deps.push(name);
        }
    }
    deps
}

/// The first path segment after every `crate::` in `src`, including each member of a
/// `crate::{a, b::c}` group.
fn crate_references(src: &str) -> BTreeSet<String> {
    let bytes = src.as_bytes();
    let ident = |from: usize| -> (String, usize) {
        let end = bytes[from..]
            .iter()
            .position(|b| !(b.is_ascii_alphanumeric() || *b == b'_'))
            .map_or(bytes.len(), |n| from + n);
        (src[from..end].to_owned(), end)
    };
    let mut out = BTreeSet::new();
    for (at, _) in src.match_indices("crate::") {
        let mut i = at + "crate::".len();
        if bytes.get(i) != Some(&b'{') {
            out.insert(ident(i).0);
            continue;
        }
        let (mut depth, mut expect) = (0, true);
        while i < bytes.len() {
            match bytes[i] {
                b'{' => {
                    depth += 1;
                    expect = depth == 1;
                }
                b'}' => {
                    depth -= 1;
                    if depth == 0 {
                        break;
                    }
                }
                b',' if depth == 1 => expect = true,
                b if expect && depth == 1 && (b.is_ascii_alphabetic() || b == b'_') => {
                    let (name, end) = ident(i);
                    out.insert(name);
                    expect = false;
                    i = end;
                    continue;
                }
                _ => {}
            }
            i += 1;
        }
    }
    out
}

/// Compares what is found with the listed exceptions: new ones and stale ones, described.
fn ratchet(what: &str, found: &BTreeSet<String>, listed: &BTreeSet<String>) -> Vec<String> {
    let mut problems = Vec::new();
    for f in found.difference(listed) {
        problems.push(format!(
            "{what}: {f} is new; go through an event, a job or the service"
        ));
    }
    for l in listed.difference(found) {
        problems.push(format!(
            "{what}: {l} is gone; remove it from the exceptions so it cannot come back"
        ));
    }
    problems
}

#[test]
fn layering() {
    let root = workspace();
    let mut problems = Vec::new();

    // 1. Crates depend downwards only.
    let rank = |name: &str| RANKS.iter().find(|(n, _)| *n == name).map(|(_, r)| *r);
    let mut crates = 0;
    for entry in fs::read_dir(root.join("crates")).unwrap() {
        let dir = entry.unwrap().path();
        let Ok(manifest) = fs::read_to_string(dir.join("Cargo.toml")) else {
            continue;
        };
        let name = dir.file_name().unwrap().to_string_lossy().into_owned();
        let Some(own) = rank(&name) else {
            problems.push(format!("crate {name} has no rank in RANKS"));
            continue;
        };
        crates += 1;
        for dep in normal_dependencies(&manifest) {
            match rank(&dep) {
                Some(r) if r < own => {}
                Some(_) => problems.push(format!("{name} depends on {dep}, which is not below it")),
                None => problems.push(format!("{name} depends on {dep}, which has no rank")),
            }
        }
    }
    assert!(crates >= 10, "found only {crates} crates under {root:?}");

    // 2. Feature modules of chorus-service do not import each other.
    let service = root.join("crates/chorus-service/src");
    let lib = fs::read_to_string(service.join("lib.rs")).unwrap();
    let modules: BTreeSet<String> = lib
        .lines()
        .filter_map(|l| {
            let l = l
                .trim()
                .trim_start_matches("pub ")
                .trim_start_matches("pub(crate) ");
            l.strip_prefix("mod ")?.strip_suffix(';').map(str::to_owned)
        })
        .collect();
    assert!(modules.len() > 10, "modules of chorus-service: {modules:?}");
    // A module re-exported at the root (`pub use accounts::admin;`) is its parent by another
    // name: reaching it that way is reaching the parent.
    let aliases: Vec<(String, String)> = lib
        .lines()
        .filter_map(|l| {
            let path = l.trim().strip_prefix("pub use ")?.strip_suffix(';')?;
            let (parent, name) = path.split_once("::")?;
            let is_module = modules.contains(parent) && !name.contains(['{', ':']);
            is_module.then(|| (name.to_owned(), parent.to_owned()))
        })
        .collect();
    let resolve = |r: String| {
        aliases
            .iter()
            .find(|(name, _)| *name == r)
            .map_or(r, |(_, parent)| parent.clone())
    };
    let mut edges = BTreeSet::new();
    for file in rust_files(&service) {
        let rel = file.strip_prefix(&service).unwrap();
        let first = rel
            .components()
            .next()
            .unwrap()
            .as_os_str()
            .to_string_lossy();
        let module = first.trim_end_matches(".rs").to_owned();
        if ROOTS.contains(&module.as_str()) || SHARED.contains(&module.as_str()) {
            // Shared plumbing must not reach up into features either.
            if SHARED.contains(&module.as_str()) {
                for r in crate_references(&fs::read_to_string(&file).unwrap()) {
                    let r = resolve(r);
                    if modules.contains(&r) && !SHARED.contains(&r.as_str()) {
                        problems.push(format!("shared module {module} uses feature {r}"));
                    }
                }
            }
            continue;
        }
        for r in crate_references(&fs::read_to_string(&file).unwrap()) {
            let r = resolve(r);
            if r != module && modules.contains(&r) && !SHARED.contains(&r.as_str()) {
                edges.insert(format!("{module} -> {r}"));
            }
        }
    }
    let listed: BTreeSet<String> = FEATURE_EXCEPTIONS
        .iter()
        .map(|(a, b)| format!("{a} -> {b}"))
        .collect();
    problems.extend(ratchet("chorus-service feature import", &edges, &listed));

    // 3. chorus-web reaches storage only through the service: it does not depend on the
    //    storage crate (its tests may, to set up and inspect), queries nothing, and renders the
    //    read models of `chorus_core::views` that service functions return.
    let web_manifest = fs::read_to_string(root.join("crates/chorus-web/Cargo.toml")).unwrap();
    if normal_dependencies(&web_manifest)
        .iter()
        .any(|d| d == "chorus-store")
    {
        problems.push("chorus-web depends on chorus-store; go through chorus-service".to_owned());
    }
    let web = root.join("crates/chorus-web/src");
    for file in rust_files(&web) {
        let src = fs::read_to_string(&file).unwrap();
        if src.contains(".store()") || src.contains("sqlx::") || src.contains("chorus_store") {
            problems.push(format!(
                "{}: chorus-web reaches storage; call a service function and render its view type",
                file.display()
            ));
        }
    }

    // 4. Typed values stay typed: rows carry channel, sentiment, intent, states, statuses,
    //    priority, visibility and hold reason as `chorus-core` enums, so the service and the
    //    pages compare values, never names, and never parse a row's field again. (Web forms
    //    and query strings hold names until a service function parses them, so the state-like
    //    fields are checked in the service only.)
    for (dir, rows_only) in [(&service, true), (&web, false)] {
        for file in rust_files(dir) {
            let src = fs::read_to_string(&file).unwrap();
            for (n, line) in src.lines().enumerate() {
                let why = stringly(line).or_else(|| rows_only.then(|| stringly_state(line))?);
                if let Some(why) = why {
                    problems.push(format!("{}:{}: {why}", file.display(), n + 1));
                }
            }
        }
    }

    assert!(problems.is_empty(), "layering:\n{}", problems.join("\n"));
}

/// Why `line` compares a state-like typed field of a row with a name, if it does.
fn stringly_state(line: &str) -> Option<&'static str> {
    for field in [".state", ".status", ".priority", ".visibility", ".reason"] {
        for op in [" == \"", " != \""] {
            if line.contains(&format!("{field}{op}")) {
                return Some("compares a typed state with a name; compare with the enum");
            }
        }
    }
    None
}

/// Why `line` handles a typed field as a string, if it does.
fn stringly(line: &str) -> Option<&'static str> {
    for field in [".channel", ".sentiment", ".intent"] {
        for op in [" == \"", " != \""] {
            if line.contains(&format!("{field}{op}")) {
                return Some("compares a typed signal with a name; compare with the enum");
            }
        }
    }
    for field in [
        ".channel",
        ".sentiment",
        ".intent",
        ".state",
        ".status",
        ".priority",
    ] {
        if line.contains(&format!("{field}.as_str(), \"")) {
            return Some("matches a typed field by name; match the enum's variants");
        }
    }
    for field in [".channel", ".state", ".sentiment", ".intent"] {
        if line.contains(&format!("{field}.parse::<")) {
            return Some("parses a typed field again; it is parsed once, when the row is read");
        }
    }
    None
}

#[test]
fn stringly_comparisons_are_found() {
    assert!(stringly(r#"if m.intent == "complaint" {"#).is_some());
    assert!(stringly(r#"let x = c.state.parse::<CaseState>();"#).is_some());
    assert!(stringly(r#"matches!(m.channel.as_str(), "email" | "webhook")"#).is_some());
    assert!(stringly("if m.intent == Intent::Complaint {").is_none());
    assert!(stringly_state(r#"if d.state == "sent" {"#).is_some());
    assert!(stringly_state("if d.state == DeliveryState::Sent {").is_none());
    assert!(stringly(r#"let t = item.title == "x";"#).is_none());
}

#[test]
fn layering_parser_reads_groups_and_paths() {
    let refs = crate_references(
        "use crate::{Hub, jobs::{self, Job}, listen};\nfn f() { crate::triage::x(); }",
    );
    let want: BTreeSet<String> = ["Hub", "jobs", "listen", "triage"]
        .iter()
        .map(|s| (*s).to_owned())
        .collect();
    assert_eq!(refs, want);
    let deps = normal_dependencies(
        "[dependencies]\nchorus-core = { path = \"..\" }\nserde = \"1\"\n[dev-dependencies]\nchorus-testkit = {}\n",
    );
    assert_eq!(deps, ["chorus-core"]);
}
