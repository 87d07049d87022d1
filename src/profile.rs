//! The library profile: the library's name, city, languages, time zone, social handles and the content
//! categories it plans with. Onboarding, `agora init` and Settings all write it through [`save`].
//!
//! Input arrives as [`ProfileInput`] and is validated into a [`LibraryProfile`] before anything is written;
//! a save replaces the whole profile in one transaction.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::error::{Error, Result};
use crate::fields::{required_text, stored_value};
use crate::language::Language;
use crate::store::Store;

const MAX_CATEGORIES: usize = 12;

/// A social network on which the library has a presence.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize, TS)]
#[serde(rename_all = "lowercase")]
pub enum Network {
    X,
    Mastodon,
    Bluesky,
    Instagram,
    Facebook,
    Threads,
    Linkedin,
    Youtube,
    Tiktok,
}

impl Network {
    pub const ALL: [Network; 9] = [
        Network::X,
        Network::Mastodon,
        Network::Bluesky,
        Network::Instagram,
        Network::Facebook,
        Network::Threads,
        Network::Linkedin,
        Network::Youtube,
        Network::Tiktok,
    ];

    pub(crate) fn code(self) -> &'static str {
        match self {
            Network::X => "x",
            Network::Mastodon => "mastodon",
            Network::Bluesky => "bluesky",
            Network::Instagram => "instagram",
            Network::Facebook => "facebook",
            Network::Threads => "threads",
            Network::Linkedin => "linkedin",
            Network::Youtube => "youtube",
            Network::Tiktok => "tiktok",
        }
    }

    pub(crate) fn from_code(code: &str) -> Option<Network> {
        Network::ALL.into_iter().find(|n| n.code() == code)
    }

    /// Checks the shape of a handle on this network: `@name@server` on Mastodon, a domain on Bluesky,
    /// `@name` or `name` elsewhere; a wrong one is [`Error::InvalidInput`] for `field`, naming the handle.
    pub(crate) fn check_handle(self, field: &str, handle: &str) -> Result<()> {
        let shape = if handle.is_empty() || handle.chars().any(char::is_whitespace) {
            Some("must be a handle without spaces")
        } else {
            match self {
                Network::Mastodon => {
                    let mut parts = handle.strip_prefix('@').unwrap_or(handle).split('@');
                    match (parts.next(), parts.next(), parts.next()) {
                        (Some(user), Some(server), None) if !user.is_empty() && server.contains('.') => None,
                        _ => Some("must look like @name@server.example"),
                    }
                }
                Network::Bluesky => {
                    let domain = handle.strip_prefix('@').unwrap_or(handle);
                    let ok = domain.contains('.') && !domain.starts_with('.') && !domain.ends_with('.');
                    (!ok).then_some("must be a domain such as library.bsky.social")
                }
                _ => None,
            }
        };
        match shape {
            Some(reason) => Err(Error::invalid(field, format!("{handle:?} {reason}"))),
            None => Ok(()),
        }
    }
}

/// One of the library's accounts.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct SocialHandle {
    pub network: Network,
    pub handle: String,
}

/// What a content category is about; planning advice (the content mix) reasons about kinds, while the
/// category's name is the library's own.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum CategoryKind {
    Event,
    Activity,
    ServiceInformation,
    CommunityStory,
    Other,
}

impl CategoryKind {
    const ALL: [CategoryKind; 5] = [
        CategoryKind::Event,
        CategoryKind::Activity,
        CategoryKind::ServiceInformation,
        CategoryKind::CommunityStory,
        CategoryKind::Other,
    ];

    pub(crate) fn code(self) -> &'static str {
        match self {
            CategoryKind::Event => "event",
            CategoryKind::Activity => "activity",
            CategoryKind::ServiceInformation => "service_information",
            CategoryKind::CommunityStory => "community_story",
            CategoryKind::Other => "other",
        }
    }

    pub(crate) fn from_code(code: &str) -> Option<CategoryKind> {
        CategoryKind::ALL.into_iter().find(|k| k.code() == code)
    }
}

/// A content category as stored.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct ContentCategory {
    #[ts(type = "number")]
    pub id: i64,
    pub name: String,
    pub kind: CategoryKind,
}

/// A content category as entered: with the `id` of an existing one to rename it, without to add one.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct CategoryInput {
    #[ts(type = "number | null")]
    pub id: Option<i64>,
    pub name: String,
    pub kind: CategoryKind,
}

