//! Theme profiles: the persisted state of a theme (signature, centroid, phrases), its compact
//! encoding, its label, and how docs and other profiles add up into it.

use super::Doc;
use crate::fingerprint::SIGNATURE;

/// The persisted state of a theme: enough to rebuild its cluster.
#[derive(Debug, Clone, PartialEq)]
pub struct Profile {
    /// MinHash of the first member.
    pub minhash: [u32; SIGNATURE],
    /// Centroid terms (un-normalized sums), sorted by hash.
    pub terms: Vec<(u64, f32)>,
    /// Members so far.
    pub count: u32,
    /// Key phrases with how many members had them.
    pub phrases: Vec<(String, u32)>,
    /// What the members mean, when the accurate tier has read some of them.
    pub meaning: Option<Meaning>,
}

/// A theme's meaning: the sum of its members' unit sentence embeddings, all from one encoder
/// (embeddings of different encoders are not comparable).
#[derive(Debug, Clone, PartialEq)]
pub struct Meaning {
    /// The encoder's identity.
    pub model: String,
    /// Sum of unit embeddings; its direction is the theme's meaning.
    pub sum: Vec<f32>,
    /// How many embeddings were summed.
    pub count: u32,
}

/// The widest embedding a profile stores.
const MAX_MEANING_DIM: usize = 4096;

