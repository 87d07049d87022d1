//! The checks every guide has (and can tune or switch off): whether a post opens a conversation or only
//! broadcasts, rhetorical and buried questions, complete event information, jargon, and accessibility
//! (image descriptions, hashtag case, emoji, capitals, schwa and asterisk gender forms).
//!
//! Messages and explanations come in the language asked for (the interface's in the app, the post's on
//! the command line).

use std::collections::HashSet;
use std::ops::Range;
use std::sync::LazyLock;

use regex::Regex;

use super::check::{match_case, DraftCheck, Finding, Text};
use super::compiled::{fold, CompiledGuide, Owner};
use super::guide::{BuiltinCheck, Fact, Level};
use super::lexicon;
use super::networks::alt_text_limit;
use crate::language::Language;
use crate::profile::Network;

/// What the built-in checks look at.
pub(crate) struct Context<'a> {
    pub guide: &'a CompiledGuide,
    pub text: &'a Text<'a>,
    pub draft: &'a DraftCheck,
    pub lang: Language,
    pub explain: Language,
    pub networks: &'a [Network],
    pub facts: &'a HashSet<Fact>,
}

impl Context<'_> {
    fn say(&self, it: &str, en: &str) -> String {
        match self.explain {
            Language::It => it.to_owned(),
            Language::En => en.to_owned(),
        }
    }

    fn finding(&self, check: BuiltinCheck, level: Level, range: Range<usize>, message: String) -> Finding {
        self.text.finding(check.id(), level, range, message)
    }

    /// Whether a lexicon entry of language `lang` (or of the guide, `None`) applies to this post.
    fn speaks(&self, lang: Option<Language>) -> bool {
        lang.is_none_or(|l| l == self.lang)
    }

    /// The term matches whose owners satisfy `want`.
    fn terms(&self, want: impl Fn(&Owner) -> bool) -> Vec<(Range<usize>, &Owner)> {
        self.text
            .terms
            .iter()
            .filter_map(|m| {
                self.guide.owners[m.pattern]
                    .iter()
                    .find(|o| want(o))
                    .map(|o| (m.range.clone(), o))
            })
            .collect()
    }
}

/// Runs every enabled built-in check.
pub(crate) fn run(cx: &Context, out: &mut Vec<Finding>) {
    for (&check, &level) in &cx.guide.builtin {
        match check {
            BuiltinCheck::DialogueBroadcast => broadcast(cx, level, out),
            BuiltinCheck::DialogueQuestion => buried_or_rhetorical(cx, level, out),
            BuiltinCheck::EventComplete => event_complete(cx, level, out),
            BuiltinCheck::Jargon => jargon(cx, level, out),
            BuiltinCheck::AltText => alt_text(cx, level, out),
            BuiltinCheck::AltLength => alt_length(cx, level, out),
            BuiltinCheck::HashtagCase => {
                for (range, _) in flat_hashtags(cx.text) {
                    let mut f = cx.finding(
                        check,
                        level,
                        range,
                        cx.say(
                            "Hashtag tutto minuscolo: scrivetelo in CamelCase.",
                            "All-lowercase hashtag: write it in CamelCase.",
                        ),
                    );
                    f.explanation = cx.say(
                        "Gli screen reader leggono #natiperleggere come una parola sola; #NatiPerLeggere viene letto parola per parola, ed è più facile da leggere per tutti.",
                        "Screen readers read #readingweek as one word; #ReadingWeek is read word by word, and is easier for everyone to read.",
                    );
                    out.push(f);
                }
            }
            BuiltinCheck::Emoji => emoji(cx, level, out),
            BuiltinCheck::AllCaps => {
                for (range, replacement) in all_caps_runs(cx.text, &cx.guide.caps_allowed) {
                    let mut f = cx.finding(
                        check,
                        level,
                        range.clone(),
                        cx.say("Parole in maiuscolo.", "Words in capitals."),
                    );
                    f.explanation = cx.say(
                        "Il maiuscolo sembra un urlo, si legge più lentamente e alcuni screen reader lo compitano lettera per lettera.",
                        "Capitals read as shouting, are slower to read, and some screen readers spell them out letter by letter.",
                    );
                    f.fix = replacement.clone().map(|r| cx.text.fix(range, r));
                    f.suggestion = replacement;
                    out.push(f);
                }
            }
            BuiltinCheck::GenderForms => gender_forms(cx, level, out),
        }
    }
}

