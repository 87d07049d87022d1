//! Readability of a post: word, sentence, letter and syllable counts, the Gulpease index (Italian) and
//! Flesch reading ease (English).
//!
//! Hashtags, links, mentions and emoji are removed first. Words are whitespace-separated tokens holding
//! a letter or a digit (so `dell'intervenuta` is one word); letters are alphabetic characters; sentences
//! end at `.`, `!`, `?` or `…` (a run of them ends one sentence). Scores are given only from
//! [`MIN_WORDS`] words up: below that, the formulas say more about chance than about the text.

use serde::Serialize;
use ts_rs::TS;

use crate::language::Language;

/// The fewest words a text needs for a readability score.
pub const MIN_WORDS: u32 = 30;

/// The counts behind the scores, and the score for the post's language.
#[derive(Debug, Clone, PartialEq, Serialize, TS)]
pub struct Metrics {
    pub words: u32,
    pub sentences: u32,
    pub letters: u32,
    pub syllables: u32,
    /// Gulpease index (0–100, higher is easier), for Italian posts of at least [`MIN_WORDS`] words.
    pub gulpease: Option<f64>,
    /// Flesch reading ease (higher is easier), for English posts of at least [`MIN_WORDS`] words.
    pub flesch: Option<f64>,
}

/// Measures `prose`, the post's text with hashtags, links, mentions and emoji already blanked out.
pub fn measure(prose: &str, lang: Language) -> Metrics {
    let mut words = 0u32;
    let mut letters = 0u32;
    let mut syllables = 0u32;
    for token in prose.split_whitespace() {
        if !token.chars().any(char::is_alphanumeric) {
            continue;
        }
        words += 1;
        letters += token.chars().filter(|c| c.is_alphabetic()).count() as u32;
        syllables += token
            .split(|c: char| !c.is_alphabetic())
            .map(|part| match lang {
                Language::It => italian_syllables(part),
                Language::En => english_syllables(part),
            })
            .sum::<u32>();
    }
    let sentences = if words == 0 { 0 } else { sentence_count(prose) };
    let scored = words >= MIN_WORDS;
    let (w, s) = (f64::from(words), f64::from(sentences));
    let gulpease =
        (scored && lang == Language::It).then(|| round1(89.0 + (300.0 * s - 10.0 * f64::from(letters)) / w));
    let flesch = (scored && lang == Language::En)
        .then(|| round1(206.835 - 1.015 * w / s - 84.6 * f64::from(syllables) / w));
    Metrics {
        words,
        sentences,
        letters,
        syllables,
        gulpease,
        flesch,
    }
}

fn round1(x: f64) -> f64 {
    (x * 10.0).round() / 10.0
}

fn is_sentence_end(c: char) -> bool {
    matches!(c, '.' | '!' | '?' | '…')
}

/// Sentences: runs of sentence-ending marks, plus a final sentence without one.
fn sentence_count(text: &str) -> u32 {
    let mut count = 0;
    let mut words_since_end = false;
    let mut previous_end = false;
    for c in text.chars() {
        if is_sentence_end(c) {
            if !previous_end && words_since_end {
                count += 1;
                words_since_end = false;
            }
            previous_end = true;
        } else {
            previous_end = false;
            if c.is_alphanumeric() {
                words_since_end = true;
            }
        }
    }
    (count + u32::from(words_since_end)).max(1)
}

fn lower(c: char) -> char {
    if c.is_ascii() {
        c.to_ascii_lowercase()
    } else {
        c.to_lowercase().next().unwrap_or(c)
    }
}

fn is_vowel(c: char, lang: Language) -> bool {
    match lang {
        Language::It => matches!(
            lower(c),
            'a' | 'e' | 'i' | 'o' | 'u' | 'à' | 'è' | 'é' | 'ì' | 'í' | 'ò' | 'ó' | 'ù' | 'ú'
        ),
        Language::En => matches!(lower(c), 'a' | 'e' | 'i' | 'o' | 'u' | 'y'),
    }
}

