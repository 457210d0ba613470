//! A town hall as an iCalendar file (RFC 5545), so a follower can put it in their calendar:
//! the format's escaping, times and line folding are a concern of their own, apart from the
//! event's rules.

use chorus_core::Timestamp;
use chorus_core::views::engagement::TownHall;

use crate::Hub;

fn ics_text(s: &str) -> String {
    s.replace('\\', "\\\\")
        .replace(';', "\\;")
        .replace(',', "\\,")
        .replace(['\r', '\n'], "\\n")
}

fn ics_time(t: i64) -> String {
    let format = time::macros::format_description!("[year][month][day]T[hour][minute][second]Z");
    Timestamp(t)
        .to_datetime()
        .and_then(|d| d.format(&format).ok())
        .unwrap_or_default()
}

/// Folds a content line at 75 octets (RFC 5545 §3.1), never inside a character.
fn fold(line: &str) -> String {
    let mut out = String::with_capacity(line.len() + line.len() / 70 * 3);
    let mut width = 0;
    for c in line.chars() {
        if width + c.len_utf8() > 75 {
            out.push_str("\r\n ");
            width = 1;
        }
        out.push(c);
        width += c.len_utf8();
    }
    out.push_str("\r\n");
    out
}

/// The town hall as an iCalendar file (RFC 5545), for a calendar application.
pub fn ics(hub: &Hub, e: &TownHall) -> String {
    let url = format!("{}/events/{}", hub.config().public_url(), e.id);
    let host = hub
        .config()
        .public_url()
        .split("://")
        .nth(1)
        .unwrap_or("chorus")
        .split(['/', ':'])
        .next()
        .unwrap_or("chorus")
        .to_owned();
    let description = format!(
        "{}\n\nAsk and vote questions: {url}",
        chorus_markdown::plain_text(&e.description)
    );
    let mut out = String::new();
    for line in [
        "BEGIN:VCALENDAR".to_owned(),
        "VERSION:2.0".to_owned(),
        "PRODID:-//Chorus//Town halls//EN".to_owned(),
        "CALSCALE:GREGORIAN".to_owned(),
        "METHOD:PUBLISH".to_owned(),
        "BEGIN:VEVENT".to_owned(),
        format!("UID:town-hall-{}@{host}", e.id),
        format!("DTSTAMP:{}", ics_time(e.created_at)),
        format!("DTSTART:{}", ics_time(e.starts_at)),
        format!("DTEND:{}", ics_time(e.ends_at)),
        format!("SUMMARY:{}", ics_text(&e.title)),
        format!("DESCRIPTION:{}", ics_text(description.trim())),
        format!("URL:{url}"),
        format!("SEQUENCE:{}", 0),
        "END:VEVENT".to_owned(),
        "END:VCALENDAR".to_owned(),
    ] {
        out.push_str(&fold(&line));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ics_lines_are_escaped_and_folded() {
        let long = "x".repeat(200);
        let folded = fold(&format!("SUMMARY:{long}"));
        assert!(folded.lines().all(|l| l.len() <= 75));
        assert_eq!(folded.replace("\r\n ", ""), format!("SUMMARY:{long}\r\n"));
        assert_eq!(ics_text("a, b; c\nd"), "a\\, b\\; c\\nd");
        // A multi-byte character is never split.
        let s = fold(&"é".repeat(100));
        assert!(
            s.split("\r\n ")
                .all(|p| std::str::from_utf8(p.as_bytes()).is_ok())
        );
    }
}
