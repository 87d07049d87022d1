-- The search index keeps no copy of the text it indexes (contentless, deletes allowed): a hit's kind and record
-- come from its rowid (id * 4 + 1 for a person, + 2 for an organisation, + 3 for an interaction), and the
-- records themselves hold the text; so personal data lives in one place only. Prefixes of two and three
-- letters have their own index (three letters without it took 23 ms on a seeded library); longer ones are
-- found by scanning the few terms that start with them.
DROP TABLE people_search;
CREATE VIRTUAL TABLE people_search USING fts5 (
    text,
    content = '',
    contentless_delete = 1,
    tokenize = 'unicode61 remove_diacritics 2',
    prefix = '2 3'
);
INSERT INTO people_search (people_search, rank) VALUES ('secure-delete', 1);
INSERT INTO people_search (rowid, text)
SELECT p.id * 4 + 1, p.name || ' ' || p.notes
    || ' ' || coalesce((SELECT group_concat(value, ' ') FROM contact_point WHERE person_id = p.id), '')
    || ' ' || coalesce((SELECT group_concat(t.name, ' ') FROM person_tag x JOIN tag t ON t.id = x.tag_id
                        WHERE x.person_id = p.id), '')
    || ' ' || coalesce((SELECT group_concat(o.name, ' ') FROM affiliation a
                        JOIN organisation o ON o.id = a.organisation_id WHERE a.person_id = p.id), '') FROM person p;
INSERT INTO people_search (rowid, text)
SELECT o.id * 4 + 2, o.name || ' ' || o.notes
       || ' ' || coalesce((SELECT group_concat(value, ' ') FROM contact_point WHERE organisation_id = o.id), '')
       || ' ' || coalesce((SELECT group_concat(t.name, ' ') FROM organisation_tag x JOIN tag t ON t.id = x.tag_id
                           WHERE x.organisation_id = o.id), '')
FROM organisation o;
INSERT INTO people_search (rowid, text) SELECT id * 4 + 3, summary FROM interaction;

-- Contact points belong to a person or to an organisation: each index holds only the rows it can find.
DROP INDEX contact_point_person;
DROP INDEX contact_point_organisation;
CREATE INDEX contact_point_person ON contact_point (person_id) WHERE person_id IS NOT NULL;
CREATE INDEX contact_point_organisation ON contact_point (organisation_id) WHERE organisation_id IS NOT NULL;
