-- The library the app works for, its social handles and content categories, and this user's preferences.
CREATE TABLE library_profile (
    id          INTEGER PRIMARY KEY CHECK (id = 1),
    name        TEXT NOT NULL,
    city        TEXT NOT NULL,
    languages   TEXT NOT NULL,          -- comma-separated codes, primary first: 'it,en'
    timezone    TEXT NOT NULL,          -- IANA name: 'Europe/Rome'
    created_at  TEXT NOT NULL,          -- RFC 3339, UTC
    updated_at  TEXT NOT NULL
) STRICT;

CREATE TABLE social_handle (
    id       INTEGER PRIMARY KEY,
    network  TEXT NOT NULL,
    handle   TEXT NOT NULL,
    UNIQUE (network, handle)
) STRICT;

CREATE TABLE content_category (
    id        INTEGER PRIMARY KEY,
    name      TEXT NOT NULL,
    kind      TEXT NOT NULL CHECK (kind IN ('event', 'activity', 'service_information', 'community_story', 'other')),
    position  INTEGER NOT NULL
) STRICT;
CREATE UNIQUE INDEX content_category_name ON content_category (lower(name));

CREATE TABLE preferences (
    id                  INTEGER PRIMARY KEY CHECK (id = 1),
    interface_language  TEXT CHECK (interface_language IN ('it', 'en'))
) STRICT;
