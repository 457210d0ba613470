//! Word lists as one hash table: each word's stable hash maps to a bit set of what the word is
//! (a function word of some language, a service word, a praise word...), and phrases are
//! sequences of word hashes. One lookup per token answers every list, which is what keeps the
//! rules and the language check within a fraction of a microsecond per text.
//!
//! The lists are our own, written for customer-service text and for telling common languages
//! apart by their most frequent function words.

use std::sync::OnceLock;

use crate::features::word_hash;

/// Languages told apart by function words (Latin script), in bit order.
pub const LANGS: [&str; 16] = [
    "en", "es", "pt", "fr", "de", "it", "nl", "sv", "da", "nb", "fi", "pl", "tr", "id", "ro", "cs",
];

const FUNCTION_WORDS: [&str; 16] = [
    "the and to is you my it for of in this that on with are was have not your but be me just what so can at all will from they we get do has been how why about i'm it's don't i a an if or no when there their would should",
    "el la de que y en los las un una por con para es no se del al lo pero más mi su como muy está esto yo tu ya hay todo son fue ser también qué",
    "o a de que e do da em um uma para com não os as no na por mais se muito está eu você isso mas foi ser tem meu minha obrigado também é",
    "le la les de des du et est un une en que qui pas pour je vous il elle nous sur avec ce cette mais au aux ne très plus mon ma c'est j'ai merci",
    "der die das und ist nicht ich du sie es ein eine zu den dem mit von auf für auch sich wir ihr aber noch nur wie mein meine dass bei schon kein keine danke",
    "il lo la di che e è un una per non in con del della sono ma mi si ho io anche come più questo molto grazie perché ci gli le da al",
    "de het een en van is niet ik je dat die op te met voor zijn er maar ook aan wat nog naar dit mijn bij wel geen dank hoe",
    "och att det som en är jag på för med inte den till av om har de du ett men var så min kan tack hur eller",
    "og at det er en jeg på ikke til for med som af den har de du et men var så min kan tak hvad hvordan",
    "og i det er ikke på til jeg en som med for av har de du et men var så min kan takk hvordan hva",
    "ja on ei se että en oli mutta kun niin minä sinä hän me te ovat tämä siitä kiitos mitä miten myös",
    "i w nie na się z do to że jest jak ale co o mi po za tak czy już jestem dziękuję bardzo mój moja",
    "ve bir bu da de için ile çok ne ama ben sen o değil mi var yok gibi daha teşekkürler nasıl neden",
    "dan yang di ini itu dengan untuk tidak saya ada ke dari akan juga aku kamu bisa sudah terima kasih apa bagaimana",
    "și de în la este nu pe cu un o că ce mai pentru sunt eu tu din al foarte mulțumesc cum",
    "a je v na se to že s z do jsem ale jak co pro k o by mi tak děkuji velmi není",
];

/// A function word of the service's language lists: bit `i` is `LANGS[i]`.
pub const LANG_MASK: u64 = (1 << 16) - 1;
/// A product or service word (app, refund, login...).
pub const SERVICE: u64 = 1 << 20;
/// Says something malfunctions ("crashes", "error", "stuck").
pub const PROBLEM: u64 = 1 << 16;
/// Thanks and praise.
pub const PRAISE: u64 = 1 << 21;
/// Opens a question (how, what, can...).
pub const OPENER: u64 = 1 << 22;
/// Too common to describe a theme.
pub const STOP: u64 = 1 << 23;
/// Addresses the reader (you, your).
pub const YOU: u64 = 1 << 24;
/// Reports a lasting failure (without, still, again, nothing...).
pub const FAILURE: u64 = 1 << 25;
/// Says something is bad (terrible, useless...).
pub const BAD: u64 = 1 << 26;
/// An insult for a person (idiot, moron...).
pub const INSULT: u64 = 1 << 28;
/// Profanity (strong swear words).
pub const PROFANITY: u64 = 1 << 29;
/// A threat of violence.
pub const THREAT: u64 = 1 << 30;
/// Points at a person (you, your, he's...).
pub const TARGET: u64 = 1 << 31;
/// Starts at least one phrase; bits 32–47 then hold the index of its first phrase in
/// [`Lexicon::phrases`] and bits 48–55 how many phrases start with it.
pub const PHRASE_START: u64 = 1 << 27;

