//! A message decided now and written later, in the language of whoever reads it.
//!
//! The service refuses a form, explains a priority or names a conflict long before it knows
//! who will read the answer: a page in German, an e-mail in French, an API client that wants
//! stable English. So it returns a [`Text`] (a catalogue id and its arguments, owned, cheap to
//! carry in an error) and each edge writes it out: pages with the reader's [`Tr`], the API
//! and logs in English through `Display`.

use std::borrow::Cow;
use std::fmt;

use crate::{Arg, Locale, Tr};

/// A catalogue message and its arguments, to be written in any language.
#[derive(Debug, Clone, PartialEq)]
pub struct Text {
    id: &'static str,
    args: Vec<(&'static str, Value)>,
}

/// One argument of a [`Text`], owned.
#[derive(Debug, Clone, PartialEq)]
enum Value {
    Num(f64),
    Str(String),
    /// Another message, written in the same language as the one that holds it.
    Text(Box<Text>),
}

impl Text {
    /// The message `id` of the catalogues.
    pub fn new(id: &'static str) -> Text {
        Text {
            id,
            args: Vec::new(),
        }
    }

    /// Text the hub did not write and cannot translate (a parser's complaint, what someone
    /// typed), shown as it is. Kept for messages that quote the outside world.
    pub fn verbatim(text: impl Into<String>) -> Text {
        Text::new("text-verbatim").arg("text", text.into())
    }

    /// Adds argument `name`: a number (formatted for the language, and what plurals select
    /// on) or text inserted as it is.
    #[must_use]
    pub fn arg<'a>(mut self, name: &'static str, value: impl Into<Arg<'a>>) -> Text {
        let value = match value.into() {
            Arg::Num(n) => Value::Num(n),
            Arg::Str(s) => Value::Str(s.into_owned()),
        };
        self.args.push((name, value));
        self
    }

    /// Adds argument `name` as another message (a state's name, a reason), written in the
    /// same language as this one.
    #[must_use]
    pub fn arg_text(mut self, name: &'static str, value: Text) -> Text {
        self.args.push((name, Value::Text(Box::new(value))));
        self
    }

    /// The catalogue id, for tests and for code that branches on which message it is.
    pub fn id(&self) -> &'static str {
        self.id
    }

    /// Written out by `tr`.
    pub fn write(&self, tr: Tr) -> String {
        let args: Vec<(&str, Arg<'_>)> = self
            .args
            .iter()
            .map(|(k, v)| {
                let v = match v {
                    Value::Num(n) => Arg::Num(*n),
                    Value::Str(s) => Arg::Str(Cow::Borrowed(s.as_str())),
                    Value::Text(t) => Arg::Str(Cow::Owned(t.write(tr))),
                };
                (*k, v)
            })
            .collect();
        tr.args(self.id, &args)
    }

    /// Written in English: what the API, logs and the command line show.
    pub fn english(&self) -> String {
        self.write(Tr::new(Locale::En))
    }
}

impl fmt::Display for Text {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.english())
    }
}
