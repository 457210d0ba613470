//! Moderation rules: what happens to a post before it is published, flags, moderator actions,
//! trust levels and word filters.
//!
//! Everything here is pure so the policy can be read and tested in one place: the service
//! gathers the facts (signals, filter matches, recent posts) and asks [`gate`] what to do.

use serde::{Deserialize, Serialize};

use crate::time::Timestamp;

named_enum!(
    /// Who can see a post.
    Visibility, "visibility", {
        /// Everyone.
        Visible => "visible", "Visible";
        /// Waiting for a moderator; only its author and staff see it.
        Held => "held", "Held for review";
        /// Hidden by a moderator or by flags; only its author and staff see it.
        Hidden => "hidden", "Hidden";
    }
);

named_enum!(
    /// Why a post went to the moderation queue.
    HoldReason, "hold reason", {
        /// The text reads as abuse aimed at a person, or hate.
        Abuse => "abuse", "Abusive language";
        /// It matched a word filter whose action is hold or flag.
        Filter => "filter", "Matched a word filter";
        /// Link spam, repeated near-duplicates or a new account posting fast.
        Spam => "spam", "Looks like spam";
        /// Members flagged it.
        Flags => "flags", "Flagged by members";
    }
);

impl HoldReason {
    /// What the author is told when their post is held (and, in the compose form, before).
    pub fn nudge(self) -> &'static str {
        match self {
            HoldReason::Abuse => {
                "Your frustration is welcome here, but this reads as an attack on a person. \
                 Could you rephrase it around what went wrong? Posts like this are held until \
                 a moderator has read them."
            }
            HoldReason::Filter => {
                "This contains words this community has asked moderators to review. You can \
                 rephrase it, or post it as it is and a moderator will read it first."
            }
            HoldReason::Spam => {
                "This looks a lot like spam (many links, the same text again, or many posts in \
                 a short time). A moderator will read it before it is published."
            }
            HoldReason::Flags => {
                "Members flagged this post, so it is hidden until a moderator has read it."
            }
        }
    }
}

named_enum!(
    /// Why a member flags a post.
    FlagReason, "reason", {
        /// Advertising, link farming, repeated posts.
        Spam => "spam", "Spam";
        /// Insults, threats, harassment, hate.
        Abuse => "abuse", "Abuse";
        /// Not about this community or this topic.
        OffTopic => "off_topic", "Off-topic";
        /// Anything else (the note says what).
        Other => "other", "Something else";
    }
);

named_enum!(
    /// What a moderator can do with a queue item.
    ModAction, "action", {
        /// Publish it (held) or keep it (flagged); flags are cleared.
        Approve => "approve", "Approve";
        /// Replace its text, then publish it.
        Edit => "edit", "Edit and publish";
        /// Hide it from everyone but its author and staff.
        Hide => "hide", "Hide";
        /// Delete it.
        Delete => "delete", "Delete";
        /// Send the author a warning.
        Warn => "warn", "Warn the author";
        /// Stop the author posting for some days.
        Silence => "silence", "Silence the author";
        /// Suspend the author's account.
        Suspend => "suspend", "Suspend the author";
    }
);

impl ModAction {
    /// Whether the action settles the item (the post is published, hidden or deleted); the
    /// others act on the author and leave the item in the queue.
    pub fn resolves(self) -> bool {
        matches!(
            self,
            ModAction::Approve | ModAction::Edit | ModAction::Hide | ModAction::Delete
        )
    }

    /// Whether the action means the post broke the rules (counts against the author's trust).
    pub fn upholds(self) -> bool {
        !matches!(self, ModAction::Approve | ModAction::Edit)
    }
}

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

/// How much the community trusts a member. Levels rise automatically with constructive
/// participation ([`earned`]); staff can set any level.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize, Default,
)]
#[serde(rename_all = "snake_case")]
pub enum TrustLevel {
    /// Just joined: few posts per hour, few links, no images.
    #[default]
    New,
    /// Has taken part a little.
    Basic,
    /// A regular.
    Member,
    /// Set by staff only: no limits.
    Trusted,
}