/// The question a broadcast post could ask, in the post's language.
/// In Italian it keeps the post's register: "tu" when the invitations speak to one reader ("vieni"),
/// "voi" otherwise.
fn opening_question(cx: &Context, invitations: &[Range<usize>]) -> &'static str {
    let event = cx.facts.contains(&Fact::Event);
    let singular = invitations
        .iter()
        .any(|r| lexicon::SINGULAR_INVITATIONS.contains(&fold(&cx.text.original[r.clone()]).as_str()));
    match (cx.lang, event, singular) {
        (Language::It, true, false) => "E voi, cosa vorreste chiedere? Scriveteci nei commenti.",
        (Language::It, false, false) => "E voi, cosa ne pensate? Raccontatecelo nei commenti.",
        (Language::It, true, true) => "E tu, cosa vorresti chiedere? Scrivicelo nei commenti.",
        (Language::It, false, true) => "E tu, cosa ne pensi? Raccontacelo nei commenti.",
        (Language::En, true, _) => "What would you like to ask? Tell us in the replies.",
        (Language::En, false, _) => "What do you think? Tell us in the replies.",
    }
}

/// Genuine questions: sentences ending in `?` that do not open rhetorically.
fn genuine_questions(cx: &Context) -> Vec<Range<usize>> {
    let rhetorical = cx.terms(|o| matches!(o, Owner::Rhetorical { lang } if cx.speaks(*lang)));
    cx.text
        .sentences
        .iter()
        .filter(|s| cx.text.original[(*s).clone()].contains('?'))
        .filter(|s| {
            !rhetorical
                .iter()
                .any(|(r, _)| s.start <= r.start && r.end <= s.end)
        })
        .cloned()
        .collect()
}

fn reply_cues(cx: &Context) -> Vec<Range<usize>> {
    cx.terms(|o| matches!(o, Owner::ReplyCue { lang } if cx.speaks(*lang)))
        .into_iter()
        .map(|(r, _)| r)
        .collect()
}

/// Whether a byte offset starts a sentence (only spaces, emoji or punctuation before it in the sentence).
fn at_sentence_start(text: &Text, at: usize) -> bool {
    let sentence = text.sentence_of(at);
    text.original[sentence.start.min(at)..at]
        .chars()
        .all(|c| !c.is_alphanumeric())
}

fn broadcast(cx: &Context, level: Level, out: &mut Vec<Finding>) {
    let text = cx.text;
    if text.words.is_empty() || !genuine_questions(cx).is_empty() || !reply_cues(cx).is_empty() {
        return;
    }
    let invitations: Vec<Range<usize>> = cx
        .terms(|o| matches!(o, Owner::Invitation { lang, .. } if cx.speaks(*lang)))
        .into_iter()
        .filter(|(r, o)| {
            matches!(o, Owner::Invitation { multiword: true, .. }) || at_sentence_start(text, r.start)
        })
        .map(|(r, _)| r)
        .collect();
    let exclamation = text.original.find('!').map(|i| i..i + 1);
    let (range, message) = match (invitations.first(), exclamation) {
        (Some(r), _) => (
            r.clone(),
            cx.say(
                "Il post invita e annuncia, ma non apre una conversazione.",
                "The post invites and announces, but does not open a conversation.",
            ),
        ),
        (None, Some(r)) => (
            r,
            cx.say(
                "Il post esclama e annuncia, ma non chiede niente a chi legge.",
                "The post exclaims and announces, but asks readers nothing.",
            ),
        ),
        (None, None) => (
            text.sentences[0].clone(),
            cx.say(
                "Il post annuncia soltanto: non c'è una domanda né un invito a rispondere.",
                "The post only announces: there is no question and no invitation to reply.",
            ),
        ),
    };
    let question = opening_question(cx, &invitations);
    let mut f = cx.finding(BuiltinCheck::DialogueBroadcast, level, range, message);
    f.explanation = cx.say(
        "Sui social le persone scelgono che cosa leggere: un annuncio («Vieni!», «Non perdere…») viene ignorato, una domanda vera riceve risposte. Chiedete un parere, un ricordo, un consiglio — e poi rispondete.",
        "On social media people choose what to read: an announcement (\"Come!\", \"Don't miss…\") is scrolled past, a real question gets answers. Ask for an opinion, a memory, a recommendation — and then reply.",
    );
    f.suggestion = Some(question.to_owned());
    f.fix = Some(insert_before_tail(text, question));
    out.push(f);
}

