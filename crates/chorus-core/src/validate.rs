//! Validation of what people type, with one message per field.
//!
//! Both the HTML forms and the JSON API report the same [`FieldErrors`], so a form can show each
//! message next to its input and an API client can map it to its own fields. Each message is a
//! catalogue [`Text`]: the API shows it in English, a page in the reader's language.

use std::fmt;

use chorus_i18n::Text;
use serde::Serialize;

/// One problem with one input field.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct FieldError {
    /// The field's name as in the form or JSON body, e.g. `email`.
    pub field: String,
    /// What is wrong, in English (what the API returns).
    pub message: String,
    /// The message itself, to be written in any language.
    #[serde(skip)]
    pub text: Text,
}

/// Every problem found in one submission. Empty means valid.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
#[serde(transparent)]
pub struct FieldErrors(pub Vec<FieldError>);

impl FieldErrors {
    /// No errors yet.
    pub fn new() -> Self {
        Self::default()
    }

    /// Records a problem with `field`.
    pub fn add(&mut self, field: &str, text: Text) {
        self.0.push(FieldError {
            field: field.to_owned(),
            message: text.english(),
            text,
        });
    }

    /// A single-field error.
    pub fn single(field: &str, text: Text) -> Self {
        let mut e = Self::new();
        e.add(field, text);
        e
    }

    /// Whether nothing was recorded.
    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    /// The first message for `field`, if any.
    pub fn get(&self, field: &str) -> Option<&str> {
        self.0
            .iter()
            .find(|e| e.field == field)
            .map(|e| e.message.as_str())
    }

    /// `Ok(())` when empty, otherwise `Err(self)`.
    pub fn into_result(self) -> Result<(), FieldErrors> {
        if self.is_empty() { Ok(()) } else { Err(self) }
    }
}

impl fmt::Display for FieldErrors {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let mut first = true;
        for e in &self.0 {
            if !first {
                f.write_str("; ")?;
            }
            first = false;
            write!(f, "{}: {}", e.field, e.message)?;
        }
        Ok(())
    }
}

impl std::error::Error for FieldErrors {}

/// Longest e-mail address accepted (RFC 5321 path limit).
pub const EMAIL_MAX: usize = 254;
/// Shortest password accepted (NIST SP 800-63B asks for at least 8; we ask for a little more).
pub const PASSWORD_MIN: usize = 10;
/// Longest password accepted; bounds the hashing work an attacker can request.
pub const PASSWORD_MAX: usize = 256;
/// Longest display name accepted.
pub const NAME_MAX: usize = 60;

/// Normalizes an e-mail address for storage and lookup: trimmed and lower-cased.
///
/// Lower-casing the local part is technically lossy, but no mail provider people use treats case
/// as significant, and it prevents two accounts that differ only by case.
pub fn normalize_email(raw: &str) -> String {
    raw.trim().to_lowercase()
}

/// Checks an (already normalized) e-mail address: one `@`, a non-empty local part, a dotted
/// domain, no spaces or control characters. Deliverability is proven by the reset e-mail, not here.
pub fn check_email(email: &str, errors: &mut FieldErrors) {
    if email.is_empty() {
        errors.add("email", Text::new("err-core-email-empty"));
        return;
    }
    if email.chars().count() > EMAIL_MAX {
        errors.add(
            "email",
            Text::new("err-core-max-chars").arg("max", EMAIL_MAX),
        );
        return;
    }
    let ok = match email.split_once('@') {
        Some((local, domain)) => {
            !local.is_empty()
                && !domain.contains('@')
                && domain.contains('.')
                && !domain.starts_with('.')
                && !domain.ends_with('.')
                && !domain.contains("..")
                && email.chars().all(|c| !c.is_whitespace() && !c.is_control())
        }
        None => false,
    };
    if !ok {
        errors.add("email", Text::new("err-core-email-invalid"));
    }
}

/// Checks a display name: 1 to [`NAME_MAX`] characters after trimming, no control characters.
pub fn check_name(name: &str, errors: &mut FieldErrors) {
    let n = name.trim();
    if n.is_empty() {
        errors.add("name", Text::new("err-core-name-empty"));
    } else if n.chars().count() > NAME_MAX {
        errors.add("name", Text::new("err-core-max-chars").arg("max", NAME_MAX));
    } else if n.chars().any(char::is_control) {
        errors.add("name", Text::new("err-core-name-control"));
    }
}

