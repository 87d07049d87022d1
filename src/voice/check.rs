//! Checking a draft against a compiled guide: the findings (with their span, explanation and one-click
//! fix), the readability metrics and each network's count, in one [`CheckReport`].
//!
//! The text is analysed once ([`Text`]): lower-cased with a map back to the original, its entities
//! (links, hashtags, mentions, emoji), sentences and words, and every term of the guide found in one
//! pass of the automaton. The guide's own rules are evaluated here; the built-in dialogue, event, jargon
//! and accessibility checks live in [`super::builtin`]. Offsets in findings are character (Unicode
//! scalar) offsets into the text, as the editor and `agora check` report them.

use std::collections::{BTreeMap, HashMap, HashSet};
use std::ops::Range;

use serde::{Deserialize, Serialize};
use ts_rs::TS;

use super::builtin;
use super::compiled::{fold, CompiledGuide, Owner};
use super::entities::{self, Entities};
use super::guide::{BuiltinCheck, CaseCheck, Condition, Countable, Fact, Level, Rule, RuleCheck};
use super::networks::{self, NetworkCount, NetworkLimits};
use super::readability::{self, Metrics};
use crate::language::Language;
use crate::profile::Network;

/// What to check: a draft's text and what the checker needs to know about the post.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, TS)]
pub struct DraftCheck {
    pub text: String,
    /// The post's language; detected between Italian and English when absent.
    #[serde(default)]
    pub lang: Option<Language>,
    /// The networks the post goes to; every network when empty.
    #[serde(default)]
    pub networks: Vec<Network>,
    #[serde(default)]
    pub images: Vec<ImageText>,
    /// Whether the post is linked to an event.
    #[serde(default)]
    pub about_event: bool,
    /// The language of the built-in checks' messages (the post's language when absent).
    #[serde(default)]
    pub explain_in: Option<Language>,
}

/// An image of the post, as far as the checks are concerned: its description.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct ImageText {
    pub alt: String,
}

/// An edit that resolves a finding: replace the characters `start..end` with `replacement`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
pub struct Fix {
    pub start: u32,
    pub end: u32,
    pub replacement: String,
}

/// One piece of advice about the draft.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
pub struct Finding {
    pub rule: String,
    pub level: Level,
    pub message: String,
    pub explanation: String,
    pub link: Option<String>,
    /// Character offsets of the span the finding is about (equal when it is about the post as a whole).
    pub start: u32,
    pub end: u32,
    /// What to write instead, in words.
    pub suggestion: Option<String>,
    /// The one-click edit, when there is one.
    pub fix: Option<Fix>,
}

/// Everything the editor shows about a draft.
#[derive(Debug, Clone, PartialEq, Serialize, TS)]
pub struct CheckReport {
    pub lang: Language,
    /// Whether `lang` was detected rather than given.
    pub lang_detected: bool,
    pub findings: Vec<Finding>,
    pub metrics: Metrics,
    pub networks: BTreeMap<Network, NetworkCount>,
}

impl CheckReport {
    /// Whether a finding keeps the post from becoming ready.
    pub fn has_errors(&self) -> bool {
        self.findings.iter().any(|f| f.level == Level::Error)
    }
}

/// A term of the guide found in the text (byte offsets into the original text).
pub(crate) struct TermMatch {
    pub pattern: usize,
    pub range: Range<usize>,
}

/// The analysed text a check works on.
pub(crate) struct Text<'a> {
    pub original: &'a str,
    /// Character index of each byte offset (and of the end).
    char_at: Vec<u32>,
    pub entities: Entities,
    /// Sentences (byte ranges, trimmed), split at sentence-ending marks and line breaks.
    pub sentences: Vec<Range<usize>>,
    /// Words: runs of letters, digits and inner apostrophes or hyphens (byte ranges).
    pub words: Vec<Range<usize>>,
    pub folded: Folded,
    pub terms: Vec<TermMatch>,
    /// Where the closing block of hashtags, links and mentions starts (`original.len()` if there is none).
    pub tail_start: usize,
}

