//! Import files: JSON Lines and CSV with the fields of [`MentionInput`], decoded record by
//! record with the line number of each, so a bad line is reported and the rest imported.
//!
//! Unknown fields and columns are ignored (exports from other tools carry more than Chorus
//! needs); missing counts are zero; a missing `channel` means `import`.

use std::io::{BufRead, Read};

use chorus_core::MentionInput;
use serde::Deserialize;

/// Longest JSON line accepted.
pub const MAX_LINE: usize = 1024 * 1024;

/// One decoded record.
#[derive(Debug, Clone, PartialEq)]
pub struct Record {
    /// 1-based line number where the record starts.
    pub line: u64,
    /// The mention, or why the line could not be read.
    pub result: Result<MentionInput, String>,
    /// Optional fields of the wrong type that were dropped (`author_followers: "ten"`): the
    /// mention is kept without them.
    pub warnings: Vec<String>,
}

/// A JSON line as written: required fields typed (a wrong type there refuses the line),
/// optional ones loose so a wrong type drops only that field.
#[derive(Debug, Default, Deserialize)]
#[serde(default)]
struct JsonRow {
    channel: Option<String>,
    external_id: Option<serde_json::Value>,
    author: Option<serde_json::Value>,
    author_followers: Option<serde_json::Value>,
    text: Option<String>,
    url: Option<serde_json::Value>,
    created_at: Option<String>,
    likes: Option<serde_json::Value>,
    boosts: Option<serde_json::Value>,
    replies: Option<serde_json::Value>,
    in_reply_to: Option<serde_json::Value>,
    conversation: Option<serde_json::Value>,
}

/// An optional count: a whole number, or a string holding one ("1,204"); anything else is
/// dropped with a warning.
fn loose_count(field: &str, v: Option<serde_json::Value>, warnings: &mut Vec<String>) -> i64 {
    use serde_json::Value;
    match v {
        None | Some(Value::Null) => 0,
        Some(Value::Number(n)) => match n.as_i64() {
            Some(i) => i,
            // 12.0 is a count; 12.5 and 1e30 are not.
            None => match n.as_f64() {
                Some(f) if f.fract() == 0.0 && f.abs() < 9e15 => f as i64,
                _ => {
                    warnings.push(format!("{field} {n} dropped: not a whole number"));
                    0
                }
            },
        },
        Some(Value::String(s)) if s.trim().is_empty() => 0,
        Some(Value::String(s)) => match count(field, Some(&s)) {
            Ok(i) => i,
            Err(e) => {
                warnings.push(format!("{e}: dropped"));
                0
            }
        },
        Some(other) => {
            warnings.push(format!(
                "{field} dropped: expected a number, got {}",
                kind(&other)
            ));
            0
        }
    }
}

/// An optional text field: a string, or a number written as text; anything else is dropped.
fn loose_text(
    field: &str,
    v: Option<serde_json::Value>,
    warnings: &mut Vec<String>,
) -> Option<String> {
    use serde_json::Value;
    match v {
        None | Some(Value::Null) => None,
        Some(Value::String(s)) => Some(s),
        Some(Value::Number(n)) => Some(n.to_string()),
        Some(other) => {
            warnings.push(format!(
                "{field} dropped: expected text, got {}",
                kind(&other)
            ));
            None
        }
    }
}

fn kind(v: &serde_json::Value) -> &'static str {
    use serde_json::Value;
    match v {
        Value::Null => "null",
        Value::Bool(_) => "true or false",
        Value::Number(_) => "a number",
        Value::String(_) => "text",
        Value::Array(_) => "a list",
        Value::Object(_) => "an object",
    }
}

fn id_text(v: Option<serde_json::Value>) -> String {
    match v {
        Some(serde_json::Value::String(s)) => s,
        Some(serde_json::Value::Number(n)) => n.to_string(),
        _ => String::new(),
    }
}

impl JsonRow {
    fn into_input(self, w: &mut Vec<String>) -> MentionInput {
        MentionInput {
            channel: self.channel.unwrap_or_else(|| "import".to_owned()),
            external_id: id_text(self.external_id),
            author: loose_text("author", self.author, w).unwrap_or_default(),
            author_followers: loose_count("author_followers", self.author_followers, w),
            text: self.text.unwrap_or_default(),
            url: loose_text("url", self.url, w).unwrap_or_default(),
            created_at: self.created_at.unwrap_or_default(),
            likes: loose_count("likes", self.likes, w),
            boosts: loose_count("boosts", self.boosts, w),
            replies: loose_count("replies", self.replies, w),
            in_reply_to: loose_text("in_reply_to", self.in_reply_to, w),
            conversation: loose_text("conversation", self.conversation, w),
        }
    }
}

