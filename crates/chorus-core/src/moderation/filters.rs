//! Word filters: patterns and their actions, the folding of text into words (leetspeak,
//! stretched and spaced-out letters) and matching with replacements.

use chorus_i18n::Text;

named_enum!(
    /// What a word filter does when a post matches it.
    FilterAction, "filter action", {
        /// Refuse the post with a clear message.
        Block => "block", "Block";
        /// Hold it for review.
        Hold => "hold", "Hold for review";
        /// Replace the words and publish.
        Replace => "replace", "Replace";
        /// Publish it and put it in the queue.
        Flag => "flag", "Flag for review";
    }
);

/// One filter as stored.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FilterRule {
    /// Id (for the log and the admin page).
    pub id: i64,
    /// Words separated by spaces; `*` at the start or end of a word matches any ending or
    /// beginning (`idiot*` matches "idiots" and "idiotic").
    pub pattern: String,
    /// What a match does.
    pub action: FilterAction,
    /// For [`FilterAction::Replace`]: what the matched words become.
    pub replacement: String,
}

/// Checks a filter pattern: some words, each of letters and digits with an optional `*` at
/// one end. The refusal is a catalogue message, for the `pattern` field.
pub fn check_pattern(pattern: &str) -> Result<(), Text> {
    let words: Vec<&str> = pattern.split_whitespace().collect();
    if words.is_empty() {
        return Err(Text::new("err-core-filter-empty"));
    }
    if words.len() > 8 || pattern.len() > 200 {
        return Err(Text::new("err-core-filter-long"));
    }
    for w in words {
        let core = w.trim_start_matches('*').trim_end_matches('*');
        if core.chars().count() < 2 {
            return Err(Text::new("err-core-filter-short").arg("word", format!("{w:?}")));
        }
        if core.contains('*') {
            return Err(Text::new("err-core-filter-star").arg("word", format!("{w:?}")));
        }
    }
    Ok(())
}

#[derive(Debug, Clone)]
enum WordPat {
    Exact(String),
    Prefix(String),
    Suffix(String),
    Contains(String),
}

impl WordPat {
    fn new(w: &str) -> WordPat {
        let star_start = w.starts_with('*');
        let star_end = w.ends_with('*') && w.len() > 1;
        let core = fold_word(w.trim_matches('*'));
        match (star_start, star_end) {
            (true, true) => WordPat::Contains(core),
            (true, false) => WordPat::Suffix(core),
            (false, true) => WordPat::Prefix(core),
            (false, false) => WordPat::Exact(core),
        }
    }

    fn matches(&self, word: &str, squeezed: &str) -> bool {
        match self {
            // A stretched word ("twaaat") matches; a shorter one ("as" for "ass") does not.
            WordPat::Exact(p) => word == p || (word.len() > p.len() && squeezed == squeeze(p)),
            WordPat::Prefix(p) => word.starts_with(p.as_str()),
            WordPat::Suffix(p) => word.ends_with(p.as_str()),
            WordPat::Contains(p) => word.contains(p.as_str()),
        }
    }
}

/// Compiled filters, ready to match many posts.
#[derive(Debug, Clone, Default)]
pub struct Filters {
    rules: Vec<(FilterRule, Vec<WordPat>)>,
}

/// One filter that matched, with where.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FilterHit {
    /// The filter.
    pub rule_id: i64,
    /// Its pattern.
    pub pattern: String,
    /// Its action.
    pub action: FilterAction,
    /// The matched text as written.
    pub matched: String,
}

/// What the filters make of a text.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct FilterOutcome {
    /// Every match.
    pub hits: Vec<FilterHit>,
    /// The text after replacements (`None` when nothing was replaced).
    pub replaced: Option<String>,
}

impl FilterOutcome {
    /// The strongest action among the hits: block > hold > flag (replace has been applied).
    pub fn strongest(&self) -> Option<FilterAction> {
        let rank = |a: FilterAction| match a {
            FilterAction::Block => 3,
            FilterAction::Hold => 2,
            FilterAction::Flag => 1,
            FilterAction::Replace => 0,
        };
        self.hits
            .iter()
            .map(|h| h.action)
            .filter(|a| *a != FilterAction::Replace)
            .max_by_key(|a| rank(*a))
    }