/// A profile that cannot be decoded.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("corrupt theme profile: {0}")]
pub struct ProfileError(&'static str);

const PROFILE_VERSION: u8 = 1;
pub(super) const MAX_PHRASES: usize = 16;

impl Profile {
    /// Compact little-endian encoding for storage.
    pub fn to_bytes(&self) -> Vec<u8> {
        let mut out = Vec::with_capacity(1 + SIGNATURE * 4 + 4 + 2 + self.terms.len() * 12 + 64);
        out.push(PROFILE_VERSION);
        for v in &self.minhash {
            out.extend_from_slice(&v.to_le_bytes());
        }
        out.extend_from_slice(&self.count.to_le_bytes());
        let nt = self.terms.len().min(usize::from(u16::MAX));
        out.extend_from_slice(&(nt as u16).to_le_bytes());
        for (h, w) in &self.terms[..nt] {
            out.extend_from_slice(&h.to_le_bytes());
            out.extend_from_slice(&w.to_bits().to_le_bytes());
        }
        let np = self.phrases.len().min(MAX_PHRASES);
        out.push(np as u8);
        for (p, c) in &self.phrases[..np] {
            let b = p.as_bytes();
            let len = b.len().min(255);
            // Cut on a character boundary so the stored phrase stays valid UTF-8.
            let len = (0..=len)
                .rev()
                .find(|&l| p.is_char_boundary(l))
                .unwrap_or(0);
            out.extend_from_slice(&c.to_le_bytes());
            out.push(len as u8);
            out.extend_from_slice(&b[..len]);
        }
        // The meaning follows as an optional tail, so profiles written before it existed
        // still decode (and older readers ignore it).
        if let Some(m) = self.meaning.as_ref().filter(|m| {
            m.sum.len() <= MAX_MEANING_DIM
                && m.model.len() <= 255
                && m.sum.iter().all(|x| x.is_finite())
        }) {
            out.push(1);
            out.push(m.model.len() as u8);
            out.extend_from_slice(m.model.as_bytes());
            out.extend_from_slice(&m.count.to_le_bytes());
            out.extend_from_slice(&(m.sum.len() as u16).to_le_bytes());
            for x in &m.sum {
                out.extend_from_slice(&x.to_bits().to_le_bytes());
            }
        }
        out
    }

    /// Decodes [`Profile::to_bytes`].
    pub fn from_bytes(b: &[u8]) -> Result<Profile, ProfileError> {
        let mut r = Reader { b, at: 0 };
        if r.u8()? != PROFILE_VERSION {
            return Err(ProfileError("unknown version"));
        }
        let mut minhash = [0u32; SIGNATURE];
        for v in &mut minhash {
            *v = u32::from_le_bytes(r.take()?);
        }
        let count = u32::from_le_bytes(r.take()?);
        let nt = u16::from_le_bytes(r.take()?);
        let mut terms = Vec::with_capacity(usize::from(nt));
        for _ in 0..nt {
            let h = u64::from_le_bytes(r.take()?);
            let w = f32::from_bits(u32::from_le_bytes(r.take()?));
            if !w.is_finite() {
                return Err(ProfileError("weight is not finite"));
            }
            terms.push((h, w));
        }
        let np = r.u8()?;
        let mut phrases = Vec::with_capacity(usize::from(np));
        for _ in 0..np {
            let c = u32::from_le_bytes(r.take()?);
            let len = usize::from(r.u8()?);
            let bytes = r.slice(len)?;
            let p = std::str::from_utf8(bytes).map_err(|_| ProfileError("phrase is not UTF-8"))?;
            phrases.push((p.to_owned(), c));
        }
        // A meaning that does not decode (another version's, or damaged) is dropped, not
        // the theme: its words still place posts, and the meaning grows again.
        let meaning = if r.at < b.len() {
            read_meaning(&mut r).ok()
        } else {
            None
        };
        terms.sort_unstable_by_key(|e| e.0);
        Ok(Profile {
            minhash,
            terms,
            count,
            phrases,
            meaning,
        })
    }

    /// The profile of a group of docs (the first one's signature, every one's terms and
    /// phrases), as if they had formed a theme together.
    pub fn of_docs(docs: &[Doc], max_terms: usize) -> Option<Profile> {
        let first = docs.first()?;
        let mut p = Profile {
            minhash: first.fingerprint.minhash,
            terms: Vec::new(),
            count: 0,
            phrases: Vec::new(),
            meaning: None,
        };
        for d in docs {
            absorb(&mut p, d, max_terms);
        }
        Some(p)
    }

    /// Adds another meaning to this one (a member read, or a merged theme); a meaning made
    /// by another encoder is replaced (the encoder in use wins).
    pub fn absorb_meaning(&mut self, other: &Meaning) {
        match &mut self.meaning {
            Some(m) if m.model == other.model && m.sum.len() == other.sum.len() => {
                for (s, x) in m.sum.iter_mut().zip(&other.sum) {
                    *s += x;
                }
                m.count = m.count.saturating_add(other.count);
            }
            // Another encoder's meaning cannot be added to; the newer one replaces it.
            _ => self.meaning = Some(other.clone()),
        }
    }

    /// A readable label: the most common key phrase, with the runner-up when it is nearly as
    /// common and says something else.
    ///
    /// A phrase of several words counts for more than its raw frequency: "checkout fails"
    /// tells a reader more than "error" even when "error" is a little more common.
    pub fn label(&self) -> String {
        fn weight(p: &(String, u32)) -> f32 {
            let words = p.0.split_whitespace().count().max(1) as f32;
            p.1 as f32 * (1.0 + 0.5 * (words - 1.0).min(2.0))
        }
        let mut ranked: Vec<(&(String, u32), f32)> =
            self.phrases.iter().map(|p| (p, weight(p))).collect();
        ranked.sort_by(|a, b| {
            b.1.total_cmp(&a.1)
                .then(b.0.0.len().cmp(&a.0.0.len()))
                .then(a.0.0.cmp(&b.0.0))
        });
        match ranked.as_slice() {
            [] => "untitled theme".to_owned(),
            [one] => one.0.0.clone(),
            [(first, w1), (second, w2), ..] => {
                let words = |p: &str| p.split_whitespace().count();
                // A label is a short phrase a person would write: at most five words.
                if *w2 * 2.0 >= *w1
                    && !first.0.contains(&second.0)
                    && !second.0.contains(&first.0)
                    && words(&first.0) + words(&second.0) <= 5
                {
                    format!("{} · {}", first.0, second.0)
                } else {
                    first.0.clone()
                }
            }
        }
    }
}

/// The optional meaning section of an encoded profile.
fn read_meaning(r: &mut Reader<'_>) -> Result<Meaning, ProfileError> {
    if r.u8()? != 1 {
        return Err(ProfileError("unknown meaning section"));
    }
    let len = usize::from(r.u8()?);
    let model = std::str::from_utf8(r.slice(len)?)
        .map_err(|_| ProfileError("meaning model is not UTF-8"))?
        .to_owned();
    let count = u32::from_le_bytes(r.take()?);
    let dim = usize::from(u16::from_le_bytes(r.take()?));
    if dim > MAX_MEANING_DIM {
        return Err(ProfileError("meaning too wide"));
    }
    let mut sum = Vec::with_capacity(dim);
    for _ in 0..dim {
        let x = f32::from_bits(u32::from_le_bytes(r.take()?));
        if !x.is_finite() {
            return Err(ProfileError("meaning is not finite"));
        }
        sum.push(x);
    }
    Ok(Meaning { model, sum, count })
}

struct Reader<'a> {
    b: &'a [u8],
    at: usize,
}

