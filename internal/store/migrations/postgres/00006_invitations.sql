-- +goose Up
-- Invitations into an organisation or a company. Same table, columns and constraints as the
-- SQLite file of the same number; only the DDL spelling differs.
--
-- Only the SHA-256 (hex) of the random token in the mailed link is stored, so a leaked table
-- opens nothing. An invitation names exactly one organisation or company; it works once
-- (accepted_at), until expires_at, and not after revoked_at. Instants are BIGINT Unix ms, 0 for
-- "not yet". invited_by and accepted_by have no foreign key, as in audit_log: the record
-- outlives the people.
CREATE TABLE invitations (
    token_hash      TEXT    PRIMARY KEY,
    email           TEXT    NOT NULL CHECK (email <> ''),
    role            TEXT    NOT NULL CHECK (role IN ('coordinator', 'company_staff', 'supporter')),
    organization_id BIGINT  REFERENCES organizations (id) ON DELETE CASCADE,
    company_id      BIGINT  REFERENCES companies (id) ON DELETE CASCADE,
    invited_by      BIGINT  NOT NULL,
    created_at      BIGINT  NOT NULL,
    expires_at      BIGINT  NOT NULL,
    accepted_at     BIGINT  NOT NULL DEFAULT 0,
    accepted_by     BIGINT  NOT NULL DEFAULT 0,
    revoked_at      BIGINT  NOT NULL DEFAULT 0,
    CHECK ((organization_id IS NULL) <> (company_id IS NULL)),
    CHECK ((role = 'company_staff') = (company_id IS NOT NULL))
);
CREATE INDEX invitations_organization ON invitations (organization_id, created_at) WHERE organization_id IS NOT NULL;
CREATE INDEX invitations_company ON invitations (company_id, created_at) WHERE company_id IS NOT NULL;

-- +goose Down
DROP TABLE invitations;
