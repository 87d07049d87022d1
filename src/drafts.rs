//! Drafting a post: one main text, a variant per network (following the main text until the officer
//! changes it), the post's language and its images with their descriptions, and the gate that keeps a
//! post with error-level findings from becoming ready unless the officer gives a reason, which is kept.
//!
//! A post's planning fields (campaign, category, date) belong to [`crate::posts`]; this module owns what
//! the editor writes.

use chrono::{DateTime, Utc};
use rusqlite::{Connection, Transaction};
use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::error::{Error, Result};
use crate::language::Language;
use crate::posts::{self, ChannelText, Post, PostInput, PostState};
use crate::profile::Network;
use crate::store::Store;
use crate::voice::check::{check, DraftCheck, Finding, ImageText};
use crate::voice::guide::Level;
use crate::voice::stored;

/// How many posts the Drafts section lists.
pub const LIST_LIMIT: u32 = 500;

/// The longest main text or variant Agora keeps, in characters (Facebook's limit is 63,206).
pub const MAX_TEXT_CHARS: usize = 100_000;

/// A post's text on one network.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct Variant {
    pub network: Network,
    pub text: String,
    /// Whether the officer wrote this variant separately (otherwise it follows the main text).
    pub custom: bool,
}

/// An image attached to a post: where the file is and its description for screen readers.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct PostImage {
    pub path: String,
    pub alt: String,
}

/// What the editor saves.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct DraftContent {
    pub text: String,
    /// The post's language; detected when absent.
    pub lang: Option<Language>,
    pub variants: Vec<Variant>,
    pub images: Vec<PostImage>,
}

/// A post as the editor shows it.
#[derive(Debug, Clone, PartialEq, Serialize, TS)]
pub struct DraftView {
    pub post: Post,
    pub content: DraftContent,
    /// The reason the officer gave for marking the post ready despite error-level findings.
    pub ready_override: Option<String>,
}

/// A new draft from the Drafts section.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct NewDraft {
    #[ts(type = "number")]
    pub category_id: i64,
    #[ts(type = "number | null")]
    pub campaign_id: Option<i64>,
    #[ts(type = "number | null")]
    pub event_id: Option<i64>,
    pub networks: Vec<Network>,
    pub text: String,
}

/// Starts a draft: an undated post whose variants all follow `text`.
pub fn create(store: &Store, new: &NewDraft, now: DateTime<Utc>) -> Result<DraftView> {
    check_length("text", &new.text)?;
    let input = PostInput {
        campaign_id: new.campaign_id,
        category_id: new.category_id,
        event_id: new.event_id,
        planned_at: None,
        state: PostState::Draft,
        channels: ChannelText::same_on(&new.networks, &new.text),
    };
    let post = posts::add(store, &input, now)?;
    get(store, post.id)
}

/// The post `id` as the editor shows it.
pub fn get(store: &Store, id: i64) -> Result<DraftView> {
    store.read(|conn| read(conn, id))
}

pub(crate) fn read(conn: &Connection, id: i64) -> Result<DraftView> {
    let post = posts::read(conn, crate::profile::zone(conn)?, id)?;
    let (text, lang, ready_override): (String, Option<String>, Option<String>) = conn.query_row(
        "SELECT draft, lang, ready_override FROM post WHERE id = ?1",
        [id],
        |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)),
    )?;
    let lang = lang.map(|l| l.parse()).transpose()?;
    let mut stmt = conn.prepare("SELECT path, alt FROM post_image WHERE post_id = ?1 ORDER BY position")?;
    let images = stmt
        .query_map([id], |r| {
            Ok(PostImage {
                path: r.get(0)?,
                alt: r.get(1)?,
            })
        })?
        .collect::<rusqlite::Result<_>>()?;
    let variants = post
        .channels
        .iter()
        .map(|c| Variant {
            network: c.network,
            text: c.text.clone(),
            custom: c.text != text,
        })
        .collect();
    Ok(DraftView {
        post,
        content: DraftContent {
            text,
            lang,
            variants,
            images,
        },
        ready_override,
    })
}

fn check_length(field: &str, text: &str) -> Result<()> {
    if text.chars().count() > MAX_TEXT_CHARS {
        return Err(Error::invalid(
            field,
            format!("must be at most {MAX_TEXT_CHARS} characters"),
        ));
    }
    Ok(())
}

