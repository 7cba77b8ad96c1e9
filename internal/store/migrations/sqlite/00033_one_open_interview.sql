-- +goose Up
-- One open interview proposal per entry (manage.md D8): a double submit or a second proposal
-- while the participant has not answered the first is refused by the database, so two nodes
-- cannot both write one. Older duplicates keep the newest proposal; the rest are cancelled.
UPDATE interviews SET status = 'cancelled'
WHERE status = 'proposed'
  AND id NOT IN (SELECT MAX(id) FROM interviews WHERE status = 'proposed' GROUP BY entry_id);
CREATE UNIQUE INDEX interviews_one_proposed ON interviews (entry_id) WHERE status = 'proposed';

-- +goose Down
DROP INDEX interviews_one_proposed;