    /// The matched words of hits with `action`, for messages.
    pub fn words(&self, action: FilterAction) -> Vec<&str> {
        let mut w: Vec<&str> = self
            .hits
            .iter()
            .filter(|h| h.action == action)
            .map(|h| h.matched.as_str())
            .collect();
        w.dedup();
        w
    }
}

/// A word of the text, normalized, with its byte span in the original.
#[derive(Debug, Clone)]
struct Word {
    folded: String,
    squeezed: String,
    start: usize,
    end: usize,
}

/// Lower case, accents removed, digits and symbols that stand for letters turned into them
/// (only inside words that have letters, so "2024" stays a number).
fn fold_word(w: &str) -> String {
    let has_letter = w.chars().any(char::is_alphabetic);
    w.chars()
        .flat_map(char::to_lowercase)
        .map(|c| fold_char(c, has_letter))
        .collect()
}

fn fold_char(c: char, leet: bool) -> char {
    match c {
        'à' | 'á' | 'â' | 'ã' | 'ä' | 'å' | 'ā' => 'a',
        'ç' | 'ć' | 'č' => 'c',
        'è' | 'é' | 'ê' | 'ë' | 'ē' | 'ę' => 'e',
        'ì' | 'í' | 'î' | 'ï' | 'ı' => 'i',
        'ñ' | 'ń' => 'n',
        'ò' | 'ó' | 'ô' | 'õ' | 'ö' | 'ø' | 'ō' => 'o',
        'ù' | 'ú' | 'û' | 'ü' | 'ū' => 'u',
        'ý' | 'ÿ' => 'y',
        'ś' | 'š' | 'ß' => 's',
        'ź' | 'ż' | 'ž' => 'z',
        '0' if leet => 'o',
        '1' | '!' | '|' if leet => 'i',
        '3' if leet => 'e',
        '4' | '@' if leet => 'a',
        '5' | '$' if leet => 's',
        '7' if leet => 't',
        _ => c,
    }
}

/// Runs of the same letter collapsed to one: "stuuupid" → "stupid".
fn squeeze(w: &str) -> String {
    let mut out = String::with_capacity(w.len());
    let mut last = None;
    for c in w.chars() {
        if Some(c) != last {
            out.push(c);
        }
        last = Some(c);
    }
    out
}

fn word_char(c: char) -> bool {
    c.is_alphanumeric() || matches!(c, '@' | '$' | '!' | '|')
}

/// Splits text into folded words. Symbols that stand for letters count as part of a word
/// only between letters or digits ("sh!t", not "great!"). Runs of three or more single letters
/// ("f u c k", "f.u.c.k") are also joined into one word, so spacing tricks do not slip
/// through; joining never crosses real words, so "a classic" stays two words. Returns the words
/// and how many of them are real (the joined ones come after).
fn words(text: &str) -> (Vec<Word>, usize) {
    let mut out = Vec::new();
    let mut start = None;
    let bytes_end = text.len();
    let chars: Vec<(usize, char)> = text.char_indices().collect();
    for (k, &(i, c)) in chars.iter().enumerate() {
        let inner = c.is_alphanumeric()
            || (word_char(c)
                && start.is_some()
                && chars.get(k + 1).is_some_and(|&(_, n)| n.is_alphanumeric()));
        match (inner, start) {
            (true, None) if c.is_alphanumeric() => start = Some(i),
            (true, _) => {}
            (false, Some(s)) => {
                out.push(make_word(text, s, i));
                start = None;
            }
            (false, None) => {}
        }
    }
    if let Some(s) = start {
        out.push(make_word(text, s, bytes_end));
    }
    // Join spaced-out letters into extra words.
    let mut joined = Vec::new();
    let mut run: Vec<&Word> = Vec::new();
    // Every stretch of three or more letters of a run, since a real one-letter word may
    // stand next to the disguised one ("a t w a t"); runs are capped so this stays cheap.
    let flush = |run: &mut Vec<&Word>, joined: &mut Vec<Word>| {
        let n = run.len().min(24);
        for i in 0..n {
            for j in (i + 3)..=n {
                let folded: String = run[i..j].iter().map(|w| w.folded.as_str()).collect();
                joined.push(Word {
                    squeezed: squeeze(&folded),
                    folded,
                    start: run[i].start,
                    end: run[j - 1].end,
                });
            }
        }
        run.clear();
    };
    for w in &out {
        let single = w.folded.chars().count() == 1;
        let adjacent = run
            .last()
            .is_some_and(|prev| w.start - prev.end <= 2 && !text[prev.end..w.start].contains('\n'));
        if single && (run.is_empty() || adjacent) {
            run.push(w);
        } else {
            flush(&mut run, &mut joined);
            if single {
                run.push(w);
            }
        }
    }
    flush(&mut run, &mut joined);
    let real = out.len();
    out.extend(joined);
    (out, real)
}

