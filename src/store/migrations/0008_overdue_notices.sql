-- Contacts the officer has been told are overdue (by a desktop notification), so each is announced once
-- per overdue spell; the row goes when the contact is no longer overdue, or with the contact.
CREATE TABLE overdue_notice (
    person_id        INTEGER UNIQUE REFERENCES person (id) ON DELETE CASCADE,
    organisation_id  INTEGER UNIQUE REFERENCES organisation (id) ON DELETE CASCADE,
    notified_at      TEXT NOT NULL,
    CHECK ((person_id IS NULL) <> (organisation_id IS NULL))
) STRICT;
