-- +goose Up
-- An organisation's entries newest change first (service.Entries.OrganizationEntries): a page is
-- read in index order and stops after LIMIT rows, instead of sorting every entry of the
-- organisation. Same index on both engines.
CREATE INDEX entries_organization_updated ON entries (organization_id, updated_at, id);

-- +goose Down
DROP INDEX entries_organization_updated;
