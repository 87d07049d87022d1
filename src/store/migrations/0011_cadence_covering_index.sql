-- The review queue reads every contact with a cadence: their indexes now hold all it reads (dates, cadence,
-- snooze, name), so it no longer visits thousands of scattered rows. Halved the queue on a seeded library.
DROP INDEX person_cadence;
CREATE INDEX person_cadence
    ON person (id, ideal_days, max_days, snoozed_until, created_at, last_contact_at, last_inbound_at, name)
    WHERE ideal_days IS NOT NULL OR max_days IS NOT NULL;
DROP INDEX organisation_cadence;
CREATE INDEX organisation_cadence
    ON organisation (id, ideal_days, max_days, snoozed_until, created_at, last_contact_at, last_inbound_at, name)
    WHERE ideal_days IS NOT NULL OR max_days IS NOT NULL;