/// Checks a new password: length bounds and a short list of passwords every attacker tries first.
pub fn check_new_password(password: &str, errors: &mut FieldErrors) {
    let len = password.chars().count();
    if len < PASSWORD_MIN {
        errors.add(
            "password",
            Text::new("err-core-min-chars").arg("min", PASSWORD_MIN),
        );
    } else if len > PASSWORD_MAX {
        errors.add(
            "password",
            Text::new("err-core-max-chars").arg("max", PASSWORD_MAX),
        );
    } else if is_common_password(password) {
        errors.add("password", Text::new("err-core-password-common"));
    }
}

/// Why a Markdown body is refused ([`chorus_markdown::check`]), as a catalogue message; the
/// English is that of the error's `Display`.
pub fn markdown_limit(e: &chorus_markdown::LimitError) -> Text {
    match e {
        // Byte counts are passed as text so that English keeps printing them ungrouped.
        chorus_markdown::LimitError::TooLarge { bytes } => Text::new("err-core-markdown-large")
            .arg("max", chorus_markdown::MAX_BYTES.to_string())
            .arg("bytes", bytes.to_string()),
        chorus_markdown::LimitError::TooDeep { max } => {
            Text::new("err-core-markdown-deep").arg("max", *max)
        }
    }
}

fn is_common_password(password: &str) -> bool {
    // The ten-plus-character entries of widely published most-common-password lists.
    const COMMON: &[&str] = &[
        "1234567890",
        "12345678910",
        "123456789a",
        "0987654321",
        "1q2w3e4r5t",
        "qwertyuiop",
        "password12",
        "password123",
        "password1!",
        "passwordpassword",
        "iloveyou12",
        "qwerty1234",
        "1111111111",
        "aaaaaaaaaa",
        "abcdefghij",
        "letmein123",
        "welcome123",
        "changeme123",
        "administrator",
    ];
    let lower = password.to_lowercase();
    COMMON.contains(&lower.as_str())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn email_ok(s: &str) -> bool {
        let mut e = FieldErrors::new();
        check_email(&normalize_email(s), &mut e);
        e.is_empty()
    }

    #[test]
    fn emails() {
        assert!(email_ok("ana@example.com"));
        assert!(email_ok("  Ana.Lopez+chorus@Example.CO.uk "));
        for bad in [
            "",
            "ana",
            "ana@",
            "@example.com",
            "ana@example",
            "ana@@example.com",
            "ana @example.com",
            "ana@.example.com",
            "ana@example..com",
            "ana@example.com.",
            "a\u{7}@example.com",
        ] {
            assert!(!email_ok(bad), "{bad:?} should be refused");
        }
        assert!(!email_ok(&format!("{}@example.com", "a".repeat(260))));
    }

    #[test]
    fn passwords() {
        let check = |p: &str| {
            let mut e = FieldErrors::new();
            check_new_password(p, &mut e);
            e.get("password").map(str::to_owned)
        };
        assert!(check("correct horse battery").is_none());
        assert!(check("short").is_some());
        assert!(check("Password123").is_some(), "common, case-insensitively");
        assert!(check(&"x".repeat(PASSWORD_MAX + 1)).is_some());
        assert!(check("ünïcödé-pässwörd").is_none());
    }

    #[test]
    fn names() {
        let check = |n: &str| {
            let mut e = FieldErrors::new();
            check_name(n, &mut e);
            e.is_empty()
        };
        assert!(check("Ana López"));
        assert!(!check("   "));
        assert!(!check(&"n".repeat(NAME_MAX + 1)));
        assert!(!check("Ana\u{0}"));
    }

    #[test]
    fn errors_collect_and_display() {
        let mut e = FieldErrors::new();
        e.add("email", Text::verbatim("bad"));
        e.add("password", Text::verbatim("short"));
        assert_eq!(e.get("password"), Some("short"));
        assert_eq!(e.to_string(), "email: bad; password: short");
        assert!(e.into_result().is_err());
        assert!(FieldErrors::new().into_result().is_ok());
    }
}
