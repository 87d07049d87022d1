//! The entities of a post's text — links, hashtags, mentions and emoji — found in one pass.
//!
//! Every entity is a byte range into the text; each list is sorted and no two entities overlap. Links are
//! found the way X's twitter-text extractor finds them, since X's length rule depends on it: with
//! `http://` or `https://`, or without a protocol when the host ends in a top-level domain of the public
//! suffix list (a bare `name.cc` with a country code and no path is not a link, except `.co` and `.tv`).
//! A label longer than 63 characters once punycode-encoded makes a host invalid, trailing punctuation is
//! left out, and `@user@server` handles and e-mail addresses are not links. Hashtags are `#` and letters,
//! marks, digits or `_` (not digits alone); mentions are `@name` or Mastodon's `@name@server.tld`. Emoji
//! are the grapheme clusters that [`is_emoji`] accepts.
//!
//! The scan walks the text once, looking around only at `#`, `@`, dotted words and emoji, and allocates
//! only for what it finds: a 2,200-character caption takes about ten microseconds.

use std::ops::Range;

use unicode_properties::{
    EmojiStatus, GeneralCategory, GeneralCategoryGroup, UnicodeEmoji, UnicodeGeneralCategory,
};
use unicode_segmentation::GraphemeCursor;

/// The entities of a text, as sorted, non-overlapping byte ranges.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Entities {
    pub urls: Vec<UrlSpan>,
    pub hashtags: Vec<Range<usize>>,
    pub mentions: Vec<Range<usize>>,
    pub emoji: Vec<Range<usize>>,
}

/// A link in a text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct UrlSpan {
    pub range: Range<usize>,
    /// Whether the link starts with `http://` or `https://` (Mastodon shortens only those).
    pub has_protocol: bool,
}

/// Finds the links, hashtags, mentions and emoji of `text`.
pub fn find(text: &str) -> Entities {
    let mut found = Entities::default();
    let mut at = 0;
    while let Some(c) = text[at..].chars().next() {
        let after = at + c.len_utf8();
        // Where the last emoji ended is a grapheme boundary: no need to look back for one (which would
        // make a long run of flags quadratic).
        let at_boundary = found.emoji.last().map_or(at == 0, |e| e.end == at);
        if let Some(end) = emoji_at(text, at, c, at_boundary) {
            found.emoji.push(at..end);
            at = end;
            continue;
        }
        let scan = match c {
            '#' | '＃' => hashtag_at(text, at, after),
            '@' | '＠' => mention_at(text, at, after),
            'h' | 'H' => url_with_protocol_at(text, at).unwrap_or_else(|| url_without_protocol_at(text, at)),
            _ if is_host_char(c, Host::Latin) => url_without_protocol_at(text, at),
            _ => Scan::Skip(after),
        };
        at = match scan {
            Scan::Found(kind, end) => {
                match kind {
                    Kind::Hashtag => found.hashtags.push(at..end),
                    Kind::Mention => found.mentions.push(at..end),
                    Kind::Url { has_protocol } => found.urls.push(UrlSpan {
                        range: at..end,
                        has_protocol,
                    }),
                }
                end
            }
            Scan::Skip(next) => next.max(after),
        };
    }
    found
}

/// Whether a whole extended grapheme cluster is an emoji: a keycap (`1⃣`, `#️⃣`), a flag, a character
/// with emoji presentation (`😷`, `🙋🏽`, `👨‍👩‍👧‍👦`, `🏴󠁧󠁢󠁥󠁮󠁧󠁿`), or one with text presentation made
/// emoji by VS16 (`©️`), a skin tone, a tag sequence or a ZWJ sequence. Digits, `#`, `*` and `©` alone,
/// and anything followed by VS15 (text style), are not.
pub fn is_emoji(grapheme: &str) -> bool {
    let mut chars = grapheme.chars();
    let Some(first) = chars.next() else { return false };
    let rest = chars.as_str();
    if first.is_ascii() {
        let keycap = rest.strip_prefix('\u{FE0F}').unwrap_or(rest) == "\u{20E3}";
        return matches!(first, '0'..='9' | '#' | '*') && keycap;
    }
    match rest.chars().next() {
        Some('\u{FE0E}') => false,
        Some('\u{FE0F}') => first.is_emoji_char(),
        second => match first.emoji_status() {
            EmojiStatus::EmojiPresentation
            | EmojiStatus::EmojiPresentationAndModifierBase
            | EmojiStatus::EmojiPresentationAndEmojiComponent
            | EmojiStatus::EmojiPresentationAndModifierAndEmojiComponent => true,
            EmojiStatus::EmojiModifierBase | EmojiStatus::EmojiOther => {
                second.is_some_and(|s| is_skin_tone(s) || is_tag(s)) || rest.contains('\u{200D}')
            }
            _ => false,
        },
    }
}

