//! `chorus analyze`: signals for each input line, as JSON, answered in batches.

use std::io::{BufRead, BufWriter, Write};

use anyhow::Result;
use chorus_encoder::cascade::Decided;
use serde::Serialize;

use super::{BATCH, load_cascade};
use crate::cli::TierArgs;

/// The JSON printed for one text: the signals with the fingerprint in hex.
#[derive(Serialize)]
struct SignalsJson<'a> {
    sentiment: &'a chorus_analyze::Sentiment,
    intent: chorus_analyze::Intent,
    service_related: bool,
    toxicity: &'a chorus_analyze::Toxicity,
    language: &'a chorus_analyze::Language,
    key_phrases: &'a [String],
    fingerprint: FingerprintJson,
    /// `fast` or `accurate`: which tier decided.
    tier: &'static str,
    /// The model behind the trained signals (`linear`, the encoder's name, or `none`).
    model: &'a str,
}

#[derive(Serialize)]
struct FingerprintJson {
    minhash: String,
    bands: Vec<String>,
}

fn to_json(d: &Decided) -> SignalsJson<'_> {
    let s = &d.signals;
    SignalsJson {
        tier: d.tier.as_str(),
        model: &d.model,
        sentiment: &s.sentiment,
        intent: s.intent,
        service_related: s.service_related,
        toxicity: &s.toxicity,
        language: &s.language,
        key_phrases: &s.key_phrases,
        fingerprint: FingerprintJson {
            minhash: s.fingerprint.minhash_hex(),
            bands: s
                .fingerprint
                .bands
                .iter()
                .map(|b| format!("{b:016x}"))
                .collect(),
        },
    }
}

/// One input line: a text, or why it could not be read.
enum Line {
    Text(String),
    Bad(u64, &'static str),
}

/// `chorus analyze`: one JSON object per input line, in order. A line that cannot be read is
/// reported on stderr with its number and answered with an error object, so outputs stay
/// aligned with inputs.
pub fn analyze(jsonl: bool, args: &TierArgs) -> Result<()> {
    let (cascade, tier) = load_cascade(args, false)?;
    let stdin = std::io::stdin();
    let mut input = stdin.lock();
    let stdout = std::io::stdout();
    let mut out = BufWriter::new(stdout.lock());
    let mut buf = Vec::new();
    let mut line_no = 0u64;
    let mut pending: Vec<Line> = Vec::new();
    loop {
        buf.clear();
        let eof = input.read_until(b'\n', &mut buf)? == 0;
        if !eof {
            line_no += 1;
            while buf.last().is_some_and(|b| *b == b'\n' || *b == b'\r') {
                buf.pop();
            }
            pending.push(read_line(&buf, jsonl, line_no));
        }
        // Answer in batches of BATCH lines (the encoder is much faster per text in batches);
        // the last, shorter batch is answered at the end of the input.
        if pending.len() >= BATCH || (eof && !pending.is_empty()) {
            let texts: Vec<&str> = pending
                .iter()
                .filter_map(|l| match l {
                    Line::Text(t) => Some(t.as_str()),
                    Line::Bad(..) => None,
                })
                .collect();
            let mut decided = cascade.analyze(&texts, tier)?.into_iter();
            for l in &pending {
                match l {
                    Line::Text(_) => {
                        if let Some(d) = decided.next() {
                            serde_json::to_writer(&mut out, &to_json(&d))?;
                            out.write_all(b"\n")?;
                        }
                    }
                    Line::Bad(n, why) => {
                        writeln!(out, "{}", serde_json::json!({"line": n, "error": why}))?;
                    }
                }
            }
            pending.clear();
            out.flush()?;
        }
        if eof {
            break;
        }
    }
    out.flush()?;
    Ok(())
}

/// The text of one input line (plain, or the `text` field of a JSON object).
fn read_line(buf: &[u8], jsonl: bool, line_no: u64) -> Line {
    let text = match std::str::from_utf8(buf) {
        Ok(t) => t,
        Err(e) => {
            eprintln!("line {line_no}: invalid UTF-8 ({e}); skipped");
            return Line::Bad(line_no, "invalid UTF-8");
        }
    };
    if !jsonl {
        return Line::Text(text.to_owned());
    }
    match serde_json::from_str::<serde_json::Value>(text) {
        Ok(v) => match v.get("text").and_then(|t| t.as_str()) {
            Some(t) => Line::Text(t.to_owned()),
            None => {
                eprintln!("line {line_no}: no \"text\" string field; skipped");
                Line::Bad(line_no, "missing text field")
            }
        },
        Err(e) => {
            eprintln!("line {line_no}: invalid JSON ({e}); skipped");
            Line::Bad(line_no, "invalid JSON")
        }
    }
}
