//! Chorus in the reader's language: Fluent catalogues, language negotiation, and numbers and
//! times written the way the reader writes them.
//!
//! **Why Fluent.** Plurals differ by language (French counts 0 as singular, English does
//! not), word order differs, and a translator must be able to move a placeholder without
//! touching code. Project Fluent's format (the one Firefox is translated in) keeps all of that
//! in the catalogue: `{ $n -> [one] … *[other] … }` selects by the language's CLDR plural
//! rules, so code passes numbers and never builds sentences from pieces.
//!
//! **Where the text lives.** `locales/<language>/<area>.ftl`, one file per area of the
//! product, compiled into the binary (a hub never reads catalogues from disk, so a release
//! cannot ship with one missing). English is the source; every other catalogue has exactly
//! the same message ids and variables, which the tests of this crate check, so a missing
//! translation fails the build's tests instead of showing an id to a reader.
//!
//! **Which language.** [`choose`]: the member's own setting, then the language they picked in
//! the footer (a cookie, for visitors), then the browser's `Accept-Language`, then the hub's
//! default. A message missing at run time (impossible after the tests pass, but catalogues are
//! data) falls back to English, then to its id, and is never an error page.
//!
//! Numbers go through the bundle's formatter, so `{ $n }` in any message is grouped for the
//! language (1,234 · 1.234 · 1 234); [`Tr::compact`] writes reach as 1.2k or 1,2 k, and
//! [`Tr::relative`] / [`Tr::datetime`] write times, always in UTC since a hub has no time
//! zone per reader.

use std::borrow::Cow;
use std::fmt::Display;
use std::sync::LazyLock;

use fluent_bundle::concurrent::FluentBundle;
use fluent_bundle::{FluentArgs, FluentResource, FluentValue};

mod text;
pub use text::Text;

/// A language the hub's interface is written in.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub enum Locale {
    /// English, the source language of every catalogue.
    #[default]
    En,
    /// Spanish.
    Es,
    /// German.
    De,
    /// French.
    Fr,
}

impl Locale {
    /// Every language, in the order the language switcher lists them.
    pub const ALL: [Locale; 4] = [Locale::En, Locale::Es, Locale::De, Locale::Fr];

    /// The BCP 47 tag, for `<html lang>`, cookies and settings.
    pub fn tag(self) -> &'static str {
        match self {
            Locale::En => "en",
            Locale::Es => "es",
            Locale::De => "de",
            Locale::Fr => "fr",
        }
    }

    /// The language's name in itself, as a switcher shows it (a reader who cannot read the
    /// current language must still find their own).
    pub fn native_name(self) -> &'static str {
        match self {
            Locale::En => "English",
            Locale::Es => "Español",
            Locale::De => "Deutsch",
            Locale::Fr => "Français",
        }
    }

    /// The language of a tag such as `de`, `de-AT` or `fr_CA` (case-insensitive), if the
    /// hub speaks it.
    pub fn parse(tag: &str) -> Option<Locale> {
        let primary = tag.trim().split(['-', '_']).next()?.to_ascii_lowercase();
        Locale::ALL.into_iter().find(|l| l.tag() == primary)
    }

    /// The best language of an `Accept-Language` header (RFC 9110 §12.5.4): the supported
    /// language with the highest weight, the earlier one on a tie; `None` when none is
    /// supported (or all are refused with `q=0`).
    pub fn from_accept_language(header: &str) -> Option<Locale> {
        let mut best: Option<(Locale, u16)> = None;
        for item in header.split(',') {
            let mut parts = item.split(';');
            let Some(locale) = parts.next().and_then(Locale::parse) else {
                continue;
            };
            let weight = parts
                .find_map(|p| p.trim().strip_prefix("q="))
                .map_or(1000, quality);
            if weight > 0 && best.is_none_or(|(_, w)| weight > w) {
                best = Some((locale, weight));
            }
        }
        best.map(|(l, _)| l)
    }

    fn index(self) -> usize {
        match self {
            Locale::En => 0,
            Locale::Es => 1,
            Locale::De => 2,
            Locale::Fr => 3,
        }
    }
}