impl<'a> Reader<'a> {
    fn slice(&mut self, n: usize) -> Result<&'a [u8], ProfileError> {
        let s = self
            .b
            .get(self.at..self.at + n)
            .ok_or(ProfileError("truncated"))?;
        self.at += n;
        Ok(s)
    }
    fn take<const N: usize>(&mut self) -> Result<[u8; N], ProfileError> {
        let s = self.slice(N)?;
        let mut a = [0u8; N];
        a.copy_from_slice(s);
        Ok(a)
    }
    fn u8(&mut self) -> Result<u8, ProfileError> {
        Ok(self.take::<1>()?[0])
    }
}

/// Adds term sums to a profile's centroid, keeping the strongest `max_terms` (sorted by hash).
pub(super) fn add_terms(p: &mut Profile, terms: &[(u64, f32)], max_terms: usize) {
    let mut merged: Vec<(u64, f32)> = Vec::with_capacity(p.terms.len() + terms.len());
    let (a, b) = (&p.terms, terms);
    let (mut i, mut j) = (0, 0);
    while i < a.len() || j < b.len() {
        match (a.get(i), b.get(j)) {
            (Some(x), Some(y)) if x.0 == y.0 => {
                merged.push((x.0, x.1 + y.1));
                i += 1;
                j += 1;
            }
            (Some(x), Some(y)) if x.0 < y.0 => {
                merged.push(*x);
                i += 1;
            }
            (Some(_), Some(y)) | (None, Some(y)) => {
                merged.push(*y);
                j += 1;
            }
            (Some(x), None) => {
                merged.push(*x);
                i += 1;
            }
            (None, None) => break,
        }
    }
    if merged.len() > max_terms {
        merged.sort_unstable_by(|x, y| y.1.total_cmp(&x.1).then(x.0.cmp(&y.0)));
        merged.truncate(max_terms);
        merged.sort_unstable_by_key(|e| e.0);
    }
    p.terms = merged;
}

/// Adds a doc to a profile: term sums (keeping the strongest `max_terms`), count and phrases.
pub(super) fn absorb(p: &mut Profile, doc: &Doc, max_terms: usize) {
    add_terms(p, &doc.terms, max_terms);
    p.count = p.count.saturating_add(1);
    for phrase in &doc.phrases {
        if let Some(e) = p.phrases.iter_mut().find(|e| &e.0 == phrase) {
            e.1 += 1;
        } else if p.phrases.len() < MAX_PHRASES {
            p.phrases.push((phrase.clone(), 1));
        } else if let Some(min) = p.phrases.iter_mut().min_by_key(|e| e.1) {
            // Space-saving: the newcomer inherits the smallest count, so a phrase that keeps
            // coming back climbs.
            *min = (phrase.clone(), min.1 + 1);
        }
    }
}