fn make_word(text: &str, start: usize, end: usize) -> Word {
    let folded = fold_word(&text[start..end]);
    Word {
        squeezed: squeeze(&folded),
        folded,
        start,
        end,
    }
}

impl Filters {
    /// Compiles stored rules (patterns are checked when saved; a bad one is skipped).
    pub fn new(rules: Vec<FilterRule>) -> Filters {
        let rules = rules
            .into_iter()
            .filter(|r| check_pattern(&r.pattern).is_ok())
            .map(|r| {
                let pats = r.pattern.split_whitespace().map(WordPat::new).collect();
                (r, pats)
            })
            .collect();
        Filters { rules }
    }

    /// Whether there are no filters.
    pub fn is_empty(&self) -> bool {
        self.rules.is_empty()
    }

    /// Matches whole normalized words (never substrings of longer words, so "Scunthorpe",
    /// "classic" and "smartwatch" pass) and applies replacements.
    pub fn check(&self, text: &str) -> FilterOutcome {
        if self.rules.is_empty() {
            return FilterOutcome::default();
        }
        let (ws, real) = words(text);
        let mut hits = Vec::new();
        let mut replace: Vec<(usize, usize, &str)> = Vec::new();
        for (rule, pats) in &self.rules {
            if pats.len() == 1 {
                for w in ws
                    .iter()
                    .filter(|w| pats[0].matches(&w.folded, &w.squeezed))
                {
                    hits.push(hit(rule, &text[w.start..w.end]));
                    if rule.action == FilterAction::Replace {
                        replace.push((w.start, w.end, &rule.replacement));
                    }
                }
            } else {
                // Phrases match consecutive real words (joined spelled-out words are extra).
                for win in ws[..real].windows(pats.len()) {
                    let all = win
                        .iter()
                        .zip(pats)
                        .all(|(w, p)| p.matches(&w.folded, &w.squeezed));
                    let consecutive = win.windows(2).all(|p| p[0].end <= p[1].start);
                    if all && consecutive {
                        let (s, e) = (win[0].start, win[win.len() - 1].end);
                        hits.push(hit(rule, &text[s..e]));
                        if rule.action == FilterAction::Replace {
                            replace.push((s, e, &rule.replacement));
                        }
                    }
                }
            }
        }
        let replaced = (!replace.is_empty()).then(|| {
            replace.sort_by_key(|r| (r.0, std::cmp::Reverse(r.1)));
            let mut out = String::with_capacity(text.len());
            let mut at = 0;
            for (s, e, with) in replace {
                if s < at {
                    continue; // overlaps a replacement already made
                }
                out.push_str(&text[at..s]);
                out.push_str(with);
                at = e;
            }
            out.push_str(&text[at..]);
            out
        });
        FilterOutcome { hits, replaced }
    }
}

fn hit(rule: &FilterRule, matched: &str) -> FilterHit {
    FilterHit {
        rule_id: rule.id,
        pattern: rule.pattern.clone(),
        action: rule.action,
        matched: matched.to_owned(),
    }
}
