-- Pairs of people the officer said are not the same person, so duplicate detection stops proposing them.
CREATE TABLE distinct_people (
    person_a  INTEGER NOT NULL REFERENCES person (id) ON DELETE CASCADE,
    person_b  INTEGER NOT NULL REFERENCES person (id) ON DELETE CASCADE,
    PRIMARY KEY (person_a, person_b),
    CHECK (person_a < person_b)
) STRICT;
CREATE INDEX distinct_people_b ON distinct_people (person_b);