/// A `q` value in thousandths; malformed values count as 0 (refused) rather than as 1, so a
/// garbled header never outranks a clean one.
fn quality(q: &str) -> u16 {
    match q.trim().parse::<f32>() {
        // Bounded to 0..=1000 before the cast, so it cannot truncate.
        #[allow(clippy::cast_possible_truncation, clippy::cast_sign_loss)]
        Ok(v) if (0.0..=1.0).contains(&v) => (v * 1000.0).round() as u16,
        _ => 0,
    }
}

/// The reader's language: their own setting, then the one picked in the footer, then the
/// browser's, then the hub's default. Unknown or unsupported values are skipped, never errors.
pub fn choose(
    member: Option<&str>,
    picked: Option<&str>,
    accept_language: Option<&str>,
    default: Locale,
) -> Locale {
    member
        .and_then(Locale::parse)
        .or_else(|| picked.and_then(Locale::parse))
        .or_else(|| accept_language.and_then(Locale::from_accept_language))
        .unwrap_or(default)
}

/// The product's areas, one catalogue file per language each.
macro_rules! areas {
    ($($area:literal),* $(,)?) => {
        /// Each area's name and its catalogue in every language, in [`Locale::ALL`] order.
        pub const CATALOGUES: &[(&str, [&str; 4])] = &[$(
            ($area, [
                include_str!(concat!("../locales/en/", $area, ".ftl")),
                include_str!(concat!("../locales/es/", $area, ".ftl")),
                include_str!(concat!("../locales/de/", $area, ".ftl")),
                include_str!(concat!("../locales/fr/", $area, ".ftl")),
            ]),
        )*];
    };
}

areas!(
    "common",
    "community",
    "ask",
    "account",
    "listening",
    "reports",
    "cases",
    "knowledge",
    "moderation",
    "admin",
    "engagement",
    "mail",
    "errors",
    "errors-core",
    "errors-community",
    "errors-cases",
    "errors-listening",
    "errors-engagement",
    "records",
    "embed",
);

type Bundle = FluentBundle<FluentResource>;

static BUNDLES: LazyLock<[Bundle; 4]> = LazyLock::new(|| Locale::ALL.map(bundle));

fn bundle(locale: Locale) -> Bundle {
    let lang = locale
        .tag()
        .parse::<unic_langid::LanguageIdentifier>()
        .unwrap_or_default();
    let mut b = FluentBundle::new_concurrent(vec![lang]);
    // Isolation marks (U+2068/U+2069) protect right-to-left text; none of our languages need
    // them and they would end up inside attribute values and e-mail subjects.
    b.set_use_isolating(false);
    b.set_formatter(Some(match locale {
        Locale::En => format_en,
        Locale::Es => format_es,
        Locale::De => format_de,
        Locale::Fr => format_fr,
    }));
    for (_, files) in CATALOGUES {
        // A syntax error drops only the broken entry (the tests reject it before release).
        let res =
            FluentResource::try_new(files[locale.index()].to_owned()).unwrap_or_else(|(r, _)| r);
        // Duplicate ids keep the first definition; also rejected by the tests.
        let _ = b.add_resource(res);
    }
    b
}

fn format_en<M>(v: &FluentValue, _: &M) -> Option<String> {
    format_value(v, Locale::En)
}
fn format_es<M>(v: &FluentValue, _: &M) -> Option<String> {
    format_value(v, Locale::Es)
}
fn format_de<M>(v: &FluentValue, _: &M) -> Option<String> {
    format_value(v, Locale::De)
}
fn format_fr<M>(v: &FluentValue, _: &M) -> Option<String> {
    format_value(v, Locale::Fr)
}

fn format_value(v: &FluentValue, locale: Locale) -> Option<String> {
    match v {
        FluentValue::Number(n) => Some(decimal(n.value, locale)),
        _ => None,
    }
}

