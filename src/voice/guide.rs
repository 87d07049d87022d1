//! The brand-voice guide as a document: its TOML file format (documented in `docs/voice-guide.md`), the
//! typed model the editor and the checker share, and validation of a file into that model.
//!
//! Parsing happens in two stages: TOML into [`VoiceGuide`] (serde), then [`validate`], which checks what
//! serde cannot (unknown keys in rules, duplicate ids, empty term lists, regular expressions) and reports
//! every problem with the file name, line, column and rule id. Compiling the rules into matchers is
//! [`super::compiled`]'s job.

use std::collections::{BTreeMap, HashSet};
use std::ops::Range;

use serde::{Deserialize, Serialize};
use toml::de::{DeTable, DeValue};
use toml::Spanned;
use ts_rs::TS;

use crate::error::{Error, Result};
use crate::language::Language;
use crate::profile::Network;

/// The version of the file format this build reads and writes.
pub const FORMAT: u32 = 1;

/// The starter guide every new workspace begins with: Italian and English rules for a public library.
pub const STARTER: &str = include_str!("starter.toml");

/// A library's voice guide.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[serde(deny_unknown_fields)]
pub struct VoiceGuide {
    #[serde(default = "format_version")]
    pub format: u32,
    #[serde(default)]
    pub identity: Identity,
    #[serde(default)]
    pub tone: Vec<ToneDescriptor>,
    #[serde(default)]
    pub terminology: Vec<Term>,
    #[serde(default)]
    pub rules: Vec<Rule>,
    /// Tuning of the built-in checks, by check id (`dialogue.broadcast`, `jargon`, `a11y.emoji`, …).
    #[serde(default)]
    pub builtin: BTreeMap<BuiltinCheck, BuiltinSetting>,
    #[serde(default)]
    pub templates: Vec<Template>,
}

fn format_version() -> u32 {
    FORMAT
}

/// Who speaks: the library, its accounts and how it signs.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, TS)]
#[serde(deny_unknown_fields)]
pub struct Identity {
    #[serde(default)]
    pub library: String,
    #[serde(default)]
    pub signature: String,
    #[serde(default)]
    pub languages: Vec<Language>,
    #[serde(default)]
    pub handles: BTreeMap<Network, String>,
}

/// One trait of the library's tone, with examples that show it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[serde(deny_unknown_fields)]
pub struct ToneDescriptor {
    pub name: String,
    #[serde(default)]
    pub description: String,
    #[serde(default)]
    pub lang: Option<Language>,
    #[serde(default)]
    pub good: Vec<String>,
    #[serde(default)]
    pub bad: Vec<String>,
}

/// A glossary entry: the word the library uses and what it means.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[serde(deny_unknown_fields)]
pub struct Term {
    pub term: String,
    #[serde(default)]
    pub meaning: String,
    #[serde(default)]
    pub lang: Option<Language>,
}

/// How serious a finding is. Error-level findings keep a post from becoming ready.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize, TS)]
#[serde(rename_all = "lowercase")]
pub enum Level {
    Suggestion,
    Warning,
    Error,
}

/// A rule of the guide: what it checks, how serious it is, how it explains itself, and its own examples.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
pub struct Rule {
    pub id: String,
    #[serde(default = "default_level")]
    pub level: Level,
    pub message: String,
    #[serde(default)]
    pub explanation: String,
    #[serde(default)]
    pub link: Option<String>,
    /// The rule applies only to posts in this language (both when absent).
    #[serde(default)]
    pub lang: Option<Language>,
    /// The rule applies only to posts going to these networks (all when empty).
    #[serde(default)]
    pub networks: Vec<Network>,
    /// Texts that must not trigger the rule.
    #[serde(default)]
    pub good: Vec<String>,
    /// Texts that must trigger the rule.
    #[serde(default)]
    pub bad: Vec<String>,
    #[serde(flatten)]
    pub check: RuleCheck,
}

fn default_level() -> Level {
    Level::Warning
}

