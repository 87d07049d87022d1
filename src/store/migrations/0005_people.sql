-- Relationships: the people and organisations the library talks with, how they are reached, what was
-- said (interactions), how often the library means to be in touch, who appears in which post, what
-- consent each person gave, a search index, and an audit log that records erasures without personal data.
CREATE TABLE organisation (
    id             INTEGER PRIMARY KEY,
    name           TEXT NOT NULL,
    kind           TEXT NOT NULL CHECK (kind IN ('school', 'association', 'reading_programme', 'bookshop',
                                                 'press', 'public_office', 'other')),
    notes          TEXT NOT NULL DEFAULT '',
    owner          TEXT NOT NULL DEFAULT '',            -- the officer who looks after the relationship
    ideal_days     INTEGER CHECK (ideal_days >= 1),     -- cadence: be in touch every N days…
    max_days       INTEGER CHECK (max_days >= 1),       -- …and never let more than N days pass
    snoozed_until  TEXT,                                -- local date; the review queue leaves it alone until then
    last_contact_at  TEXT,                              -- kept by triggers from the interaction log (own and
    last_inbound_at  TEXT,                              -- its people's); never written by the application
    created_at     TEXT NOT NULL,
    updated_at     TEXT NOT NULL
) STRICT;
CREATE INDEX organisation_name ON organisation (name COLLATE NOCASE);
CREATE INDEX organisation_cadence ON organisation (id) WHERE ideal_days IS NOT NULL OR max_days IS NOT NULL;

CREATE TABLE person (
    id             INTEGER PRIMARY KEY,
    name           TEXT NOT NULL,
    birth_year     INTEGER CHECK (birth_year BETWEEN 1900 AND 2200),
    minor          INTEGER NOT NULL DEFAULT 0 CHECK (minor IN (0, 1)),   -- explicitly a minor
    notes          TEXT NOT NULL DEFAULT '',
    owner          TEXT NOT NULL DEFAULT '',
    origin         TEXT NOT NULL DEFAULT 'manual' CHECK (origin IN ('manual', 'import', 'social')),
    ideal_days     INTEGER CHECK (ideal_days >= 1),
    max_days       INTEGER CHECK (max_days >= 1),
    snoozed_until  TEXT,
    last_contact_at  TEXT,                              -- kept by triggers from the interaction log
    last_inbound_at  TEXT,
    created_at     TEXT NOT NULL,
    updated_at     TEXT NOT NULL
) STRICT;
CREATE INDEX person_name ON person (name COLLATE NOCASE);
CREATE INDEX person_cadence ON person (id) WHERE ideal_days IS NOT NULL OR max_days IS NOT NULL;

CREATE TABLE affiliation (
    person_id        INTEGER NOT NULL REFERENCES person (id) ON DELETE CASCADE,
    organisation_id  INTEGER NOT NULL REFERENCES organisation (id) ON DELETE CASCADE,
    role             TEXT NOT NULL DEFAULT '',
    from_date        TEXT,
    to_date          TEXT,
    CHECK (from_date IS NULL OR to_date IS NULL OR to_date >= from_date),
    PRIMARY KEY (person_id, organisation_id, role)
) STRICT;
CREATE INDEX affiliation_organisation ON affiliation (organisation_id, person_id);

CREATE TABLE contact_point (
    id               INTEGER PRIMARY KEY,
    person_id        INTEGER REFERENCES person (id) ON DELETE CASCADE,
    organisation_id  INTEGER REFERENCES organisation (id) ON DELETE CASCADE,
    kind             TEXT NOT NULL CHECK (kind IN ('email', 'phone', 'website', 'handle')),
    network          TEXT,                              -- for handles: which network
    value            TEXT NOT NULL,
    CHECK ((person_id IS NULL) <> (organisation_id IS NULL)),
    CHECK ((kind = 'handle') = (network IS NOT NULL))
) STRICT;
CREATE INDEX contact_point_person ON contact_point (person_id);
CREATE INDEX contact_point_organisation ON contact_point (organisation_id);
CREATE INDEX contact_point_value ON contact_point (kind, value COLLATE NOCASE);

CREATE TABLE tag (
    id          INTEGER PRIMARY KEY,
    name        TEXT NOT NULL UNIQUE COLLATE NOCASE,
    ideal_days  INTEGER CHECK (ideal_days >= 1),        -- cadence for everyone with the tag
    max_days    INTEGER CHECK (max_days >= 1)
) STRICT;
CREATE INDEX tag_cadence ON tag (id) WHERE ideal_days IS NOT NULL OR max_days IS NOT NULL;

CREATE TABLE person_tag (
    person_id  INTEGER NOT NULL REFERENCES person (id) ON DELETE CASCADE,
    tag_id     INTEGER NOT NULL REFERENCES tag (id) ON DELETE CASCADE,
    PRIMARY KEY (person_id, tag_id)
) STRICT;

CREATE TABLE organisation_tag (
    organisation_id  INTEGER NOT NULL REFERENCES organisation (id) ON DELETE CASCADE,
    tag_id           INTEGER NOT NULL REFERENCES tag (id) ON DELETE CASCADE,
    PRIMARY KEY (organisation_id, tag_id)
) STRICT;

CREATE TABLE interaction (
    id              INTEGER PRIMARY KEY,
    occurred_at     TEXT NOT NULL,                      -- UTC, RFC 3339
    channel         TEXT NOT NULL CHECK (channel IN ('social_comment', 'direct_message', 'mention', 'email',
                                                     'phone', 'meeting', 'event_attendance',
                                                     'co_organised_event', 'other')),
    direction       TEXT NOT NULL CHECK (direction IN ('inbound', 'outbound')),
    summary         TEXT NOT NULL,
    awaiting_reply  INTEGER NOT NULL DEFAULT 0 CHECK (awaiting_reply IN (0, 1)),
    amplified       INTEGER NOT NULL DEFAULT 0 CHECK (amplified IN (0, 1)),  -- they shared or boosted our post
    campaign_id     INTEGER REFERENCES campaign (id) ON DELETE SET NULL,
    post_id         INTEGER REFERENCES post (id) ON DELETE SET NULL,
    event_id        INTEGER REFERENCES event (id) ON DELETE SET NULL,
    created_at      TEXT NOT NULL
) STRICT;
CREATE INDEX interaction_awaiting ON interaction (occurred_at) WHERE awaiting_reply = 1;
CREATE INDEX interaction_campaign ON interaction (campaign_id, occurred_at);
CREATE INDEX interaction_event ON interaction (event_id) WHERE event_id IS NOT NULL;

-- Who took part in an interaction; `occurred_at` is copied here so a timeline is one index range.
CREATE TABLE interaction_party (
    interaction_id   INTEGER NOT NULL REFERENCES interaction (id) ON DELETE CASCADE,
    person_id        INTEGER REFERENCES person (id) ON DELETE CASCADE,
    organisation_id  INTEGER REFERENCES organisation (id) ON DELETE CASCADE,
    role             TEXT NOT NULL DEFAULT '',
    occurred_at      TEXT NOT NULL,
    CHECK ((person_id IS NULL) <> (organisation_id IS NULL))
) STRICT;
CREATE INDEX party_person ON interaction_party (person_id, occurred_at DESC, interaction_id)
    WHERE person_id IS NOT NULL;
CREATE INDEX party_organisation ON interaction_party (organisation_id, occurred_at DESC, interaction_id)
    WHERE organisation_id IS NOT NULL;
CREATE INDEX party_interaction ON interaction_party (interaction_id);

-- The last contact of each person and organisation, kept from the log so the review queue reads it
-- instead of searching a million interactions: a new participant moves it forward; a removed one (an
-- erasure) or a changed affiliation recomputes it.
CREATE TRIGGER party_added AFTER INSERT ON interaction_party
BEGIN
    UPDATE person SET last_contact_at = max(coalesce(last_contact_at, ''), NEW.occurred_at),
                      last_inbound_at = CASE WHEN (SELECT direction FROM interaction WHERE id = NEW.interaction_id) = 'inbound'
                                             THEN max(coalesce(last_inbound_at, ''), NEW.occurred_at)
                                             ELSE last_inbound_at END
     WHERE id = NEW.person_id;
    UPDATE organisation SET last_contact_at = max(coalesce(last_contact_at, ''), NEW.occurred_at),
                            last_inbound_at = CASE WHEN (SELECT direction FROM interaction WHERE id = NEW.interaction_id) = 'inbound'
                                                   THEN max(coalesce(last_inbound_at, ''), NEW.occurred_at)
                                                   ELSE last_inbound_at END
     WHERE id = NEW.organisation_id
        OR id IN (SELECT organisation_id FROM affiliation WHERE person_id = NEW.person_id);
END;

CREATE TRIGGER party_removed AFTER DELETE ON interaction_party
BEGIN
    UPDATE person SET
        last_contact_at = (SELECT max(occurred_at) FROM interaction_party WHERE person_id = person.id),
        last_inbound_at = (SELECT max(x.occurred_at) FROM interaction_party x JOIN interaction i ON i.id = x.interaction_id
                            WHERE x.person_id = person.id AND i.direction = 'inbound')
     WHERE id = OLD.person_id;
    UPDATE organisation SET
        last_contact_at = (SELECT max(m) FROM (
            SELECT max(occurred_at) AS m FROM interaction_party WHERE organisation_id = organisation.id
            UNION ALL SELECT max(p.last_contact_at) FROM affiliation a JOIN person p ON p.id = a.person_id
                       WHERE a.organisation_id = organisation.id)),
        last_inbound_at = (SELECT max(m) FROM (
            SELECT max(x.occurred_at) AS m FROM interaction_party x JOIN interaction i ON i.id = x.interaction_id
             WHERE x.organisation_id = organisation.id AND i.direction = 'inbound'
            UNION ALL SELECT max(p.last_inbound_at) FROM affiliation a JOIN person p ON p.id = a.person_id
                       WHERE a.organisation_id = organisation.id))
     WHERE id = OLD.organisation_id
        OR id IN (SELECT organisation_id FROM affiliation WHERE person_id = OLD.person_id);
END;

CREATE TRIGGER member_added AFTER INSERT ON affiliation
BEGIN
    UPDATE organisation SET
        last_contact_at = (SELECT max(m) FROM (SELECT organisation.last_contact_at AS m UNION ALL
                           SELECT last_contact_at FROM person WHERE id = NEW.person_id)),
        last_inbound_at = (SELECT max(m) FROM (SELECT organisation.last_inbound_at AS m UNION ALL
                           SELECT last_inbound_at FROM person WHERE id = NEW.person_id))
     WHERE id = NEW.organisation_id;
END;

CREATE TRIGGER member_removed AFTER DELETE ON affiliation
BEGIN
    UPDATE organisation SET
        last_contact_at = (SELECT max(m) FROM (
            SELECT max(occurred_at) AS m FROM interaction_party WHERE organisation_id = organisation.id
            UNION ALL SELECT max(p.last_contact_at) FROM affiliation a JOIN person p ON p.id = a.person_id
                       WHERE a.organisation_id = organisation.id)),
        last_inbound_at = (SELECT max(m) FROM (
            SELECT max(x.occurred_at) AS m FROM interaction_party x JOIN interaction i ON i.id = x.interaction_id
             WHERE x.organisation_id = organisation.id AND i.direction = 'inbound'
            UNION ALL SELECT max(p.last_inbound_at) FROM affiliation a JOIN person p ON p.id = a.person_id
                       WHERE a.organisation_id = organisation.id))
     WHERE id = OLD.organisation_id;
END;

-- People and organisations linked to a planned post.
CREATE TABLE post_party (
    post_id          INTEGER NOT NULL REFERENCES post (id) ON DELETE CASCADE,
    person_id        INTEGER REFERENCES person (id) ON DELETE CASCADE,
    organisation_id  INTEGER REFERENCES organisation (id) ON DELETE CASCADE,
    role             TEXT NOT NULL CHECK (role IN ('featured', 'partner', 'mentioned')),
    CHECK ((person_id IS NULL) <> (organisation_id IS NULL))
) STRICT;
CREATE INDEX post_party_post ON post_party (post_id);
CREATE INDEX post_party_person ON post_party (person_id) WHERE person_id IS NOT NULL;

CREATE TABLE consent (
    id             INTEGER PRIMARY KEY,
    person_id      INTEGER NOT NULL REFERENCES person (id) ON DELETE CASCADE,
    purpose        TEXT NOT NULL CHECK (purpose IN ('contact', 'publication_image', 'publication_quote')),
    scope          TEXT NOT NULL,                       -- JSON list: network codes, "website", "print"
    given_by       TEXT NOT NULL CHECK (given_by IN ('self', 'guardian1', 'guardian2')),
    given_on       TEXT NOT NULL,                       -- local date
    method         TEXT NOT NULL DEFAULT '',            -- "signed form", "email", …
    evidence_ref   TEXT NOT NULL DEFAULT '',            -- e.g. the signed form's number
    expires_on     TEXT,
    withdrawn_on   TEXT,
    CHECK (expires_on IS NULL OR expires_on >= given_on),
    CHECK (withdrawn_on IS NULL OR withdrawn_on >= given_on)
) STRICT;
CREATE INDEX consent_person ON consent (person_id);

-- What happened, without personal data (an erasure is recorded as "person erased", never by name).
CREATE TABLE audit_log (
    id      INTEGER PRIMARY KEY,
    at      TEXT NOT NULL,
    action  TEXT NOT NULL,
    detail  TEXT NOT NULL DEFAULT ''
) STRICT;

-- Search over names, organisations, handles, notes and interaction summaries; accent-insensitive,
-- prefix-matching. `secure-delete` makes deleted entries leave no trace in the index.
CREATE VIRTUAL TABLE people_search USING fts5 (
    kind UNINDEXED,                                     -- 'person', 'organisation', 'interaction'
    ref UNINDEXED,                                      -- its id
    text,
    tokenize = 'unicode61 remove_diacritics 2',
    prefix = '2 3 4'
);
INSERT INTO people_search (people_search, rank) VALUES ('secure-delete', 1);