/// Whether the English catalogue (the source) defines message `id`, for tests that check
/// every id the code and templates use.
pub fn has_message(id: &str) -> bool {
    BUNDLES[0].has_message(id)
}

/// An argument of a message.
#[derive(Debug, Clone)]
pub enum Arg<'a> {
    /// A number: formatted for the language, and what plural selectors select on.
    Num(f64),
    /// Text, inserted as it is.
    Str(Cow<'a, str>),
}

/// Counts of every integer type, by value or by reference (templates pass references).
macro_rules! count_args {
    ($($t:ty),*) => {$(
        impl From<$t> for Arg<'_> {
            // Counts in a UI are far below 2^53, where f64 stays exact.
            #[allow(clippy::cast_precision_loss, clippy::cast_lossless)]
            fn from(n: $t) -> Self {
                Arg::Num(n as f64)
            }
        }
        impl From<&$t> for Arg<'_> {
            #[allow(clippy::cast_precision_loss, clippy::cast_lossless)]
            fn from(n: &$t) -> Self {
                Arg::Num(*n as f64)
            }
        }
    )*};
}

count_args!(i64, i32, u32, u64, usize, u16, u8);

impl From<f64> for Arg<'_> {
    fn from(n: f64) -> Self {
        Arg::Num(n)
    }
}

impl<'a> From<&'a str> for Arg<'a> {
    fn from(s: &'a str) -> Self {
        Arg::Str(Cow::Borrowed(s))
    }
}

impl From<String> for Arg<'_> {
    fn from(s: String) -> Self {
        Arg::Str(Cow::Owned(s))
    }
}

impl<'a> From<&'a String> for Arg<'a> {
    fn from(s: &'a String) -> Self {
        Arg::Str(Cow::Borrowed(s.as_str()))
    }
}

/// Writes text in one language; cheap to copy into every page and job.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Tr {
    locale: Locale,
}

impl Tr {
    /// Text in `locale`.
    pub const fn new(locale: Locale) -> Self {
        Tr { locale }
    }

    /// The language written in.
    pub fn locale(self) -> Locale {
        self.locale
    }

