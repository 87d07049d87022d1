//! A voice guide compiled for checking: every term of every rule and of the built-in lexicon in one
//! Aho-Corasick automaton over lower-cased text (so a post is scanned once, however large the guide),
//! the `forbid` patterns as size-limited regular expressions, and the built-in checks' settings resolved.
//!
//! Compiling happens when a guide is saved or loaded, never per keystroke.

use std::collections::{HashMap, HashSet};

use aho_corasick::{AhoCorasick, MatchKind};
use regex::Regex;

use super::guide::{compile_pattern, BuiltinCheck, Condition, Fact, Level, RuleCheck, VoiceGuide};
use super::lexicon;
use crate::error::{Error, Result};
use crate::language::Language;

/// What a matched term means to the checker.
#[derive(Debug, Clone)]
pub(crate) enum Owner {
    Forbid {
        rule: usize,
    },
    Except {
        rule: usize,
    },
    Prefer {
        rule: usize,
        replacement: String,
    },
    Consistent {
        rule: usize,
        group: usize,
    },
    /// A `terms` condition of a `requires` rule: `condition` 0 is `when`, n is `needs[n - 1]`.
    RuleTerm {
        rule: usize,
        condition: usize,
    },
    Invitation {
        lang: Option<Language>,
        multiword: bool,
    },
    ReplyCue {
        lang: Option<Language>,
    },
    Rhetorical {
        lang: Option<Language>,
    },
    Jargon {
        lang: Option<Language>,
        plain: String,
    },
    Fact {
        lang: Language,
        fact: Fact,
    },
    Stopword {
        lang: Language,
    },
}

impl Owner {
    /// The index of the guide rule this term belongs to, if it belongs to one.
    pub(crate) fn rule(&self) -> Option<usize> {
        match self {
            Owner::Forbid { rule }
            | Owner::Except { rule }
            | Owner::Prefer { rule, .. }
            | Owner::Consistent { rule, .. }
            | Owner::RuleTerm { rule, .. } => Some(*rule),
            _ => None,
        }
    }
}

/// A guide ready to check posts.
#[derive(Debug)]
pub struct CompiledGuide {
    pub guide: VoiceGuide,
    pub(crate) automaton: AhoCorasick,
    /// For each pattern of the automaton, what it means (a term can matter to several rules).
    pub(crate) owners: Vec<Vec<Owner>>,
    /// Whether each pattern starts and ends with a letter or digit (then a match must be a whole word).
    pub(crate) word_edges: Vec<(bool, bool)>,
    /// `forbid` patterns: rule index and expression.
    pub(crate) patterns: Vec<(usize, Regex)>,
    /// Enabled built-in checks and their level.
    pub(crate) builtin: HashMap<BuiltinCheck, Level>,
    /// Words allowed in capitals (acronyms), upper-cased.
    pub(crate) caps_allowed: HashSet<String>,
}

/// Lower-cases a term the way the checker lower-cases text (typographic apostrophes become `'`).
pub(crate) fn fold(text: &str) -> String {
    text.chars()
        .flat_map(char::to_lowercase)
        .map(|c| if c == '\u{2019}' { '\'' } else { c })
        .collect()
}

struct Builder {
    index: HashMap<String, usize>,
    terms: Vec<String>,
    owners: Vec<Vec<Owner>>,
}

impl Builder {
    fn add(&mut self, term: &str, owner: Owner) {
        let folded = fold(term.trim());
        if folded.is_empty() {
            return;
        }
        let next = self.terms.len();
        let i = *self.index.entry(folded.clone()).or_insert(next);
        if i == next {
            self.terms.push(folded);
            self.owners.push(Vec::new());
        }
        self.owners[i].push(owner);
    }
}