/// A fix that adds `sentence` after the prose: before the closing hashtags and links, or at the end.
fn insert_before_tail(text: &Text, sentence: &str) -> super::check::Fix {
    let len = text.original.len();
    if text.tail_start < len {
        let at = text.tail_start;
        text.fix(at..at, format!("{sentence}\n\n"))
    } else {
        let kept = text.original.trim_end().len();
        let glue = if text.original.trim().is_empty() {
            ""
        } else {
            "\n\n"
        };
        text.fix(kept..len, format!("{glue}{sentence}"))
    }
}

fn buried_or_rhetorical(cx: &Context, level: Level, out: &mut Vec<Finding>) {
    let text = cx.text;
    for (range, _) in cx.terms(|o| matches!(o, Owner::Rhetorical { lang } if cx.speaks(*lang))) {
        let mut f = cx.finding(
            BuiltinCheck::DialogueQuestion,
            level,
            range,
            cx.say(
                "Domanda retorica: non aspetta una risposta.",
                "Rhetorical question: it expects no answer.",
            ),
        );
        f.explanation = cx.say(
            "«Lo sapevi che…?» è un annuncio travestito da domanda. Chiedete qualcosa a cui chi legge possa davvero rispondere: un parere, un ricordo, un consiglio.",
            "\"Did you know…?\" is an announcement dressed as a question. Ask something readers can really answer: an opinion, a memory, a recommendation.",
        );
        out.push(f);
    }
    // A question or reply cue after a block of hashtags or links: most readers stop at the block.
    let blocks = tag_blocks(text);
    let mut cues: Vec<Range<usize>> = genuine_questions(cx);
    cues.extend(reply_cues(cx).into_iter().map(|r| text.sentence_of(r.start)));
    cues.sort_by_key(|r| r.start);
    cues.dedup();
    for cue in cues {
        let Some(block) = blocks
            .iter()
            .filter(|b| b.end <= cue.start)
            .min_by_key(|b| b.start)
        else {
            continue;
        };
        let sentence = &text.original[cue.clone()];
        let between = text.original[block.start..cue.start].trim_end();
        let mut f = cx.finding(
            BuiltinCheck::DialogueQuestion,
            level,
            cue.clone(),
            cx.say(
                "La domanda arriva dopo hashtag e link: molti non la vedranno.",
                "The question comes after the hashtags and links: many will not see it.",
            ),
        );
        f.explanation = cx.say(
            "Chi legge si ferma al blocco di hashtag e link. Mettete la domanda prima, dove si legge.",
            "Readers stop at a block of hashtags and links. Put the question before it, where it gets read.",
        );
        f.fix = Some(text.fix(block.start..cue.end, format!("{sentence}\n\n{between}")));
        out.push(f);
    }
}

/// Runs of hashtags and links (only spaces between) that have two or more tags or start a line.
fn tag_blocks(text: &Text) -> Vec<Range<usize>> {
    let mut tags: Vec<Range<usize>> = text
        .entities
        .hashtags
        .iter()
        .cloned()
        .chain(text.entities.urls.iter().map(|u| u.range.clone()))
        .collect();
    tags.sort_by_key(|r| r.start);
    let mut blocks: Vec<(Range<usize>, usize)> = Vec::new();
    for tag in tags {
        match blocks.last_mut() {
            Some((block, n)) if text.original[block.end..tag.start].trim().is_empty() => {
                block.end = tag.end;
                *n += 1;
            }
            _ => blocks.push((tag, 1)),
        }
    }
    blocks
        .into_iter()
        .filter(|(b, n)| {
            *n >= 2
                || text.original[..b.start]
                    .trim_end_matches([' ', '\t'])
                    .ends_with('\n')
        })
        .map(|(b, _)| b)
        .collect()
}

