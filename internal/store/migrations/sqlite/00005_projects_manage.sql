-- +goose Up
-- Project management: each company's coordinating organisation, and the history of every
-- project. Same tables, columns and constraints as the other engine's file of the same number;
-- only the DDL spelling differs.

-- The coordinating organisation of a company, chosen when it is created (store.CoordinatorFor):
-- the lowest-id coordinator organisation whose regions include the company's prefecture, else
-- the secretariat. Existing rows get the same rule here. NULL only when neither exists.
ALTER TABLE companies ADD COLUMN organization_id BIGINT REFERENCES organizations (id);
UPDATE companies SET organization_id = COALESCE(
    (SELECT MIN(o.id) FROM organizations o
     JOIN organization_prefectures op ON op.organization_id = o.id
     WHERE o.kind = 'coordinator' AND op.prefecture = companies.prefecture),
    (SELECT MIN(o.id) FROM organizations o WHERE o.kind = 'secretariat'));
CREATE INDEX companies_organization ON companies (organization_id);

-- Every change to a project: who, when, which move (from_status → to_status, equal for an
-- edit), the send-back comment or cancel reason, and the names of the fields changed (JSON).
CREATE TABLE project_history (
    id            INTEGER PRIMARY KEY,
    project_id    BIGINT  NOT NULL REFERENCES projects (id) ON DELETE CASCADE,
    at            BIGINT  NOT NULL,
    actor_user_id BIGINT  REFERENCES users (id) ON DELETE SET NULL,
    action        TEXT    NOT NULL CHECK (action IN ('created', 'edited', 'submitted', 'sent_back', 'published',
                      'closed', 'reopened', 'started', 'completed', 'cancelled', 'supporters')),
    from_status   TEXT    NOT NULL DEFAULT '',
    to_status     TEXT    NOT NULL DEFAULT '',
    comment       TEXT    NOT NULL DEFAULT '',
    changes       TEXT    NOT NULL DEFAULT '[]'
);
CREATE INDEX project_history_project ON project_history (project_id, at, id);

-- +goose Down
DROP TABLE project_history;
DROP INDEX companies_organization;
ALTER TABLE companies DROP COLUMN organization_id;