impl From<ContentCategory> for CategoryInput {
    fn from(c: ContentCategory) -> Self {
        CategoryInput {
            id: Some(c.id),
            name: c.name,
            kind: c.kind,
        }
    }
}

/// The four categories a library starts with, named in `language`.
pub fn default_categories(language: Language) -> Vec<CategoryInput> {
    let names = match language {
        Language::It => [
            "Eventi",
            "Attività",
            "Informazioni sui servizi",
            "Storie della comunità",
        ],
        Language::En => ["Events", "Activities", "Service information", "Community stories"],
    };
    let kinds = [
        CategoryKind::Event,
        CategoryKind::Activity,
        CategoryKind::ServiceInformation,
        CategoryKind::CommunityStory,
    ];
    names
        .into_iter()
        .zip(kinds)
        .map(|(name, kind)| CategoryInput {
            id: None,
            name: name.into(),
            kind,
        })
        .collect()
}

/// What onboarding, Settings and `agora init` submit.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct ProfileInput {
    pub name: String,
    pub city: String,
    /// The languages the library posts in, primary first.
    pub languages: Vec<Language>,
    /// An IANA time zone such as `Europe/Rome`.
    pub timezone: String,
    pub handles: Vec<SocialHandle>,
    pub categories: Vec<CategoryInput>,
}

/// The library profile as stored.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
pub struct LibraryProfile {
    pub name: String,
    pub city: String,
    pub languages: Vec<Language>,
    pub timezone: String,
    pub handles: Vec<SocialHandle>,
    pub categories: Vec<ContentCategory>,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
}

/// The IANA time zones a library can choose from, sorted.
pub fn timezones() -> Vec<String> {
    let mut names: Vec<String> = chrono_tz::TZ_VARIANTS
        .iter()
        .map(|tz| tz.name().to_owned())
        .collect();
    names.sort();
    names
}

/// The operating system's time zone, if it is a known IANA name.
pub fn os_timezone() -> Option<String> {
    iana_time_zone::get_timezone()
        .ok()
        .filter(|tz| tz.parse::<chrono_tz::Tz>().is_ok())
}

/// Validates `input`, trimming its text; the error names the first field at fault.
pub fn validate(input: &ProfileInput) -> Result<ProfileInput> {
    let name = required_text("name", &input.name)?;
    let city = required_text("city", &input.city)?;
    if input.languages.is_empty() {
        return Err(Error::invalid("languages", "choose at least one language"));
    }
    let mut languages = input.languages.clone();
    dedup_keep_order(&mut languages, |l| *l);
    let timezone = input.timezone.trim().to_owned();
    if timezone.parse::<chrono_tz::Tz>().is_err() {
        return Err(Error::invalid(
            "timezone",
            format!("{timezone:?} is not an IANA time zone such as Europe/Rome"),
        ));
    }
    let mut handles = Vec::with_capacity(input.handles.len());
    for (i, h) in input.handles.iter().enumerate() {
        let handle = h.handle.trim().to_owned();
        h.network.check_handle(&format!("handles[{i}]"), &handle)?;
        handles.push(SocialHandle {
            network: h.network,
            handle,
        });
    }
    dedup_keep_order(&mut handles, |h| (h.network, h.handle.to_lowercase()));
    if input.categories.is_empty() {
        return Err(Error::invalid("categories", "keep at least one content category"));
    }
    if input.categories.len() > MAX_CATEGORIES {
        return Err(Error::invalid(
            "categories",
            format!("at most {MAX_CATEGORIES} categories"),
        ));
    }
    let mut categories = Vec::with_capacity(input.categories.len());
    for (i, c) in input.categories.iter().enumerate() {
        let name = required_text(&format!("categories[{i}]"), &c.name)?;
        if categories
            .iter()
            .any(|seen: &CategoryInput| seen.name.to_lowercase() == name.to_lowercase())
        {
            return Err(Error::invalid(
                format!("categories[{i}]"),
                format!("{name:?} is listed twice"),
            ));
        }
        categories.push(CategoryInput { name, ..c.clone() });
    }
    Ok(ProfileInput {
        name,
        city,
        languages,
        timezone,
        handles,
        categories,
    })
}

