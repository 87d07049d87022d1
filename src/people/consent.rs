//! Consent (GDPR): what each person agreed to — being contacted, the publication of their image or of a
//! quote or their name — where (which networks, the website, print), who gave it (the person, or each
//! guardian of a minor), when, how, with what evidence, until when, and whether it was withdrawn. Also
//! who appears in which post (featured, partner, mentioned), and the rule that keeps a post featuring a
//! person from going out without a valid publication consent on each of its networks on its date. In
//! Italy a child under 14 needs both guardians' consent.

use chrono::NaiveDate;
use rusqlite::{Connection, OptionalExtension};
use serde::{Deserialize, Serialize};
use ts_rs::TS;

use super::Party;
use crate::error::{Error, Result};
use crate::fields::stored_enum;
use crate::profile::Network;
use crate::store::Store;

stored_enum! {
    /// What a consent allows.
    pub enum Purpose {
        Contact = "contact",
        PublicationImage = "publication_image",
        PublicationQuote = "publication_quote",
    }
}

stored_enum! {
    /// Who gave a consent.
    pub enum GivenBy {
        Person = "self",
        Guardian1 = "guardian1",
        Guardian2 = "guardian2",
    }
}

stored_enum! {
    /// How someone or an organisation appears in a post.
    pub enum PostRole {
        /// In a photo, a video or a quote: publication needs their consent.
        Featured = "featured",
        /// Co-organiser of what the post is about.
        Partner = "partner",
        Mentioned = "mentioned",
    }
}

/// Where a consent applies.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct Scope {
    pub networks: Vec<Network>,
    pub website: bool,
    pub print: bool,
}

/// A consent as recorded.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct ConsentInput {
    #[ts(type = "number")]
    pub person_id: i64,
    pub purpose: Purpose,
    pub scope: Scope,
    pub given_by: GivenBy,
    pub given_on: NaiveDate,
    pub method: String,
    pub evidence_ref: String,
    pub expires_on: Option<NaiveDate>,
}

/// A consent as stored.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
pub struct ConsentRecord {
    #[ts(type = "number")]
    pub id: i64,
    #[ts(type = "number")]
    pub person_id: i64,
    pub purpose: Purpose,
    pub scope: Scope,
    pub given_by: GivenBy,
    pub given_on: NaiveDate,
    pub method: String,
    pub evidence_ref: String,
    pub expires_on: Option<NaiveDate>,
    pub withdrawn_on: Option<NaiveDate>,
}

impl ConsentRecord {
    /// Whether the consent is in force on `day`.
    pub fn valid_on(&self, day: NaiveDate) -> bool {
        self.given_on <= day
            && self.expires_on.is_none_or(|e| day <= e)
            && self.withdrawn_on.is_none_or(|w| day < w)
    }
}

/// Records a consent.
pub fn add(store: &Store, input: &ConsentInput) -> Result<ConsentRecord> {
    let id = store.write(|tx| {
        let person = super::read(tx, input.person_id).map_err(|e| match e {
            Error::NotFound { .. } => Error::invalid("person_id", format!("person {} does not exist", input.person_id)),
            e => e,
        })?;
        if let Some(expires) = input.expires_on {
            if expires < input.given_on {
                return Err(Error::invalid(
                    "expires_on",
                    format!("expires on {expires}, before it was given on {}", input.given_on),
                ));
            }
        }
        let scope = &input.scope;
        if scope.networks.is_empty() && !scope.website && !scope.print {
            return Err(Error::invalid("scope", "say where the consent applies"));
        }
        if input.given_by == GivenBy::Person && person.is_minor_on(input.given_on) {
            return Err(Error::invalid(
                "given_by",
                format!(
                    "{} is a minor: a minor cannot consent alone; record each guardian's consent",
                    person.name
                ),
            ));
        }
        let scope = serde_json::to_string(scope).map_err(|e| Error::Internal(e.to_string()))?;
        tx.execute(
            "INSERT INTO consent (person_id, purpose, scope, given_by, given_on, method, evidence_ref, expires_on)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
            rusqlite::params![
                input.person_id,
                input.purpose,
                scope,
                input.given_by,
                input.given_on,
                input.method.trim(),
                input.evidence_ref.trim(),
                input.expires_on
            ],
        )?;
        Ok(tx.last_insert_rowid())
    })?;
    store.read(|conn| read(conn, id))
}