/// What the scan made of the text at one position.
enum Scan {
    /// An entity of this kind starts here and ends at the offset.
    Found(Kind, usize),
    /// No entity starts here; the scan goes on at the offset.
    Skip(usize),
}

enum Kind {
    Hashtag,
    Mention,
    Url { has_protocol: bool },
}

/// Which characters a host may hold: any letter, mark, digit or symbol after a protocol, only Latin ones
/// without (as on X, so that `これは日本語です。example.com` links only `example.com`).
#[derive(Clone, Copy, PartialEq, Eq)]
enum Host {
    Any,
    Latin,
}

/// Characters that make a text invalid on X (twitter-text's list). No link starts right after one.
pub(crate) fn is_invalid_char(c: char) -> bool {
    matches!(c, '\u{FFFE}' | '\u{FEFF}' | '\u{FFFF}')
}

fn char_before(text: &str, at: usize) -> Option<char> {
    text[..at].chars().next_back()
}

fn is_skin_tone(c: char) -> bool {
    matches!(c, '\u{1F3FB}'..='\u{1F3FF}')
}

fn is_tag(c: char) -> bool {
    matches!(c, '\u{E0020}'..='\u{E007F}')
}

/// The end of the emoji grapheme cluster that starts at `at`, if one does. `at_boundary` tells that a
/// grapheme is known to start there.
fn emoji_at(text: &str, at: usize, c: char, at_boundary: bool) -> Option<usize> {
    let next = at + c.len_utf8();
    let may_start = if c.is_ascii() {
        matches!(c, '0'..='9' | '#' | '*') && text[next..].starts_with(['\u{FE0F}', '\u{20E3}'])
    } else {
        // Below U+203C only © and ® are emoji characters.
        (c == '©' || c == '®' || c >= '\u{203C}') && c.is_emoji_char()
    };
    if !may_start {
        return None;
    }
    // Nothing joins an emoji character to an ASCII one (a skin tone extends whatever precedes it), and
    // nothing after it but a non-ASCII character: the common cases need no grapheme tables.
    let after_ascii = text.as_bytes()[..at].last().is_none_or(u8::is_ascii) && !is_skin_tone(c);
    let mut cursor = GraphemeCursor::new(at, text.len(), true);
    if !at_boundary && !after_ascii && !cursor.is_boundary(text, 0).unwrap_or(false) {
        return None;
    }
    let end = if text.as_bytes().get(next).is_none_or(u8::is_ascii) {
        next
    } else {
        cursor.next_boundary(text, 0).ok().flatten()?
    };
    is_emoji(&text[at..end]).then_some(end)
}

/// Letters, marks, decimal digits and `_`: what a hashtag is made of.
fn is_hashtag_char(c: char) -> bool {
    if c.is_ascii() {
        return c.is_ascii_alphanumeric() || c == '_';
    }
    matches!(
        c.general_category_group(),
        GeneralCategoryGroup::Letter | GeneralCategoryGroup::Mark
    ) || c.general_category() == GeneralCategory::DecimalNumber
}