const SERVICE_WORDS: &str = "account app apps application billing billed bill charged charge charges refund refunds \
    subscription subscribe unsubscribe invoice payment paid pay order orders delivery delivered shipping shipped package \
    parcel tracking support customer service services helpdesk agent agents ticket hotline login log signin sign password \
    2fa update updated upgrade version bug bugs crash crashes crashed crashing error errors outage down broken glitch freeze \
    freezes frozen lag laggy slow sync upload download install installed website site server servers internet wifi \
    connection signal network coverage router battery screen phone device laptop product warranty replacement store flight \
    flights luggage baggage booking booked reservation cancelled canceled delayed delay contract plan data email emails \
    notification notifications feature settings console tv stream streaming channel printer camera card bank \
    price prices checkout cart button firmware charger headphones subscription driver courier receipt \
    bag bags suitcase suitcases seat seats gate boarding checkin terminal airport airline airlines plane aircraft tarmac \
    crew attendant attendants pilot layover rebook rebooked rebooking overbooked voucher vouchers hotel train trains \
    carrier technician appointment transfer transaction atm fee fees overdraft deposit return returns item items \
    damaged rep reps representative representatives staff manager callback dm dms queue counter desk compensation \
    reimbursement reimbursed claim";

const PROBLEM_WORDS: &str = "crash crashes crashed crashing error errors bug bugs buggy broken broke fails failed \
    failing failure freeze freezes freezing froze frozen stuck glitch glitches glitching outage outages unusable \
    unresponsive hangs hanging timeout timeouts laggy lagging";

const PRAISE_WORDS: &str = "thanks thank thx love loving loved great awesome amazing excellent fantastic brilliant perfect \
    wonderful best kudos appreciate appreciated lovely impressed helpful shoutout shout-out props nice superb";

const OPENERS: &str = "how what why where when who which can could does do did is are will would should anyone anybody has \
    have whats what's hows how's where's";

const STOPWORDS: &str = "a about above after again against all also am an and any are as at be because been before being \
    below between both but by can can't cannot could couldn't did didn't do does doesn't doing don't down during each even ever \
    every few for from further get gets getting got had hadn't has hasn't have haven't having he her here hers herself him \
    himself his how i i'm i've if in into is isn't it it's its itself just keep keeps know let like lol make me more most much \
    my myself need new no nor not now of off oh ok okay on once one only or other our ours out over own please pls really same \
    say see she should so some still such than that that's the their theirs them then there these they this those through to \
    today too u under until up ur us very via was wasn't way we well were what when where which while who why will with won't \
    would yes yet you you're your yours yourself user http amp rt im dont cant thanks thank hi hello hey guys anyone since \
    tomorrow yesterday day time going go want think good great bad";

const YOU_WORDS: &str = "you your ur u yours you're";
const INSULT_WORDS: &str = "idiot idiots idiotic stupid moron morons dumb dumbass imbecile retard retarded loser losers \
    bitch bitches bastard bastards asshole assholes arsehole dickhead dick prick scum pig pigs whore slut cunt twat wanker \
    jerk clown clowns cretin halfwit ignorant incompetent pathetic worthless trash btch azzhole";
const PROFANITY_WORDS: &str = "fuck fucking fucked fucker fuckers fuckin motherfucker shit shitty bullshit crap damn goddamn \
    piss pissed wtf stfu fck fuk fking fcking effing sht";
const THREAT_WORDS: &str = "kill killing die murder hurt beat shoot stab rape burn destroy";
const TARGET_WORDS: &str = "you your ur u yours you're ya he's she's he she him her they're them";
const FAILURE_WORDS: &str =
    "without still again nothing never broken down waiting died dead lost missing failed fails";
const BAD_WORDS: &str = "worst terrible awful horrible useless ridiculous unacceptable disappointed disappointing \
    frustrated frustrating annoying scam ripoff pathetic joke garbage rubbish ruined ruins sucks grr ugh";

/// What a phrase signals.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PhraseKind {
    /// Unhappy with a service.
    Complaint,
    /// A suggestion.
    Idea,
    /// Asking for help ("please help").
    Asks,
    /// Thanking ("thanks for").
    ThanksFor,
    /// Sarcastic thanks ("thanks for nothing").
    Sarcasm,
}