fn read(conn: &Connection, id: i64) -> Result<ConsentRecord> {
    query(conn, "WHERE id = ?1", id)?
        .into_iter()
        .next()
        .ok_or(Error::NotFound { what: "consent", id })
}

fn query(conn: &Connection, filter: &str, value: i64) -> Result<Vec<ConsentRecord>> {
    let mut stmt = conn.prepare(&format!(
        "SELECT id, person_id, purpose, scope, given_by, given_on, method, evidence_ref, expires_on, withdrawn_on
         FROM consent {filter} ORDER BY given_on, id"
    ))?;
    let rows = stmt.query_map([value], |r| {
        let scope: String = r.get(3)?;
        Ok((
            ConsentRecord {
                id: r.get(0)?,
                person_id: r.get(1)?,
                purpose: r.get(2)?,
                scope: Scope::default(),
                given_by: r.get(4)?,
                given_on: r.get(5)?,
                method: r.get(6)?,
                evidence_ref: r.get(7)?,
                expires_on: r.get(8)?,
                withdrawn_on: r.get(9)?,
            },
            scope,
        ))
    })?;
    rows.map(|row| {
        let (record, scope) = row?;
        let scope =
            serde_json::from_str(&scope).map_err(|_| crate::fields::stored_value("consent.scope", &scope))?;
        Ok(ConsentRecord { scope, ..record })
    })
    .collect()
}

/// A person's consents, oldest first.
pub fn list(store: &Store, person_id: i64) -> Result<Vec<ConsentRecord>> {
    store.read(|conn| query(conn, "WHERE person_id = ?1", person_id))
}

/// A published post that featured a person whose consent was withdrawn: to take down.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
pub struct PostToReview {
    #[ts(type = "number")]
    pub post_id: i64,
    pub networks: Vec<Network>,
    pub text: String,
}

/// What a withdrawal leaves to do.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
pub struct Withdrawal {
    pub consent: ConsentRecord,
    /// Published posts featuring the person, which may need taking down.
    pub published_posts: Vec<PostToReview>,
}

/// Withdraws a consent from `on`; lists the published posts that feature the person.
pub fn withdraw(store: &Store, id: i64, on: NaiveDate) -> Result<Withdrawal> {
    store.write(|tx| {
        let consent = read(tx, id)?;
        if on < consent.given_on {
            return Err(Error::invalid(
                "withdrawn_on",
                format!("{on} is before the consent was given ({})", consent.given_on),
            ));
        }
        tx.execute(
            "UPDATE consent SET withdrawn_on = ?1 WHERE id = ?2",
            rusqlite::params![on, id],
        )?;
        Ok(())
    })?;
    store.read(|conn| {
        let consent = read(conn, id)?;
        let mut stmt = conn.prepare(
            "SELECT p.id, p.draft, (SELECT group_concat(network) FROM post_channel c WHERE c.post_id = p.id)
             FROM post_party x JOIN post p ON p.id = x.post_id
             WHERE x.person_id = ?1 AND x.role = 'featured' AND p.state = 'published' ORDER BY p.planned_at",
        )?;
        let published_posts = stmt
            .query_map([consent.person_id], |r| {
                let networks: Option<String> = r.get(2)?;
                Ok(PostToReview {
                    post_id: r.get(0)?,
                    text: r.get(1)?,
                    networks: networks
                        .unwrap_or_default()
                        .split(',')
                        .filter_map(Network::from_code)
                        .collect(),
                })
            })?
            .collect::<rusqlite::Result<_>>()?;
        Ok(Withdrawal {
            consent,
            published_posts,
        })
    })
}

/// Someone or an organisation linked to a post.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct PostParty {
    pub party: Party,
    pub role: PostRole,
}