/// Saves what the editor wrote. Variants that are not custom take the main text. A ready post that
/// now has error-level findings goes back to draft.
pub fn save(store: &Store, id: i64, content: &DraftContent, now: DateTime<Utc>) -> Result<DraftView> {
    check_length("text", &content.text)?;
    if content.variants.is_empty() {
        return Err(Error::invalid("variants", "choose at least one network"));
    }
    for (i, v) in content.variants.iter().enumerate() {
        check_length(&format!("variants[{i}]"), &v.text)?;
    }
    let text = content.text.trim();
    store.write(|tx| {
        let tz = crate::profile::zone(tx)?;
        let post = posts::read(tx, tz, id)?;
        let channels: Vec<ChannelText> = content
            .variants
            .iter()
            .map(|v| ChannelText {
                network: v.network,
                text: if v.custom { v.text.trim() } else { text }.to_owned(),
            })
            .collect();
        let state = match post.state {
            PostState::Ready
                if !blocking(
                    tx,
                    &channels,
                    content.lang,
                    &content.images,
                    post.event_id.is_some(),
                )?
                .is_empty() =>
            {
                PostState::Draft
            }
            state => state,
        };
        let input = PostInput {
            state,
            channels,
            ..post.to_input()
        };
        posts::replace(tx, tz, id, &input, now)?;
        tx.execute(
            "UPDATE post SET draft = ?1, lang = ?2 WHERE id = ?3",
            rusqlite::params![text, content.lang.map(Language::code), id],
        )?;
        tx.execute("DELETE FROM post_image WHERE post_id = ?1", [id])?;
        for (position, image) in content.images.iter().enumerate() {
            tx.execute(
                "INSERT INTO post_image (post_id, position, path, alt) VALUES (?1, ?2, ?3, ?4)",
                rusqlite::params![id, position as i64, image.path, image.alt.trim()],
            )?;
        }
        Ok(())
    })?;
    get(store, id)
}

/// The error-level findings of each variant, checked with the guide in use.
pub(crate) fn blocking(
    conn: &Connection,
    channels: &[ChannelText],
    lang: Option<Language>,
    images: &[PostImage],
    about_event: bool,
) -> Result<Vec<(Network, Finding)>> {
    let guide = stored::compiled(conn)?;
    let limits = crate::accounts::network_limits(conn)?;
    let images: Vec<ImageText> = images.iter().map(|i| ImageText { alt: i.alt.clone() }).collect();
    let mut out = Vec::new();
    for channel in channels {
        let draft = DraftCheck {
            text: channel.text.clone(),
            lang,
            networks: vec![channel.network],
            images: images.clone(),
            about_event,
            explain_in: Some(Language::En),
        };
        let report = check(&guide, &draft, &limits);
        out.extend(
            report
                .findings
                .into_iter()
                .filter(|f| f.level == Level::Error)
                .map(|f| (channel.network, f)),
        );
        if let Some(count) = report.networks.get(&channel.network).filter(|c| !c.fits) {
            out.push((
                channel.network,
                Finding {
                    rule: "length".into(),
                    level: Level::Error,
                    message: format!("{} of {} allowed", count.length, count.limit),
                    explanation: String::new(),
                    link: None,
                    start: count.cut_at.unwrap_or(0),
                    end: channel.text.chars().count() as u32,
                    suggestion: None,
                    fix: None,
                },
            ));
        }
    }
    Ok(out)
}

fn ready_or_beyond(state: PostState) -> bool {
    matches!(
        state,
        PostState::Ready | PostState::Scheduled | PostState::Published
    )
}

/// Refuses to move a post into ready (or beyond) while error-level findings remain, unless the officer
/// gives a reason; returns the reason to keep.
pub(crate) fn gate(
    tx: &Transaction,
    id: Option<i64>,
    from: Option<PostState>,
    input: &PostInput,
    override_reason: Option<&str>,
    now: DateTime<Utc>,
) -> Result<Option<String>> {
    if !ready_or_beyond(input.state) || from.is_some_and(ready_or_beyond) {
        return Ok(None);
    }
    let (lang, images) = match id {
        Some(id) => {
            let view = read(tx, id)?;
            check_consent(tx, id, input, now)?;
            (view.content.lang, view.content.images)
        }
        None => (None, Vec::new()),
    };
    let findings = blocking(tx, &input.channels, lang, &images, input.event_id.is_some())?;
    if findings.is_empty() {
        return Ok(None);
    }
    match override_reason.map(str::trim).filter(|r| !r.is_empty()) {
        Some(reason) => Ok(Some(reason.to_owned())),
        None => {
            let list: Vec<String> = findings
                .iter()
                .map(|(network, f)| format!("{} ({}): {}", f.rule, network.code(), f.message))
                .collect();
            Err(Error::invalid(
                "state",
                format!(
                    "the post cannot become {} while error-level findings remain: {}; fix them or give a reason",
                    input.state.code(),
                    list.join("; ")
                ),
            ))
        }
    }
}

