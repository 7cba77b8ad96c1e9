-- +goose Up
-- Participants' profiles (furusato.Profile). Same table, columns and constraints as the PostgreSQL
-- file of the same number; only the DDL spelling differs. One row per user at most, written
-- the first time they save the form; the row goes with the user (ON DELETE CASCADE) and is
-- deleted when the account is (service.DeleteAccount anonymises the users row instead).
-- Lists are stored newline-joined in TEXT ('' for none): they are read and written whole and
-- never searched. Prefecture codes are JIS X 0401, 0 for "not given". Instants are BIGINT
-- Unix milliseconds.
CREATE TABLE profiles (
    user_id              BIGINT  PRIMARY KEY REFERENCES users (id) ON DELETE CASCADE,
    name_kana            TEXT    NOT NULL DEFAULT '',
    hometown             INTEGER NOT NULL DEFAULT 0 CHECK (hometown BETWEEN 0 AND 47),
    residence_prefecture INTEGER NOT NULL DEFAULT 0 CHECK (residence_prefecture BETWEEN 0 AND 47),
    residence_city       TEXT    NOT NULL DEFAULT '',
    occupation           TEXT    NOT NULL DEFAULT '',
    affiliation          TEXT    NOT NULL DEFAULT '',
    affiliation_public   BOOLEAN NOT NULL DEFAULT FALSE CHECK (affiliation_public IN (FALSE, TRUE)),
    skills               TEXT    NOT NULL DEFAULT '', -- newline-joined
    interest_themes      TEXT    NOT NULL DEFAULT '', -- newline-joined theme slugs
    interest_prefectures TEXT    NOT NULL DEFAULT '', -- newline-joined prefecture codes
    bio                  TEXT    NOT NULL DEFAULT '',
    links                TEXT    NOT NULL DEFAULT '', -- newline-joined http(s) URLs
    created_at           BIGINT  NOT NULL,
    updated_at           BIGINT  NOT NULL
);

-- +goose Down
DROP TABLE profiles;
