//! Language identification: writing systems first, then function-word votes for Latin-script
//! languages, and whatlang's trigram models only for longer texts the votes cannot settle.

use std::borrow::Cow;

use serde::{Deserialize, Serialize};

use crate::facts::Facts;
use crate::lexicon::LANGS;
use crate::text::Scratch;

/// A detected language.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Language {
    /// ISO 639-1 code where one exists (`en`, `de`), else ISO 639-3; `und` when unknown.
    pub code: Cow<'static, str>,
    /// 0 to 1.
    pub confidence: f32,
}

fn found(code: &'static str, confidence: f32) -> Language {
    Language {
        code: Cow::Borrowed(code),
        confidence,
    }
}

/// Detects the language of the text in `s`.
pub fn detect(s: &Scratch, f: &Facts) -> Language {
    let st = &s.stats;
    let sc = &st.scripts;
    let letters = st.letters.max(1);
    let share = |n: u32| n as f32 / letters as f32;
    // Scripts used by one language (or one dominant one) decide at once.
    if sc.kana > 0 && share(sc.kana + sc.han) > 0.3 {
        return found("ja", 0.9);
    }
    for (n, code) in [
        (sc.hangul, "ko"),
        (sc.han, "zh"),
        (sc.greek, "el"),
        (sc.hebrew, "he"),
        (sc.thai, "th"),
        (sc.devanagari, "hi"),
        (sc.arabic, "ar"),
    ] {
        if share(n) > 0.5 {
            return found(code, 0.8);
        }
    }
    if share(sc.cyrillic) > 0.5 {
        return found(if sc.ukrainian > 0 { "uk" } else { "ru" }, 0.7);
    }
    // Latin script: the language with the most function words, if it clearly leads.
    let (mut top, mut lang, mut second) = (0u16, 0usize, 0u16);
    for (i, &v) in f.lang_votes.iter().enumerate() {
        if v > top {
            second = top;
            top = v;
            lang = i;
        } else if v > second {
            second = v;
        }
    }
    if top >= 2 && top > second {
        let ratio = f32::from(top) / f.words.max(1) as f32;
        let margin = f32::from(top - second) / f32::from(top);
        return found(LANGS[lang], (0.5 + ratio + 0.3 * margin).min(0.99));
    }
    if top >= 1 && top > second && f.words <= 4 {
        return found(LANGS[lang], 0.5);
    }
    // Plain ASCII text whose only function words are English is English; ASCII text without
    // any function word of these languages is most likely English too (low confidence).
    if st.nonascii_letters == 0 {
        // Ties among function words shared with English ("i", "a") go to English.
        if top >= 1 && f.lang_votes[0] == top {
            return found("en", 0.6);
        }
        if top == 0 && st.letters > 0 {
            return found("en", 0.35);
        }
    }
    // Too few function words to decide: a trigram model, if there is enough text. The text is
    // in Latin script here, so only Latin-script languages are compared (much faster).
    if st.letters >= 25
        && let Some(info) = latin_detector().detect(&s.norm)
        && info.confidence() >= 0.3
    {
        return found(iso639_1(info.lang().code()), info.confidence() as f32);
    }
    if top >= 1 && top > second {
        return found(LANGS[lang], 0.4);
    }
    found("und", 0.0)
}

fn latin_detector() -> &'static whatlang::Detector {
    use whatlang::Lang::*;
    static D: std::sync::OnceLock<whatlang::Detector> = std::sync::OnceLock::new();
    D.get_or_init(|| {
        whatlang::Detector::with_allowlist(vec![
            Eng, Spa, Por, Fra, Deu, Ita, Nld, Swe, Dan, Nob, Fin, Pol, Tur, Ind, Ron, Ces, Hun,
            Hrv, Slk, Slv, Lit, Lav, Est, Cat, Vie, Tgl, Afr, Lat, Epo, Aze, Uzb, Jav, Zul,
        ])
    })
}

/// The two-letter code of a three-letter ISO 639-3 code, when there is one.
fn iso639_1(code: &'static str) -> &'static str {
    match code {
        "eng" => "en",
        "spa" => "es",
        "por" => "pt",
        "fra" => "fr",
        "deu" => "de",
        "ita" => "it",
        "nld" => "nl",
        "rus" => "ru",
        "ukr" => "uk",
        "pol" => "pl",
        "tur" => "tr",
        "ara" => "ar",
        "cmn" => "zh",
        "jpn" => "ja",
        "kor" => "ko",
        "hin" => "hi",
        "swe" => "sv",
        "dan" => "da",
        "nob" => "nb",
        "fin" => "fi",
        "ces" => "cs",
        "ell" => "el",
        "heb" => "he",
        "ind" => "id",
        "vie" => "vi",
        "tha" => "th",
        "ron" => "ro",
        "hun" => "hu",
        "bul" => "bg",
        "hrv" => "hr",
        "srp" => "sr",
        "slk" => "sk",
        "slv" => "sl",
        "lit" => "lt",
        "lav" => "lv",
        "est" => "et",
        "cat" => "ca",
        "ben" => "bn",
        "pes" => "fa",
        "urd" => "ur",
        "tam" => "ta",
        "tel" => "te",
        "mar" => "mr",
        "guj" => "gu",
        "kan" => "kn",
        "mal" => "ml",
        "pan" => "pa",
        "kat" => "ka",
        "hye" => "hy",
        "aze" => "az",
        "uzb" => "uz",
        "kaz" => "kk",
        "bel" => "be",
        "mkd" => "mk",
        "afr" => "af",
        "zul" => "zu",
        "epo" => "eo",
        "lat" => "la",
        "tgl" => "tl",
        "jav" => "jv",
        other => other,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::facts::gather;
    use crate::text::tokenize;

    fn lang(t: &str) -> String {
        let mut s = Scratch::new();
        tokenize(t, &mut s);
        let f = gather(&mut s);
        detect(&s, &f).code.into_owned()
    }

    #[test]
    fn common_languages() {
        assert_eq!(lang("my order never arrived and the app is broken"), "en");
        assert_eq!(
            lang("Meine Bestellung ist nie angekommen und die App stürzt ständig ab"),
            "de"
        );
        assert_eq!(
            lang("Mi pedido nunca llegó y la aplicación no funciona desde ayer"),
            "es"
        );
        assert_eq!(
            lang("Ma commande n'est jamais arrivée et l'application ne marche plus"),
            "fr"
        );
        assert_eq!(
            lang("Il mio ordine non è mai arrivato e l'app non funziona"),
            "it"
        );
        assert_eq!(lang("Мой заказ так и не пришёл"), "ru");
        assert_eq!(lang("Моє замовлення не прийшло, і додаток не працює"), "uk");
        assert_eq!(lang("注文した商品がまだ届きません"), "ja");
        assert_eq!(lang("주문한 상품이 아직 도착하지 않았습니다"), "ko");
        assert_eq!(lang("😡😡😡"), "und");
        assert_eq!(lang(""), "und");
    }
}