fn hashtag_at(text: &str, at: usize, body: usize) -> Scan {
    let skip = Scan::Skip(body);
    if char_before(text, at).is_some_and(|b| b == '&' || is_hashtag_char(b)) {
        return skip;
    }
    let mut end = body;
    let mut has_letter = false;
    while let Some(c) = text[end..].chars().next() {
        if c.is_ascii() {
            if !is_hashtag_char(c) {
                break;
            }
            has_letter |= !c.is_ascii_digit();
        } else {
            // Zero-width (non-)joiners belong to Persian and Indic words, but only inside one.
            let joiner = matches!(c, '\u{200C}' | '\u{200D}')
                && text[end + c.len_utf8()..]
                    .chars()
                    .next()
                    .is_some_and(is_hashtag_char);
            if !joiner && !is_hashtag_char(c) {
                break;
            }
            has_letter |= c.general_category_group() == GeneralCategoryGroup::Letter;
        }
        end += c.len_utf8();
    }
    if !has_letter || text[end..].starts_with("://") {
        return skip;
    }
    Scan::Found(Kind::Hashtag, end)
}

/// Latin letters with diacritics, and combining diacritics: X takes them as word characters in hosts
/// without protocol and in paths, and no mention may touch one.
fn is_latin_accent(c: char) -> bool {
    matches!(c, '\u{C0}'..='\u{24F}' | '\u{300}'..='\u{36F}' | '\u{1E00}'..='\u{1EFF}')
        && c != '×'
        && c != '÷'
}

fn mention_at(text: &str, at: usize, name: usize) -> Scan {
    let skip = Scan::Skip(name);
    // Letters of other scripts may come right before a mention (`の@username`), as on X.
    let taken_before = |b: char| {
        b.is_ascii_alphanumeric()
            || is_latin_accent(b)
            || matches!(
                b,
                '_' | '!' | '#' | '$' | '%' | '&' | '*' | '@' | '＠' | '=' | '/'
            )
    };
    if char_before(text, at).is_some_and(taken_before) {
        return skip;
    }
    let end = name
        + text[name..]
            .find(|c: char| !(c.is_ascii_alphanumeric() || c == '_'))
            .unwrap_or(text.len() - name);
    if end == name {
        return skip;
    }
    let rest = &text[end..];
    match rest.chars().next() {
        // `@name@server.tld`, but never `@name@` with anything else after it.
        Some(at_sign @ ('@' | '＠')) => match server_end(text, end + at_sign.len_utf8()) {
            Some(server) => Scan::Found(Kind::Mention, server),
            None => skip,
        },
        Some(c) if is_latin_accent(c) => skip,
        _ if rest.starts_with("://") => skip,
        _ => Scan::Found(Kind::Mention, end),
    }
}

/// The end of a Mastodon server name starting at `start`: at least two dot-separated labels of letters,
/// digits and inner hyphens.
fn server_end(text: &str, start: usize) -> Option<usize> {
    let mut labels = 0;
    let mut end = start;
    loop {
        let label = &text[end..];
        let len = label
            .find(|c: char| !(c.is_alphanumeric() || c == '-'))
            .unwrap_or(label.len());
        let word = &label[..len];
        if word.is_empty() || word.starts_with('-') || word.ends_with('-') {
            break;
        }
        labels += 1;
        end += len;
        match text[end..].strip_prefix('.') {
            Some(next) if next.starts_with(char::is_alphanumeric) => end += 1,
            _ => break,
        }
    }
    // A label cut short above ends the name at the dot before it.
    let end = text[..end].trim_end_matches('.').len();
    (labels >= 2).then_some(end)
}

fn is_host_char(c: char, host: Host) -> bool {
    if c.is_ascii() {
        return c.is_ascii_alphanumeric() || c == '-' || c == '_';
    }
    match host {
        Host::Latin => is_latin_accent(c),
        Host::Any => matches!(
            c.general_category_group(),
            GeneralCategoryGroup::Letter
                | GeneralCategoryGroup::Mark
                | GeneralCategoryGroup::Number
                | GeneralCategoryGroup::Symbol
        ),
    }
}