/// Decodes one JSON line (exposed for fuzzing and the bench); optional fields of the wrong
/// type are dropped silently (see [`decode_json_line_with_warnings`]).
pub fn decode_json_line(line: &str) -> Result<MentionInput, String> {
    decode_json_line_with_warnings(line).map(|(m, _)| m)
}

/// Decodes one JSON line, with a warning for each optional field of the wrong type that was
/// dropped. Invalid JSON, or a required field of the wrong type, refuses the line.
pub fn decode_json_line_with_warnings(line: &str) -> Result<(MentionInput, Vec<String>), String> {
    let row = serde_json::from_str::<JsonRow>(line).map_err(|e| format!("invalid JSON: {e}"))?;
    let mut warnings = Vec::new();
    let input = row.into_input(&mut warnings);
    Ok((input, warnings))
}

/// The records of a JSON Lines file; blank lines are skipped.
pub fn jsonl<R: BufRead>(reader: R) -> impl Iterator<Item = Record> {
    let mut lines = reader.split(b'\n');
    let mut line_no = 0u64;
    std::iter::from_fn(move || {
        loop {
            line_no += 1;
            let raw = match lines.next()? {
                Ok(raw) => raw,
                Err(e) => {
                    return Some(Record {
                        line: line_no,
                        result: Err(format!("cannot read: {e}")),
                        warnings: Vec::new(),
                    });
                }
            };
            if raw.iter().all(u8::is_ascii_whitespace) {
                continue;
            }
            let decoded = if raw.len() > MAX_LINE {
                Err(format!("line longer than {MAX_LINE} bytes"))
            } else {
                match std::str::from_utf8(&raw) {
                    Ok(s) => decode_json_line_with_warnings(s.trim_start_matches('\u{feff}')),
                    Err(_) => Err("not UTF-8".to_owned()),
                }
            };
            let (result, warnings) = match decoded {
                Ok((m, w)) => (Ok(m), w),
                Err(e) => (Err(e), Vec::new()),
            };
            return Some(Record {
                line: line_no,
                result,
                warnings,
            });
        }
    })
}

fn count(field: &str, v: Option<&str>) -> Result<i64, String> {
    match v.map(str::trim) {
        None | Some("") => Ok(0),
        Some(s) => s
            .replace([',', '_'], "")
            .parse::<i64>()
            .map_err(|_| format!("{field}: {s:?} is not a whole number")),
    }
}

