-- +goose Up
-- Images (service.ImageStore, database implementation) and the cover of a project. Same
-- tables, columns and constraints as the PostgreSQL file of the same number; only the DDL
-- spelling differs. Keys are content-hashed ("cover/<sha256 prefix>-640.jpg"), so a row is
-- never updated: new content is a new key. data holds the re-encoded JPEG bytes, stored in
-- the database so that every node serves them. created_at is BIGINT Unix milliseconds.
CREATE TABLE images (
    key          TEXT    PRIMARY KEY,
    content_type TEXT    NOT NULL,
    data         BLOB   NOT NULL,
    created_at   BIGINT  NOT NULL
);

-- The cover of a project: cover_key is the key prefix of its variants ("cover/<hash>", the
-- variants being "<prefix>-320.jpg", "-640.jpg", "-960.jpg"; '' for none) and cover_width,
-- cover_height the size of the largest variant, for the width and height attributes.
ALTER TABLE projects ADD COLUMN cover_key TEXT NOT NULL DEFAULT '';
ALTER TABLE projects ADD COLUMN cover_width INTEGER NOT NULL DEFAULT 0;
ALTER TABLE projects ADD COLUMN cover_height INTEGER NOT NULL DEFAULT 0;

-- +goose Down
ALTER TABLE projects DROP COLUMN cover_height;
ALTER TABLE projects DROP COLUMN cover_width;
ALTER TABLE projects DROP COLUMN cover_key;
DROP TABLE images;