/// The end of the run of host characters starting at `start`, a byte at a time for ASCII.
fn label_end(text: &str, start: usize, kind: Host) -> usize {
    let bytes = text.as_bytes();
    let mut end = start;
    while let Some(&b) = bytes.get(end) {
        let len = if b.is_ascii() {
            usize::from(b.is_ascii_alphanumeric() || b == b'-' || b == b'_')
        } else {
            text[end..]
                .chars()
                .next()
                .filter(|&c| is_host_char(c, kind))
                .map_or(0, char::len_utf8)
        };
        if len == 0 {
            break;
        }
        end += len;
    }
    end
}

/// The end of the run of host characters and dots starting at `start`: where a scan that found no link
/// there goes on, so that no link is found inside a rejected one.
fn host_run_end(text: &str, start: usize, host: Host) -> usize {
    let mut end = label_end(text, start, host);
    while text[end..].starts_with('.') {
        end = label_end(text, end + 1, host);
    }
    end
}

/// Characters after which no link starts: a link glued to a word, a `$cashtag`, a hashtag or a handle.
fn blocks_url(before: Option<char>, with_protocol: bool) -> bool {
    before.is_some_and(|b| {
        b.is_ascii_alphanumeric()
            || is_invalid_char(b)
            || matches!(b, '@' | '＠' | '$' | '#' | '＃')
            || !with_protocol && matches!(b, '.' | '/' | '-' | '_')
    })
}

fn url_with_protocol_at(text: &str, at: usize) -> Option<Scan> {
    let rest = &text.as_bytes()[at..];
    let starts = |p: &str| {
        rest.get(..p.len())
            .is_some_and(|r| r.eq_ignore_ascii_case(p.as_bytes()))
    };
    let host = at + ["https://", "http://"].into_iter().find(|p| starts(p))?.len();
    let run_end = host_run_end(text, host, Host::Any);
    if blocks_url(char_before(text, at), true) {
        return Some(Scan::Skip(run_end));
    }
    Some(match url_end(text, host, Host::Any) {
        Some(end) => Scan::Found(Kind::Url { has_protocol: true }, end),
        None => Scan::Skip(run_end),
    })
}

fn url_without_protocol_at(text: &str, at: usize) -> Scan {
    let word_end = label_end(text, at, Host::Latin);
    // Most words are no host: a host has a dot after its first label.
    if !text[word_end..].starts_with('.') {
        return Scan::Skip(word_end);
    }
    let run_end = host_run_end(text, at, Host::Latin);
    if blocks_url(char_before(text, at), false) {
        return Scan::Skip(run_end);
    }
    match url_end(text, at, Host::Latin) {
        Some(end) => Scan::Found(Kind::Url { has_protocol: false }, end),
        None => Scan::Skip(run_end),
    }
}

/// The end of the link whose host starts at `start`, if a valid host starts there.
fn url_end(text: &str, start: usize, kind: Host) -> Option<usize> {
    let host = host_at(text, start, kind)?;
    let mut end = host.end;
    if let Some(port) = text[end..].strip_prefix(':') {
        let digits = port.find(|c: char| !c.is_ascii_digit()).unwrap_or(port.len());
        if digits > 0 {
            end += 1 + digits;
        }
    }
    let path_end = if text[start..host.end].eq_ignore_ascii_case("t.co") {
        short_link_path_end(text, end)
    } else {
        path_end(text, end)
    };
    // X does not link a bare `name.cc` written without protocol: too many words look like one.
    let bare_country = kind == Host::Latin
        && host.labels == 2
        && path_end == end
        && host.tld.len() == 2
        && host.tld.is_ascii()
        && !host.tld.eq_ignore_ascii_case("co")
        && !host.tld.eq_ignore_ascii_case("tv");
    (!bare_country).then_some(path_end)
}

/// A host found by [`host_at`].
struct ParsedHost<'a> {
    end: usize,
    /// How many labels it has, the top-level domain included.
    labels: usize,
    tld: &'a str,
}