impl<'a> Text<'a> {
    fn analyse(original: &'a str, guide: &CompiledGuide) -> Text<'a> {
        let mut char_at = vec![0u32; original.len() + 1];
        let mut n = 0u32;
        for (i, c) in original.char_indices() {
            char_at[i..i + c.len_utf8()].fill(n);
            n += 1;
        }
        char_at[original.len()] = n;
        let entities = entities::find(original);
        let sentences = sentences(original);
        let words = words(original);
        let folded = Folded::new(original);
        let terms = find_terms(&folded, guide, &entities);
        let tail_start = tail_start(original, &entities);
        Text {
            original,
            char_at,
            entities,
            sentences,
            words,
            folded,
            terms,
            tail_start,
        }
    }

    /// The character offset of a byte offset.
    pub fn chars(&self, byte: usize) -> u32 {
        self.char_at[byte]
    }

    /// Whether a byte offset lies inside a link or a mention.
    pub fn in_link_or_mention(&self, at: usize) -> bool {
        let inside = |r: &Range<usize>| r.contains(&at);
        self.entities.urls.iter().any(|u| inside(&u.range)) || self.entities.mentions.iter().any(inside)
    }

    /// The sentence holding a byte offset.
    pub fn sentence_of(&self, at: usize) -> Range<usize> {
        self.sentences
            .iter()
            .find(|s| s.start <= at && at < s.end.max(s.start + 1))
            .cloned()
            .unwrap_or(at..at)
    }

    /// A finding about `range` (bytes).
    pub fn finding(&self, rule: &str, level: Level, range: Range<usize>, message: String) -> Finding {
        Finding {
            rule: rule.to_owned(),
            level,
            message,
            explanation: String::new(),
            link: None,
            start: self.chars(range.start),
            end: self.chars(range.end),
            suggestion: None,
            fix: None,
        }
    }

    /// A fix replacing `range` (bytes) with `replacement`.
    pub fn fix(&self, range: Range<usize>, replacement: impl Into<String>) -> Fix {
        Fix {
            start: self.chars(range.start),
            end: self.chars(range.end),
            replacement: replacement.into(),
        }
    }
}

fn is_sentence_end(c: char) -> bool {
    matches!(c, '.' | '!' | '?' | '…' | '\n')
}

fn sentences(text: &str) -> Vec<Range<usize>> {
    let mut out = Vec::new();
    let mut start = 0;
    let mut chars = text.char_indices().peekable();
    while let Some((i, c)) = chars.next() {
        if is_sentence_end(c) {
            let mut end = i + c.len_utf8();
            while let Some(&(j, d)) = chars.peek() {
                if is_sentence_end(d) && d != '\n' {
                    end = j + d.len_utf8();
                    chars.next();
                } else {
                    break;
                }
            }
            push_trimmed(text, start..end, &mut out);
            start = end;
        }
    }
    push_trimmed(text, start..text.len(), &mut out);
    out
}

fn push_trimmed(text: &str, range: Range<usize>, out: &mut Vec<Range<usize>>) {
    let slice = &text[range.clone()];
    let lead = slice.len() - slice.trim_start().len();
    let trail = slice.len() - slice.trim_end().len();
    if lead < slice.len() {
        out.push(range.start + lead..range.end - trail);
    }
}

fn words(text: &str) -> Vec<Range<usize>> {
    let mut out = Vec::new();
    let mut start: Option<usize> = None;
    let mut chars = text.char_indices().peekable();
    while let Some((i, c)) = chars.next() {
        let joins = matches!(c, '\'' | '\u{2019}' | '-')
            && start.is_some()
            && chars.peek().is_some_and(|&(_, d)| d.is_alphanumeric());
        if c.is_alphanumeric() || joins {
            start.get_or_insert(i);
        } else if let Some(s) = start.take() {
            out.push(s..i);
        }
    }
    if let Some(s) = start {
        out.push(s..text.len());
    }
    out
}

/// Every guide and lexicon term in the text, as whole words, outside links and mentions.
fn find_terms(folded: &Folded, guide: &CompiledGuide, entities: &Entities) -> Vec<TermMatch> {
    let (lower, to_original) = (&folded.lower, &folded.to_original);
    let mut out = Vec::new();
    let skip: Vec<&Range<usize>> = entities
        .urls
        .iter()
        .map(|u| &u.range)
        .chain(&entities.mentions)
        .collect();
    for m in guide.automaton.find_overlapping_iter(lower) {
        let pattern = m.pattern().as_usize();
        let (word_start, word_end) = guide.word_edges[pattern];
        let before = lower[..m.start()].chars().next_back();
        let after = lower[m.end()..].chars().next();
        let alnum = |c: Option<char>| c.is_some_and(|c| c.is_alphanumeric());
        if (word_start && alnum(before)) || (word_end && alnum(after)) {
            continue;
        }
        let range = to_original[m.start()] as usize..to_original[m.end()] as usize;
        if skip.iter().any(|r| r.start <= range.start && range.end <= r.end) {
            continue;
        }
        out.push(TermMatch { pattern, range });
    }
    out
}

/// The text lower-cased the way guide terms are (see [`fold`]), with maps between its byte offsets and
/// the original's.
pub(crate) struct Folded {
    pub lower: String,
    /// Original byte offset of each lower-cased byte (and of the end).
    to_original: Vec<u32>,
    /// Lower-cased byte offset of each original byte (and of the end).
    from_original: Vec<u32>,
}

impl Folded {
    fn new(text: &str) -> Folded {
        let mut lower = String::with_capacity(text.len());
        let mut to_original = Vec::with_capacity(text.len() + 1);
        let mut from_original = Vec::with_capacity(text.len() + 1);
        for (i, c) in text.char_indices() {
            from_original.extend(std::iter::repeat_n(lower.len() as u32, c.len_utf8()));
            if c.is_ascii() {
                lower.push(c.to_ascii_lowercase());
                to_original.push(i as u32);
                continue;
            }
            for l in c.to_lowercase() {
                let l = if l == '\u{2019}' { '\'' } else { l };
                lower.push(l);
                to_original.extend(std::iter::repeat_n(i as u32, l.len_utf8()));
            }
        }
        to_original.push(text.len() as u32);
        from_original.push(lower.len() as u32);
        Folded {
            lower,
            to_original,
            from_original,
        }
    }