/// Replaces who is linked to a post.
pub fn set_post_parties(store: &Store, post_id: i64, parties: &[PostParty]) -> Result<()> {
    store.write(|tx| {
        crate::posts::read(tx, crate::profile::zone(tx)?, post_id)?;
        tx.execute("DELETE FROM post_party WHERE post_id = ?1", [post_id])?;
        for (i, p) in parties.iter().enumerate() {
            p.party.check(tx, &format!("parties[{i}]"))?;
            let (person, organisation) = p.party.columns();
            tx.execute(
                "INSERT INTO post_party (post_id, person_id, organisation_id, role) VALUES (?1, ?2, ?3, ?4)",
                rusqlite::params![post_id, person, organisation, p.role],
            )?;
        }
        Ok(())
    })
}

/// Who is linked to a post.
pub fn parties_of_post(store: &Store, post_id: i64) -> Result<Vec<PostParty>> {
    store.read(|conn| post_parties(conn, post_id))
}

pub(crate) fn post_parties(conn: &Connection, post_id: i64) -> Result<Vec<PostParty>> {
    let mut stmt = conn.prepare(
        "SELECT person_id, organisation_id, role FROM post_party WHERE post_id = ?1 ORDER BY rowid",
    )?;
    let rows = stmt.query_map([post_id], |r| {
        Ok(PostParty {
            party: Party::from_columns(r.get(0)?, r.get(1)?),
            role: r.get(2)?,
        })
    })?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

/// Someone featured in a post who lacks the publication consent it needs on one of its networks.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
pub struct ConsentGap {
    #[ts(type = "number")]
    pub person_id: i64,
    pub name: String,
    pub network: Network,
    /// The post's day, on which the consent must be valid.
    pub day: NaiveDate,
    /// A minor on that day: both guardians must have consented.
    pub minor: bool,
}

impl std::fmt::Display for ConsentGap {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let what = if self.minor {
            "both guardians' publication consent"
        } else {
            "a publication consent"
        };
        write!(
            f,
            "{} lacks {what} for {} on {}",
            self.name,
            self.network.code(),
            self.day
        )
    }
}

