//! Server-sent events (the `text/event-stream` format of the HTML standard), parsed
//! incrementally from bytes as they arrive.

/// One event.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Event {
    /// The `event:` field (`message` when absent).
    pub event: String,
    /// The `data:` lines joined with newlines.
    pub data: String,
    /// The `id:` field, if any.
    pub id: Option<String>,
}

/// Longest line accepted; a server sending more without a newline is broken or hostile.
pub const MAX_LINE: usize = 4 * 1024 * 1024;

/// Incremental parser: feed it chunks, take complete events.
#[derive(Debug, Default)]
pub struct Parser {
    buf: Vec<u8>,
    event: String,
    data: String,
    has_data: bool,
    id: Option<String>,
}

/// The stream broke the format.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("malformed event stream: {0}")]
pub struct SseError(&'static str);

impl Parser {
    /// A parser at the start of a stream.
    pub fn new() -> Self {
        Self::default()
    }

    /// Adds bytes and appends the events they complete to `out`. Comment lines (`:thump`
    /// heartbeats) are skipped.
    pub fn feed(&mut self, bytes: &[u8], out: &mut Vec<Event>) -> Result<(), SseError> {
        self.buf.extend_from_slice(bytes);
        let mut start = 0;
        while let Some(nl) = self.buf[start..].iter().position(|&b| b == b'\n') {
            let end = start + nl;
            let mut line = &self.buf[start..end];
            if line.last() == Some(&b'\r') {
                line = &line[..line.len() - 1];
            }
            let line = String::from_utf8_lossy(line).into_owned();
            start = end + 1;
            self.line(&line, out);
        }
        self.buf.drain(..start);
        if self.buf.len() > MAX_LINE {
            return Err(SseError("a line is longer than 4 MiB"));
        }
        Ok(())
    }

    fn line(&mut self, line: &str, out: &mut Vec<Event>) {
        if line.is_empty() {
            if self.has_data {
                let mut data = std::mem::take(&mut self.data);
                if data.ends_with('\n') {
                    data.pop();
                }
                out.push(Event {
                    event: if self.event.is_empty() {
                        "message".to_owned()
                    } else {
                        std::mem::take(&mut self.event)
                    },
                    data,
                    id: self.id.clone(),
                });
            }
            self.event.clear();
            self.has_data = false;
            return;
        }
        if line.starts_with(':') {
            return;
        }
        let (field, value) = match line.split_once(':') {
            Some((f, v)) => (f, v.strip_prefix(' ').unwrap_or(v)),
            None => (line, ""),
        };
        match field {
            "event" => self.event = value.to_owned(),
            "data" => {
                self.data.push_str(value);
                self.data.push('\n');
                self.has_data = true;
            }
            "id" if !value.contains('\0') => self.id = Some(value.to_owned()),
            _ => {}
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse_all(chunks: &[&[u8]]) -> Vec<Event> {
        let mut p = Parser::new();
        let mut out = Vec::new();
        for c in chunks {
            p.feed(c, &mut out).unwrap();
        }
        out
    }

    #[test]
    fn events_across_chunk_boundaries() {
        let all = b":thump\n\nevent: update\ndata: {\"a\":\ndata: 1}\n\nevent: delete\r\ndata: 42\r\n\r\n";
        let whole = parse_all(&[all]);
        assert_eq!(whole.len(), 2);
        assert_eq!(whole[0].event, "update");
        assert_eq!(whole[0].data, "{\"a\":\n1}");
        assert_eq!(whole[1].event, "delete");
        assert_eq!(whole[1].data, "42");
        // Byte by byte gives the same events.
        let bytes: Vec<&[u8]> = all.chunks(1).collect();
        assert_eq!(parse_all(&bytes), whole);
    }

    #[test]
    fn defaults_and_ids() {
        let out = parse_all(&[b"id: 7\ndata:x\n\ndata\n\n"]);
        assert_eq!(
            out[0],
            Event {
                event: "message".into(),
                data: "x".into(),
                id: Some("7".into())
            }
        );
        assert_eq!(out[1].data, "");
    }

    #[test]
    fn endless_lines_are_refused() {
        let mut p = Parser::new();
        let mut out = Vec::new();
        let big = vec![b'a'; MAX_LINE + 1];
        assert!(p.feed(&big, &mut out).is_err());
    }
}