    /// The lower-cased form of the original byte range `range`.
    pub fn of(&self, range: &Range<usize>) -> &str {
        &self.lower[self.from_original[range.start] as usize..self.from_original[range.end] as usize]
    }
}

/// The start of the closing run of hashtags, links and mentions (only spaces and punctuation between).
fn tail_start(text: &str, entities: &Entities) -> usize {
    let mut tags: Vec<Range<usize>> = entities
        .hashtags
        .iter()
        .chain(&entities.mentions)
        .cloned()
        .chain(entities.urls.iter().map(|u| u.range.clone()))
        .collect();
    tags.sort_by_key(|r| r.start);
    let filler = |s: &str| s.chars().all(|c| c.is_whitespace() || c.is_ascii_punctuation());
    let mut start = text.len();
    for tag in tags.iter().rev() {
        if tag.end <= start && filler(&text[tag.end..start]) {
            start = tag.start;
        } else {
            break;
        }
    }
    start
}

/// The post's language by its common words; the guide's first language when it cannot tell.
fn detect_language(text: &Text, guide: &CompiledGuide) -> Language {
    let mut it = 0;
    let mut en = 0;
    for m in &text.terms {
        for owner in &guide.owners[m.pattern] {
            if let Owner::Stopword { lang } = owner {
                match lang {
                    Language::It => it += 1,
                    Language::En => en += 1,
                }
            }
        }
    }
    match it.cmp(&en) {
        std::cmp::Ordering::Greater => Language::It,
        std::cmp::Ordering::Less => Language::En,
        std::cmp::Ordering::Equal => guide
            .guide
            .identity
            .languages
            .first()
            .copied()
            .unwrap_or(Language::It),
    }
}

/// Which facts the post states.
pub(crate) fn facts(text: &Text, guide: &CompiledGuide, draft: &DraftCheck, lang: Language) -> HashSet<Fact> {
    let mut facts = HashSet::new();
    for m in &text.terms {
        for owner in &guide.owners[m.pattern] {
            if let Owner::Fact { lang: l, fact } = owner {
                if *l == lang {
                    facts.insert(*fact);
                }
            }
        }
    }
    if builtin::has_numeric_date(text.original) {
        facts.insert(Fact::Date);
    }
    if builtin::has_time(text.original) {
        facts.insert(Fact::Time);
    }
    if !text.entities.urls.is_empty() {
        facts.insert(Fact::Link);
        facts.insert(Fact::Booking);
    }
    if !text.entities.hashtags.is_empty() {
        facts.insert(Fact::Hashtag);
    }
    if text.original.contains('?') {
        facts.insert(Fact::Question);
    }
    if !draft.images.is_empty() {
        facts.insert(Fact::Image);
    }
    if draft.images.iter().all(|i| !i.alt.trim().is_empty()) {
        facts.insert(Fact::AltText);
    }
    let signature = guide.guide.identity.signature.trim();
    if !signature.is_empty() && text.original.contains(signature) {
        facts.insert(Fact::Signature);
    }
    if draft.about_event || (facts.contains(&Fact::Date) && facts.contains(&Fact::Time)) {
        facts.insert(Fact::Event);
    }
    facts
}

/// Checks a draft against a guide.
pub fn check(guide: &CompiledGuide, draft: &DraftCheck, limits: &NetworkLimits) -> CheckReport {
    let text = Text::analyse(&draft.text, guide);
    let lang = draft.lang.unwrap_or_else(|| detect_language(&text, guide));
    let networks: Vec<Network> = if draft.networks.is_empty() {
        Network::ALL.to_vec()
    } else {
        draft.networks.clone()
    };
    let metrics = readability::measure(&prose(&text), lang);
    let facts = facts(&text, guide, draft, lang);
    let mut findings = Vec::new();
    let mut terms_of_rule: Vec<Vec<(&TermMatch, &Owner)>> = vec![Vec::new(); guide.guide.rules.len()];
    for m in &text.terms {
        for owner in &guide.owners[m.pattern] {
            if let Some(rule) = owner.rule() {
                terms_of_rule[rule].push((m, owner));
            }
        }
    }
    for ((rule, terms), index) in guide.guide.rules.iter().zip(&terms_of_rule).zip(0..) {
        let applies = rule.lang.is_none_or(|l| l == lang)
            && (rule.networks.is_empty() || rule.networks.iter().any(|n| networks.contains(n)));
        if applies {
            let matched = RuleTerms { index, terms };
            check_rule(guide, &text, rule, &matched, &metrics, &facts, &mut findings);
        }
    }
    let context = builtin::Context {
        guide,
        text: &text,
        draft,
        lang,
        explain: draft.explain_in.unwrap_or(lang),
        networks: &networks,
        facts: &facts,
    };
    builtin::run(&context, &mut findings);
    findings.extend(too_many_images(&text, draft, &networks, limits, context.explain));
    findings.sort_by(|a, b| (a.start, b.level, &a.rule).cmp(&(b.start, a.level, &b.rule)));
    findings
        .dedup_by(|a, b| a.rule == b.rule && a.start == b.start && a.end == b.end && a.message == b.message);
    let counts = networks
        .iter()
        .map(|&n| (n, networks::count_thread(n, &draft.text, limits)))
        .collect();
    CheckReport {
        lang,
        lang_detected: draft.lang.is_none(),
        findings,
        metrics,
        networks: counts,
    }
}

/// An error for each network the post goes to that takes fewer images than it has.
fn too_many_images(
    text: &Text,
    draft: &DraftCheck,
    networks: &[Network],
    limits: &NetworkLimits,
    explain: Language,
) -> Vec<Finding> {
    let given = draft.images.len() as u32;
    networks
        .iter()
        .filter_map(|&network| Some((network, limits.max_images(network)?)))
        .filter(|&(_, max)| given > max)
        .map(|(network, max)| {
            let name = network.code();
            let message = match explain {
                Language::It => format!("{given} immagini: su {name} un post ne porta al massimo {max}."),
                Language::En => format!("{given} images: a post on {name} carries at most {max}."),
            };
            let mut f = text.finding("images.count", Level::Error, 0..0, message);
            f.suggestion = Some(match explain {
                Language::It => format!("Tenete le {max} più belle, o dividete il post in un filo."),
                Language::En => format!("Keep the best {max}, or split the post into a thread."),
            });
            f
        })
        .collect()
}

/// The checks of an answer in a conversation: those of a post, less those about what a post must contain
/// (a `requires` rule, a complete event, a question that opens a conversation) — an answer is a
/// conversation already, and "see you on Thursday" is not an event announcement.
pub fn check_answer(guide: &CompiledGuide, draft: &DraftCheck, limits: &NetworkLimits) -> CheckReport {
    let mut report = check(guide, draft, limits);
    let about_content: Vec<&str> = guide
        .guide
        .rules
        .iter()
        .filter(|r| matches!(r.check, RuleCheck::Requires { .. }))
        .map(|r| r.id.as_str())
        .chain([
            BuiltinCheck::EventComplete.id(),
            BuiltinCheck::DialogueBroadcast.id(),
        ])
        .collect();
    report
        .findings
        .retain(|f| !about_content.contains(&f.rule.as_str()));
    report
}

/// The text with links, hashtags, mentions and emoji blanked out, for readability.
fn prose(text: &Text) -> String {
    let e = &text.entities;
    let ranges = e
        .urls
        .iter()
        .map(|u| &u.range)
        .chain(&e.hashtags)
        .chain(&e.mentions)
        .chain(&e.emoji);
    // Each range lies on character boundaries and spaces replace whole characters, so the text stays
    // valid UTF-8 and keeps its offsets.
    let mut bytes = text.original.as_bytes().to_vec();
    for r in ranges {
        bytes[r.clone()].fill(b' ');
    }
    String::from_utf8(bytes).unwrap_or_default()
}

fn rule_finding(text: &Text, rule: &Rule, range: Range<usize>) -> Finding {
    Finding {
        explanation: rule.explanation.clone(),
        link: rule.link.clone(),
        ..text.finding(&rule.id, rule.level, range, rule.message.clone())
    }
}

/// Writes `replacement` in the case of `original`: capitalised or all capitals if it was.
pub(crate) fn match_case(original: &str, replacement: &str) -> String {
    let letters: Vec<char> = original.chars().filter(|c| c.is_alphabetic()).collect();
    if letters.len() > 1 && letters.iter().all(|c| c.is_uppercase()) {
        return replacement.to_uppercase();
    }
    if letters.first().is_some_and(|c| c.is_uppercase()) {
        let mut chars = replacement.chars();
        return chars
            .next()
            .map(|c| c.to_uppercase().chain(chars).collect())
            .unwrap_or_default();
    }
    replacement.to_owned()
}

/// The guide terms one rule matched in the text.
struct RuleTerms<'a> {
    index: usize,
    terms: &'a [(&'a TermMatch, &'a Owner)],
}