fn event_complete(cx: &Context, level: Level, out: &mut Vec<Finding>) {
    if !cx.facts.contains(&Fact::Event) || cx.text.words.is_empty() {
        return;
    }
    let has = |f: Fact| cx.facts.contains(&f);
    let missing: Vec<String> = [
        (has(Fact::Date) || has(Fact::Time), "quando", "when"),
        (has(Fact::Place), "dove", "where"),
        (has(Fact::Audience), "per chi è", "who it is for"),
        (has(Fact::Price), "se è gratuito", "whether it is free"),
        (
            has(Fact::Booking),
            "come prenotare o entrare",
            "how to book or get in",
        ),
    ]
    .into_iter()
    .filter(|(present, _, _)| !present)
    .map(|(_, it, en)| cx.say(it, en))
    .collect();
    if missing.is_empty() {
        return;
    }
    let list = missing.join(", ");
    let first = cx.text.sentences[0].clone();
    let mut f = cx.finding(
        BuiltinCheck::EventComplete,
        level,
        first,
        cx.say(&format!("Mancano: {list}."), &format!("Missing: {list}.")),
    );
    f.explanation = cx.say(
        "Un post su un evento risponde in anticipo alle domande di chi vuole venire: quando, dove, per chi, se si paga e come si prenota. Ogni informazione mancante diventa una domanda nei commenti, o una persona che rinuncia.",
        "An event post answers in advance what people who want to come will ask: when, where, who for, whether it costs and how to book. Each missing detail becomes a question in the replies, or someone who gives up.",
    );
    f.suggestion = Some(cx.say(&format!("Aggiungete: {list}."), &format!("Add {list}.")));
    out.push(f);
}

fn jargon(cx: &Context, level: Level, out: &mut Vec<Finding>) {
    for (range, owner) in cx.terms(|o| matches!(o, Owner::Jargon { lang, .. } if cx.speaks(*lang))) {
        let Owner::Jargon { plain, .. } = owner else {
            continue;
        };
        let written = &cx.text.original[range.clone()];
        let mut f = cx.finding(
            BuiltinCheck::Jargon,
            level,
            range.clone(),
            if plain.is_empty() {
                cx.say(
                    &format!("«{written}» è linguaggio da ufficio."),
                    &format!("\"{written}\" is office language."),
                )
            } else {
                cx.say(
                    &format!("«{written}»: dite «{plain}»."),
                    &format!("\"{written}\": say \"{plain}\"."),
                )
            },
        );
        f.explanation = cx.say(
            "Il gergo delle biblioteche e il burocratese allontanano chi non li conosce. Dite la cosa con le parole di tutti i giorni.",
            "Library jargon and bureaucratic phrasing push away people who don't know them. Say it in everyday words.",
        );
        if plain.is_empty() {
            // Drop the phrase and the space after it; the sentence then starts with what follows.
            let after =
                cx.text.original[range.end..].len() - cx.text.original[range.end..].trim_start().len();
            f.fix = Some(cx.text.fix(range.start..range.end + after, ""));
            f.suggestion = Some(cx.say("Dite direttamente la notizia.", "Just say the news."));
        } else {
            // An acronym ("OPAC") is replaced as written in the lexicon, not in capitals.
            let acronym = written.chars().all(|c| !c.is_lowercase());
            let replacement = if acronym {
                plain.clone()
            } else {
                match_case(written, plain)
            };
            f.fix = Some(cx.text.fix(range, replacement.clone()));
            f.suggestion = Some(replacement);
        }
        out.push(f);
    }
}

fn alt_text(cx: &Context, level: Level, out: &mut Vec<Finding>) {
    for (i, _) in cx
        .draft
        .images
        .iter()
        .enumerate()
        .filter(|(_, im)| im.alt.trim().is_empty())
    {
        let n = i + 1;
        let mut f = cx.finding(
            BuiltinCheck::AltText,
            level,
            0..0,
            cx.say(
                &format!("L'immagine {n} non ha una descrizione."),
                &format!("Image {n} has no description."),
            ),
        );
        f.explanation = cx.say(
            "Chi usa uno screen reader conosce l'immagine solo dalla sua descrizione (testo alternativo). Dite che cosa mostra e perché conta nel post.",
            "People using a screen reader know the image only from its description (alt text). Say what it shows and why it matters to the post.",
        );
        out.push(f);
    }
}

