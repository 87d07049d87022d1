-- The thresholds of the planning advice, as the library sets them (defaults live in the code).
CREATE TABLE planning_rules (
    id                         INTEGER PRIMARY KEY CHECK (id = 1),
    max_announcement_share     INTEGER NOT NULL CHECK (max_announcement_share BETWEEN 0 AND 100),
    silence_days               INTEGER NOT NULL CHECK (silence_days >= 1),
    max_posts_per_channel_day  INTEGER NOT NULL CHECK (max_posts_per_channel_day >= 1),
    min_minutes_between_posts  INTEGER NOT NULL CHECK (min_minutes_between_posts >= 0)
) STRICT;