impl RuleTerms<'_> {
    fn matching(&self, want: impl Fn(&Owner) -> bool) -> impl Iterator<Item = &TermMatch> {
        self.terms.iter().filter(move |(_, o)| want(o)).map(|(m, _)| *m)
    }
}

fn check_rule(
    guide: &CompiledGuide,
    text: &Text,
    rule: &Rule,
    matched: &RuleTerms,
    metrics: &Metrics,
    facts: &HashSet<Fact>,
    out: &mut Vec<Finding>,
) {
    match &rule.check {
        RuleCheck::Forbid { .. } => {
            let excepted: Vec<&TermMatch> = matched.matching(|o| matches!(o, Owner::Except { .. })).collect();
            let inside_exception = |r: &Range<usize>| {
                excepted
                    .iter()
                    .any(|e| e.range.start <= r.start && r.end <= e.range.end)
            };
            for m in matched.matching(|o| matches!(o, Owner::Forbid { .. })) {
                if !inside_exception(&m.range) {
                    out.push(rule_finding(text, rule, m.range.clone()));
                }
            }
            for (_, regex) in guide.patterns.iter().filter(|(r, _)| *r == matched.index) {
                for m in regex.find_iter(text.original).filter(|m| !m.is_empty()) {
                    if !inside_exception(&m.range()) {
                        out.push(rule_finding(text, rule, m.range()));
                    }
                }
            }
        }
        RuleCheck::Prefer { .. } => {
            for (m, owner) in matched.terms {
                if let Owner::Prefer { replacement, .. } = owner {
                    let written = match_case(&text.original[m.range.clone()], replacement);
                    let mut finding = rule_finding(text, rule, m.range.clone());
                    finding.fix = Some(text.fix(m.range.clone(), written.clone()));
                    finding.suggestion = Some(written);
                    out.push(finding);
                }
            }
        }
        RuleCheck::Count { what, min, max } => {
            let items = countable(text, *what);
            if let Some(max) = max.filter(|&max| items.len() > max as usize) {
                let excess = &items[max as usize..];
                let range = excess[0].start..excess[excess.len() - 1].end;
                out.push(rule_finding(text, rule, range));
            }
            if min.is_some_and(|min| items.len() < min as usize) {
                let end = text.original.len();
                out.push(rule_finding(text, rule, end..end));
            }
        }
        RuleCheck::Repeat {
            within,
            min_length,
            ignore,
        } => {
            let ignore: HashSet<String> = ignore.iter().map(|w| fold(w)).collect();
            let mut last_seen: HashMap<&str, usize> = HashMap::new();
            for (i, w) in text.words.iter().enumerate() {
                let word = text.folded.of(w);
                if word.chars().count() < *min_length as usize || ignore.contains(word) {
                    continue;
                }
                if let Some(previous) = last_seen.insert(word, i) {
                    if i - previous <= *within as usize {
                        out.push(rule_finding(text, rule, w.clone()));
                    }
                }
            }
        }
        RuleCheck::Consistent { .. } => {
            let mut by_group: BTreeMap<usize, Vec<&TermMatch>> = BTreeMap::new();
            for (m, owner) in matched.terms {
                if let Owner::Consistent { group, .. } = owner {
                    by_group.entry(*group).or_default().push(m);
                }
            }
            if by_group.len() > 1 {
                // The register used most (first used, on a tie) is the post's; the others are flagged.
                let main = by_group
                    .iter()
                    .max_by(|a, b| {
                        a.1.len()
                            .cmp(&b.1.len())
                            .then(b.1[0].range.start.cmp(&a.1[0].range.start))
                    })
                    .map(|(g, _)| *g)
                    .unwrap_or(0);
                for (_, matches) in by_group.iter().filter(|(g, _)| **g != main) {
                    for m in matches {
                        out.push(rule_finding(text, rule, m.range.clone()));
                    }
                }
            }
        }
        RuleCheck::Requires { when, needs } => {
            let holds = |condition: usize, c: &Condition| match c {
                Condition::Fact(fact) => facts.contains(fact),
                Condition::Terms { .. } => matched
                    .matching(|o| matches!(o, Owner::RuleTerm { condition: k, .. } if *k == condition))
                    .next()
                    .is_some(),
            };
            if holds(0, when) && needs.iter().enumerate().any(|(i, c)| !holds(i + 1, c)) {
                let first = text.sentences.first().cloned().unwrap_or(0..0);
                out.push(rule_finding(text, rule, first));
            }
        }
        RuleCheck::Case { check, allow } => {
            let allowed: HashSet<String> = allow.iter().map(|a| a.trim().to_uppercase()).collect();
            let spans = match check {
                CaseCheck::AllCaps => builtin::all_caps_runs(text, &allowed),
                CaseCheck::HashtagCamelCase => builtin::flat_hashtags(text),
            };
            for (range, replacement) in spans {
                let mut finding = rule_finding(text, rule, range.clone());
                if let Some(replacement) = replacement {
                    finding.fix = Some(text.fix(range, replacement.clone()));
                    finding.suggestion = Some(replacement);
                }
                out.push(finding);
            }
        }
        RuleCheck::Readability {
            min_gulpease,
            min_flesch,
        } => {
            let below =
                |score: Option<f64>, min: &Option<f64>| matches!((score, min), (Some(s), Some(m)) if s < *m);
            if below(metrics.gulpease, min_gulpease) || below(metrics.flesch, min_flesch) {
                let longest = text
                    .sentences
                    .iter()
                    .max_by_key(|s| s.len())
                    .cloned()
                    .unwrap_or(0..0);
                out.push(rule_finding(text, rule, longest));
            }
        }
    }
}