/// The records of a CSV file with a header row naming the columns.
pub fn csv<R: Read>(reader: R) -> Result<impl Iterator<Item = Record>, String> {
    let mut r = csv::ReaderBuilder::new()
        .flexible(true)
        .trim(csv::Trim::Headers)
        .from_reader(reader);
    let headers: Vec<String> = r
        .headers()
        .map_err(|e| format!("cannot read the header row: {e}"))?
        .iter()
        .map(|h| h.trim_start_matches('\u{feff}').to_ascii_lowercase())
        .collect();
    for needed in ["external_id", "text", "created_at"] {
        if !headers.iter().any(|h| h == needed) {
            return Err(format!("the header row has no {needed:?} column"));
        }
    }
    let col = move |name: &str| headers.iter().position(|h| h == name);
    let idx: Vec<Option<usize>> = [
        "channel",
        "external_id",
        "author",
        "author_followers",
        "text",
        "url",
        "created_at",
        "likes",
        "boosts",
        "replies",
        "in_reply_to",
        "conversation",
    ]
    .iter()
    .map(|n| col(n))
    .collect();
    let mut records = r.into_records();
    Ok(std::iter::from_fn(move || {
        let rec = records.next()?;
        Some(match rec {
            Err(e) => Record {
                line: e.position().map_or(0, |p| p.line()),
                result: Err(format!("malformed CSV: {e}")),
                warnings: Vec::new(),
            },
            Ok(rec) => {
                let line = rec.position().map_or(0, |p| p.line());
                let get = |i: usize| idx[i].and_then(|c| rec.get(c));
                let owned = |i: usize| get(i).unwrap_or("").to_owned();
                let opt = |i: usize| {
                    get(i)
                        .map(str::trim)
                        .filter(|s| !s.is_empty())
                        .map(str::to_owned)
                };
                // A count that is not a number ("ten") is dropped with a warning; the
                // mention is kept.
                let mut warnings = Vec::new();
                let mut loose = |field: &str, i: usize| {
                    count(field, get(i)).unwrap_or_else(|e| {
                        warnings.push(format!("{e}: dropped"));
                        0
                    })
                };
                let input = MentionInput {
                    channel: opt(0).unwrap_or_else(|| "import".to_owned()),
                    external_id: owned(1),
                    author: owned(2),
                    author_followers: loose("author_followers", 3),
                    text: owned(4),
                    url: owned(5),
                    created_at: owned(6),
                    likes: loose("likes", 7),
                    boosts: loose("boosts", 8),
                    replies: loose("replies", 9),
                    in_reply_to: opt(10),
                    conversation: opt(11),
                };
                Record {
                    line,
                    result: Ok(input),
                    warnings,
                }
            }
        })
    }))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn jsonl_reports_bad_lines_and_keeps_the_rest() {
        let file = "{\"channel\":\"mastodon\",\"external_id\":\"1\",\"author\":\"a\",\"author_followers\":5,\"text\":\"hi\",\"url\":\"\",\"created_at\":\"2026-11-20T10:00:00Z\",\"extra\":[1]}\n\n{broken\n{\"external_id\":7,\"text\":\"x\",\"created_at\":\"2026-11-20T10:00:00Z\"}\n";
        let recs: Vec<Record> = jsonl(file.as_bytes()).collect();
        assert_eq!(recs.len(), 3);
        assert_eq!(recs[0].line, 1);
        assert_eq!(recs[0].result.as_ref().unwrap().author_followers, 5);
        assert_eq!(recs[1].line, 3);
        assert!(
            recs[1]
                .result
                .as_ref()
                .unwrap_err()
                .contains("invalid JSON")
        );
        let third = recs[2].result.as_ref().unwrap();
        assert_eq!(
            (third.external_id.as_str(), third.channel.as_str()),
            ("7", "import")
        );
        assert_eq!(recs[2].line, 4);
    }

    #[test]
    fn csv_with_quotes_commas_and_bad_numbers() {
        let file = "channel,external_id,author,author_followers,text,url,created_at\n\
mastodon,1,jane,\"1,200\",\"the app crashes, again\",https://m.example/1,2026-11-20T10:00:00Z\n\
bluesky,2,bob,lots,\"multi\nline\",,2026-11-20T10:00:00Z\n\
,3,carol,,plain,,2026-11-20T10:00:00Z\n";
        let recs: Vec<Record> = csv(file.as_bytes()).unwrap().collect();
        assert_eq!(recs.len(), 3);
        let first = recs[0].result.as_ref().unwrap();
        assert_eq!(first.author_followers, 1200);
        assert_eq!(first.text, "the app crashes, again");
        // "lots" of followers: the mention is kept, the count dropped with a warning.
        let second = recs[1].result.as_ref().unwrap();
        assert_eq!(second.author_followers, 0);
        assert_eq!(second.text, "multi\nline");
        assert!(
            recs[1].warnings[0].contains("author_followers"),
            "{:?}",
            recs[1].warnings
        );
        assert_eq!(recs[1].line, 3);
        assert_eq!(recs[2].result.as_ref().unwrap().channel, "import");
        assert_eq!(recs[2].line, 5);
        assert!(
            csv("a,b\n1,2\n".as_bytes())
                .err()
                .unwrap()
                .contains("external_id")
        );
    }

    #[test]
    fn jsonl_optional_fields_of_the_wrong_type_are_dropped_not_the_line() {
        let line = r#"{"external_id":"9","text":"hi","created_at":"2026-11-20T10:00:00Z","author":42,"author_followers":"ten","likes":12.0,"boosts":1.5,"url":["x"],"replies":"1,204"}"#;
        let (m, warnings) = decode_json_line_with_warnings(line).unwrap();
        assert_eq!(m.author, "42");
        assert_eq!(
            (m.author_followers, m.likes, m.boosts, m.replies),
            (0, 12, 0, 1204)
        );
        assert!(m.url.is_empty());
        assert_eq!(warnings.len(), 3, "{warnings:?}");
        assert!(warnings.iter().any(|w| w.contains("author_followers")));
        assert!(warnings.iter().any(|w| w.contains("boosts")));
        assert!(warnings.iter().any(|w| w.contains("url")));
        // A required field of the wrong type still refuses the line.
        assert!(decode_json_line(r#"{"external_id":"9","text":5,"created_at":"x"}"#).is_err());
    }
}