    /// The language's tag, for `<html lang>`.
    pub fn lang(self) -> &'static str {
        self.locale.tag()
    }

    /// The message `id`, without arguments.
    pub fn t(&self, id: &str) -> String {
        self.args(id, &[])
    }

    /// The message `id` if the catalogue has one: for names that may grow beyond the
    /// catalogue (stored states, event kinds, audit codes), which are then shown as they are.
    pub fn known(&self, id: &str) -> Option<String> {
        has_message(id).then(|| self.t(id))
    }

    /// The message `id` with one number, `$n` (counts: selects the plural form).
    pub fn n(&self, id: &str, n: impl Into<Arg<'static>>) -> String {
        self.args(id, &[("n", n.into())])
    }

    /// The message `id` with one argument named `name`.
    pub fn v(&self, id: &str, name: &str, value: &dyn Display) -> String {
        self.args(id, &[(name, Arg::Str(Cow::Owned(value.to_string())))])
    }

    /// The message `id` with a count `$n` and one more argument named `name`.
    pub fn nv(
        &self,
        id: &str,
        n: impl Into<Arg<'static>>,
        name: &str,
        value: &dyn Display,
    ) -> String {
        self.args(
            id,
            &[
                ("n", n.into()),
                (name, Arg::Str(Cow::Owned(value.to_string()))),
            ],
        )
    }

    /// The message `id` with any arguments.
    pub fn args(&self, id: &str, args: &[(&str, Arg<'_>)]) -> String {
        let mut fa = FluentArgs::with_capacity(args.len());
        for (k, v) in args {
            match v {
                Arg::Num(n) => fa.set(*k, FluentValue::from(*n)),
                Arg::Str(s) => fa.set(*k, FluentValue::from(s.as_ref())),
            }
        }
        let bundles = &*BUNDLES;
        for b in [&bundles[self.locale.index()], &bundles[0]] {
            if let Some(pattern) = b.get_message(id).and_then(|m| m.value()) {
                let mut errors = Vec::new();
                let fa = (!args.is_empty()).then_some(&fa);
                return b.format_pattern(pattern, fa, &mut errors).into_owned();
            }
        }
        id.to_owned()
    }

    /// An attribute of message `id` (`id.attr` in the catalogue), e.g. a control's label.
    pub fn attr(&self, id: &str, attr: &str) -> String {
        let bundles = &*BUNDLES;
        for b in [&bundles[self.locale.index()], &bundles[0]] {
            if let Some(pattern) = b.get_message(id).and_then(|m| m.get_attribute(attr)) {
                let mut errors = Vec::new();
                return b
                    .format_pattern(pattern.value(), None, &mut errors)
                    .into_owned();
            }
        }
        format!("{id}.{attr}")
    }

    /// A whole number grouped for the language: 1,234,567 · 1.234.567 · 1 234 567.
    pub fn number(&self, n: i64) -> String {
        #[allow(clippy::cast_precision_loss)]
        decimal(n as f64, self.locale)
    }

    /// A fraction with `places` decimals and the language's decimal mark (0.35 · 0,35), with
    /// its sign always shown when `signed` (+0.35, a score around zero).
    pub fn fixed(&self, n: f64, places: usize, signed: bool) -> String {
        let s = if signed {
            format!("{n:+.places$}")
        } else {
            format!("{n:.places$}")
        };
        s.replace('.', &self.decimal_mark().to_string())
    }

    /// A count in a glance: 950, 1.2k, 12k, 3.4M (1,2 k in Spanish, German and French).
    pub fn compact(&self, n: i64) -> String {
        let neg = if n < 0 { "-" } else { "" };
        let a = n.unsigned_abs();
        if a < 1000 {
            return format!("{neg}{a}");
        }
        // The unit is chosen on the value as it will be shown (999,950 is "1M", not "1000k"),
        // and each unit is rounded once, from the exact count.
        let mut unit = 0usize;
        let mut tenths = div_round(a, 100);
        while unit < 2 && shown_units(tenths) >= 1000 {
            unit += 1;
            tenths = div_round(a, 100 * 1000u64.pow(u32::try_from(unit).unwrap_or(0)));
        }
        let suffix = ["k", "M", "B"][unit];
        let shown = if tenths >= 100 || tenths.is_multiple_of(10) {
            div_round(tenths, 10).to_string()
        } else {
            format!("{}{}{}", tenths / 10, self.decimal_mark(), tenths % 10)
        };
        match self.locale {
            Locale::En => format!("{neg}{shown}{suffix}"),
            // CLDR writes the unit after a no-break space in these languages.
            _ => format!("{neg}{shown}\u{a0}{suffix}"),
        }
    }

    /// The mark between a number's whole part and its fraction: `.` or `,`.
    pub fn decimal_mark(self) -> char {
        if self.locale == Locale::En { '.' } else { ',' }
    }

    /// A moment relative to `now` ("3 hours ago", "in 2 days"), both in milliseconds since
    /// the epoch; pages show it with [`Tr::datetime`] in a tooltip.
    pub fn relative(&self, at_ms: i64, now_ms: i64) -> String {
        let diff = now_ms.saturating_sub(at_ms);
        let secs = diff.unsigned_abs() / 1000;
        if secs < 45 {
            return self.t("time-now");
        }
        let (n, unit) = match secs {
            s if s < 45 * 60 => (div_round(s, 60).max(1), "minutes"),
            s if s < 22 * 3600 => (div_round(s, 3600).max(1), "hours"),
            s if s < 26 * 86_400 => (div_round(s, 86_400).max(1), "days"),
            s if s < 320 * 86_400 => (div_round(s, 30 * 86_400).max(1), "months"),
            s => (div_round(s, 365 * 86_400).max(1), "years"),
        };
        let dir = if diff >= 0 { "ago" } else { "in" };
        self.n(
            &format!("time-{dir}-{unit}"),
            i64::try_from(n).unwrap_or(i64::MAX),
        )
    }

    /// A moment written out in full, in UTC: "7 Dec 2026, 14:05 UTC", "07.12.2026, 14:05 UTC".
    pub fn datetime(&self, at_ms: i64) -> String {
        let Some(d) = at(at_ms) else {
            return at_ms.to_string();
        };
        let (y, m, day, hh, mm) = (d.year(), u8::from(d.month()), d.day(), d.hour(), d.minute());
        match self.locale {
            Locale::En => format!(
                "{day} {} {y}, {hh:02}:{mm:02} UTC",
                MONTHS_EN[usize::from(m) - 1]
            ),
            Locale::De => format!("{day:02}.{m:02}.{y}, {hh:02}:{mm:02} UTC"),
            Locale::Es => format!("{day}/{m}/{y}, {hh:02}:{mm:02} UTC"),
            Locale::Fr => format!("{day:02}/{m:02}/{y} {hh:02}:{mm:02} UTC"),
        }
    }

    /// A day written out: "7 Dec 2026", "07.12.2026", "7/12/2026", "07/12/2026".
    pub fn date(&self, at_ms: i64) -> String {
        let Some(d) = at(at_ms) else {
            return at_ms.to_string();
        };
        let (y, m, day) = (d.year(), u8::from(d.month()), d.day());
        match self.locale {
            Locale::En => format!("{day} {} {y}", MONTHS_EN[usize::from(m) - 1]),
            Locale::De => format!("{day:02}.{m:02}.{y}"),
            Locale::Es => format!("{day}/{m}/{y}"),
            Locale::Fr => format!("{day:02}/{m:02}/{y}"),
        }
    }
}

const MONTHS_EN: [&str; 12] = [
    "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
];

fn at(ms: i64) -> Option<time::OffsetDateTime> {
    time::OffsetDateTime::from_unix_timestamp_nanos(i128::from(ms) * 1_000_000).ok()
}

/// The whole units a compact figure shows for `tenths` (one decimal below 100, none above).
fn shown_units(tenths: u64) -> u64 {
    if tenths >= 1000 {
        div_round(tenths, 10)
    } else {
        tenths / 10
    }
}

fn div_round(a: u64, b: u64) -> u64 {
    (a + b / 2) / b
}

/// A number with the language's grouping and decimal separators, at most two decimals.
fn decimal(v: f64, locale: Locale) -> String {
    if !v.is_finite() {
        return v.to_string();
    }
    let neg = v < 0.0;
    let hundredths = (v.abs() * 100.0).round();
    // Values past 2^63 hundredths are not counts a page shows; they saturate.
    #[allow(clippy::cast_possible_truncation, clippy::cast_sign_loss)]
    let hundredths = hundredths as u64;
    let (whole, frac) = (hundredths / 100, hundredths % 100);
    let digits = whole.to_string();
    let (group, dec, min_group) = match locale {
        Locale::En => (",", ".", 4),
        Locale::De => (".", ",", 4),
        // CLDR: Spanish groups only from five digits (1234, 12.345).
        Locale::Es => (".", ",", 5),
        Locale::Fr => ("\u{202f}", ",", 4),
    };
    let mut out = String::with_capacity(digits.len() + 8);
    if neg && hundredths > 0 {
        out.push('-');
    }
    if digits.len() < min_group {
        out.push_str(&digits);
    } else {
        for (i, c) in digits.chars().enumerate() {
            if i > 0 && (digits.len() - i) % 3 == 0 {
                out.push_str(group);
            }
            out.push(c);
        }
    }
    if frac > 0 {
        out.push_str(dec);
        if frac.is_multiple_of(10) {
            out.push_str(&(frac / 10).to_string());
        } else {
            out.push_str(&format!("{frac:02}"));
        }
    }
    out
}

#[cfg(test)]
mod tests;