/// The longest valid host starting at `start`: two or more labels, the last a top-level domain, none
/// starting or ending with `-` or `_`, no `_` in the last two, none longer than 63 once punycode-encoded.
/// A top-level domain followed by `-` also ends a host (`domain.com-and-more` links `domain.com`).
fn host_at(text: &str, start: usize, kind: Host) -> Option<ParsedHost<'_>> {
    let mut best = None;
    let mut labels = 0;
    let mut previous_has_underscore = true;
    let mut pos = start;
    loop {
        let (label, after) = text[pos..].split_at(label_end(text, pos, kind) - pos);
        let len = label.len();
        if label.is_empty() {
            break;
        }
        if labels > 0 && !previous_has_underscore {
            let tld = if is_tld(label) {
                Some(label)
            } else {
                label
                    .split_once('-')
                    .map(|(head, _)| head)
                    .filter(|head| is_tld(head))
            };
            if let Some(tld) = tld {
                best = Some(ParsedHost {
                    end: pos + tld.len(),
                    labels: labels + 1,
                    tld,
                });
            }
        }
        // A host glued to `@` is the end of an e-mail address or a handle.
        if after.starts_with(['@', '＠']) {
            return None;
        }
        let goes_on = after
            .strip_prefix('.')
            .is_some_and(|next| next.starts_with(|c| is_host_char(c, kind)));
        if !goes_on || !is_valid_label(label) {
            break;
        }
        labels += 1;
        previous_has_underscore = label.contains('_');
        pos += len + 1;
    }
    best
}

/// A label as it may stand before the top-level domain.
fn is_valid_label(label: &str) -> bool {
    let edge = |c: char| c == '-' || c == '_';
    if label.starts_with(edge) || label.ends_with(edge) {
        return false;
    }
    let encoded_len = if label.is_ascii() {
        label.len()
    } else {
        idna::punycode::encode_str(&label.to_lowercase()).map_or(usize::MAX, |p| "xn--".len() + p.len())
    };
    encoded_len <= 63
}

/// Whether `label` is a top-level domain of the public suffix list (ICANN section).
fn is_tld(label: &str) -> bool {
    let mut ascii = [0u8; 63];
    let lower: &[u8] = if label.len() <= ascii.len() && label.is_ascii() {
        let bytes = &mut ascii[..label.len()];
        bytes.copy_from_slice(label.as_bytes());
        bytes.make_ascii_lowercase();
        bytes
    } else {
        &label.to_lowercase().into_bytes()
    };
    !lower.is_empty()
        && psl::suffix(lower)
            .is_some_and(|s| s.is_known() && s.typ() == Some(psl::Type::Icann) && s.as_bytes() == lower)
}

/// Path, query and fragment characters: ASCII ones plus Latin and Cyrillic letters, as on X.
fn is_path_char(c: char) -> bool {
    c.is_ascii_alphanumeric()
        || matches!(
            c,
            '!' | '*' | '\'' | ';' | ':' | '=' | '+' | ',' | '.' | '$' | '/' | '%' | '#' | '[' | ']'
        )
        || matches!(c, '-' | '_' | '~' | '&' | '|' | '@' | '?')
        || is_latin_accent(c)
        || matches!(c, '\u{400}'..='\u{4FF}')
}

/// Characters a link may end with: trailing punctuation (`.`, `,`, `!`, `?`, `:`, `'` …) is not part of it.
fn is_path_end_char(c: char) -> bool {
    is_path_char(c) && (c.is_alphanumeric() || matches!(c, '/' | '=' | '+' | '-' | '_' | '#' | '&'))
}

/// The end of the path, query and fragment after a host ending at `start`, with balanced parentheses
/// (`/wiki/Primer_(film)`) and without trailing punctuation.
fn path_end(text: &str, start: usize) -> usize {
    if !text[start..].starts_with(['/', '?']) {
        return start;
    }
    let mut end = start;
    let mut depth = 0usize;
    for (offset, c) in text[start..].char_indices() {
        match c {
            '(' => depth += 1,
            ')' if depth == 0 => break,
            ')' => depth -= 1,
            _ if !is_path_char(c) => break,
            _ => {}
        }
        if depth == 0 && (c == ')' || is_path_end_char(c)) {
            end = start + offset + c.len_utf8();
        }
    }
    end
}