fn alt_length(cx: &Context, level: Level, out: &mut Vec<Finding>) {
    for (i, image) in cx.draft.images.iter().enumerate() {
        let length = image.alt.chars().count() as u32;
        for &network in cx.networks {
            // A limit of 0: the network takes no image descriptions, so there is nothing to exceed.
            let limit = alt_text_limit(network);
            if limit > 0 && length > limit {
                let n = i + 1;
                let name = format!("{network:?}");
                out.push(cx.finding(
                    BuiltinCheck::AltLength,
                    level,
                    0..0,
                    cx.say(
                        &format!("La descrizione dell'immagine {n} è di {length} caratteri: {name} ne accetta {limit}."),
                        &format!("Image {n}'s description is {length} characters: {name} accepts {limit}."),
                    ),
                ));
            }
        }
    }
}

fn emoji(cx: &Context, level: Level, out: &mut Vec<Finding>) {
    let text = cx.text.original;
    let emoji = &cx.text.entities.emoji;
    let mut i = 0;
    while i < emoji.len() {
        let mut j = i;
        while j + 1 < emoji.len() && text[emoji[j].end..emoji[j + 1].start].trim().is_empty() {
            j += 1;
        }
        let run = emoji[i].start..emoji[j].end;
        if j - i + 1 >= 3 {
            let mut f = cx.finding(
                BuiltinCheck::Emoji,
                level,
                run,
                cx.say("Troppe emoji di fila.", "Too many emoji in a row."),
            );
            f.explanation = cx.say(
                "Gli screen reader leggono il nome di ogni emoji («libri, libri, cuore rosso…»): una fila di emoji diventa un elenco lungo e confuso.",
                "Screen readers read each emoji's name (\"books, books, red heart…\"): a row of emoji becomes a long, confusing list.",
            );
            out.push(f);
        } else if i == j {
            let before = text[..run.start].trim_end_matches(' ').chars().next_back();
            let after = text[run.end..].trim_start_matches(' ').chars().next();
            if before.is_some_and(char::is_alphanumeric) && after.is_some_and(char::is_lowercase) {
                let mut f = cx.finding(
                    BuiltinCheck::Emoji,
                    level,
                    run,
                    cx.say(
                        "Emoji al posto di una parola, a metà frase.",
                        "An emoji in place of a word, mid-sentence.",
                    ),
                );
                f.explanation = cx.say(
                    "A metà frase l'emoji interrompe la lettura dello screen reader con il suo nome. Scrivete la parola e mettete l'emoji alla fine, se serve.",
                    "Mid-sentence, a screen reader interrupts the sentence with the emoji's name. Write the word, and put the emoji at the end if you want it.",
                );
                out.push(f);
            }
        }
        i = j + 1;
    }
}

static GENDER_FORM: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"(\p{L}{2,})[əƏɜ*](\p{L}{0,3})").expect("valid pattern"));

fn gender_forms(cx: &Context, level: Level, out: &mut Vec<Finding>) {
    let text = cx.text.original;
    if !text.contains(['ə', 'Ə', 'ɜ', '*']) {
        return;
    }
    for m in GENDER_FORM.captures_iter(text) {
        let whole = m.get(0).expect("the whole match");
        // Only whole words; `*word*` is emphasis, not a gender form.
        if text[..whole.start()].ends_with(|c: char| c.is_alphanumeric() || c == '*')
            || text[whole.end()..].starts_with(|c: char| c.is_alphabetic())
        {
            continue;
        }
        let stem = m[1].to_lowercase();
        let rewrite = lexicon::NEUTRAL_REWRITES
            .iter()
            .find(|(s, _)| *s == stem)
            .map(|(_, r)| *r);
        let mut f = cx.finding(
            BuiltinCheck::GenderForms,
            level,
            whole.range(),
            cx.say(
                &format!(
                    "«{}»: gli screen reader leggono male schwa e asterisco.",
                    whole.as_str()
                ),
                &format!(
                    "\"{}\": screen readers read schwa and asterisk forms badly.",
                    whole.as_str()
                ),
            ),
        );
        f.explanation = cx.say(
            "Schwa (ə) e asterisco vengono letti come «e rovesciata» o «asterisco», oppure saltati. Una riformulazione neutra include tutte e tutti ed è letta bene: «chi legge», «le persone iscritte».",
            "Schwa (ə) and asterisks are read as \"schwa\" or \"asterisk\", or skipped. A neutral rewording includes everyone and reads well: \"chi legge\", \"le persone iscritte\".",
        );
        if let Some(rewrite) = rewrite {
            let replacement = match_case(whole.as_str(), rewrite);
            f.fix = Some(cx.text.fix(whole.range(), replacement.clone()));
            f.suggestion = Some(replacement);
        } else {
            f.suggestion = Some(cx.say(
                "Riformulate in modo neutro: «chi legge», «le persone iscritte».",
                "Reword neutrally: \"chi legge\", \"le persone iscritte\".",
            ));
        }
        out.push(f);
    }
}