impl CompiledGuide {
    /// Compiles a validated guide.
    pub fn compile(guide: VoiceGuide) -> Result<CompiledGuide> {
        let mut b = Builder {
            index: HashMap::new(),
            terms: Vec::new(),
            owners: Vec::new(),
        };
        let mut patterns = Vec::new();
        for (rule, r) in guide.rules.iter().enumerate() {
            match &r.check {
                RuleCheck::Forbid {
                    terms,
                    patterns: regexes,
                    except,
                } => {
                    terms.iter().for_each(|t| b.add(t, Owner::Forbid { rule }));
                    except.iter().for_each(|t| b.add(t, Owner::Except { rule }));
                    for pattern in regexes {
                        let located = |reason| Error::GuideInvalid {
                            source_name: "voice guide".into(),
                            line: 0,
                            column: 0,
                            rule: Some(r.id.clone()),
                            reason,
                        };
                        let regex = compile_pattern(pattern, &located)?;
                        patterns.push((rule, regex));
                    }
                }
                RuleCheck::Prefer { replace } => {
                    for (from, to) in replace {
                        b.add(
                            from,
                            Owner::Prefer {
                                rule,
                                replacement: to.clone(),
                            },
                        );
                    }
                }
                RuleCheck::Consistent { groups } => {
                    for (group, words) in groups.iter().enumerate() {
                        words
                            .iter()
                            .for_each(|w| b.add(w, Owner::Consistent { rule, group }));
                    }
                }
                RuleCheck::Requires { when, needs } => {
                    for (condition, c) in std::iter::once(when).chain(needs).enumerate() {
                        if let Condition::Terms { terms } = c {
                            terms
                                .iter()
                                .for_each(|t| b.add(t, Owner::RuleTerm { rule, condition }));
                        }
                    }
                }
                RuleCheck::Count { .. }
                | RuleCheck::Repeat { .. }
                | RuleCheck::Case { .. }
                | RuleCheck::Readability { .. } => {}
            }
        }
        let setting = |check: BuiltinCheck| guide.builtin.get(&check);
        for &(lang, phrase) in lexicon::INVITATIONS {
            let multiword = phrase.contains(' ');
            b.add(
                phrase,
                Owner::Invitation {
                    lang: Some(lang),
                    multiword,
                },
            );
        }
        for phrase in setting(BuiltinCheck::DialogueBroadcast).map_or(&[][..], |s| &s.phrases) {
            let multiword = phrase.trim().contains(' ');
            b.add(
                phrase,
                Owner::Invitation {
                    lang: None,
                    multiword,
                },
            );
        }
        for &(lang, phrase) in lexicon::REPLY_CUES {
            b.add(phrase, Owner::ReplyCue { lang: Some(lang) });
        }
        for &(lang, phrase) in lexicon::RHETORICAL {
            b.add(phrase, Owner::Rhetorical { lang: Some(lang) });
        }
        for phrase in setting(BuiltinCheck::DialogueQuestion).map_or(&[][..], |s| &s.phrases) {
            b.add(phrase, Owner::Rhetorical { lang: None });
        }
        for &(lang, term, plain) in lexicon::JARGON {
            b.add(
                term,
                Owner::Jargon {
                    lang: Some(lang),
                    plain: plain.to_owned(),
                },
            );
        }
        if let Some(s) = setting(BuiltinCheck::Jargon) {
            for (term, plain) in &s.alternatives {
                b.add(
                    term,
                    Owner::Jargon {
                        lang: None,
                        plain: plain.clone(),
                    },
                );
            }
        }
        for (fact, words) in [
            (Fact::Date, lexicon::WHEN),
            (Fact::Place, lexicon::PLACE),
            (Fact::Audience, lexicon::AUDIENCE),
            (Fact::Price, lexicon::PRICE),
            (Fact::Booking, lexicon::BOOKING),
        ] {
            for &(lang, word) in words {
                b.add(word, Owner::Fact { lang, fact });
            }
        }
        for &(lang, word) in lexicon::STOPWORDS {
            b.add(word, Owner::Stopword { lang });
        }
        let automaton = AhoCorasick::builder()
            .match_kind(MatchKind::Standard)
            .build(&b.terms)
            .map_err(|e| Error::Internal(format!("cannot build the term automaton: {e}")))?;
        let word_edges = b
            .terms
            .iter()
            .map(|t| {
                let edge = |c: Option<char>| c.is_some_and(char::is_alphanumeric);
                (edge(t.chars().next()), edge(t.chars().next_back()))
            })
            .collect();
        let builtin = BuiltinCheck::ALL
            .into_iter()
            .filter_map(|check| match setting(check) {
                Some(s) if !s.enabled => None,
                s => Some((check, s.and_then(|s| s.level).unwrap_or(check.default_level()))),
            })
            .collect();
        let caps_allowed = setting(BuiltinCheck::AllCaps)
            .map_or(&[][..], |s| &s.phrases)
            .iter()
            .map(|p| p.trim().to_uppercase())
            .collect();
        Ok(CompiledGuide {
            guide,
            automaton,
            owners: b.owners,
            word_edges,
            patterns,
            builtin,
            caps_allowed,
        })
    }

    /// The starter guide, compiled.
    pub fn starter() -> CompiledGuide {
        CompiledGuide::compile(super::guide::starter()).expect("the starter guide compiles (tested)")
    }
}