/// Why a post cannot go out: who lacks which consent for which network.
pub(crate) fn missing_consent(
    conn: &Connection,
    post_id: i64,
    day: NaiveDate,
    networks: &[Network],
) -> Result<Vec<ConsentGap>> {
    let mut gaps = Vec::new();
    for party in post_parties(conn, post_id)? {
        let (PostRole::Featured, Party::Person(person_id)) = (party.role, party.party) else {
            continue;
        };
        let Some(person) = conn
            .query_row("SELECT 1 FROM person WHERE id = ?1", [person_id], |_| Ok(()))
            .optional()?
            .map(|()| super::read(conn, person_id))
            .transpose()?
        else {
            continue;
        };
        let publication: Vec<ConsentRecord> = query(conn, "WHERE person_id = ?1", person_id)?
            .into_iter()
            .filter(|c| c.purpose != Purpose::Contact && c.valid_on(day))
            .collect();
        let minor = person.is_minor_on(day);
        for &network in networks {
            let covered_by = |who: &GivenBy| {
                publication
                    .iter()
                    .any(|c| c.given_by == *who && c.scope.networks.contains(&network))
            };
            let ok = if minor {
                [GivenBy::Guardian1, GivenBy::Guardian2].iter().all(covered_by)
            } else {
                [GivenBy::Person, GivenBy::Guardian1].iter().any(covered_by)
            };
            if !ok {
                gaps.push(ConsentGap {
                    person_id,
                    name: person.name.clone(),
                    network,
                    day,
                    minor,
                });
            }
        }
    }
    Ok(gaps)
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;
    use crate::people::{Person, PersonInput};
    use crate::testing::{now, store};

    fn day(text: &str) -> NaiveDate {
        text.parse().unwrap()
    }

    fn child(store: &Store) -> Person {
        let input = PersonInput {
            name: "Giulio Bianchi".into(),
            birth_year: Some(2017),
            ..PersonInput::default()
        };
        crate::people::add(store, &input, now()).unwrap()
    }

    pub(crate) fn consent(person_id: i64, given_by: GivenBy, networks: Vec<Network>) -> ConsentInput {
        ConsentInput {
            person_id,
            purpose: Purpose::PublicationImage,
            scope: Scope {
                networks,
                website: false,
                print: false,
            },
            given_by,
            given_on: day("2026-09-01"),
            method: "modulo firmato".into(),
            evidence_ref: "2026/114".into(),
            expires_on: Some(day("2027-08-31")),
        }
    }

    #[test]
    fn a_minor_needs_both_guardians_on_every_network() {
        let (_dir, store) = store();
        let giulio = child(&store);
        let refused = add(
            &store,
            &consent(giulio.id, GivenBy::Person, vec![Network::Mastodon]),
        )
        .unwrap_err();
        assert!(refused.to_string().contains("cannot consent alone"), "{refused}");
        let post = crate::drafts::create(
            &store,
            &crate::drafts::NewDraft {
                category_id: crate::profile::load(&store).unwrap().unwrap().categories[0].id,
                campaign_id: None,
                event_id: None,
                networks: vec![Network::Mastodon, Network::Bluesky],
                text: "La lettura in giardino".into(),
            },
            now(),
        )
        .unwrap()
        .post;
        set_post_parties(
            &store,
            post.id,
            &[PostParty {
                party: Party::Person(giulio.id),
                role: PostRole::Featured,
            }],
        )
        .unwrap();
        let networks = [Network::Mastodon, Network::Bluesky];
        let gaps = |d| {
            let gaps = store.read(|c| missing_consent(c, post.id, d, &networks));
            gaps.unwrap().iter().map(ToString::to_string).collect::<Vec<_>>()
        };
        assert_eq!(gaps(day("2026-12-01")).len(), 2);
        add(&store, &consent(giulio.id, GivenBy::Guardian1, networks.to_vec())).unwrap();
        assert_eq!(
            gaps(day("2026-12-01")),
            [
                "Giulio Bianchi lacks both guardians' publication consent for mastodon on 2026-12-01",
                "Giulio Bianchi lacks both guardians' publication consent for bluesky on 2026-12-01"
            ]
        );
        let second = add(
            &store,
            &consent(giulio.id, GivenBy::Guardian2, vec![Network::Mastodon]),
        )
        .unwrap();
        assert_eq!(
            gaps(day("2026-12-01")).len(),
            1,
            "Bluesky is not covered by the second guardian"
        );
        assert_eq!(gaps(day("2027-09-01")).len(), 2, "expired");
        let withdrawal = withdraw(&store, second.id, day("2027-01-10")).unwrap();
        assert_eq!(withdrawal.consent.withdrawn_on, Some(day("2027-01-10")));
        assert!(withdrawal.published_posts.is_empty());
        assert_eq!(gaps(day("2027-02-01")).len(), 2);
    }

    #[test]
    fn withdrawal_lists_published_posts_and_bad_dates_are_refused() {
        let (_dir, store) = store();
        let adult = crate::people::add(
            &store,
            &PersonInput {
                name: "Anna Verdi".into(),
                ..PersonInput::default()
            },
            now(),
        )
        .unwrap();
        let mut bad = consent(adult.id, GivenBy::Person, vec![Network::Mastodon]);
        bad.expires_on = Some(day("2026-01-01"));
        assert_eq!(
            add(&store, &bad).unwrap_err().to_string(),
            "expires_on: expires on 2026-01-01, before it was given on 2026-09-01"
        );
        let record = add(
            &store,
            &consent(adult.id, GivenBy::Person, vec![Network::Mastodon]),
        )
        .unwrap();
        let post = crate::drafts::create(
            &store,
            &crate::drafts::NewDraft {
                category_id: crate::profile::load(&store).unwrap().unwrap().categories[0].id,
                campaign_id: None,
                event_id: None,
                networks: vec![Network::Mastodon],
                text: "Anna racconta il suo libro".into(),
            },
            now(),
        )
        .unwrap()
        .post;
        set_post_parties(
            &store,
            post.id,
            &[PostParty {
                party: Party::Person(adult.id),
                role: PostRole::Featured,
            }],
        )
        .unwrap();
        crate::drafts::set_state(&store, post.id, crate::posts::PostState::Published, None, now()).unwrap();
        assert!(
            withdraw(&store, record.id, day("2026-08-01")).is_err(),
            "before it was given"
        );
        let withdrawal = withdraw(&store, record.id, day("2026-12-01")).unwrap();
        assert_eq!(withdrawal.published_posts.len(), 1);
        assert_eq!(withdrawal.published_posts[0].networks, [Network::Mastodon]);
    }
}