/// Validates and stores the profile, replacing the previous one in a single transaction.
pub fn save(store: &Store, input: &ProfileInput, now: DateTime<Utc>) -> Result<LibraryProfile> {
    let input = validate(input)?;
    store.write(|tx| {
        let languages = input.languages.iter().map(|l| l.code()).collect::<Vec<_>>().join(",");
        tx.execute(
            "INSERT INTO library_profile (id, name, city, languages, timezone, created_at, updated_at)
             VALUES (1, ?1, ?2, ?3, ?4, ?5, ?5)
             ON CONFLICT (id) DO UPDATE SET name = ?1, city = ?2, languages = ?3, timezone = ?4, updated_at = ?5",
            (&input.name, &input.city, &languages, &input.timezone, now.to_rfc3339()),
        )?;
        tx.execute("DELETE FROM social_handle", [])?;
        for h in &input.handles {
            tx.execute(
                "INSERT INTO social_handle (network, handle) VALUES (?1, ?2)",
                (h.network.code(), &h.handle),
            )?;
        }
        save_categories(tx, &input.categories)?;
        Ok(())
    })?;
    load(store)?.ok_or(Error::NotInitialised)
}

/// Adds one content category at the end of the list.
pub fn add_category(store: &Store, name: &str, kind: CategoryKind) -> Result<ContentCategory> {
    let name = required_text("name", name)?;
    store.write(|tx| {
        let taken: bool = tx.query_row(
            "SELECT EXISTS (SELECT 1 FROM content_category WHERE lower(name) = lower(?1))",
            [&name],
            |r| r.get(0),
        )?;
        if taken {
            return Err(Error::invalid("name", format!("{name:?} already exists")));
        }
        tx.execute(
            "INSERT INTO content_category (name, kind, position)
             VALUES (?1, ?2, (SELECT coalesce(max(position), -1) + 1 FROM content_category))",
            (&name, kind.code()),
        )?;
        Ok(ContentCategory {
            id: tx.last_insert_rowid(),
            name,
            kind,
        })
    })
}

fn save_categories(tx: &rusqlite::Transaction, categories: &[CategoryInput]) -> Result<()> {
    let kept: Vec<i64> = categories.iter().filter_map(|c| c.id).collect();
    let mut existing = tx.prepare("SELECT id FROM content_category")?;
    let existing: Vec<i64> = existing
        .query_map([], |r| r.get(0))?
        .collect::<rusqlite::Result<_>>()?;
    for id in existing.iter().filter(|id| !kept.contains(id)) {
        let (name, used): (String, u32) = tx.query_row(
            "SELECT name, (SELECT count(*) FROM post WHERE category_id = ?1) FROM content_category WHERE id = ?1",
            [id],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )?;
        if used > 0 {
            return Err(Error::invalid(
                "categories",
                format!("{name:?} is used by {used} post(s); give them another category before removing it"),
            ));
        }
        tx.execute("DELETE FROM content_category WHERE id = ?1", [id])?;
    }
    // Park the kept names first so that swapping two names does not trip the unique index.
    tx.execute("UPDATE content_category SET name = '\u{1}' || id", [])?;
    for (position, c) in categories.iter().enumerate() {
        match c.id {
            Some(id) if existing.contains(&id) => {
                tx.execute(
                    "UPDATE content_category SET name = ?1, kind = ?2, position = ?3 WHERE id = ?4",
                    (&c.name, c.kind.code(), position as i64, id),
                )?;
            }
            Some(id) => {
                return Err(Error::invalid(
                    "categories",
                    format!("category {id} does not exist"),
                ))
            }
            None => {
                tx.execute(
                    "INSERT INTO content_category (name, kind, position) VALUES (?1, ?2, ?3)",
                    (&c.name, c.kind.code(), position as i64),
                )?;
            }
        }
    }
    Ok(())
}

/// The stored profile, or `None` before onboarding.
pub fn load(store: &Store) -> Result<Option<LibraryProfile>> {
    store.read(|conn| {
        let row = conn.query_row(
            "SELECT name, city, languages, timezone, created_at, updated_at FROM library_profile WHERE id = 1",
            [],
            |r| {
                Ok((
                    r.get::<_, String>(0)?,
                    r.get::<_, String>(1)?,
                    r.get::<_, String>(2)?,
                    r.get::<_, String>(3)?,
                    r.get::<_, DateTime<Utc>>(4)?,
                    r.get::<_, DateTime<Utc>>(5)?,
                ))
            },
        );
        let (name, city, languages, timezone, created_at, updated_at) = match row {
            Ok(row) => row,
            Err(rusqlite::Error::QueryReturnedNoRows) => return Ok(None),
            Err(e) => return Err(e.into()),
        };
        let languages = languages.split(',').map(str::parse).collect::<Result<Vec<Language>>>()?;
        let mut stmt = conn.prepare("SELECT network, handle FROM social_handle ORDER BY id")?;
        let handles = stmt
            .query_map([], |r| Ok((r.get::<_, String>(0)?, r.get::<_, String>(1)?)))?
            .map(|row| {
                let (network, handle) = row?;
                let network = Network::from_code(&network).ok_or_else(|| stored_value("network", &network))?;
                Ok(SocialHandle { network, handle })
            })
            .collect::<Result<Vec<_>>>()?;
        Ok(Some(LibraryProfile {
            name,
            city,
            languages,
            timezone,
            handles,
            categories: categories(conn)?,
            created_at,
            updated_at,
        }))
    })
}