const PHRASES: &[(PhraseKind, &str)] = &[
    (PhraseKind::Complaint, "not working"),
    (PhraseKind::Complaint, "doesn't work"),
    (PhraseKind::Complaint, "does not work"),
    (PhraseKind::Complaint, "dont work"),
    (PhraseKind::Complaint, "don't work"),
    (PhraseKind::Complaint, "didn't work"),
    (PhraseKind::Complaint, "stopped working"),
    (PhraseKind::Complaint, "won't load"),
    (PhraseKind::Complaint, "wont load"),
    (PhraseKind::Complaint, "can't log"),
    (PhraseKind::Complaint, "cant log"),
    (PhraseKind::Complaint, "can't sign"),
    (PhraseKind::Complaint, "cant sign"),
    (PhraseKind::Complaint, "can't access"),
    (PhraseKind::Complaint, "cant access"),
    (PhraseKind::Complaint, "still waiting"),
    (PhraseKind::Complaint, "still not"),
    (PhraseKind::Complaint, "no response"),
    (PhraseKind::Complaint, "never arrived"),
    (PhraseKind::Complaint, "never received"),
    (PhraseKind::Complaint, "hasn't arrived"),
    (PhraseKind::Complaint, "fed up"),
    (PhraseKind::Complaint, "sick of"),
    (PhraseKind::Complaint, "rip off"),
    (PhraseKind::Complaint, "waste of"),
    (PhraseKind::Complaint, "fix it"),
    (PhraseKind::Complaint, "fix this"),
    (PhraseKind::Complaint, "sort it out"),
    (PhraseKind::Complaint, "keeps crashing"),
    (PhraseKind::Complaint, "keeps freezing"),
    (PhraseKind::Complaint, "without service"),
    (PhraseKind::Complaint, "without internet"),
    (PhraseKind::Complaint, "no service"),
    (PhraseKind::Complaint, "no signal"),
    (PhraseKind::Complaint, "no internet"),
    (PhraseKind::Complaint, "been charged"),
    (PhraseKind::Complaint, "charged twice"),
    (PhraseKind::Complaint, "double charged"),
    (PhraseKind::Complaint, "want my money"),
    (PhraseKind::Complaint, "broke my"),
    (PhraseKind::Complaint, "is down"),
    (PhraseKind::Complaint, "went down"),
    (PhraseKind::Complaint, "it's down"),
    (PhraseKind::Complaint, "nothing happens"),
    (PhraseKind::Complaint, "stopped responding"),
    (PhraseKind::Complaint, "not fixed"),
    (PhraseKind::Complaint, "on hold"),
    (PhraseKind::Complaint, "day without"),
    (PhraseKind::Complaint, "days without"),
    (PhraseKind::Complaint, "hours without"),
    (PhraseKind::Complaint, "not happy"),
    (PhraseKind::Idea, "would be nice"),
    (PhraseKind::Idea, "would be great"),
    (PhraseKind::Idea, "would be cool"),
    (PhraseKind::Idea, "would be awesome"),
    (PhraseKind::Idea, "would love"),
    (PhraseKind::Idea, "would like to see"),
    (PhraseKind::Idea, "please add"),
    (PhraseKind::Idea, "pls add"),
    (PhraseKind::Idea, "could you add"),
    (PhraseKind::Idea, "can you add"),
    (PhraseKind::Idea, "should add"),
    (PhraseKind::Idea, "should have"),
    (PhraseKind::Idea, "should be able"),
    (PhraseKind::Idea, "feature request"),
    (PhraseKind::Idea, "i suggest"),
    (PhraseKind::Idea, "suggestion"),
    (PhraseKind::Idea, "it would help"),
    (PhraseKind::Idea, "wish there was"),
    (PhraseKind::Idea, "wish there were"),
    (PhraseKind::Idea, "wish you"),
    (PhraseKind::Idea, "wish i could"),
    (PhraseKind::Idea, "any plans to"),
    (PhraseKind::Idea, "how about adding"),
    (PhraseKind::Idea, "why not add"),
    (PhraseKind::Idea, "make it possible"),
    (PhraseKind::Idea, "allow us"),
    (PhraseKind::Idea, "option to"),
    (PhraseKind::Idea, "support for"),
    (PhraseKind::Asks, "please help"),
    (PhraseKind::Asks, "pls help"),
    (PhraseKind::Asks, "help please"),
    (PhraseKind::Asks, "please fix"),
    (PhraseKind::Asks, "please sort"),
    (PhraseKind::Asks, "any update"),
    (PhraseKind::ThanksFor, "thanks for"),
    (PhraseKind::ThanksFor, "thank you for"),
    (PhraseKind::ThanksFor, "great job"),
    (PhraseKind::ThanksFor, "well done"),
    (PhraseKind::Sarcasm, "thanks for nothing"),
    (PhraseKind::Sarcasm, "thank you for nothing"),
    (PhraseKind::Sarcasm, "thanks a lot for nothing"),
];

/// A phrase as word hashes.
#[derive(Debug, Clone)]
pub struct Phrase {
    /// Hashes of its words.
    pub words: Vec<u64>,
    /// What it signals.
    pub kind: PhraseKind,
}