/// Italian syllables: vowel groups, splitting the hiatus of two strong vowels (`a`, `e`, `o`) and a
/// stressed `ì`/`ù` before a vowel (`poeta` is po-e-ta). Unstressed hiatus such as `poesia` cannot be
/// told from a diphthong without a dictionary and counts one less.
fn italian_syllables(word: &str) -> u32 {
    let strong = |c: char| matches!(c, 'a' | 'e' | 'o' | 'à' | 'è' | 'é' | 'ò' | 'ó');
    let mut count = 0;
    let mut previous_vowel: Option<char> = None;
    let mut letters = false;
    for c in word.chars().map(lower) {
        letters |= c.is_alphabetic();
        let vowel = is_vowel(c, Language::It);
        let hiatus = |p: char| (strong(p) && strong(c)) || matches!(p, 'ì' | 'í' | 'ù' | 'ú');
        match previous_vowel {
            Some(p) if vowel && hiatus(p) => count += 1,
            Some(_) => {}
            None if vowel => count += 1,
            None => {}
        }
        previous_vowel = vowel.then_some(c);
    }
    count.max(u32::from(letters))
}

fn vowel_groups(word: &str, lang: Language) -> u32 {
    let mut groups = 0;
    let mut in_group = false;
    for c in word.chars() {
        let vowel = is_vowel(c, lang);
        if vowel && !in_group {
            groups += 1;
        }
        in_group = vowel;
    }
    groups
}

/// English syllables by the usual heuristic: vowel groups, minus a silent final `e` (but not `-le`) and
/// a silent `-es`/`-ed`, at least one per word.
fn english_syllables(word: &str) -> u32 {
    let lower = word.to_lowercase();
    if lower.is_empty() {
        return 0;
    }
    let mut count = vowel_groups(&lower, Language::En);
    let bytes = lower.as_bytes();
    if lower.ends_with('e') && !lower.ends_with("le") && !lower.ends_with("ee") && count > 1 {
        count -= 1;
    }
    if (lower.ends_with("es") || lower.ends_with("ed")) && count > 1 {
        let before = bytes.get(bytes.len().wrapping_sub(3)).copied().map(char::from);
        if !matches!(before, Some('t' | 'd' | 's' | 'x' | 'z' | 'c' | 'g' | 'h')) {
            count -= 1;
        }
    }
    count.max(1)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn counts_follow_the_documented_definitions() {
        let m = measure(
            "Dell'intervenuta approvazione! Si parla… di 3 libri?",
            Language::It,
        );
        assert_eq!(m.words, 7, "dell'intervenuta is one word, 3 is a word");
        assert_eq!(m.sentences, 3);
        assert_eq!(
            m.letters,
            "Dellintervenutaapprovazionesiparladilibri".len() as u32
        );
        assert_eq!(
            (m.gulpease, m.flesch),
            (None, None),
            "fewer than 30 words: no score"
        );
    }

    #[test]
    fn runs_of_marks_end_one_sentence_and_text_without_marks_is_one() {
        assert_eq!(sentence_count("Che bella serata!!! Grazie."), 2);
        assert_eq!(sentence_count("nessun punto"), 1);
        assert_eq!(sentence_count("Ciao... a tutti"), 2);
        assert_eq!(measure("", Language::It).sentences, 0);
        assert_eq!(measure("   ", Language::En).words, 0);
    }

    #[test]
    fn gulpease_matches_the_formula() {
        // 30 words of 4 letters in 3 sentences: 89 + (300*3 - 10*120) / 30 = 79.
        let sentence = "casa casa casa casa casa casa casa casa casa casa.";
        let text = [sentence; 3].join(" ");
        let m = measure(&text, Language::It);
        assert_eq!((m.words, m.sentences, m.letters), (30, 3, 120));
        assert_eq!(m.gulpease, Some(79.0));
        assert_eq!(m.flesch, None);
    }

    #[test]
    fn flesch_matches_the_formula() {
        // 30 one-syllable words in 2 sentences: 206.835 - 1.015*15 - 84.6*1 = 107.0.
        let sentence = "the cat sat on the mat and the dog ran to it and we saw.";
        let m = measure(&[sentence; 2].join(" "), Language::En);
        assert_eq!((m.words, m.sentences, m.syllables), (30, 2, 30));
        assert_eq!(m.flesch, Some(107.0));
    }

    #[test]
    fn syllables_are_close_to_a_dictionary() {
        for (word, n) in [
            ("casa", 2),
            ("poeta", 3),
            ("biblioteca", 4),
            ("aereo", 4),
            ("perché", 2),
            ("più", 1),
        ] {
            assert_eq!(italian_syllables(word), n, "{word}");
        }
        for (word, n) in [
            ("library", 3),
            ("make", 1),
            ("table", 2),
            ("reading", 2),
            ("wanted", 2),
            ("jumped", 1),
            ("the", 1),
        ] {
            assert_eq!(english_syllables(word), n, "{word}");
        }
    }
}