/// Refuses a post featuring someone without a valid publication consent on each of its networks on its
/// date (its planned day, or today for an undated post). No reason overrides this.
fn check_consent(tx: &Transaction, id: i64, input: &PostInput, now: DateTime<Utc>) -> Result<()> {
    let tz = crate::profile::zone(tx)?;
    let day = input
        .planned_at
        .map_or_else(|| crate::local_time::to_local(tz, now).date(), |at| at.date());
    let networks: Vec<Network> = input.channels.iter().map(|c| c.network).collect();
    let gaps = crate::people::consent::missing_consent(tx, id, day, &networks)?;
    if gaps.is_empty() {
        Ok(())
    } else {
        Err(Error::ConsentMissing {
            state: input.state.code(),
            gaps,
        })
    }
}

/// Moves a post to another state; into ready (or beyond) only without error-level findings, or with a
/// reason for overriding them, which is stored with the post.
pub fn set_state(
    store: &Store,
    id: i64,
    state: PostState,
    override_reason: Option<&str>,
    now: DateTime<Utc>,
) -> Result<DraftView> {
    store.write(|tx| {
        let tz = crate::profile::zone(tx)?;
        let post = posts::read(tx, tz, id)?;
        let input = PostInput {
            state,
            ..post.to_input()
        };
        let reason = gate(tx, Some(id), Some(post.state), &input, override_reason, now)?;
        posts::replace(tx, tz, id, &input, now)?;
        if ready_or_beyond(state) {
            if reason.is_some() {
                tx.execute(
                    "UPDATE post SET ready_override = ?1 WHERE id = ?2",
                    rusqlite::params![reason, id],
                )?;
            }
        } else {
            tx.execute("UPDATE post SET ready_override = NULL WHERE id = ?1", [id])?;
        }
        Ok(())
    })?;
    get(store, id)
}

/// Runs the checks of becoming ready again, as publishing post `id` needs: consent on its date (which may
/// have been withdrawn since) and error-level findings, which the reason the officer gave when marking it
/// ready still overrides. Returns the post as the editor shows it.
pub(crate) fn check_before_publishing(tx: &Transaction, id: i64, now: DateTime<Utc>) -> Result<DraftView> {
    let view = read(tx, id)?;
    let input = PostInput {
        state: PostState::Published,
        ..view.post.to_input()
    };
    gate(tx, Some(id), None, &input, view.ready_override.as_deref(), now)?;
    Ok(view)
}