/// What a rule looks for; `kind` in the file.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum RuleCheck {
    /// Terms or regular expressions that must not appear, unless inside one of the `except` phrases.
    Forbid {
        #[serde(default)]
        terms: Vec<String>,
        #[serde(default)]
        patterns: Vec<String>,
        #[serde(default)]
        except: Vec<String>,
    },
    /// Words to replace with the library's own (one-click fix).
    Prefer { replace: BTreeMap<String, String> },
    /// How many hashtags, exclamation marks, emoji, mentions or links a post may have.
    Count {
        what: Countable,
        #[serde(default)]
        min: Option<u32>,
        #[serde(default)]
        max: Option<u32>,
    },
    /// The same word again within `within` words.
    Repeat {
        #[serde(default = "default_within")]
        within: u32,
        #[serde(default = "default_min_length")]
        min_length: u32,
        #[serde(default)]
        ignore: Vec<String>,
    },
    /// Groups of variants of which a post should use only one (`tu` or `voi`, `e-book` or `ebook`).
    Consistent { groups: Vec<Vec<String>> },
    /// When the post has `when`, it must also have each of `needs`.
    Requires { when: Condition, needs: Vec<Condition> },
    /// Letter case: shouting in capitals, hashtags without CamelCase.
    Case {
        check: CaseCheck,
        #[serde(default)]
        allow: Vec<String>,
    },
    /// Minimum readability: Gulpease for Italian, Flesch reading ease for English.
    Readability {
        #[serde(default)]
        min_gulpease: Option<f64>,
        #[serde(default)]
        min_flesch: Option<f64>,
    },
}

fn default_within() -> u32 {
    8
}

fn default_min_length() -> u32 {
    4
}

/// What a `count` rule counts.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum Countable {
    Hashtags,
    Exclamations,
    Emoji,
    Mentions,
    Links,
}

/// Which letter-case problem a `case` rule looks for.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum CaseCheck {
    AllCaps,
    HashtagCamelCase,
}

/// Something a post has or says, for `requires` rules.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[serde(untagged)]
pub enum Condition {
    Fact(Fact),
    Terms { terms: Vec<String> },
}

/// Facts Agora recognises in a post.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum Fact {
    /// The post has an image.
    Image,
    /// Every image has a description.
    AltText,
    /// The post is about an event (linked to one, or names a date and time).
    Event,
    Date,
    Time,
    Place,
    Audience,
    Price,
    Booking,
    Link,
    Question,
    Hashtag,
    Signature,
}

/// The built-in checks every guide has, which a guide can tune or switch off.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize, TS)]
pub enum BuiltinCheck {
    #[serde(rename = "dialogue.broadcast")]
    DialogueBroadcast,
    #[serde(rename = "dialogue.question")]
    DialogueQuestion,
    #[serde(rename = "event.complete")]
    EventComplete,
    #[serde(rename = "jargon")]
    Jargon,
    #[serde(rename = "a11y.alt_text")]
    AltText,
    #[serde(rename = "a11y.alt_length")]
    AltLength,
    #[serde(rename = "a11y.hashtag_case")]
    HashtagCase,
    #[serde(rename = "a11y.emoji")]
    Emoji,
    #[serde(rename = "a11y.all_caps")]
    AllCaps,
    #[serde(rename = "a11y.gender_forms")]
    GenderForms,
}

impl BuiltinCheck {
    pub const ALL: [BuiltinCheck; 10] = [
        BuiltinCheck::DialogueBroadcast,
        BuiltinCheck::DialogueQuestion,
        BuiltinCheck::EventComplete,
        BuiltinCheck::Jargon,
        BuiltinCheck::AltText,
        BuiltinCheck::AltLength,
        BuiltinCheck::HashtagCase,
        BuiltinCheck::Emoji,
        BuiltinCheck::AllCaps,
        BuiltinCheck::GenderForms,
    ];

    /// The id findings of this check carry.
    pub fn id(self) -> &'static str {
        match self {
            BuiltinCheck::DialogueBroadcast => "dialogue.broadcast",
            BuiltinCheck::DialogueQuestion => "dialogue.question",
            BuiltinCheck::EventComplete => "event.complete",
            BuiltinCheck::Jargon => "jargon",
            BuiltinCheck::AltText => "a11y.alt_text",
            BuiltinCheck::AltLength => "a11y.alt_length",
            BuiltinCheck::HashtagCase => "a11y.hashtag_case",
            BuiltinCheck::Emoji => "a11y.emoji",
            BuiltinCheck::AllCaps => "a11y.all_caps",
            BuiltinCheck::GenderForms => "a11y.gender_forms",
        }
    }

    /// How serious the check's findings are unless the guide says otherwise.
    pub fn default_level(self) -> Level {
        match self {
            BuiltinCheck::AltText => Level::Error,
            BuiltinCheck::DialogueBroadcast
            | BuiltinCheck::EventComplete
            | BuiltinCheck::AltLength
            | BuiltinCheck::GenderForms => Level::Warning,
            _ => Level::Suggestion,
        }
    }
}