/// X's own short links (`t.co/abc123`) have letters and digits only after the slash.
fn short_link_path_end(text: &str, start: usize) -> usize {
    let Some(path) = text[start..].strip_prefix('/') else {
        return start;
    };
    let len = path
        .find(|c: char| !c.is_ascii_alphanumeric())
        .unwrap_or(path.len());
    if len == 0 {
        start
    } else {
        start + 1 + len
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn urls(text: &str) -> Vec<&str> {
        find(text).urls.iter().map(|u| &text[u.range.clone()]).collect()
    }

    fn spans(text: &str, ranges: &[Range<usize>]) -> Vec<String> {
        ranges.iter().map(|r| text[r.clone()].to_string()).collect()
    }

    #[test]
    fn italian_post_with_accents_apostrophes_hashtags_and_mentions() {
        let text =
            "Giovedì alle 18 nella sala dell'Archiginnasio: #NatiPerLeggere con @biblio@mastodon.social \
                    e @salaborsa. Perché leggere? #città #2024 #1maggio";
        let found = find(text);
        assert_eq!(
            spans(text, &found.hashtags),
            ["#NatiPerLeggere", "#città", "#1maggio"]
        );
        assert_eq!(
            spans(text, &found.mentions),
            ["@biblio@mastodon.social", "@salaborsa"]
        );
        assert!(found.urls.is_empty() && found.emoji.is_empty());
    }

    #[test]
    fn hashtags_need_a_letter_and_a_clean_start() {
        let text = "#12345 a#b &#amp; #_ #café, #ශ්‍රීලංකා #日本語。 ＃全角 #http://x.com";
        assert_eq!(
            spans(text, &find(text).hashtags),
            ["#_", "#café", "#ශ්‍රීලංකා", "#日本語", "＃全角"]
        );
        assert!(urls(text).is_empty());
    }

    #[test]
    fn mentions_are_not_found_in_email_addresses() {
        let text =
            "Scrivete a info@biblioteca.it o a mario.rossi@comune.bologna.it, cc @Biblio_BO e @aliceìn";
        let found = find(text);
        assert_eq!(spans(text, &found.mentions), ["@Biblio_BO"]);
        assert!(found.urls.is_empty(), "{:?}", urls(text));
        assert_eq!(
            spans("@_@ (cc: @user)", &find("@_@ (cc: @user)").mentions),
            ["@user"]
        );
        assert_eq!(
            spans(
                "RT:@mention @biblio@server.",
                &find("RT:@mention @biblio@server.").mentions
            ),
            ["@mention"]
        );
    }

    #[test]
    fn urls_with_and_without_protocol() {
        let text = "Programma su https://www.bibliotecasalaborsa.it/eventi/2024?tag=ragazzi. Prenota: \
                    www.comune.bologna.it/biblioteche, oppure bit.ly/3xYz!";
        assert_eq!(
            urls(text),
            [
                "https://www.bibliotecasalaborsa.it/eventi/2024?tag=ragazzi",
                "www.comune.bologna.it/biblioteche",
                "bit.ly/3xYz"
            ]
        );
        let found = find(text);
        assert_eq!(
            found.urls.iter().map(|u| u.has_protocol).collect::<Vec<_>>(),
            [true, false, false]
        );
    }

    #[test]
    fn trailing_punctuation_and_parentheses() {
        assert_eq!(
            urls("(vedi http://it.wikipedia.org/wiki/Primer_(film))."),
            ["http://it.wikipedia.org/wiki/Primer_(film)"]
        );
        assert_eq!(
            urls("Test http://example.com/path..........."),
            ["http://example.com/path"]
        );
        assert_eq!(
            urls("Test http://example.com/path/!!!!"),
            ["http://example.com/path/"]
        );
        assert_eq!(
            urls("I like http://t.co/pbY2NfTZ's site"),
            ["http://t.co/pbY2NfTZ"]
        );
        assert_eq!(
            urls("http://example.com/a+ or http://example.com/a-"),
            ["http://example.com/a+", "http://example.com/a-"]
        );
        assert_eq!(
            urls("text http://domain.com-that-you-should-have-put-a-space-after"),
            ["http://domain.com"]
        );
        assert_eq!(urls("«https://x.com/jack»"), ["https://x.com/jack"]);
        assert_eq!(
            urls("https://mastodon.social/@biblio"),
            ["https://mastodon.social/@biblio"]
        );
    }

    #[test]
    fn what_is_not_a_url() {
        for text in [
            "long.test.tar.bz2 foo.comm dell'Archiginnasio.Domani",
            "ftp://www.example.com/ http://no-tld http://localhost:8080",
            "http://-leading.twitter.com http://trailing-.twitter.com http://twitter_underscore.com",
            "$http://twitter.com $twitter.com #test.com @test.com",
            "john.doe.gov@mail.com",
            "biblioteca.it twitter.jp日本語 it.so",
            "randomurlrandomurlrandomurlrandomurlrandomurlrandomurlrandomurls.com",
        ] {
            assert!(urls(text).is_empty(), "{text}: {:?}", urls(text));
        }
        assert_eq!(
            urls("t.co vine.co MLB.tv biblioteca.it/x"),
            ["t.co", "vine.co", "MLB.tv", "biblioteca.it/x"]
        );
    }

    #[test]
    fn unicode_hosts_need_a_protocol_and_short_labels() {
        let text = "test http://foobar.みんな/ http://☃.net/ http://☃-.net/ ELPAÍS.com";
        assert_eq!(
            urls(text),
            ["http://foobar.みんな/", "http://☃.net/", "ELPAÍS.com"]
        );
        // 52 of these kana encode to 63 punycode characters, 53 to 64.
        let label = "あいうえおかきくけこ".repeat(5);
        let fits = format!("http://{label}あい.com");
        assert_eq!(urls(&fits), [fits.as_str()]);
        assert!(urls(&format!("http://{label}あいう.com")).is_empty());
        assert_eq!(
            urls("これは日本語です。example.com/path/index.html中国語http://t.co/abcde한국"),
            ["example.com/path/index.html", "http://t.co/abcde"]
        );
    }

    #[test]
    fn emoji_sequences_are_whole_graphemes() {
        let family = "👨‍👩‍👧‍👦";
        let text = format!("Ciao {family}! 🇮🇹 🙋🏽 1⃣ #️⃣ ©️ © 2024 ☺ ❤️ 🏴󠁧󠁢󠁥󠁮󠁧󠁿");
        let found = find(&text);
        assert_eq!(
            spans(&text, &found.emoji),
            [family, "🇮🇹", "🙋🏽", "1⃣", "#️⃣", "©️", "❤️", "🏴󠁧󠁢󠁥󠁮󠁧󠁿"]
        );
        assert!(found.hashtags.is_empty());
    }

    #[test]
    fn is_emoji_follows_the_unicode_properties() {
        for yes in ["😷", "1⃣", "1️⃣", "*️⃣", "🇮🇹", "👩🏾‍💻", "🧕🏾", "©️", "🏳️‍🌈", "🏴󠁧󠁢󠁥󠁮󠁧󠁿", "🏽"]
        {
            assert!(is_emoji(yes), "{yes}");
        }
        for no in [
            "",
            "1",
            "#",
            "*",
            "©",
            "☺",
            "a",
            "é",
            "😷\u{FE0E}",
            "\u{200D}",
            "\u{301}",
        ] {
            assert!(!is_emoji(no), "{no:?}");
        }
    }

    #[test]
    fn never_panics_on_odd_input() {
        let odd = [
            String::new(),
            "\u{301}\u{301}#\u{301}@\u{200D}http://".to_string(),
            "👨‍".repeat(500) + "\u{200D}",
            "a".repeat(100_000),
            "#".repeat(1000) + &"@".repeat(1000) + &"http://".repeat(1000),
            "x.".repeat(20_000) + "com",
            "\u{FFFF}\u{FEFF}🇮".repeat(100) + "عربي العربية 中文 हिन्दी",
        ];
        for text in &odd {
            let found = find(text);
            for r in found.hashtags.iter().chain(&found.mentions).chain(&found.emoji) {
                assert!(text.is_char_boundary(r.start) && text.is_char_boundary(r.end) && r.start < r.end);
            }
        }
    }
}
