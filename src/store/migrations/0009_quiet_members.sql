-- A new member carries their last contacts over to the organisation only when they have any: people added in
-- bulk (an address-book import) have none, and the update of the organisation was most of their cost.
DROP TRIGGER member_added;
CREATE TRIGGER member_added AFTER INSERT ON affiliation
WHEN (SELECT last_contact_at FROM person WHERE id = NEW.person_id) IS NOT NULL
BEGIN
    UPDATE organisation SET
        last_contact_at = (SELECT max(m) FROM (SELECT organisation.last_contact_at AS m UNION ALL
                           SELECT last_contact_at FROM person WHERE id = NEW.person_id)),
        last_inbound_at = (SELECT max(m) FROM (SELECT organisation.last_inbound_at AS m UNION ALL
                           SELECT last_inbound_at FROM person WHERE id = NEW.person_id))
     WHERE id = NEW.organisation_id;
END;