/// How a guide tunes a built-in check.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[serde(deny_unknown_fields)]
pub struct BuiltinSetting {
    #[serde(default = "enabled")]
    pub enabled: bool,
    #[serde(default)]
    pub level: Option<Level>,
    /// More phrases the check recognises: invitations for `dialogue.broadcast`, rhetorical openers for
    /// `dialogue.question`, acronyms allowed in capitals for `a11y.all_caps`.
    #[serde(default)]
    pub phrases: Vec<String>,
    /// More jargon and its plain alternative, for `jargon`.
    #[serde(default)]
    pub alternatives: BTreeMap<String, String>,
}

fn enabled() -> bool {
    true
}

/// A reusable text with placeholders (`{event.title}`, `{event.date}`, `{event.place}`, `{booking_url}`,
/// `{signature}`); a snippet is a short one inserted into a draft.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[serde(deny_unknown_fields)]
pub struct Template {
    pub name: String,
    #[serde(default)]
    pub lang: Option<Language>,
    pub text: String,
    #[serde(default)]
    pub snippet: bool,
}

/// The keys a rule table may have, besides those of its kind.
const COMMON_KEYS: [&str; 10] = [
    "id",
    "kind",
    "level",
    "message",
    "explanation",
    "link",
    "lang",
    "networks",
    "good",
    "bad",
];

fn kind_keys(kind: &str) -> Option<&'static [&'static str]> {
    Some(match kind {
        "forbid" => &["terms", "patterns", "except"],
        "prefer" => &["replace"],
        "count" => &["what", "min", "max"],
        "repeat" => &["within", "min_length", "ignore"],
        "consistent" => &["groups"],
        "requires" => &["when", "needs"],
        "case" => &["check", "allow"],
        "readability" => &["min_gulpease", "min_flesch"],
        _ => return None,
    })
}

/// Where in a guide file a problem is, to report it by line and column.
struct Located<'a> {
    name: &'a str,
    source: &'a str,
}

impl Located<'_> {
    fn error(&self, span: Option<Range<usize>>, rule: Option<&str>, reason: impl Into<String>) -> Error {
        let mut offset = span.map_or(0, |s| s.start.min(self.source.len()));
        while !self.source.is_char_boundary(offset) {
            offset -= 1;
        }
        let before = &self.source[..offset];
        let line = before.matches('\n').count() + 1;
        let column = before.rsplit('\n').next().map_or(0, |l| l.chars().count()) + 1;
        Error::GuideInvalid {
            source_name: self.name.to_owned(),
            line: line as u32,
            column: column as u32,
            rule: rule.map(str::to_owned),
            reason: reason.into(),
        }
    }
}

/// Reads and validates a guide file. `name` is how errors name the file (its path, or "voice guide").
pub fn parse(name: &str, source: &str) -> Result<VoiceGuide> {
    let at = Located { name, source };
    let tree = DeTable::parse(source).map_err(|e| at.error(e.span(), None, e.message().to_owned()))?;
    let rule_tables = rule_tables(&at, tree.get_ref())?;
    let guide: VoiceGuide =
        toml::from_str(source).map_err(|e| at.error(e.span(), None, e.message().trim().to_owned()))?;
    if guide.format > FORMAT {
        return Err(at.error(
            None,
            None,
            format!(
                "format {} is newer than this Agora understands ({FORMAT})",
                guide.format
            ),
        ));
    }
    let mut ids = HashSet::new();
    for (rule, span) in guide.rules.iter().zip(rule_tables) {
        let fail = |reason: String| at.error(Some(span.clone()), Some(&rule.id), reason);
        if !ids.insert(rule.id.as_str()) {
            return Err(fail("another rule has the same id".into()));
        }
        validate_rule(rule, &fail)?;
    }
    for template in &guide.templates {
        if template.text.trim().is_empty() {
            return Err(at.error(None, None, format!("template {:?} has no text", template.name)));
        }
    }
    Ok(guide)
}

