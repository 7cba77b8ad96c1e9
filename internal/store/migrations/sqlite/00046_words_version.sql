-- +goose Up
-- The version of the search index's text (store.Tx.bumpWordsVersion): it moves, with the
-- catalogue version, only on the writes that change a project's search terms, so that a node's
-- word cache outlives the catalogue writes that change no text (places left, covers, status moves).
ALTER TABLE catalogue_version ADD COLUMN words_version BIGINT NOT NULL DEFAULT 0;

-- +goose Down
ALTER TABLE catalogue_version DROP COLUMN words_version;