/// The spans of what a `count` rule counts, in order.
fn countable(text: &Text, what: Countable) -> Vec<Range<usize>> {
    match what {
        Countable::Hashtags => text.entities.hashtags.clone(),
        Countable::Mentions => text.entities.mentions.clone(),
        Countable::Emoji => text.entities.emoji.clone(),
        Countable::Links => text.entities.urls.iter().map(|u| u.range.clone()).collect(),
        Countable::Exclamations => text
            .original
            .char_indices()
            .filter(|(_, c)| matches!(c, '!' | '¡' | '‼'))
            .map(|(i, c)| i..i + c.len_utf8())
            .collect(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn run(text: &str) -> CheckReport {
        run_with(DraftCheck {
            text: text.into(),
            ..DraftCheck::default()
        })
    }

    fn run_with(draft: DraftCheck) -> CheckReport {
        check(&CompiledGuide::starter(), &draft, &NetworkLimits::default())
    }

    #[test]
    fn more_images_than_the_network_takes_is_an_error() {
        let five = vec![
            ImageText {
                alt: "Una sala piena di libri".into()
            };
            5
        ];
        let draft = |networks: Vec<Network>| DraftCheck {
            text: "Che cosa leggete?".into(),
            lang: Some(Language::En),
            networks,
            images: five.clone(),
            ..DraftCheck::default()
        };
        let report = run_with(draft(vec![
            Network::Mastodon,
            Network::Bluesky,
            Network::Facebook,
        ]));
        let errors = of(&report, "images.count");
        assert_eq!(errors.len(), 2, "Mastodon and Bluesky, not Facebook");
        assert!(errors[0].message.contains("at most 4"), "{}", errors[0].message);
        let roomy = NetworkLimits {
            mastodon_media: 6,
            ..NetworkLimits::default()
        };
        let on_server = check(&CompiledGuide::starter(), &draft(vec![Network::Mastodon]), &roomy);
        assert!(of(&on_server, "images.count").is_empty(), "this server takes six");
    }

    #[test]
    fn an_answer_is_not_asked_what_an_event_post_must_say() {
        let draft = DraftCheck {
            text: "Certo, vi aspettiamo sabato alle 10:30 per le letture!!! Gli utenti sono i benvenuti"
                .into(),
            lang: Some(Language::It),
            networks: vec![Network::Mastodon],
            ..DraftCheck::default()
        };
        let guide = CompiledGuide::starter();
        let as_post = check(&guide, &draft, &NetworkLimits::default());
        let as_answer = check_answer(&guide, &draft, &NetworkLimits::default());
        assert!(
            !of(&as_post, "evento-quando-dove").is_empty(),
            "{:?}",
            as_post.findings
        );
        assert!(of(&as_answer, "evento-quando-dove").is_empty());
        assert!(
            of(&as_answer, "event.complete").is_empty() && of(&as_answer, "dialogue.broadcast").is_empty()
        );
        let kept: Vec<&Finding> = as_post
            .findings
            .iter()
            .filter(|f| {
                !["evento-quando-dove", "event.complete", "dialogue.broadcast"].contains(&f.rule.as_str())
            })
            .collect();
        assert!(
            !kept.is_empty(),
            "the tone rules still speak: {:?}",
            as_post.findings
        );
        assert_eq!(as_answer.findings.iter().collect::<Vec<_>>(), kept);
    }

    fn of<'a>(report: &'a CheckReport, rule: &str) -> Vec<&'a Finding> {
        report.findings.iter().filter(|f| f.rule == rule).collect()
    }

    /// Applies a finding's fix to `text` (offsets are characters).
    fn apply(text: &str, fix: &Fix) -> String {
        let chars: Vec<char> = text.chars().collect();
        let before: String = chars[..fix.start as usize].iter().collect();
        let after: String = chars[fix.end as usize..].iter().collect();
        format!("{before}{}{after}", fix.replacement)
    }

    fn span(text: &str, f: &Finding) -> String {
        text.chars()
            .skip(f.start as usize)
            .take((f.end - f.start) as usize)
            .collect()
    }

    #[test]
    fn an_italian_announcement_is_flagged_as_broadcast_with_a_question_to_add() {
        let text = "Vieni in biblioteca sabato! Non perdere la festa dei libri. #Bologna";
        let report = run(text);
        assert_eq!(report.lang, Language::It);
        let broadcast = of(&report, "dialogue.broadcast");
        assert_eq!(broadcast.len(), 1);
        assert_eq!(span(text, broadcast[0]), "Vieni");
        assert!(!broadcast[0].explanation.is_empty());
        let fixed = apply(text, broadcast[0].fix.as_ref().unwrap());
        assert_eq!(
            fixed,
            "Vieni in biblioteca sabato! Non perdere la festa dei libri. E tu, cosa ne pensi? Raccontacelo nei commenti.\n\n#Bologna"
        );
        assert!(
            of(&run(&fixed), "dialogue.broadcast").is_empty(),
            "the fix opens a conversation"
        );
    }

    #[test]
    fn the_talks_example_is_a_broadcast_in_english_too() {
        let text = "Come to our library's cool program!";
        let report = run(text);
        assert_eq!(report.lang, Language::En);
        let broadcast = of(&report, "dialogue.broadcast");
        assert_eq!(span(text, broadcast[0]), "Come");
        assert_eq!(
            broadcast[0].suggestion.as_deref(),
            Some("What do you think? Tell us in the replies.")
        );
    }

    #[test]
    fn a_single_word_invitation_counts_only_at_a_sentence_start() {
        let text = "The books you reserved come back on Monday.";
        let broadcast = of(&run(text), "dialogue.broadcast")[0].clone();
        assert_eq!(
            span(text, &broadcast),
            text,
            "flagged as a plain announcement, not at \"come\""
        );
    }

    #[test]
    fn genuine_questions_and_reply_cues_open_a_conversation() {
        assert!(of(&run("Quale libro vi ha cambiato l'estate?"), "dialogue.broadcast").is_empty());
        assert!(of(
            &run("Raccontateci il vostro libro dell'estate."),
            "dialogue.broadcast"
        )
        .is_empty());
        assert!(of(
            &run("Tell us about your favourite summer read."),
            "dialogue.broadcast"
        )
        .is_empty());
    }

    #[test]
    fn rhetorical_questions_do_not_count() {
        let text = "Lo sapevi che la biblioteca presta anche i semi?";
        let report = run(text);
        assert_eq!(span(text, of(&report, "dialogue.question")[0]), "Lo sapevi che");
        assert_eq!(of(&report, "dialogue.broadcast").len(), 1);
    }

    #[test]
    fn a_question_after_the_hashtags_is_moved_before_them() {
        let text = "Nuovi arrivi in sala ragazzi. #NatiPerLeggere #Bologna\nCosa state leggendo?";
        let report = run(text);
        let buried = of(&report, "dialogue.question");
        assert_eq!(buried.len(), 1);
        assert_eq!(span(text, buried[0]), "Cosa state leggendo?");
        assert_eq!(
            apply(text, buried[0].fix.as_ref().unwrap()),
            "Nuovi arrivi in sala ragazzi. Cosa state leggendo?\n\n#NatiPerLeggere #Bologna"
        );
        assert!(of(&report, "dialogue.broadcast").is_empty());
    }

    #[test]
    fn an_event_post_says_what_is_missing() {
        let report = run_with(DraftCheck {
            text: "Sabato alle 18 incontro con l'autrice: cosa le chiedereste?".into(),
            about_event: true,
            ..DraftCheck::default()
        });
        let event = of(&report, "event.complete");
        assert_eq!(
            event[0].message,
            "Mancano: dove, per chi è, se è gratuito, come prenotare o entrare."
        );
        let complete = run_with(DraftCheck {
            text: "Sabato 12 ottobre alle 18 in sala ragazzi, per famiglie, ingresso libero: cosa chiedereste all'autrice?".into(),
            about_event: true,
            ..DraftCheck::default()
        });
        assert!(
            of(&complete, "event.complete").is_empty(),
            "{:?}",
            complete.findings
        );
    }

    #[test]
    fn jargon_gets_a_plain_alternative_or_is_dropped() {
        let text = "Si comunica che OPAC e prestito interbibliotecario sono sospesi: li usate spesso?";
        let report = run(text);
        let jargon = of(&report, "jargon");
        assert_eq!(jargon.len(), 3);
        let mut fixed = text.to_owned();
        for f in jargon.iter().rev() {
            fixed = apply(&fixed, f.fix.as_ref().unwrap());
        }
        assert_eq!(
            fixed,
            "catalogo online e prestito da un'altra biblioteca sono sospesi: li usate spesso?"
        );
    }

    #[test]
    fn preferred_words_keep_the_case_and_offsets_are_characters() {
        let text = "📚 Utenti e lettori: come prenotate?";
        let prefer = of(&run(text), "lettori-non-utenti")[0].clone();
        assert_eq!((prefer.start, prefer.end), (2, 8));
        assert_eq!(prefer.suggestion.as_deref(), Some("Lettori"));
        assert_eq!(
            apply(text, prefer.fix.as_ref().unwrap()),
            "📚 Lettori e lettori: come prenotate?"
        );
    }

    #[test]
    fn accessibility_checks() {
        let images = vec![
            ImageText { alt: String::new() },
            ImageText {
                alt: "x".repeat(1600),
            },
        ];
        let report = run_with(DraftCheck {
            text: "Care lettorə, tuttə invitatə! 📚📚📚 Festa #natiperleggere: chi viene?".into(),
            images,
            networks: vec![Network::Mastodon],
            ..DraftCheck::default()
        });
        assert_eq!(of(&report, "a11y.alt_text").len(), 1);
        assert!(report.has_errors(), "a missing description is an error");
        assert_eq!(
            of(&report, "a11y.alt_length").len(),
            1,
            "1,600 characters is over Mastodon's 1,500"
        );
        let gender: Vec<Option<&str>> = of(&report, "a11y.gender_forms")
            .iter()
            .map(|f| f.suggestion.as_deref())
            .collect();
        assert_eq!(gender.len(), 3);
        assert_eq!(gender[0], Some("chi legge"));
        assert_eq!(gender[1], Some("tutte le persone"));
        assert_eq!(of(&report, "a11y.emoji").len(), 1);
        assert_eq!(of(&report, "a11y.hashtag_case").len(), 1);
        assert!(of(&run("Festa #NatiPerLeggere: chi viene?"), "a11y.hashtag_case").is_empty());
    }

    #[test]
    fn capitals_are_lowered_except_known_acronyms() {
        let text = "GRANDE FESTA in biblioteca, anche con MLOL: chi viene?";
        let report = run(text);
        let caps = of(&report, "maiuscolo");
        assert_eq!(caps.len(), 1);
        assert_eq!(caps[0].suggestion.as_deref(), Some("Grande festa"));
    }

    #[test]
    fn mixing_registers_flags_the_minority() {
        let text = "Vi aspettiamo sabato con i vostri bambini: ti va di venire?";
        let report = run(text);
        let register = of(&report, "registro-voi");
        assert_eq!(register.len(), 1);
        assert_eq!(span(text, register[0]), "ti");
    }

    #[test]
    fn the_language_is_detected_or_taken_as_given() {
        assert_eq!(run("What are you reading this week?").lang, Language::En);
        assert_eq!(run("Cosa state leggendo questa settimana?").lang, Language::It);
        let given = run_with(DraftCheck {
            text: "What are you reading?".into(),
            lang: Some(Language::It),
            ..DraftCheck::default()
        });
        assert_eq!((given.lang, given.lang_detected), (Language::It, false));
    }

    #[test]
    fn only_the_networks_asked_for_are_counted() {
        let report = run_with(DraftCheck {
            text: "Ciao".into(),
            networks: vec![Network::X, Network::Bluesky],
            ..DraftCheck::default()
        });
        assert_eq!(
            report.networks.keys().copied().collect::<Vec<_>>(),
            [Network::X, Network::Bluesky]
        );
        assert_eq!(run("Ciao").networks.len(), Network::ALL.len());
    }

    #[test]
    fn odd_input_gives_sensible_results_without_panicking() {
        let empty = run("");
        assert!(empty.findings.is_empty(), "{:?}", empty.findings);
        assert_eq!(empty.metrics.words, 0);
        let huge = "Quale libro? ".repeat(8_000) + &"a".repeat(4_000);
        let report = run(&huge);
        assert!(report.metrics.words > 8_000);
        assert!(!report.networks[&Network::X].fits);
        for text in [
            "👨‍👩‍👧‍👦👨‍👩‍👧‍👦 famiglie in biblioteca?",
            "Читаем вместе 読書会 قراءة Leggiamo insieme?",
            "\u{202E}rovescio\u{202C} e\u{301} ̀ ?",
            "#",
            "@",
            "!!!",
        ] {
            let report = run(text);
            for f in &report.findings {
                assert!(
                    f.start <= f.end && f.end as usize <= text.chars().count(),
                    "{text:?}: {f:?}"
                );
            }
        }
    }
}