/// The library's time zone, in which dates and times are entered and shown.
pub fn zone(conn: &rusqlite::Connection) -> Result<chrono_tz::Tz> {
    crate::local_time::zone(&timezone(conn)?)
}

/// The library's time zone name; [`Error::NotInitialised`] before onboarding.
pub fn timezone(conn: &rusqlite::Connection) -> Result<String> {
    conn.query_row("SELECT timezone FROM library_profile WHERE id = 1", [], |r| {
        r.get(0)
    })
    .map_err(|e| match e {
        rusqlite::Error::QueryReturnedNoRows => Error::NotInitialised,
        e => e.into(),
    })
}

/// The content categories in the library's order.
pub fn categories(conn: &rusqlite::Connection) -> Result<Vec<ContentCategory>> {
    let mut stmt = conn.prepare("SELECT id, name, kind FROM content_category ORDER BY position, id")?;
    let rows = stmt.query_map([], |r| {
        Ok((
            r.get::<_, i64>(0)?,
            r.get::<_, String>(1)?,
            r.get::<_, String>(2)?,
        ))
    })?;
    rows.map(|row| {
        let (id, name, kind) = row?;
        let kind = CategoryKind::from_code(&kind).ok_or_else(|| stored_value("kind", &kind))?;
        Ok(ContentCategory { id, name, kind })
    })
    .collect()
}

