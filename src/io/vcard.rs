//! vCard (RFC 2426 version 3.0 and RFC 6350 version 4.0) as text: splitting a file into cards of
//! properties, and writing properties back. What the properties mean is the contacts module's business.
//!
//! Reading unfolds continuation lines, splits `group.NAME;PARAM=a,b:value` at the first colon outside
//! quotes and unescapes text values. A card that is malformed (no `END`, a line without a colon, an
//! unsupported version) becomes a [`CardError`] with its line, and reading goes on with the next card, so
//! one bad card never hides the others.

/// One property of a card: `NAME;PARAM=value:value`, with the name and parameter names upper-cased.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Property {
    pub name: String,
    pub params: Vec<(String, String)>,
    /// The raw value, still escaped (structured values keep their `;` and `,`).
    pub value: String,
}

impl Property {
    /// The first value of parameter `name` (upper-case), lower-cased.
    pub fn param(&self, name: &str) -> Option<String> {
        self.params
            .iter()
            .find(|(n, _)| n == name)
            .map(|(_, v)| v.to_ascii_lowercase())
    }

    /// The value as text, unescaped.
    pub fn text(&self) -> String {
        unescape(&self.value)
    }

    /// The components of a structured value (`N`, `ORG`) or of a list (`CATEGORIES`), split on `sep` and
    /// unescaped.
    pub fn parts(&self, sep: char) -> Vec<String> {
        let mut parts = vec![String::new()];
        let mut chars = self.value.chars();
        while let Some(c) = chars.next() {
            match c {
                '\\' => {
                    parts.last_mut().expect("never empty").push('\\');
                    if let Some(next) = chars.next() {
                        parts.last_mut().expect("never empty").push(next);
                    }
                }
                c if c == sep => parts.push(String::new()),
                c => parts.last_mut().expect("never empty").push(c),
            }
        }
        parts.iter().map(|p| unescape(p)).collect()
    }
}

/// A card: where it starts and its properties (without `BEGIN`, `END` and `VERSION`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Card {
    pub line: u64,
    pub properties: Vec<Property>,
}

/// A card that could not be read, and why.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CardError {
    pub line: u64,
    pub reason: String,
}

/// Reads every card of `text`, in order; each is either read or refused with its line.
pub fn parse(text: &str) -> Vec<Result<Card, CardError>> {
    let mut out = Vec::new();
    let mut open: Option<(u64, Vec<Property>, Option<String>)> = None;
    let mut broken: Option<CardError> = None;
    for (line, content) in unfold(text) {
        if content.trim().is_empty() {
            continue;
        }
        let property = match split(&content) {
            Some(p) => p,
            None => {
                if open.is_some() && broken.is_none() {
                    broken = Some(CardError {
                        line,
                        reason: format!("line {line} has no ':' between a property name and its value"),
                    });
                } else if open.is_none() {
                    out.push(Err(CardError {
                        line,
                        reason: format!("line {line} is outside any BEGIN:VCARD … END:VCARD"),
                    }));
                }
                continue;
            }
        };
        let is = |name: &str| property.name == name && property.value.trim().eq_ignore_ascii_case("VCARD");
        if is("BEGIN") {
            if let Some((start, _, _)) = open.take() {
                out.push(Err(CardError {
                    line: start,
                    reason: format!("the card starting on line {start} has no END:VCARD before line {line}"),
                }));
            }
            open = Some((line, Vec::new(), None));
            broken = None;
        } else if is("END") {
            match open.take() {
                Some((start, properties, version)) => out.push(match broken.take() {
                    Some(error) => Err(error),
                    None => check_version(start, version).map(|()| Card {
                        line: start,
                        properties,
                    }),
                }),
                None => out.push(Err(CardError {
                    line,
                    reason: format!("line {line}: END:VCARD without a BEGIN:VCARD"),
                })),
            }
        } else if let Some((_, properties, version)) = open.as_mut() {
            if property.name == "VERSION" {
                *version = Some(property.value.trim().to_owned());
            } else {
                properties.push(property);
            }
        } else {
            out.push(Err(CardError {
                line,
                reason: format!("line {line} is outside any BEGIN:VCARD … END:VCARD"),
            }));
        }
    }
    if let Some((start, _, _)) = open {
        out.push(Err(CardError {
            line: start,
            reason: format!("the card starting on line {start} ends without END:VCARD"),
        }));
    }
    out
}

fn check_version(line: u64, version: Option<String>) -> Result<(), CardError> {
    match version.as_deref() {
        Some("3.0" | "4.0") => Ok(()),
        Some(other) => Err(CardError {
            line,
            reason: format!(
                "the card starting on line {line} is vCard {other}; Agora reads versions 3.0 and 4.0 (export the contacts again as vCard 3.0 or 4.0)"
            ),
        }),
        None => Err(CardError {
            line,
            reason: format!("the card starting on line {line} has no VERSION"),
        }),
    }
}

/// The logical lines of `text` with the number of the physical line each starts on: a line starting
/// with a space or a tab continues the previous one.
fn unfold(text: &str) -> Vec<(u64, String)> {
    let mut lines: Vec<(u64, String)> = Vec::new();
    for (i, physical) in text.lines().enumerate() {
        match physical.strip_prefix([' ', '\t']) {
            Some(rest) if !lines.is_empty() => lines.last_mut().expect("not empty").1.push_str(rest),
            _ => lines.push((i as u64 + 1, physical.to_owned())),
        }
    }
    lines
}