impl TrustLevel {
    /// Every level, lowest first.
    pub const ALL: [TrustLevel; 4] = [
        TrustLevel::New,
        TrustLevel::Basic,
        TrustLevel::Member,
        TrustLevel::Trusted,
    ];

    /// The number stored in the database (0–3).
    pub fn number(self) -> i64 {
        match self {
            TrustLevel::New => 0,
            TrustLevel::Basic => 1,
            TrustLevel::Member => 2,
            TrustLevel::Trusted => 3,
        }
    }

    /// The level of a stored number (out-of-range numbers clamp).
    pub fn from_number(n: i64) -> TrustLevel {
        match n {
            i64::MIN..=0 => TrustLevel::New,
            1 => TrustLevel::Basic,
            2 => TrustLevel::Member,
            _ => TrustLevel::Trusted,
        }
    }

    /// Stable name.
    pub fn as_str(self) -> &'static str {
        match self {
            TrustLevel::New => "new",
            TrustLevel::Basic => "basic",
            TrustLevel::Member => "member",
            TrustLevel::Trusted => "trusted",
        }
    }

    /// Name shown to people.
    pub fn label(self) -> &'static str {
        match self {
            TrustLevel::New => "New member",
            TrustLevel::Basic => "Basic",
            TrustLevel::Member => "Regular",
            TrustLevel::Trusted => "Trusted",
        }
    }
}

impl std::str::FromStr for TrustLevel {
    type Err = crate::community::UnknownName;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        TrustLevel::ALL
            .into_iter()
            .find(|l| l.as_str() == s || l.number().to_string() == s)
            .ok_or_else(|| crate::community::UnknownName {
                what: "trust level",
                value: s.to_owned(),
                expected: "new basic member trusted (or 0-3)",
            })
    }
}

/// What a member at some level may post. `None` means no limit.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Limits {
    /// Topics and replies per rolling hour.
    pub posts_per_hour: Option<u32>,
    /// Links in one post.
    pub links_per_post: Option<u32>,
    /// Images in one post.
    pub images_per_post: Option<u32>,
}

/// What the automatic promotion looks at.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Participation {
    /// When the account was created.
    pub joined: Timestamp,
    /// Visible, undeleted topics and replies.
    pub visible_posts: i64,
    /// Replies accepted as answers.
    pub accepted_answers: i64,
    /// Posts the analysis found abusive.
    pub abusive_posts: i64,
    /// Moderator actions that upheld a report against them (hide, delete, warn, silence).
    pub upheld_actions: i64,
}

const DAY_MS: i64 = 24 * 60 * 60 * 1000;

/// The level a member has earned. Promotion needs time, visible posts and a clean record;
/// a single upheld moderator action, or more than one abusive post in twenty, stops it.
/// Never returns [`TrustLevel::Trusted`], which staff grant by hand.
pub fn earned(p: &Participation, now: Timestamp) -> TrustLevel {
    let days = (now.0 - p.joined.0) / DAY_MS;
    let clean = p.upheld_actions == 0 && p.abusive_posts * 20 <= p.visible_posts;
    if !clean {
        return TrustLevel::New;
    }
    if days >= 7 && p.visible_posts >= 15 && (p.accepted_answers >= 1 || p.visible_posts >= 30) {
        TrustLevel::Member
    } else if days >= 1 && p.visible_posts >= 3 && p.abusive_posts == 0 {
        TrustLevel::Basic
    } else {
        TrustLevel::New
    }
}