fn dedup_keep_order<T, K: PartialEq>(items: &mut Vec<T>, key: impl Fn(&T) -> K) {
    let mut seen = Vec::new();
    items.retain(|item| {
        let k = key(item);
        let new = !seen.contains(&k);
        if new {
            seen.push(k);
        }
        new
    });
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::TimeZone;

    fn input() -> ProfileInput {
        ProfileInput {
            name: "  Biblioteca Sala Borsa ".into(),
            city: "Bologna".into(),
            languages: vec![Language::It, Language::En, Language::It],
            timezone: "Europe/Rome".into(),
            handles: vec![SocialHandle {
                network: Network::Mastodon,
                handle: "@salaborsa@mastodon.bologna.it".into(),
            }],
            categories: default_categories(Language::It),
        }
    }

    fn now() -> DateTime<Utc> {
        Utc.with_ymd_and_hms(2026, 11, 29, 9, 0, 0).unwrap()
    }

    fn store() -> (tempfile::TempDir, Store) {
        let dir = tempfile::tempdir().unwrap();
        let store = Store::open_dir(dir.path()).unwrap();
        (dir, store)
    }

    #[test]
    fn a_saved_profile_loads_back_trimmed_and_deduplicated() {
        let (_dir, store) = store();
        assert_eq!(load(&store).unwrap(), None, "no profile before onboarding");
        let saved = save(&store, &input(), now()).unwrap();
        assert_eq!(saved.name, "Biblioteca Sala Borsa");
        assert_eq!(saved.languages, vec![Language::It, Language::En]);
        assert_eq!(saved.categories.len(), 4);
        assert_eq!(saved.categories[3].kind, CategoryKind::CommunityStory);
        assert_eq!(load(&store).unwrap(), Some(saved));
    }

    #[test]
    fn invalid_fields_are_named_and_nothing_is_written() {
        let (_dir, store) = store();
        save(&store, &input(), now()).unwrap();
        type Spoil = fn(&mut ProfileInput);
        let cases: [(&str, Spoil); 7] = [
            ("name", |p| p.name = "   ".into()),
            ("city", |p| p.city = String::new()),
            ("languages", |p| p.languages.clear()),
            ("timezone", |p| p.timezone = "Europe/Bologna".into()),
            ("handles[0]", |p| p.handles[0].handle = "salaborsa".into()),
            ("categories", |p| p.categories.clear()),
            ("categories[1]", |p| p.categories[1].name = " eventi".into()),
        ];
        for (field, spoil) in cases {
            let mut bad = input();
            bad.name = "Changed".into();
            spoil(&mut bad);
            let err = save(&store, &bad, now()).unwrap_err();
            assert_eq!(
                crate::ErrorPayload::from(&err).field.as_deref(),
                Some(field),
                "{err}"
            );
            assert_eq!(
                load(&store).unwrap().unwrap().name,
                "Biblioteca Sala Borsa",
                "after {field}"
            );
        }
    }

    #[test]
    fn categories_are_renamed_reordered_added_and_removed_by_id() {
        let (_dir, store) = store();
        let first = save(&store, &input(), now()).unwrap();
        let mut next = input();
        let [events, activities, _, stories] = [0, 1, 2, 3].map(|i| first.categories[i].clone());
        next.categories = vec![
            CategoryInput {
                id: Some(stories.id),
                name: "Storie".into(),
                kind: stories.kind,
            },
            CategoryInput {
                id: Some(events.id),
                name: activities.name.clone(),
                kind: events.kind,
            },
            CategoryInput {
                id: Some(activities.id),
                name: events.name.clone(),
                kind: activities.kind,
            },
            CategoryInput {
                id: None,
                name: "Nati per Leggere".into(),
                kind: CategoryKind::Other,
            },
        ];
        let saved = save(&store, &next, now()).unwrap();
        let names: Vec<_> = saved.categories.iter().map(|c| c.name.as_str()).collect();
        assert_eq!(names, ["Storie", "Attività", "Eventi", "Nati per Leggere"]);
        assert_eq!(saved.categories[0].id, stories.id, "renaming keeps the id");
    }

    #[test]
    fn a_category_used_by_posts_cannot_be_removed() {
        let (_dir, store) = store();
        let saved = save(&store, &input(), now()).unwrap();
        let post = crate::posts::PostInput {
            campaign_id: None,
            category_id: saved.categories[0].id,
            event_id: None,
            planned_at: None,
            state: crate::posts::PostState::Idea,
            channels: vec![crate::posts::ChannelText {
                network: Network::Mastodon,
                text: String::new(),
            }],
        };
        crate::posts::add(&store, &post, now()).unwrap();
        let mut fewer = input();
        fewer.categories = saved.categories[1..].iter().cloned().map(Into::into).collect();
        let err = save(&store, &fewer, now()).unwrap_err();
        assert!(
            err.to_string().contains("\"Eventi\" is used by 1 post(s)"),
            "{err}"
        );
        assert_eq!(
            load(&store).unwrap().unwrap().categories.len(),
            4,
            "nothing changed"
        );
    }

    #[test]
    fn handles_are_checked_per_network() {
        assert!(Network::Mastodon
            .check_handle("handle", "@lib@social.example")
            .is_ok());
        assert!(Network::Mastodon
            .check_handle("handle", "lib@social.example")
            .is_ok());
        assert!(Network::Mastodon.check_handle("handle", "@lib").is_err());
        assert!(Network::Bluesky.check_handle("handle", "lib.bsky.social").is_ok());
        assert!(Network::Bluesky.check_handle("handle", "lib").is_err());
        assert!(Network::Instagram.check_handle("handle", "@sala borsa").is_err());
        match Network::Mastodon.check_handle("handles[2]", "@lib") {
            Err(Error::InvalidInput { field, reason }) => {
                assert_eq!(field, "handles[2]");
                assert_eq!(reason, "\"@lib\" must look like @name@server.example");
            }
            other => panic!("expected invalid input, got {other:?}"),
        }
    }

    #[test]
    fn add_category_refuses_a_duplicate_name() {
        let (_dir, store) = store();
        save(&store, &input(), now()).unwrap();
        let added = add_category(&store, "Podcast", CategoryKind::Other).unwrap();
        assert_eq!(load(&store).unwrap().unwrap().categories.last(), Some(&added));
        assert_eq!(
            add_category(&store, "EVENTI", CategoryKind::Event)
                .unwrap_err()
                .code(),
            crate::ErrorCode::InvalidInput
        );
    }

    #[test]
    fn timezones_are_sorted_and_include_rome() {
        let zones = timezones();
        assert!(zones.contains(&"Europe/Rome".to_owned()));
        assert!(zones.windows(2).all(|w| w[0] <= w[1]));
    }
}