/// The span of each `[[rules]]` table, after checking each has a known kind and only its kind's keys.
fn rule_tables(at: &Located, tree: &DeTable) -> Result<Vec<Range<usize>>> {
    let Some(rules) = tree.iter().find(|(k, _)| k.get_ref() == "rules").map(|(_, v)| v) else {
        return Ok(Vec::new());
    };
    let Some(array) = rules.get_ref().as_array() else {
        return Err(at.error(
            Some(rules.span()),
            None,
            "`rules` must be a list of [[rules]] tables",
        ));
    };
    let mut spans = Vec::with_capacity(array.len());
    for item in array.iter() {
        let Some(table) = item.get_ref().as_table() else {
            return Err(at.error(Some(item.span()), None, "each rule must be a table"));
        };
        let text = |key: &str| -> Option<&Spanned<DeValue>> {
            table.iter().find(|(k, _)| k.get_ref() == key).map(|(_, v)| v)
        };
        let id = text("id").and_then(|v| v.get_ref().as_str().map(str::to_owned));
        let id = id.as_deref();
        let kind = text("kind").and_then(|v| v.get_ref().as_str());
        let Some(kind) = kind else {
            return Err(at.error(Some(item.span()), id, "missing `kind`"));
        };
        let Some(allowed) = kind_keys(kind) else {
            return Err(at.error(
                text("kind").map(Spanned::span),
                id,
                format!(
                    "unknown kind {kind:?}; use forbid, prefer, count, repeat, consistent, requires, case or readability"
                ),
            ));
        };
        for (key, _) in table.iter() {
            let name = key.get_ref().as_ref();
            if !COMMON_KEYS.contains(&name) && !allowed.contains(&name) {
                return Err(at.error(
                    Some(key.span()),
                    id,
                    format!("unknown key `{name}` for a {kind} rule"),
                ));
            }
        }
        spans.push(item.span());
    }
    Ok(spans)
}

/// The largest compiled size of one `forbid` pattern, in bytes.
pub const MAX_PATTERN_BYTES: usize = 256 * 1024;

/// Checks one rule's content; the message says what is wrong.
fn validate_rule(rule: &Rule, fail: &dyn Fn(String) -> Error) -> Result<()> {
    let id_ok = !rule.id.is_empty()
        && rule
            .id
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | '.'));
    if !id_ok {
        return Err(fail("the id must be letters, digits, '-', '_' or '.'".into()));
    }
    if rule.message.trim().is_empty() {
        return Err(fail("`message` must not be empty".into()));
    }
    if let Some(link) = rule
        .link
        .as_deref()
        .filter(|l| crate::links::web_address(l).is_none())
    {
        return Err(fail(format!(
            "`link` {link:?} is not a web address (http or https)"
        )));
    }
    let blank = |terms: &[String]| terms.iter().any(|t| t.trim().is_empty());
    match &rule.check {
        RuleCheck::Forbid {
            terms,
            patterns,
            except,
        } => {
            if terms.is_empty() && patterns.is_empty() {
                return Err(fail("a forbid rule needs `terms` or `patterns`".into()));
            }
            if blank(terms) || blank(except) {
                return Err(fail("terms must not be empty strings".into()));
            }
            for pattern in patterns {
                compile_pattern(pattern, fail)?;
            }
        }
        RuleCheck::Prefer { replace } => {
            if replace.is_empty() || replace.keys().any(|k| k.trim().is_empty()) {
                return Err(fail(
                    "`replace` needs at least one non-empty word to replace".into(),
                ));
            }
        }
        RuleCheck::Count { min, max, .. } => {
            if min.is_none() && max.is_none() {
                return Err(fail("a count rule needs `min` or `max`".into()));
            }
            if let (Some(min), Some(max)) = (min, max) {
                if min > max {
                    return Err(fail(format!("`min` ({min}) is greater than `max` ({max})")));
                }
            }
        }
        RuleCheck::Repeat { within, .. } => {
            if *within == 0 {
                return Err(fail("`within` must be at least 1".into()));
            }
        }
        RuleCheck::Consistent { groups } => {
            if groups.len() < 2 || groups.iter().any(|g| g.is_empty() || blank(g)) {
                return Err(fail(
                    "`groups` needs at least two non-empty lists of words".into(),
                ));
            }
        }
        RuleCheck::Requires { needs, when } => {
            if needs.is_empty() {
                return Err(fail("`needs` must name at least one thing".into()));
            }
            for condition in needs.iter().chain([when]) {
                if let Condition::Terms { terms } = condition {
                    if terms.is_empty() || blank(terms) {
                        return Err(fail("a `terms` condition needs non-empty words".into()));
                    }
                }
            }
        }
        RuleCheck::Case { .. } => {}
        RuleCheck::Readability {
            min_gulpease,
            min_flesch,
        } => {
            if min_gulpease.is_none() && min_flesch.is_none() {
                return Err(fail(
                    "a readability rule needs `min_gulpease` or `min_flesch`".into(),
                ));
            }
        }
    }
    Ok(())
}