/// The posts still being worked on (idea, draft, ready, failed), most recently changed first.
pub fn list(store: &Store, limit: u32) -> Result<Vec<Post>> {
    store.read(|conn| {
        let mut found = posts::query(
            conn,
            crate::profile::zone(conn)?,
            "WHERE p.id IN (SELECT id FROM post WHERE state IN ('idea', 'draft', 'ready', 'failed')
                            ORDER BY updated_at DESC, id DESC LIMIT ?1)",
            rusqlite::params![limit],
        )?;
        found.sort_by_key(|p| std::cmp::Reverse((p.updated_at, p.id)));
        Ok(found)
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::testing::{now, store};

    fn category(store: &Store) -> i64 {
        crate::profile::load(store).unwrap().unwrap().categories[0].id
    }

    fn new_draft(store: &Store, text: &str) -> DraftView {
        let new = NewDraft {
            category_id: category(store),
            campaign_id: None,
            event_id: None,
            networks: vec![Network::Mastodon, Network::Bluesky],
            text: text.into(),
        };
        create(store, &new, now()).unwrap()
    }

    fn error_guide(store: &Store) {
        let source = "[[rules]]\nid = \"no-utenti\"\nkind = \"forbid\"\nlevel = \"error\"\nmessage = \"Non «utenti»\"\nterms = [\"utenti\"]\n";
        stored::save_source(store, source, now()).unwrap();
    }

    #[test]
    fn variants_follow_the_main_text_until_they_are_custom() {
        let (_dir, store) = store();
        let view = new_draft(&store, "Cosa state leggendo?");
        assert!(view.content.variants.iter().all(|v| !v.custom));
        let mut content = view.content.clone();
        content.text = "Cosa leggete questa settimana?".into();
        content.variants[1] = Variant {
            network: Network::Bluesky,
            text: "Su Bluesky: cosa leggete?".into(),
            custom: true,
        };
        content.images = vec![PostImage {
            path: "/tmp/sala.jpg".into(),
            alt: " La sala lettura piena di gente ".into(),
        }];
        let saved = save(&store, view.post.id, &content, now()).unwrap();
        assert_eq!(saved.content.variants[0].text, "Cosa leggete questa settimana?");
        assert!(!saved.content.variants[0].custom);
        assert!(saved.content.variants[1].custom);
        assert_eq!(saved.content.images[0].alt, "La sala lettura piena di gente");
        assert_eq!(saved.post.channels[1].text, "Su Bluesky: cosa leggete?");
    }

    #[test]
    fn error_findings_keep_a_post_from_becoming_ready_unless_a_reason_is_given() {
        let (_dir, store) = store();
        error_guide(&store);
        let view = new_draft(&store, "Gli utenti cosa leggono?");
        let refused = set_state(&store, view.post.id, PostState::Ready, None, now()).unwrap_err();
        let message = refused.to_string();
        assert!(
            message.contains("no-utenti") && message.contains("mastodon"),
            "{message}"
        );
        assert_eq!(get(&store, view.post.id).unwrap().post.state, PostState::Draft);
        let ready = set_state(
            &store,
            view.post.id,
            PostState::Ready,
            Some("Citazione del regolamento"),
            now(),
        )
        .unwrap();
        assert_eq!(ready.post.state, PostState::Ready);
        assert_eq!(ready.ready_override.as_deref(), Some("Citazione del regolamento"));
        let back = set_state(&store, view.post.id, PostState::Draft, None, now()).unwrap();
        assert_eq!(back.ready_override, None);
    }

    #[test]
    fn the_calendar_form_cannot_bypass_the_gate() {
        let (_dir, store) = store();
        error_guide(&store);
        let view = new_draft(&store, "Gli utenti cosa leggono?");
        let post = view.post;
        let input = PostInput {
            campaign_id: None,
            category_id: post.category_id,
            event_id: None,
            planned_at: None,
            state: PostState::Ready,
            channels: post.channels.clone(),
        };
        assert!(posts::update(&store, post.id, &input, now()).is_err());
        let fixed = PostInput {
            channels: vec![ChannelText {
                network: Network::Mastodon,
                text: "I lettori cosa leggono?".into(),
            }],
            ..input
        };
        assert_eq!(
            posts::update(&store, post.id, &fixed, now()).unwrap().state,
            PostState::Ready
        );
    }

    #[test]
    fn a_ready_post_edited_into_an_error_goes_back_to_draft() {
        let (_dir, store) = store();
        error_guide(&store);
        let view = new_draft(&store, "I lettori cosa leggono?");
        set_state(&store, view.post.id, PostState::Ready, None, now()).unwrap();
        let mut content = view.content;
        content.text = "Gli utenti cosa leggono?".into();
        assert_eq!(
            save(&store, view.post.id, &content, now()).unwrap().post.state,
            PostState::Draft
        );
    }

    #[test]
    fn over_long_text_and_no_network_are_refused() {
        let (_dir, store) = store();
        let view = new_draft(&store, "Ciao");
        let mut content = view.content.clone();
        content.text = "a".repeat(MAX_TEXT_CHARS + 1);
        assert!(save(&store, view.post.id, &content, now()).is_err());
        content.text = "Ciao".into();
        content.variants.clear();
        assert!(save(&store, view.post.id, &content, now()).is_err());
        assert_eq!(get(&store, view.post.id).unwrap().content, view.content);
    }

    #[test]
    fn drafts_lists_unpublished_posts_newest_first() {
        let (_dir, store) = store();
        let first = new_draft(&store, "Prima");
        let second = new_draft(&store, "Seconda");
        set_state(&store, first.post.id, PostState::Published, Some("test"), now()).unwrap();
        let ids: Vec<i64> = list(&store, 50).unwrap().iter().map(|p| p.id).collect();
        assert_eq!(ids, [second.post.id]);
    }
}