/// Links in a post: `http(s)://` URLs and `www.` hosts, counted once each.
pub fn count_links(text: &str) -> u32 {
    let lower = text.to_lowercase();
    let mut seen: Vec<&str> = Vec::new();
    for (i, _) in lower
        .match_indices("http://")
        .chain(lower.match_indices("https://"))
    {
        let url = lower[i..]
            .split(|c: char| c.is_whitespace() || matches!(c, ')' | '>' | '"' | '\'' | ']'))
            .next()
            .unwrap_or("");
        if !seen.contains(&url) {
            seen.push(url);
        }
    }
    let mut n = u32::try_from(seen.len()).unwrap_or(u32::MAX);
    for (i, _) in lower.match_indices("www.") {
        // Only bare hosts; `https://www.` was counted above.
        let before = lower[..i].chars().next_back();
        if !matches!(before, Some('/')) {
            n = n.saturating_add(1);
        }
    }
    n
}

/// Images in a post's rendered HTML.
pub fn count_images(html: &str) -> u32 {
    u32::try_from(html.matches("<img").count()).unwrap_or(u32::MAX)
}

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
/// one end.
pub fn check_pattern(pattern: &str) -> Result<(), String> {
    let words: Vec<&str> = pattern.split_whitespace().collect();
    if words.is_empty() {
        return Err("Enter a word or phrase.".into());
    }
    if words.len() > 8 || pattern.len() > 200 {
        return Err("Keep a filter to eight words.".into());
    }
    for w in words {
        let core = w.trim_start_matches('*').trim_end_matches('*');
        if core.chars().count() < 2 {
            return Err(format!(
                "{w:?} is too short: a wildcard needs at least two letters."
            ));
        }
        if core.contains('*') {
            return Err(format!("{w:?}: `*` can only start or end a word."));
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

/// Facts about a post that the gate decides on.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Screening {
    /// Whether the author is staff (staff posts are never held).
    pub staff: bool,
    /// The analysis found abuse aimed at a person, or hate.
    pub abusive: bool,
    /// Sentiment score, -1 to 1.
    pub sentiment: f32,
    /// A complaint or problem report (intent `complaint`, or a problem topic).
    pub complaint: bool,
    /// The strongest filter action that matched (replacements already applied).
    pub filter: Option<FilterAction>,
    /// Spam evidence, if any.
    pub spam: bool,
    /// Sentiment at or under which a civil complaint is prioritised.
    pub prioritise_below: f32,
}

/// What happens to a post.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Verdict {
    /// Published. `prioritise`: a strongly negative but civil complaint, which gets a case
    /// at once; `flag`: published but queued for a moderator (a flag filter matched).
    Publish {
        /// Open a case now.
        prioritise: bool,
        /// Queue it for review although it is published.
        flag: bool,
    },
    /// Held for review (after a nudge, in the compose form).
    Hold(HoldReason),
    /// Refused: a block filter matched.
    Block,
}

/// The moderation gate. Anger is not abuse: a civil complaint, however negative, is published
/// (and prioritised); only abuse, spam and hold filters are held.
pub fn gate(s: &Screening) -> Verdict {
    if s.filter == Some(FilterAction::Block) {
        return Verdict::Block;
    }
    if !s.staff {
        if s.abusive {
            return Verdict::Hold(HoldReason::Abuse);
        }
        if s.spam {
            return Verdict::Hold(HoldReason::Spam);
        }
        if s.filter == Some(FilterAction::Hold) {
            return Verdict::Hold(HoldReason::Filter);
        }
    }
    Verdict::Publish {
        prioritise: !s.abusive && s.complaint && s.sentiment <= s.prioritise_below,
        flag: s.filter == Some(FilterAction::Flag),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn filters(list: &[(&str, FilterAction)]) -> Filters {
        Filters::new(
            list.iter()
                .enumerate()
                .map(|(i, (p, a))| FilterRule {
                    id: i64::try_from(i).unwrap_or(0) + 1,
                    pattern: (*p).to_owned(),
                    action: *a,
                    replacement: "■■■".into(),
                })
                .collect(),
        )
    }

    fn obvious() -> Filters {
        filters(&[
            ("cunt", FilterAction::Hold),
            ("ass", FilterAction::Hold),
            ("twat", FilterAction::Hold),
            ("shit", FilterAction::Replace),
            ("crap", FilterAction::Flag),
            ("tit", FilterAction::Hold),
            ("cock", FilterAction::Hold),
            ("dick", FilterAction::Hold),
            ("penis", FilterAction::Hold),
            ("sex", FilterAction::Hold),
            ("cum", FilterAction::Hold),
            ("rape", FilterAction::Hold),
            ("anal", FilterAction::Hold),
            ("arse", FilterAction::Hold),
            ("hell", FilterAction::Hold),
            ("idiot*", FilterAction::Hold),
            ("buy followers", FilterAction::Block),
        ])
    }

    #[test]
    fn the_scunthorpe_list_passes() {
        let f = obvious();
        for text in [
            "Scunthorpe United fans, the sync works in Scunthorpe too.",
            "The classic theme is back, thanks!",
            "My smartwatch does not pair.",
            "Assassin's Creed save files vanish after sync",
            "Penistone and Middlesex and Essex and Sussex offices",
            "A cocktail party, a cockpit, Dickens, a title, a petition.",
            "Under the circumstances, document the analysis.",
            "A therapist, grapefruit and a skyscraper.",
            "Shiitake mushrooms and a scrapbook.",
            "Arsenal won; hello, shell, Michelle.",
            "Pass the class; assess the assets; embarrassed.",
            "Constitution, titanic, competition, Matsushita.",
        ] {
            let out = f.check(text);
            assert!(out.hits.is_empty(), "{text:?} matched {:?}", out.hits);
            assert_eq!(out.replaced, None);
        }
    }

    #[test]
    fn obvious_words_and_disguises_match() {
        let f = obvious();
        for (text, word) in [
            ("you absolute twat", "twat"),
            ("what a TWAT.", "TWAT"),
            ("you're an idiot", "idiot"),
            ("idiots, all of you", "idiots"),
            ("this is sh1t", "sh1t"),
            ("this is sh!t", "sh!t"),
            ("you c*nt", ""),
            ("t w a t", "t w a t"),
            ("what a t w a t", "t w a t"),
            ("t.w.a.t", "t.w.a.t"),
            ("twaaaat", "twaaaat"),
            ("ïdiot", "ïdiot"),
        ] {
            let out = f.check(text);
            if word.is_empty() {
                // `c*nt` has a symbol we do not guess; documented as a limit of word filters.
                continue;
            }
            assert!(
                out.hits.iter().any(|h| h.matched == word),
                "{text:?}: {:?}",
                out.hits
            );
        }
    }

    #[test]
    fn punctuation_after_a_word_is_not_a_letter() {
        let f = filters(&[("greati", FilterAction::Hold), ("hi", FilterAction::Hold)]);
        assert!(f.check("This is great!").hits.is_empty());
        assert!(f.check("Thanks!!").hits.is_empty());
        let f = filters(&[("ass", FilterAction::Hold)]);
        assert!(
            f.check("as fast as before").hits.is_empty(),
            "shorter words never match"
        );
        assert_eq!(f.check("asssss").hits.len(), 1);
    }

    #[test]
    fn numbers_stay_numbers() {
        let f = filters(&[("ios", FilterAction::Hold)]);
        assert!(f.check("version 105 is out").hits.is_empty());
        assert_eq!(f.check("i0s is broken").hits.len(), 1);
    }

    #[test]
    fn phrases_match_consecutive_words() {
        let f = obvious();
        let out = f.check("Buy followers cheap at example.com");
        assert_eq!(out.strongest(), Some(FilterAction::Block));
        assert!(
            f.check("I did not buy anything; followers are fine")
                .hits
                .is_empty()
        );
    }

    #[test]
    fn replace_keeps_the_rest_of_the_text() {
        let f = obvious();
        let out = f.check("This update is shit. Really SHIT!");
        assert_eq!(
            out.replaced.as_deref(),
            Some("This update is ■■■. Really ■■■!")
        );
        assert_eq!(out.strongest(), None, "replace alone publishes");
        let out = f.check("Fine, just crap");
        assert_eq!(out.strongest(), Some(FilterAction::Flag));
        assert_eq!(out.replaced, None);
    }

    #[test]
    fn multibyte_text_never_panics() {
        let f = obvious();
        for text in [
            "",
            "é",
            "日本語のテキスト",
            "🙂 t 🙂 w a t",
            "a\u{0}b",
            "ﬁ ﬂ",
            "İstanbul",
        ] {
            let _ = f.check(text);
        }
        assert_eq!(f.check("🙂 t w a t 🙂").hits.len(), 1);
    }

    #[test]
    fn patterns_are_checked() {
        assert!(check_pattern("idiot*").is_ok());
        assert!(check_pattern("buy followers").is_ok());
        assert!(check_pattern("").is_err());
        assert!(check_pattern("*").is_err());
        assert!(check_pattern("a*").is_err());
        assert!(check_pattern("id*ot").is_err());
    }

    #[test]
    fn links_and_images_are_counted() {
        assert_eq!(count_links("no links here"), 0);
        assert_eq!(
            count_links("see https://a.example/x and https://a.example/x and http://b.example"),
            2
        );
        assert_eq!(
            count_links("www.example.com and https://www.other.example"),
            2
        );
        assert_eq!(count_images("<p><img src=\"a\"><img src=\"b\"></p>"), 2);
    }

    fn screening() -> Screening {
        Screening {
            staff: false,
            abusive: false,
            sentiment: 0.0,
            complaint: false,
            filter: None,
            spam: false,
            prioritise_below: -0.5,
        }
    }

    #[test]
    fn anger_is_prioritised_and_abuse_is_held() {
        let furious = Screening {
            sentiment: -0.9,
            complaint: true,
            ..screening()
        };
        assert_eq!(
            gate(&furious),
            Verdict::Publish {
                prioritise: true,
                flag: false
            }
        );
        let abusive = Screening {
            abusive: true,
            ..furious
        };
        assert_eq!(gate(&abusive), Verdict::Hold(HoldReason::Abuse));
        assert_eq!(
            gate(&Screening {
                staff: true,
                ..abusive
            }),
            Verdict::Publish {
                prioritise: false,
                flag: false
            },
            "staff are not held"
        );
        assert_eq!(
            gate(&Screening {
                spam: true,
                ..screening()
            }),
            Verdict::Hold(HoldReason::Spam)
        );
        assert_eq!(
            gate(&Screening {
                filter: Some(FilterAction::Block),
                staff: true,
                ..screening()
            }),
            Verdict::Block
        );
    }

    #[test]
    fn trust_rises_with_constructive_participation() {
        let day = DAY_MS;
        let now = Timestamp(100 * day);
        let mut p = Participation {
            joined: Timestamp(now.0 - 2 * day),
            visible_posts: 3,
            ..Participation::default()
        };
        assert_eq!(earned(&p, now), TrustLevel::Basic);
        p.joined = Timestamp(now.0 - day / 2);
        assert_eq!(earned(&p, now), TrustLevel::New, "needs a day");
        p.joined = Timestamp(now.0 - 10 * day);
        p.visible_posts = 16;
        p.accepted_answers = 1;
        assert_eq!(earned(&p, now), TrustLevel::Member);
        p.upheld_actions = 1;
        assert_eq!(
            earned(&p, now),
            TrustLevel::New,
            "an upheld report stops it"
        );
        p.upheld_actions = 0;
        p.abusive_posts = 2;
        assert_eq!(earned(&p, now), TrustLevel::New);
        assert_eq!(TrustLevel::from_number(7), TrustLevel::Trusted);
        assert_eq!("2".parse::<TrustLevel>(), Ok(TrustLevel::Member));
        assert_eq!("trusted".parse::<TrustLevel>(), Ok(TrustLevel::Trusted));
    }
}
