-- +goose Up
-- The version of the search index's terms (store.IndexVersion). Whenever how text is cut or
-- folded for search changes, the code raises IndexVersion and the next start (serve, migrate,
-- demo) rebuilds every project's terms once, in batches, then records the new version here.
-- Version 0 makes the first start after this migration rebuild them: 00035 came with script
-- boundaries (越境EC), the place as written (岐阜県郡上市), ヶ as か and kanji variants.
CREATE TABLE search_index (
    id      INTEGER PRIMARY KEY CHECK (id = 1),
    version INTEGER NOT NULL
);
INSERT INTO search_index (id, version) VALUES (1, 0);

-- A search first finds the projects whose title or catch copy holds its words (they rank first),
-- then looks for the rest a chunk at a time: these keep the first step off a full scan.
CREATE INDEX projects_search_title ON projects USING GIN (search_title);
CREATE INDEX projects_search_catch ON projects USING GIN (search_catch);

-- +goose Down
DROP INDEX projects_search_catch;
DROP INDEX projects_search_title;
DROP TABLE search_index;