/// Splits a content line into its name, parameters and value; `None` without a colon outside quotes.
fn split(line: &str) -> Option<Property> {
    let mut quoted = false;
    let colon = line.char_indices().find_map(|(i, c)| match c {
        '"' => {
            quoted = !quoted;
            None
        }
        ':' if !quoted => Some(i),
        _ => None,
    })?;
    let (head, value) = (&line[..colon], &line[colon + 1..]);
    let mut segments = segments(head).into_iter();
    let name = segments.next()?;
    let name = name
        .rsplit('.')
        .next()
        .unwrap_or(&name)
        .trim()
        .to_ascii_uppercase();
    if name.is_empty() {
        return None;
    }
    let params = segments
        .map(|p| match p.split_once('=') {
            Some((k, v)) => (k.trim().to_ascii_uppercase(), v.trim_matches('"').to_owned()),
            // vCard 2.1-style bare parameters (`TEL;CELL:`) are types.
            None => ("TYPE".to_owned(), p.trim().to_owned()),
        })
        .collect();
    Some(Property {
        name,
        params,
        value: value.to_owned(),
    })
}

/// `head` split on semicolons outside quotes.
fn segments(head: &str) -> Vec<String> {
    let mut out = vec![String::new()];
    let mut quoted = false;
    for c in head.chars() {
        match c {
            '"' => {
                quoted = !quoted;
                out.last_mut().expect("never empty").push(c);
            }
            ';' if !quoted => out.push(String::new()),
            c => out.last_mut().expect("never empty").push(c),
        }
    }
    out
}

fn unescape(value: &str) -> String {
    let mut out = String::with_capacity(value.len());
    let mut chars = value.chars();
    while let Some(c) = chars.next() {
        if c != '\\' {
            out.push(c);
            continue;
        }
        match chars.next() {
            Some('n' | 'N') => out.push('\n'),
            Some(other) => out.push(other),
            None => out.push('\\'),
        }
    }
    out
}

/// Escapes a text value.
pub fn escape(value: &str) -> String {
    value
        .replace('\\', "\\\\")
        .replace(',', "\\,")
        .replace(';', "\\;")
        .replace("\r\n", "\\n")
        .replace('\n', "\\n")
}

/// Folds a content line at 75 octets (continuation lines start with a space), never inside a character,
/// and ends it with CRLF.
pub fn fold(line: &str) -> String {
    let mut out = String::new();
    let mut width = 0;
    for c in line.chars() {
        if width + c.len_utf8() > 75 {
            out.push_str("\r\n ");
            width = 1;
        }
        out.push(c);
        width += c.len_utf8();
    }
    out.push_str("\r\n");
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn cards(text: &str) -> Vec<Result<Card, CardError>> {
        parse(text)
    }

    #[test]
    fn properties_are_unfolded_split_and_unescaped() {
        let text = "BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Maria\r\n  Rossi\r\nitem1.EMAIL;TYPE=INTERNET,pref:maria@example.it\r\n\
                    N:Rossi;Maria;;;\r\nNOTE:Ama i gialli\\; preferisce\\, se possibile\\nla mattina\r\n\
                    X-SOCIALPROFILE;type=\"mastodon\";x-user=\"a:b\":https://mastodon.uno/@mrossi\r\nEND:VCARD\r\n";
        let card = cards(text).remove(0).unwrap();
        assert_eq!(card.line, 1);
        let get = |name: &str| card.properties.iter().find(|p| p.name == name).unwrap();
        assert_eq!(get("FN").text(), "Maria Rossi");
        assert_eq!(get("EMAIL").param("TYPE").as_deref(), Some("internet,pref"));
        assert_eq!(get("N").parts(';'), ["Rossi", "Maria", "", "", ""]);
        assert_eq!(
            get("NOTE").text(),
            "Ama i gialli; preferisce, se possibile\nla mattina"
        );
        let social = get("X-SOCIALPROFILE");
        assert_eq!(social.param("TYPE").as_deref(), Some("mastodon"));
        assert_eq!(social.text(), "https://mastodon.uno/@mrossi");
    }

    #[test]
    fn a_bad_card_is_refused_with_its_line_and_the_next_is_read() {
        let text = "BEGIN:VCARD\nVERSION:2.1\nFN:Old\nEND:VCARD\nBEGIN:VCARD\nVERSION:4.0\nthis line has no colon\nEND:VCARD\n\
                    BEGIN:VCARD\nVERSION:4.0\nFN:Good\nEND:VCARD\nEND:VCARD\nBEGIN:VCARD\nVERSION:4.0\nFN:Unfinished\n";
        let read = cards(text);
        assert_eq!(read.len(), 5);
        let error = |i: usize| read[i].clone().unwrap_err();
        assert_eq!(error(0).line, 1);
        assert!(error(0).reason.contains("vCard 2.1"), "{}", error(0).reason);
        assert_eq!(error(1).line, 7);
        assert!(read[2].is_ok());
        assert_eq!(error(3).line, 13);
        assert_eq!(
            error(4).reason,
            "the card starting on line 14 ends without END:VCARD"
        );
    }

    #[test]
    fn written_values_read_back() {
        let value = "a; b, c\\d\nnext";
        let line = fold(&format!("NOTE:{}{}", escape(value), "x".repeat(100)));
        let card = cards(&format!("BEGIN:VCARD\r\nVERSION:4.0\r\n{line}END:VCARD\r\n"))
            .remove(0)
            .unwrap();
        assert_eq!(card.properties[0].text(), format!("{value}{}", "x".repeat(100)));
    }

    #[test]
    fn long_lines_fold_between_characters() {
        let folded = fold(&format!("NOTE:{}", "è".repeat(60)));
        assert!(folded.split("\r\n").all(|l| l.len() <= 75));
        assert_eq!(
            folded.replace("\r\n ", ""),
            format!("NOTE:{}\r\n", "è".repeat(60))
        );
    }
}