/// Words in capitals that shout: two or more in a row, or one of five letters or more; acronyms in
/// `allowed` are fine. Each comes with the run written in lower case (capitalised at a sentence start).
pub(crate) fn all_caps_runs(text: &Text, allowed: &HashSet<String>) -> Vec<(Range<usize>, Option<String>)> {
    let shouting = |w: &Range<usize>| {
        let word = &text.original[w.clone()];
        let letters = word.chars().filter(|c| c.is_alphabetic()).count();
        letters >= 2 && word.chars().all(|c| !c.is_lowercase()) && !allowed.contains(&word.to_uppercase())
    };
    let inside_entity = |w: &Range<usize>| {
        text.entities
            .hashtags
            .iter()
            .any(|h| h.start <= w.start && w.end <= h.end)
            || text.in_link_or_mention(w.start)
    };
    let mut out = Vec::new();
    let mut i = 0;
    let words = &text.words;
    while i < words.len() {
        if !shouting(&words[i]) || inside_entity(&words[i]) {
            i += 1;
            continue;
        }
        let mut j = i;
        while j + 1 < words.len()
            && shouting(&words[j + 1])
            && !inside_entity(&words[j + 1])
            && text.original[words[j].end..words[j + 1].start].trim().is_empty()
        {
            j += 1;
        }
        let run = words[i].start..words[j].end;
        let letters = text.original[run.clone()]
            .chars()
            .filter(|c| c.is_alphabetic())
            .count();
        if j > i || letters >= 5 {
            let lower = text.original[run.clone()].to_lowercase();
            let written = if at_sentence_start(text, run.start) {
                match_case("Aa", &lower)
            } else {
                lower
            };
            out.push((run, Some(written)));
        }
        i = j + 1;
    }
    out
}

/// Hashtags written all in lower case (or all in capitals) and long enough to hold several words.
pub(crate) fn flat_hashtags(text: &Text) -> Vec<(Range<usize>, Option<String>)> {
    text.entities
        .hashtags
        .iter()
        .filter(|h| {
            let body: Vec<char> = text.original[(*h).clone()]
                .chars()
                .filter(|c| c.is_alphabetic())
                .collect();
            body.len() >= 8
                && (body.iter().all(|c| c.is_lowercase()) || body.iter().all(|c| c.is_uppercase()))
        })
        .map(|h| (h.clone(), None))
        .collect()
}

static NUMERIC_DATE: LazyLock<Regex> = LazyLock::new(|| {
    // ASCII word boundaries keep these on the fast automata (Unicode ones force the slow engine).
    Regex::new(
        r"(?-u:\b)(0?[1-9]|[12][0-9]|3[01])[/.-](0?[1-9]|1[0-2])([/.-]([0-9]{4}|[0-9]{2}))?(?-u:\b)|(?-u:\b)[0-9]{4}-[0-9]{2}-[0-9]{2}(?-u:\b)",
    )
        .expect("valid pattern")
});

static TIME: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"(?i)(?-u:\b)([01]?[0-9]|2[0-3])[:.][0-5][0-9](?-u:\b)|(?-u:\b)(1[0-2]|0?[1-9]) ?(am|pm)(?-u:\b)|(?-u:\b)(ore|alle) ([01]?[0-9]|2[0-3])(?-u:\b)",
    )
        .expect("valid pattern")
});

/// Whether the text has a date in digits (`12/10`, `12.10.2026`, `2026-10-12`).
pub(crate) fn has_numeric_date(text: &str) -> bool {
    NUMERIC_DATE.is_match(text)
}

/// Whether the text has a time of day (`18:30`, `alle 18`, `6pm`).
pub(crate) fn has_time(text: &str) -> bool {
    TIME.is_match(text)
}