/// Compiles a `forbid` pattern (case-insensitive), refusing patterns whose automaton would be huge.
pub(crate) fn compile_pattern(pattern: &str, fail: &dyn Fn(String) -> Error) -> Result<regex::Regex> {
    regex::RegexBuilder::new(pattern)
        .case_insensitive(true)
        .size_limit(MAX_PATTERN_BYTES)
        .dfa_size_limit(MAX_PATTERN_BYTES)
        .build()
        .map_err(|e| {
            fail(match e {
                regex::Error::CompiledTooBig(limit) => format!(
                    "pattern {pattern:?} is too large: it would compile to more than {} KiB",
                    limit / 1024
                ),
                e => format!("pattern {pattern:?} is not a valid regular expression: {e}"),
            })
        })
}

/// Writes a guide as a TOML file (comments of a hand-written file are not kept).
pub fn to_toml(guide: &VoiceGuide) -> Result<String> {
    toml::to_string_pretty(guide).map_err(|e| Error::Internal(format!("cannot write the guide: {e}")))
}

/// The placeholders templates may use.
pub const PLACEHOLDERS: [&str; 5] = [
    "{event.title}",
    "{event.date}",
    "{event.place}",
    "{booking_url}",
    "{signature}",
];

/// What a valid guide could do better: rules without a bad example (nothing tests them), templates with
/// placeholders Agora does not fill.
pub fn lint_warnings(guide: &VoiceGuide) -> Vec<String> {
    let mut warnings: Vec<String> = guide
        .rules
        .iter()
        .filter(|r| r.bad.is_empty())
        .map(|r| format!("rule {:?} has no `bad` example, so nothing tests it", r.id))
        .collect();
    static PLACEHOLDER: std::sync::LazyLock<regex::Regex> =
        std::sync::LazyLock::new(|| regex::Regex::new(r"\{[a-z_.]+\}").expect("valid pattern"));
    for template in &guide.templates {
        for m in PLACEHOLDER.find_iter(&template.text) {
            if !PLACEHOLDERS.contains(&m.as_str()) {
                warnings.push(format!(
                    "template {:?} uses {}, which Agora does not fill (it can use {})",
                    template.name,
                    m.as_str(),
                    PLACEHOLDERS.join(", ")
                ));
            }
        }
    }
    warnings
}