/// The word table and the phrases.
#[derive(Debug)]
pub struct Lexicon {
    slots: Vec<(u64, u64)>,
    mask: usize,
    /// Phrases sorted by the hash of their first word.
    pub phrases: Vec<Phrase>,
}

impl Lexicon {
    fn build() -> Lexicon {
        let mut entries: Vec<(u64, u64)> = Vec::new();
        let mut add = |words: &str, flag: u64| {
            for w in words.split_whitespace() {
                entries.push((word_hash(w.as_bytes()), flag));
            }
        };
        for (i, list) in FUNCTION_WORDS.iter().enumerate() {
            add(list, 1 << i);
        }
        add(SERVICE_WORDS, SERVICE);
        add(PROBLEM_WORDS, PROBLEM);
        add(PRAISE_WORDS, PRAISE);
        add(OPENERS, OPENER);
        add(STOPWORDS, STOP);
        add(YOU_WORDS, YOU);
        add(FAILURE_WORDS, FAILURE);
        add(BAD_WORDS, BAD);
        add(INSULT_WORDS, INSULT);
        add(PROFANITY_WORDS, PROFANITY);
        add(THREAT_WORDS, THREAT);
        add(TARGET_WORDS, TARGET);
        let mut phrases: Vec<Phrase> = PHRASES
            .iter()
            .map(|(kind, p)| Phrase {
                words: p
                    .split_whitespace()
                    .map(|w| word_hash(w.as_bytes()))
                    .collect(),
                kind: *kind,
            })
            .collect();
        // Longer phrases first among equal starts, so "thanks for nothing" wins over "thanks for".
        phrases.sort_by(|a, b| {
            a.words[0]
                .cmp(&b.words[0])
                .then(b.words.len().cmp(&a.words.len()))
        });
        let mut i = 0;
        while i < phrases.len() {
            let first = phrases[i].words[0];
            let count = phrases[i..]
                .iter()
                .take_while(|p| p.words[0] == first)
                .count();
            entries.push((
                first,
                PHRASE_START | ((i as u64) << 32) | ((count as u64) << 48),
            ));
            i += count;
        }
        let size = (entries.len() * 4).next_power_of_two();
        let mut slots = vec![(0u64, 0u64); size];
        let mask = size - 1;
        for (h, flag) in entries {
            let h = h.max(1);
            let mut i = (h as usize) & mask;
            loop {
                if slots[i].0 == h {
                    slots[i].1 |= flag;
                    break;
                }
                if slots[i].0 == 0 {
                    slots[i] = (h, flag);
                    break;
                }
                i = (i + 1) & mask;
            }
        }
        Lexicon {
            slots,
            mask,
            phrases,
        }
    }

    /// The flags of a word, given its [`word_hash`].
    #[inline]
    pub fn flags(&self, h: u64) -> u64 {
        let h = h.max(1);
        let mut i = (h as usize) & self.mask;
        loop {
            let (k, v) = self.slots[i];
            if k == h {
                return v;
            }
            if k == 0 {
                return 0;
            }
            i = (i + 1) & self.mask;
        }
    }

    /// Phrases starting with a word, given the word's flags.
    pub fn phrases_from(&self, flags: u64) -> &[Phrase] {
        if flags & PHRASE_START == 0 {
            return &[];
        }
        let start = ((flags >> 32) & 0xFFFF) as usize;
        let count = ((flags >> 48) & 0xFF) as usize;
        self.phrases.get(start..start + count).unwrap_or(&[])
    }
}

/// The process-wide lexicon, built on first use (a few microseconds).
pub fn lexicon() -> &'static Lexicon {
    static L: OnceLock<Lexicon> = OnceLock::new();
    L.get_or_init(Lexicon::build)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn words_carry_their_flags() {
        let l = lexicon();
        let f = |w: &str| l.flags(word_hash(w.as_bytes()));
        assert_ne!(f("refund") & SERVICE, 0);
        assert_ne!(f("thanks") & PRAISE, 0);
        assert_ne!(f("thanks") & STOP, 0);
        assert_ne!(f("thanks") & PHRASE_START, 0);
        assert_ne!(f("the") & 1, 0, "English");
        assert_ne!(f("der") & (1 << 4), 0, "German");
        assert_eq!(f("zzzz"), 0);
    }

    #[test]
    fn phrases_are_indexed_by_first_word() {
        let l = lexicon();
        let ps = l.phrases_from(l.flags(word_hash(b"thanks")));
        assert!(ps.len() >= 2);
        assert_eq!(
            ps[0].kind,
            PhraseKind::Sarcasm,
            "the longest phrase comes first"
        );
    }
}
