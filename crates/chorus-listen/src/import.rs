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
}

#[derive(Debug, Default, Deserialize)]
#[serde(default)]
struct JsonRow {
    channel: Option<String>,
    external_id: Option<serde_json::Value>,
    author: Option<String>,
    author_followers: Option<i64>,
    text: Option<String>,
    url: Option<String>,
    created_at: Option<String>,
    likes: Option<i64>,
    boosts: Option<i64>,
    replies: Option<i64>,
    in_reply_to: Option<String>,
    conversation: Option<String>,
}

fn id_text(v: Option<serde_json::Value>) -> String {
    match v {
        Some(serde_json::Value::String(s)) => s,
        Some(serde_json::Value::Number(n)) => n.to_string(),
        _ => String::new(),
    }
}

impl JsonRow {
    fn into_input(self) -> MentionInput {
        MentionInput {
            channel: self.channel.unwrap_or_else(|| "import".to_owned()),
            external_id: id_text(self.external_id),
            author: self.author.unwrap_or_default(),
            author_followers: self.author_followers.unwrap_or(0),
            text: self.text.unwrap_or_default(),
            url: self.url.unwrap_or_default(),
            created_at: self.created_at.unwrap_or_default(),
            likes: self.likes.unwrap_or(0),
            boosts: self.boosts.unwrap_or(0),
            replies: self.replies.unwrap_or(0),
            in_reply_to: self.in_reply_to,
            conversation: self.conversation,
        }
    }
}

/// Decodes one JSON line (exposed for fuzzing and the bench).
pub fn decode_json_line(line: &str) -> Result<MentionInput, String> {
    serde_json::from_str::<JsonRow>(line)
        .map(JsonRow::into_input)
        .map_err(|e| format!("invalid JSON: {e}"))
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
                    });
                }
            };
            if raw.iter().all(u8::is_ascii_whitespace) {
                continue;
            }
            let result = if raw.len() > MAX_LINE {
                Err(format!("line longer than {MAX_LINE} bytes"))
            } else {
                match std::str::from_utf8(&raw) {
                    Ok(s) => decode_json_line(s.trim_start_matches('\u{feff}')),
                    Err(_) => Err("not UTF-8".to_owned()),
                }
            };
            return Some(Record {
                line: line_no,
                result,
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
                let result = (|| {
                    Ok(MentionInput {
                        channel: opt(0).unwrap_or_else(|| "import".to_owned()),
                        external_id: owned(1),
                        author: owned(2),
                        author_followers: count("author_followers", get(3))?,
                        text: owned(4),
                        url: owned(5),
                        created_at: owned(6),
                        likes: count("likes", get(7))?,
                        boosts: count("boosts", get(8))?,
                        replies: count("replies", get(9))?,
                        in_reply_to: opt(10),
                        conversation: opt(11),
                    })
                })();
                Record { line, result }
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
        assert!(
            recs[1]
                .result
                .as_ref()
                .unwrap_err()
                .contains("author_followers")
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
}