/// The starter guide, parsed.
pub fn starter() -> VoiceGuide {
    parse("starter guide", STARTER).expect("the starter guide is valid (tested)")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn guide_invalid(result: Result<VoiceGuide>) -> (u32, u32, Option<String>, String) {
        match result {
            Err(Error::GuideInvalid {
                line,
                column,
                rule,
                reason,
                ..
            }) => (line, column, rule, reason),
            other => panic!("expected a guide error, got {other:?}"),
        }
    }

    #[test]
    fn the_starter_guide_is_valid_and_speaks_both_languages() {
        let guide = starter();
        assert_eq!(guide.identity.languages, [Language::It, Language::En]);
        for lang in Language::ALL {
            assert!(
                guide.rules.iter().any(|r| r.lang == Some(lang)),
                "no rule in {lang}"
            );
            assert!(guide.templates.iter().any(|t| t.lang == Some(lang)));
        }
        assert!(
            guide.rules.iter().all(|r| !r.bad.is_empty()),
            "every rule has a bad example"
        );
    }

    #[test]
    fn a_guide_round_trips_through_toml() {
        let guide = starter();
        let again = parse("written", &to_toml(&guide).unwrap()).unwrap();
        assert_eq!(again, guide);
    }

    #[test]
    fn syntax_errors_name_line_and_column() {
        let (line, column, rule, reason) = guide_invalid(parse("g.toml", "[identity]\nlibrary = \n"));
        assert_eq!((line, rule), (2, None));
        assert!(column >= 10, "column {column}");
        assert!(!reason.is_empty());
    }

    #[test]
    fn rule_errors_name_the_rule_and_where_it_starts() {
        let source = "[identity]\nlibrary = \"B\"\n\n[[rules]]\nid = \"ok\"\nkind = \"forbid\"\nmessage = \"m\"\nterms = [\"x\"]\n\n[[rules]]\nid = \"bad-regex\"\nkind = \"forbid\"\nmessage = \"m\"\npatterns = [\"(unclosed\"]\n";
        let (line, _, rule, reason) = guide_invalid(parse("g.toml", source));
        assert_eq!(rule.as_deref(), Some("bad-regex"));
        assert_eq!(line, 10, "{reason}");
        assert!(reason.contains("not a valid regular expression"), "{reason}");
    }

    #[test]
    fn unknown_keys_and_kinds_are_refused() {
        let typo = "[[rules]]\nid = \"r\"\nkind = \"forbid\"\nmessage = \"m\"\ntermz = [\"x\"]\n";
        let (line, column, rule, reason) = guide_invalid(parse("g.toml", typo));
        assert_eq!((line, column, rule.as_deref()), (5, 1, Some("r")));
        assert!(reason.contains("termz"), "{reason}");
        let kind = "[[rules]]\nid = \"r\"\nkind = \"shout\"\nmessage = \"m\"\n";
        let (line, _, _, reason) = guide_invalid(parse("g.toml", kind));
        assert_eq!(line, 3);
        assert!(reason.contains("unknown kind"), "{reason}");
        let top = "colour = \"blue\"\n";
        assert!(guide_invalid(parse("g.toml", top)).3.contains("colour"));
    }

    #[test]
    fn duplicate_ids_and_empty_rules_are_refused() {
        let twice = "[[rules]]\nid = \"r\"\nkind = \"forbid\"\nmessage = \"m\"\nterms = [\"x\"]\n[[rules]]\nid = \"r\"\nkind = \"forbid\"\nmessage = \"m\"\nterms = [\"y\"]\n";
        let (line, _, _, reason) = guide_invalid(parse("g.toml", twice));
        assert_eq!(line, 6);
        assert!(reason.contains("same id"));
        let empty = "[[rules]]\nid = \"r\"\nkind = \"forbid\"\nmessage = \"m\"\n";
        assert!(guide_invalid(parse("g.toml", empty)).3.contains("needs `terms`"));
        let count =
            "[[rules]]\nid = \"r\"\nkind = \"count\"\nwhat = \"emoji\"\nmin = 3\nmax = 1\nmessage = \"m\"\n";
        assert!(guide_invalid(parse("g.toml", count)).3.contains("greater"));
    }

    #[test]
    fn huge_patterns_are_refused_with_a_size_message() {
        let source = "[[rules]]\nid = \"huge\"\nkind = \"forbid\"\nmessage = \"m\"\npatterns = [\"\\\\w{1000}\\\\w{1000}\\\\w{1000}\"]\n";
        let (_, _, rule, reason) = guide_invalid(parse("g.toml", source));
        assert_eq!(rule.as_deref(), Some("huge"));
        assert!(reason.contains("too large"), "{reason}");
    }

    #[test]
    fn a_rule_link_that_is_not_a_web_address_is_refused() {
        let source = "[[rules]]\nid = \"r\"\nkind = \"forbid\"\nmessage = \"m\"\nterms = [\"x\"]\nlink = \"javascript:alert(1)\"\n";
        let (line, _, rule, reason) = guide_invalid(parse("g.toml", source));
        assert_eq!((line, rule.as_deref()), (1, Some("r")));
        assert!(reason.contains("not a web address"), "{reason}");
        let web = source.replace("javascript:alert(1)", "https://biblioteca.example/guida");
        assert!(parse("g.toml", &web).is_ok());
    }

    #[test]
    fn newer_formats_are_refused() {
        assert!(guide_invalid(parse("g.toml", "format = 2\n")).3.contains("newer"));
    }
}
