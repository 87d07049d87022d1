-- Campaigns, the posts planned in them, and the events posts can promote.
CREATE TABLE campaign (
    id             INTEGER PRIMARY KEY,
    name           TEXT NOT NULL,
    objective      TEXT NOT NULL DEFAULT '',
    target_count   INTEGER CHECK (target_count IS NULL OR target_count > 0),
    target_unit    TEXT NOT NULL DEFAULT '',   -- "replies", "sign-ups", "partner reposts"
    starts_on      TEXT NOT NULL,              -- local date in the library's time zone, YYYY-MM-DD
    ends_on        TEXT NOT NULL,
    status         TEXT NOT NULL CHECK (status IN ('idea', 'planned', 'running', 'done')),
    owner          TEXT NOT NULL DEFAULT '',
    notes          TEXT NOT NULL DEFAULT '',
    colour         TEXT NOT NULL,              -- #rrggbb
    created_at     TEXT NOT NULL,
    updated_at     TEXT NOT NULL,
    CHECK (ends_on >= starts_on)
) STRICT;

CREATE TABLE campaign_audience (
    campaign_id  INTEGER NOT NULL REFERENCES campaign (id) ON DELETE CASCADE,
    audience     TEXT NOT NULL,
    position     INTEGER NOT NULL,
    PRIMARY KEY (campaign_id, audience)
) STRICT;

CREATE TABLE campaign_channel (
    campaign_id  INTEGER NOT NULL REFERENCES campaign (id) ON DELETE CASCADE,
    network      TEXT NOT NULL,
    PRIMARY KEY (campaign_id, network)
) STRICT;

CREATE TABLE campaign_mix_target (
    campaign_id  INTEGER NOT NULL REFERENCES campaign (id) ON DELETE CASCADE,
    category_id  INTEGER NOT NULL REFERENCES content_category (id) ON DELETE CASCADE,
    share        INTEGER NOT NULL CHECK (share BETWEEN 0 AND 100),
    PRIMARY KEY (campaign_id, category_id)
) STRICT;

CREATE TABLE event (
    id             INTEGER PRIMARY KEY,
    uid            TEXT UNIQUE,                -- iCalendar UID when imported
    title          TEXT NOT NULL,
    starts_at      TEXT NOT NULL,              -- UTC, RFC 3339
    ends_at        TEXT NOT NULL,
    place          TEXT NOT NULL DEFAULT '',
    audience       TEXT NOT NULL DEFAULT '',
    price          TEXT NOT NULL DEFAULT '',   -- empty means free
    booking_url    TEXT NOT NULL DEFAULT '',
    accessibility  TEXT NOT NULL DEFAULT '',
    created_at     TEXT NOT NULL,
    updated_at     TEXT NOT NULL,
    CHECK (ends_at >= starts_at)
) STRICT;

CREATE TABLE post (
    id           INTEGER PRIMARY KEY,
    campaign_id  INTEGER REFERENCES campaign (id) ON DELETE SET NULL,
    category_id  INTEGER NOT NULL REFERENCES content_category (id) ON DELETE RESTRICT,
    event_id     INTEGER REFERENCES event (id) ON DELETE SET NULL,
    planned_at   TEXT,                         -- UTC, RFC 3339; NULL for an undated idea
    state        TEXT NOT NULL CHECK (state IN ('idea', 'draft', 'ready', 'scheduled', 'published', 'failed')),
    edited       INTEGER NOT NULL DEFAULT 0,   -- 1 once the user changed a generated post
    created_at   TEXT NOT NULL,
    updated_at   TEXT NOT NULL
) STRICT;
CREATE INDEX post_planned_at ON post (planned_at);
CREATE INDEX post_campaign ON post (campaign_id, planned_at);
CREATE INDEX post_event ON post (event_id);

CREATE TABLE post_channel (
    post_id  INTEGER NOT NULL REFERENCES post (id) ON DELETE CASCADE,
    network  TEXT NOT NULL,
    text     TEXT NOT NULL DEFAULT '',
    PRIMARY KEY (post_id, network)
) STRICT;
CREATE INDEX post_channel_network ON post_channel (network, post_id);
