-- +goose Up
CREATE TABLE organizations (
    id          INTEGER PRIMARY KEY,
    slug        TEXT    NOT NULL UNIQUE,
    name        TEXT    NOT NULL,
    kind        TEXT    NOT NULL CHECK (kind IN ('coordinator', 'partner', 'secretariat')),
    description TEXT    NOT NULL DEFAULT '',
    website     TEXT    NOT NULL DEFAULT '',
    created_at  BIGINT  NOT NULL
);

CREATE TABLE organization_prefectures (
    organization_id BIGINT  NOT NULL REFERENCES organizations (id) ON DELETE CASCADE,
    prefecture      INTEGER NOT NULL CHECK (prefecture BETWEEN 1 AND 47),
    PRIMARY KEY (organization_id, prefecture)
);
CREATE INDEX organization_prefectures_prefecture ON organization_prefectures (prefecture);

CREATE TABLE companies (
    id           INTEGER PRIMARY KEY,
    slug         TEXT    NOT NULL UNIQUE,
    name         TEXT    NOT NULL,
    prefecture   INTEGER NOT NULL CHECK (prefecture BETWEEN 1 AND 47),
    city         TEXT    NOT NULL DEFAULT '',
    industry     TEXT    NOT NULL DEFAULT '',
    founded_year INTEGER NOT NULL DEFAULT 0,
    size         TEXT    NOT NULL DEFAULT '',
    description  TEXT    NOT NULL DEFAULT '',
    website      TEXT    NOT NULL DEFAULT '',
    created_at   BIGINT  NOT NULL
);

CREATE TABLE projects (
    id               INTEGER PRIMARY KEY,
    slug             TEXT    NOT NULL UNIQUE,
    title            TEXT    NOT NULL,
    catch_copy       TEXT    NOT NULL,
    background       TEXT    NOT NULL,
    what_you_do      TEXT    NOT NULL,
    goal             TEXT    NOT NULL,
    skills           TEXT    NOT NULL DEFAULT '',
    good_for         TEXT    NOT NULL DEFAULT '',
    gains            TEXT    NOT NULL DEFAULT '',
    work_style       TEXT    NOT NULL,
    visits_per_month INTEGER NOT NULL DEFAULT 0,
    work_place       TEXT    NOT NULL DEFAULT '',
    hours_per_week   INTEGER NOT NULL,
    duration_months  INTEGER NOT NULL,
    start_date       TEXT    NOT NULL DEFAULT '',
    reward_type      TEXT    NOT NULL,
    reward_amount    INTEGER NOT NULL DEFAULT 0,
    travel_cost      TEXT    NOT NULL,
    places           INTEGER NOT NULL,
    deadline         TEXT    NOT NULL,
    prefecture       INTEGER NOT NULL CHECK (prefecture BETWEEN 1 AND 47),
    city             TEXT    NOT NULL DEFAULT '',
    company_id       BIGINT  NOT NULL REFERENCES companies (id),
    organization_id  BIGINT  NOT NULL REFERENCES organizations (id),
    status           TEXT    NOT NULL,
    created_at       BIGINT  NOT NULL,
    updated_at       BIGINT  NOT NULL,
    published_at     BIGINT  NOT NULL DEFAULT 0,
    -- Bit i set for furusato.Themes[i] (that list only grows at its end); project_themes holds
    -- the same facts for counting and joins, this copy lets ranking read one narrow row.
    themes_mask      BIGINT  NOT NULL DEFAULT 0
);
-- Covers the columns listings filter and sort on, so ranking never reads the wide rows.
CREATE INDEX projects_listing ON projects (status, deadline, published_at, prefecture, work_style, reward_type, duration_months, organization_id, company_id, themes_mask);
CREATE INDEX projects_prefecture ON projects (prefecture, status);
CREATE INDEX projects_company ON projects (company_id);
CREATE INDEX projects_organization ON projects (organization_id);

CREATE TABLE project_themes (
    project_id BIGINT NOT NULL REFERENCES projects (id) ON DELETE CASCADE,
    theme      TEXT   NOT NULL,
    PRIMARY KEY (project_id, theme)
);
CREATE INDEX project_themes_theme ON project_themes (theme, project_id);

CREATE TABLE project_supporters (
    project_id      BIGINT  NOT NULL REFERENCES projects (id) ON DELETE CASCADE,
    position        INTEGER NOT NULL,
    organization_id BIGINT  NOT NULL REFERENCES organizations (id),
    name            TEXT    NOT NULL,
    role            TEXT    NOT NULL,
    PRIMARY KEY (project_id, position)
);

-- Search terms from internal/search, already normalised and space-separated, one column per
-- ranking tier; rowid is the project id. The ascii tokenizer splits on spaces only and keeps
-- every non-ASCII character, so FTS5 sees exactly our terms.
CREATE VIRTUAL TABLE project_fts USING fts5 (
    title, catch, body,
    content = '', contentless_delete = 1,
    tokenize = 'ascii'
);
-- The title and catch copy again, alone: their doclists are short, so finding which matches
-- rank first costs little even when a word matches most of the catalogue.
CREATE VIRTUAL TABLE project_fts_head USING fts5 (
    title, catch,
    content = '', contentless_delete = 1,
    tokenize = 'ascii'
);

-- Bumped by every write to the public catalogue, so caches on every node can tell they are stale.
CREATE TABLE catalogue_version (
    id      INTEGER PRIMARY KEY CHECK (id = 1),
    version BIGINT  NOT NULL
);
INSERT INTO catalogue_version (id, version) VALUES (1, 1);

-- +goose Down
DROP TABLE catalogue_version;
DROP TABLE project_fts_head;
DROP TABLE project_fts;
DROP TABLE project_supporters;
DROP TABLE project_themes;
DROP TABLE projects;
DROP TABLE companies;
DROP TABLE organization_prefectures;
DROP TABLE organizations;
